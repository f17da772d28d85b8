"""Right-to-left scripts in lines that are drawn left to right: the Unicode bidirectional algorithm.

Arabic and Hebrew are stored in reading order and drawn from right to left. A
PDF line is drawn from left to right, so each line's words must be put in the
order the eye meets them: `visual_order` does that with python-bidi's reference
implementation of the algorithm (UAX #9), word by word, once a line is broken.
Inside a word, HarfBuzz (through reportlab) joins the letters and lays an
Arabic or Hebrew word out right to left; `ltr_runs` finds what inside such a
word still reads left to right (the digits of `كلمة10`), which the shaper
reversed with it.

Only text that holds a right-to-left letter goes through any of this, so the
PDFs of every other workshop are byte-identical with or without it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

RTL_CLASSES = frozenset({"R", "AL"})
STRONG = {"L": "a", "R": "\u05d0", "AL": "\u0627"}  # a stand-in letter of each strong direction
_FIRST_RTL = 0x0590  # no character below Hebrew's block is right to left
_FIRST_RTL_CHAR = chr(_FIRST_RTL)
# What reads left to right inside a right-to-left word: letters, digits and what joins numbers.
_LTR_INSIDE = frozenset({"L", "EN", "AN", "ES", "ET", "CS"})
_NEUTRAL = frozenset({"ON", "CS", "ES", "ET", "WS", "BN"})


def has_rtl(text: str) -> bool:
    """Return True when `text` holds a right-to-left letter (Hebrew, Arabic, Syriac, Thaana, …)."""
    if not text or max(text) < _FIRST_RTL_CHAR:  # most text: one pass in C, no character looked up
        return False
    return any(ord(ch) >= _FIRST_RTL and unicodedata.bidirectional(ch) in RTL_CLASSES for ch in text)


def starts_rtl(text: str) -> bool:
    """Return True when the first letter with a direction in `text` is right to left (rules P2 and P3)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in RTL_CLASSES:
            return True
    return False


def stand_in(piece: str) -> str:
    """Return one character with the direction `piece` has, for ordering pieces as characters.

    A piece with a letter takes its first letter's direction; one of digits only
    is a number; spaces stay spaces; anything else stands for itself.
    """
    if not piece:
        return "\ufffc"
    if piece.isspace():
        return " "
    for ch in piece:
        kind = unicodedata.bidirectional(ch)
        if kind in STRONG:
            return STRONG[kind]
    for ch in piece:
        kind = unicodedata.bidirectional(ch)
        if kind == "EN":
            return "1"
        if kind == "AN":
            return "\u0661"
    return piece[0]


def visual_order(pieces: Sequence[str], rtl: bool) -> list[int]:
    """Return the indices of a line's `pieces` (words and the spaces between them) in visual order.

    `rtl` is the paragraph's direction. Each piece is ordered as one character
    of its direction (see `stand_in`), by the bidirectional algorithm's rules
    for levels and reordering (python-bidi's `bidi.algorithm`).
    """
    return [index for index, _level in visual_levels(pieces, rtl)]


def visual_levels(pieces: Sequence[str], rtl: bool) -> list[tuple[int, int]]:
    """Return (index, embedding level) of each piece in visual order; an odd level reads right to left."""
    return list(_order(tuple(stand_in(p) for p in pieces), rtl))


@lru_cache(maxsize=4096)
def _order(symbols: tuple[str, ...], rtl: bool) -> tuple[tuple[int, int], ...]:
    from bidi import algorithm  # only for text with a right-to-left letter

    storage = algorithm.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    algorithm.get_embedding_levels("".join(symbols), storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    levels = [char["level"] for char in storage["chars"]]  # before L1 resets trailing spaces
    algorithm.reorder_resolved_levels(storage, False)
    return tuple((char["index"], levels[char["index"]]) for char in storage["chars"])


def is_neutral(ch: str) -> bool:
    """Return True for punctuation and symbols, which take their direction from their neighbours."""
    return unicodedata.bidirectional(ch) in _NEUTRAL


def mirrored(text: str) -> str:
    """Return `text` as a right-to-left run shows it: backwards, brackets turned (`(a).` → `.(a)`)."""
    from bidi.mirror import MIRRORED

    return "".join(MIRRORED.get(ch, ch) for ch in reversed(text))


def ltr_runs(text: str) -> list[tuple[int, int]]:
    """Return the spans (start, end) of `text` that read left to right inside a right-to-left word.

    Only runs that hold a letter or digit of their own count (`10`, `3.5`,
    `ABC`), not lone punctuation.
    """
    runs: list[tuple[int, int]] = []
    start = None
    for i, ch in enumerate([*text, "\u05d0"]):  # a right-to-left letter closes the last run
        private = 0xE000 <= ord(ch) <= 0xF8FF  # a glyph the shaper made, without a character of its own
        inside = not private and unicodedata.bidirectional(ch) in _LTR_INSIDE
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            if (
                any(unicodedata.bidirectional(c) in ("L", "EN", "AN") for c in text[start:i])
                and i - start > 1
            ):
                runs.append((start, i))
            start = None
    return runs


# The language a run of a right-to-left script most likely is, by its first letter's block.
_SCRIPT_LANGUAGES = ((0x0590, 0x05FF, "he"), (0x0600, 0x06FF, "ar"), (0x0700, 0x074F, "syr"),
                     (0x0750, 0x077F, "ar"), (0x0780, 0x07BF, "dv"), (0x07C0, 0x07FF, "nqo"),
                     (0x08A0, 0x08FF, "ar"), (0xFB1D, 0xFB4F, "he"), (0xFB50, 0xFDFF, "ar"),
                     (0xFE70, 0xFEFF, "ar"))  # fmt: skip


def run_language(text: str, language: str, rtl_language: bool) -> str:
    """Return the language tag a run of `text` carries in a document written in `language`.

    Text in a right-to-left script is tagged with the document's language when
    that language is written right to left (Persian in a Persian workshop), else
    with the script's usual language (Arabic, Hebrew, …); other text keeps `language`.
    """
    if rtl_language or not has_rtl(text):
        return language
    for ch in text:
        code = ord(ch)
        for first, last, tag in _SCRIPT_LANGUAGES:
            if first <= code <= last:
                return tag
    return language
