"""Text from files is shown, never acted on: every line the command line prints is escaped, and capped.

A workshop, a library item or a document to import may hold characters a terminal acts
on (escape sequences that clear the screen or retitle the window) or that reorder what is
shown (U+202E). Every message and every text from a file is printed through
`facilitator.errors.shown`; a file with thousands of problems prints a hundred and a count.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitator import api
from facilitator.cli import cli
from facilitator.errors import MAX_DIAGNOSTICS, Diagnostic, capped, shown
from tests.conftest import AGENDA, HEADER

# What a terminal would act on: C0/C1 controls, DEL, bidi controls, line separators.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\x1b]0;pwned\x07\x1b[2J", "\\x1b]0;pwned\\x07\\x1b[2J"),
        ("abc\u202edef", "abc\\u202edef"),
        ("\u2066isolate\u2069", "\\u2066isolate\\u2069"),
        ("two\nlines\r\tand tab", "two\\x0alines\\x0d\\x09and tab"),
        ("\u009b2J C1 CSI", "\\x9b2J C1 CSI"),
        ("plain ąłé 🌱 text", "plain ąłé 🌱 text"),
    ],
)
def test_shown_escapes_what_a_terminal_acts_on(text: str, expected: str) -> None:
    assert shown(text) == expected
    assert shown(shown(text)) == expected  # showing twice changes nothing


def test_a_diagnostic_formats_escaped() -> None:
    d = Diagnostic("w\u202e.yaml", 3, 1, "k\x1b[2J", "bad \u202etext", "schema.x")
    assert d.format() == "w\\u202e.yaml:3:1: error: k\\x1b[2J: bad \\u202etext [schema.x]"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "workshop.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_escape_sequence_in_a_key_is_shown_not_sent(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + '"\\e]0;pwned\\a\\e[2J\\u202eevil": 1\n' + AGENDA)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert not UNSAFE.search(result.output), repr(result.output)
    assert "unknown key '\\x1b]0;pwned\\x07\\x1b[2J\\u202eevil'" in result.stderr


def test_agenda_and_library_print_titles_escaped(tmp_path: Path) -> None:
    agenda = AGENDA.replace("opening: Welcome", 'opening: "Wel\\u202ecome \\x9b2J"')
    path = _write(tmp_path, HEADER + agenda)
    result = CliRunner().invoke(cli, ["agenda", str(path)])
    assert result.exit_code == 0, result.output
    assert "Wel\\u202ecome \\x9b2J" in result.stdout
    assert not UNSAFE.search(result.output)


def test_import_prints_headings_escaped(tmp_path: Path) -> None:
    doc = tmp_path / "primer.md"
    doc.write_text(
        "# Allyship\n\n## Clear \u202eyour screen\x1b[2J\n\nA point about allyship that is long enough.\n\n"
        "- one thing to do\n- another thing to do\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["import", str(doc), "--out", str(tmp_path / "lib")])
    assert not UNSAFE.search(result.output), repr(result.output)
    assert "\\u202e" in result.output or "\\x1b" in result.output, result.output


def test_capped_keeps_a_hundred_and_counts_the_rest() -> None:
    many = [Diagnostic("w.yaml", i, 1, "k", "bad", "schema.x") for i in range(1, 251)]
    kept = capped(many)
    assert len(kept) == MAX_DIAGNOSTICS + 1 == 101
    assert kept[:100] == many[:100]
    assert (
        kept[-1].format()
        == "w.yaml: error: and 150 more problems not shown; fix the ones above first [limit.diagnostics]"
    )
    assert capped(kept) == kept  # capping again counts the same
    warnings = [Diagnostic("w.yaml", i, 1, "k", "meh", "x", "warning") for i in range(1, 103)]
    assert capped(warnings)[-1].severity == "warning"  # only warnings left out: still not a failure


def test_validate_prints_at_most_a_hundred_problems_and_a_count(tmp_path: Path) -> None:
    """Thousands of unknown keys: a hundred messages, then one line with the count; every key is counted."""
    keys = "".join(f"unknown_{i}: 1\n" for i in range(3_000))
    path = _write(tmp_path, HEADER + keys + AGENDA)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 101
    assert all("unknown key 'unknown_" in line for line in lines[:100])
    assert lines[-1].endswith(
        "and 2,900 more problems not shown; fix the ones above first [limit.diagnostics]"
    )
    diagnostics = api.check(path)
    assert len(diagnostics) == 101 and diagnostics[-1].hidden == 2_900
