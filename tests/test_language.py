"""Canadian English: the library, the ready workshops, our docs and every generated label.

The sources are Canadian, and so is the audience (FACILITATION.md, "Words"): -ize
spellings, program, toward, elevator, lineup, Mr. and Dr. with a period, and one
form of each term (2SLGBTQ+, Elders). The British forms that once slipped into the
library are listed here; the test reads the YAML, our docs and every output of the
ready workshops (slides and speaker notes, handout, guide, printables), and names
the file and line, or the output, of each one it finds.

Only English is held to English spelling: the French text of a bilingual item
(`fr: …`, see docs/library-format.md) and a workshop written in French
(`language: fr-CA`) rightly write « organisme », « programme » and
« marginalisation »; tests/test_i18n.py reads the French outputs instead.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml
from pptx import Presentation

from facilitator import api
from facilitator.render import deck, guide, handout, handout_html, printables

from .conftest import ALL_READY_WORKSHOPS, PROJECT, READY_WORKSHOPS
from .pdfcheck import pdf_text

BRITISH = re.compile(
    r"\b(?:organis\w*|recognis\w*|marginalis\w*|realis(?:e|ed|es|ing|ation)|prioritis\w*|criticis(?:e|ed|es|ing)"
    r"|apologis\w*|summaris\w*|generalis\w*|\w+isations?|normalis\w*|patronis\w*|romanticis\w*|monopolis\w*|idealis(?:e|ed|es|ing)"
    r"|emphasis(?:e|ed|es|ing)|colonis\w*|victimis\w*|minimis\w*|analys(?:e|ed|es|ing)|programmes?"
    r"|judgements?|towards|whilst|amongst|learnt|lifts?|queues?|queuing|the lads|straight away|maths"
    r"|holidays?|fortnight|tick (?:off|each)|pavement|car park|mum|flatmates?"
    r"|Mrs?(?!\.)|Dr(?!\.))\b"
)
# One form of each term.
TERMS = re.compile(r"LGBTQ2S\+?|\belders\b")
# The workshop file's key `organisation` (and its placeholder) is the file format's name, not prose.
KEY = re.compile(r"^\s*#?\s*organisation:|\{\{\s*organisation\s*\}\}")


def offenders(text: str) -> list[str]:
    return [m.group() for pattern in (BRITISH, TERMS) for m in pattern.finditer(text)]


# A key that starts the text of another language than English in a `{en: …, fr: …}` mapping:
# the languages the library is translated into.
OTHER_LANGUAGE_KEY = re.compile(r"^(\s*(?:- )?)(fr(?:-[A-Z]{2})?):(?:\s|$)")
OTHER_LANGUAGE_FLOW = re.compile(r"""\bfr(?:-[A-Z]{2})?:\s*(?:"[^"]*"|'[^']*'|[^,}]*)""")


def language_of(workshop: Path) -> str:
    """Return a workshop file's `language:` (English when it has none)."""
    data = yaml.safe_load(workshop.read_text(encoding="utf-8"))
    return str(data.get("language", "en")) if isinstance(data, dict) else "en"


def in_english(path: Path) -> bool:
    return path.suffix != ".yaml" or path.parent.name == "library" or language_of(path).startswith("en")


def english_lines(text: str) -> list[tuple[int, str]]:
    """Return the numbered lines of a YAML text, leaving out the French of bilingual texts."""
    found: list[tuple[int, str]] = []
    inside = -1  # the column of the `fr:` key whose lines are being left out, or -1
    for n, line in enumerate(text.splitlines(), start=1):
        column = len(line) - len(line.lstrip(" -"))
        if inside >= 0 and (not line.strip() or column > inside):
            continue
        inside = -1
        key = OTHER_LANGUAGE_KEY.match(line)
        if key:
            inside = len(key.group(1))
            continue
        found.append((n, OTHER_LANGUAGE_FLOW.sub("", line)))
    return found


def source_files() -> list[Path]:
    files = sorted(p for p in (PROJECT / "workshops").rglob("*.yaml") if in_english(p))
    return [*files, PROJECT / "docs" / "seed-coverage.md", PROJECT / "docs" / "library-format.md"]


@pytest.mark.parametrize("path", source_files(), ids=lambda p: str(p.relative_to(PROJECT)))
def test_library_workshops_and_docs_are_in_canadian_english(path: Path) -> None:
    found = []
    for n, line in english_lines(path.read_text(encoding="utf-8")):
        line = KEY.sub("", line)
        # A quoted seed title keeps its own spelling ("Becoming an Ally and Practicing Allyship").
        found += [f"{path.relative_to(PROJECT)}:{n}: {word}" for word in offenders(line)]
    assert found == []


def _outputs(path: Path) -> dict[str, str]:
    plan = api.load_plan(path)
    [slides] = deck.render(plan)
    prs = Presentation(io.BytesIO(slides.data))
    texts = {
        "slides": "\n".join(
            s.text_frame.text for slide in prs.slides for s in slide.shapes if s.has_text_frame
        ),
        "speaker notes": "\n".join(slide.notes_slide.notes_text_frame.text for slide in prs.slides),
        "guide.md": guide.render_markdown(plan),
        "handout.html": handout_html.render_html(plan),
    }
    [pdf] = [o for o in handout.render(plan) if o.name == "handout.pdf"]
    texts["handout.pdf"] = pdf_text(pdf.data)
    [cards] = printables.render(plan)
    texts["printables.pdf"] = pdf_text(cards.data)
    return texts


ENGLISH_READY_WORKSHOPS = [p for p in ALL_READY_WORKSHOPS if in_english(p)]


@pytest.mark.parametrize("path", ENGLISH_READY_WORKSHOPS, ids=lambda p: p.stem)
def test_every_output_and_generated_label_is_in_canadian_english(path: Path) -> None:
    found = {name: offenders(text) for name, text in _outputs(path).items()}
    assert {name: words for name, words in found.items() if words} == {}


def test_the_check_catches_the_forms_that_slipped_in() -> None:
    """The forms the review found in the library, each caught (and their Canadian forms let through)."""
    slipped = [
        "organisation",
        "programme",
        "marginalised",
        "recognised",
        "towards",
        "the lift",
        "the queue",
        "the lads",
        "Mr Ali",
        "Dr Harris",
        "LGBTQ2S+",
        "elders",
        "organisational",
        "lifts",
        "Generalisations",
        "civilisation",
    ]
    assert [offenders(text) != [] for text in slipped] == [True] * len(slipped)
    canadian = [
        "organization",
        "program",
        "marginalized",
        "recognized",
        "toward",
        "the elevator",
        "the lineup",
        "the guys",
        "Mr. Ali",
        "Dr. Harris",
        "2SLGBTQ+",
        "Elders",
        "centre",
        "colour",
        "practise",
        "Generalizations",
        "civilization",
    ]
    assert [offenders(text) for text in canadian] == [[]] * len(canadian)


def test_the_french_of_a_bilingual_text_is_left_out_and_its_english_kept() -> None:
    """The check reads every English line of a bilingual item, and none of its French."""
    text = """id: some-item
title: {en: The organisation of the day, fr: L’organisation de la journée}
steps:
  - en: Please tick off each name.
    fr: >-
      Cochez chaque nom sur le programme
      de l’organisme.
  - The queue at the door.
points:
  - heading: {en: On marginalisation, fr: "La marginalisation : un processus"}
    text:
      fr: La marginalisation est un processus.
      en: The marginalisation of people is a process.
"""
    kept = english_lines(text)
    assert [n for n, _line in kept] == [1, 2, 3, 4, 8, 9, 10, 11, 13]
    found = [word for _n, line in kept for word in offenders(line)]
    assert found == ["organisation", "tick off", "queue", "marginalisation", "marginalisation"]
    assert in_english(PROJECT / "workshops" / "allyship-intro.yaml")
    assert not in_english(PROJECT / "workshops" / "allyship-intro-fr.yaml")
    assert ENGLISH_READY_WORKSHOPS == READY_WORKSHOPS and len(READY_WORKSHOPS) < len(ALL_READY_WORKSHOPS)
