"""Renderers: each turns a finished Plan into output files, and imports only its own libraries.

A renderer module has `render(plan: Plan) -> list[Output]`. It returns the
bytes of each file instead of writing them, so that the build can write every
output atomically, and only once every renderer has succeeded.
"""

from __future__ import annotations

from dataclasses import dataclass

# Output name -> module holding its `render(plan)`; modules are imported only when used.
RENDERERS: dict[str, str] = {
    "deck": "facilitator.render.deck",
    "notes": "facilitator.render.notes",
    "slides-handout": "facilitator.render.slides_handout",
    "guide": "facilitator.render.guide",
    "handout": "facilitator.render.handout",
    "handout-html": "facilitator.render.handout_html",
    "printables": "facilitator.render.printables",
    "timer": "facilitator.render.timer",
    "calendar": "facilitator.render.ics",
}


@dataclass(frozen=True)
class Output:
    """One rendered file: its name inside the workshop's output folder, bytes, and a summary."""

    name: str
    data: bytes
    summary: str
