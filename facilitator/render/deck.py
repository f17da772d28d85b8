"""The slide deck, `deck.pptx`: the slide model painted as an editable .pptx with speaker notes.

The model (`facilitator.render.slides.layout.build_deck`) decides everything:
which slides, their text measured with the theme's slide font and split onto
continuation slides "… (2 of 3)" rather than shrunk below the theme's minimum
size or left to autofit, every box and the speaker notes. The .pptx painter
(`facilitator.render.slides.pptx_painter`) writes it, byte-identical from one
build to the next.
"""

from __future__ import annotations

from facilitator.planning.plan import Plan
from facilitator.render import Output
from facilitator.render.slides.layout import build_deck
from facilitator.render.slides.pptx_painter import paint_pptx


def render(plan: Plan) -> list[Output]:
    """Return the deck as `deck.pptx`."""
    deck = build_deck(plan)
    count = len(deck.slides)
    summary = plan.words.ngettext("{count} slide", "{count} slides", count).format(count=count)
    return [Output("deck.pptx", paint_pptx(deck, plan), summary)]
