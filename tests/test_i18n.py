"""The tool's own words in the workshop's language: catalogues, CLDR dates and times, French typography.

Two French workshops are built as a facilitator would: the test workshop
(`tests/roots/french/`, written in French, with its own library) and the ready
French introduction (`workshops/allyship-intro-fr.yaml`, on the built-in
library's French texts). Their outputs are read back (python-pptx for the deck,
pdfplumber for the PDFs, the Markdown as written, the HTML in headless Chromium)
and must hold no English label from the catalogue, dates as « jeudi 11 mars 2027 »,
times as « 14 h 20 », and no line that starts with a French closing mark; the
introduction must also hold no English text from the library or from the English
introduction it translates, and every French text of the items it uses.
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
import yaml
from babel.messages.pofile import read_po

from facilitator import api
from facilitator.text import catalogues
from facilitator.text.i18n import is_rtl, locale_for, translations, words_for
from facilitator.text.layout import font_set, wrap
from facilitator.text.markup import Run, plain_text
from facilitator.text.typography import NARROW_NBSP, NBSP, french, pdf_spaces
from tests.conftest import MINIMAL, PROJECT, ROOTS

FRENCH = ROOTS / "french" / "workshop.yaml"
FRENCH_INTRO = PROJECT / "workshops" / "allyship-intro-fr.yaml"
ENGLISH_INTRO = PROJECT / "workshops" / "allyship-intro.yaml"
# Each French build: its workshop file, its output folder and one clock time it prints, as fr-CA writes it.
BUILDS = {
    "test-workshop": (FRENCH, "atelier-francais", "14 h 20"),
    "intro": (FRENCH_INTRO, "allyship-intro-fr", "10 h 00"),
}
EACH_BUILD = pytest.mark.parametrize("which", list(BUILDS))
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
def _french_build(which: str = "test-workshop") -> Path:
    workshop, folder, _time = BUILDS[which]
    out = Path(tempfile.mkdtemp(prefix="french-build-"))
    api.build(workshop, out, force=True, parallel=False)
    return out / folder


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


@cache
def _source_names() -> tuple[str, ...]:
    """Return the names of the documents the French builds credit (each keeps its published name)."""
    names = set()
    for workshop, _folder, _time in BUILDS.values():
        plan = api.load_plan(workshop)
        for s in plan.segments:
            for item in (s.primer, s.discussion, s.scenario, s.activity):
                for source in getattr(item, "sources", None) or []:
                    names |= {source.title, source.publisher or source.title}
        names |= {resource.source for resource in plan.resources if resource.source}
    return tuple(sorted(names, key=len, reverse=True))


def _english_in(text: str) -> list[str]:
    """Return the English labels in `text`, as words (not inside a file name or an option: handout.html).

    The names of the documents a workshop credits ("Allyship Primer") are not labels, and are left out.
    """
    text = " ".join(text.replace(NBSP, " ").replace(NARROW_NBSP, " ").split())
    for name in _source_names():
        text = text.replace(" ".join(name.split()), " ")
    return sorted(
        {
            f"{fragment!r} (from {message!r})"
            for fragment, message in _english_labels()
            if re.search(rf"(?<![\w.-]){re.escape(fragment)}(?![\w-]|\.\w)", text)
        }
    )


@EACH_BUILD
@pytest.mark.parametrize("name", ["handout.pdf", "guide.pdf", "printables.pdf"])
def test_french_pdfs_hold_no_english_label_and_french_dates(which: str, name: str) -> None:
    lines = _pdf_lines(_french_build(which) / name)
    text = "\n".join(lines)
    assert _english_in(text) == []
    assert "jeudi 11 mars 2027" in text
    assert BUILDS[which][2] in text.replace(NBSP, " ")
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


@EACH_BUILD
def test_french_deck_holds_no_english_label(which: str) -> None:
    """Slides and speaker notes, read back with python-pptx; the runs say they are French."""
    slides, notes = _deck_text(_french_build(which) / "deck.pptx")
    assert _english_in(slides) == []
    assert _english_in(notes) == []
    assert "jeudi 11 mars 2027" in slides
    assert BUILDS[which][2] in slides.replace(NBSP, " ")
    if which == "test-workshop":
        assert f"De retour à 15{NBSP}h{NBSP}00" in slides  # the break slide
    lines = [line for line in (slides + "\n" + notes).splitlines() if line.lstrip()[:1] in CLOSING_MARKS]
    assert lines == []
    xml = (_french_build(which) / "deck.pptx").read_bytes()
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


@EACH_BUILD
def test_french_html_handout_holds_no_english_label(which: str) -> None:
    import html as html_module

    page = (_french_build(which) / "handout.html").read_text(encoding="utf-8")
    visible = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    attributes = " ".join(re.findall(r'(?:data-[a-z-]+|aria-label|title|alt)="([^"]*)"', visible))
    visible = html_module.unescape(re.sub(r"<[^>]+>", " ", visible) + " " + attributes)
    assert _english_in(visible) == []
    assert "jeudi 11 mars 2027" in visible


@EACH_BUILD
def test_french_markdown_guide_holds_no_english_label(which: str) -> None:
    text = (_french_build(which) / "guide.md").read_text(encoding="utf-8")
    assert _english_in(text) == []
    assert "**Date :**" in text.replace(NBSP, " ")
    assert f"Date{NBSP}:" in text
    assert "jeudi 11 mars 2027" in text


@EACH_BUILD
def test_french_timer_holds_no_english_label_and_writes_french_times(which: str) -> None:
    """The live timer: its page and the words its script writes, and its clock in the French form."""
    import html as html_module
    import json

    page = (_french_build(which) / "timer.html").read_text(encoding="utf-8")
    labels = json.loads(re.search(r'id="timer-labels">(.*?)</script>', page, re.S).group(1))
    data = json.loads(re.search(r'id="timer-data">(.*?)</script>', page, re.S).group(1))
    visible = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    visible = html_module.unescape(re.sub(r"<[^>]+>", " ", visible))
    assert _english_in(visible) == []
    assert _english_in("\n".join(labels.values())) == []
    assert data["clock"] == f"{{h}}{NBSP}h{NBSP}{{m}}"  # the script writes 14 h 20
    assert BUILDS[which][2] in visible.replace(NBSP, " ")


def test_the_english_label_check_finds_english() -> None:
    """The check above is not vacuous: an English label in French text is caught."""
    assert _english_in("Programme\nWhat we do\nPage 1 sur 3") == ["'What we do' (from 'What we do')"]


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@EACH_BUILD
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_french_html_guide_in_chromium(which: str, tmp_path: Path) -> None:
    """Chromium lays the guide out and prints it: no English label, no line starting with a French mark."""
    from tests.browser import DevTools

    profile = tmp_path / "profile"
    browser = DevTools(CHROMIUM, profile)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        browser.send("Page.enable", session=session)
        browser.send(
            "Page.navigate", {"url": (_french_build(which) / "guide.html").as_uri()}, session=session
        )
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
    assert "jeudi 11 mars 2027" in text
    assert BUILDS[which][2] in text.replace(NBSP, " ")
    assert _english_in(text) == []
    assert [line for line in lines if line.lstrip()[:1] in CLOSING_MARKS] == []


# ---------------------------------------------------------------------------
# The ready French introduction: the library's French texts, and nothing left in English


def _visible_html(page: str) -> str:
    import html as html_module

    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html_module.unescape(re.sub(r"<[^>]+>", " ", page))


def _squashed(text: str) -> str:
    """Return `text` as a reader compares it: markup signs, escapes and line breaks gone, spaces plain."""
    text = text.replace(NBSP, " ").replace(NARROW_NBSP, " ").replace("\u200b", "")
    return " ".join(re.sub(r"[`*\\]", "", text).split())


@cache
def _intro_outputs() -> dict[str, str]:
    """Return every output of the French introduction as text, squashed, by file name."""
    folder = _french_build("intro")
    slides, notes = _deck_text(folder / "deck.pptx")
    texts = {"deck.pptx": slides + "\n" + notes}
    for name in ("handout.pdf", "guide.pdf", "printables.pdf"):
        texts[name] = "\n".join(_pdf_lines(folder / name))
    texts["guide.md"] = (folder / "guide.md").read_text(encoding="utf-8")
    for name in ("guide.html", "handout.html", "timer.html"):
        texts[name] = _visible_html((folder / name).read_text(encoding="utf-8"))
    return {name: _squashed(text) for name, text in texts.items()}


def _language_pairs(data: object) -> list[tuple[str, str]]:
    """Return the (English, French) texts of every `{en: …, fr: …}` mapping in parsed YAML."""
    if isinstance(data, dict):
        if set(data) == {"en", "fr"}:
            return [(data["en"], data["fr"])]
        return [pair for value in data.values() for pair in _language_pairs(value)]
    if isinstance(data, list):
        return [pair for value in data for pair in _language_pairs(value)]
    return []


def _strings(data: object) -> list[str]:
    if isinstance(data, dict):
        return [text for value in data.values() for text in _strings(value)]
    if isinstance(data, list):
        return [text for value in data for text in _strings(value)]
    return [data] if isinstance(data, str) else []


@cache
def _intro_library_pairs() -> list[tuple[str, str]]:
    """Return the (English, French) texts of every library item the French introduction uses.

    The primers its role-play's ally responses draw on are named by their titles: those titles too.
    """
    from facilitator.workshop.paths import BUILTIN_LIBRARY

    plan = api.load_plan(FRENCH_INTRO)
    ids = {
        item.id for s in plan.segments for item in (s.primer, s.discussion, s.scenario, s.activity) if item
    }
    ids |= set(plan.workshop.resources)
    drawn_on = {r.primer for s in plan.of_kind("scenario") for r in s.scenario.ally_responses if r.primer}
    assert len(ids) == 7 and len(drawn_on) == 6, (ids, drawn_on)
    pairs = []
    for item_id in sorted(ids | drawn_on):
        [path] = BUILTIN_LIBRARY.rglob(f"{item_id}.yaml")
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found = _language_pairs(data if item_id in ids else {"title": data["title"]})
        assert found, f"{path.name} has no French"
        pairs += found
    return pairs


def test_the_french_intro_validates_strictly_with_no_fallback() -> None:
    """Nothing falls back to English: no warning at all, only the host's contact still to write in."""
    from click.testing import CliRunner

    from facilitator.cli import cli

    found = api.check(FRENCH_INTRO)
    assert [(d.severity, d.code) for d in found] == [("note", "support.placeholder")]
    result = CliRunner().invoke(cli, ["validate", "--strict", "--language", "fr-CA", str(FRENCH_INTRO)])
    assert result.exit_code == 0, result.output
    assert "i18n.fallback" not in result.output
    # The English introduction built in French falls back only for its own file's texts: every
    # library item it uses has its French.
    fallbacks = [d for d in api.check(ENGLISH_INTRO, language="fr-CA") if d.code == "i18n.fallback"]
    assert [Path(d.path).name for d in fallbacks] == ["allyship-intro.yaml"]


def test_a_title_the_guide_names_for_an_ally_response_falls_back_with_a_warning() -> None:
    """The guide names the primer an ally response draws on: its title is checked for the language too."""
    practice = PROJECT / "workshops" / "allyship-practice.yaml"
    fallbacks = [d for d in api.check(practice, language="fr-CA") if "draws on it" in d.message]
    assert fallbacks and all(d.code == "i18n.fallback" and d.key == "title" for d in fallbacks)
    text = (_french_build("intro") / "guide.md").read_text(encoding="utf-8").replace(NBSP, " ")
    assert "*(s’appuie sur : Mettre les autres au centre, pas nous-mêmes)*" in text


def test_the_french_intro_holds_no_english_text_from_the_library_or_the_english_intro() -> None:
    """No text of the English introduction, nor the English of any item it uses, reaches an output."""
    english = [plain_text(en) for en, fr in _intro_library_pairs() if en != fr]
    intro = yaml.safe_load(ENGLISH_INTRO.read_text(encoding="utf-8"))
    english += [text for text in _strings(intro) if len(text.split()) >= 3]
    english = [_squashed(text) for text in english]
    assert len(english) > 150
    outputs = _intro_outputs()
    left = sorted(
        f"{name}: {text[:60]!r}"
        for text in english
        for name, out in outputs.items()
        if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", out)
    )
    assert left == []


def test_every_french_text_of_the_items_it_uses_reaches_an_output() -> None:
    """Each French text of the library items the introduction uses is printed somewhere, whole."""
    everything = "\n".join(_intro_outputs().values())
    french = [_squashed(plain_text(fr)) for _en, fr in _intro_library_pairs()]
    missing = [text for text in french if text not in everything]
    assert missing == []


def test_the_check_for_english_text_finds_it() -> None:
    """The two checks above are not vacuous: an English text of the library is found in a page."""
    en, fr = _intro_library_pairs()[0]
    page = _squashed(f"Titre\n{plain_text(en)}\nfin")
    assert _squashed(plain_text(en)) in page and _squashed(plain_text(fr)) not in page
    assert _english_in("Sources : Allyship Primer, Ally resources") == ["'Ally' (from 'Ally')"]


def test_the_french_intro_follows_the_english_one() -> None:
    """The same agenda, times, people and contacts as the English introduction: only the words differ."""
    english, french = api.load_plan(ENGLISH_INTRO), api.load_plan(FRENCH_INTRO)

    def shape(plan) -> list[tuple]:
        return [
            (
                s.kind,
                s.id,
                s.minutes,
                s.start_minute,
                (s.primer or s.discussion or s.scenario or s.activity or s).id,
            )
            for s in plan.segments
        ]

    assert shape(french) == shape(english)
    same = ("date", "start", "duration", "timezone", "facilitators", "expected_participants", "resources")
    assert [getattr(french.workshop, key) for key in same] == [getattr(english.workshop, key) for key in same]
    assert [c.contact for c in french.workshop.support][1:] == [
        "Appelez ou textez le 9-8-8",
        "1-855-242-3310",
        "1-866-925-4419",
    ]
    assert len(french.workshop.support) == len(english.workshop.support)
    for key in ("objectives", "agreements"):
        assert len(getattr(french.workshop, key)) == len(getattr(english.workshop, key))


def test_the_french_intro_prints_its_support_contacts_for_everyone() -> None:
    """The support page of the handout, the last slides and the guide's checklist, in French."""
    outputs = _intro_outputs()
    contacts = [
        ("9-8-8 : Ligne d’aide en cas de crise de suicide", "Appelez ou textez le 9-8-8"),
        ("Ligne d’écoute d’espoir pour le mieux-être", "1-855-242-3310"),
        ("Ligne d’écoute nationale des pensionnats indiens", "1-866-925-4419"),
    ]
    for name in ("handout.pdf", "deck.pptx", "guide.md", "guide.pdf", "handout.html"):
        for contact, reach in contacts:
            assert contact in outputs[name] and reach in outputs[name], (name, contact)
    from pptx import Presentation

    last = list(Presentation(str(_french_build("intro") / "deck.pptx")).slides)[-1]
    assert last.shapes.title.text_frame.text == "Du soutien après aujourd’hui"
    body = _squashed(" ".join(s.text_frame.text for s in last.shapes if s.has_text_frame))
    for contact, reach in contacts:
        assert contact in body and reach in body, contact
    assert "Vérifiez ces numéros avant d’imprimer" in outputs["guide.md"]
