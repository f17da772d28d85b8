"""What every command of the command line shares: printing safely, errors as exit codes, options.

`say` prints a line with its control and bidi-override characters escaped (it may
hold text from a workshop file); `guarded` turns facilitator's errors into their
messages and exit codes (0 success, 1 a build failed, 2 bad input), and any other
exception into one line naming the file that holds its traceback. The options and
their checks that several commands take (`--start`, `--end`, `--language`,
`--duration`, `--allow-outside`) and each command's examples are here too, so that
`facilitator.cli` reads as its commands. Nothing here imports python-pptx or reportlab.
"""

from __future__ import annotations

import codecs
import difflib
import functools
import io
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from typing import Any

import click

from facilitator.errors import BuildError, Diagnostic, FacilitatorError, shown

EXAMPLES = {
    "build": """
\b
Examples:
  facilitator build workshops/allyship-intro.yaml
  facilitator build workshops/*.yaml --out output
  facilitator build my-workshop.yaml --only deck
  facilitator build my-workshop.yaml --watch
  facilitator build my-workshop.yaml --start 10:15
""",
    "validate": """
\b
Examples:
  facilitator validate workshops/allyship-intro.yaml
  facilitator validate --strict workshops/*.yaml
""",
    "agenda": """
\b
Example:
  facilitator agenda workshops/allyship-practice.yaml
  facilitator agenda workshops/allyship-practice.yaml --start 13:45
  facilitator agenda workshops/allyship-practice.yaml --start 13:45 --end 15:30
""",
    "library": """
\b
Examples:
  facilitator library
  facilitator library scenarios
  facilitator library primer --workshop my-workshop.yaml
  facilitator library --library my-library
""",
    "schema": """
\b
Example:
  facilitator schema > workshop.schema.json
""",
    "check-deck": """
\b
Examples:
  facilitator check-deck output/allyship-intro/deck.pptx
  facilitator check-deck slides-from-elsewhere.pptx
""",
}


allow_outside_option = click.option(
    "--allow-outside",
    is_flag=True,
    help="Let the workshop name files outside its own folder and the project's assets/ and workshops/.",
)


# What a line falls back on where the terminal's encoding lacks a character (a Latin-1 locale, a
# Windows console in cp1252): French no-break spaces, typographic quotes and dashes in plain ASCII.
_PLAIN = str.maketrans(
    {
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
    }
)


def say(text: str, err: bool = False) -> None:
    """Print one line, its control and bidi-override characters escaped (it may hold text from a file)."""
    click.echo(shown(text), err=err)


def _plain_or_escaped(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a character the encoding lacks, written plainly (`’` as `'`) or as `\\u…`."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    replaced = []
    for char in error.object[error.start : error.end]:
        plain = char.translate(_PLAIN)
        if plain == char:
            plain = f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"
        replaced.append(plain)
    return "".join(replaced), error.end


PLAIN_ERRORS = "facilitator-plain"
codecs.register_error(PLAIN_ERRORS, _plain_or_escaped)


def plain_streams() -> None:
    """Let stdout and stderr write any text: what their encoding lacks is written plainly, never a crash.

    A Latin-1 locale or a Windows console in cp1252 cannot hold French no-break spaces, `’` or `…`.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=PLAIN_ERRORS)


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    """Print each diagnostic on stderr, as `say` does."""
    for diagnostic in diagnostics:
        for line in diagnostic.format().split("\n"):  # its choices, one per line (each already safe)
            say(line, err=True)


def missing_library_line(module: str) -> str:
    """Return the line for a library the running environment lacks, and how to install it.

    The usual cause is an environment made before facilitator needed that library (a `git pull`
    since `make demo`): the code is new, the installed libraries are not.
    """
    return (
        f"error: the Python environment in {sys.prefix} lacks the library '{module.partition('.')[0]}', "
        "which facilitator needs (facilitator has changed since it was installed there?); "
        "install its libraries again with `make demo` in the project folder, or "
        "`python -m pip install -c constraints.txt -e .`"
    )


def guarded(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn our errors into their messages and exit codes, and any other exception into one line."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except FacilitatorError as exc:
            print_diagnostics(exc.diagnostics)
            sys.exit(exc.exit_code)
        except BuildError as exc:
            say(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # output piped into `head` and the like: stop quietly
            sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - keeps Python quiet at exit
            sys.exit(0)
        except Exception as exc:  # anything else is a bug in facilitator, not the user's fault
            missing = exc.name if isinstance(exc, ModuleNotFoundError) else None
            if missing and missing.partition(".")[0] != "facilitator":  # an old environment, not a bug
                say(missing_library_line(missing), err=True)
                sys.exit(1)
            with tempfile.NamedTemporaryFile(
                "w", prefix="facilitator-crash-", suffix=".txt", delete=False
            ) as handle:
                traceback.print_exc(file=handle)
            say(
                f"internal error: {type(exc).__name__}: {exc} — this is a bug in facilitator; "
                f"the traceback is in {handle.name}",
                err=True,
            )
            sys.exit(1)

    return wrapper


def output_choices() -> list[str]:
    """Return the outputs `--only` may name."""
    from facilitator.render import RENDERERS

    return list(RENDERERS)


def read_outputs(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """Read the `--only` options: each one output, or several joined by commas (`deck,notes`).

    Returns the outputs named, each once, in the order first named.
    """
    allowed = output_choices()
    named: list[str] = []
    for option in value:
        for name in option.split(","):
            name = name.strip().lower()
            if not name:
                raise click.BadParameter(f"'{option}' names an empty output; use {', '.join(allowed)}")
            if name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1)
                hint = f" (did you mean {close[0]}?)" if close else ""
                raise click.BadParameter(f"'{name}' is not an output{hint}; use {', '.join(allowed)}")
            if name not in named:
                named.append(name)
    return tuple(named)


def read_clock(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    """Read an `HH:MM` option as a time of day."""
    from facilitator.workshop.fields import parse_clock

    if value is None:
        return None
    try:
        return parse_clock(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


start_option = click.option(
    "--start",
    metavar="HH:MM",
    callback=read_clock,
    help="Start at this clock time instead of the file's (a late start): every clock time shifts.",
)
end_option = click.option(
    "--end",
    metavar="HH:MM",
    callback=read_clock,
    help="End at this clock time: the agenda is fitted between the start and the end.",
)


def read_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check a `--language` option: a language tag such as `fr` or `fr-CA`."""
    from facilitator.workshop.languages import LANGUAGE_TAG

    if value is not None and not LANGUAGE_TAG.match(value):
        raise click.BadParameter(f"'{value}' is not a language tag; use one such as fr, fr-CA or en")
    return value


language_option = click.option(
    "--language",
    metavar="TAG",
    callback=read_language,
    help="Build in this language (fr, fr-CA, …) into OUT/<id>-<TAG>/: texts given per language "
    "are picked in it, and a warning names every text that has none.",
)


def read_duration(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """Read a `--duration` option (`90m`, `2h`, `1h30m`) as minutes, between 5 and a day."""
    from facilitator.workshop.fields import parse_minutes

    if value is None:
        return None
    try:
        minutes = parse_minutes(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    if not isinstance(minutes, int) or not 5 <= minutes <= 24 * 60:
        raise click.BadParameter(f"expected between 5 minutes and 24 hours, got '{value}'")
    return minutes
