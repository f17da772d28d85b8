"""The printed documents' look: paper size, the print font family, colours and paragraph styles.

Paper size: the workshop's `paper` wins. Otherwise the language tag's region
decides: regions that use US Letter (US, CA, MX, PH and several Central and
South American countries) get letter, any other region gets A4; a tag with no
region gets letter for `en` (the schema's default, and the ready workshops are
Canadian) and A4 for every other language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import TableStyle

from facilitator.planning.plan import Plan
from facilitator.text.fonts import register_ttf
from facilitator.text.glyphs import drawable, font_cmap
from facilitator.text.i18n import N_, Words
from facilitator.text.typography import pdf_spaces

PAPER_SIZES = {"a4": A4, "letter": LETTER}
LETTER_REGIONS = frozenset(
    {"US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "PA", "SV", "DO", "PR", "NI"}
)
LARGE_PRINT_BODY = 18.0
# Paragraph styles that never end a page: the next flowable (its first lines at least) comes with them.
KEEP_WITH_NEXT_STYLES = frozenset({"title", "h1", "h2", "h3", "eyebrow"})
PRODUCER = "facilitator"
PAPER_NAMES = {"a4": N_("A4"), "letter": N_("letter")}


def paper_name(plan: Plan, override: str | None = None) -> str:
    """Return `a4` or `letter`: the override, the workshop's `paper`, or the language's region."""
    if override:
        if override not in PAPER_SIZES:
            raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not '{override}'")
        return override
    if plan.workshop.paper:
        return plan.workshop.paper
    parts = plan.workshop.language.split("-")
    regions = [p.upper() for p in parts[1:] if len(p) == 2 or (len(p) == 3 and p.isdigit())]
    if regions:
        return "letter" if regions[0] in LETTER_REGIONS else "a4"
    return "letter" if parts[0] == "en" else "a4"


@dataclass(frozen=True)
class Fonts:
    """The registered print font family: reportlab names of its four faces, and its character map."""

    family: str
    regular: str
    bold: str
    italic: str
    bold_italic: str
    cmap: frozenset[int]
    italic_cmap: frozenset[int] = frozenset()  # what the italic faces draw (DejaVu's has no Arabic)

    def upright_only(self, text: str) -> bool:
        """Return True when the italic face lacks a letter of `text` that the upright face has."""
        return any(ord(c) in self.cmap and ord(c) not in self.italic_cmap for c in text if not c.isspace())

    def clean(self, text: str) -> str:
        """Return `text` without characters the font cannot draw (they are warned about beforehand)."""
        return drawable(pdf_spaces(text), self.cmap)


_registered: dict[tuple[str, ...], Fonts] = {}


def register_fonts(plan: Plan) -> Fonts:
    """Register the theme's print font family with reportlab (once) and return its names."""
    family = plan.theme.fonts.print
    paths = (family.regular, family.bold, family.italic, family.bold_italic)
    key = tuple(str(p) for p in paths)
    if key not in _registered:
        taken = set(pdfmetrics.getRegisteredFontNames())
        names = []
        for path in paths:
            name = Path(path).stem.replace(" ", "")
            n = 1
            while name in taken:
                n += 1
                name = f"{Path(path).stem.replace(' ', '')}-{n}"
            register_ttf(name, path)  # read when a document first uses the face
            taken.add(name)
            names.append(name)
        alias = f"{names[0]}-family"
        pdfmetrics.registerFontFamily(
            alias, normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3]
        )
        # Paragraph markup resolves <b>/<i> from the face actually in use, so map each face too.
        for name in names:
            pdfmetrics.registerFontFamily(
                name, normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3]
            )
        cmap = font_cmap(Path(family.regular))
        italic = font_cmap(Path(family.italic)) & font_cmap(Path(family.bold_italic))
        _registered[key] = Fonts(family.name, *names, cmap=cmap, italic_cmap=italic)
    return _registered[key]


# ---------------------------------------------------------------------------
# Colours and styles


def hex_colour(value: str) -> colors.Color:
    """Return a reportlab colour for `#RRGGBB`."""
    return colors.HexColor(value)


def tint(value: str, amount: float) -> colors.Color:
    """Return `value` mixed with white: `amount` 0 is white, 1 the colour itself."""
    c = colors.HexColor(value)
    return colors.Color(1 - (1 - c.red) * amount, 1 - (1 - c.green) * amount, 1 - (1 - c.blue) * amount)


@dataclass(frozen=True)
class Styles:
    """Paragraph styles and spacing for one document, normal or large print."""

    large: bool
    body_size: float
    small_size: float
    gap: float  # vertical unit between blocks
    line_gap: float  # distance between ruled writing lines
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    eyebrow: ParagraphStyle
    body: ParagraphStyle
    lead: ParagraphStyle
    bullet: ParagraphStyle
    numbered: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    toc: ParagraphStyle
    centred: ParagraphStyle
    colours: Any
    fonts: Fonts
    words: Words


def make_styles(plan: Plan, fonts: Fonts, *, large_print: bool = False) -> Styles:
    """Return the paragraph styles for `plan`'s theme; large print sets every text to 18 pt or more."""
    c = plan.theme.colours
    body = max(LARGE_PRINT_BODY, plan.theme.sizes.print_body) if large_print else plan.theme.sizes.print_body
    small = body if large_print else max(8.0, round(body * 0.86, 1))
    lead_factor = 1.5 if large_print else 1.45
    text, heading, muted = hex_colour(c.text), hex_colour(c.heading), hex_colour(c.muted)

    def style(name: str, size: float, *, font: str = fonts.regular, colour: Any = text, **kw: Any):
        kw.setdefault("leading", round(size * lead_factor, 1))
        kw.setdefault("allowWidows", 0)  # a paragraph never leaves its last line alone on a page
        kw.setdefault("bulletFontName", fonts.bold)
        kw.setdefault("bulletFontSize", size)
        return ParagraphStyle(name, fontName=font, fontSize=size, textColor=colour, **kw)

    gap = body * (0.9 if large_print else 0.8)
    return Styles(
        large=large_print,
        body_size=body,
        small_size=small,
        gap=gap,
        line_gap=body * (2.3 if large_print else 2.6),
        title=style("title", body * 2.6, font=fonts.bold, colour=heading, leading=body * 3.1, spaceAfter=gap),
        subtitle=style("subtitle", body * 1.5, colour=muted, leading=body * 2.0, spaceAfter=gap * 1.5),
        h1=style(
            "h1",
            body * 1.9,
            font=fonts.bold,
            colour=heading,
            leading=body * 2.35,
            spaceBefore=gap * 0.5,
            spaceAfter=gap * 0.9,
        ),
        h2=style(
            "h2",
            body * 1.35,
            font=fonts.bold,
            colour=heading,
            leading=body * 1.8,
            spaceBefore=gap * 1.4,
            spaceAfter=gap * 0.5,
        ),
        h3=style("h3", body * 1.08, font=fonts.bold, colour=heading, spaceBefore=gap, spaceAfter=gap * 0.3),
        eyebrow=style("eyebrow", small, font=fonts.bold, colour=hex_colour(c.accent), spaceAfter=2),
        body=style("body", body, spaceAfter=gap * 0.6),
        lead=style("lead", body * 1.12, colour=text, spaceAfter=gap),
        bullet=style("bullet", body, leftIndent=body * 1.5, bulletIndent=body * 0.3, spaceAfter=gap * 0.45),
        numbered=style("numbered", body, leftIndent=body * 1.8, bulletIndent=0, spaceAfter=gap * 0.45),
        small=style("small", small, spaceAfter=gap * 0.3),
        muted=style("muted", small, colour=muted, spaceAfter=gap * 0.3),
        cell=style("cell", small, leading=round(small * 1.3, 1)),
        cell_bold=style("cell_bold", small, font=fonts.bold, leading=round(small * 1.3, 1)),
        toc=style("toc", body, leading=body * 1.9),
        centred=style("centred", body, alignment=TA_CENTER),
        colours=c,
        fonts=fonts,
        words=plan.words,
    )


def table_style(styles: Styles, *, header: bool = True, zebra: bool = True) -> TableStyle:
    """Return a light, readable table style: header rule, soft row bands, generous padding."""
    c = styles.colours
    pad = styles.small_size * 0.55
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, tint(c.muted, 0.4)),
    ]
    if header:
        commands += [
            ("LINEBELOW", (0, 0), (-1, 0), 1.2, hex_colour(c.heading)),
            ("FONTNAME", (0, 0), (-1, 0), styles.fonts.bold),
        ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, 1 if header else 0), (-1, -1), [None, tint(c.accent, 0.05)]))
    return TableStyle(commands)


def date_text(plan: Plan) -> str:
    """Return the workshop's date and times as people read it: `Thursday, March 11, 2027, 10:00–11:00`."""
    words = plan.words
    return words._("{date}, {times}").format(date=words.date(plan.workshop.date), times=plan.times)


def paper_label(paper: str, words: Words) -> str:
    """Return a paper size's name in the workshop's language (`letter`, `lettre`)."""
    return words._(PAPER_NAMES[paper])


def page_summary(plan: Plan, pages: int, paper: str, large_print: bool = False) -> str:
    """Return how `build` describes a PDF: `18 pages, letter` (`large print, 18 pages, letter`)."""
    words = plan.words
    if large_print:
        summary = words.ngettext(
            "large print, {count} page, {paper}", "large print, {count} pages, {paper}", pages
        )
    else:
        summary = words.ngettext("{count} page, {paper}", "{count} pages, {paper}", pages)
    return summary.format(count=pages, paper=paper_label(paper, words))
