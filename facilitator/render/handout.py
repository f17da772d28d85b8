"""The participant handout, `handout.pdf`: what people keep, write on and take home.

What it says, and in what order, comes from `facilitator.planning.handout_content`
(shared with `handout.html`); this module lays each section out on paper: the
cover, the contents, then every section with ruled lines wherever there is room
to write.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Spacer,
)

from facilitator.planning import handout_content as content
from facilitator.planning.plan import Plan
from facilitator.render import Output
from facilitator.render.pdfkit import (
    Contents,
    Document,
    Heading,
    Paragraph,
    Rule,
    Styles,
    Table,
    WritingLines,
    bullets,
    callout,
    hex_colour,
    keep_with_last,
    make_styles,
    markup,
    new_buffer,
    numbered,
    page_geometry,
    paper_label,
    paper_name,
    para,
    plain,
    register_fonts,
    table_style,
    tint,
)
from facilitator.render.pdfqr import with_code
from facilitator.text.typography import pdf_spaces
from facilitator.workshop.assets import clean_image


def render(plan: Plan, *, paper: str | None = None, large_print: bool = False) -> list[Output]:
    """Return the handout as one Output, `handout.pdf` (or `handout-large-print.pdf`)."""
    data, pages, size = build_handout(plan, paper=paper, large_print=large_print)
    words = plan.words
    name = "handout-large-print.pdf" if large_print else "handout.pdf"
    if large_print:
        summary = words.ngettext(
            "large print, {count} page, {paper}", "large print, {count} pages, {paper}", pages
        )
    else:
        summary = words.ngettext("{count} page, {paper}", "{count} pages, {paper}", pages)
    return [Output(name, data, summary.format(count=pages, paper=paper_label(size, words)))]


def build_handout(
    plan: Plan, *, paper: str | None = None, large_print: bool = False
) -> tuple[bytes, int, str]:
    """Return the handout's PDF bytes, its page count and its paper name."""
    fonts = register_fonts(plan)
    styles = make_styles(plan, fonts, large_print=large_print)
    size = paper_name(plan, paper)
    page = page_geometry(size, styles)
    workshop = plan.workshop
    words = plan.words
    doc = Document(
        new_buffer(),
        plan,
        styles,
        page,
        title=words._("{title} — handout").format(title=workshop.title),
        subject=workshop.subtitle
        or words._("Participant handout, {date}").format(date=words.date(workshop.date)),
        label=words._("Handout"),
    )
    story = _story(content.handout(plan), styles, page.frame_width, page.frame_height)
    data = doc.render(story)
    return data, doc.page, size


def _story(handout: content.Handout, styles: Styles, width: float, height: float) -> list[Flowable]:
    story: list[Flowable] = []
    story += _cover(handout.cover, styles, width, height)
    story += _contents(handout.labels, styles)
    for section in handout.sections:
        story += _section(section, handout.labels, styles, width, height)
    return story


def _section(
    section: content.Section, labels: content.Labels, styles: Styles, width: float, height: float
) -> list[Flowable]:
    if isinstance(section, content.Before):
        return _before(section, labels, styles)
    if isinstance(section, content.About):
        return _about(section, labels, styles)
    if isinstance(section, content.PrimerPage):
        return _primer(section, labels, styles, height)
    if isinstance(section, content.DiscussionPage):
        return _discussion(section, labels, styles)
    if isinstance(section, content.ScenarioPage):
        return _scenario(section, labels, styles)
    if isinstance(section, content.WritingPage):
        return _writing(section, labels, styles)
    if isinstance(section, content.SpokenPage):
        return _spoken(section, styles, height)
    if isinstance(section, content.SupportPage):
        return _support(section, styles)
    if isinstance(section, content.CreditsPage):
        return _credits(section, styles)
    if isinstance(section, content.Resources):
        return _resources(section, labels, styles, width)
    if isinstance(section, content.Notes):
        return _notes(section, styles)
    raise TypeError(f"the PDF handout has no layout for {type(section).__name__}")


# ---------------------------------------------------------------------------
# Cover and front matter


def _cover(cover: content.Cover, styles: Styles, width: float, height: float) -> list[Flowable]:
    out: list[Flowable] = [Spacer(1, height * 0.12)]
    if cover.logo is not None:
        image = Image(io.BytesIO(clean_image(cover.logo)))  # pixels only: no EXIF, GPS, comments
        scale = min(1.6 * 72 / image.imageHeight, width * 0.4 / image.imageWidth, 1.0)
        image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
        image.hAlign = "LEFT"
        out += [image, Spacer(1, styles.gap * 2)]
    out.append(Paragraph(plain(cover.eyebrow.upper(), styles), styles.eyebrow))
    out.append(Heading(cover.title, styles.title, styles, level=0))
    if cover.subtitle:
        out.append(para(cover.subtitle, styles.subtitle, styles))
    out.append(Rule(hex_colour(styles.colours.accent), width=2.5, space=styles.gap, length=width * 0.18))
    out.append(Spacer(1, styles.gap))
    for line in cover.details:
        out.append(Paragraph(plain(line, styles), styles.lead))
    if cover.facilitators:
        out.append(Paragraph(plain(cover.facilitators, styles), styles.lead))
    out.append(Spacer(1, styles.gap * 3))
    out.append(callout([Paragraph(plain(cover.welcome, styles), styles.body)], styles))
    out.append(Spacer(1, styles.gap))
    out.append(Paragraph(plain(cover.accessible_copy, styles), styles.body))
    out.append(PageBreak())
    return out


def _contents(labels: content.Labels, styles: Styles) -> list[Flowable]:
    toc = Contents(styles.toc, table_style(styles, header=False, zebra=False))
    return [
        Heading(labels.contents, styles.h1, styles, level=0),
        Spacer(1, styles.gap * 0.5),
        toc,
        PageBreak(),
    ]


def _before(section: content.Before, labels: content.Labels, styles: Styles) -> list[Flowable]:
    out: list[Flowable] = [Heading(section.title, styles.h1, styles, level=0, toc=True)]
    if section.content_note:
        note = [
            Paragraph(f"<b>{plain(labels.content_note, styles)}</b>", styles.body),
            para(section.content_note, styles.body, styles),
        ]
        out += [KeepTogether(callout(note, styles)), Spacer(1, styles.gap)]
    if section.support_in_print:
        where = [
            Paragraph(f"<b>{plain(labels.support_pointer, styles)}</b>", styles.body),
            para(section.support_in_print, styles.body, styles),
        ]
        out += [KeepTogether(callout(where, styles)), Spacer(1, styles.gap)]
    if section.role_plays:
        notes = [f"**{n.title}**, {n.times} — {n.content_note}" for n in section.role_plays]
        block = [
            Heading(labels.role_play_notes, styles.h2, styles, level=1),
            para(labels.scenario_opt_out, styles.body, styles),
            bullets(notes, styles),
        ]
        out += [KeepTogether(block), Spacer(1, styles.gap)]
    if section.agreements:
        block: list[Flowable] = [
            Heading(labels.agreements, styles.h2, styles, level=1),
            para(labels.agreements_intro, styles.body, styles),
            numbered(section.agreements, styles),
        ]
        out.append(KeepTogether(block))
    out.append(PageBreak())
    return out


def _about(section: content.About, labels: content.Labels, styles: Styles) -> list[Flowable]:
    out: list[Flowable] = [Heading(section.title, styles.h1, styles, level=0, toc=True)]
    if section.audience:
        out.append(para(section.audience, styles.lead, styles))
    if section.objectives:
        out.append(Heading(labels.objectives, styles.h2, styles, level=1))
        out.append(bullets(section.objectives, styles))
    out.append(Heading(labels.agenda, styles.h2, styles, level=1))
    out.append(_agenda_table(section.agenda, labels, styles))
    out.append(PageBreak())
    return out


def _agenda_table(agenda: tuple[content.AgendaRow, ...], labels: content.Labels, styles: Styles) -> Table:
    rows = [[Paragraph(plain(label, styles), styles.cell_bold) for label in labels.agenda_columns]]
    for row in agenda:
        what = plain(row.title, styles)
        if row.kind_label:
            what = f"{what} <font color='{styles.colours.muted}'>· {plain(row.kind_label, styles)}</font>"
        rows.append([Paragraph(plain(row.times, styles), styles.cell), Paragraph(what, styles.cell)])
    # Wide enough for the longest span on one line (`10 h 00 – 10 h 15` is wider than `10:00–10:15`).
    padding = styles.small_size * 1.2
    widest = max(
        (stringWidth(pdf_spaces(row.times), styles.fonts.regular, styles.small_size) for row in agenda),
        default=0,
    )
    time_width = max(styles.small_size * 7.5, widest + padding)
    table = Table(rows, colWidths=[time_width, None], repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style(styles))
    return table


# ---------------------------------------------------------------------------
# Segments


def _header(section: content.SegmentSection, styles: Styles) -> list[Flowable]:
    return [
        Paragraph(plain(section.eyebrow.upper(), styles), styles.eyebrow),
        Heading(section.title, styles.h1, styles, level=0, toc=True),
    ]


def _primer(
    section: content.PrimerPage, labels: content.Labels, styles: Styles, height: float
) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(height * 0.4), *_header(section, styles)]
    out.append(para(section.summary, styles.lead, styles))
    out.append(Heading(labels.key_points, styles.h2, styles, level=1))
    out.append(
        bullets([f"**{p.heading}.** {p.text}" if p.heading else p.text for p in section.points], styles)
    )
    takeaway = [
        Paragraph(f"<b>{plain(labels.takeaway, styles)}</b>", styles.body),
        para(section.takeaway, styles.lead, styles),
    ]
    keep_with_last(out, [Spacer(1, styles.gap * 0.5), callout(takeaway, styles)])  # never a lone box
    out.append(Spacer(1, styles.gap * 2))
    return out


def _discussion(section: content.DiscussionPage, labels: content.Labels, styles: Styles) -> list[Flowable]:
    out: list[Flowable] = [PageBreak(), *_header(section, styles)]
    if section.how:
        out.append(
            Paragraph(
                f"<font color='{styles.colours.muted}'>{plain(section.how, styles)}</font>", styles.body
            )
        )
    out.append(para(section.summary, styles.lead, styles))
    out.append(para(labels.discussion_intro, styles.body, styles))
    for question in section.questions:
        out.append(_question(question, styles))
    return out


def _scenario(section: content.ScenarioPage, labels: content.Labels, styles: Styles) -> list[Flowable]:
    out: list[Flowable] = [PageBreak(), *_header(section, styles)]
    note = [para(f"**{labels.scenario_note}** {section.content_note}", styles.small, styles)]
    note.append(Paragraph(plain(labels.scenario_opt_out, styles), styles.small))
    out.append(callout(note, styles, colour=styles.colours.muted))
    out.append(Heading(labels.setting, styles.h2, styles, level=1))
    out.append(para(section.setting, styles.body, styles))
    out.append(Heading(labels.situation, styles.h2, styles, level=1))
    out.append(para(section.situation, styles.body, styles))
    out.append(
        KeepTogether(
            [
                Heading(labels.roles, styles.h2, styles, level=1),
                para(section.how, styles.body, styles),
                bullets(section.roles, styles),
            ]
        )
    )
    if section.moments:
        out.append(Heading(labels.moments, styles.h2, styles, level=1))
        out.append(bullets(section.moments, styles))
    out.append(CondPageBreak(styles.line_gap * 6))
    out.append(Heading(labels.questions, styles.h2, styles, level=1))
    for question in section.questions:
        out.append(_question(question, styles))
    out.append(CondPageBreak(styles.line_gap * 6 + styles.body_size * 4))
    out.append(Heading(section.notes.text, styles.h2, styles, level=1))
    out.append(_lines(section.notes, styles))
    return out


def _writing(section: content.WritingPage, labels: content.Labels, styles: Styles) -> list[Flowable]:
    out: list[Flowable] = [PageBreak(), *_header(section, styles)]
    if section.purpose:
        out.append(para(section.purpose, styles.lead, styles))
    out.append(para(labels.writing_intro, styles.body, styles))
    for prompt in section.prompts:
        out.append(_question(prompt, styles))
    return out


def _spoken(section: content.SpokenPage, styles: Styles, height: float) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(height * 0.35), *_header(section, styles)]
    if section.purpose:
        out.append(para(section.purpose, styles.lead, styles))
    out.append(bullets(section.prompts, styles))
    out.append(Spacer(1, styles.gap * 2))
    return out


# ---------------------------------------------------------------------------
# Back matter


def _resources(
    section: content.Resources, labels: content.Labels, styles: Styles, width: float
) -> list[Flowable]:
    """The resources page: each entry with, beside it, the QR code of its address (printed under it)."""
    out: list[Flowable] = [PageBreak(), Heading(section.title, styles.h1, styles, level=0, toc=True)]
    out.append(para(labels.resources_intro, styles.lead, styles))
    for entry in section.entries:
        block: list[Flowable] = [Paragraph(f"<b>{plain(entry.name, styles)}</b>", styles.body)]
        if entry.description:
            block.append(para(entry.description, styles.body, styles))
        if entry.url:
            block = [with_code(block, entry.url, styles, width)]
        block.append(Spacer(1, styles.gap))
        out.append(KeepTogether(block))
    return out


def _support(section: content.SupportPage, styles: Styles) -> list[Flowable]:
    """The support page: on a page of its own (whatever follows starts a new page)."""
    out: list[Flowable] = [PageBreak(), Heading(section.title, styles.h1, styles, level=0, toc=True)]
    out.append(para(section.intro, styles.lead, styles))
    for entry in section.entries:
        block: list[Flowable] = [
            Paragraph(f"<b>{plain(entry.name, styles)}</b>", styles.body),
            para(entry.contact, styles.body, styles),
            Paragraph(
                f"<font color='{styles.colours.muted}'>{plain(entry.when, styles)}</font>", styles.body
            ),
            Spacer(1, styles.gap * 0.8),
        ]
        out.append(KeepTogether(block))
    return out


def _credits(section: content.CreditsPage, styles: Styles) -> list[Flowable]:
    out: list[Flowable] = [PageBreak(), Heading(section.title, styles.h1, styles, level=0, toc=True)]
    out.append(para(section.intro, styles.lead, styles))
    for entry in section.entries:
        title = f"*{entry.title}*" + (f", {entry.publisher}" if entry.publisher else "")
        block = [para(title, styles.body, styles), para(entry.used_in, styles.small, styles)]
        out.append(KeepTogether([*block, Spacer(1, styles.gap * 0.5)]))
    return out


def _notes(section: content.Notes, styles: Styles) -> list[Flowable]:
    return [
        CondPageBreak(styles.line_gap * 12),
        Spacer(1, styles.gap * 2),
        Heading(section.title, styles.h1, styles, level=0, toc=True),
        _lines(section.area, styles),
    ]


# ---------------------------------------------------------------------------
# Helpers


def _line_colour(styles: Styles) -> Any:
    return tint(styles.colours.muted, 0.45)


def _lines(area: content.WriteIn, styles: Styles) -> WritingLines:
    return WritingLines(area.lines, styles.line_gap, _line_colour(styles), fill=area.fill)


def _question(question: content.WriteIn, styles: Styles) -> Flowable:
    text = Paragraph(markup(question.text, styles), styles.numbered, bulletText=f"{question.number}.")
    return KeepTogether([Spacer(1, styles.gap * 0.6), text, _lines(question, styles)])
