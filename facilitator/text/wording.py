"""Words every output shares: how dates and discussion formats read, the same on slides and paper.

Names are English whatever the machine's locale, so two builds on different
machines give the same bytes.
"""

from __future__ import annotations

import datetime as dt

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
FORMAT_LABELS = {
    "think-pair-share": "Think, pair, share",
    "pairs": "Pairs",
    "small-groups": "Small groups",
    "whole-room": "Whole room",
    "journaling": "Journaling",
    "fishbowl": "Fishbowl",
}


def long_date(day: dt.date) -> str:
    """Return a date as `Friday 15 January 2027`."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def format_label(discussion_format: str | None) -> str:
    """Return a discussion format as people read it (`Think, pair, share`), or an empty string."""
    return FORMAT_LABELS.get(discussion_format or "", discussion_format or "")
