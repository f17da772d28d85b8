"""Words every output shares: how discussion formats and scenario intensities read, on slides and paper.

The messages are English and marked for the catalogues (`N_`); each output
asks for them in the workshop's language through `facilitator.text.i18n.Words`,
so two builds on different machines give the same bytes whatever the locale.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TypeVar

from facilitator.text.i18n import N_, Words, words_for

T = TypeVar("T", bound=str)  # a str, or jinja2's Markup (which stays Markup)

FORMAT_LABELS = {
    "think-pair-share": N_("Think, pair, share"),
    "pairs": N_("Pairs"),
    "small-groups": N_("Small groups"),
    "whole-room": N_("Whole room"),
    "journaling": N_("Journaling"),
    "fishbowl": N_("Fishbowl"),
}

INTENSITY_LABELS = {"gentle": N_("gentle"), "moderate": N_("moderate"), "intense": N_("intense")}


def intensity_label(intensity: str, words: Words) -> str:
    """Return a scenario's intensity (`gentle`, `moderate`, `intense`) in `words`' language."""
    return words._(INTENSITY_LABELS[intensity]) if intensity in INTENSITY_LABELS else intensity


def long_date(day: dt.date, words: Words | None = None) -> str:
    """Return a date with its weekday in `words`' language (English when not given)."""
    return (words or words_for("en")).date(day)


def format_label(discussion_format: str | None, words: Words | None = None) -> str:
    """Return a discussion format as people read it (`Think, pair, share`), or an empty string."""
    if discussion_format not in FORMAT_LABELS:
        return discussion_format or ""
    return (words or words_for("en"))._(FORMAT_LABELS[discussion_format])


def full_stop(text: T) -> T:
    """Return `text` ending a sentence: with a full stop, unless it ends in `?`, `!`, `…` or one already."""
    return text if str(text).rstrip().endswith(("?", "!", "…", ".")) else text + "."


def tidy(sentence: str) -> str:
    """Return a sentence without the doubled punctuation filling in a title can leave: `taking up?.`.

    A title that ends in `?`, `!` or `…` (or a full stop) is followed by the
    sentence's own full stop when it is put into one; the stop goes.
    """
    sentence = re.sub(r"([?!…])\.(?=\s|$)", r"\1", sentence)
    return re.sub(r"(?<![.])\.\.(?=\s|$)", ".", sentence)
