"""The facilitator guide as PDF, `guide.pdf`, laid out with reportlab from the same Plan.

The content comes from `facilitator.planning.prep`, as for the Markdown and HTML guide,
so all three say the same thing: the run of show, the preparation checklist
with printing counts and access needs to ask about, the session's safety
notes, then each segment with its purpose, talking points, steps, discussion
follow-ups, scenario roles, debrief questions and possible ally responses,
safety notes and the cue for moving on. `facilitator.render.guide` calls
`render_guide_pdf` and owns the output name `guide`.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from facilitator.planning import prep, segment_guide
from facilitator.planning.plan import Plan
from facilitator.planning.scenario_guide import CARD_LINE
from facilitator.render import Output
from facilitator.render.pdfkit import (
    Document,
    Heading,
    Paragraph,
    Rule,
    Styles,
    Table,
    bullets,
    callout,
    date_text,
    hex_colour,
    in_pairs,
    keep_with_last,
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
    strong,
    table_style,
)
from facilitator.text.typography import pdf_spaces
from facilitator.text.wording import tidy


def render_guide_pdf(plan: Plan, *, paper: str | None = None, large_print: bool = False) -> Output:
    """Return the facilitator guide as `guide.pdf` (or `guide-large-print.pdf`)."""
    data, pages = build_guide_pdf(plan, paper=paper, large_print=large_print)
    name = "guide-large-print.pdf" if large_print else "guide.pdf"
    summary = plan.words.ngettext(
        "facilitator guide, {count} page", "facilitator guide, {count} pages", pages
    )
    return Output(name, data, summary.format(count=pages))


def build_guide_pdf(plan: Plan, *, paper: str | None = None, large_print: bool = False) -> tuple[bytes, int]:
    """Return the guide's PDF bytes and its page count."""
    fonts = register_fonts(plan)
    styles = make_styles(plan, fonts, large_print=large_print)
    page = page_geometry(paper_name(plan, paper), styles)
    workshop = plan.workshop
    words = plan.words
    doc = Document(
        new_buffer(),
        plan,
        styles,
        page,
        title=words._("{title} — facilitator guide").format(title=workshop.title),
        subject=words._("Facilitator guide: run of show, preparation and notes, {date}").format(
            date=words.date(workshop.date)
        ),
        label=words._("Facilitator guide"),
    )
    story: list[Flowable] = []
    story += _front(plan, styles, page.frame_width)
    story += _checklist(plan, styles, page.frame_width)
    story += _safety(plan, styles)
    for guide in segment_guide.segment_guides(plan):
        story += _segment(guide, styles, page.frame_height)
    story += _resources(plan, styles)
    story += _credits(plan, styles)
    data = doc.render(story)
    return data, doc.page


# ---------------------------------------------------------------------------
# Front matter


def _front(plan: Plan, styles: Styles, width: float) -> list[Flowable]:
    workshop = plan.workshop
    words = styles.words
    out: list[Flowable] = [
        Paragraph(plain(words._("Facilitator guide").upper(), styles), styles.eyebrow),
        Heading(workshop.title, styles.title, styles, level=0),
    ]
    if workshop.subtitle:
        out.append(para(workshop.subtitle, styles.subtitle, styles))
    out.append(
        Rule(hex_colour(styles.colours.accent), width=2.5, space=styles.gap * 0.6, length=width * 0.18)
    )
    facts = [(words._("When"), date_text(plan))]
    if workshop.location:
        facts.append((words._("Where"), workshop.location))
    if workshop.facilitators:
        facts.append((words._("Facilitators"), words.join(workshop.facilitators)))
    if workshop.audience:
        facts.append((words._("Audience"), workshop.audience))
    expected = workshop.expected_participants
    facts.append((words._("Participants"), words._("{count} expected").format(count=expected)))
    rows = [
        [Paragraph(f"<b>{plain(k, styles)}</b>", styles.small), Paragraph(plain(v, styles), styles.small)]
        for k, v in facts
    ]
    table = Table(rows, colWidths=[styles.small_size * 9, None], hAlign="LEFT")
    style = table_style(styles, header=False, zebra=False)
    style.add("LINEBELOW", (0, -1), (-1, -1), 0, hex_colour("#FFFFFF"))
    style.add("TOPPADDING", (0, 0), (-1, -1), 1)
    style.add("BOTTOMPADDING", (0, 0), (-1, -1), 1)
    style.add("LEFTPADDING", (0, 0), (0, -1), 0)
    table.setStyle(style)
    out += [table, Spacer(1, styles.gap)]
    if workshop.objectives:
        out.append(Heading(words._("Objectives"), styles.h2, styles, level=1))
        out.append(bullets(workshop.objectives, styles))
    out.append(Heading(words._("Run of show"), styles.h2, styles, level=1))
    out.append(_run_of_show(plan, styles, width))
    out.append(PageBreak())
    return out


def _run_of_show(plan: Plan, styles: Styles, width: float) -> Table:
    words = styles.words
    head = [words._("Start"), words._("End"), words.pgettext("column", "Min"), words._("Segment")]
    head.append(words._("Materials"))
    rows: list[list[Flowable]] = [[Paragraph(plain(h, styles), styles.cell_bold) for h in head]]
    muted = styles.colours.muted
    for row in prep.run_of_show(plan):
        segment = (
            f"{plain(row.title, styles)}<br/><font color='{muted}'>{plain(row.kind_label, styles)}</font>"
        )
        rows.append(
            [
                Paragraph(plain(row.start, styles), styles.cell),
                Paragraph(plain(row.end, styles), styles.cell),
                Paragraph(str(row.minutes), styles.cell),
                Paragraph(segment, styles.cell),
                Paragraph(plain(", ".join(row.materials), styles), styles.cell),
            ]
        )
    total = words._("{total} of {duration} minutes").format(
        total=plan.total_minutes, duration=plan.workshop.duration
    )
    total = f"<b>{plain(total, styles)}</b>"
    rows.append([Paragraph("", styles.cell)] * 2 + [Paragraph(total, styles.cell), "", ""])
    widest = max(
        (
            stringWidth(pdf_spaces(t), styles.fonts.regular, styles.small_size)
            for r in prep.run_of_show(plan)
            for t in (r.start, r.end)
        ),
        default=0.0,
    )
    time_col = max(styles.small_size * 4.4, widest + styles.small_size * 1.2)
    min_col = styles.small_size * 3.4
    rest = width - 2 * time_col - min_col
    table = Table(
        rows,
        colWidths=[time_col, time_col, min_col, rest * 0.55, rest * 0.45],
        repeatRows=1,
        hAlign="LEFT",
        footer=1,  # the total stays with the last rows
    )
    style = table_style(styles)
    style.add("SPAN", (2, -1), (-1, -1))
    style.add("LINEABOVE", (0, -1), (-1, -1), 0.8, hex_colour(styles.colours.heading))
    style.add("ROWBACKGROUNDS", (0, -1), (-1, -1), [None])
    table.setStyle(style)
    return table


def _checklist(plan: Plan, styles: Styles, width: float) -> list[Flowable]:
    checklist = prep.checklist(plan, large_print=styles.large)  # counts for the printables of this print
    words = styles.words
    out: list[Flowable] = [Heading(words._("Before the day"), styles.h1, styles, level=0)]
    lead = words.ngettext(
        "Preparation for {count} expected participant. Check each item off as you go.",
        "Preparation for {count} expected participants. Check each item off as you go.",
        checklist.participants,
    )
    out.append(para(lead.format(count=checklist.participants), styles.lead, styles))
    if checklist.printing:
        out.append(Heading(words._("What to print"), styles.h2, styles, level=1))
        head = (words._("Item"), words._("How many"), words._("Why"))
        rows = [[Paragraph(plain(h, styles), styles.cell_bold) for h in head]]
        for count in checklist.printing:
            rows.append(
                [
                    Paragraph(plain(count.item, styles), styles.cell),
                    Paragraph(f"<b>{count.count}</b> {plain(count.unit, styles)}", styles.cell),
                    Paragraph(plain(count.reason, styles), styles.cell),
                ]
            )
        table = Table(rows, colWidths=[width * 0.38, width * 0.17, width * 0.45], repeatRows=1, hAlign="LEFT")
        table.setStyle(table_style(styles))
        out.append(table)
    for section in checklist.sections:
        block: list[Flowable] = [Heading(section.title, styles.h2, styles, level=1)]
        if section.lead:
            block.append(para(section.lead, styles.body, styles))
        out.append(KeepTogether([*block, _checks(section.items[:1], styles)]))
        if len(section.items) > 1:
            out.append(_checks(section.items[1:], styles))
    out.append(PageBreak())
    return out


def _checks(items: tuple[str, ...] | list[str], styles: Styles) -> Flowable:
    return bullets(items, styles, bullet="☐")


def _safety(plan: Plan, styles: Styles) -> list[Flowable]:
    workshop = plan.workshop
    words = styles.words
    out: list[Flowable] = [Heading(words._("Safety and care"), styles.h1, styles, level=0)]
    aloud = words._(
        "Say these out loud at the start, and again before any role-play: an option nobody mentions "
        "is an option nobody uses."
    )
    out.append(para(aloud, styles.lead, styles))
    if workshop.content_note:
        out.append(Heading(words._("Content note"), styles.h2, styles, level=1))
        out.append(callout([para(workshop.content_note, styles.body, styles)], styles))
    out.append(Heading(words._("Opting out"), styles.h2, styles, level=1))
    out.append(bullets(segment_guide.opting_out(words), styles))
    if workshop.land_acknowledgement:
        out.append(Heading(words._("Land acknowledgement"), styles.h2, styles, level=1))
        out.append(para(workshop.land_acknowledgement, styles.body, styles))
    if workshop.agreements:
        out.append(Heading(words._("Community agreements"), styles.h2, styles, level=1))
        out.append(numbered(workshop.agreements, styles))
    out.append(PageBreak())
    return out


# ---------------------------------------------------------------------------
# Segments


def _segment(guide: segment_guide.SegmentGuide, styles: Styles, height: float) -> list[Flowable]:
    words = styles.words
    _ = words._
    eyebrow = f"{guide.kind_label} · {guide.times} · {words.short_duration(guide.minutes)}".upper()
    if guide.lead:
        eyebrow += " · " + _("led by {name}").format(name=guide.lead).upper()
    out: list[Flowable] = [
        CondPageBreak(height * 0.4),
        Spacer(1, styles.gap),
        Paragraph(plain(eyebrow, styles), styles.eyebrow),
        Heading(guide.title, styles.h1, styles, level=0),
        para(guide.purpose, styles.lead, styles),
    ]
    if guide.review_before_use:
        review = _("**Before you use this scenario:** {review}").format(review=guide.review_before_use)
        out.append(callout([para(review, styles.body, styles)], styles))
    if guide.notes:
        out.append(
            callout(
                [
                    Paragraph(strong(_("Notes for this session"), styles), styles.body),
                    para(guide.notes, styles.body, styles),
                ],
                styles,
            )
        )
    if guide.content_note:
        note = _("**Content note ({intensity}).** {note}").format(
            intensity=guide.intensity, note=guide.content_note
        )
        out += [
            Spacer(1, styles.gap * 0.5),
            callout([para(note, styles.body, styles)], styles, colour=styles.colours.muted),
        ]
    if guide.introduce:
        out += _sub(_("Introduce it"), styles)
        out.append(para(guide.introduce, styles.body, styles))
    if guide.talking_points:
        out += _sub(_("Talking points"), styles)
        texts = [
            _("**{heading}.** {text}").format(heading=p.heading, text=p.text) if p.heading else p.text
            for p in guide.talking_points
        ]
        out.append(bullets(texts, styles))
    if guide.takeaway:
        out.append(para(_("**Takeaway:** {text}").format(text=guide.takeaway), styles.body, styles))
    if guide.misunderstandings:
        out += _sub(_("Common misunderstandings"), styles)
        out.append(bullets(guide.misunderstandings, styles))
    if guide.listen_for:
        out += _sub(_("Listen for"), styles)
        out.append(bullets(guide.listen_for, styles))
    if guide.steps:
        out += _sub(_("Steps"), styles)
        out.append(numbered(guide.steps, styles))
    if guide.discussion_format or guide.group_size or guide.guidance:
        out += _sub(_("How to run it"), styles)
        how = " · ".join(x for x in (guide.discussion_format, guide.group_size) if x)
        if how:
            out.append(para(f"**{how}**", styles.body, styles))
        if guide.guidance:
            out.append(para(guide.guidance, styles.body, styles))
    if guide.questions:
        out += _sub(_("Questions and follow-ups"), styles)
        for n, question in enumerate(guide.questions, start=1):
            block: list[Flowable] = [
                Paragraph(markup(question.text, styles), styles.numbered, bulletText=f"{n}.")
            ]
            if question.follow_ups:
                follow_ups = [_("*Follow-up:* {text}").format(text=f) for f in question.follow_ups]
                block.append(bullets(follow_ups, styles, indent=1))
            out.append(KeepTogether(block))
    if guide.setting:
        out += _sub(_("Setting and situation"), styles)
        out.append(para(f"**{guide.scenario_format}.** {guide.timing}", styles.body, styles))
        out.append(para(f"**{guide.setting}.** {guide.situation or ''}", styles.body, styles))
    if guide.harmful_moment:
        harm = _(
            "**The harmful moment, to read once in your ordinary voice (never on a card, slide or "
            "handout):** {moment}"
        ).format(moment=guide.harmful_moment)
        out.append(callout([para(harm, styles.body, styles)], styles))
    if guide.roles:  # never a role alone at the foot or the top of a page
        cast = [
            para(
                _("**{name}** ({who}). {card}").format(name=role.name, who=role.who, card=role.card),
                styles.body,
                styles,
            )
            for role in guide.roles
        ]
        out += in_pairs(Heading(_("Roles"), styles.h3, styles, level=1), cast)
        every_card = _("Every printed card also says: *{line}*").format(line=_(CARD_LINE))
        out.append(para(every_card, styles.body, styles))
    if guide.decision_points:
        out += _sub(_("Decision points: pause here"), styles)
        out.append(bullets(guide.decision_points, styles))
    if guide.de_roling:
        out += _sub(_("Stepping out of role"), styles)
        out.append(para(_("Before the debrief, every time, however short the time:"), styles.body, styles))
        out.append(numbered(guide.de_roling, styles))
    if guide.prompts:
        out += _sub(_("Prompts for participants"), styles)
        out.append(bullets(guide.prompts, styles))
    if guide.template:
        out += _sub(_("Template to adapt"), styles)
        out.append(callout([para(guide.template, styles.body, styles)], styles, colour=styles.colours.muted))
    if guide.debrief:
        out += _sub(_("Debrief questions"), styles)
        out.append(numbered(guide.debrief, styles))
    if guide.ally_responses:
        out += _sub(_("Possible ally responses"), styles)
        texts = []
        for r in guide.ally_responses:
            primer = r.primer_title or r.primer_id.replace("-", " ").capitalize()
            texts.append(_("{text} *(draws on: {primer})*").format(text=r.text, primer=primer))
        out.append(bullets(texts, styles))
    if guide.facilitator_notes:
        out += _sub(_("Facilitator notes"), styles)
        out.append(bullets(guide.facilitator_notes, styles))
    if guide.safety:
        out += _sub(_("Safety"), styles)
        out.append(bullets(guide.safety, styles))
    if guide.materials:
        materials = _("**Materials:** {items}").format(items=", ".join(guide.materials))
        out.append(para(materials, styles.body, styles))
    cue = callout([para(_("**Timing.** {cue}").format(cue=guide.cue), styles.body, styles)], styles)
    keep_with_last(out, [Spacer(1, styles.gap * 0.5), cue])  # never a lone box at the top of a page
    out.append(Spacer(1, styles.gap * 1.5))
    return out


def _sub(title: str, styles: Styles) -> list[Flowable]:
    return [CondPageBreak(styles.body_size * 6), Heading(title, styles.h3, styles, level=1)]


def _resources(plan: Plan, styles: Styles) -> list[Flowable]:
    if not plan.resources:
        return []
    out: list[Flowable] = [
        CondPageBreak(styles.body_size * 20),
        Heading(styles.words._("Resources"), styles.h1, styles, level=0),
    ]
    for resource in prep.resource_lines(plan):
        text = f"<b>{plain(resource.name, styles)}</b>"
        if resource.description:
            text += f" {markup(resource.description, styles)}"
        if resource.url:
            text += f" {link(resource.url, styles)}"
        if resource.note:
            text += f" <i>({plain(resource.note, styles)})</i>"
        out.append(Paragraph(text, styles.body))
    return out


def _credits(plan: Plan, styles: Styles) -> list[Flowable]:
    if not plan.credits:
        return []
    _ = styles.words._
    out: list[Flowable] = [
        CondPageBreak(styles.body_size * 20),
        Heading(_("Sources and credits"), styles.h1, styles, level=0),
        para(
            _(
                "The content is written in our own words from these sources; each item of this workshop "
                "names the ones it draws on."
            ),
            styles.body,
            styles,
        ),
    ]
    for credit in plan.credits:
        title = f"*{credit.title}*" + (f", {credit.publisher}" if credit.publisher else "")
        used = tidy(_("Used in: {items}.").format(items="; ".join(credit.used_in)))
        out.append(para(f"{title}. {used}", styles.body, styles))
    return out
