"""The command line: each command's exit code and output (click's CliRunner).

Every test here runs twice: with one core visible and with two, so that a lone workshop's
build takes the one-process path and the forked path (`facilitator.build.fork`) in turn.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitator.build import fork
from facilitator.build.manifest import MANIFEST_NAME
from facilitator.build.staging import Staging
from facilitator.cli import cli

from .conftest import MINIMAL, PROJECT

OUTPUTS = [
    "deck.pptx",
    "notes.pdf",
    "slides-handout.pdf",
    "guide.md",
    "guide.html",
    "guide.pdf",
    "handout.pdf",
    "handout.html",
    "printables.pdf",
    "timer.html",
    "session.ics",
]


@dataclass
class Cores:
    """How many cores the test lets the build see, and the forks it made."""

    count: int
    forks: list[tuple[list[str], Path]] = field(default_factory=list)


@pytest.fixture(autouse=True, params=[1, 2], ids=["one-core", "two-cores"])
def cores(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Cores:
    """See one core or two, whatever the machine has, and record every forked renderer."""
    seen = Cores(request.param)
    monkeypatch.setattr(fork, "cores", lambda: seen.count)
    real_init = fork.Child.__init__

    def spy(child: fork.Child, work: fork.ChildWork, staging: Staging, what: list[str]) -> None:
        seen.forks.append((list(what), staging.out_dir))
        real_init(child, work, staging, what)

    monkeypatch.setattr(fork.Child, "__init__", spy)
    return seen


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


COMMANDS = ("build", "validate", "agenda", "library", "schema")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_lists_every_command(command: str):
    result = _run("--help")
    assert result.exit_code == 0
    assert command in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_help_has_examples(command: str):
    result = _run(command, "--help")
    assert result.exit_code == 0
    assert "facilitator " + command in result.output


def test_validate_ok_and_bad(write_yaml):
    assert _run("validate", str(MINIMAL)).exit_code == 0
    bad = write_yaml("id: x\ntitle: T\ndate: 2027-01-01\nstart: '09:00'\nduration: 30\nagenda: []\n")
    result = _run("validate", str(bad))
    assert result.exit_code == 2
    assert result.output.strip() == f"{bad}:6:9: error: agenda: needs at least 1 item(s) [schema.too-short]"


def test_validate_strict_turns_warnings_into_errors(write_yaml):
    path = write_yaml(
        "id: x\ntitle: T\ndate: 2027-01-01\nstart: '09:00'\nduration: 60\n"
        "agenda:\n  - opening: Hi\n    minutes: 30\n"
    )
    assert _run("validate", str(path)).exit_code == 0
    result = _run("validate", "--strict", str(path))
    assert result.exit_code == 2
    assert "error: duration: the agenda adds up to 30 of 60 minutes" in result.output


def test_agenda_prints_clock_times():
    result = _run("agenda", str(MINIMAL))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "A small test workshop — 2027-01-15, 10:00–10:45"
    assert lines[1].split() == ["Start", "End", "Min", "Id", "Segment", "Title"]
    assert lines[2].split() == ["10:00", "10:05", "5", "opening", "Opening", "Welcome"]
    assert lines[-2].split()[:5] == ["10:40", "10:45", "5", "closing", "Closing"]
    assert lines[-1] == "Total: 45 of 45 minutes"


def test_agenda_of_a_bad_file_exits_2(write_yaml):
    path = write_yaml("id: x\n")
    result = _run("agenda", str(path))
    assert result.exit_code == 2
    assert "'title' is required here" in result.output


def test_library_lists_ids_titles_and_minutes():
    result = _run("library", "scenarios")
    assert result.exit_code == 0
    assert result.output.startswith("scenarios (")
    assert "primer (" not in result.output
    assert "min" in result.output


def test_schema_is_json_schema_with_agenda():
    result = _run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["type"] == "object"
    assert "agenda" in schema["properties"]
    assert schema["additionalProperties"] is False


def test_build_writes_and_reports(tmp_path):
    result = _run("build", str(MINIMAL), "--out", str(tmp_path), "--only", "deck")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "minimal" / "deck.pptx").is_file()
    assert result.output.startswith(f"wrote {tmp_path / 'minimal' / 'deck.pptx'} (")
    assert "slides)" in result.output


def test_only_takes_outputs_joined_by_commas(tmp_path: Path):
    """`--only deck,notes` builds those two, as `--only deck --only notes` does; a repeat counts once."""
    result = _run("build", str(MINIMAL), "--out", str(tmp_path), "--only", "Deck, notes", "--only", "deck")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "minimal").iterdir() if not p.name.startswith(".")) == [
        "deck.pptx",
        "notes.pdf",
    ]
    assert [line.split()[1] for line in result.output.splitlines()] == [
        str(tmp_path / "minimal" / "deck.pptx"),
        str(tmp_path / "minimal" / "notes.pdf"),
    ]


@pytest.mark.parametrize(
    ("only", "message"),
    [
        ("deck,nots", "'nots' is not an output (did you mean notes?); use deck, notes, slides-handout,"),
        ("deck,,guide", "'deck,,guide' names an empty output; use deck, notes,"),
        ("poster", "'poster' is not an output; use deck, notes,"),
    ],
    ids=["misspelt", "empty", "unknown"],
)
def test_only_refuses_an_unknown_output_and_writes_nothing(tmp_path: Path, only: str, message: str):
    result = CliRunner().invoke(cli, ["build", str(MINIMAL), "--out", str(tmp_path / "out"), "--only", only])
    assert result.exit_code == 2
    assert f"Invalid value for '--only': {message}" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("out", [None, "built", "./built/nested"], ids=["default", "relative", "nested"])
def test_a_lone_workshop_builds_every_output_into_a_relative_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cores: Cores, out: str | None
):
    """The quick-start line: one workshop, a relative (or the default) --out, one core or two."""
    monkeypatch.chdir(tmp_path)
    result = _run("build", str(MINIMAL), *(["--out", out] if out else []))
    assert result.exit_code == 0, result.output
    folder = Path(out or "output") / "minimal"
    assert [line.split(" (")[0] for line in result.output.splitlines()] == [
        f"wrote {folder / name}" for name in OUTPUTS
    ]
    assert sorted(p.name for p in folder.iterdir()) == sorted([*OUTPUTS, MANIFEST_NAME])
    assert all((folder / name).stat().st_size > 0 for name in OUTPUTS)
    forked = ["guide", "handout", "printables"]  # the second process's renderers
    assert cores.forks == ([(forked, folder)] if cores.count == 2 else [])
    again = _run("build", str(MINIMAL), *(["--out", out] if out else []), "--jobs", "1", "--force")
    assert again.exit_code == 0, again.output
    assert cores.forks == ([(forked, folder)] if cores.count == 2 else [])  # --jobs 1: no fork


def test_build_with_an_error_writes_nothing(tmp_path, write_yaml):
    path = write_yaml(
        "id: x\ntitle: T\ndate: 2027-01-01\nstart: '09:00'\nduration: 30\n"
        "agenda:\n  - primer: no-such-id\n    minutes: 30\n"
    )
    out = tmp_path / "out"
    result = _run("build", str(path), "--out", str(out))
    assert result.exit_code == 2
    assert "no primer section 'no-such-id'" in result.output
    assert not out.exists()


def test_python_dash_m_entry_point():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "--version"], cwd=PROJECT, capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "facilitator" in result.stdout
