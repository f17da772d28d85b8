"""The real templates the tests build on are what they claim to be: page sizes, masters, master graphics."""

from __future__ import annotations

import zipfile

import pytest
from pptx import Presentation

from facilitator.render.pptx_template import open_template
from tests.real_templates import EMU_PER_CM, EMU_PER_INCH, RealTemplate

# name (without suffix) → (width, height) in EMU, as the designer set the page.
PAGES = {
    "vivid": (28 * EMU_PER_CM, 15.75 * EMU_PER_CM),
    "blue-curve": (28 * EMU_PER_CM, 15.75 * EMU_PER_CM),
    "vintage": (28 * EMU_PER_CM, 21 * EMU_PER_CM),
    "pandoc": (10 * EMU_PER_INCH, 5.625 * EMU_PER_INCH),
}


def test_each_real_template_opens_with_its_page_and_layouts(real_template: RealTemplate) -> None:
    stem = real_template.name.rsplit(".", 1)[0]
    width, height = PAGES[stem]
    assert abs(real_template.width - width) < EMU_PER_CM / 100  # within 0.1 mm
    assert abs(real_template.height - height) < EMU_PER_CM / 100
    prs = open_template(real_template.path)  # a .potx too
    assert len(prs.slides) == 0
    assert sum(len(master.slide_layouts) for master in prs.slide_masters) >= 11
    main_type = (
        "presentationml.template.main" if real_template.name.endswith(".potx") else "presentation.main"
    )
    assert main_type.encode() in zipfile.ZipFile(real_template.path).read("[Content_Types].xml")


@pytest.mark.parametrize("name", ["vivid.pptx", "blue-curve.pptx", "vintage.pptx"])
def test_libreoffice_templates_draw_on_their_masters(
    real_templates: dict[str, RealTemplate], name: str
) -> None:
    """A master with graphics is what makes text placement matter: each of these has some."""
    if name not in real_templates:
        pytest.skip(f"{name} could not be made")
    prs = Presentation(str(real_templates[name].path))
    drawn = [shape for master in prs.slide_masters for shape in master.shapes if not shape.is_placeholder]
    assert drawn, f"{name} has nothing drawn on its masters"
    assert len(prs.slide_masters) >= 2


def test_pandocs_reference_deck_has_notes(real_templates: dict[str, RealTemplate]) -> None:
    if "pandoc.pptx" not in real_templates:
        pytest.skip("pandoc is not installed")
    names = zipfile.ZipFile(real_templates["pandoc.pptx"].path).namelist()
    assert "ppt/notesMasters/notesMaster1.xml" in names
    assert any(n.startswith("ppt/notesSlides/") for n in names)
