"""The templates' environment, and their compiled code kept beside them as Python keeps a module's bytecode.

Compiling the nine templates (jinja2 parses each one, writes Python for it and
compiles that) costs about 0.1 s of CPU on every build; loading their compiled
code costs a few milliseconds. `TemplateCache` keeps each template's code in
`facilitator/templates/__pycache__/`, where and when Python writes the bytecode
of the package's own modules: never while `sys.dont_write_bytecode` is set
(`PYTHONDONTWRITEBYTECODE`, `python -B`), and quietly not at all where the folder
cannot be written (a read-only install). A cached file is used only for the same
template source (jinja2 compares a checksum), the same Python, and the same
jinja2 version and environment settings (both part of the file's name), so an
edited template or setting compiles afresh. Whoever can write that folder can
already change the package's code, so a cached file is trusted as a `.pyc` is.
A file is written under a new temporary name and renamed into place, never
through a link.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
from pathlib import Path

import jinja2
from jinja2 import Environment, PackageLoader, StrictUndefined
from jinja2.bccache import Bucket, BytecodeCache

PACKAGE_CACHE = Path(__file__).resolve().parent.parent / "templates" / "__pycache__"


def settings(env: Environment) -> str:
    """Return what of `env` shapes the code a template compiles to, as text."""

    def named(value: object) -> str:
        if callable(value):
            qualname = getattr(value, "__qualname__", type(value).__name__)
            return f"{getattr(value, '__module__', '')}.{qualname}"
        return repr(value)

    parts = (
        jinja2.__version__,
        type(env).__module__ + "." + type(env).__qualname__,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        sorted(env.extensions),
        env.optimized,
        named(env.autoescape),
        named(env.finalize),
        env.is_async,
    )
    return repr(parts)


class TemplateCache(BytecodeCache):
    """jinja2's bytecode cache in one folder (by default the package's templates' `__pycache__`)."""

    def __init__(self, folder: Path = PACKAGE_CACHE) -> None:
        self.folder = folder

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        """Return the bucket of a template, its key naming the environment's settings as well."""
        key = hashlib.sha256(f"{name}\0{filename}\0{settings(environment)}".encode()).hexdigest()[:32]
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def _path(self, bucket: Bucket) -> Path:
        return self.folder / f"{bucket.key}.jinja"

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill `bucket` from its file, if there is one (not through a link)."""
        try:
            fd = os.open(self._path(bucket), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return
        with os.fdopen(fd, "rb") as handle:
            try:
                bucket.load_bytecode(handle)  # a stale file resets the bucket: compiled afresh
            except Exception:  # a damaged one (cut short, say) too
                bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Write `bucket`'s code to its file, unless bytecode is not to be written; never fail the build."""
        if sys.dont_write_bytecode:
            return
        tmp = None
        try:
            self.folder.mkdir(exist_ok=True)
            if self.folder.is_symlink():
                return  # a linked folder could lead anywhere
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")  # a new file: no link
            os.fchmod(fd, 0o644)  # readable by whoever can read the templates, as a .pyc is
            with os.fdopen(fd, "wb") as handle:
                bucket.write_bytecode(handle)
            os.replace(tmp, self._path(bucket))  # replaces a link of that name, never writes through it
            tmp = None
        except OSError:  # a folder that cannot be written: the template is compiled again next time
            return
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


TEMPLATE_CACHE = TemplateCache()


def package_environment(*, autoescape: bool) -> Environment:
    """Return a jinja2 environment for the package's templates, with the settings every output shares.

    Templates load from `facilitator/templates` with their compiled code kept by `TEMPLATE_CACHE`;
    an undefined name is an error; block tags leave no blank lines; the i18n extension is on, for
    `htmlkit.install_words` to bind to a language. The caller adds its own filters.
    """
    return Environment(
        loader=PackageLoader("facilitator", "templates"),
        bytecode_cache=TEMPLATE_CACHE,
        undefined=StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
