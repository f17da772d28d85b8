"""Atomic, link-safe writes: each output goes to a temporary file in its folder, renamed into place last.

A failure at any point removes the temporary files and leaves the previous outputs as they
were; a build only ever writes plain file names of its own inside its output folder.

The output folder (`OUT/<id>/`) may sit in a folder other people can write to, so a build
never writes through a symbolic link: the folder is refused when it is a link (or not a
folder), then opened once without following links, and every temporary file, rename and
removal happens relative to that open folder — replacing the folder by a link while a build
runs changes nothing. An existing folder is written into only when it is facilitator's (it
holds a build manifest, or nothing but a killed build's temporary files, or nothing at all);
any other needs `force`, and even then stale temporary files are swept only from folders
that are facilitator's. A build removes only its own temporary files (their names carry
the build's token), never anyone else's.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from pathlib import Path

from facilitator.build.manifest import MANIFEST_NAME
from facilitator.errors import BuildError, display_path, file_error
from facilitator.render import Output
from facilitator.workshop.paths import OutsideError, confine

OWN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # a plain file name, never a path
# A temporary file of `Staging.add`: a dot, the output's name (the manifest's starts with a dot), 8 letters.
OWN_TEMP = re.compile(r"^\.\.?[A-Za-z0-9][A-Za-z0-9._-]*\.[A-Za-z0-9_]{8}\.tmp$")
# What the manifest says while a build renames its files into place: no fingerprint, so never up to date.
UNFINISHED_MANIFEST = '{"building": true}\n'
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_outputs(
    outputs: list[Output], out_dir: Path, *, manifest: str | None = None, force: bool = False
) -> list[tuple[Path, str]]:
    """Write each output to a temporary file beside its target, then rename them all into place.

    Only plain file names directly inside `out_dir` are written, so no renderer can
    reach outside it. A failure at any point removes every temporary file and leaves
    the previous outputs as they were. `manifest` (see facilitator.build.manifest) is
    written last, after every output is in place. See `check_out_dir` for the folders
    a build refuses (`force` lets it write into a folder that is not facilitator's).
    """
    names = [o.name for o in outputs]
    for name in names:
        if names.count(name) > 1:
            raise BuildError(f"a renderer asked to write '{name}' twice; a build writes only its own files")
    with Staging(out_dir, force=force) as staging:
        for output in outputs:
            staging.check(output.name)
        for output in outputs:
            staging.add(output.name, output.data, output.summary)
        if manifest is not None:
            staging.add(MANIFEST_NAME, manifest.encode("utf-8"), "build manifest")
        return staging.commit()


def out_dir_owner(out_dir: Path) -> str:
    """Return what `out_dir` is, without following a link: missing, link, other, ours or foreign.

    `ours` is a folder a build made: it holds a build manifest, only a killed build's
    temporary files, or nothing. `other` is anything that is not a folder.
    """
    try:
        if out_dir.is_symlink():
            return "link"
        if not out_dir.exists():
            return "missing"
        if not out_dir.is_dir():
            return "other"
        names = os.listdir(out_dir)
    except OSError:
        return "other"
    manifest = out_dir / MANIFEST_NAME
    if MANIFEST_NAME in names and manifest.is_file() and not manifest.is_symlink():
        return "ours"
    return "ours" if all(OWN_TEMP.match(name) for name in names) else "foreign"


def check_out_dir(out_dir: Path, *, force: bool = False) -> bool:
    """Refuse an output folder a build must not write into; return True when it is facilitator's.

    Raises FacilitatorError (exit 2) when `out_dir` is a symbolic link or not a folder,
    and, unless `force`, when it is a folder facilitator did not make.
    """
    try:  # the same confinement as every path a workshop names, for writing: no link at all
        confine(out_dir.name, out_dir.parent, for_writing=True)
    except OutsideError as exc:
        raise file_error(out_dir, f"{exc}; remove the link or choose another --out", "output.link") from None
    owner = out_dir_owner(out_dir)
    shown = display_path(out_dir)
    if owner == "other":
        raise file_error(out_dir, "is not a folder; remove it or choose another --out", "output.not-folder")
    if owner == "foreign" and not force:
        names = sorted(os.listdir(out_dir))
        listed = ", ".join(names[:3]) + (f" and {len(names) - 3:,} more" if len(names) > 3 else "")
        raise file_error(
            out_dir,
            f"holds files facilitator did not write ({listed}); a build writes only into its own "
            f"folders — choose another --out, or pass --force to write into {shown} anyway",
            "output.not-ours",
        )
    return owner in ("ours", "missing")


class Staging:
    """Temporary files in `out_dir`, renamed into place only by `commit`.

    Used as a context manager: entering checks and opens the folder (see `check_out_dir`),
    creating it if need be; on leaving, whatever was not committed (after a failure, say)
    is removed, and the previous outputs stay as they were. `force` lets it write into a
    folder facilitator did not make.
    """

    def __init__(self, out_dir: Path, *, force: bool = False) -> None:
        self.out_dir = out_dir
        self.force = force
        self.staged: list[tuple[str, Path, str]] = []
        self.mode = 0o666 & ~_umask()  # temporary files are made owner-only; outputs are shared
        self.token = secrets.token_hex(2)  # starts the name tail of every temporary file of this build
        self.ours = False  # whether the folder is facilitator's (stale temporary files may be swept)
        self._fd: int | None = None
        self._owns_fd = True

    def __enter__(self) -> Staging:
        self.open()
        if self.ours:
            self.sweep()  # temporary files a killed build left behind (a failing one removes its own)
        return self

    def __exit__(self, *exc: object) -> None:
        for _name, tmp, _summary in self.staged:
            self._unlink(tmp.name)
        self.staged = []
        if self._fd is not None and self._owns_fd:
            os.close(self._fd)
        self._fd = None

    def open(self) -> None:
        """Check the output folder, create it when missing, and open it without following links."""
        self.ours = check_out_dir(self.out_dir, force=self.force)
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            self.out_dir.mkdir()
        try:
            self._fd = os.open(self.out_dir, os.O_RDONLY | _DIRECTORY | _NOFOLLOW)
        except OSError:  # it became a link (or something else) since the check
            check_out_dir(self.out_dir, force=self.force)
            raise

    def for_child(self) -> Staging:
        """Return a Staging for a forked process: the same open folder and token, nothing staged."""
        child = Staging(self.out_dir, force=self.force)
        child.token, child.ours, child._fd, child._owns_fd = self.token, self.ours, self._fd, False
        return child

    def _dir(self) -> int:
        if self._fd is None:
            raise BuildError(f"{display_path(self.out_dir)} was not opened for writing")
        return self._fd

    def _unlink(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name, dir_fd=self._dir())

    def _temporaries(self) -> list[str]:
        with os.scandir(self._dir()) as entries:
            return [e.name for e in entries if OWN_TEMP.match(e.name) and e.is_file(follow_symlinks=False)]

    def sweep(self) -> None:
        """Remove every build's temporary files from the folder, this one's included (only in our folders)."""
        if self.ours:
            for name in self._temporaries():
                self._unlink(name)

    def remove_own(self) -> None:
        """Remove the temporary files of this build (and its forked processes), whatever the folder."""
        for name in self._temporaries():
            if name[-12:-4].startswith(self.token):
                self._unlink(name)

    def check(self, name: str) -> None:
        """Refuse a name that is not a plain file name of the build's own (never a path)."""
        taken = any(name == staged for staged, _tmp, _summary in self.staged)
        if not OWN_NAME.match(name) or name == MANIFEST_NAME or taken:
            raise BuildError(f"a renderer asked to write '{name}'; a build writes only its own files")

    def add(self, name: str, data: bytes, summary: str) -> None:
        """Write `data` to a new temporary file for `name` (never an existing file), flushed to disk."""
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
        while True:
            tmp = f".{name}.{self.token}{secrets.token_hex(2)}.tmp"
            try:
                fd = os.open(tmp, flags, 0o600, dir_fd=self._dir())
                break
            except FileExistsError:
                continue
        self.staged.append((name, self.out_dir / tmp, summary))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            os.chmod(handle.fileno(), self.mode)

    def adopt(self, staged: list[tuple[str, str, str]]) -> None:
        """Take over files another process staged in `out_dir`, as (name, temporary path, summary)."""
        self.staged += [(name, Path(tmp), summary) for name, tmp, summary in staged]  # removed on failure
        names = [name for name, _tmp, _summary in self.staged]
        for name, tmp, _summary in staged:
            if Path(tmp).parent.absolute() != self.out_dir.absolute() or not OWN_TEMP.match(Path(tmp).name):
                raise BuildError(f"a renderer staged '{tmp}'; a build writes only its own files")
            if not OWN_NAME.match(name) or name == MANIFEST_NAME or names.count(name) > 1:
                raise BuildError(f"a renderer asked to write '{name}'; a build writes only its own files")

    def staged_size(self, names: list[str]) -> int:
        """Return the bytes staged so far for the outputs `names`."""
        return sum(
            os.stat(tmp.name, dir_fd=self._dir(), follow_symlinks=False).st_size
            for name, tmp, _summary in self.staged
            if name in names
        )

    def commit(self) -> list[tuple[Path, str]]:
        """Rename every staged file into place; return the outputs written (not the manifest)."""
        # The outputs are about to change: first replace the old manifest by one that records
        # no fingerprint, so that a build killed half-way through the renames can never be taken
        # for up to date, while the folder still reads as facilitator's.
        self.add(MANIFEST_NAME, UNFINISHED_MANIFEST.encode("utf-8"), "")
        *outputs, (_, unfinished, _) = self.staged
        self.staged = outputs
        self._rename(unfinished.name, MANIFEST_NAME)
        written = []
        for name, tmp, summary in self.staged:
            self._rename(tmp.name, name)
            if name != MANIFEST_NAME:
                written.append((self.out_dir / name, summary))
        self.staged = []
        return written

    def _rename(self, tmp: str, name: str) -> None:
        """Rename temporary file `tmp` to `name` (a link named `name` is replaced, not followed)."""
        folder = self._dir()
        try:
            os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
        except IsADirectoryError:
            raise BuildError(
                f"{display_path(self.out_dir / name)} is a folder; a build writes a file there — "
                "move the folder away"
            ) from None
