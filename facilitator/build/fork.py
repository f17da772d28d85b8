"""Running renderers in a forked copy of this process, on a second core, with their files staged.

The child stages its files exactly as the parent would, then sends back, over a pipe,
what it staged (name, temporary path, summary), their digests and names by renderer,
or the exception it raised. The parent renames the files into place, or removes them,
with its own (see `facilitator.build.runner`).
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable

from facilitator.build.staging import Staging
from facilitator.errors import BuildError

# What a child runs: stage the files of its renderers into the Staging, record their digests
# in the dict, and return the names of the files each renderer staged.
ChildWork = Callable[[Staging, dict[str, str]], dict[str, list[str]]]


def cores() -> int:
    """Return the number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether a renderer can run in a forked copy of this process, on a core of its own.

    Not with threads running (a lock one of them holds would stay locked in the
    copy forever), and not on macOS, where system libraries are unsafe after fork.
    """
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1 and cores() > 1


class ChildTraceback(Exception):
    """The traceback of an exception raised in a forked renderer, chained to its copy here."""


class Child:
    """`work` running in a forked copy of this process, staging its files in `staging`'s folder.

    `what` names the renderers it runs, for messages about a child that died.
    """

    def __init__(self, work: ChildWork, staging: Staging, what: list[str]) -> None:
        self.names = what
        self.running = True
        self.reported = False  # once it has: its files are either handed over or removed
        read_fd, write_fd = os.pipe()
        for stream in (sys.stdout, sys.stderr):  # or the child could print what was buffered again
            stream.flush()
        self.pid = os.fork()
        if self.pid == 0:  # the child
            os.close(read_fd)
            self._run(work, staging, write_fd)
        os.close(write_fd)
        self.read_fd: int | None = read_fd

    def _run(self, work: ChildWork, parent: Staging, write_fd: int) -> None:
        """Render, stage and report, in the child; never return (nor run the parent's exit handlers)."""
        try:
            staging = parent.for_child()  # the folder the parent opened, and its token
            digests: dict[str, str] = {}
            try:
                rendered = work(staging, digests)
                staged = [(name, str(tmp), summary) for name, tmp, summary in staging.staged]
                report: tuple = ("ok", staged, digests, rendered)
                staging.staged = []  # the parent's now
            except BaseException as exc:
                staging.__exit__()
                report = ("error", _pickled(exc), f"{type(exc).__name__}: {exc}", traceback.format_exc())
            with os.fdopen(write_fd, "wb") as pipe:
                pickle.dump(report, pipe)
        finally:
            os._exit(0)

    def result(self) -> tuple[list[tuple[str, str, str]], dict[str, str], dict[str, list[str]]]:
        """Wait for the child; return what it staged, their digests and names by renderer, or raise."""
        fd, self.read_fd = self.read_fd, None
        with os.fdopen(fd, "rb") as pipe:  # type: ignore[arg-type]
            data = pipe.read()
        _pid, status = os.waitpid(self.pid, 0)
        self.running = False
        try:
            report = pickle.loads(data)
        except Exception:  # nothing, or cut short: the child died before it could report
            code = os.waitstatus_to_exitcode(status)
            names = self.names if len(self.names) < 3 else [", ".join(self.names[:-1]), self.names[-1]]
            what = f"the process rendering the {' and '.join(names)}"
            if code < 0:
                raise BuildError(f"{what} was killed by signal {_signal_name(-code)}") from None
            raise BuildError(f"{what} ended without a result (exit code {code})") from None
        self.reported = True
        if report[0] == "ok":
            return report[1], report[2], report[3]
        _kind, blob, line, trace = report
        try:
            exc = pickle.loads(blob) if blob is not None else None
        except Exception:
            exc = None
        if not isinstance(exc, BaseException):
            exc = BuildError(line)
        raise exc from ChildTraceback(trace)

    def stop(self) -> None:
        """End the child if it is still running, and wait for it."""
        if self.read_fd is not None:
            os.close(self.read_fd)
            self.read_fd = None
        if self.running:
            self.running = False
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):  # already reaped
                pass


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)


def _pickled(exc: BaseException) -> bytes | None:
    """Return `exc` pickled, if it survives the round trip with its message; else None."""
    try:
        blob = pickle.dumps(exc)
        back = pickle.loads(blob)
    except Exception:
        return None
    return blob if type(back) is type(exc) and str(back) == str(exc) else None
