"""Clock times worked out from a workshop file for the tests, never by the code under test.

`planned_times` reads the file's `start:` and each agenda item's `minutes:` as plain text (YAML's
base loader, so an unquoted `09:00` is not read as a number) and adds them up with plain
arithmetic. It serves workshops without `extends:`, `fit:` or agenda edits (the ready and test
workshops), and refuses any other, so a plan that times its segments wrongly cannot agree with
itself in a test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

_MINUTES = re.compile(r"^(?:(\d+)h)?\s*(?:(\d+)m?)?$")


@dataclass(frozen=True)
class Slot:
    """One agenda item's clock times as the workshop file implies them."""

    start: str
    end: str
    minutes: int


def _clock(minute_of_day: int) -> str:
    hours, minutes = divmod(minute_of_day % (24 * 60), 60)
    return f"{hours:02d}:{minutes:02d}"


def _minutes(text: str) -> int:
    match = _MINUTES.match(text.strip())
    assert match and any(match.groups()), f"minutes '{text}' are not of a form this helper reads"
    hours, minutes = (int(g) if g else 0 for g in match.groups())
    return hours * 60 + minutes


def planned_times(path: Path) -> list[Slot]:
    """Return each agenda item's start, end and minutes, from the workshop file's own numbers."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert not {"extends", "fit", "agenda_edits"} & set(data), f"{path}: times depend on more than the file"
    hours, minutes = (int(part) for part in data["start"].split(":"))
    minute = hours * 60 + minutes
    slots = []
    for item in data["agenda"]:
        length = _minutes(item["minutes"])
        slots.append(Slot(_clock(minute), _clock(minute + length), length))
        minute += length
    return slots
