"""Speaker notes from a workshop's own text: its paragraphs and lists, and what is not for the room.

`note_parts` reads a segment's `notes:` (a YAML block may hold a list, which
must not run together into one sentence with dashes in it); `AUTHORING`
finds a step written to whoever prepares the workshop file, which the notes
(read during the session) leave to the guide.
"""

from __future__ import annotations

import re

# A step that speaks to whoever writes the workshop file, not to the facilitator in the room.
AUTHORING = re.compile(r"\bworkshop file\b|\btemplate below\b", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*[-*•]\s+(.*)$")


def note_parts(text: str) -> list[tuple[str, str]]:
    """Return notes text as ("para", text) and ("item", text) parts: paragraphs and list items.

    Lines of a paragraph are joined (YAML folds them the same way); a line
    starting with `-`, `*` or `•` starts a list item, and the indented lines
    under it continue the item.
    """
    parts: list[tuple[str, str]] = []
    current: list[str] = []
    kind = "para"

    def flush() -> None:
        nonlocal current
        if current:
            parts.append((kind, " ".join(current)))
        current = []

    for line in text.splitlines():
        item = _LIST_ITEM.match(line)
        if item:
            flush()
            kind, current = "item", [item.group(1).strip()]
        elif not line.strip():
            flush()
            kind = "para"
        elif kind == "item" and not line[:1].isspace():
            flush()
            kind, current = "para", [line.strip()]
        else:
            current.append(line.strip())
    flush()
    return parts
