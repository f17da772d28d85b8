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
from facilitator.planning.scenario_guide import printed_roles
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
from facilitator.render.role_cards import role_cards
from facilitator.text.i18n import N_
from facilitator.text.typography import pdf_spaces
from facilitator.workshop.library_schema import Scenario

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
        section(role_cards(scenarios, styles, page.frame_width, page.frame_height))
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
