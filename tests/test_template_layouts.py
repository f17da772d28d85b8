"""The template owns the layout: real templates, layouts chosen by master and name, text off their graphics.

Decks of the ready workshops are built on LibreOffice's own templates and
pandoc's reference deck (tests/real_templates.py), drawn by LibreOffice, and
every character pdfplumber finds must lie inside a text shape python-pptx
reads back, and on no master or layout graphic except the one the shape was
put on (a graphic under at least half of the shape: a title band).
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

from facilitator import api
from facilitator.render import deck
from facilitator.render.pptx_package import package_problems
from facilitator.workshop.template_layouts import choose_layout, read_layouts
from tests.conftest import READY_WORKSHOPS, ROOTS
from tests.real_templates import EMU_PER_CM, EMU_PER_INCH, RealTemplate

pdfplumber = pytest.importorskip("pdfplumber")

EMU_PER_PT = 12700
TOLERANCE = 1.5  # points a glyph's box may poke past its shape (antialiasing, rounding)
ON_GRAPHIC = 1.0  # points a glyph must reach into a graphic to count as drawn on it
BACKDROP = 0.5  # a graphic under this share of a text shape is the shape's backdrop
# The templates every ready workshop is built on and drawn; the .potx twins are checked as packages
# in test_pptx_package.py, and open the same way (test_real_templates.py).
RENDERED = ["vivid.pptx", "blue-curve.pptx", "vintage.pptx", "pandoc.pptx"]

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points


def on_template(tmp: Path, template: Path, workshop: Path, theme: str = "") -> Path:
    """Return a copy of `workshop` (with its folder) whose theme is `template` (and `theme` keys)."""
    folder = tmp / f"{template.stem}-{workshop.stem}"
    shutil.copytree(workshop.parent, folder, ignore=shutil.ignore_patterns("*.pptx", "*.potx", "output"))
    shutil.copy(template, folder / template.name)
    path = folder / workshop.name
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("theme:")]
    lines += ["theme:", f"  template: {template.name}", *theme.splitlines()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _box(shape) -> Box:  # type: ignore[no-untyped-def]
    x0, top = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
    return (x0, top, x0 + shape.width / EMU_PER_PT, top + shape.height / EMU_PER_PT)


def _shared(a: Box, b: Box) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def _size(a: Box) -> float:
    return max(0.0, a[2] - a[0]) * max(0.0, a[3] - a[1])


def text_boxes(slide: Slide) -> list[Box]:
    """Return the boxes of a slide's shapes that hold text."""
    return [_box(s) for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()]


def graphics(slide: Slide) -> list[Box]:
    """Return the boxes of the pictures and shapes drawn under a slide by its layout and master."""
    layout = slide.slide_layout
    sources = [layout.shapes]
    if layout.element.get("showMasterSp", "1") not in ("0", "false"):
        sources.insert(0, layout.slide_master.shapes)
    return [
        _box(shape)
        for shapes in sources
        for shape in shapes
        if not shape.is_placeholder and shape.width and shape.height
    ]


def _ph_type(shape) -> str:  # type: ignore[no-untyped-def]
    """Return a placeholder's type as the XML writes it (`obj` when it gives none)."""
    ph = shape.element.find(".//{http://schemas.openxmlformats.org/presentationml/2006/main}ph")
    return ph.get("type", "obj")


def inside(char: dict, box: Box, slack: float = TOLERANCE) -> bool:
    """Return whether a pdfplumber character lies within a box, give or take `slack`."""
    x0, top, x1, bottom = box
    return (
        char["x0"] >= x0 - slack
        and char["x1"] <= x1 + slack
        and char["top"] >= top - slack
        and char["bottom"] <= bottom + slack
    )


def placement_problems(pptx: bytes, pdf: Path) -> list[str]:
    """Return every character drawn outside the text shapes, or on a graphic that is not its backdrop."""
    slides = list(Presentation(io.BytesIO(pptx)).slides)
    problems = []
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) == len(slides)
        for number, (page, slide) in enumerate(zip(document.pages, slides, strict=True), start=1):
            boxes = text_boxes(slide)
            drawn = graphics(slide)
            title = slide.shapes.title.text_frame.text if slide.shapes.title else "?"
            for char in page.chars:
                if not char["text"].strip():
                    continue
                where = f"slide {number} ({title}): {char['text']!r} at ({char['x0']:.0f}, {char['top']:.0f})"
                holders = [b for b in boxes if inside(char, b)]
                if not holders:
                    problems.append(f"{where} is outside every text shape")
                    continue
                glyph = (char["x0"], char["top"], char["x1"], char["bottom"])
                for graphic in drawn:
                    reach = min(glyph[2], graphic[2]) - max(glyph[0], graphic[0])
                    depth = min(glyph[3], graphic[3]) - max(glyph[1], graphic[1])
                    if reach < ON_GRAPHIC or depth < ON_GRAPHIC:
                        continue
                    if not any(_shared(graphic, box) >= BACKDROP * _size(box) for box in holders):
                        problems.append(
                            f"{where} is drawn on a graphic at {tuple(round(v) for v in graphic)}"
                        )
    return problems


@pytest.fixture(scope="module")
def drawn(
    tmp_path_factory: pytest.TempPathFactory, real_templates: dict[str, RealTemplate]
) -> dict[tuple[str, str], tuple[bytes, Path]]:
    """Build every ready workshop on every rendered template; draw them all in one LibreOffice run."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed; it draws the decks")
    folder = tmp_path_factory.mktemp("template-decks")
    decks: dict[tuple[str, str], tuple[bytes, Path]] = {}
    for name in RENDERED:
        if name not in real_templates:
            continue
        for workshop in READY_WORKSHOPS:
            path = on_template(folder, real_templates[name].path, workshop)
            [output] = deck.render(api.load_plan(path))
            target = folder / f"{Path(name).stem}--{workshop.stem}.pptx"
            target.write_bytes(output.data)
            decks[(name, workshop.stem)] = (output.data, target.with_suffix(".pdf"))
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
        timeout=900,
        env={**os.environ, "HOME": str(profile)},
    )
    return decks


@pytest.mark.parametrize("template", RENDERED)
@pytest.mark.parametrize("workshop", [p.stem for p in READY_WORKSHOPS])
def test_no_character_outside_its_box_or_on_a_graphic(
    drawn: dict[tuple[str, str], tuple[bytes, Path]], template: str, workshop: str
) -> None:
    if (template, workshop) not in drawn:
        pytest.skip(f"{template} could not be made")
    pptx, pdf = drawn[(template, workshop)]
    assert package_problems(pptx) == []  # a package every presentation program accepts
    problems = placement_problems(pptx, pdf)
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("template", RENDERED)
def test_the_deck_keeps_the_templates_page_and_its_layouts(
    tmp_path: Path, real_templates: dict[str, RealTemplate], template: str
) -> None:
    """16:9 at 28 × 15.75 cm or 10 × 5.625 in, and 4:3: the deck keeps the template's page and layouts."""
    if template not in real_templates:
        pytest.skip(f"{template} could not be made")
    real = real_templates[template]
    path = on_template(tmp_path, real.path, ROOTS / "minimal" / "workshop.yaml")
    [output] = deck.render(api.load_plan(path))
    assert package_problems(output.data) == []
    prs = Presentation(io.BytesIO(output.data))
    assert (prs.slide_width, prs.slide_height) == (real.width, real.height)
    names = {
        layout.name
        for master in Presentation(str(real.path)).slide_masters
        for layout in master.slide_layouts
    }
    assert {slide.slide_layout.name for slide in prs.slides} <= names
    geometry = read_layouts(real.path)
    content, _ = choose_layout(geometry, "content", None)
    body = content.placeholder(("body", "obj"))
    assert body is not None
    # The body of a content slide sits where the template's body placeholder is (less what a graphic covers).
    slide = prs.slides[1]
    shapes = [s for s in slide.shapes if s.is_placeholder and _ph_type(s) == body.type]
    assert shapes, [s.name for s in slide.shapes]
    left, top, _right, _bottom = _box(shapes[0])
    assert abs(left - body.area.left) < 0.5 and top >= body.area.top - 0.5


def test_page_sizes() -> None:
    """The real templates are the sizes the issue names; the default template is 13.33 × 7.5 in."""
    assert round(read_layouts(Path("assets/templates/default.pptx")).width * EMU_PER_PT) == round(
        13.333333 * EMU_PER_INCH
    )
    assert 28 * EMU_PER_CM == 10080000 and 10 * EMU_PER_INCH == 9144000


# ---------------------------------------------------------------------------
# Choosing layouts: by name, by master and name, names with commas; what validate says


def test_a_name_several_masters_share_picks_the_one_that_leaves_text_room(
    real_templates: dict[str, RealTemplate],
) -> None:
    """Vivid repeats every layout on 3 masters; the first puts a band across the body, the third does not."""
    if "vivid.pptx" not in real_templates:
        pytest.skip("vivid.pptx could not be made")
    geometry = read_layouts(real_templates["vivid.pptx"].path)
    assert [lay.master for lay in geometry.layouts if lay.name == "Title, Content"] == [1, 2, 3]
    layout, problem = choose_layout(geometry, "content", None)
    assert (layout.name, layout.master, problem) == ("Title, Content", 3, None)
    layout, problem = choose_layout(geometry, "content", "1/Title, Content")  # path-like: master 1
    assert (layout.name, layout.master, problem) == ("Title, Content", 1, None)

    class Choice:  # what `{master: 2, name: ...}` becomes once checked
        master, name = 2, "title, content"

    layout, problem = choose_layout(geometry, "content", Choice())
    assert (layout.name, layout.master, problem) == ("Title, Content", 2, None)
    layout, problem = choose_layout(geometry, "content", "Title, Content")  # a name with a comma
    assert (layout.name, layout.master) == ("Title, Content", 3)


def test_validate_names_the_layout_and_shape_in_the_way_and_lists_layouts_once_each(
    tmp_path: Path, real_templates: dict[str, RealTemplate]
) -> None:
    if "vivid.pptx" not in real_templates:
        pytest.skip("vivid.pptx could not be made")
    vivid = real_templates["vivid.pptx"]
    path = on_template(
        tmp_path, vivid.path, ROOTS / "minimal" / "workshop.yaml", "  layouts:\n    content: 1/Title, Content"
    )
    overlaps = [d for d in api.check(path) if d.code == "template.overlap"]
    line = path.read_text(encoding="utf-8").splitlines().index("  template: vivid.pptx") + 1
    assert [d.format() for d in overlaps] == [
        f"{path}:{line}:13: warning: theme.layouts: layout 'Title, Content' (master 1): an unnamed shape on "
        "the master (at 0, 298 pt, 794 × 149 pt) covers part of its body placeholder (at 43, 113 pt, "
        "709 × 319 pt); slide text keeps out of it (709 × 184 pt are left); to keep the whole box, choose "
        "another layout or master under theme: layouts: [template.overlap]"
    ]
    # build places the body only where the band leaves room
    [output] = deck.render(api.load_plan(path))
    body = next(
        s
        for s in Presentation(io.BytesIO(output.data)).slides[1].shapes
        if s.name != "Title 1" and s.has_text_frame
    )
    assert _box(body)[3] <= 298.0 + 0.01
    path = on_template(
        tmp_path / "x",
        vivid.path,
        ROOTS / "minimal" / "workshop.yaml",
        "  layouts:\n    content: Two columns",
    )
    [missing] = [d for d in api.check(path) if d.code == "template.layout"]
    # A name the template lacks changes nothing else: the deck takes the content layout it takes
    # when none is named, and the warning is on the line that names it.
    assert missing.message == (
        "the template has no layout 'Two columns'; using 'Title, Content' instead; its layouts are listed "
        "below; name the layout to use under theme: layouts: (title: or content:)"
    )
    line = path.read_text(encoding="utf-8").splitlines().index("    content: Two columns") + 1
    assert (missing.line, missing.col, missing.key) == (line, 14, "theme.layouts.content")
    listed = list(missing.choices)
    assert missing.format().split("\n")[1:4] == [
        "    Blank Slide (masters 1, 2, 3)",
        "    Title Slide (masters 1, 2, 3)",
        "    'Title, Content' (masters 1, 2, 3)",
    ]
    assert len(listed) == len({lay.name for lay in read_layouts(vivid.path).layouts}) == 12


def test_layouts_by_master_and_name_in_the_workshop_file(
    tmp_path: Path, real_templates: dict[str, RealTemplate]
) -> None:
    """`{master: 2, name: ...}` and `"2/…"` both reach the deck; a master that does not exist is a warning."""
    if "vivid.pptx" not in real_templates:
        pytest.skip("vivid.pptx could not be made")
    vivid = real_templates["vivid.pptx"]
    for n, choice in enumerate(["{master: 2, name: 'Title, Content'}", "'2/Title, Content'"]):
        path = on_template(
            tmp_path / str(n),
            vivid.path,
            ROOTS / "minimal" / "workshop.yaml",
            f"  layouts:\n    content: {choice}",
        )
        plan = api.load_plan(path)
        assert not [d for d in plan.warnings if d.code in ("template.layout", "template.overlap")]
        [output] = deck.render(plan)
        prs = Presentation(io.BytesIO(output.data))
        masters = list(prs.slide_masters)
        used = {
            (masters.index(s.slide_layout.slide_master) + 1, s.slide_layout.name)
            for s in list(prs.slides)[1:]
        }
        assert used == {(2, "Title, Content")}
    path = on_template(
        tmp_path / "9",
        vivid.path,
        ROOTS / "minimal" / "workshop.yaml",
        "  layouts:\n    content: {master: 9, name: 'Title, Content'}",
    )
    [missing] = [d for d in api.check(path) if d.code == "template.layout"]
    assert missing.message.startswith("the template has no layout '9/Title, Content' (it has no master '9')")


def _font_template(path: Path, font: str) -> Path:
    """Write a 16:9 template (python-pptx's) whose theme sets headings and text in `font`."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    prs = Presentation()
    prs.slide_width, prs.slide_height = 12192000, 6858000
    theme = prs.slide_masters[0].part.part_related_by(RT.THEME)
    theme._blob = theme.blob.replace(b'typeface="Calibri"', f'typeface="{font}"'.encode())
    prs.save(str(path))
    return path


def test_a_template_font_facilitator_ships_is_kept_and_another_is_named_in_a_warning(tmp_path: Path) -> None:
    kept = _font_template(tmp_path / "dejavu.pptx", "DejaVu Sans")
    path = on_template(tmp_path / "a", kept, ROOTS / "minimal" / "workshop.yaml")
    plan = api.load_plan(path)
    assert plan.theme.fonts.slides.name == "DejaVu Sans"
    assert plan.theme.fonts.slides.regular.name == "DejaVuSans.ttf"
    assert not [d for d in plan.warnings if d.code == "template.font"]
    [output] = deck.render(plan)
    runs = [
        r
        for s in Presentation(io.BytesIO(output.data)).slides
        for sh in s.shapes
        if sh.has_text_frame
        for p in sh.text_frame.paragraphs
        for r in p.runs
    ]
    assert runs and {r.font.name for r in runs} == {"DejaVu Sans"}
    other = _font_template(tmp_path / "lato.pptx", "Lato")
    path = on_template(tmp_path / "b", other, ROOTS / "minimal" / "workshop.yaml")
    plan = api.load_plan(path)
    assert plan.theme.fonts.slides.name == "Calibri"
    [warning] = [d for d in plan.warnings if d.code == "template.font"]
    assert (
        warning.key == "theme.fonts.slides"
        and "'Lato'" in warning.message
        and "use Calibri" in warning.message
    )


def test_listed_layout_names_are_shown_safely() -> None:
    """A layout name is the template's text: listed under a warning, it cannot act on the terminal."""
    from facilitator.errors import Diagnostic

    warning = Diagnostic(
        "w.yaml",
        3,
        5,
        "theme.template",
        "no layout",
        "template.layout",
        "warning",
        choices=("A\x1b[2J", "B\nC"),
    )
    assert warning.format().split("\n") == [
        "w.yaml:3:5: warning: theme.template: no layout [template.layout]",
        "    A\\x1b[2J",
        "    B\\x0aC",
    ]


def test_a_slip_in_a_layout_name_is_caught_with_a_did_you_mean_and_changes_nothing(
    tmp_path: Path, real_templates: dict[str, RealTemplate]
) -> None:
    """A typo in the content layout, or a master that does not exist, gives the deck it gives without them."""
    if "vivid.pptx" not in real_templates:
        pytest.skip("vivid.pptx could not be made")
    vivid = real_templates["vivid.pptx"]
    workshop = ROOTS / "minimal" / "workshop.yaml"
    plain = on_template(tmp_path / "plain", vivid.path, workshop)
    slipped = on_template(
        tmp_path / "slipped",
        vivid.path,
        workshop,
        '  layouts:\n    content: "Title, Contnet"\n    title: {master: 9, name: Title Slide}',
    )
    found = {d.key: d for d in api.check(slipped) if d.code == "template.layout"}
    lines = slipped.read_text(encoding="utf-8").splitlines()
    assert found["theme.layouts.content"].line == lines.index('    content: "Title, Contnet"') + 1
    assert found["theme.layouts.content"].message.startswith(
        "the template has no layout 'Title, Contnet' (did you mean 'Title, Content'?); "
        "using 'Title, Content' instead"
    )
    assert found["theme.layouts.title"].message.startswith(
        "the template has no layout '9/Title Slide' (it has no master '9'); using 'Title Slide' instead"
    )

    def layouts(path: Path) -> list[tuple[str, str]]:
        [output] = deck.render(api.load_plan(path))
        prs = Presentation(io.BytesIO(output.data))
        return [(s.slide_layout.slide_master.name, s.slide_layout.name) for s in prs.slides]

    assert layouts(slipped) == layouts(plain)


def _body_at(path: Path, off: int, ext: tuple[int, int]) -> None:
    """Write the base template with its content layout's body placeholder at `off`, `ext` (EMU)."""
    from tests import hostile_templates as hostile

    entries = hostile.base_entries()
    text = entries[hostile.LAYOUT].decode()
    start = text.index("<p:spPr/>", text.index('name="Content Placeholder 2"'))
    xfrm = (
        f'<p:spPr><a:xfrm><a:off x="{off}" y="{off}"/><a:ext cx="{ext[0]}" cy="{ext[1]}"/></a:xfrm></p:spPr>'
    )
    entries[hostile.LAYOUT] = (text[:start] + xfrm + text[start + len("<p:spPr/>") :]).encode()
    hostile.write(path, entries)


@pytest.mark.parametrize(
    ("off", "ext", "why"),
    [
        (99_999_999, (8_000_000, 3_000_000), "lies outside the page"),
        (0, (8_000_000, 12_700), "leaves too little room on the page for text"),
    ],
    ids=["off-the-page", "one-point-high"],
)
def test_a_body_box_text_cannot_use_is_replaced_by_one_of_our_own(
    tmp_path: Path, off: int, ext: tuple[int, int], why: str
) -> None:
    """A body box off the page hid every body text; one a point high put a line a slide, over the title."""
    plain = on_template(
        tmp_path / "plain", _template_copy(tmp_path, None), ROOTS / "minimal" / "workshop.yaml"
    )
    odd = on_template(
        tmp_path / "odd", _template_copy(tmp_path, (off, ext)), ROOTS / "minimal" / "workshop.yaml"
    )
    [warning] = [d for d in api.check(odd) if d.code == "template.placeholder"]
    assert "layout 'Title and Content' (master 1): its body placeholder (at " in warning.message
    assert f") {why}; the deck puts that text in a box of its own" in warning.message
    assert not [d for d in api.check(plain) if d.code == "template.placeholder"]

    def slides(path: Path) -> tuple[list[list[tuple[str, Box]]], float, float]:
        [output] = deck.render(api.load_plan(path))
        prs = Presentation(io.BytesIO(output.data))
        texts = [[(s.text_frame.text, _box(s)) for s in one.shapes if s.has_text_frame] for one in prs.slides]
        return texts, prs.slide_width / EMU_PER_PT, prs.slide_height / EMU_PER_PT

    odd_slides, width, height = slides(odd)
    assert len(odd_slides) == len(slides(plain)[0])
    for shapes in odd_slides:
        for text, (left, top, right, bottom) in shapes:
            if text.strip():
                assert 0 <= left < right <= width and 0 <= top < bottom <= height, (text[:40], left, top)


def _template_copy(tmp_path: Path, body: tuple[int, tuple[int, int]] | None) -> Path:
    from tests import hostile_templates as hostile

    path = tmp_path / ("odd.pptx" if body else "plain.pptx")
    if body is None:
        hostile.write(path, hostile.base_entries())
    else:
        _body_at(path, *body)
    return path


def test_graphics_that_leave_no_room_for_text_are_written_over(tmp_path: Path) -> None:
    """Forty thin stripes across a master cut every box into strips: 40 slides of one line each, before."""
    from tests import hostile_templates as hostile

    entries = hostile.base_entries()
    stripes = "".join(
        f'<p:sp><p:nvSpPr><p:cNvPr id="{1000 + i}" name="Stripe {i}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="0" y="{6858000 * i // 40}"/><a:ext cx="12192000" cy="85725"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="EEEEEE"/></a:solidFill>'
        "</p:spPr></p:sp>"
        for i in range(40)
    )
    hostile.add_shapes(entries, hostile.MASTER, stripes)
    hostile.write(tmp_path / "stripes.pptx", entries)
    workshop = ROOTS / "minimal" / "workshop.yaml"
    odd = on_template(tmp_path / "odd", tmp_path / "stripes.pptx", workshop)
    plain = on_template(tmp_path / "plain", _template_copy(tmp_path, None), workshop)
    overlaps = [d.message for d in api.check(odd) if d.code == "template.overlap"]
    assert len(overlaps) == 4, overlaps  # title and subtitle, title and body: once each, not once a stripe
    assert all("leave too little of its" in m and "slide text goes over them" in m for m in overlaps)

    def count(path: Path) -> int:
        [output] = deck.render(api.load_plan(path))
        return len(Presentation(io.BytesIO(output.data)).slides)

    assert count(odd) == count(plain)


def _picture_template(path: Path, width: int, height: int) -> Path:
    """Write a small template whose content layout shows a `width` × `height` JPEG, embedded."""
    from PIL import Image

    from tests import hostile_templates as make

    entries = make.base_entries()
    picture = io.BytesIO()
    Image.new("L", (width, height), 200).save(picture, "JPEG", quality=10)
    entries["ppt/media/wide.jpeg"] = picture.getvalue()
    make.relate(entries, make.LAYOUT, "rIdWide", "image", "../media/wide.jpeg")
    make.add_shapes(entries, make.LAYOUT, make._picture(40, "rIdWide", attribute="r:embed"))
    make.write(path, entries)
    return path


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((640, 480), []),
        (
            (8000, 6000),
            [
                "layout 'Title and Content' (master 1): 'Picture 40' on the layout (at 0, 0 pt, 72 × 72 pt) "
                "shows ppt/media/wide.jpeg, which is 8,000 × 6,000 pixels; notes.pdf and slides-handout.pdf "
                "leave it out (they draw PNG, JPEG, GIF, BMP or TIFF pictures of up to 20 MB and 40,000,000 "
                "pixels), the deck keeps it"
            ],
        ),
    ],
    ids=["drawn", "too-many-pixels"],
)
def test_validate_warns_of_a_template_picture_paper_leaves_out(
    tmp_path: Path, size: tuple[int, int], expected: list[str]
) -> None:
    """notes.pdf and slides-handout.pdf cannot draw a 48-megapixel picture: validate says so, once."""
    template = _picture_template(tmp_path / "brand.pptx", *size)
    path = on_template(tmp_path, template, ROOTS / "minimal" / "workshop.yaml")
    assert [d.message for d in api.check(path) if d.code == "template.picture"] == expected
