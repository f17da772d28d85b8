"""Slides, modelled once and drawn by several painters.

The deck renderer is a model plus painters, so that a slide can be drawn on
screen and on paper alike:

- `content`: what goes on each slide and in its speaker notes (`SlideSpec`s,
  `specs`, made of the paragraphs and notes lines of `paragraphs`; a
  workshop's own notes text, `notes_text`);
- `frames`: where the template puts text — its layouts' boxes and styles;
- `layout`: fits the specs into those boxes — sizes, wrapping, continuation
  slides, every line — and returns the slide model (`build_deck`);
- `model`: the model itself, plain data (no python-pptx or reportlab objects);
- `pptx_painter` (with `pptx_file`): writes the model as an editable .pptx;
- `pdf_painter`: draws a model slide on a reportlab canvas, at any scale;
- `words`: every label the slides and their notes add, in one place.

The renderers that use it (`facilitator.render.deck`, `notes` and
`slides_handout`) share this package instead of importing each other.
"""
