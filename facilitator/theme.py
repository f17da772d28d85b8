"""Themes: colours, fonts, sizes, logo and footer, read from assets/themes/ and checked for contrast."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints

from facilitator.errors import Diagnostic, FacilitatorError, did_you_mean, display_path
from facilitator.paths import theme_file_path_diagnostics
from facilitator.schema import Model, TemplateLayouts, ThemeChoice
from facilitator.source import load_source
from facilitator.validate import check_model

PROJECT_ROOT = Path(__file__).resolve().parent.parent
THEMES_DIR = PROJECT_ROOT / "assets" / "themes"
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
# Pairs of (text colour, background colour) that must meet WCAG AA.
CONTRAST_PAIRS = (
    ("text", "background"),
    ("heading", "background"),
    ("accent", "background"),
    ("muted", "background"),
    ("title_text", "title_background"),
)
WCAG_AA = 4.5
FONT_STYLES = ("regular", "bold", "italic", "bold_italic")


class Colours(Model):
    """The theme's colours, each `#RRGGBB`."""

    background: Colour
    text: Colour
    heading: Colour
    accent: Colour
    muted: Colour
    title_background: Colour
    title_text: Colour


class FontFamily(Model):
    """A font family: the name documents use, and the TTF files used to measure or embed it."""

    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


class Fonts(Model):
    """The font for slides and the font embedded in printed documents."""

    slides: FontFamily
    print: FontFamily


class Sizes(Model):
    """Text sizes in points."""

    title: float = Field(ge=12, le=96)
    heading: float = Field(ge=12, le=72)
    body: float = Field(ge=10, le=60)
    minimum: float = Field(ge=8, le=60, description="no slide text is ever smaller")
    print_body: float = Field(ge=7, le=24)


class Theme(Model):
    """A complete theme, with every path resolved."""

    name: str
    colours: Colours
    fonts: Fonts
    sizes: Sizes
    logo: Path | None = None
    footer: str | None = None
    template: Path | None = None
    layouts: TemplateLayouts = Field(default_factory=TemplateLayouts)


def available_themes() -> list[str]:
    """Return the ids of the themes shipped in assets/themes/."""
    return sorted(p.stem for p in THEMES_DIR.glob("*.yaml"))


def theme_source(choice: str | ThemeChoice, workshop_dir: Path) -> Path:
    """Return the theme file a workshop's `theme:` names: a path beside it, or a shipped theme's file."""
    base = choice if isinstance(choice, str) else choice.base
    if Path(base).suffix in (".yaml", ".yml"):
        return (workshop_dir / base).resolve()
    return THEMES_DIR / f"{base}.yaml"


def _resolve(base: Path, value: object) -> object:
    if isinstance(value, str) and value:
        return (base / value).resolve()
    return value


def _template_colours(path: Path) -> dict[str, str]:
    """Return the deck's colour roles from a template's colour scheme ({} when it cannot be read).

    A template that cannot be read is reported by `facilitator.assets`, not here.
    """
    import zipfile

    from lxml import etree

    from facilitator.assets import template_problem
    from facilitator.render.pptx_template import read_template, template_colour_roles

    if template_problem(path):  # missing, not a .pptx, or a zip bomb: read nothing from it
        return {}
    try:
        _names, colours, _size = read_template(path)
    except (zipfile.BadZipFile, KeyError, OSError, etree.XMLSyntaxError, ValueError):
        return {}
    return template_colour_roles(colours)


def load_theme(choice: str | ThemeChoice, workshop_dir: Path, *, allow_outside: bool = False) -> Theme:
    """Return the theme a workshop names (by id or path), with its inline overrides applied.

    Fonts, logo and template named by the theme file must lie in the workshop's folder tree or
    the project's assets/ and workshops/ unless `allow_outside` (see facilitator.paths).
    """
    spec = ThemeChoice(base=choice) if isinstance(choice, str) else choice
    path = theme_source(spec, workshop_dir)
    if Path(spec.base).suffix not in (".yaml", ".yml") and not path.is_file():
        hint = did_you_mean(spec.base, available_themes())
        raise FacilitatorError(
            [
                Diagnostic(
                    display_path(THEMES_DIR),
                    0,
                    0,
                    "theme",
                    f"no theme '{spec.base}'{hint}; available: {', '.join(available_themes())}",
                    "theme.unknown",
                )
            ]
        )
    doc = load_source(path)
    if not isinstance(doc.data, dict):
        theme, problems = check_model(doc, Theme)
        raise FacilitatorError(problems)
    outside = theme_file_path_diagnostics(doc, workshop_dir, allow_outside=allow_outside)
    if outside:
        raise FacilitatorError(outside)
    data = dict(doc.data)
    base = path.parent
    data["fonts"] = {
        role: {k: _resolve(base, v) if k != "name" else v for k, v in family.items()}
        for role, family in (data.get("fonts") or {}).items()
        if isinstance(family, dict)
    } or data.get("fonts")
    for key in ("logo", "template"):
        data[key] = _resolve(base, data.get(key))
    for role in ("slides", "print"):
        family = getattr(spec.fonts, role)
        if family is not None:  # the workshop's own font files, relative to the workshop
            files = {style: _resolve(workshop_dir, getattr(family, style)) for style in FONT_STYLES}
            data["fonts"] = {**(data.get("fonts") or {}), role: {"name": family.name, **files}}
    if spec.logo:
        data["logo"] = _resolve(workshop_dir, spec.logo)
    if spec.template:
        data["template"] = _resolve(workshop_dir, spec.template)
    if spec.footer:
        data["footer"] = spec.footer
    if spec.layouts:
        data["layouts"] = spec.layouts.model_dump()
    if data.get("template"):  # a template brings its own colours; inline `colours:` still win
        data["colours"] = {**(data.get("colours") or {}), **_template_colours(Path(data["template"]))}
    if spec.colours:
        data["colours"] = {**(data.get("colours") or {}), **spec.colours}
    doc.data = data
    theme, problems = check_model(doc, Theme)
    if theme is None:
        raise FacilitatorError(problems)
    return theme


def relative_luminance(colour: str) -> float:
    """Return the WCAG relative luminance of `#RRGGBB`."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """Return the WCAG contrast ratio of two colours (1 to 21)."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def contrast_warnings(theme: Theme, where: str) -> list[Diagnostic]:
    """Return a warning for each text/background pair below WCAG AA (4.5:1)."""
    warnings = []
    colours = theme.colours.model_dump()
    for fg, bg in CONTRAST_PAIRS:
        ratio = contrast_ratio(colours[fg], colours[bg])
        if ratio < WCAG_AA:
            warnings.append(
                Diagnostic(
                    where,
                    0,
                    0,
                    "theme.colours",
                    f"{fg} {colours[fg]} on {bg} {colours[bg]} has contrast {ratio:.2f}:1; "
                    f"WCAG AA needs at least {WCAG_AA}:1",
                    "theme.contrast",
                    "warning",
                )
            )
    return warnings
