"""No text overflows its shape: the deck is drawn by LibreOffice and every glyph is checked.

Each deck is converted to PDF with `soffice --headless`; pdfplumber gives each
character's box, python-pptx each text shape's box (1 pt = 12700 EMU). Every
visible character must lie inside a shape's box, and none may be smaller
than the theme's minimum size.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.slide import Slide

from facilitator.api import load_plan
from facilitator.render import deck
from tests.conftest import ALL_READY_WORKSHOPS, MINIMAL, ROOTS

pdfplumber = pytest.importorskip("pdfplumber")

LONG = ROOTS / "long" / "workshop.yaml"
UNICODE = ROOTS / "unicode" / "workshop.yaml"  # accents, syllabics and emoji, when present
WORKSHOPS = [MINIMAL, LONG, *([UNICODE] if UNICODE.is_file() else []), *ALL_READY_WORKSHOPS]
IDS = [p.parent.name if p.name == "workshop.yaml" else p.stem for p in WORKSHOPS]
EMU_PER_PT = 12700
TOLERANCE = 1.5  # points a glyph's box may poke past its shape (antialiasing, rounding)
SIZE_TOLERANCE = 0.5

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed; it draws the deck"
)


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, tuple[bytes, Path, float]]:
    """Build every deck and convert them all to PDF in one LibreOffice run."""
    folder = tmp_path_factory.mktemp("decks")
    decks: dict[Path, tuple[bytes, Path, float]] = {}
    for i, path in enumerate(WORKSHOPS):
        plan = load_plan(path)
        (output,) = deck.render(plan)
        target = folder / f"deck{i}.pptx"
        target.write_bytes(output.data)
        decks[path] = (output.data, target.with_suffix(".pdf"), plan.theme.sizes.minimum)
    profile = tmp_path_factory.mktemp("lo-profile")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *sorted(str(p) for p in folder.glob("*.pptx")),
        ],
        check=True,
        capture_output=True,
        timeout=600,
        env={**os.environ, "HOME": str(profile)},
    )
    return decks


def shape_boxes(slide: Slide) -> list[tuple[float, float, float, float]]:
    """Return the (x0, top, x1, bottom) boxes, in points, of a slide's shapes holding text."""
    boxes = []
    for shape in slide.shapes:
        if shape.has_text_frame and shape.text_frame.text.strip():
            x0, top = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
            boxes.append((x0, top, x0 + shape.width / EMU_PER_PT, top + shape.height / EMU_PER_PT))
    return boxes


def inside(char: dict, box: tuple[float, float, float, float]) -> bool:
    """Return whether a pdfplumber character lies within a box, give or take the tolerance."""
    x0, top, x1, bottom = box
    return (
        char["x0"] >= x0 - TOLERANCE
        and char["x1"] <= x1 + TOLERANCE
        and char["top"] >= top - TOLERANCE
        and char["bottom"] <= bottom + TOLERANCE
    )


@pytest.mark.parametrize("path", WORKSHOPS, ids=IDS)
def test_no_glyph_outside_its_shape_or_below_the_minimum(
    path: Path, converted: dict[Path, tuple[bytes, Path, float]]
) -> None:
    """Every drawn character sits inside a text shape and is at least the minimum size."""
    data, pdf_path, minimum = converted[path]
    slides = list(Presentation(io.BytesIO(data)).slides)
    problems = []
    with pdfplumber.open(pdf_path) as pdf:
        assert len(pdf.pages) == len(slides)
        for number, (page, slide) in enumerate(zip(pdf.pages, slides, strict=True), start=1):
            boxes = shape_boxes(slide)
            title = slide.shapes.title.text_frame.text
            for char in page.chars:
                if not char["text"].strip():
                    continue
                if char["size"] < minimum - SIZE_TOLERANCE:
                    problems.append(f"slide {number} ({title}): {char['text']!r} at {char['size']:.1f} pt")
                if not any(inside(char, box) for box in boxes):
                    problems.append(
                        f"slide {number} ({title}): {char['text']!r} at "
                        f"({char['x0']:.1f}, {char['top']:.1f})–({char['x1']:.1f}, {char['bottom']:.1f}) "
                        "is outside every text shape"
                    )
    assert not problems, "\n".join(problems[:20])
