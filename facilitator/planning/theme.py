"""Themes: colours, fonts, sizes, logo and footer, read from assets/themes/ and checked for contrast."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints

from facilitator.errors import Diagnostic, FacilitatorError, did_you_mean, display_path
from facilitator.workshop.assets import font_problem, image_metadata, image_problem
from facilitator.workshop.colours import WCAG_AA, contrast_ratio, readable
from facilitator.workshop.fields import Line, Model
from facilitator.workshop.paths import DEFAULT_TEMPLATE, THEMES_DIR, theme_file_path_diagnostics
from facilitator.workshop.schema import TemplateLayouts, ThemeChoice
from facilitator.workshop.source import SourceDoc, load_source
from facilitator.workshop.validate import check_model

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
# Pairs of (text colour, background colour) that must meet WCAG AA.
CONTRAST_PAIRS = (
    ("text", "background"),
    ("heading", "background"),
    ("accent", "background"),
    ("muted", "background"),
    ("title_text", "title_background"),
)
FONT_STYLES = ("regular", "bold", "italic", "bold_italic")
# Slide fonts facilitator ships, by the names a template may give them (Carlito is Calibri's
# metric twin): a template whose text is in one of these keeps its font, measured with these files.
SHIPPED_SLIDE_FONTS = {
    "calibri": ("Calibri", ("Carlito-Regular", "Carlito-Bold", "Carlito-Italic", "Carlito-BoldItalic")),
    "carlito": ("Carlito", ("Carlito-Regular", "Carlito-Bold", "Carlito-Italic", "Carlito-BoldItalic")),
    "dejavu sans": (
        "DejaVu Sans",
        ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"),
    ),
}


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

    name: Line
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

    name: Line
    colours: Colours
    fonts: Fonts
    sizes: Sizes
    logo: Path | None = None
    footer: Line | None = None  # a theme file is as untrusted as a workshop: one line
    template: Path | None = None
    layouts: TemplateLayouts = Field(default_factory=TemplateLayouts)

    @property
    def slide_template(self) -> Path:
        """Return the template the deck is built on: the workshop's, else the default theme's."""
        return self.template or DEFAULT_TEMPLATE


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

    A template that cannot be read is reported by `facilitator.workshop.assets`, not here.
    """
    import zipfile

    from lxml import etree

    from facilitator.workshop.template import read_template, template_colour_roles, template_problem

    if template_problem(path):  # missing, not a .pptx, or a zip bomb: read nothing from it
        return {}
    try:
        _names, colours, _size = read_template(path)
    except (zipfile.BadZipFile, KeyError, OSError, etree.XMLSyntaxError, ValueError):
        return {}
    return template_colour_roles(colours)


def _template_font(path: Path, layouts: object) -> dict[str, object] | None:
    """Return the slide font family for a template whose body text is in a font facilitator ships."""
    from facilitator.workshop.template_layouts import template_text_font

    name = template_text_font(path, layouts)
    shipped = SHIPPED_SLIDE_FONTS.get((name or "").strip().casefold())
    if shipped is None:
        return None
    fonts = THEMES_DIR.parent / "fonts"
    family, stems = shipped
    return {"name": family, **{s: fonts / f"{stem}.ttf" for s, stem in zip(FONT_STYLES, stems, strict=True)}}


def load_theme(choice: str | ThemeChoice, workshop_dir: Path, *, allow_outside: bool = False) -> Theme:
    """Return the theme a workshop names (by id or path), with its inline overrides applied.

    Fonts, logo and template named by the theme file must lie in the workshop's folder tree or
    the project's assets/ and workshops/ unless `allow_outside` (see facilitator.workshop.paths).
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
        if spec.fonts.slides is None:  # and its own font, where facilitator can measure it
            family = _template_font(Path(data["template"]), spec.layouts)
            if family is not None:
                data["fonts"] = {**(data.get("fonts") or {}), "slides": family}
    if spec.colours:
        data["colours"] = {**(data.get("colours") or {}), **spec.colours}
    doc.data = data
    theme, problems = check_model(doc, Theme)
    if theme is None:
        raise FacilitatorError(problems)
    return theme


def contrast_warnings(
    theme: Theme, doc: SourceDoc, choice: str | ThemeChoice, workshop_dir: Path
) -> list[Diagnostic]:
    """Return a warning for each text/background pair below WCAG AA (4.5:1), with a colour that passes.

    Each warning points where the colour was set: the workshop's `theme: colours:`, its
    template (`theme: template:`, whose colour scheme gave it) or the theme file's `colours:`.
    """
    warnings = []
    colours = theme.colours.model_dump()
    origins = _colour_origins(theme, doc, choice, workshop_dir)
    for fg, bg in CONTRAST_PAIRS:
        ratio = contrast_ratio(colours[fg], colours[bg])
        if ratio >= WCAG_AA:
            continue
        # Change the colour the user set (the background only when it alone is theirs).
        change = bg if origins[bg][0] < origins[fg][0] else fg
        other = fg if change == bg else bg
        better = readable(colours[change], colours[other])
        rank, diagnostic = origins[change]
        fix = f"use {better} for {change} (same hue, {contrast_ratio(better, colours[other]):.1f}:1)"
        if rank == _TEMPLATE:
            fix += f', or override it under theme: colours: {{{change}: "{better}"}}'
        message = (
            f"{fg} {colours[fg]} on {bg} {colours[bg]} has contrast {ratio:.2f}:1; "
            f"WCAG AA needs at least {WCAG_AA}:1; {fix}"
        )
        warnings.append(
            dataclasses.replace(diagnostic, message=message, code="theme.contrast", severity="warning")
        )
    return warnings


_INLINE, _TEMPLATE, _THEME_FILE = 0, 1, 2  # where a colour was set, the user's own choice first
# What to do about each kind of template warning.
_TEMPLATE_FIXES = {
    "template.layout": "name the layout to use under theme: layouts: (title: or content:)",
    "template.size": "for a widescreen projector, choose a 16:9 template",
    "template.overlap": "to keep the whole box, choose another layout or master under theme: layouts:",
    "template.placeholder": "to use the template's own box, choose another layout under theme: layouts:",
    "template.external": "nothing to do unless the deck needs those pictures or links: put them in the file",
    "template.hyperlink": "remove them from the template's masters if the deck should not carry them",
    "template.macros": "nothing to do: a deck never carries macros (save the template as .pptx to stop this)",
}


def _template_anchor(doc: SourceDoc, spec: ThemeChoice, theme_doc: SourceDoc | None) -> Diagnostic:
    """A diagnostic placed where the template is named: the workshop's theme, or the theme file."""
    if spec.template or theme_doc is None or not isinstance(theme_doc.data, dict):
        return doc.diagnostic(("theme", "template") if spec.template else ("theme",), "", "template")
    return theme_doc.diagnostic(("template",), "", "template")


def template_warnings(
    theme: Theme, doc: SourceDoc, choice: str | ThemeChoice, workshop_dir: Path
) -> list[Diagnostic]:
    """Return the template's warnings (see `workshop.template`) where it is named, each with what to do."""
    from facilitator.workshop.template import template_diagnostics
    from facilitator.workshop.template_layouts import layout_diagnostics

    if theme.template is None:
        return []
    spec = ThemeChoice(base=choice) if isinstance(choice, str) else choice
    try:
        theme_doc: SourceDoc | None = load_source(theme_source(spec, workshop_dir))
    except FacilitatorError:
        theme_doc = None
    anchor = _template_anchor(doc, spec, theme_doc)
    found = template_diagnostics(theme.template, anchor.path)
    found += layout_diagnostics(theme.template, anchor.path, theme.layouts, theme.fonts.slides.name)
    placed = []
    for diagnostic in found:
        fix = _TEMPLATE_FIXES.get(diagnostic.code)
        message = f"{diagnostic.message}; {fix}" if fix else diagnostic.message
        # Warnings about the layouts the deck uses or its font keep the key to change (theme.layouts…).
        key = anchor.key if diagnostic.key == "theme.template" else diagnostic.key
        where = _layout_line(doc, spec, theme_doc, key) or anchor
        placed.append(
            dataclasses.replace(
                diagnostic, path=where.path, line=where.line, col=where.col, key=key, message=message
            )
        )
    return placed


def _layout_line(
    doc: SourceDoc, spec: ThemeChoice, theme_doc: SourceDoc | None, key: str
) -> Diagnostic | None:
    """A diagnostic placed on the `layouts:` entry a warning is about (`theme.layouts.content`), if any."""
    if not key.startswith("theme.layouts."):
        return None
    role = key.rsplit(".", 1)[1]
    if spec.layouts is not None and ("theme", "layouts", role) in doc.value_marks:
        return doc.diagnostic(("theme", "layouts", role), "", "template")
    if theme_doc is not None and ("layouts", role) in theme_doc.value_marks:
        return theme_doc.diagnostic(("layouts", role), "", "template")
    return None


def _colour_origins(
    theme: Theme, doc: SourceDoc, choice: str | ThemeChoice, workshop_dir: Path
) -> dict[str, tuple[int, Diagnostic]]:
    """Return, for each colour role, where it was set: (rank, a diagnostic positioned there)."""
    spec = ThemeChoice(base=choice) if isinstance(choice, str) else choice
    source = theme_source(spec, workshop_dir)
    try:
        theme_doc: SourceDoc | None = load_source(source)
    except FacilitatorError:
        theme_doc = None
    template_roles: set[str] = set()
    if theme.template is not None:
        template_roles = set(_template_colours(theme.template))
    origins = {}
    for role in Colours.model_fields:
        if role in (spec.colours or {}):
            origins[role] = (_INLINE, doc.diagnostic(("theme", "colours", role), "", "theme.contrast"))
        elif role in template_roles:
            origins[role] = (_TEMPLATE, _template_anchor(doc, spec, theme_doc))
        elif theme_doc is not None:
            origins[role] = (_THEME_FILE, theme_doc.diagnostic(("colours", role), "", "theme.contrast"))
        else:
            origins[role] = (_THEME_FILE, doc.diagnostic(("theme",), "", "theme.contrast"))
    return origins


def theme_asset_diagnostics(theme: Theme, choice: str | ThemeChoice, doc: SourceDoc) -> list[Diagnostic]:
    """Return an error for the theme's logo, template or a font file when it cannot be used.

    The error points at `theme.logo` / `theme.template` / `theme.fonts.…` in the
    workshop file when the workshop names the file, and at `theme` when its
    theme file does.
    """
    diagnostics = []
    checked: set[Path] = set()  # a file named for several styles is reported once
    for role in ("slides", "print"):
        own = isinstance(choice, ThemeChoice) and getattr(choice.fonts, role) is not None
        family = getattr(theme.fonts, role)
        for style in ("regular", "bold", "italic", "bold_italic"):
            path = Path(getattr(family, style))
            if path in checked:
                continue
            checked.add(path)
            problem = font_problem(path)
            if problem:
                loc = ("theme", "fonts", role, style) if own else ("theme",)
                diagnostics.append(doc.diagnostic(loc, problem, "asset.font"))
    from facilitator.workshop.template import template_problem

    checks = (("logo", lambda path: image_problem(path, "logo")), ("template", template_problem))
    for key, check in checks:
        path = getattr(theme, key)
        if path is None:
            continue
        problem = check(path)
        own = isinstance(choice, ThemeChoice) and getattr(choice, key)
        loc = ("theme", key) if own else ("theme",)
        if problem:
            diagnostics.append(doc.diagnostic(loc, problem, f"asset.{key}"))
        elif key == "logo" and (private := image_metadata(path)):
            message = (
                f"logo {display_path(path)} carries private metadata ({', '.join(private)}); the deck and "
                "PDFs get its picture without it"
            )
            diagnostics.append(doc.diagnostic(loc, message, "asset.metadata", severity="note"))
    return diagnostics
