"""The kinds of value a workshop file holds, shared by every model of `facilitator.workshop.schema`.

Ids, one-line and longer texts (written once, or once per language: `{en: …, fr: …}`),
names, minutes and durations (`90`, `90m`, `2h`, `1h30m`), clock times, and `Model`,
the base of every model: unknown keys are errors and values are read-only once checked.
Each type's limits are here, next to it, with the reason for them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationInfo
from pydantic_core import PydanticCustomError

from facilitator.errors import short
from facilitator.workshop.languages import LANGUAGE_TAG, Languages, choose

MAX_SEGMENT_MINUTES = 480

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80),
    Field(description="lowercase letters, digits and hyphens, e.g. `meeting-credit`"),
]


def _per_language(value: Any, info: ValidationInfo) -> Any:
    """Pick a field's text for the build's language: a text, or a mapping `{en: …, fr: …}`.

    The language comes through the validation context (`languages.Languages`);
    without one (a model checked on its own) the English text is kept.
    """
    if isinstance(value, dict):
        if not value:
            raise PydanticCustomError(
                "language_text",
                "expected text, or text per language such as {en: …, fr: …}; got an empty mapping",
            )
        for key, text in value.items():
            if not (isinstance(key, str) and LANGUAGE_TAG.match(key)):
                raise PydanticCustomError(
                    "language_text",
                    "'{key}' is not a language tag; write text, or text per language such as "
                    "{en: …, fr: …} (tags like en, fr, fr-CA)",
                    {"key": short(str(key))},
                )
            if not isinstance(text, str) or not text.strip():
                raise PydanticCustomError(
                    "language_text", "the '{key}' text is empty or not text", {"key": short(str(key))}
                )
    languages = info.context if isinstance(info.context, Languages) else None
    if languages is None:
        return value[choose(value, "en")] if isinstance(value, dict) else value
    return languages.pick(value)


# Text a reader sees, written once or once per language (see `languages.py`).
PER_LANGUAGE = BeforeValidator(_per_language, json_schema_input_type=str | dict[str, str])
# The constraints come first, so that pydantic sets them on the text itself (and says "N characters long").
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), PER_LANGUAGE]
# Text that is the same in every language: file paths, theme ids, colours, web addresses, fonts.
Plain = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# Titles, names and other one-line texts: shown on a slide title, a page footer or a bookmark,
# where a longer text is a mistake (or an attack: a 20,000-letter title took minutes to lay out).
MAX_LINE_CHARS = 300
Line = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_LINE_CHARS), PER_LANGUAGE
]
PlainLine = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_LINE_CHARS)]
# A person's name, and how many facilitators a workshop lists: together they fit on the
# handout's cover table (a table row cannot continue on the next page).
MAX_NAME_CHARS = 100
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME_CHARS)]

# Matched against stripped text of at most MAX_DURATION_CHARS: no two runs of spaces may meet
# (the earlier `\s*(…)?\s*$` tried every way of sharing a run of spaces between them, so a
# "1h", 20,000 spaces and an "x" took seconds).
_DURATION = re.compile(r"(?:(\d+)\s*h(?:ours?)?)?\s*(?:(\d+)\s*m(?:in(?:utes?)?)?)?")
MAX_DURATION_CHARS = 40
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def parse_minutes(value: Any) -> Any:
    """Turn `90`, `"90m"`, `"2h"` or `"1h30m"` into whole minutes; leave other input to the schema."""
    if isinstance(value, bool):
        raise ValueError("expected minutes such as 90, 90m, 2h or 1h30m, got a yes/no value")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit() and len(text) <= MAX_DURATION_CHARS:
            return int(text)
        match = _DURATION.fullmatch(text) if len(text) <= MAX_DURATION_CHARS else None
        if not match or not any(match.groups()):
            raise ValueError(f"expected minutes such as 90, 90m, 2h or 1h30m, got '{short(value)}'")
        hours, minutes = (int(g) if g else 0 for g in match.groups())
        return hours * 60 + minutes
    return value


def parse_clock(value: Any) -> Any:
    """Turn `"09:30"` into a time of day; refuse hours past 23 and minutes past 59."""
    if isinstance(value, str):
        match = _CLOCK.match(value.strip())
        if not match:
            raise ValueError(f"expected a clock time HH:MM such as \"09:30\", got '{short(value)}'")
        hour, minute = int(match[1]), int(match[2])
        if hour > 23 or minute > 59:
            raise ValueError(f"'{value}' is not a time of day; hours go 00–23 and minutes 00–59")
        return dt.time(hour, minute)
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError(f'expected a quoted clock time such as "09:30", got {value}')
    return value


Minutes = Annotated[
    int,
    BeforeValidator(parse_minutes),
    Field(ge=1, le=MAX_SEGMENT_MINUTES, description="whole minutes, or forms like 90m, 2h, 1h30m"),
]
Duration = Annotated[
    int,
    BeforeValidator(parse_minutes),
    Field(ge=5, le=24 * 60, description="length of the session: 90, 90m, 2h or 1h30m"),
]
ClockTime = Annotated[dt.time, BeforeValidator(parse_clock)]


class Model(BaseModel):
    """Base of every model: unknown keys are errors and values are read-only once checked."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
