"""Brand from the workshop file: inline font overrides and footer text reach the deck and the PDFs."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from facilitator import api
from facilitator.errors import FacilitatorError
from tests.conftest import PROJECT, ROOTS

FONTS = PROJECT / "assets" / "fonts"
DEJAVU = {
    "regular": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "italic": "DejaVuSans-Oblique.ttf",
    "bold_italic": "DejaVuSans-BoldOblique.ttf",
}


def branded(tmp_path: Path, theme: str) -> Path:
    """Return a copy of the minimal workshop with `theme:` (YAML text, indented under it) added."""
    shutil.copytree(ROOTS / "minimal", tmp_path / "w")
    (tmp_path / "w" / "fonts").mkdir()
    for name in DEJAVU.values():
        shutil.copy(FONTS / name, tmp_path / "w" / "fonts" / name)
    path = tmp_path / "w" / "workshop.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "theme:\n" + theme, encoding="utf-8")
    return path


def family(name: str, **files: str) -> str:
    lines = [f"      name: {name}"]
    lines += [f"      {style}: {files.get(style, 'fonts/' + file)}" for style, file in DEJAVU.items()]
    return "\n".join(lines) + "\n"


def test_inline_slide_font_is_named_in_the_deck_and_measured_with_its_files(tmp_path: Path) -> None:
    path = branded(tmp_path, "  fonts:\n    slides:\n" + family("DejaVu Sans"))
    plan = api.load_plan(path)
    slides = plan.theme.fonts.slides
    assert slides.name == "DejaVu Sans"
    assert slides.regular == (path.parent / "fonts" / "DejaVuSans.ttf").resolve()
    assert plan.theme.fonts.print.name == "DejaVu Sans"  # the theme's own print font is kept
    [deck] = api.render_outputs(plan, ["deck"])
    prs = Presentation(io.BytesIO(deck.data))
    faces = {
        run.font.name
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
        for run in p.runs
    }
    assert faces == {"DejaVu Sans"}


def test_inline_print_font_is_embedded_in_the_pdfs(tmp_path: Path) -> None:
    path = branded(tmp_path, "  fonts:\n    print:\n" + family("Brand Sans"))
    plan = api.load_plan(path)
    [handout] = api.render_outputs(plan, ["handout"])
    fonts = set()
    for page in PdfReader(io.BytesIO(handout.data)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("DejaVuSans" in f for f in fonts), fonts


def test_font_problems_point_at_the_workshop_file(tmp_path: Path) -> None:
    path = branded(tmp_path, "  fonts:\n    slides:\n" + family("Brand", bold="fonts/missing.ttf"))
    (path.parent / "fonts" / "web.ttf").write_bytes(b"wOF2" + bytes(100))
    errors = [d for d in api.check(path) if d.severity == "error"]
    assert [(d.key, d.code) for d in errors] == [("theme.fonts.slides.bold", "asset.font")]
    assert "fonts/missing.ttf does not exist" in errors[0].message
    text = path.read_text(encoding="utf-8").replace("fonts/missing.ttf", "fonts/web.ttf")
    path.write_text(text, encoding="utf-8")
    [error] = [d for d in api.check(path) if d.severity == "error"]
    assert "is a web font (WOFF); use its TrueType (.ttf) version" in error.message
    text = text.replace("      bold: fonts/web.ttf\n", "")
    path.write_text(text, encoding="utf-8")
    [error] = [d for d in api.check(path) if d.severity == "error"]
    assert error.key == "theme.fonts.slides.bold" and error.code == "schema.missing"


def test_fonts_outside_the_workshop_folder_are_refused(tmp_path: Path) -> None:
    outside = str(FONTS / "DejaVuSans.ttf")
    path = branded(tmp_path, "  fonts:\n    slides:\n" + family("Brand", regular=outside))
    with pytest.raises(FacilitatorError) as info:
        api.load_plan(path)
    assert [d.key for d in info.value.diagnostics] == ["theme.fonts.slides.regular"]
    assert api.load_plan(path, allow_outside=True).theme.fonts.slides.regular == Path(outside)


def test_footer_from_the_workshop_is_on_slides_and_pages(tmp_path: Path) -> None:
    path = branded(tmp_path, "  footer: Riverside Community Network · spring 2027\n")
    plan = api.load_plan(path)
    outputs = {o.name: o.data for o in api.render_outputs(plan, ["deck", "handout"])}
    prs = Presentation(io.BytesIO(outputs["deck.pptx"]))
    footers = [
        shape.text_frame.text for slide in prs.slides for shape in slide.shapes if shape.name == "Footer"
    ]
    assert len(footers) == len(prs.slides) - 1  # every slide but the title slide
    assert set(footers) == {"Riverside Community Network · spring 2027"}
    pages = PdfReader(io.BytesIO(outputs["handout.pdf"])).pages
    assert all("Riverside Community Network" in page.extract_text() for page in pages)
