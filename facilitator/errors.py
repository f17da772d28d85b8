"""One error family: diagnostics with a file position, and the exception that carries them."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# No more than this many diagnostics are reported for one workshop file; the rest are counted.
MAX_DIAGNOSTICS = 100
LIMIT_CODE = "limit.diagnostics"
# Characters a terminal acts on instead of showing: C0 and C1 controls (escape sequences can
# clear the screen or set the window title; a newline would split a one-line message), DEL,
# and the bidirectional controls that reorder what is shown (U+202E reverses a line).
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """Return `text` safe to print: each control or bidi-override character as an escape (`\\x1b`, `\\u202e`).

    Every message and every text from a file goes through this before it reaches a
    terminal, so a file cannot act on the terminal or make a line read differently
    from what it holds. The result holds no such character, so showing it twice changes nothing.
    """
    return _UNSHOWABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


@dataclass(frozen=True)
class Diagnostic:
    """A problem found in an input file, with where it is and what to do about it.

    `line` and `col` are 1-based; 0 means "the whole file". `key` is the dotted
    key path inside the file (`agenda[3].minutes`), empty for file-level problems.
    `severity` is `error` (nothing is built), `warning` (built; `--strict` fails) or
    `note`: something facilitator did about the input (leaving a logo's metadata
    out), or something to do before the session (filling in a support contact);
    reported, and never a failure, even with --strict.
    A `limit.diagnostics` line stands for `hidden` diagnostics that were left out.
    `choices` are listed under the line, one per line (the layouts a template has).
    """

    path: str
    line: int
    col: int
    key: str
    message: str
    code: str
    severity: str = "error"
    hidden: int = 0
    choices: tuple[str, ...] = ()

    def format(self) -> str:
        """Return the one-line form `path:line:col: error: key: message [code]`, safe to print (`shown`).

        Any `choices` follow, each on its own indented line, each shown safely too.
        """
        where = self.path
        if self.line:
            where += f":{self.line}:{self.col}" if self.col else f":{self.line}"
        key = f"{self.key}: " if self.key else ""
        text = shown(f"{where}: {self.severity}: {key}{self.message} [{self.code}]")
        return text + "".join(f"\n    {shown(choice)}" for choice in self.choices)

    def as_error(self) -> Diagnostic:
        """Return the same diagnostic with severity error (for `--strict`)."""
        return Diagnostic(
            self.path,
            self.line,
            self.col,
            self.key,
            self.message,
            self.code,
            hidden=self.hidden,
            choices=self.choices,
        )


class FacilitatorError(Exception):
    """Raised when input is wrong: carries every diagnostic found, exit code 2."""

    exit_code = 2

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class BuildError(Exception):
    """Raised when a build fails after its input was accepted (a renderer failed), exit code 1."""

    exit_code = 1


def capped(diagnostics: list[Diagnostic], limit: int = MAX_DIAGNOSTICS) -> list[Diagnostic]:
    """Return at most `limit` diagnostics, then one line saying how many more there are (if any).

    Lines that already stand for left-out diagnostics (from a check that stopped early)
    are folded into the one at the end. That line is an error when any diagnostic left
    out is one, so a capped list fails exactly when the full one would.
    """
    real = [d for d in diagnostics if d.code != LIMIT_CODE]
    earlier = [d for d in diagnostics if d.code == LIMIT_CODE]
    if not earlier and len(real) <= limit:
        return diagnostics
    rest = real[limit:]
    hidden = len(rest) + sum(d.hidden for d in earlier)
    failing = any(d.severity == "error" for d in [*rest, *earlier])
    path = (earlier or real)[0].path
    return [*real[:limit], more_diagnostic(path, hidden, "error" if failing else "warning")]


def more_diagnostic(path: str, count: int, severity: str = "error") -> Diagnostic:
    """Return the line that stands for `count` diagnostics about `path` that are not shown."""
    message = f"and {count:,} more problem{'s' if count != 1 else ''} not shown; fix the ones above first"
    return Diagnostic(path, 0, 0, "", message, LIMIT_CODE, severity, hidden=count)


def short(value: object, limit: int = 40) -> str:
    """Return `value` as text cut to `limit` characters (with `…`), for quoting input in a message."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def display_path(path: Path | str) -> str:
    """Return `path` relative to the working directory when it lies under it.

    Links are not followed: a message about a link names the link, as the person wrote or sees it,
    not the file it points to (`library/welcome.yaml`, not the `~/.bashrc` it was made to point at).
    """
    p = Path(path)
    try:
        return str(Path(os.path.abspath(p)).relative_to(Path.cwd()))
    except ValueError:
        return str(p)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ` (did you mean 'x'?)` for the closest choice, or an empty string."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def file_error(path: Path | str, message: str, code: str, line: int = 0, col: int = 0) -> FacilitatorError:
    """Return a FacilitatorError holding one diagnostic about `path`."""
    return FacilitatorError([Diagnostic(display_path(path), line, col, "", message, code)])
