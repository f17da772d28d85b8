"""One error family: diagnostics with a file position, and the exception that carries them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Diagnostic:
    """A problem found in an input file, with where it is and what to do about it.

    `line` and `col` are 1-based; 0 means "the whole file". `key` is the dotted
    key path inside the file (`agenda[3].minutes`), empty for file-level problems.
    """

    path: str
    line: int
    col: int
    key: str
    message: str
    code: str
    severity: str = "error"

    def format(self) -> str:
        """Return the one-line form `path:line:col: error: key: message [code]`."""
        where = self.path
        if self.line:
            where += f":{self.line}:{self.col}" if self.col else f":{self.line}"
        key = f"{self.key}: " if self.key else ""
        return f"{where}: {self.severity}: {key}{self.message} [{self.code}]"

    def as_error(self) -> Diagnostic:
        """Return the same diagnostic with severity error (for `--strict`)."""
        return Diagnostic(self.path, self.line, self.col, self.key, self.message, self.code)


class FacilitatorError(Exception):
    """Raised when input is wrong: carries every diagnostic found, exit code 2."""

    exit_code = 2

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class BuildError(Exception):
    """Raised when a build fails after its input was accepted (a renderer failed), exit code 1."""

    exit_code = 1


def display_path(path: Path | str) -> str:
    """Return `path` relative to the working directory when it lies under it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ` (did you mean 'x'?)` for the closest choice, or an empty string."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def file_error(path: Path | str, message: str, code: str, line: int = 0, col: int = 0) -> FacilitatorError:
    """Return a FacilitatorError holding one diagnostic about `path`."""
    return FacilitatorError([Diagnostic(display_path(path), line, col, "", message, code)])
