"""The shortcuts taken for ordinary text (checked in C) answer as the character-by-character rules do."""

from __future__ import annotations

import unicodedata

import pytest

from facilitator.text.bidi import has_rtl
from facilitator.text.glyphs import _INVISIBLE, drawable, missing_chars

TEXTS = [
    "",
    "Plain ASCII, as most lines are.",
    "Québec, 14 h 20 — «guillemets» et l’apostrophe",
    "שלום",  # Hebrew
    "Meet سارة at ten",  # Arabic inside English
    "\u0590",  # the first code point of the Hebrew block (unassigned, right to left by default)
    "\u058f",  # the last one before it (Armenian dram sign): left to right
    "mark\u200f",  # RIGHT-TO-LEFT MARK: a right-to-left character beyond Hebrew's block
    "ߊ",  # N'Ko, right to left
    "𐤀 Phoenician",  # right to left, beyond the Basic Multilingual Plane
    "ok 😀",  # beyond the Basic Multilingual Plane
    "tab\tand newline\n",
    "zero\u200bwidth",
    "Ω ≈ ∞ ☃",
]
CMAP = frozenset(range(0x20, 0x7F)) | {ord(c) for c in "éèà—’«»\t\nΩ😀"}


def _has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def _missing(text: str) -> list[str]:
    unseen = (c for c in text if (ord(c) not in CMAP or ord(c) > 0xFFFF) and ord(c) not in _INVISIBLE)
    return list(dict.fromkeys(unseen))


def _drawable(text: str) -> str:
    return "".join(c for c in text if ord(c) in CMAP and ord(c) <= 0xFFFF)


@pytest.mark.parametrize("text", TEXTS)
def test_has_rtl_answers_as_each_character_would(text: str) -> None:
    assert has_rtl(text) == _has_rtl(text)


@pytest.mark.parametrize("text", TEXTS)
def test_drawable_and_missing_chars_answer_as_each_character_would(text: str) -> None:
    assert drawable(text, CMAP) == _drawable(text)
    assert missing_chars(text, CMAP) == _missing(text)


def test_the_cases_are_not_all_alike() -> None:
    assert {has_rtl(t) for t in TEXTS} == {True, False}
    assert {drawable(t, CMAP) == t for t in TEXTS} == {True, False}
    assert {missing_chars(t, CMAP) == [] for t in TEXTS} == {True, False}
