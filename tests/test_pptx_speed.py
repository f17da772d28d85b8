"""pptx_speed: the O(1) part naming gives exactly the part names and bytes python-pptx would."""

from __future__ import annotations

import io

from facilitator.render.pptx_speed import speed_up


def _deck(fast: bool, slides: int = 40) -> tuple[list[str], bytes]:
    from pptx import Presentation

    prs = Presentation()
    if fast:
        speed_up(prs)
        speed_up(prs)  # twice is harmless
    for i in range(slides):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        slide.notes_slide.notes_text_frame.text = f"note {i}"
    names = sorted(str(part.partname) for part in prs.part.package.iter_parts())
    rels = prs.part.rels.xml
    return names, rels


def test_speed_up_changes_nothing_but_the_time() -> None:
    assert _deck(fast=True) == _deck(fast=False)


def test_a_sped_up_deck_saves_and_reopens() -> None:
    from pptx import Presentation

    prs = Presentation()
    speed_up(prs)
    prs.slides.add_slide(prs.slide_layouts[6]).notes_slide  # noqa: B018 - creates the notes part
    buffer = io.BytesIO()
    prs.save(buffer)
    again = Presentation(io.BytesIO(buffer.getvalue()))
    assert len(again.slides) == 1 and again.slides[0].has_notes_slide
