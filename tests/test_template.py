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
from pypdf import PdfReader

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


def deck_on_template(folder: Path, suffix: str) -> Path:
    """Open a made template, add one slide on its renamed layout, and save the deck in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    prs = open_template(make_template(folder / f"brand{suffix}"))
    layout, _warning = find_layout(prs, "brand content", "Title and Content")
    slide = prs.slides.add_slide(layout)
    slide.shapes.title.text = "Our new slide"
    out = folder / "deck.pptx"
    prs.save(out)
    return out


@pytest.mark.parametrize("suffix", [".pptx", ".potx"])
def test_template_slides_are_removed_cleanly(tmp_path: Path, suffix: str, drawn: dict[str, Path]) -> None:
    template = make_template(tmp_path / f"brand{suffix}")
    if suffix == ".potx":
        with pytest.raises(ValueError):
            Presentation(str(template))  # python-pptx alone refuses a .potx
    prs = open_template(template)
    assert len(prs.slides) == 0
    assert prs.part._element.findall(f".//{{{P14}}}sectionLst") == []
    layout, warning = find_layout(prs, "brand content", "Title and Content")
    assert warning is None and layout.name == "Brand Content"
    out = deck_on_template(tmp_path / "deck", suffix)
    names = zipfile.ZipFile(out).namelist()
    assert [n for n in names if n.startswith("ppt/slides/slide")] == ["ppt/slides/slide1.xml"]
    again = Presentation(str(out))
    assert [s.shapes.title.text for s in again.slides] == ["Our new slide"]
    pdf = drawn[f"on-template{suffix}"]  # the same deck, drawn by LibreOffice
    assert len(PdfReader(str(pdf)).pages) == 1
    assert "Our new slide" in PdfReader(str(pdf)).pages[0].extract_text()


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


# ---------------------------------------------------------------------------
# A workshop built on the user's template, end to end


def brand_template(path: Path, *, content_layout: str = "Brand Content") -> Path:
    """Write a 16:9 template with an old slide, renamed layouts, a picture placeholder and dark colours."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = 12192000, 6858000
    layouts = prs.slide_masters[0].slide_layouts
    layouts[0].name = "Title Slide"
    layouts[1].name = content_layout
    slide = prs.slides.add_slide(layouts[0])
    slide.shapes.title.text = "Old template slide"
    theme = prs.slide_masters[0].part.part_related_by(RT.THEME)
    theme._blob = theme.blob.replace(b'<a:srgbClr val="1F497D"/>', b'<a:srgbClr val="5A1846"/>')
    theme._blob = theme.blob.replace(b'<a:srgbClr val="4F81BD"/>', b'<a:srgbClr val="8A3B12"/>')
    buffer = io.BytesIO()
    prs.save(buffer)
    data = buffer.getvalue()
    if path.suffix == ".potx":
        data = _retype(data, PRESENTATION_TYPE, TEMPLATE_TYPE)
    path.write_bytes(data)
    return path


def templated_workshop(tmp_path: Path, template: str, extra: str = "") -> Path:
    """Return a copy of the minimal workshop whose theme names `template` (and `extra` theme keys)."""
    from tests.conftest import ROOTS

    shutil.copytree(ROOTS / "minimal", tmp_path / "w")
    path = tmp_path / "w" / "workshop.yaml"
    theme = f"theme:\n  template: {template}\n  footer: Brand footer\n{extra}"
    text = path.read_text(encoding="utf-8") + theme
    path.write_text(text, encoding="utf-8")
    return path


def deck_on_brand_template(folder: Path, suffix: str) -> tuple[object, Path]:
    """Build the minimal workshop's deck on a brand template in `folder`; return its plan and deck."""
    from facilitator import api

    path = templated_workshop(folder, f"my{suffix}", "  layouts: {content: brand content}\n")
    brand_template(path.parent / f"my{suffix}")
    plan = api.load_plan(path, strict=True)  # every layout found: no warnings
    result = api.build_plan(plan, folder / "out", only=["deck"])
    return plan, result.out_dir / "deck.pptx"


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The decks of the tests below, made the same way and drawn to PDF in one LibreOffice run.

    Starting LibreOffice costs seconds; one run converts them all. Keyed by kind and suffix.
    """
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed; it draws the decks")
    folder = tmp_path_factory.mktemp("drawn")
    decks = {}
    for suffix in (".pptx", ".potx"):
        decks[f"on-template{suffix}"] = deck_on_template(folder / f"on-template{suffix}", suffix)
        decks[f"on-brand{suffix}"] = deck_on_brand_template(folder / f"on-brand{suffix}", suffix)[1]
    named = folder / "decks"
    named.mkdir()
    for key, deck in decks.items():
        shutil.copyfile(deck, named / f"{key.replace('.', '-')}.pptx")
    profile = folder / "lo-profile"
    command = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf"]
    result = subprocess.run(
        [*command, "--outdir", str(folder), *sorted(str(p) for p in named.iterdir())],
        capture_output=True,
        text=True,
        timeout=300,
    )
    pdfs = {key: folder / f"{key.replace('.', '-')}.pdf" for key in decks}
    for pdf in pdfs.values():
        assert pdf.is_file() and pdf.stat().st_size > 1000, result.stderr
    return pdfs


@pytest.mark.parametrize("suffix", [".pptx", ".potx"])
def test_a_workshop_builds_on_the_users_template(tmp_path: Path, suffix: str, drawn: dict[str, Path]) -> None:
    plan, deck = deck_on_brand_template(tmp_path, suffix)
    assert plan.theme.template == (tmp_path / "w" / f"my{suffix}").resolve()
    assert plan.theme.colours.heading == "#5A1846" and plan.theme.colours.accent == "#8A3B12"
    prs = Presentation(str(deck))
    titles = [slide.shapes.title.text for slide in prs.slides]
    assert "Old template slide" not in titles and titles[0] == "A small test workshop"
    used = [slide.slide_layout.name for slide in prs.slides]
    assert used[0] == "Title Slide" and set(used[1:]) == {"Brand Content"}
    assert [m.slide_layouts[1].name for m in prs.slide_masters] == ["Brand Content"]
    names = zipfile.ZipFile(deck).namelist()
    assert "docProps/thumbnail.jpeg" not in names
    assert len([n for n in names if n.startswith("ppt/slides/slide")]) == len(prs.slides)
    for slide in prs.slides:  # no empty placeholder is left to say "Click to add text"
        assert all(shape.has_text_frame and shape.text_frame.text for shape in slide.placeholders)
    reader = PdfReader(str(drawn[f"on-brand{suffix}"]))  # the same deck, drawn by LibreOffice
    assert len(reader.pages) == len(prs.slides)
    assert "Brand footer" in reader.pages[2].extract_text()


def test_missing_layouts_and_pale_colours_are_warnings(tmp_path: Path) -> None:
    from facilitator import api

    path = templated_workshop(tmp_path, "my.pptx")
    template = brand_template(path.parent / "my.pptx", content_layout="Our Layout")
    blob = zipfile.ZipFile(template)
    entries = {n: blob.read(n) for n in blob.namelist()}
    theme = "ppt/theme/theme1.xml"
    entries[theme] = entries[theme].replace(b'<a:srgbClr val="5A1846"/>', b'<a:srgbClr val="DDDDDD"/>')
    with zipfile.ZipFile(template, "w") as target:
        for name, data in entries.items():
            target.writestr(name, data)
    warnings = [d for d in api.check(path) if d.severity == "warning"]
    assert [(d.code, d.key) for d in warnings] == [
        ("theme.contrast", "theme.template"),  # heading, from the template's dk2: the template's line
        ("theme.contrast", "theme.template"),  # title text, from the template's dk2
        ("template.layout", "theme.template"),
    ]
    assert all(d.line > 0 for d in warnings)
    assert "heading #DDDDDD on background #FFFFFF" in warnings[0].message
    assert warnings[2].message.startswith(
        "the template has no layout 'Title and Content'; using 'Title Only' instead"
    )
    plan = api.load_plan(path)
    assert {d.code for d in plan.warnings} >= {"template.layout", "theme.contrast"}  # build prints them
    [deck] = api.render_outputs(plan, ["deck"])
    prs = Presentation(io.BytesIO(deck.data))
    assert {slide.slide_layout.name for slide in list(prs.slides)[1:]} == {"Title Only"}
    body = [s for s in prs.slides[2].shapes if s.name == "Body"]  # Title Only has no body placeholder
    assert len(body) == 1 and body[0].text_frame.text


def test_a_4_by_3_template_is_a_warning(tmp_path: Path) -> None:
    from facilitator import api

    path = templated_workshop(tmp_path, "old.pptx")
    Presentation().save(str(path.parent / "old.pptx"))  # python-pptx's default is 4:3
    [warning] = [d for d in api.check(path) if d.code == "template.size"]
    assert "1.33:1, not 16:9" in warning.message
