"""A user's PowerPoint template: slides removed cleanly, layouts by name, .potx, LibreOffice opens it."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from facilitator.errors import FacilitatorError
from facilitator.render.pptx_template import (
    PRESENTATION_TYPE,
    TEMPLATE_TYPE,
    find_layout,
    open_template,
    template_colours,
    template_contrast_warnings,
)

P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
SECTIONS = (
    '<p:extLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
    '<p:ext uri="{{521415D9-36F7-43E2-AB2F-B90AF26B5E84}}">'
    f'<p14:sectionLst xmlns:p14="{P14}">'
    '<p14:section name="Old" id="{{{{11111111-2222-3333-4444-555555555555}}}}">'
    "<p14:sldIdLst>{ids}</p14:sldIdLst></p14:section></p14:sectionLst></p:ext></p:extLst>"
)


def make_template(path: Path, *, accent: str | None = None) -> Path:
    """Write a small template with two slides, a renamed layout and a p14 section list."""
    prs = Presentation()
    prs.slide_masters[0].slide_layouts[1].name = "Brand Content"
    for text in ("Old slide one", "Old slide two"):
        slide = prs.slides.add_slide(prs.slide_layouts[0])
        slide.shapes.title.text = text
    ids = "".join(f'<p14:sldId id="{s.slide_id}"/>' for s in prs.slides)
    prs.part._element.append(etree.fromstring(SECTIONS.format(ids=ids)))
    if accent:
        theme = prs.slide_masters[0].part.part_related_by(RT.THEME)
        blob = theme.blob.replace(b'<a:srgbClr val="1F497D"/>', f'<a:srgbClr val="{accent}"/>'.encode())
        theme._blob = blob
    buffer = io.BytesIO()
    prs.save(buffer)
    data = buffer.getvalue()
    if path.suffix == ".potx":
        data = _retype(data, PRESENTATION_TYPE, TEMPLATE_TYPE)
    path.write_bytes(data)
    return path


def _retype(data: bytes, old: str, new: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(old.encode(), new.encode())
            target.writestr(info, content)
    return out.getvalue()


@pytest.mark.parametrize("suffix", [".pptx", ".potx"])
def test_template_slides_are_removed_cleanly(tmp_path: Path, suffix: str) -> None:
    template = make_template(tmp_path / f"brand{suffix}")
    if suffix == ".potx":
        with pytest.raises(ValueError):
            Presentation(str(template))  # python-pptx alone refuses a .potx
    prs = open_template(template)
    assert len(prs.slides) == 0
    assert prs.part._element.findall(f".//{{{P14}}}sectionLst") == []
    layout, warning = find_layout(prs, "brand content", "Title and Content")
    assert warning is None and layout.name == "Brand Content"
    slide = prs.slides.add_slide(layout)
    slide.shapes.title.text = "Our new slide"
    out = tmp_path / "deck.pptx"
    prs.save(out)
    names = zipfile.ZipFile(out).namelist()
    assert [n for n in names if n.startswith("ppt/slides/slide")] == ["ppt/slides/slide1.xml"]
    again = Presentation(str(out))
    assert [s.shapes.title.text for s in again.slides] == ["Our new slide"]
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    pdf = tmp_path / "deck.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 1000, result.stderr
    assert pdf.read_bytes().count(b"/Type /Page\n") + pdf.read_bytes().count(b"/Type/Page") >= 1


def test_missing_layout_falls_back_with_a_warning(tmp_path: Path) -> None:
    prs = open_template(make_template(tmp_path / "brand.pptx"))
    layout, warning = find_layout(prs, "Agenda", "Title Only")
    assert layout.name == "Title Only"
    assert warning is not None and warning.startswith(
        "the template has no layout 'Agenda'; using 'Title Only' instead "
        "(its layouts: Title Slide, Brand Content"
    )
    layout, _warning = find_layout(prs, "Agenda", "Nothing like it")
    assert layout.name == "Title Slide"


def test_template_colours_and_contrast(tmp_path: Path) -> None:
    prs = open_template(make_template(tmp_path / "pale.pptx", accent="DDDDDD"))
    colours = template_colours(prs)
    assert colours["dk2"] == "#DDDDDD" and colours["lt1"] == "#FFFFFF"
    warnings = template_contrast_warnings(prs, "brand.yaml")
    assert [w.message.split(" ")[2] for w in warnings] == [
        "dk2",
        "accent1",
    ]  # python-pptx's accent1 is pale too
    assert warnings[0].format() == (
        "brand.yaml: warning: theme.template: the template's dk2 #DDDDDD on lt1 #FFFFFF has contrast "
        "1.36:1; WCAG AA needs at least 4.5:1 [theme.contrast]"
    )


def test_bad_templates(tmp_path: Path) -> None:
    with pytest.raises(FacilitatorError, match=r"no such template file \[template.missing\]"):
        open_template(tmp_path / "none.pptx")
    with pytest.raises(FacilitatorError, match=r"a \.pptx or \.potx file \[template.type\]"):
        open_template(tmp_path / "slides.key")
    (tmp_path / "broken.pptx").write_bytes(b"not a zip")
    with pytest.raises(FacilitatorError, match=r"cannot open the template"):
        open_template(tmp_path / "broken.pptx")
