"""The participant handout, `handout.pdf`: what people keep, write on and take home.

Cover, contents, the session at a glance (objectives, agenda, content note,
agreements), then the agenda in order: each primer's key points and takeaway,
each discussion's questions with lines to write on, each scenario as a
worksheet (never its debrief questions or ally responses, which are for the
facilitator), reflection and activity prompts with room to write, then
resources with working links and a notes page.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from facilitator.planning.plan import Plan, PlannedSegment
from facilitator.render import Output
from facilitator.render.pdfkit import (
    Contents,
    Document,
    Heading,
    Rule,
    Styles,
    WritingLines,
    bullets,
    callout,
    date_text,
    hex_colour,
    link,
    make_styles,
    markup,
    new_buffer,
    numbered,
    page_geometry,
    paper_name,
    para,
    plain,
    register_fonts,
    table_style,
    tint,
)
from facilitator.text.wording import FORMAT_LABELS


def render(plan: Plan, *, paper: str | None = None, large_print: bool = False) -> list[Output]:
    """Return the handout as one Output, `handout.pdf` (or `handout-large-print.pdf`)."""
    data, pages, size = build_handout(plan, paper=paper, large_print=large_print)
    name = "handout-large-print.pdf" if large_print else "handout.pdf"
    kind = "large print, " if large_print else ""
    return [Output(name, data, f"{kind}{pages} pages, {size}")]


def build_handout(
    plan: Plan, *, paper: str | None = None, large_print: bool = False
) -> tuple[bytes, int, str]:
    """Return the handout's PDF bytes, its page count and its paper name."""
    fonts = register_fonts(plan)
    styles = make_styles(plan, fonts, large_print=large_print)
    size = paper_name(plan, paper)
    page = page_geometry(size, styles)
    workshop = plan.workshop
    doc = Document(
        new_buffer(),
        plan,
        styles,
        page,
        title=f"{workshop.title} — handout",
        subject=workshop.subtitle or f"Participant handout, {workshop.date.isoformat()}",
        label="Handout",
    )
    story = _story(plan, styles, page.frame_width, page.frame_height)
    data = doc.render(story)
    return data, doc.page, size


def _story(plan: Plan, styles: Styles, width: float, height: float) -> list[Flowable]:
    story: list[Flowable] = []
    story += _cover(plan, styles, width, height)
    story += _contents(plan, styles)
    story += _at_a_glance(plan, styles)
    for segment in plan.segments:
        story += _segment(plan, segment, styles, height)
    story += _resources(plan, styles)
    story += _notes(styles)
    return story


# ---------------------------------------------------------------------------
# Cover and front matter


def _cover(plan: Plan, styles: Styles, width: float, height: float) -> list[Flowable]:
    workshop = plan.workshop
    c = styles.colours
    out: list[Flowable] = [Spacer(1, height * 0.12)]
    logo = plan.theme.logo
    if logo is not None and logo.is_file():
        image = Image(str(logo))
        scale = min(1.6 * 72 / image.imageHeight, width * 0.4 / image.imageWidth, 1.0)
        image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
        image.hAlign = "LEFT"
        # reportlab writes untagged PDFs, so the organisation's name below the logo stands in for alt text.
        out += [image, Spacer(1, styles.gap * 2)]
    out.append(Paragraph("PARTICIPANT HANDOUT", styles.eyebrow))
    out.append(Heading(workshop.title, styles.title, styles, level=0))
    if workshop.subtitle:
        out.append(para(workshop.subtitle, styles.subtitle, styles))
    out.append(Rule(hex_colour(c.accent), width=2.5, space=styles.gap, length=width * 0.18))
    out.append(Spacer(1, styles.gap))
    details = [date_text(plan)]
    details += [x for x in (workshop.location, workshop.organisation) if x]
    for line in details:
        out.append(Paragraph(plain(line, styles), styles.lead))
    if workshop.facilitators:
        names = ", ".join(workshop.facilitators)
        out.append(Paragraph(f"With {plain(names, styles)}", styles.lead))
    out.append(Spacer(1, styles.gap * 3))
    welcome = (
        "This handout is yours to keep. Write in it, skip what does not help, and take it home. "
        "Nothing you write here will be collected."
    )
    out.append(callout([Paragraph(welcome, styles.body)], styles))
    out.append(PageBreak())
    return out


def _contents(plan: Plan, styles: Styles) -> list[Flowable]:
    toc = Contents(styles.toc, table_style(styles, header=False, zebra=False))
    return [Heading("Contents", styles.h1, styles, level=0), Spacer(1, styles.gap * 0.5), toc, PageBreak()]


def _at_a_glance(plan: Plan, styles: Styles) -> list[Flowable]:
    workshop = plan.workshop
    out: list[Flowable] = [Heading("About this session", styles.h1, styles, level=0, toc=True)]
    if workshop.audience:
        out.append(para(f"For {workshop.audience[0].lower()}{workshop.audience[1:]}.", styles.lead, styles))
    if workshop.objectives:
        out.append(Heading("What we will explore", styles.h2, styles, level=1))
        out.append(bullets(workshop.objectives, styles))
    out.append(Heading("Agenda", styles.h2, styles, level=1))
    out.append(_agenda_table(plan, styles))
    if workshop.content_note or workshop.agreements:
        out += [PageBreak(), Heading("Before we begin", styles.h1, styles, level=0, toc=True)]
    if workshop.content_note:
        note = [
            Paragraph("<b>A note on content</b>", styles.body),
            para(workshop.content_note, styles.body, styles),
        ]
        out += [KeepTogether(callout(note, styles)), Spacer(1, styles.gap)]
    if workshop.agreements:
        block = [
            Heading("Our agreements", styles.h2, styles, level=1),
            para("We agree to look after each other in these ways:", styles.body, styles),
            numbered(workshop.agreements, styles),
        ]
        out.append(KeepTogether(block))
    out.append(PageBreak())
    return out


def _agenda_table(plan: Plan, styles: Styles) -> Table:
    rows = [[Paragraph("Time", styles.cell_bold), Paragraph("What we do", styles.cell_bold)]]
    for segment in plan.segments:
        what = plain(segment.title, styles)
        if segment.kind not in ("break",):
            what = f"{what} <font color='{styles.colours.muted}'>· {segment.kind_label}</font>"
        rows.append([Paragraph(f"{segment.start}–{segment.end}", styles.cell), Paragraph(what, styles.cell)])
    time_width = styles.small_size * 7.5
    table = Table(rows, colWidths=[time_width, None], repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style(styles))
    return table


# ---------------------------------------------------------------------------
# Segments


def _segment(plan: Plan, segment: PlannedSegment, styles: Styles, height: float) -> list[Flowable]:
    if segment.kind == "primer" and segment.primer:
        return _primer(segment, styles, height)
    if segment.kind == "discussion" and segment.discussion:
        return _discussion(segment, styles)
    if segment.kind == "scenario" and segment.scenario:
        return _scenario(segment, styles)
    if segment.kind in ("activity", "reflection"):
        return _writing_prompts(segment, styles, height)
    if segment.kind in ("opening", "closing"):
        return _spoken_prompts(plan, segment, styles, height)
    return []


def _header(segment: PlannedSegment, styles: Styles, *, title: str | None = None) -> list[Flowable]:
    eyebrow = f"{segment.kind_label.upper()} · {segment.start}–{segment.end}"
    return [
        Paragraph(eyebrow, styles.eyebrow),
        Heading(title or segment.title, styles.h1, styles, level=0, toc=True),
    ]


def _primer(segment: PlannedSegment, styles: Styles, height: float) -> list[Flowable]:
    primer = segment.primer
    assert primer is not None
    out: list[Flowable] = [CondPageBreak(height * 0.4), *_header(segment, styles, title=segment.title)]
    out.append(para(primer.summary, styles.lead, styles))
    out.append(Heading("Key points", styles.h2, styles, level=1))
    out.append(
        bullets([f"**{p.heading}.** {p.text}" if p.heading else p.text for p in primer.points], styles)
    )
    takeaway = [
        Paragraph("<b>Takeaway</b>", styles.body),
        para(primer.takeaway, styles.lead, styles),
    ]
    out += [Spacer(1, styles.gap * 0.5), KeepTogether(callout(takeaway, styles)), Spacer(1, styles.gap * 2)]
    return out


def _discussion(segment: PlannedSegment, styles: Styles) -> list[Flowable]:
    discussion = segment.discussion
    assert discussion is not None
    out: list[Flowable] = [PageBreak(), *_header(segment, styles)]
    how = [FORMAT_LABELS.get(segment.discussion_format or "", "")]
    if segment.group_size:
        how.append(segment.group_size)
    line = " · ".join(x for x in how if x)
    if line:
        out.append(
            Paragraph(f"<font color='{styles.colours.muted}'>{plain(line, styles)}</font>", styles.body)
        )
    out.append(para(discussion.summary, styles.lead, styles))
    out.append(
        para("Jot down anything you want to remember. You may pass on any question.", styles.body, styles)
    )
    for n, question in enumerate(discussion.questions, start=1):
        out.append(_question(n, question.text, styles, lines=4))
    return out


def _scenario(segment: PlannedSegment, styles: Styles) -> list[Flowable]:
    scenario = segment.scenario
    assert scenario is not None
    out: list[Flowable] = [PageBreak(), *_header(segment, styles, title=f"Worksheet: {segment.title}")]
    note = [para(f"**Content note.** {scenario.content_note}", styles.small, styles)]
    note.append(Paragraph("You may watch instead of playing a part, or step out at any time.", styles.small))
    out.append(callout(note, styles, colour=styles.colours.muted))
    out.append(Heading("Setting", styles.h2, styles, level=1))
    out.append(para(scenario.setting, styles.body, styles))
    out.append(Heading("The situation", styles.h2, styles, level=1))
    out.append(para(scenario.situation, styles.body, styles))
    out.append(Heading("Roles", styles.h2, styles, level=1))
    out.append(bullets([role.name for role in scenario.roles], styles))
    if scenario.decision_points:
        out.append(Heading("Moments to watch for", styles.h2, styles, level=1))
        out.append(bullets(scenario.decision_points, styles))
    out.append(CondPageBreak(styles.line_gap * 6))
    out.append(Heading("Questions to talk about", styles.h2, styles, level=1))
    for n, prompt in enumerate(scenario.prompts, start=1):
        out.append(_question(n, prompt, styles, lines=3))
    out.append(CondPageBreak(styles.line_gap * 6 + styles.body_size * 4))
    out.append(Heading("My notes", styles.h2, styles, level=1))
    out.append(WritingLines(5, styles.line_gap, _line_colour(styles), fill=True))
    return out


def _writing_prompts(segment: PlannedSegment, styles: Styles, height: float) -> list[Flowable]:
    if not segment.prompts:
        return []
    out: list[Flowable] = [PageBreak(), *_header(segment, styles)]
    if segment.activity:
        out.append(para(segment.activity.purpose, styles.lead, styles))
    out.append(
        para("This page is for you. Nobody will collect it or ask you to read it out.", styles.body, styles)
    )
    for n, prompt in enumerate(segment.prompts, start=1):
        out.append(_question(n, prompt, styles, lines=4))
    return out


def _spoken_prompts(plan: Plan, segment: PlannedSegment, styles: Styles, height: float) -> list[Flowable]:
    if not segment.prompts:
        return []
    out: list[Flowable] = [CondPageBreak(height * 0.35), *_header(segment, styles)]
    if segment.activity:
        out.append(para(segment.activity.purpose, styles.lead, styles))
    out.append(bullets(segment.prompts, styles))
    out.append(Spacer(1, styles.gap * 2))
    return out


# ---------------------------------------------------------------------------
# Back matter


def _resources(plan: Plan, styles: Styles) -> list[Flowable]:
    if not plan.resources:
        return []
    out: list[Flowable] = [PageBreak(), Heading("Resources", styles.h1, styles, level=0, toc=True)]
    out.append(para("Places to keep learning after today.", styles.lead, styles))
    for resource in plan.resources:
        block: list[Flowable] = [Paragraph(f"<b>{plain(resource.name, styles)}</b>", styles.body)]
        if resource.description:
            block.append(para(resource.description, styles.body, styles))
        if resource.url:
            block.append(Paragraph(link(resource.url, styles), styles.body))
        block.append(Spacer(1, styles.gap * 0.6))
        out.append(KeepTogether(block))
    return out


def _notes(styles: Styles) -> list[Flowable]:
    return [
        CondPageBreak(styles.line_gap * 12),
        Spacer(1, styles.gap * 2),
        Heading("Notes", styles.h1, styles, level=0, toc=True),
        WritingLines(8, styles.line_gap, _line_colour(styles), fill=True),
    ]


# ---------------------------------------------------------------------------
# Helpers


def _line_colour(styles: Styles) -> Any:
    return tint(styles.colours.muted, 0.45)


def _question(n: int, text: str, styles: Styles, *, lines: int) -> Flowable:
    question = Paragraph(markup(text, styles), styles.numbered, bulletText=f"{n}.")
    return KeepTogether(
        [
            Spacer(1, styles.gap * 0.6),
            question,
            WritingLines(lines, styles.line_gap, _line_colour(styles)),
        ]
    )
