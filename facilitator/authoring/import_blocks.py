"""Reading a primer document's lines into blocks: headings, bullets and paragraphs (step 1 of `import`).

Markdown headings (`## …`), bullets (`-`, `*`, `•`, …) and numbered items
(`1.`, `2)`) are recognised by their marks; the other lines are paragraph text.
Text extracted from a PDF is mended as it is read: a line broken mid-sentence
is joined to the one before, a word split with a hyphen across lines is put
back together, and a bullet written as a lone `-` takes the text on the lines
after it. A short numbered line followed by a new sentence ("1. Greeting at
the desk") is a heading, and a short line without a full stop is never glued
to a capitalised line after it.

Every line is looked at once and each block keeps its text as a list of
pieces, so reading is linear in the size of the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BULLET = re.compile(r"^(\s*)([-*•●▪◦‣]|\d{1,2}[.)])(?:\s+(.*))?$")
MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
# A line that ends in one of these carries on into the next.
FUNCTION_WORDS = frozenset(["a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the"])
FUNCTION_WORDS |= {"to", "with"}
NUMBERED_HEADING_WORDS = 8  # a numbered line of at most this many words may be a heading
SHORT = 0.7  # a line shorter than this share of the usual line width ends where its author ended it


@dataclass
class Block:
    """A heading, bullet or paragraph, with the source lines joined into it."""

    kind: str  # heading | bullet | para
    line: int  # where it starts, 1-based
    level: int = 0  # heading level, or bullet indent
    pieces: list[str] = field(default_factory=list)  # the text, joined only when asked for
    lines: int = 1  # source lines joined into this block
    words: int = 0
    length: int = 0

    @classmethod
    def of(cls, kind: str, text: str, line: int, level: int = 0) -> Block:
        """Return a block holding one line of text."""
        text = text.strip()
        return cls(kind, line, level, [text] if text else [], 1, len(text.split()), len(text))

    @property
    def text(self) -> str:
        """Return the block's whole text."""
        return "".join(self.pieces)

    @property
    def tail(self) -> str:
        """Return the last line joined into the block (all that the joining rules look at)."""
        return self.pieces[-1] if self.pieces else ""

    def add(self, line: str, notes: list[str]) -> None:
        """Join `line` to the block: mend a hyphenated word, else add it after a space."""
        line = line.strip()
        if not line:
            return
        tail = self.tail
        if not self.pieces:
            self.pieces.append(line)
        elif re.search(r"[a-z]-$", tail) and line[:1].islower():
            word = tail.split()[-1]
            notes.append(f"joined '{word}' + '{line.split()[0]}' across a line break")
            self.pieces[-1] = tail[:-1]
            self.pieces.append(line)
        elif tail.endswith("/"):
            self.pieces.append(line)
        else:
            self.pieces += [" ", line]
        self.lines += 1
        self.words += len(line.split())
        self.length += len(line) + 1


def looks_like_heading(text: str, *, label_words: int = 9) -> bool:
    """Return True for a short title-like line: `What is Allyship?`, `ALLY TYPES`, `Ally for Altruism`."""
    t = text.strip().strip("*").strip()
    if not t or len(t) > 90 or not (t[0].isupper() or t[0].isdigit()):
        return False
    words = t.split()
    if any(mark in t[:-1] for mark in (",", ". ", ";")) or t.endswith((".", ",", ";", "-")):
        return False
    if t.endswith(":"):
        return len(words) <= label_words
    if len(words) > 9:
        return False
    if t.endswith("?") or (t.isupper() and len(t) > 2):
        return True
    significant = [w for w in words if len(w.strip("()-–'’")) >= 4]
    capital = [w for w in significant if w[0].isupper()]
    return bool(significant) and len(capital) / len(significant) >= 0.75


def stands_alone(text: str, width: int) -> bool:
    """Return True for a short line that does not run on: capitalised, no closing punctuation.

    Such a line, well short of the document's usual line `width`, followed by a
    capitalised line is a heading (or a label) above it, not the start of a
    sentence the next line carries on.
    """
    return short_title(text) and len(text.strip()) <= SHORT * width


def short_title(text: str) -> bool:
    """Return True for a line that reads as a title: a few words, capitalised, no closing punctuation."""
    t = text.strip().strip("*").strip()
    words = t.split()
    return (
        bool(words)
        and len(words) <= NUMBERED_HEADING_WORDS
        and len(t) <= 70
        and t[0].isupper()
        and not t.endswith((".", ",", ";", ":", "!", "-", "–", "/"))
        and "," not in t
        and words[-1].lower() not in FUNCTION_WORDS
    )


def read_blocks(text: str, notes: list[str]) -> tuple[list[Block], bool]:
    """Return the document's blocks, and whether it is written one paragraph per line."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\ufeff", "")
    lines = [line.rstrip() for line in raw.split("\n")]
    nonblank = [line for line in lines if line.strip()]
    blank_separated = sum(1 for line in lines if not line.strip()) >= 0.15 * max(1, len(nonblank))
    widest = max((len(line) for line in nonblank), default=0)
    long_lines = sum(1 for line in nonblank if len(line) >= 0.6 * widest)
    wrapped = widest <= 120 and long_lines >= 0.6 * len(nonblank)
    mode = "blank" if blank_separated else "wrapped" if wrapped else "lines"
    lengths = sorted(len(line.strip()) for line in nonblank)
    width = lengths[3 * len(lengths) // 4] if lengths else 0  # most lines are this long or shorter
    return _Reader(lines, mode, width, notes).read(), mode == "lines"


class _Reader:
    """One pass over the lines, building blocks."""

    def __init__(self, lines: list[str], mode: str, width: int, notes: list[str]) -> None:
        self.lines = lines
        self.mode = mode
        self.width = width
        self.notes = notes
        self.blocks: list[Block] = []
        self.pending: Block | None = None  # a bullet still taking the lines after it

    def read(self) -> list[Block]:
        after_blank = True
        previous = ""  # the last non-blank line
        for i, line in enumerate(self.lines):
            if not line.strip():
                after_blank = True
                if self.pending is not None and self.pending.pieces:
                    self.pending = None
                continue
            if RULE.match(line):
                self.pending = None
                after_blank = True
                previous = ""
                continue
            heading = MD_HEADING.match(line)
            bullet = BULLET.match(line)
            if heading:
                self.pending = None
                self.blocks.append(Block.of("heading", heading.group(2), i + 1, len(heading.group(1))))
                after_blank = True
            elif bullet and self._numbered_heading(bullet, previous, i):
                self.pending = None
                self.blocks.append(Block.of("heading", bullet.group(3) or "", i + 1, 2))
                after_blank = True
            elif bullet:
                indent = len(bullet.group(1).expandtabs(4))
                self.pending = Block.of("bullet", bullet.group(3) or "", i + 1, indent)
                self.blocks.append(self.pending)
                after_blank = False
            else:
                self._text(i + 1, line, after_blank)
                after_blank = False
            previous = line
        return [b for b in self.blocks if b.pieces or b.kind != "bullet"]

    def _numbered_heading(self, bullet: re.Match[str], previous: str, i: int) -> bool:
        """A short numbered line between sentences: `1. Greeting at the desk`, then its text."""
        text = (bullet.group(3) or "").strip()
        if not bullet.group(2)[0].isdigit() or not stands_alone(text, self.width) or BULLET.match(previous):
            return False
        following = next((line for line in self.lines[i + 1 : i + 3] if line.strip()), "")
        return bool(following) and not BULLET.match(following) and following.strip()[:1].isupper()

    def _text(self, line_no: int, content: str, after_blank: bool) -> None:
        content = content.strip()
        pending = self.pending
        if pending is not None:
            if pending.pieces and not self._continues(pending, content):
                self.pending = None
            else:
                pending.add(content, self.notes)
                return
        last = self.blocks[-1] if self.blocks else None
        if last is not None and last.kind in ("para", "bullet") and content[:1].islower():
            last.add(content, self.notes)  # a sentence broken over a line (or a blank line)
            return
        if last is not None and last.kind == "para" and not after_blank and self._continues(last, content):
            last.add(content, self.notes)
            return
        self.blocks.append(Block.of("para", content, line_no))

    def _continues(self, block: Block, line: str) -> bool:
        """Return True when `line` carries on the text of `block` (a hard line break, not a new paragraph)."""
        tail = block.tail.rstrip()
        if line[:1].islower():
            return True
        if self.mode == "lines":  # one paragraph per line: only a lowercase start carries on
            return False
        last_word = tail.split()[-1].lower() if tail.split() else ""
        if last_word in FUNCTION_WORDS:
            return True
        if block.lines == 1 and (looks_like_heading(tail) or stands_alone(tail, self.width)):
            return False
        if tail.endswith(":") and block.words <= 14:
            return False
        if looks_like_heading(line) and len(line.split()) <= 6:
            return False
        if self.mode == "blank":
            return True
        return not tail.endswith((".", "!", "?", ":", ";", "”", '"')) and block.length < 100
