"""A terminal that is not UTF-8: a Latin-1 locale, a Windows console in cp1252.

Every command prints what the terminal can show: French narrow no-break spaces,
`’`, `—` and `…` written plainly where it lacks them, anything else as a `\\u`
escape; never a traceback. (An ASCII terminal is click's: it writes UTF-8 there.)
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import PROJECT

FRENCH_INTRO = "workshops/allyship-intro-fr.yaml"


def facilitator(encoding: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `facilitator` from the project's folder with stdout and stderr in `encoding`."""
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run(
        [sys.executable, "-m", "facilitator", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        encoding=encoding,
        env=env,
        timeout=120,
        check=False,
    )


NBSP = "\u00a0"  # Latin-1 and cp1252 have it; the narrow one (U+202F) and U+2009 they lack


@pytest.mark.parametrize(
    ("encoding", "times"),
    [
        ("latin-1", f" - 2027-03-11, 10{NBSP}h{NBSP}00 - 11{NBSP}h{NBSP}00"),
        ("cp1252", f" \u2014 2027-03-11, 10{NBSP}h{NBSP}00 \u2013 11{NBSP}h{NBSP}00"),  # it has — and –
    ],
)
def test_the_french_run_of_show_prints_on_a_terminal_that_is_not_utf8(encoding: str, times: str) -> None:
    shown = facilitator(encoding, "agenda", FRENCH_INTRO)
    assert shown.returncode == 0, shown.stderr
    first, header = shown.stdout.splitlines()[:2]
    assert first == f"Agir en personne alliée{NBSP}: une introduction{times}"
    assert header.split()[:2] == ["Début", "Fin"]
    # the note quotes the French support placeholder: its ’ is kept by cp1252, plain in Latin-1
    apostrophe = "\u2019" if encoding == "cp1252" else "'"
    assert f"[Personne-ressource de l{apostrophe}organisme hôte{NBSP}: nom et rôle]" in shown.stderr
    assert "Traceback" not in shown.stderr and "internal error" not in shown.stderr


@pytest.mark.parametrize(
    "args",
    [("--help",), ("build", "--help"), ("validate", FRENCH_INTRO), ("library", "scenarios")],
    ids=["help", "build-help", "validate-french", "library"],
)
def test_every_command_prints_in_latin1(args: tuple[str, ...]) -> None:
    shown = facilitator("latin-1", *args)
    assert shown.returncode == 0, shown.stderr
    assert "Traceback" not in shown.stderr and "internal error" not in shown.stderr
    assert shown.stdout.strip()
