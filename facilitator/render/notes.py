"""Notes pages for co-facilitators, `notes.pdf`: each slide drawn at the top of a page, its notes below.

One page per slide (a slide whose notes run longer continues on the next
page): a line naming the slide, its segment's kind, clock times, minutes and
who leads it (the segment's `lead:`, else the workshop's facilitators), the
slide drawn by the PDF painter from the same slide model as `deck.pptx`, and
its speaker notes at the print body size (18 pt or more with --large-print).
Bookmarks lead to each segment and, under it, to each slide; every page says
"Page N of M".
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Spacer

from facilitator.planning.plan import Plan
from facilitator.render import Output
from facilitator.render.pdf_bidi import BidiParagraph as Paragraph  # Arabic and Hebrew in reading order
from facilitator.render.pdfkit import (
    Bookmark,
    Document,
    make_styles,
    new_buffer,
    page_geometry,
    page_summary,
    paper_name,
    plain,
    register_fonts,
)
from facilitator.render.slides.layout import build_deck
from facilitator.render.slides.model import Deck, Slide
from facilitator.render.slides.pdf_painter import SlideFlowable, SlidePainter
from facilitator.render.slides.words import Labels


def render(plan: Plan, *, paper: str | None = None, large_print: bool = False) -> list[Output]:
    """Return the notes pages as `notes.pdf` (or `notes-large-print.pdf`)."""
    deck = build_deck(plan)
    data, pages, size = notes_pages(plan, deck, paper=paper, large_print=large_print)
    name = "notes-large-print.pdf" if large_print else "notes.pdf"
    return [Output(name, data, page_summary(plan, pages, size, large_print))]


def notes_pages(
    plan: Plan, deck: Deck, *, paper: str | None = None, large_print: bool = False
) -> tuple[bytes, int, str]:
    """Return the notes pages' PDF bytes, their page count and the paper's name."""
    labels = Labels(plan.words)
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
        title=labels.NOTES_TITLE.format(title=workshop.title),
        subject=labels.NOTES_SUBJECT,
        label=labels.NOTES_LABEL,
    )
    painter = SlidePainter(deck, plan)
    story: list[Flowable] = []
    segment: int | None = -1
    for number, slide in enumerate(deck.slides, start=1):
        if slide.segment != segment:
            segment = slide.segment
            story.append(Bookmark(_segment_title(plan, labels, slide), level=0))
        story.append(Bookmark(f"{number}. {slide.title}", level=1))
        story.append(Paragraph(plain(_about(plan, labels, slide, number), styles), styles.eyebrow))
        story.append(SlideFlowable(painter, slide, page.frame_width))
        story.append(Spacer(1, styles.gap * 1.5))
        lines: list[Flowable] = []
        for line in slide.notes:
            if line.startswith("• "):
                lines.append(Paragraph(plain(line[2:], styles), styles.bullet, bulletText="•"))
            else:
                lines.append(Paragraph(plain(line, styles), styles.body))
        continued = Paragraph(plain(labels.NOTES_CONTINUED.format(n=number), styles), styles.eyebrow)
        story.append(Notes(lines, continued))
        story.append(PageBreak())
    story.pop()  # no empty page after the last slide
    data = doc.render(story)
    return data, doc.page, size


def _segment_title(plan: Plan, labels: Labels, slide: Slide) -> str:
    """Return a segment's bookmark: its clock time and title (the title slide and front matter: their own)."""
    if slide.segment is None:
        return labels.NOTES_FRONT
    segment = plan.segments[slide.segment]
    return f"{segment.start} · {segment.title}"


def _about(plan: Plan, labels: Labels, slide: Slide, number: int) -> str:
    """Return the line above a slide: its number, and its segment's kind, times, minutes and lead."""
    parts = [labels.SLIDE_NUMBER.format(n=number)]
    if slide.segment is not None:
        segment = plan.segments[slide.segment]
        parts += [segment.kind_label, labels.NOTES_WHEN.format(times=segment.times, minutes=segment.minutes)]
        leads = [segment.lead] if segment.lead else list(plan.workshop.facilitators)
    else:
        parts.append(plan.times)
        leads = list(plan.workshop.facilitators)
    if leads:
        parts.append(labels.NOTES_LEAD.format(names=plan.words.join(leads)))
    return " · ".join(parts)


class Notes(Flowable):
    """A slide's speaker notes: when they run onto another page, that page's part starts with `continued`."""

    def __init__(self, lines: list[Flowable], continued: Flowable) -> None:
        super().__init__()
        self.lines, self.continued = lines, continued
        self._sizes: list[tuple[float, float]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Return the width and the height of every line, with the space between them."""
        self.width = avail_width
        self._sizes = [line.wrap(avail_width, avail_height) for line in self.lines]
        height = sum(h for _w, h in self._sizes) + sum(self._gap(i) for i in range(1, len(self.lines)))
        self.height = height
        return avail_width, height

    def _gap(self, i: int) -> float:
        return max(self.lines[i - 1].getSpaceAfter(), self.lines[i].getSpaceBefore())

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Return what fits here and the rest (led by `continued`); [] to go whole to the next page."""
        used, kept = 0.0, []
        for i, line in enumerate(self.lines):
            gap = self._gap(i) if i else 0.0
            _w, height = line.wrap(avail_width, avail_height)
            if used + gap + height <= avail_height:
                kept.append(line)
                used += gap + height
                continue
            pieces = line.split(avail_width, avail_height - used - gap)
            if pieces:
                kept.append(pieces[0])
                rest = pieces[1:] + self.lines[i + 1 :]
            else:
                rest = self.lines[i:]
            if not kept or kept == [self.continued]:  # nothing of the notes themselves fits here
                return []
            return [Notes(kept, self.continued), Notes([self.continued, *rest], self.continued)]
        return [self]

    def draw(self) -> None:
        """Draw the lines from the top down."""
        y = self.height
        for i, (line, (_w, height)) in enumerate(zip(self.lines, self._sizes, strict=True)):
            y -= (self._gap(i) if i else 0.0) + height
            line.drawOn(self.canv, 0, y)
