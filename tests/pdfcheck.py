"""Helpers for reading PDFs back in tests: text, page sizes, fonts, character sizes."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader


def squash(text: str) -> str:
    """Return `text` with every run of whitespace turned into one space."""
    return re.sub(r"\s+", " ", text).strip()


_FOOTER = re.compile(r"\n[^\n]*\nPage \d+ of \d+\s*$")


def pdf_text(data: bytes, *, footers: bool = True) -> str:
    """Return the text of every page, whitespace squashed (without `footers`, each page's footer dropped)."""
    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() or "" for page in reader.pages]
    if not footers:
        pages = [_FOOTER.sub("", page) for page in pages]
    return squash(" ".join(pages))


def page_texts(data: bytes) -> list[str]:
    """Return each page's text, whitespace squashed."""
    return [squash(page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages]


def page_sizes(data: bytes) -> set[tuple[int, int]]:
    """Return the distinct page sizes, in whole points."""
    reader = PdfReader(io.BytesIO(data))
    return {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}


def fonts_report(data: bytes) -> list[list[str]]:
    """Return `pdffonts` rows (name, type, encoding, emb, sub, uni, ...), skipping the header."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


HAVE_PDFFONTS = shutil.which("pdffonts") is not None
