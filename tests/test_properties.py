"""Property-based tests (hypothesis): any Unicode text builds or fails with our own error; bytes likewise.

(1) Random workshops whose title, objectives and agreements are arbitrary
Unicode — combining marks, right-to-left scripts, very long words, emoji,
inline Markdown and placeholders, now and then a control character — either
build or raise FacilitatorError (never anything else: a control character, a title
longer than a line or placeholder syntax made by chance is refused), and every word a
reader would see (placeholders filled, Markdown as formatting) reaches the deck; each text's ASCII
marker reaches the handout too (a PDF's extracted text may reorder
right-to-left runs and drops what the print font cannot draw, which the
build reports as a warning instead), and every word reaches handout.html.
(2) Random bytes into the loader only ever give a SourceDoc or FacilitatorError.
"""

from __future__ import annotations

import html
import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from facilitator import api
from facilitator.errors import FacilitatorError
from facilitator.render import RENDERERS
from facilitator.text.markup import plain_text
from facilitator.workshop.fields import MAX_LINE_CHARS
from facilitator.workshop.source import load_source, parse_source

LIBRARY = Path(__file__).resolve().parent / "roots" / "minimal" / "library"
TARGETS = [name for name in ("deck", "handout", "handout-html") if name in RENDERERS]

# Letters, marks, digits, symbols (emoji) and format characters (RLM, ZWJ) from every plane;
# no separators, surrogates or private use. Control characters are mixed in on purpose below.
_LETTERS = st.characters(
    categories=["Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "No", "Pd", "Po", "Sm", "So", "Cf"],
    exclude_characters="#:'\"%@\ufeff\u00ad",  # Markdown's * [ ] ` | > & { } \\ stay in
)
# Inline Markdown and placeholders, whole: what a facilitator writes on purpose.
_MARKUP = st.sampled_from(
    [
        "**bold**",
        "*italic*",
        "`code`",
        "[a link](https://example.org/page)",
        "[not a link](javascript:alert(1))",
        "a\\*b",
        "x|y",
        "> quoted",
        "&amp;",
        "{braces}",
        "{{ venue }}",
        "[ ]",
    ]
)
_SCRIPTS = st.sampled_from(
    [
        "e\u0301te\u0301",  # combining acute accents
        "שלום",  # Hebrew, right to left
        "مرحبا",  # Arabic, right to left
        "ᐊᓂᔑᓈᐯ",  # Canadian syllabics
        "👋🏽",  # emoji with a skin-tone modifier, outside the BMP
        "Ł\u0331ódź",
        "x" * 300,  # one very long word
    ]
)
_WORD = st.one_of(_SCRIPTS, _MARKUP, st.text(_LETTERS, min_size=1, max_size=12))
VENUE = "Hall-Seven"
_CONTROL = st.sampled_from(["\x07", "\x1b", "\x00", "\x0c"])


@st.composite
def _text(draw: st.DrawFn, marker: str) -> tuple[str, list[str]]:
    words = draw(st.lists(_WORD, min_size=1, max_size=4))
    if draw(st.sampled_from(range(16))) == 15:  # now and then, a character XML cannot hold
        words[draw(st.integers(0, len(words) - 1))] += draw(_CONTROL)
    return " ".join([marker, *words]), [marker, *words]


@st.composite
def _workshop(draw: st.DrawFn) -> tuple[dict, list[list[str]]]:
    texts = [draw(_text(f"mk{i:02d}q")) for i in range(4)]
    data = {
        "id": "prop",
        "title": texts[0][0],
        "date": "2027-01-15",
        "start": "10:00",
        "duration": 30,
        "objectives": [texts[1][0], texts[2][0]],
        "agreements": [texts[3][0]],
        "variables": {"venue": VENUE},
        "agenda": [
            {"opening": "Welcome", "minutes": 10},
            {"primer": "local-basics", "minutes": 10},
            {"closing": "Close", "minutes": 10},
        ],
    }
    return data, [words for _text, words in texts]


def _squash(text: str) -> str:
    """Return `text` in NFC with all whitespace (including line breaks a layout added) removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def _deck_text(data: bytes) -> str:
    from pptx import Presentation

    prs = Presentation(io.BytesIO(data))
    parts = []
    for slide in prs.slides:
        parts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.skipif(not TARGETS, reason="neither the deck nor the handout renderer exists yet")
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=_workshop())
def test_any_unicode_builds_or_fails_cleanly_and_every_word_arrives(
    case: tuple[dict, list], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api, "BUILTIN_LIBRARY", LIBRARY)  # independent of the content being written
    data, texts = case
    path = tmp_path / "prop.yaml"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    controls = any(c in w for text in texts for w in text for c in "\x00\x07\x0c\x1b")
    long_title = len(data["title"].replace("{{ venue }}", VENUE).strip()) > MAX_LINE_CHARS  # one line: 300
    try:
        plan = api.load_plan(path)
        outputs = {o.name: o.data for o in api.render_outputs(plan, TARGETS)}
    except FacilitatorError as exc:
        codes = {d.code for d in exc.diagnostics}
        if codes == {"source.control-char"}:
            assert controls
            event("refused: control character")
            return
        if codes == {"schema.too-long"}:  # a title is one line: refused past MAX_LINE_CHARS
            assert long_title
            event("refused: a title longer than a line")
            return
        # Only placeholder syntax the random letters made by chance ({{, {%, {#) is refused otherwise.
        placeholder = re.compile(r"\{\{(?! venue \}\})|\{%|\{#")
        assert all(code.startswith("variables.") for code in codes), exc
        assert any(placeholder.search(" ".join(text)) for text in texts), exc
        event("refused: placeholder syntax")
        return
    event("built")
    assert not controls, "a control character got through the loader"
    assert not long_title, "a title longer than a line got through"
    # The words a reader sees: placeholders filled, inline Markdown turned into formatting.
    words = [w for text in texts for w in plain_text(" ".join(text).replace("{{ venue }}", VENUE)).split()]
    if "deck" in TARGETS:
        deck = _squash(_deck_text(outputs["deck.pptx"]))
        missing = [w for w in words if _squash(w) not in deck]
        assert not missing, f"words missing from the deck: {missing!r}"
    if "handout" in TARGETS:
        handout = _squash(_pdf_text(outputs["handout.pdf"]))
        missing = [text[0] for text in texts if text[0] not in handout]
        assert not missing, f"markers missing from the handout: {missing!r}"
        ascii_words = [w for w in words if re.fullmatch(r"[A-Za-z0-9-]+", w)]
        assert all(w in handout for w in ascii_words)
    if "handout-html" in TARGETS:
        page = outputs["handout.html"].decode("utf-8")
        body = re.sub(r"<script>.*?</script>", "", page[page.index("<body>") :], flags=re.DOTALL)
        shown = _squash(html.unescape(re.sub(r"<[^>]*>", "", body)))
        missing = [w for w in words if _squash(w) not in shown]
        assert not missing, f"words missing from handout.html: {missing!r}"


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=400))
def test_random_bytes_into_the_loader_give_only_our_errors(
    raw: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("bytes") / "w.yaml"
    path.write_bytes(raw)
    try:
        load_source(path)
    except FacilitatorError as exc:
        assert exc.diagnostics


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(st.characters(codec="utf-8"), max_size=200)
    | st.from_regex(r"[\[\]{}:,&*!|>\-? \n\t'\"#%@`a]{0,60}")
)
def test_random_text_into_the_parser_gives_only_our_errors(text: str) -> None:
    try:
        parse_source(Path("random.yaml"), text)
    except FacilitatorError as exc:
        assert exc.diagnostics
