"""Text still to review: `facilitator import` marks what it generates; `validate` warns until rewritten."""

from __future__ import annotations

from typing import Any

from facilitator.errors import Diagnostic
from facilitator.workshop.source import format_loc

REVIEW_MARK = "[to review]"


def review_warning(kind: str, item_id: str, data: Any, doc: Any) -> Diagnostic | None:
    """Return a warning when a library item still holds generated text marked REVIEW_MARK."""
    marked = []

    def walk(value: Any, loc: tuple) -> None:
        if isinstance(value, str) and value.startswith(REVIEW_MARK):
            marked.append(loc)
        elif isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, (*loc, key))
        elif isinstance(value, list):
            for i, inner in enumerate(value):
                walk(inner, (*loc, i))

    walk(data, ())
    if not marked:
        return None
    fields = ", ".join(format_loc(loc) for loc in marked)
    message = (
        f"'{item_id}' was imported and still has generated text to review ({fields}); "
        f"rewrite it and remove '{REVIEW_MARK}'"
    )
    return doc.diagnostic(marked[0], message, "import.review", severity="warning")
