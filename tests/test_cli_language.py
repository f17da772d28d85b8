"""The command line speaks the workshop's language: what a build wrote, validate's verdict, the watch.

A French workshop is built, validated, shown and watched as a facilitator does it: the
`facilitator` command in a real process, run from the project's folder with relative
paths. Every line it prints about the workshop's outputs or its run-of-show must be French,
set with French no-break spaces, and hold no English label from the catalogue (the
catalogue check of `test_i18n`); the same commands on an English workshop keep their
English lines. Diagnostics about the input file stay English (README, Languages), so
only stdout is read here, and stderr is checked to hold the diagnostics the verdict counts.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.text.typography import NARROW_NBSP, NBSP
from facilitator.watch import watch
from tests.conftest import PROJECT, ROOTS, default_sigint
from tests.test_cli import OUTPUTS
from tests.test_i18n import _english_in
from tests.test_watch import _read_lines, touch_edit

FRENCH_INTRO = "workshops/allyship-intro-fr.yaml"
ENGLISH_INTRO = "workshops/allyship-intro.yaml"
FRENCH_TEST = "tests/roots/french/workshop.yaml"  # one warning and one note, on purpose


def facilitator(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the `facilitator` command from the project's folder, as a person at a terminal does."""
    return subprocess.run(
        [sys.executable, "-m", "facilitator", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def test_a_french_build_says_in_french_what_it_wrote(tmp_path: Path) -> None:
    out = tmp_path / "output"
    built = facilitator("build", FRENCH_INTRO, "--out", str(out))
    assert built.returncode == 0, built.stderr
    lines = built.stdout.splitlines()
    folder = out / "allyship-intro-fr"
    assert [line.split(" (")[0] for line in lines] == [
        f"enregistré{NBSP}: {folder / name}" for name in OUTPUTS
    ]
    assert re.fullmatch(
        rf"enregistré{NBSP}: {re.escape(str(folder))}/deck\.pptx \(\d+ diapositives\)", lines[0]
    )
    assert all((folder / name).is_file() for name in OUTPUTS)
    assert _english_in(built.stdout) == []

    again = facilitator("build", FRENCH_INTRO, "--out", str(out))
    assert (again.returncode, again.stdout) == (
        0,
        f"{folder}{NBSP}: déjà à jour, rien n’a été enregistré (ajoutez --force pour tout reconstruire)\n",
    )


def test_an_english_build_keeps_its_english_lines(tmp_path: Path) -> None:
    out = tmp_path / "output"
    built = facilitator("build", ENGLISH_INTRO, "--out", str(out), "--only", "guide", "--only", "calendar")
    assert built.returncode == 0, built.stderr
    folder = out / "allyship-intro"
    assert [line.split(" (")[0] for line in built.stdout.splitlines()] == [
        f"wrote {folder / 'guide.md'}",
        f"wrote {folder / 'guide.html'}",
        f"wrote {folder / 'guide.pdf'}",
        f"wrote {folder / 'session.ics'}",
    ]
    again = facilitator("build", ENGLISH_INTRO, "--out", str(out), "--only", "guide", "--only", "calendar")
    assert again.stdout == f"{folder}: up to date, nothing written (use --force to rebuild)\n"


def test_language_builds_the_same_workshop_and_says_so_in_that_language(tmp_path: Path) -> None:
    out = tmp_path / "output"
    built = facilitator("build", ENGLISH_INTRO, "--language", "fr", "--out", str(out), "--only", "calendar")
    assert built.returncode == 0, built.stderr
    assert (
        built.stdout
        == f"enregistré{NBSP}: {out / 'allyship-intro-fr' / 'session.ics'} (agenda, 1 événement)\n"
    )


def test_validate_gives_its_verdict_in_the_workshops_language() -> None:
    checked = facilitator("validate", FRENCH_TEST, ENGLISH_INTRO, FRENCH_INTRO)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.splitlines() == [
        f"{FRENCH_TEST}{NBSP}: aucune erreur (1 avertissement, 1 remarque)",
        f"{ENGLISH_INTRO}: ok (1 note(s))",
        f"{FRENCH_INTRO}{NBSP}: aucune erreur (1 remarque)",
    ]
    # What the verdicts count are the diagnostics above them, which stay in English.
    assert [re.sub(r"^\S+:\d+:\d+: (\w+): .*", r"\1", line) for line in checked.stderr.splitlines()] == [
        "note",
        "warning",
        "note",
        "note",
    ]
    retold = facilitator("validate", ENGLISH_INTRO, "--language", "fr-CA")
    assert retold.stdout == f"{ENGLISH_INTRO}{NBSP}: aucune erreur (1 avertissement, 1 remarque)\n"
    assert "[i18n.fallback]" in retold.stderr


def test_agenda_shows_the_run_of_show_in_french() -> None:
    shown = facilitator("agenda", FRENCH_INTRO)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    title, times = lines[0].split(" — ")
    assert title == f"Agir en personne alliée{NBSP}: une introduction"
    ten, eleven = f"10{NBSP}h{NBSP}00", f"11{NBSP}h{NBSP}00"
    assert times == f"2027-03-11, {ten}{NARROW_NBSP}–\u2009{eleven}"  # CLDR's fr-CA range
    assert lines[1].split() == ["Début", "Fin", "Min", "Id", "Segment", "Titre"]
    assert re.split(" {2,}", lines[2].strip())[:5] == [ten, f"10{NBSP}h{NBSP}08", "8", "welcome", "Ouverture"]
    assert lines[-1] == f"Total{NBSP}: 60 minutes sur 60"
    assert _english_in(shown.stdout) == []


def test_new_from_a_french_workshop_says_so_in_french(tmp_path: Path) -> None:
    made = subprocess.run(
        [sys.executable, "-m", "facilitator", "new", "riverside", "--from", "allyship-intro-fr"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    next_step = f"ensuite{NBSP}: facilitator agenda riverside.yaml"
    assert made.stdout == f"enregistré{NBSP}: riverside.yaml{NARROW_NBSP}; {next_step}\n"


def test_a_french_watch_says_in_french_what_it_did(tmp_path: Path) -> None:
    """From the first build to Ctrl-C: what it wrote, that it is watching, that it stopped."""
    out = tmp_path / "output"
    command = [sys.executable, "-m", "facilitator", "build", FRENCH_INTRO, "--watch", "--only", "deck"]
    with (tmp_path / "stderr.txt").open("w+", encoding="utf-8") as errors:
        process = subprocess.Popen(
            [*command, "--out", str(out)],
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            encoding="utf-8",
            preexec_fn=default_sigint,
        )
        try:
            lines = _read_lines(process.stdout)  # type: ignore[arg-type]
            printed: list[str] = []
            while not any(line.startswith("surveillance des modifications") for line in printed):
                line = lines.get(timeout=120)
                assert line is not None, f"the watch ended before watching: {printed}"
                printed.append(line)
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
        while (line := lines.get(timeout=10)) is not None:
            printed.append(line)
    assert process.returncode == 0
    first, watching, stopped = [line.rstrip("\n") for line in printed]
    assert re.fullmatch(rf"{re.escape(FRENCH_INTRO)}{NBSP}: deck\.pptx enregistré en \d+,\d\d s", first), (
        first
    )
    assert watching == (
        f"surveillance des modifications de 1 atelier{NARROW_NBSP}; appuyez sur Ctrl+C pour arrêter"
    )
    assert stopped == "surveillance arrêtée"
    assert (out / "allyship-intro-fr" / "deck.pptx").is_file()


@pytest.fixture
def french_workshop(tmp_path: Path) -> Path:
    shutil.copytree(ROOTS / "french", tmp_path / "w")
    return tmp_path / "w" / "workshop.yaml"


def test_a_french_watch_says_not_built_changed_and_unchanged_in_french(
    french_workshop: Path, tmp_path: Path
) -> None:
    """An error, its fix and an edit that changes nothing, each said in French (the error stays English)."""
    out = tmp_path / "out"
    lines: list[str] = []
    edits = {
        2: lambda: touch_edit(french_workshop, "duration: longtemps", "duration: 45m"),
        3: lambda: touch_edit(french_workshop, "language: fr-CA", "language: fr-CA  # un commentaire"),
    }
    cycle = 0

    def sleep(_seconds: float) -> None:
        nonlocal cycle
        cycle += 1
        if cycle in edits:
            edits[cycle]()

    # The first build fails: with no plan to tell the workshop's language, the watch reads it in the file.
    touch_edit(french_workshop, "duration: 45m", "duration: longtemps")
    watch([french_workshop], out, max_cycles=4, sleep=sleep, echo=lines.append, only=["deck"])
    path = str(french_workshop)
    diagnostic = re.compile(r"^\S+:\d+:\d+: (error|warning|note): ([^:]+):")
    said = [line for line in lines if not diagnostic.match(line)]
    assert (
        said[0] == f"{path}{NBSP}: rien n’a été produit (1 erreur){NARROW_NBSP}; en attente de modifications"
    )
    assert (
        said[1]
        == f"surveillance des modifications de 1 atelier{NARROW_NBSP}; appuyez sur Ctrl+C pour arrêter"
    )
    assert said[2] == f"{path}{NBSP}: fichier modifié{NBSP}: {french_workshop.resolve()}"
    assert re.fullmatch(rf"{re.escape(path)}{NBSP}: deck\.pptx enregistré en \d+,\d\d s", said[3]), said[3]
    assert said[4] == said[2]
    assert re.fullmatch(rf"{re.escape(path)}{NBSP}: fichiers inchangés en \d+,\d\d s", said[5]), said[5]
    assert len(said) == 6
    # The diagnostics stay in English: the error, then each build's warning and note.
    assert [found.groups() for line in lines if (found := diagnostic.match(line))] == [
        ("error", "duration"),
        *[("note", "id"), ("warning", "agenda[3].minutes")] * 2,
    ]
    assert _english_in("\n".join(said)) == []


def test_the_lines_are_french_when_the_terminal_is_not_utf8(tmp_path: Path) -> None:
    """With a C locale Python still writes UTF-8 (PEP 538/540): the French lines reach the terminal whole."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIOENCODING"))}
    done = subprocess.run(
        [sys.executable, "-m", "facilitator", "validate", FRENCH_TEST],
        cwd=PROJECT,
        capture_output=True,
        env={**env, "LC_ALL": "C"},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0
    assert (
        done.stdout.decode("utf-8") == f"{FRENCH_TEST}{NBSP}: aucune erreur (1 avertissement, 1 remarque)\n"
    )


def test_validate_allow_outside_gives_its_verdict_in_the_parents_language(tmp_path: Path) -> None:
    """A French workshop extended from outside the child's folder: the verdict is French too."""
    (tmp_path / "parent").mkdir()
    shutil.copy(PROJECT / FRENCH_INTRO, tmp_path / "parent" / "base.yaml")
    child = tmp_path / "child" / "workshop.yaml"
    child.parent.mkdir()
    child.write_text("extends: ../parent/base.yaml\nid: outside-child\n", encoding="utf-8")
    shown = facilitator("validate", "--allow-outside", str(child))
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith(f"{child}{NBSP}: aucune erreur")
