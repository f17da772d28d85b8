"""The JSON Schema `facilitator schema` prints, used the way an editor uses it.

An editor that points a workshop file at the schema (`# yaml-language-server:
$schema=…`) must accept every file `facilitator validate` accepts: the ready
workshops, derived workshops with `extends:` and `agenda_edits:`, and the written
forms of minutes and clock times; and it must flag what validate refuses.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator, FormatChecker

from facilitator.cli import cli
from facilitator.workshop.fields import parse_clock, parse_minutes

PROJECT = Path(__file__).resolve().parent.parent
READY = sorted((PROJECT / "workshops").glob("*.yaml"))


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    """The schema as the CLI prints it, checked against the 2020-12 meta-schema."""
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _as_editor_reads(path_or_text: Path | str) -> Any:
    """The YAML as an editor's language server sees it: dates stay text (YAML 1.2)."""
    text = path_or_text.read_text(encoding="utf-8") if isinstance(path_or_text, Path) else path_or_text
    return json.loads(json.dumps(yaml.safe_load(text), default=str))


def _problems(validator: Draft202012Validator, data: Any) -> list[str]:
    """Each problem the editor would show: where (`$` for the top level) and what."""
    return [f"{'/'.join(map(str, e.absolute_path)) or '$'}: {e.message}" for e in validator.iter_errors(data)]


@pytest.mark.parametrize("path", READY, ids=[p.stem for p in READY])
def test_every_ready_workshop_passes_the_editor_schema(validator: Draft202012Validator, path: Path):
    assert _problems(validator, _as_editor_reads(path)) == []


def _readme_derived_example() -> str:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    derived = [block for block in blocks if block.startswith("extends:")]
    assert len(derived) == 1, "the README's derived-workshop example is its one yaml block starting extends:"
    return derived[0]


def test_the_readmes_derived_workshop_passes_without_the_keys_it_inherits(validator: Draft202012Validator):
    data = _as_editor_reads(_readme_derived_example())
    assert "date" not in data and "agenda" not in data
    assert [edit_key for edit in data["agenda_edits"] for edit_key in edit][:3] == [
        "remove",
        "replace",
        "with",
    ]
    assert _problems(validator, data) == []


BASE = {
    "id": "team-session",
    "title": "Team session",
    "date": "2027-03-11",
    "start": "09:30",
    "duration": 90,
    "agenda": [{"opening": None, "minutes": 10}, {"primer": "privilege", "minutes": 20}],
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"duration": "1h30m"}, []),
        ({"duration": "2h"}, []),
        ({"duration": "90"}, []),
        ({"duration": "45 min"}, []),
        ({"start": "9.30"}, []),
        ({"duration": 3}, ["duration: 3 is not valid under any of the given schemas"]),
        ({"duration": "ten"}, ["duration: 'ten' is not valid under any of the given schemas"]),
        ({"duration": "h"}, ["duration: 'h' is not valid under any of the given schemas"]),
        (
            {"start": "24:00"},
            ["start: '24:00' does not match '^\\\\s*([01]?\\\\d|2[0-3])[:.][0-5]\\\\d\\\\s*$'"],
        ),
        ({"date": "2027-02-30"}, ["date: '2027-02-30' is not a 'date'"]),
        (
            {"organization": "Riverside"},
            ["$: Additional properties are not allowed ('organization' was unexpected)"],
        ),
        ({"agenda_edits": [{"remove": "welcome"}]}, ["$: 'extends' is a dependency of 'agenda_edits'"]),
    ],
    ids=lambda value: json.dumps(value) if isinstance(value, dict) else "",
)
def test_the_schema_reads_what_validate_reads(
    validator: Draft202012Validator, change: dict, expected: list[str]
):
    assert _problems(validator, {**BASE, **change}) == expected


@pytest.mark.parametrize(
    ("workshop", "expected"),
    [
        ({"extends": "allyship-practice", "title": "Ours"}, []),
        (
            {
                "extends": "allyship-practice",
                "agenda_edits": [{"set": "break", "minutes": "15m", "lead": "Sam"}],
            },
            [],
        ),
        (
            {"extends": "allyship-practice", "agenda_edits": [{"set": "break"}]},
            ["agenda_edits/0: {'set': 'break'} is not valid under any of the given schemas"],
        ),
        (
            {"extends": "allyship-practice", "agenda_edits": [{"set": "break", "colour": "red"}]},
            ["agenda_edits/0: {'set': 'break', 'colour': 'red'} is not valid under any of the given schemas"],
        ),
        (
            {"extends": "allyship-practice", "agenda_edits": [{"replace": "welcome"}]},
            ["agenda_edits/0: {'replace': 'welcome'} is not valid under any of the given schemas"],
        ),
        (
            {
                "extends": "allyship-practice",
                "agenda_edits": [{"insert_after": "welcome", "segment": {"break": None}}],
            },
            [
                "agenda_edits/0: {'insert_after': 'welcome', 'segment': {'break': None}} is not valid under "
                "any of the given schemas"
            ],
        ),
        (
            {"title": "Ours"},
            [f"$: '{key}' is a required property" for key in ("id", "date", "start", "duration", "agenda")],
        ),
    ],
    ids=[
        "inherits-the-rest",
        "set-minutes-and-lead",
        "set-nothing",
        "set-unknown",
        "replace-without-with",
        "insert-segment-without-minutes",
        "not-derived-needs-its-keys",
    ],
)
def test_derived_workshops_in_the_schema(
    validator: Draft202012Validator, workshop: dict, expected: list[str]
):
    assert _problems(validator, workshop) == expected


WRITTEN_MINUTES = [
    "90",
    " 90 ",
    "90m",
    "90 min",
    "90 minutes",
    "2h",
    "2 hours",
    "1h30m",
    "1h 30m",
    "1 hour 30 min",
    "h",
    "m",
    "",
    " ",
    "ten",
    "1.5h",
    "90s",
    "-5",
    "1h30",
    "30m1h",
    "hm",
    "1hour",
    "2hours30minutes",
]
WRITTEN_CLOCKS = [
    "09:30",
    "9:30",
    "9.30",
    " 9:30 ",
    "23:59",
    "00:00",
    "24:00",
    "9:5",
    "930",
    "09:60",
    "9h30",
    "09:30:00",
]


def _parses(parse: Any, text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("text", WRITTEN_MINUTES)
def test_the_minutes_pattern_agrees_with_parse_minutes(validator: Draft202012Validator, text: str):
    """A written length the editor accepts is one the build reads, and the other way round."""
    read = _parses(parse_minutes, text) and 5 <= parse_minutes(text) <= 24 * 60
    assert (not _problems(validator, {**BASE, "duration": text})) == read


@pytest.mark.parametrize("text", WRITTEN_CLOCKS)
def test_the_clock_pattern_agrees_with_parse_clock(validator: Draft202012Validator, text: str):
    assert (not _problems(validator, {**BASE, "start": text})) == _parses(parse_clock, text)
