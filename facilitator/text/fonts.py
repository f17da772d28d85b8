"""TrueType fonts registered with reportlab, parsed only when a document first uses them.

reportlab reads a whole TrueType file in Python when a `TTFont` is made (about
30 ms for a DejaVu face), although many builds never draw some faces of a family
(bold italic, say). `register_ttf` registers a font whose file is read on first
use instead; nothing else changes, so the PDFs are byte-identical.

Imported only by renderers: it imports reportlab.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont


class LazyTTFont(TTFont):
    """A `TTFont` that reads its file the first time any of its metrics or glyphs are needed."""

    def __init__(self, name: str, filename: str) -> None:
        # Only the name is set now; TTFont.__init__ runs in `__getattr__` on first use.
        self.fontName = name
        self._lazy_filename = filename

    def __getattr__(self, attr: str) -> Any:
        """Read the font file on the first access to an attribute that only a loaded font has."""
        if attr.startswith("__") or "_lazy_filename" not in self.__dict__:
            raise AttributeError(attr)
        TTFont.__init__(self, self.fontName, self.__dict__.pop("_lazy_filename"))
        unique_face_name(self)
        # A plain TTFont from now on: reportlab asks fonts for attributes they lack (`ascent`,
        # thousands of times a document), which a `__getattr__` of our own would answer slowly.
        self.__class__ = TTFont
        return getattr(self, attr)


_FACE_NAMES: dict[bytes, str] = {}  # a face's name in PDFs -> the registered font that uses it


def unique_face_name(font: TTFont) -> None:
    """Give `font` a face name no other registered font uses, for the PDF's font objects.

    A theme may name one file for several styles (a family without a bold), or two files
    whose fonts carry the same name; reportlab would then write two font objects of the
    same name into a PDF and fail. The second gets its registered name appended.
    """
    face = font.face
    owner = _FACE_NAMES.setdefault(face.name + face.subfontNameX, font.fontName)
    if owner != font.fontName:
        face.subfontNameX += b"-" + re.sub(rb"[^A-Za-z0-9]", b"", font.fontName.encode())[:32]


def register_ttf(name: str, path: Path | str) -> None:
    """Register the TrueType file at `path` with reportlab as `name`, to be read when first used.

    Falls back to registering an ordinary `TTFont` if this reportlab keeps its
    font table elsewhere.
    """
    fonts = getattr(pdfmetrics, "_fonts", None)
    if not isinstance(fonts, dict):  # pragma: no cover - other reportlab versions
        font = TTFont(name, str(path))
        unique_face_name(font)
        pdfmetrics.registerFont(font)
        return
    # What registerFont does for a TrueType font, less reading the face name (which needs the file).
    fonts[name] = LazyTTFont(name, str(path))
    pdfmetrics.registerFontFamily(name)
