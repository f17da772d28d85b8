"""The tool's own words in the workshop's language: catalogues, CLDR dates and times, French typography.

A French workshop (`tests/roots/french/`, written in French) is built as a
facilitator would; its outputs are read back (pdfplumber for the PDFs, the
Markdown as written, the HTML in headless Chromium) and must hold no English
label from the catalogue, dates as « jeudi 11 mars 2027 », times as « 14 h 20 »,
and no line that starts with a French closing mark.
"""

from __future__ import annotations

import base64
import datetime as dt
import gettext
import io
import re
import shutil
import tempfile
from functools import cache
from pathlib import Path

import pdfplumber
import pytest
from babel.messages.pofile import read_po

from facilitator import api
from facilitator.text import catalogues
from facilitator.text.i18n import is_rtl, locale_for, translations, words_for
from facilitator.text.layout import font_set, wrap
from facilitator.text.markup import Run
from facilitator.text.typography import NARROW_NBSP, NBSP, french, pdf_spaces
from tests.conftest import MINIMAL, PROJECT, ROOTS

FRENCH = ROOTS / "french" / "workshop.yaml"
FONTS = PROJECT / "assets" / "fonts"
CLOSING_MARKS = (":", ";", "!", "?", "»", "%")
_FIELD = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sd]|</?strong>|\*+")


# ---------------------------------------------------------------------------
# Catalogues


def test_catalogues_are_complete_compiled_and_current() -> None:
    """Every message in the code and templates is in every catalogue, translated; .mo match .po."""
    assert catalogues.problems() == []


def test_a_missing_translation_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The completeness check fails on an empty French message and on a stale compiled file."""
    locale = tmp_path / "locale"
    shutil.copytree(catalogues.LOCALE_DIR, locale)
    monkeypatch.setattr(catalogues, "LOCALE_DIR", locale)
    monkeypatch.setattr(catalogues, "TEMPLATE", locale / "facilitator.pot")
    po = locale / "fr" / "LC_MESSAGES" / "facilitator.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Programme"', 'msgstr ""', 1), encoding="utf-8")
    found = catalogues.problems()
    assert any("fr/LC_MESSAGES/facilitator.mo does not match its .po" in line for line in found)
    assert any("'Agenda' has no translation" in line for line in found)


def test_placeholders_must_survive_translation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locale = tmp_path / "locale"
    shutil.copytree(catalogues.LOCALE_DIR, locale)
    monkeypatch.setattr(catalogues, "LOCALE_DIR", locale)
    monkeypatch.setattr(catalogues, "TEMPLATE", locale / "facilitator.pot")
    po = locale / "fr" / "LC_MESSAGES" / "facilitator.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(
        text.replace('msgstr "Page {number} sur {total}"', 'msgstr "Page {numero}"'), encoding="utf-8"
    )
    assert any(
        "'Page {number} of {total}'" in line and "placeholders" in line for line in catalogues.problems()
    )


def test_french_plural_forms_follow_cldr() -> None:
    words = words_for("fr-CA")
    assert words.ngettext("{count} role card", "{count} role cards", 1).format(count=1) == "1 fiche de rôle"
    assert words.ngettext("{count} role card", "{count} role cards", 0).format(count=0) == "0 fiche de rôle"
    assert words.ngettext("{count} role card", "{count} role cards", 2).format(count=2) == "2 fiches de rôle"
    english = words_for("en")
    assert english.ngettext("{count} role card", "{count} role cards", 0).format(count=0) == "0 role cards"


class _Recorder(gettext.NullTranslations):
    """A fallback that notes every message a catalogue did not have."""

    def __init__(self, missed: set[str]) -> None:
        super().__init__()
        self.missed = missed

    def gettext(self, message: str) -> str:
        self.missed.add(message)
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        self.missed.add(singular)
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        self.missed.add(message)
        return message


@pytest.mark.parametrize("workshop", [FRENCH, MINIMAL], ids=["french", "english"])
def test_every_message_an_output_asks_for_is_in_its_catalogue(workshop: Path, tmp_path: Path) -> None:
    """A message built at run time, or hidden from extraction (in an f-string), fails here."""
    missed: set[str] = set()
    for language in ("en", "fr"):
        translations(language).add_fallback(_Recorder(missed))
    try:
        api.build(workshop, tmp_path, force=True, parallel=False)
    finally:
        for language in ("en", "fr"):
            translations(language)._fallback = None
    assert missed == set()


# ---------------------------------------------------------------------------
# CLDR: dates, times, durations, lists


def test_dates_times_and_lists_follow_the_locale() -> None:
    day = dt.date(2027, 3, 11)
    fr, en, france = words_for("fr-CA"), words_for("en"), words_for("fr")
    assert fr.date(day) == "jeudi 11 mars 2027"
    assert en.date(day) == "Thursday, March 11, 2027"
    assert fr.time(14 * 60 + 20) == f"14{NBSP}h{NBSP}20"
    assert en.time(14 * 60 + 20) == "14:20"
    assert france.time(14 * 60 + 20) == "14:20"  # France writes 14:20, Quebec 14 h 20
    assert fr.time_range(600, 690) == f"10{NBSP}h{NBSP}00{NARROW_NBSP}–\u200911{NBSP}h{NBSP}30"
    assert en.time_range(600, 690) == "10:00–11:30"
    assert fr.join(["Alex", "Jordan"]) == "Alex et Jordan"
    assert en.join(["Alex", "Jordan", "Sam"]) == "Alex, Jordan and Sam"
    assert fr.duration(90) == f"1{NBSP}heure et 30{NBSP}minutes"
    assert en.duration(45) == f"45{NBSP}minutes"
    assert fr.number(12345) == f"12{NBSP}345"
    assert fr.quote("Salut") == f"«{NBSP}Salut{NBSP}»"


def test_a_language_without_a_catalogue_reads_in_canadian_english() -> None:
    words = words_for("crk")
    assert (words.catalogue, words.locale) == ("en", "en_CA")
    assert words._("Agenda") == "Agenda"
    assert locale_for("en") == "en_CA" and locale_for("fr") == "fr" and locale_for("fr-ca") == "fr_CA"


@pytest.mark.parametrize(
    ("tag", "rtl"),
    [
        *[("ar", True), ("he", True), ("fa-IR", True), ("ur", True), ("pa-Arab", True), ("yi", True)],
        *[("en", False), ("fr-CA", False), ("pa", False), ("az", False), ("crk", False), ("zz-ZZ", False)],
    ],
)
def test_right_to_left_is_cldrs_character_order(tag: str, rtl: bool) -> None:
    assert is_rtl(tag) is rtl


# ---------------------------------------------------------------------------
# French typography


@pytest.mark.parametrize(
    ("typed", "set_as"),
    [
        ("Pourquoi ?", f"Pourquoi{NARROW_NBSP}?"),
        ("Pourquoi?", "Pourquoi?"),  # no space typed, none added (Quebec usage)
        ("Note : lire", f"Note{NBSP}: lire"),
        ("«Bonjour»", f"«{NBSP}Bonjour{NBSP}»"),
        ("« Bonjour »", f"«{NBSP}Bonjour{NBSP}»"),
        ("Oui ; non !", f"Oui{NARROW_NBSP}; non{NARROW_NBSP}!"),
        ("20 %", f"20{NBSP}%"),
        ("https://example.org/?a=1 à 14:20", "https://example.org/?a=1 à 14:20"),
    ],
)
def test_french_no_break_spaces(typed: str, set_as: str) -> None:
    assert french(typed) == set_as


def test_pdfs_draw_narrow_spaces_as_no_break_spaces() -> None:
    assert pdf_spaces(f"a{NARROW_NBSP}?") == f"a{NBSP}?"


@pytest.mark.parametrize("width", [60, 75, 90, 110, 140, 180, 240])
def test_french_text_never_wraps_before_its_marks(width: int) -> None:
    """Measured with the no-break spaces in place, no line starts with : ; ! ? or »."""
    fonts = font_set(*(FONTS / f"DejaVuSans{s}.ttf" for s in ("", "-Bold", "-Oblique", "-BoldOblique")))
    text = french(
        "Dites-le : « une option dont personne ne parle » ; est-ce clair ? Oui ! "
        "Voici 20 % de marge : « assez » pour tout le monde ? Sans doute !"
    )
    lines = wrap((Run(text),), width, fonts, 12)
    starts = ["".join(r.text for r in line.runs).lstrip()[:1] for line in lines]
    assert len(lines) > 1
    assert not [s for s in starts if s in CLOSING_MARKS], starts


# ---------------------------------------------------------------------------
# A French workshop, built and read back


@cache
def _french_build() -> Path:
    out = Path(tempfile.mkdtemp(prefix="french-build-"))
    api.build(FRENCH, out, force=True, parallel=False)
    return out / "atelier-francais"


def _pdf_lines(path: Path) -> list[str]:
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
        return [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]


@cache
def _english_labels() -> list[tuple[str, str]]:
    """Return (English fragment, message) for every catalogue message French words differently."""
    with (catalogues.po_path("fr")).open("rb") as handle:
        french_catalogue = read_po(handle, locale="fr")
    found = []
    for message in french_catalogue:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        french_text = " ".join(strings)
        for english in ids:
            for fragment in _FIELD.split(english):
                fragment = fragment.strip(" .,:;·()“”—+×%")
                letters = sum(ch.isalpha() for ch in fragment)
                if letters >= 4 and fragment not in french_text:
                    found.append((fragment, english))
    return found


def _english_in(text: str) -> list[str]:
    """Return the English labels in `text`, as words (not inside a file name or an option: handout.html)."""
    return sorted(
        {
            f"{fragment!r} (from {message!r})"
            for fragment, message in _english_labels()
            if re.search(rf"(?<![\w.-]){re.escape(fragment)}(?![\w-]|\.\w)", text)
        }
    )


@pytest.mark.parametrize("name", ["handout.pdf", "guide.pdf", "printables.pdf"])
def test_french_pdfs_hold_no_english_label_and_french_dates(name: str) -> None:
    lines = _pdf_lines(_french_build() / name)
    text = "\n".join(lines)
    assert _english_in(text) == []
    assert "jeudi 11 mars 2027" in text
    assert "14 h 20" in text.replace(NBSP, " ")
    starts = [line for line in lines if line.lstrip()[:1] in CLOSING_MARKS]
    assert starts == []


def _deck_text(path: Path) -> tuple[str, str]:
    """Return the deck's slide text and its speaker notes, as python-pptx reads them."""
    from pptx import Presentation

    deck = Presentation(str(path))
    slides, notes = [], []
    for slide in deck.slides:
        slides += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        if slide.has_notes_slide:
            notes.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(slides), "\n".join(notes)


def test_french_deck_holds_no_english_label() -> None:
    """Slides and speaker notes, read back with python-pptx; the runs say they are French."""
    slides, notes = _deck_text(_french_build() / "deck.pptx")
    assert _english_in(slides) == []
    assert _english_in(notes) == []
    assert "jeudi 11 mars 2027" in slides
    assert "14 h 20" in slides.replace(NBSP, " ")
    assert f"De retour à 15{NBSP}h{NBSP}00" in slides  # the break slide
    xml = (_french_build() / "deck.pptx").read_bytes()
    import zipfile

    with zipfile.ZipFile(io.BytesIO(xml)) as package:
        slide = package.read("ppt/slides/slide1.xml").decode()
    assert 'lang="fr-CA"' in slide and 'lang="en' not in slide


def test_french_slides_never_start_a_line_with_a_french_mark(tmp_path: Path) -> None:
    """The deck's text is measured with its no-break spaces: no measured line starts with : ; ! ? or ».

    A French text with a long line of marks is wrapped on a slide at many points; the
    slide model's own lines (what the .pptx is laid out from) are read.
    """
    from facilitator.render.slides.layout import build_deck

    text = FRENCH.read_text(encoding="utf-8")
    # As many spaces before a mark as after a word: typed plain, about every other line would start with one.
    sentence = "Est-ce clair ? Oui : « tout » ; allons ! " * 12
    workshop = tmp_path / "workshop.yaml"
    workshop.write_text(
        text.replace(
            "  - Vérifier que chaque étape", f'  - "{sentence.strip()}"\n  - Vérifier que chaque étape'
        )
    )
    shutil.copytree(FRENCH.parent / "library", tmp_path / "library")
    deck = build_deck(api.load_plan(workshop))
    starts = []
    lines = 0
    for slide in deck.slides:
        for frame in slide.frames:
            for paragraph in frame.paragraphs:
                for line in paragraph.lines:
                    lines += 1
                    first = "".join(span.text for span in line.spans).lstrip()[:1]
                    if first in CLOSING_MARKS:
                        starts.append((slide.title, "".join(span.text for span in line.spans)))
    assert lines > 50
    assert starts == []
    objectives = next(slide for slide in deck.slides if slide.title == "Objectifs")
    wrapped = [
        p for f in objectives.frames for p in f.paragraphs if "clair" in "".join(s.text for s in p.spans)
    ]
    assert wrapped and len(wrapped[0].lines) > 2  # the sentence does wrap


def test_french_html_handout_holds_no_english_label() -> None:
    import html as html_module

    page = (_french_build() / "handout.html").read_text(encoding="utf-8")
    visible = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    attributes = " ".join(re.findall(r'(?:data-[a-z-]+|aria-label|title|alt)="([^"]*)"', visible))
    visible = html_module.unescape(re.sub(r"<[^>]+>", " ", visible) + " " + attributes)
    assert _english_in(visible) == []
    assert "jeudi 11 mars 2027" in visible


def test_french_markdown_guide_holds_no_english_label() -> None:
    text = (_french_build() / "guide.md").read_text(encoding="utf-8")
    assert _english_in(text) == []
    assert "**Date :**" in text.replace(NBSP, " ")
    assert f"Date{NBSP}:" in text
    assert "jeudi 11 mars 2027" in text


def test_french_timer_holds_no_english_label_and_writes_french_times() -> None:
    """The live timer: its page and the words its script writes, and its clock in the French form."""
    import html as html_module
    import json

    page = (_french_build() / "timer.html").read_text(encoding="utf-8")
    labels = json.loads(re.search(r'id="timer-labels">(.*?)</script>', page, re.S).group(1))
    data = json.loads(re.search(r'id="timer-data">(.*?)</script>', page, re.S).group(1))
    visible = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    visible = html_module.unescape(re.sub(r"<[^>]+>", " ", visible))
    assert _english_in(visible) == []
    assert _english_in("\n".join(labels.values())) == []
    assert data["clock"] == f"{{h}}{NBSP}h{NBSP}{{m}}"  # the script writes 14 h 20
    assert "14 h 20" in visible.replace(NBSP, " ")


def test_the_english_label_check_finds_english() -> None:
    """The check above is not vacuous: an English label in French text is caught."""
    assert _english_in("Programme\nWhat we do\nPage 1 sur 3") == ["'What we do' (from 'What we do')"]


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_french_html_guide_in_chromium(tmp_path: Path) -> None:
    """Chromium lays the guide out and prints it: no English label, no line starting with a French mark."""
    from tests.browser import DevTools

    profile = tmp_path / "profile"
    browser = DevTools(CHROMIUM, profile)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        browser.send("Page.enable", session=session)
        browser.send("Page.navigate", {"url": (_french_build() / "guide.html").as_uri()}, session=session)
        browser.wait_for("Page.loadEventFired")
        lang = browser.send(
            "Runtime.evaluate",
            {"expression": "document.documentElement.lang", "returnByValue": True},
            session,
        )["result"]["value"]
        printed = browser.send("Page.printToPDF", {"paperWidth": 5.5, "paperHeight": 8.5}, session=session)
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)
    pdf = tmp_path / "guide-printed.pdf"
    pdf.write_bytes(base64.b64decode(printed["data"]))
    lines = _pdf_lines(pdf)
    text = "\n".join(lines)
    assert lang == "fr-CA"
    assert "Déroulement" in text
    assert _english_in(text) == []
    assert [line for line in lines if line.lstrip()[:1] in CLOSING_MARKS] == []
