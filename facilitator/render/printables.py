"""Printables, `printables.pdf`: role cards, a name tent, a sign-in sheet and a feedback form.

Each part is switched on or off by the workshop's `printables`; with every
part off (or nothing to print) no file is made. Role cards come one per role
of each scenario in the agenda, four to a page (two in large print) with
dashed cut lines; a scenario's cards start on a fresh sheet so they can be
cut and handed out together. The name tent is one sheet, folded across the
middle, readable from both sides; print one per participant.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
)

from facilitator.planning import prep
from facilitator.planning.plan import Plan
from facilitator.planning.scenario_guide import CARD_EYEBROWS, CARD_LINE, printed_roles
from facilitator.render import Output
from facilitator.render.pdf_bidi import draw_line
from facilitator.render.pdfkit import (
    Bookmark,
    Document,
    Heading,
    Paragraph,
    Styles,
    Table,
    WritingLines,
    date_text,
    hex_colour,
    hide_footer,
    make_styles,
    new_buffer,
    page_geometry,
    paper_name,
    para,
    plain,
    register_fonts,
    table_style,
    tint,
)
from facilitator.render.pdfqr import with_code
from facilitator.text.i18n import N_
from facilitator.text.typography import pdf_spaces
from facilitator.workshop.library_schema import Role, Scenario

RATINGS = (
    N_("I felt able to take part, or to pass, safely."),
    N_("The session was useful to me."),
    N_("The pace and timing worked for me."),
    N_("The facilitators made room for different voices."),
    N_("I know one thing I will do differently."),
)
OPEN_QUESTIONS = (
    N_("What was most useful to you today?"),
    N_("What would you change about this session?"),
    N_("Is there anything you would like from us after today: support, resources, a follow-up?"),
)
FRAME_PADDING = 12.0  # reportlab's frames keep 6 points free at the top and at the foot
CARD_FLOOR = 8.0  # smallest card text, in points, before a sheet holds fewer cards


def render(plan: Plan, *, paper: str | None = None, large_print: bool = False) -> list[Output]:
    """Return `printables.pdf`, or nothing when every printable is switched off."""
    built = build_printables(plan, paper=paper, large_print=large_print)
    if built is None:
        return []
    data, pages, parts = built
    name = "printables-large-print.pdf" if large_print else "printables.pdf"
    summary = plan.words.ngettext("{parts}; {count} page", "{parts}; {count} pages", pages)
    return [Output(name, data, summary.format(parts=", ".join(parts), count=pages))]


def scenarios_in(plan: Plan) -> list[Scenario]:
    """Return each scenario of the agenda once, in agenda order."""
    seen: dict[str, Scenario] = {}
    for segment in plan.segments:
        if segment.scenario is not None:
            seen.setdefault(segment.scenario.id, segment.scenario)
    return list(seen.values())


def build_printables(
    plan: Plan, *, paper: str | None = None, large_print: bool = False
) -> tuple[bytes, int, list[str]] | None:
    """Return the printables' PDF bytes, page count and a list of the parts, or None if there are none."""
    toggles = plan.workshop.printables
    scenarios = scenarios_in(plan) if toggles.role_cards else []
    fonts = register_fonts(plan)
    styles = make_styles(plan, fonts, large_print=large_print)
    page = page_geometry(paper_name(plan, paper), styles)
    tent_frame = Frame(
        0, 0, page.width, page.height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
    )
    words = plan.words
    doc = Document(
        new_buffer(),
        plan,
        styles,
        page,
        title=words._("{title} — printables").format(title=plan.workshop.title),
        subject=words._("Role cards, name tent, sign-in sheet and feedback form"),
        label=words._("Printables"),
        extra_templates=[PageTemplate(id="tent", frames=[tent_frame], onPage=hide_footer)],
    )
    story: list[Flowable] = []
    parts: list[str] = []

    def section(flowables: list[Flowable]) -> None:
        if story:
            story.append(PageBreak())
        story.extend(flowables)

    if scenarios:
        cards = sum(len(printed_roles(s)) for s in scenarios)
        parts.append(words.ngettext("{count} role card", "{count} role cards", cards).format(count=cards))
        section(_role_cards(scenarios, styles, page.frame_width, page.frame_height))
    if toggles.name_tents:
        parts.append(words._("name tent"))
        if story:
            story.append(NextPageTemplate("tent"))
        else:
            doc.pageTemplates.insert(0, doc.pageTemplates.pop())  # start on the tent template
        section([Bookmark(words._("Name tent")), NameTent(plan, styles, pronouns=toggles.pronouns)])
        story.append(NextPageTemplate("body"))
    if toggles.sign_in:
        parts.append(words._("sign-in sheet"))
        section(_sign_in(plan, styles, page.frame_width, page.frame_height))
    if toggles.feedback:
        parts.append(words._("feedback form"))
        section(_feedback(plan, styles, page.frame_width))
    if not story:
        return None
    data = doc.render(story)
    return data, doc.page, parts


# ---------------------------------------------------------------------------
# Role cards


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


def _role_cards(scenarios: list[Scenario], styles: Styles, width: float, height: float) -> list[Flowable]:
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


# ---------------------------------------------------------------------------
# Name tent


class NameTent(Flowable):
    """A sheet folded across the middle: the same panel on both halves, the upper one upside down."""

    def __init__(self, plan: Plan, styles: Styles, *, pronouns: bool):
        super().__init__()
        self.plan = plan
        self.styles = styles
        self.pronouns = pronouns

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Take the whole page."""
        self.width, self.height = avail_width, avail_height
        return avail_width, avail_height * 0.999

    def draw(self) -> None:
        """Draw both panels and the fold line."""
        canvas = self.canv
        w, h = self.width, self.height
        half = h / 2
        self._panel(0, w, half)
        canvas.saveState()
        canvas.translate(w, h)
        canvas.rotate(180)
        self._panel(0, w, half)
        canvas.restoreState()
        canvas.saveState()
        canvas.setStrokeColor(tint(self.styles.colours.muted, 0.6))
        canvas.setDash(6, 4)
        canvas.setLineWidth(0.6)
        canvas.line(0, half, w, half)
        canvas.setDash()
        canvas.setFillColor(hex_colour(self.styles.colours.muted))
        size = self.styles.small_size
        canvas.setFont(self.styles.fonts.regular, size)
        fold = pdf_spaces(self.styles.words._("fold here"))
        draw_line(canvas, w / 2, half + 4, fold, self.styles.fonts.regular, size, align="centre")
        canvas.restoreState()

    def _panel(self, y0: float, w: float, h: float) -> None:
        canvas = self.canv
        st, c = self.styles, self.styles.colours
        margin = 0.8 * 72
        label_size = max(st.small_size, 10)
        canvas.saveState()
        canvas.setFillColor(hex_colour(c.accent))
        canvas.rect(margin, y0 + h - margin * 0.9, w - 2 * margin, 3, stroke=0, fill=1)
        canvas.setFont(st.fonts.bold, label_size)
        title = st.fonts.clean(self.plan.workshop.title)
        draw_line(canvas, margin, y0 + h - margin * 0.9 - label_size * 1.8, title, st.fonts.bold, label_size)
        canvas.setStrokeColor(tint(c.muted, 0.6))
        canvas.setLineWidth(0.8)
        canvas.setFillColor(hex_colour(c.muted))
        canvas.setFont(st.fonts.regular, label_size)
        name_y = y0 + h * (0.42 if self.pronouns else 0.34)
        canvas.line(margin, name_y, w - margin, name_y)
        words = st.words
        regular = st.fonts.regular
        draw_line(canvas, margin, name_y - label_size * 1.6, pdf_spaces(words._("Name")), regular, label_size)
        if self.pronouns:
            pron_y = y0 + h * 0.2
            canvas.line(margin, pron_y, w * 0.62, pron_y)
            label = pdf_spaces(words._("Pronouns (optional)"))
            draw_line(canvas, margin, pron_y - label_size * 1.6, label, regular, label_size)
        canvas.restoreState()


# ---------------------------------------------------------------------------
# Sign-in sheet and feedback form


def _form_header(plan: Plan, title: str, styles: Styles) -> list[Flowable]:
    workshop = plan.workshop
    where = [date_text(plan)] + ([workshop.location] if workshop.location else [])
    return [
        Heading(title, styles.h1, styles, level=0),
        Paragraph(
            f"<b>{plain(workshop.title, styles)}</b> · {plain(' · '.join(where), styles)}",
            styles.muted,
        ),
        Spacer(1, styles.gap),
    ]


def _sign_in(plan: Plan, styles: Styles, width: float, height: float) -> list[Flowable]:
    """The sign-in sheet: whole pages of the same number of rows, as the guide's printing counts say.

    `prep.sign_in_sheet` decides the rows a page and the pages; each page repeats the
    header, and the rows share the height left below it.
    """
    sheet = prep.sign_in_sheet(plan, large_print=styles.large)
    pronouns = plan.workshop.printables.pronouns
    words = styles.words
    only_name = words._(
        "Only your name is needed. Everything else is optional, and email addresses are used only "
        "to send you the session's resources."
    )
    columns = [("number", ""), ("name", words._("Name"))]
    if pronouns:
        columns.append(("pronouns", words._("Pronouns")))
    if not styles.large:  # in large print the row would leave too little room to write a name
        columns.append(("organisation", words._("Organization or role")))
    columns.append(("email", words._("Email (optional)")))
    header = [pdf_spaces(label) for _key, label in columns]
    pad = styles.small_size * 1.2
    # each column at least as wide as its longest header word, so no word breaks; Name gets the most room
    least = [
        max(stringWidth(word, styles.fonts.bold, styles.small_size) for word in h.split()) + pad if h else 0
        for h in header
    ]
    least[0] = stringWidth(str(sheet.rows), styles.fonts.regular, styles.small_size) + pad
    shares = {"name": 0.4, "pronouns": 0.12, "organisation": 0.22, "email": 0.26}
    spare = width - sum(least)
    weights = [shares.get(key, 0.0) for key, _label in columns]
    widths = [low + spare * w / sum(weights) for low, w in zip(least, weights, strict=True)]
    out: list[Flowable] = []
    for page in range(sheet.pages):
        top = _form_header(plan, words._("Sign-in sheet"), styles)
        if page:  # the title once in the bookmarks
            top[0] = Paragraph(plain(words._("Sign-in sheet"), styles), styles.h1)
            out.append(PageBreak())
        top.append(para(only_name, styles.body, styles))
        first = page * sheet.rows_per_page + 1
        numbers = range(first, first + sheet.rows_per_page)
        rows: list[list[Any]] = [[Paragraph(plain(h, styles), styles.cell_bold) for h in header]]
        rows += [[Paragraph(str(n), styles.muted)] + [""] * (len(header) - 1) for n in numbers]
        room = height - FRAME_PADDING - _height(top, width, height)
        table = _rows_filling(rows, widths, room, styles)
        style = table_style(styles, zebra=False)
        style.add("INNERGRID", (0, 1), (-1, -1), 0.5, tint(styles.colours.muted, 0.4))
        style.add("LINEBELOW", (0, 1), (-1, -1), 0.5, tint(styles.colours.muted, 0.4))
        style.add("VALIGN", (0, 1), (-1, -1), "MIDDLE")
        table.setStyle(style)
        out += [*top, table]
    return out


def _height(flowables: list[Flowable], width: float, height: float) -> float:
    """Return the height `flowables` take one after another, their spacing included."""
    total = 0.0
    for flowable in flowables:
        total += flowable.wrap(width, height)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def _rows_filling(rows: list[list[Any]], widths: list[float], room: float, styles: Styles) -> Table:
    """Return the sign-in table with its rows (after the header) sharing `room`, at most 3.2 lines each."""
    count = len(rows) - 1
    most = styles.body_size * 3.2
    probe = Table(rows, colWidths=widths, rowHeights=[None] + [most] * count)
    _w, tall = probe.wrap(sum(widths), room)
    head = tall - most * count
    each = min(most, (room - head - styles.gap) / count)
    return Table(rows, colWidths=widths, rowHeights=[None] + [each] * count, repeatRows=1)


def _feedback(plan: Plan, styles: Styles, width: float) -> list[Flowable]:
    words = styles.words
    out = _form_header(plan, words._("Your feedback"), styles)
    honest = words._(
        "No name needed. Please tell us honestly what worked and what did not; it shapes the next session."
    )
    out.append(para(honest, styles.body, styles))
    if plan.workshop.feedback_url:  # beside the heading and introduction, so the form stays on one page
        online = words._(
            "Rather answer online, now or later? Scan the code with a phone's camera, or type the address "
            "under it."
        )
        out.append(para(online, styles.body, styles))
        # The heading stays outside the table, where the PDF's outline sees it.
        code = with_code(out[1:], plan.workshop.feedback_url, styles, width)
        out = [out[0], code, Spacer(1, styles.gap * 0.5)]
    scale = ["1", "2", "3", "4", "5"]
    key = words._("1 = disagree strongly, 5 = agree strongly")
    rows: list[list[Any]] = [
        [Paragraph(plain(key, styles), styles.muted)]
        + [Paragraph(f"<b>{n}</b>", ParagraphStyle("centred-cell", styles.cell, alignment=1)) for n in scale]
    ]
    for statement in RATINGS:
        rows.append([Paragraph(plain(words._(statement), styles), styles.cell)] + ["○"] * len(scale))
    circle = styles.body_size * 2.6
    table = Table(rows, colWidths=[width - circle * len(scale)] + [circle] * len(scale), hAlign="LEFT")
    style = table_style(styles, header=True)
    style.add("ALIGN", (1, 0), (-1, -1), "CENTER")
    style.add("FONTSIZE", (1, 1), (-1, -1), styles.body_size * 1.5)
    style.add("TEXTCOLOR", (1, 1), (-1, -1), hex_colour(styles.colours.muted))
    style.add("VALIGN", (0, 0), (-1, -1), "MIDDLE")
    table.setStyle(style)
    out.append(table)
    lines = 2 if styles.large else 3
    for question in OPEN_QUESTIONS:
        block = [
            Spacer(1, styles.gap * 1.2),
            para(words._(question), styles.h3, styles),
            WritingLines(lines, styles.line_gap * 0.9, tint(styles.colours.muted, 0.45)),
        ]
        out.append(KeepTogether(block))
    return out
