"""The pipeline as plain functions: load → validate → resolve → plan → render → write.

`from facilitator import build` gives the same result as the command line.
Everything is gathered and checked before anything is written.
"""

from __future__ import annotations

import dataclasses
import gc
import importlib
import inspect
import os
import pickle
import re
import signal
import sys
import tempfile
import threading
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitator.assets import theme_asset_diagnostics
from facilitator.derive import resolve_extends, source_files
from facilitator.errors import BuildError, Diagnostic, FacilitatorError
from facilitator.fit import fit_to_time
from facilitator.glyphs import with_glyph_warnings
from facilitator.library import BUILTIN_LIBRARY, Library, library_files, load_library
from facilitator.manifest import MANIFEST_NAME
from facilitator.paths import workshop_path_diagnostics
from facilitator.plan import Plan, make_plan
from facilitator.render import RENDERERS, Output
from facilitator.schema import Workshop
from facilitator.source import load_source
from facilitator.theme import contrast_warnings, load_theme
from facilitator.validate import check_model
from facilitator.variables import VariableLibrary, substitute_workshop

_OWN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # a plain file name, never a path
_OWN_TEMP = re.compile(r"^\.[A-Za-z0-9][A-Za-z0-9._-]*\.[A-Za-z0-9_]{8}\.tmp$")  # see `_Staging.add`
_library_cache: dict[tuple, tuple[Library, list[Diagnostic]]] = {}
_LARGE = 1 << 20  # bytes of output past which a renderer's leftovers are worth freeing at once
_malloc_trim: Any = None  # glibc's malloc_trim, False where there is none; see `_release_memory`
# Renderers worth a second process when a single workshop builds on several cores: the guide
# (its PDF layout and two templates) takes about as long as the deck, handout and printables together.
_FORKED = ("guide",)
PARALLEL_MAX_SEGMENTS = 400  # larger workshops render in one process (memory, see build_plan)


@dataclass
class BuildResult:
    """What one workshop's build wrote, and the warnings it raised."""

    workshop_id: str
    out_dir: Path
    written: list[tuple[Path, str]] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    up_to_date: bool = False  # True when nothing was written because nothing had changed


def library_roots(workshop: Workshop, workshop_path: Path) -> list[Path]:
    """Return the library folders a workshop draws on: the built-in one, then its own."""
    base = workshop_path.parent
    return [BUILTIN_LIBRARY] + [(base / folder).resolve() for folder in workshop.library]


def get_library(roots: list[Path]) -> tuple[Library, list[Diagnostic]]:
    """Return the library under `roots`, re-reading it only when one of its files changed."""
    signature = []
    for root in roots:
        for _kind, path in library_files(root):
            stat = path.stat()
            signature.append((str(path), stat.st_mtime_ns, stat.st_size))
    key = (tuple(map(str, roots)), tuple(signature))
    if key not in _library_cache:
        _library_cache.clear()
        _library_cache[key] = load_library(roots)
    return _library_cache[key]


def _diagnose(
    path: Path, allow_outside: bool = False, fit: bool = False, duration: int | None = None
) -> tuple[Plan | None, list[Diagnostic]]:
    doc = load_source(path)
    doc, diagnostics = resolve_extends(doc, allow_outside=allow_outside)
    doc, variables, filled_problems = substitute_workshop(doc)
    diagnostics += filled_problems
    workshop, problems = check_model(doc, Workshop)
    diagnostics += problems
    if workshop is None:
        return None, diagnostics
    workshop, doc, fit_problems = fit_to_time(workshop, doc, fit=fit, duration=duration)
    diagnostics += fit_problems
    outside = workshop_path_diagnostics(doc, workshop, path.parent, allow_outside=allow_outside)
    if outside:  # refuse before reading anything from outside the workshop's folders
        return None, diagnostics + outside
    missing = [folder for folder in workshop.library if not (path.parent / folder).resolve().is_dir()]
    for folder in missing:
        i = workshop.library.index(folder)
        diagnostics.append(
            doc.diagnostic(("library", i), f"no folder '{folder}' next to this file", "ref.folder")
        )
    roots = [r for r in library_roots(workshop, path) if r.is_dir()]
    library, library_problems = get_library(roots)
    diagnostics += library_problems
    try:
        theme = load_theme(workshop.theme, path.parent, allow_outside=allow_outside)
    except FacilitatorError as exc:
        return None, diagnostics + exc.diagnostics
    diagnostics += contrast_warnings(theme, doc.shown_path)
    assets = theme_asset_diagnostics(theme, workshop.theme, doc)
    diagnostics += assets
    if theme.template and not any(d.code == "asset.template" for d in assets):
        from facilitator.render.pptx_template import template_diagnostics

        wanted = (theme.layouts.title, theme.layouts.content)
        diagnostics += template_diagnostics(theme.template, doc.shown_path, wanted)
    inputs = (*source_files(doc), *library.files)
    filled = VariableLibrary(library, variables)
    plan, plan_problems = make_plan(workshop, doc, filled, theme, inputs)  # type: ignore[arg-type]
    diagnostics += plan_problems + filled.diagnostics
    if plan is not None:  # characters the print font cannot draw, named with file:line
        plan, glyph_warnings = with_glyph_warnings(doc, plan, library)
        diagnostics += glyph_warnings
    if any(d.severity == "error" for d in diagnostics):
        return None, diagnostics
    # Every warning rides on the Plan (not only the planner's), so that build and agenda print them.
    warnings = tuple(dict.fromkeys(d for d in diagnostics if d.severity == "warning"))
    return dataclasses.replace(plan, warnings=warnings), diagnostics  # type: ignore[arg-type]


def check(path: Path | str, *, allow_outside: bool = False) -> list[Diagnostic]:
    """Return every diagnostic (errors and warnings) for a workshop file, without building.

    With `allow_outside`, the workshop may name files outside its own folder tree.
    """
    try:
        return _diagnose(Path(path), allow_outside)[1]
    except FacilitatorError as exc:
        return exc.diagnostics


def load_plan(
    path: Path | str,
    *,
    strict: bool = False,
    allow_outside: bool = False,
    fit: bool = False,
    duration: int | None = None,
) -> Plan:
    """Return the Plan of a workshop file, or raise FacilitatorError with every problem found.

    With `fit` (or a `duration`, which replaces the file's), the agenda is fitted to time.
    """
    plan, diagnostics = _diagnose(Path(path), allow_outside, fit, duration)
    errors = [d for d in diagnostics if d.severity == "error"]
    if strict:
        errors += [d.as_error() for d in diagnostics if d.severity == "warning"]
    if errors or plan is None:
        raise FacilitatorError(errors or diagnostics)
    return plan


def render_outputs(plan: Plan, only: list[str] | None = None, **options: object) -> list[Output]:
    """Run the chosen renderers (all by default) and return their files, writing nothing.

    `options` (such as `paper="a4"` or `large_print=True`) go to each renderer
    whose `render` accepts them; `None` values are left out.
    """
    outputs: list[Output] = []
    for name in _renderer_names(only):
        outputs += _render(plan, name, options)
    return outputs


def _renderer_names(only: list[str] | None) -> list[str]:
    names = only or list(RENDERERS)
    for name in names:
        if name not in RENDERERS:
            raise BuildError(f"unknown output '{name}'; choose from: {', '.join(RENDERERS)}")
    return names


def _render(plan: Plan, name: str, options: dict[str, object]) -> list[Output]:
    """Run one renderer, passing it the `options` its `render` accepts."""
    module = importlib.import_module(RENDERERS[name])
    accepted = inspect.signature(module.render).parameters
    kwargs = {k: v for k, v in options.items() if v is not None and k in accepted}
    return module.render(plan, **kwargs)


def _release_memory() -> None:
    """Free what the last renderer left behind, and hand it back to the system.

    python-pptx's objects refer to each other in cycles, so a deck's XML tree
    waits for the garbage collector; and glibc keeps freed heap pages unless
    asked (`malloc_trim`, called where it exists). A 1,000-slide deck leaves
    ~90 MB behind that the PDFs would otherwise be laid out on top of.
    """
    global _malloc_trim
    gc.collect()
    if _malloc_trim is None:
        try:
            import ctypes

            _malloc_trim = ctypes.CDLL(None).malloc_trim
        except (OSError, AttributeError, ImportError):  # not glibc
            _malloc_trim = False
    if _malloc_trim:
        _malloc_trim(0)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_outputs(
    outputs: list[Output], out_dir: Path, *, manifest: str | None = None
) -> list[tuple[Path, str]]:
    """Write each output to a temporary file beside its target, then rename them all into place.

    Only plain file names directly inside `out_dir` are written, so no renderer can
    reach outside it. A failure at any point removes every temporary file and leaves
    the previous outputs as they were. `manifest` (see facilitator.manifest) is
    written last, after every output is in place.
    """
    names = [o.name for o in outputs]
    for name in names:
        if names.count(name) > 1:
            raise BuildError(f"a renderer asked to write '{name}' twice; a build writes only its own files")
    with _Staging(out_dir) as staging:
        for output in outputs:
            staging.check(output.name)
        for output in outputs:
            staging.add(output.name, output.data, output.summary)
        if manifest is not None:
            staging.add(MANIFEST_NAME, manifest.encode("utf-8"), "build manifest")
        return staging.commit()


class _Staging:
    """Temporary files beside their targets in `out_dir`, renamed into place only by `commit`.

    Used as a context manager: on leaving it, whatever was not committed
    (after a failure, say) is removed, and the previous outputs stay as they were.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.staged: list[tuple[str, Path, str]] = []
        self.mode = 0o666 & ~_umask()  # mkstemp makes files only the owner can read; outputs are shared

    def __enter__(self) -> _Staging:
        self.sweep()  # temporary files a killed build left behind (a failing one removes its own)
        return self

    def sweep(self) -> None:
        """Remove every temporary file of a build in `out_dir`, this one's included."""
        if self.out_dir.is_dir():
            for stale in self.out_dir.iterdir():
                if _OWN_TEMP.match(stale.name) and stale.is_file():
                    stale.unlink(missing_ok=True)

    def __exit__(self, *exc: object) -> None:
        for _name, tmp, _summary in self.staged:
            tmp.unlink(missing_ok=True)

    def check(self, name: str) -> None:
        """Refuse a name that is not a plain file name of the build's own (never a path)."""
        taken = any(name == staged for staged, _tmp, _summary in self.staged)
        if not _OWN_NAME.match(name) or name == MANIFEST_NAME or taken:
            raise BuildError(f"a renderer asked to write '{name}'; a build writes only its own files")

    def add(self, name: str, data: bytes, summary: str) -> None:
        """Write `data` to a new temporary file for `name`, flushed to disk."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.out_dir)
        self.staged.append((name, Path(tmp), summary))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, self.mode)

    def adopt(self, staged: list[tuple[str, str, str]]) -> None:
        """Take over files another process staged in `out_dir`, as (name, temporary path, summary)."""
        self.staged += [(name, Path(tmp), summary) for name, tmp, summary in staged]  # removed on failure
        names = [name for name, _tmp, _summary in self.staged]
        for name, tmp, _summary in staged:
            # mkstemp may return an absolute path for a relative folder (it does in the forked child).
            if Path(tmp).parent.absolute() != self.out_dir.absolute() or not _OWN_TEMP.match(Path(tmp).name):
                raise BuildError(f"a renderer staged '{tmp}'; a build writes only its own files")
            if not _OWN_NAME.match(name) or name == MANIFEST_NAME or names.count(name) > 1:
                raise BuildError(f"a renderer asked to write '{name}'; a build writes only its own files")

    def commit(self) -> list[tuple[Path, str]]:
        """Rename every staged file into place; return the outputs written (not the manifest)."""
        # The outputs are about to change: drop the old manifest first, so that a build
        # killed half-way through the renames can never be taken for up to date.
        (self.out_dir / MANIFEST_NAME).unlink(missing_ok=True)
        written = []
        for name, tmp, summary in self.staged:
            target = self.out_dir / name
            os.replace(tmp, target)
            if name != MANIFEST_NAME:
                written.append((target, summary))
        self.staged = []
        return written


def build_plan(
    plan: Plan,
    out: Path | str,
    *,
    only: list[str] | None = None,
    force: bool = False,
    parallel: bool = True,
    **options: object,
) -> BuildResult:
    """Render `plan` and write its outputs into `out/<id>/`, unless they are already up to date.

    Up to date means the manifest there records the same fingerprint of the inputs
    and options, and every output it lists is unaltered; `force` rebuilds anyway.
    With `parallel` (the default) and more than one core, the guide is rendered in a
    forked process while this one renders the rest (see `_Child`); the files are the same.
    """
    from facilitator.manifest import fingerprint, manifest_from_digests, up_to_date

    out_dir = Path(out) / plan.workshop.id
    result = BuildResult(plan.workshop.id, out_dir, warnings=list(plan.warnings))
    options = {k: v for k, v in options.items() if v is not None}
    stamp = fingerprint(plan, {"only": sorted(only or RENDERERS), **options})
    if not force and up_to_date(out_dir, stamp):
        result.up_to_date = True
        return result
    # Each renderer's files go to temporary files as soon as it is done, and their bytes are let
    # go, so a large workshop never holds every output in memory at once; the renames into
    # place come only once every renderer has succeeded (see `write_outputs`).
    digests: dict[str, str] = {}
    names = _renderer_names(only)
    # A forked copy holds its own memory: past a few hundred segments the two processes together
    # would pass the 200 MB a 1,000-slide build may use, so a large workshop renders in one.
    small = len(plan.segments) <= PARALLEL_MAX_SEGMENTS
    parallel = parallel and small and len(names) > 1 and _can_fork()
    forked = [name for name in names if parallel and name in _FORKED]
    here = [name for name in names if name not in forked]
    with _Staging(out_dir) as staging:
        child = _Child(plan, forked, options, out_dir) if forked else None
        try:
            rendered: dict[str, list[str]] = {}  # renderer -> the names of its outputs
            for name in here:
                rendered[name] = _stage(plan, name, options, staging, digests)
                if name != here[-1] and _staged_size(staging, rendered[name]) > _LARGE:
                    _release_memory()  # e.g. a large deck's XML tree, before the PDFs are laid out
            if child is not None:
                staged, child_digests, child_rendered = child.result()
                staging.adopt(staged)
                digests.update(child_digests)
                rendered.update(child_rendered)
        except BaseException:
            if child is not None:
                child.stop()
                if not child.reported:
                    staging.sweep()  # whatever it had staged when it stopped
            raise
        # Renamed (and reported) in the renderers' order, as a build in one process does.
        order = {output: i for i, name in enumerate(names) for output in rendered[name]}
        staging.staged.sort(key=lambda entry: order[entry[0]])
        staging.add(MANIFEST_NAME, manifest_from_digests(stamp, digests).encode("utf-8"), "build manifest")
        result.written = staging.commit()
    return result


def _stage(
    plan: Plan, name: str, options: dict[str, object], staging: _Staging, digests: dict[str, str]
) -> list[str]:
    """Render with one renderer and stage its files, recording their digests; return their names."""
    from facilitator.manifest import output_digest

    outputs = _render(plan, name, options)
    for output in outputs:
        staging.check(output.name)
    written = []
    while outputs:
        output = outputs.pop(0)
        digests[output.name] = output_digest(output.data)
        staging.add(output.name, output.data, output.summary)
        written.append(output.name)
        del output
    return written


def _staged_size(staging: _Staging, names: list[str]) -> int:
    return sum(tmp.stat().st_size for name, tmp, _summary in staging.staged if name in names)


def _cores() -> int:
    """Return the number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    """Whether a renderer can run in a forked copy of this process, on a core of its own.

    Not with threads running (a lock one of them holds would stay locked in the
    copy forever), and not on macOS, where system libraries are unsafe after fork.
    """
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1 and _cores() > 1


class _ChildTraceback(Exception):
    """The traceback of an exception raised in a forked renderer, chained to its copy here."""


class _Child:
    """Renderers running in a forked copy of this process, staging their files in `out_dir`.

    The child stages its files exactly as `build_plan` does, then sends back, over a
    pipe, what it staged (name, temporary path, summary, digest) or the exception it
    raised. The parent renames the files into place, or removes them, with its own.
    """

    def __init__(self, plan: Plan, names: list[str], options: dict[str, object], out_dir: Path) -> None:
        self.names = names
        self.running = True
        self.reported = False  # once it has: its files are either handed over or removed
        read_fd, write_fd = os.pipe()
        for stream in (sys.stdout, sys.stderr):  # or the child could print what was buffered again
            stream.flush()
        self.pid = os.fork()
        if self.pid == 0:  # the child
            os.close(read_fd)
            self._run(plan, options, out_dir, write_fd)
        os.close(write_fd)
        self.read_fd: int | None = read_fd

    def _run(self, plan: Plan, options: dict[str, object], out_dir: Path, write_fd: int) -> None:
        """Render, stage and report, in the child; never return (nor run the parent's exit handlers)."""
        try:
            staging = _Staging(out_dir)  # not entered: that would remove the parent's temporary files
            digests: dict[str, str] = {}
            try:
                rendered = {name: _stage(plan, name, options, staging, digests) for name in self.names}
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
            what = f"the process rendering the {' and '.join(self.names)}"
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
        raise exc from _ChildTraceback(trace)

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


def build_plans(
    plans: list[Plan], out: Path | str, *, jobs: int | None = None, **kwargs: object
) -> list[BuildResult]:
    """Build several checked plans (see `build_plan`), one process per core when there are several.

    `jobs` caps the number of processes (default: the number of cores; 1 builds in this process,
    each workshop's renderers one after the other). A lone workshop renders in parallel itself.
    """
    ids = [plan.workshop.id for plan in plans]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise BuildError(f"two workshops have the id {', '.join(twice)}; each needs its own output folder")
    workers = min(len(plans), jobs or _cores())
    if workers <= 1:
        kwargs.setdefault("parallel", jobs != 1)
        return [build_plan(plan, out, **kwargs) for plan in plans]  # type: ignore[arg-type]
    kwargs["parallel"] = False  # a process per workshop already keeps every core busy
    only = kwargs.get("only")
    for name in only if isinstance(only, list) else RENDERERS:
        if name in RENDERERS:  # import once here, so forked workers share the loaded libraries
            importlib.import_module(RENDERERS[name])
    from concurrent.futures import ProcessPoolExecutor  # only here: it costs an import otherwise

    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(build_plan, plan, out, **kwargs) for plan in plans]
        return [future.result() for future in futures]


def build(
    path: Path | str,
    out: Path | str = "output",
    *,
    only: list[str] | None = None,
    strict: bool = False,
    allow_outside: bool = False,
    paper: str | None = None,
    large_print: bool = False,
    force: bool = False,
    fit: bool = False,
    parallel: bool = True,
) -> BuildResult:
    """Build a workshop's outputs into `out/<workshop id>/`; return what was written.

    `paper` (`a4` or `letter`) overrides the workshop's paper size for PDFs;
    `large_print` makes the PDFs in large print (body text 18 pt or more).
    When the inputs have not changed since the last build, nothing is written and
    `result.up_to_date` is True; `force` rebuilds anyway. With `parallel` (the default)
    and several cores, the outputs are rendered in two processes at once.
    """
    plan = load_plan(path, strict=strict, allow_outside=allow_outside, fit=fit)
    return build_plan(
        plan, out, only=only, force=force, parallel=parallel, paper=paper, large_print=large_print or None
    )
