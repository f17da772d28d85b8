"""The default theme's slide template is made from the theme by a committed script, and is what it says."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from facilitator.planning.theme import load_theme
from facilitator.render.pptx_package import package_problems
from facilitator.workshop.template_layouts import choose_layout, read_layouts
from tests.conftest import PROJECT

TEMPLATE = PROJECT / "assets" / "templates" / "default.pptx"
SCRIPT = PROJECT / "assets" / "templates" / "build_default.py"


def test_the_committed_template_is_what_the_script_writes() -> None:
    """Run the script's build (in memory): the bytes equal the committed file, so neither has drifted."""
    spec = importlib.util.spec_from_file_location("build_default", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == TEMPLATE.read_bytes(), "run assets/templates/build_default.py and commit"


def test_the_default_theme_builds_on_it() -> None:
    theme = load_theme("default", PROJECT)
    assert theme.template is None and theme.slide_template == TEMPLATE
    assert package_problems(TEMPLATE.read_bytes()) == []


def test_its_layouts_carry_the_themes_sizes_and_no_text_colour() -> None:
    """Sizes from the theme; colour, background and font left to the deck, which takes them from the theme."""
    theme = load_theme("default", Path("."))
    geometry = read_layouts(TEMPLATE)
    assert (geometry.width, geometry.height) == (960.0, 540.0)
    assert geometry.fonts == (theme.fonts.slides.name, theme.fonts.slides.name)
    assert (
        geometry.colours["dk2"] == theme.colours.heading
        and geometry.colours["accent1"] == theme.colours.accent
    )
    title, problem = choose_layout(geometry, "title", None)
    assert problem is None and not title.own_background
    ctr = title.placeholder(("ctrTitle",))
    assert ctr is not None and (ctr.style.size, ctr.style.colour) == (theme.sizes.title, None)
    content, problem = choose_layout(geometry, "content", None)
    assert problem is None and content.name == "Title and Content"
    heading = content.placeholder(("title",))
    body = content.placeholder(("obj",))
    assert heading is not None and body is not None
    assert (heading.style.size, heading.style.anchor) == (theme.sizes.heading, "b")
    assert (body.style.size, body.style.colour) == (theme.sizes.body, None)
    assert [g.name for g in content.graphics] == ["Accent rule"]  # beside the text, in no box
    assert heading.area.bottom < content.graphics[0].area.top < body.area.top
