"""Import a primer document (Markdown or plain text, including text extracted from a PDF) as library YAML.

Headings become primer sections; bullets, numbered items and paragraphs become
points; a bold lead-in (`**We listen more:** …`), a `Heading:` line or a
`Word – text` lead-in becomes a point's heading; an italic line right after a
heading, or the text after `Heading:` on a heading line, becomes the summary;
links and URLs become sources.

Text from PDFs is mended: lines broken mid-sentence are joined, a word split
with a hyphen across lines is put back together, a bullet written as a lone
`-` takes the text on the lines after it, and short title-like lines are read
as headings. The words themselves are kept as written: the document is the
user's own material.

Fields the document cannot supply are filled honestly and marked with
`REVIEW_MARK`, so that `facilitator validate` warns about every imported item
still to review (see `review_warning`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from facilitator.errors import display_path, file_error
from facilitator.workshop.review import REVIEW_MARK
from facilitator.workshop.source import read_text

DEFAULT_MINUTES = 10
_BULLET = re.compile(r"^(\s*)([-*•●▪◦‣]|\d{1,2}[.)])(?:\s+(.*))?$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_BOLD_LEAD = re.compile(r"^\*\*(.+?)\*\*\s*(.*)$", re.DOTALL)
_DASH_LEAD = re.compile(r"^([A-Z][A-Za-z'’/& ]{1,40}?)\s?[-–]\s+(\S.*)$", re.DOTALL)
_COLON_LEAD = re.compile(r"^([A-Z][^:.,;]{1,60}):\s+(\S.*)$", re.DOTALL)
_MD_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_URL = re.compile(r"<?((?:https?://|www\.)[^\s<>)\]]+[^\s<>)\].,;:])>?")
_ITALIC = re.compile(r"^(?:\*([^*].*?)\*|_([^_].*?)_)$", re.DOTALL)
_FUNCTION_WORDS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "from",
    "in",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
}


@dataclass
class Point:
    """One imported point."""

    text: str
    heading: str | None = None


@dataclass
class Section:
    """One imported section, before it is written as YAML."""

    title: str
    line: int
    summary: str | None = None
    points: list[Point] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Imported:
    """What an import produced: the sections, the files written and what it was unsure about."""

    source: Path
    title: str | None
    sections: list[Section]
    notes: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def point_count(self) -> int:
        """Return the number of points over all sections."""
        return sum(len(s.points) for s in self.sections)


# ---------------------------------------------------------------------------
# Reading lines into blocks


@dataclass
class _Block:
    kind: str  # heading | bullet | para | rule
    text: str
    line: int
    level: int = 0  # heading level, or bullet indent
    lines: int = 1  # source lines joined into this block


def _looks_like_heading(text: str, *, label_words: int = 9) -> bool:
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


def _join(a: str, b: str, notes: list[str]) -> str:
    a, b = a.rstrip(), b.strip()
    if re.search(r"[a-z]-$", a) and b[:1].islower():
        word = re.search(r"(\S+)-$", a)
        notes.append(f"joined '{word.group(1) if word else ''}-' + '{b.split()[0]}' across a line break")
        return a[:-1] + b
    if a.endswith("/"):
        return a + b
    return f"{a} {b}"


def _blocks(text: str, notes: list[str]) -> tuple[list[_Block], bool]:
    """Return the document's blocks, and whether it is written one paragraph per line."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\ufeff", "")
    lines = [line.rstrip() for line in raw.split("\n")]
    nonblank = [line for line in lines if line.strip()]
    blank_separated = sum(1 for line in lines if not line.strip()) >= 0.15 * max(1, len(nonblank))
    widest = max((len(line) for line in nonblank), default=0)
    wrapped = widest <= 120 and sum(1 for line in nonblank if len(line) >= 0.6 * widest) >= 0.6 * len(
        nonblank
    )
    mode = "blank" if blank_separated else "wrapped" if wrapped else "lines"
    blocks: list[_Block] = []
    i = 0
    pending_bullet: _Block | None = None  # a lone `-` waiting for its text

    def add_text(line_no: int, content: str, after_blank: bool) -> None:
        nonlocal pending_bullet
        content = content.strip()
        if pending_bullet is not None:
            if pending_bullet.text and not _continues(pending_bullet, content, mode):
                pending_bullet = None
            else:
                pending_bullet.text = (
                    _join(pending_bullet.text, content, notes) if pending_bullet.text else content
                )
                pending_bullet.lines += 1
                return
        last = blocks[-1] if blocks else None
        if last is not None and last.kind in ("para", "bullet") and content[:1].islower():
            last.text = _join(last.text, content, notes)  # a sentence broken over a line (or a blank line)
            last.lines += 1
            return
        if last is not None and last.kind == "para" and not after_blank and _continues(last, content, mode):
            last.text = _join(last.text, content, notes)
            last.lines += 1
            return
        blocks.append(_Block("para", content, line_no))

    after_blank = True
    while i < len(lines):
        line = lines[i]
        line_no = i + 1
        i += 1
        if not line.strip():
            after_blank = True
            if pending_bullet is not None and pending_bullet.text:
                pending_bullet = None
            continue
        if _RULE.match(line):
            pending_bullet = None
            after_blank = True
            continue
        heading = _MD_HEADING.match(line)
        if heading:
            pending_bullet = None
            blocks.append(_Block("heading", heading.group(2).strip(), line_no, len(heading.group(1))))
            after_blank = True
            continue
        bullet = _BULLET.match(line)
        if bullet:
            indent = len(bullet.group(1).expandtabs(4))
            content = (bullet.group(3) or "").strip()
            pending_bullet = _Block("bullet", content, line_no, indent)
            blocks.append(pending_bullet)
            after_blank = False
            continue
        add_text(line_no, line, after_blank)
        after_blank = False
    return [b for b in blocks if b.text or b.kind != "bullet"], mode == "lines"


def _continues(block: _Block, line: str, mode: str) -> bool:
    """Return True when `line` carries on the text of `block` (a hard line break, not a new paragraph)."""
    a = block.text.rstrip()
    if line[:1].islower():
        return True
    if mode == "lines":  # one paragraph per line: only a lowercase start carries on
        return False
    last_word = a.split()[-1].lower() if a.split() else ""
    if last_word in _FUNCTION_WORDS:
        return True
    if block.lines == 1 and _looks_like_heading(a):
        return False
    if a.endswith(":") and len(a.split()) <= 14:
        return False
    if _looks_like_heading(line) and len(line.split()) <= 6:
        return False
    if mode == "blank":
        return True
    return not a.endswith((".", "!", "?", ":", ";", "”", '"')) and len(a) < 100


# ---------------------------------------------------------------------------
# Blocks into sections


def _strip_md(text: str) -> str:
    text = text.strip()
    while text.startswith("**") and text.endswith("**") and len(text) > 4:
        text = text[2:-2].strip()
    return text


def _clean_title(text: str) -> str:
    return _strip_md(text).rstrip(":").strip()


def _split_lead(text: str) -> Point:
    """Return a point, taking a bold, `Word –` or `Heading:` lead-in as its heading."""
    bold = _BOLD_LEAD.match(text)
    if bold and bold.group(2).strip():
        heading = bold.group(1).strip().rstrip(":,;.").strip()
        rest = bold.group(2).strip().lstrip(":").strip()
        if heading and rest:
            return Point(rest, heading)
    dash = _DASH_LEAD.match(text)
    if dash and len(dash.group(1).split()) <= 5:
        return Point(dash.group(2).strip(), dash.group(1).strip())
    return Point(text)


def _links(text: str, label: str | None = None) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    for title, url in _MD_LINK.findall(text):
        found.append({"title": title.strip(), "url": url})
    rest = _MD_LINK.sub(" ", text)
    for match in _URL.finditer(rest):
        url = match.group(1)
        if url.startswith("www."):
            url = "https://" + url
        before = rest[: match.start()].strip().rstrip(":").strip()
        title = before if 0 < len(before) <= 80 and "\n" not in before else (label or url.split("/")[2])
        found.append({"title": title, "url": url})
    return found


def _is_link_line(text: str) -> bool:
    return bool(_URL.search(text) or _MD_LINK.search(text)) and len(_URL.sub("", text).split()) <= 10


def parse(text: str, source: Path) -> Imported:
    """Read a primer document into sections and points, without writing anything."""
    notes: list[str] = []
    blocks, one_per_line = _blocks(text, notes)
    sections: list[Section] = []
    doc_sources: list[dict[str, str]] = []
    doc_title: str | None = None
    current: Section | None = None
    label: str | None = None  # a `Heading:` line waiting for its text
    previous: _Block | None = None

    def start(title: str, line: int) -> Section:
        section = Section(title, line)
        sections.append(section)
        return section

    for n, block in enumerate(blocks):
        following = blocks[n + 1] if n + 1 < len(blocks) else None
        if block.kind == "heading":
            title = _clean_title(block.text)
            if block.level == 1 and doc_title is None and (following is None or following.kind == "heading"):
                doc_title = title
            else:
                current = start(title, block.line)
            label = None
        elif block.kind == "bullet":
            if current is None:
                current = start(doc_title or "", block.line)
            text = block.text
            if block.level >= 2 and current.points and previous is not None and previous.kind == "bullet":
                current.points[-1].text = f"{current.points[-1].text} {text}"
            elif label is not None:
                current.points.append(Point(text, label))
                label = None
            else:
                point = _heading_then_text(text)
                if point.heading and not point.text:
                    label = point.heading
                else:
                    current.points.append(point)
        else:  # para
            text = block.text
            colon = _COLON_LEAD.match(text)
            if _is_link_line(text):
                links = _links(text, label or (current.title if current else None))
                if current is not None and not current.points and current.summary is None and label is None:
                    doc_sources += links  # a heading such as "Resources:" whose content is links
                    sections.remove(current)
                    notes.append(f"'{current.title}' holds only links: used them as sources of every section")
                    current = None
                elif label is not None or current is None:
                    doc_sources += links
                    label = None
                else:
                    doc_sources += links
                continue
            if (
                _looks_like_heading(text, label_words=14)
                and block.lines <= 2
                and _heading_position(following)
            ):
                if (
                    text.rstrip().endswith(":")
                    and following is not None
                    and following.kind == "para"
                    and not _looks_like_heading(following.text)
                ):
                    label = _clean_title(text)
                    if current is None:
                        current = start(doc_title or "", block.line)
                    continue
                current = start(_clean_title(text), block.line)
                label = None
                if doc_title is None and len(sections) == 1:
                    doc_title = current.title
                continue
            if (
                colon
                and following is not None
                and following.kind == "bullet"
                and len(colon.group(1).split()) <= 6
            ):
                current = start(colon.group(1).strip(), block.line)
                current.summary = colon.group(2).strip()
                continue
            italic = _ITALIC.match(text)
            if (
                italic
                and current is not None
                and not current.points
                and current.summary is None
                and previous is not None
                and previous.kind == "heading"
            ):
                current.summary = (italic.group(1) or italic.group(2)).strip()
                continue
            if current is None:
                current = start(doc_title or "", block.line)
            if label is not None:
                current.points.append(Point(text, label))
                label = None
            elif one_per_line and _is_statement(block, following):
                label = text.rstrip(".").strip()  # a short statement, explained on the next line
            else:
                current.points.append(_split_lead(text))
        previous = block

    kept = []
    for section in sections:
        if not section.points:
            notes.append(
                f"heading '{section.title}' (line {section.line}) has no text under it; left out "
                "(PDF text sometimes puts a heading after its text)"
            )
            continue
        kept.append(section)
    if len(kept) == 1 and not kept[0].title:
        kept[0].title = doc_title or source.stem.replace("_", " ").replace("-", " ")
        notes.append(
            f"no headings found: all {len(kept[0].points)} points went into one section, titled "
            f"'{kept[0].title}'; give it a better title"
        )
    for section in kept:
        if not section.title:
            section.title = doc_title or source.stem
        for point in section.points:
            section.sources += [s for s in _links(point.text) if s not in section.sources]
        section.sources += [s for s in doc_sources if s not in section.sources]
        if len(section.points) == 1:
            notes.append(
                f"section '{section.title}' has a single point; check whether it belongs to a neighbour"
            )
    return Imported(source, doc_title, kept, notes)


def _is_statement(block: _Block, following: _Block | None) -> bool:
    """Return True for a short statement line followed by a longer explanation (`We listen more.`)."""
    words = block.text.split()
    return (
        block.lines == 1
        and 3 <= len(words) <= 12
        and block.text.endswith(".")
        and following is not None
        and following.kind == "para"
        and len(following.text.split()) > 12
    )


def _heading_then_text(text: str) -> Point:
    """Split a bullet's text into heading and text: bold lead-in, or a `Heading:` first line."""
    stripped = text.strip()
    if stripped.endswith(":") and _looks_like_heading(stripped):
        return Point("", _clean_title(stripped))
    colon_line = re.match(r"^([A-Z][^:\n]{1,70}):\s+(\S.*)$", stripped, re.DOTALL)
    point = _split_lead(stripped)
    if point.heading:
        return point
    if colon_line and _looks_like_heading(colon_line.group(1) + ":"):
        return Point(colon_line.group(2).strip(), colon_line.group(1).strip())
    return point


def _heading_position(following: _Block | None) -> bool:
    """Return True when what follows a title-like line lets it be a heading (not the last line of a list)."""
    return following is None or following.kind in ("para", "bullet", "heading")


# ---------------------------------------------------------------------------
# Writing library YAML


def slugify(text: str) -> str:
    """Return a library id made from a title."""
    words = re.sub(r"[^a-z0-9]+", " ", _strip_md(text).lower()).split()
    slug = ""
    for word in words:
        if slug and len(slug) + 1 + len(word) > 60:
            break
        slug = f"{slug}-{word}" if slug else word[:60]
    return slug or "imported"


def section_data(section: Section, section_id: str, source: Path) -> dict[str, Any]:
    """Return one section as primer YAML data; generated texts carry REVIEW_MARK."""
    name = source.name
    first = section.points[0]
    points = []
    for point in section.points:
        entry: dict[str, str] = {}
        if point.heading:
            entry["heading"] = point.heading
        entry["text"] = point.text or point.heading or ""
        points.append(entry)
    return {
        "id": section_id,
        "title": section.title,
        "summary": section.summary
        or f"{REVIEW_MARK} Imported from {name}; write one or two sentences on this section.",
        "minutes": DEFAULT_MINUTES,
        "takeaway": first.heading or first.text,
        "points": points,
        "facilitator_notes": {
            "introduce": f"{REVIEW_MARK} Imported from {name}; write how you will introduce this section.",
        },
        "sources": section.sources or [{"title": name}],  # the document itself
    }


def import_primer(path: Path | str, out: Path | str = "library") -> Imported:
    """Import the primer document at `path` into `out/primer/<id>.yaml`, one file per section."""
    path = Path(path)
    if path.suffix.lower() not in ("", ".md", ".markdown", ".txt", ".text"):
        raise file_error(path, "import reads Markdown (.md) or plain text (.txt)", "import.type")
    text = read_text(path)
    result = parse(text, path)
    if not result.sections:
        raise file_error(path, "found no headings, lists or paragraphs to import", "import.empty")
    folder = Path(out) / "primer"
    folder.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    for section in result.sections:
        base = slugify(section.title)
        section_id, n = base, 1
        while section_id in used:
            n += 1
            section_id = f"{base}-{n}"
        used.add(section_id)
        data = section_data(section, section_id, path)
        target = folder / f"{section_id}.yaml"
        header = (
            f"# Imported from {path.name} by `facilitator import`; review the texts marked {REVIEW_MARK}.\n"
        )
        target.write_text(
            header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
        )
        result.files.append(target)
    return result


def report(result: Imported) -> list[str]:
    """Return the lines `facilitator import` prints: what was made and what it was unsure about."""
    lines = [
        f"imported {display_path(result.source)}: {len(result.sections)} section(s), "
        f"{result.point_count} point(s)"
    ]
    for section, path in zip(result.sections, result.files, strict=False):
        lines.append(f"  {display_path(path)}: {section.title} ({len(section.points)} points)")
    for note in dict.fromkeys(result.notes):
        lines.append(f"  unsure: {note}")
    lines.append(
        f"  generated texts are marked {REVIEW_MARK}; `facilitator validate` warns until they are rewritten"
    )
    return lines
