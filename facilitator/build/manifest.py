"""Skip work already done: a manifest of what a build read and wrote, kept beside its outputs.

After a successful build, `out/<id>/.facilitator-build.json` records a
fingerprint of everything the outputs depend on and the hash of each output.
The next build of the same workshop with the same options compares
fingerprints: when nothing changed and every output is still there,
unaltered, it writes nothing and says the outputs are up to date.

The fingerprint covers the resolved Plan (the workshop file, the workshops
it extends, the library items it uses, its variables and the theme — all as
read, via the Plan's repr), the bytes of every file the theme names (fonts,
logo, template), the build options, `SOURCE_DATE_EPOCH`, and the tool itself
(its version and a digest of its own code and templates, so a changed
renderer also rebuilds).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from facilitator import __version__
from facilitator.planning.plan import Plan

MANIFEST_NAME = ".facilitator-build.json"
PACKAGE = Path(__file__).resolve().parents[1]  # the whole facilitator package


MAX_MANIFEST_BYTES = 1 << 20


def _file_digest(path: Path, *, follow: bool = True) -> str:
    """Return the sha256 of a regular file ("missing" when it cannot be read; a link, without `follow`)."""
    digest = hashlib.sha256()
    try:
        with _open_regular(path, follow=follow) as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    except OSError:
        return "missing"
    return digest.hexdigest()


def _open_regular(path: Path, *, follow: bool = False) -> Any:
    """Open `path` for reading if it is a regular file (and, unless `follow`, not a link), else raise OSError.

    Files in an output folder are read this way, so a link or a pipe planted there is never read.
    """
    nofollow = 0 if follow else getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, os.O_RDONLY | nofollow | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"{path} is not a regular file")
    return os.fdopen(fd, "rb")


@functools.cache
def tool_digest() -> str:
    """Return a digest of facilitator's own code and templates (computed once per process)."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".j2", ".css", ".html", ".md", ".txt", ".yaml"):
            digest.update(str(path.relative_to(PACKAGE)).encode())
            digest.update(_file_digest(path).encode())
    return digest.hexdigest()


def _theme_files(plan: Plan) -> list[Path]:
    theme = plan.theme
    files = [
        getattr(family, style)
        for family in (theme.fonts.slides, theme.fonts.print)
        for style in ("regular", "bold", "italic", "bold_italic")
    ]
    files += [p for p in (theme.logo, theme.template) if p is not None]
    return files


def fingerprint(plan: Plan, options: dict[str, Any]) -> str:
    """Return a hash of everything a build of `plan` with `options` reads."""
    digest = hashlib.sha256()
    digest.update(tool_digest().encode())
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").strip().encode())
    digest.update(repr(plan).encode())
    for path in _theme_files(plan):
        digest.update(f"{path}:{_file_digest(Path(path))}".encode())
    return digest.hexdigest()


def read_manifest(out_dir: Path) -> dict[str, Any] | None:
    """Return the manifest in `out_dir`, or None when there is none or it cannot be read."""
    try:
        with _open_regular(out_dir / MANIFEST_NAME) as handle:
            data = json.loads(handle.read(MAX_MANIFEST_BYTES).decode("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def up_to_date(out_dir: Path, print_: str) -> bool:
    """Return True when `out_dir` holds outputs built from inputs with fingerprint `print_`, unaltered."""
    manifest = read_manifest(out_dir)
    if not manifest or manifest.get("fingerprint") != print_:
        return False
    outputs = manifest.get("outputs")
    if not isinstance(outputs, dict) or not outputs:
        return False
    return all(_file_digest(out_dir / name, follow=False) == sha for name, sha in outputs.items())


def manifest_text(print_: str, outputs: dict[str, bytes]) -> str:
    """Return the manifest recording fingerprint `print_` and the hash of each output."""
    return manifest_from_digests(print_, {name: output_digest(blob) for name, blob in outputs.items()})


def output_digest(blob: bytes) -> str:
    """Return the hash the manifest records for an output's bytes."""
    return hashlib.sha256(blob).hexdigest()


def manifest_from_digests(print_: str, digests: dict[str, str]) -> str:
    """Return the manifest recording fingerprint `print_` and each output's hash (see `output_digest`)."""
    data = {
        "tool": f"facilitator {__version__}",
        "fingerprint": print_,
        "outputs": dict(sorted(digests.items())),
    }
    return json.dumps(data, indent=2, sort_keys=True) + "\n"
