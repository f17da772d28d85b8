"""The role cards of `printables.pdf`: one card a role, four to a sheet (two in large print), cut lines.

A scenario's cards start on a fresh sheet so they can be cut and handed out
together. Each card says who the player is and what they know and want; a sheet
holds fewer, larger cards when four would set the text below `CARD_FLOOR` (the
print body size in large print), and a card longer than a page flows as text
instead of being cut. Every role gets a card but those nobody plays or voices
(`facilitator.planning.scenario_guide.printed_roles`).
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Spacer

from facilitator.planning.scenario_guide import CARD_EYEBROWS, CARD_LINE, printed_roles
from facilitator.render.pdfkit import (
    Bookmark,
    Paragraph,
    Styles,
    hex_colour,
    para,
    plain,
    tint,
)
from facilitator.workshop.library_schema import Role, Scenario

CARD_FLOOR = 8.0  # smallest card text, in points, before a sheet holds fewer cards


def _card_styles(styles: Styles, size: float) -> dict[str, ParagraphStyle]:
    fonts, c = styles.fonts, styles.colours
    small = size if styles.large else max(7.5, size * 0.85)
    return {
        "eyebrow": ParagraphStyle(
            "card-eyebrow",
            fontName=fonts.bold,
            fontSize=small,
            leading=small * 1.3,
            textColor=hex_colour(c.accent),
        ),
        "name": ParagraphStyle(
            "card-name",
            fontName=fonts.bold,
            fontSize=size * 1.35,
            leading=size * 1.7,
            textColor=hex_colour(c.heading),
            spaceBefore=size * 0.3,
            spaceAfter=size * 0.6,
        ),
        "body": ParagraphStyle(
            "card-body",
            fontName=fonts.regular,
            fontSize=size,
            leading=size * 1.45,
            textColor=hex_colour(c.text),
        ),
        "note": ParagraphStyle(
            "card-note",
            fontName=fonts.italic,
            fontSize=small,
            leading=small * 1.35,
            textColor=hex_colour(c.muted),
        ),
    }


def _card_parts(
    scenario: Scenario, role: Role, styles: Styles, size: float
) -> tuple[list[Paragraph], Paragraph]:
    st = _card_styles(styles, size)
    words = styles.words
    eyebrow = words._(CARD_EYEBROWS[role.played_by]).format(title=scenario.title).upper()
    top = [
        Paragraph(plain(eyebrow, styles), st["eyebrow"]),
        para(role.name, st["name"], styles),
        para(role.card, st["body"], styles),
    ]
    # The renderer, not the card's author, adds the line against caricature, so no card lacks it.
    setting = words._("Setting: {setting}. You may step out of this role at any time.")
    line = f"{words._(CARD_LINE)} {setting.format(setting=scenario.setting)}"
    note = Paragraph(plain(line, styles), st["note"])
    return top, note


def _fit_card(
    scenario: Scenario, role: Role, styles: Styles, width: float, height: float
) -> tuple[list[Paragraph], Paragraph] | None:
    """Return the card's paragraphs at the largest size (body size down to the floor) that fits."""
    size = styles.body_size
    floor = styles.body_size if styles.large else CARD_FLOOR
    while size >= floor - 0.01:
        top, note = _card_parts(scenario, role, styles, size)
        used = sum(p.wrap(width, height)[1] + p.getSpaceBefore() + p.getSpaceAfter() for p in top)
        used += note.wrap(width, height)[1] + size
        if used <= height:
            return top, note
        size -= 0.5
    return None


class CardSheet(Flowable):
    """One page of role cards in a grid, with dashed cut lines around every card."""

    def __init__(self, cards: list[tuple[list[Paragraph], Paragraph]], cols: int, rows: int, styles: Styles):
        super().__init__()
        self.cards = cards
        self.cols = cols
        self.rows = rows
        self.styles = styles

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Take the whole frame."""
        self.width, self.height = avail_width, avail_height
        return avail_width, avail_height * 0.999

    def draw(self) -> None:
        """Draw the cards and the cut lines."""
        canvas = self.canv
        w, h = self.width / self.cols, self.height * 0.999 / self.rows
        pad = card_padding(self.styles)
        accent = hex_colour(self.styles.colours.accent)
        for i, (top, note) in enumerate(self.cards):
            col, row = i % self.cols, i // self.cols
            x, y = col * w, self.height * 0.999 - (row + 1) * h
            canvas.setFillColor(accent)
            canvas.rect(x + pad, y + h - pad * 0.55, w * 0.18, 2.5, stroke=0, fill=1)
            cursor = y + h - pad
            for p in top:
                cursor -= p.getSpaceBefore()
                _, ph = p.wrap(w - 2 * pad, h)
                cursor -= ph
                p.drawOn(canvas, x + pad, cursor)
                cursor -= p.getSpaceAfter()
            note.wrap(w - 2 * pad, h)
            note.drawOn(canvas, x + pad, y + pad * 0.8)
        # cut lines: dashed, light, around the whole grid and between cards
        canvas.saveState()
        canvas.setStrokeColor(tint(self.styles.colours.muted, 0.5))
        canvas.setLineWidth(0.6)
        canvas.setDash(4, 3)
        top_y = self.height * 0.999
        used_rows = (len(self.cards) + self.cols - 1) // self.cols
        bottom_y = top_y - used_rows * h
        for r in range(used_rows + 1):
            canvas.line(0, top_y - r * h, self.width, top_y - r * h)
        for c in range(self.cols + 1):
            canvas.line(c * w, bottom_y, c * w, top_y)
        canvas.setDash()
        canvas.setFillColor(tint(self.styles.colours.muted, 0.7))
        size = self.styles.small_size
        canvas.setFont(self.styles.fonts.regular, size)
        canvas.drawString(-size * 1.2, top_y - size * 0.35, "✂")
        canvas.restoreState()


def card_padding(styles: Styles) -> float:
    """Return the space between a card's cut line and its text."""
    return styles.body_size * (1.0 if styles.large else 1.5)


def role_cards(scenarios: list[Scenario], styles: Styles, width: float, height: float) -> list[Flowable]:
    """Return the role cards of `scenarios`, each scenario's on sheets of their own, with bookmarks."""
    out: list[Flowable] = [Bookmark(styles.words._("Role cards"))]
    first = True
    for scenario in scenarios:
        for cols, rows in ((1, 2), (1, 1)) if styles.large else ((2, 2), (1, 2), (1, 1)):
            pad = card_padding(styles)
            cw, ch = width / cols - 2 * pad, height / rows - 2 * pad
            fitted = [_fit_card(scenario, role, styles, cw, ch) for role in printed_roles(scenario)]
            if all(f is not None for f in fitted):
                break
        if not first:
            out.append(PageBreak())
        first = False
        out.append(Bookmark(scenario.title, level=1))
        if all(f is not None for f in fitted):
            per_page = cols * rows
            cards = [f for f in fitted if f is not None]
            for k in range(0, len(cards), per_page):
                if k:
                    out.append(PageBreak())
                out.append(CardSheet(cards[k : k + per_page], cols, rows, styles))
        else:  # a card longer than a page: let it flow as text instead of cutting it
            for role in printed_roles(scenario):
                top, note = _card_parts(scenario, role, styles, styles.body_size)
                out += [*top, Spacer(1, styles.gap), note, PageBreak()]
            out.pop()
    return out
