"""Slides, modelled once and drawn by several painters.

The deck renderer is a model plus painters, so that a slide can be drawn on
screen and on paper alike:

- `content`: what goes on each slide and in its speaker notes (`SlideSpec`s);
- `layout`: fits the specs onto slides — sizes, wrapping, continuation slides,
  every box — and returns the slide model (`build_deck`);
- `model`: the model itself, plain data (no python-pptx or reportlab objects);
- `pptx_painter`: writes the model as an editable .pptx (python-pptx);
- `words`: every label the slides and their notes add, in one place.

The renderers that use it (`facilitator.render.deck` and the slide PDFs) share
this package instead of importing each other.
"""
