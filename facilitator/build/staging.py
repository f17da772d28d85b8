"""Atomic writes: every output goes to a temporary file beside its target, renamed into place at the end.

A failure at any point removes the temporary files and leaves the previous outputs as they
were; a build only ever writes plain file names of its own inside its output folder.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from facilitator.build.manifest import MANIFEST_NAME
from facilitator.errors import BuildError
from facilitator.render import Output

OWN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # a plain file name, never a path
OWN_TEMP = re.compile(r"^\.[A-Za-z0-9][A-Za-z0-9._-]*\.[A-Za-z0-9_]{8}\.tmp$")  # see `Staging.add`


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
    the previous outputs as they were. `manifest` (see facilitator.build.manifest) is
    written last, after every output is in place.
    """
    names = [o.name for o in outputs]
    for name in names:
        if names.count(name) > 1:
            raise BuildError(f"a renderer asked to write '{name}' twice; a build writes only its own files")
    with Staging(out_dir) as staging:
        for output in outputs:
            staging.check(output.name)
        for output in outputs:
            staging.add(output.name, output.data, output.summary)
        if manifest is not None:
            staging.add(MANIFEST_NAME, manifest.encode("utf-8"), "build manifest")
        return staging.commit()


class Staging:
    """Temporary files beside their targets in `out_dir`, renamed into place only by `commit`.

    Used as a context manager: on leaving it, whatever was not committed
    (after a failure, say) is removed, and the previous outputs stay as they were.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.staged: list[tuple[str, Path, str]] = []
        self.mode = 0o666 & ~_umask()  # mkstemp makes files only the owner can read; outputs are shared

    def __enter__(self) -> Staging:
        self.sweep()  # temporary files a killed build left behind (a failing one removes its own)
        return self

    def sweep(self) -> None:
        """Remove every temporary file of a build in `out_dir`, this one's included."""
        if self.out_dir.is_dir():
            for stale in self.out_dir.iterdir():
                if OWN_TEMP.match(stale.name) and stale.is_file():
                    stale.unlink(missing_ok=True)

    def __exit__(self, *exc: object) -> None:
        for _name, tmp, _summary in self.staged:
            tmp.unlink(missing_ok=True)

    def check(self, name: str) -> None:
        """Refuse a name that is not a plain file name of the build's own (never a path)."""
        taken = any(name == staged for staged, _tmp, _summary in self.staged)
        if not OWN_NAME.match(name) or name == MANIFEST_NAME or taken:
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
            if Path(tmp).parent.absolute() != self.out_dir.absolute() or not OWN_TEMP.match(Path(tmp).name):
                raise BuildError(f"a renderer staged '{tmp}'; a build writes only its own files")
            if not OWN_NAME.match(name) or name == MANIFEST_NAME or names.count(name) > 1:
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
