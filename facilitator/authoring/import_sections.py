"""Blocks into primer sections and points (step 2 of `import`), keeping the words as written.

A document's first level-1 heading is its title, not a section. Other headings
(and title-like lines in text from PDFs) start sections; bullets, numbered
items and paragraphs become points. A bold lead-in (`**We listen more.** …`),
a `Word – text` lead-in or a `Heading:` line becomes a point's heading when the
text after it is a sentence of its own (it starts with a capital); a lead-in
that runs on into a lowercase sentence stays part of the text, bold and all,
so the point reads as the author wrote it. An italic line right after a
heading, or the text after `Heading:` on a heading line, becomes the summary.
Links and URLs become sources of the section they stand in; links before the
first section, or in a section that holds nothing else ("Further reading"),
become sources of every section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from facilitator.authoring.import_blocks import Block, looks_like_heading, read_blocks, short_title

_BOLD_LEAD = re.compile(r"^\*\*(.+?)\*\*\s*(.*)$", re.DOTALL)
_DASH_LEAD = re.compile(r"^([A-Z][A-Za-z'’/& ]{1,40}?)\s?[-–]\s+(\S.*)$", re.DOTALL)
_COLON_LEAD = re.compile(r"^([A-Z][^:.,;]{1,60}):\s+(\S.*)$", re.DOTALL)
_COLON_LINE = re.compile(r"^([A-Z][^:\n]{1,70}):\s+(\S.*)$", re.DOTALL)
_MD_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_URL = re.compile(r"<?((?:https?://|www\.)[^\s<>)\]]+[^\s<>)\].,;:])>?")
_ITALIC = re.compile(r"^(?:\*([^*].*?)\*|_([^_].*?)_)$", re.DOTALL)


@dataclass
class Point:
    """One imported point."""

    text: str
    heading: str | None = None
    line: int = 0


@dataclass
class Section:
    """One imported section, before it is written as YAML."""

    title: str
    line: int
    summary: str | None = None
    points: list[Point] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)  # link lines found under it
    intro: bool = False  # the text between the document's title and its first heading


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


def _strip_md(text: str) -> str:
    text = text.strip()
    while text.startswith("**") and text.endswith("**") and len(text) > 4:
        text = text[2:-2].strip()
    return text


def clean_title(text: str) -> str:
    """Return a heading's text without bold marks or a closing colon."""
    return _strip_md(text).rstrip(":").strip()


def _runs_on(rest: str) -> bool:
    """Whether the text after a lead-in carries on its sentence (starts in lowercase)."""
    return rest[:1].islower()


def _split_lead(text: str, line: int) -> Point:
    """Return a point, taking a bold or `Word –` lead-in as its heading when a sentence follows it."""
    bold = _BOLD_LEAD.match(text)
    if bold and bold.group(2).strip():
        heading = bold.group(1).strip().rstrip(":,;.").strip()
        rest = bold.group(2).strip().lstrip(":").strip()
        if heading and rest and not _runs_on(rest):
            return Point(rest, heading, line)
        return Point(text, None, line)
    dash = _DASH_LEAD.match(text)
    if dash and len(dash.group(1).split()) <= 5 and not _runs_on(dash.group(2)):
        return Point(dash.group(2).strip(), dash.group(1).strip(), line)
    return Point(text, None, line)


def _heading_then_text(text: str, line: int) -> Point:
    """Split a bullet's text into heading and text: a lead-in, or a `Heading:` first line."""
    stripped = text.strip()
    if stripped.endswith(":") and looks_like_heading(stripped):
        return Point("", clean_title(stripped), line)
    point = _split_lead(stripped, line)
    if point.heading or point.text != stripped:
        return point
    colon_line = _COLON_LINE.match(stripped)
    if colon_line and looks_like_heading(colon_line.group(1) + ":") and not _runs_on(colon_line.group(2)):
        return Point(colon_line.group(2).strip(), colon_line.group(1).strip(), line)
    return point


def links_in(text: str, label: str | None = None) -> list[dict[str, str]]:
    """Return the Markdown links and bare URLs in `text` as sources (title and url)."""
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


def _is_statement(block: Block, following: Block | None) -> bool:
    """Return True for a short statement line followed by a longer explanation (`We listen more.`)."""
    return (
        block.lines == 1
        and 3 <= block.words <= 12
        and block.text.endswith(".")
        and following is not None
        and following.kind == "para"
        and following.words > 12
    )


def _heading_position(following: Block | None) -> bool:
    """Return True when what follows a title-like line lets it be a heading (not the last line of a list)."""
    return following is None or following.kind in ("para", "bullet", "heading")


def _unique(sources: list[dict[str, str]]) -> list[dict[str, str]]:
    return list({(s["title"], s.get("url")): s for s in reversed(sources)}.values())[::-1]


class _Parser:
    """One pass over the blocks, building sections."""

    def __init__(self, blocks: list[Block], one_per_line: bool, notes: list[str]) -> None:
        self.blocks = blocks
        self.one_per_line = one_per_line
        self.notes = notes
        self.sections: list[Section] = []
        self.doc_sources: list[dict[str, str]] = []
        self.doc_title: str | None = None
        self.current: Section | None = None
        self.label: str | None = None  # a `Heading:` line waiting for its text
        # One level-1 heading is the document's title; several are its parts (sections).
        self.one_title = sum(1 for b in blocks if b.kind == "heading" and b.level == 1) == 1

    def start(self, title: str, line: int, *, intro: bool = False) -> Section:
        self.current = Section(title, line, intro=intro)
        self.sections.append(self.current)
        return self.current

    def section(self, line: int) -> Section:
        """Return the section text goes into, starting one (the introduction) when there is none."""
        return self.current or self.start("", line, intro=self.doc_title is not None)

    def parse(self) -> None:
        previous: Block | None = None
        for n, block in enumerate(self.blocks):
            following = self.blocks[n + 1] if n + 1 < len(self.blocks) else None
            if block.kind == "heading":
                self.heading(block, following)
            elif block.kind == "bullet":
                self.bullet(block, previous)
            else:
                self.paragraph(block, previous, following)
            previous = block

    def heading(self, block: Block, following: Block | None) -> None:
        title = clean_title(block.text)
        first = block.level == 1 and self.doc_title is None and not self.sections
        if first and (self.one_title or following is None or following.kind == "heading"):
            self.doc_title = (
                title  # the document's title: what follows it, up to a heading, is its introduction
            )
            self.current = None
        else:
            self.start(title, block.line)
        self.label = None

    def bullet(self, block: Block, previous: Block | None) -> None:
        current = self.section(block.line)
        text = block.text
        if block.level >= 2 and current.points and previous is not None and previous.kind == "bullet":
            current.points[-1].text = f"{current.points[-1].text} {text}"
        elif self.label is not None:
            current.points.append(Point(text, self.label, block.line))
            self.label = None
        else:
            point = _heading_then_text(text, block.line)
            if point.heading and not point.text:
                self.label = point.heading
            else:
                current.points.append(point)

    def paragraph(self, block: Block, previous: Block | None, following: Block | None) -> None:
        text = block.text
        if previous is None and following is not None and following.kind == "heading" and short_title(text):
            self.doc_title = clean_title(text)  # a title line above the first heading
            return
        if _is_link_line(text):
            where = self.current.links if self.current is not None else self.doc_sources
            where += links_in(text, self.label or (self.current.title if self.current else None))
            self.label = None
            return
        if looks_like_heading(text, label_words=14) and block.lines <= 2 and _heading_position(following):
            if (
                text.rstrip().endswith(":")
                and following is not None
                and following.kind == "para"
                and not looks_like_heading(following.text)
            ):
                self.label = clean_title(text)
                self.section(block.line)
                return
            self.start(clean_title(text), block.line)
            self.label = None
            if self.doc_title is None and len(self.sections) == 1:
                self.doc_title = self.sections[0].title
            return
        colon = _COLON_LEAD.match(text)
        if (
            colon
            and following is not None
            and following.kind == "bullet"
            and len(colon.group(1).split()) <= 6
        ):
            self.start(colon.group(1).strip(), block.line).summary = colon.group(2).strip()
            return
        italic = _ITALIC.match(text)
        current = self.current
        if (
            italic
            and current is not None
            and not current.points
            and current.summary is None
            and previous is not None
            and previous.kind == "heading"
        ):
            current.summary = (italic.group(1) or italic.group(2)).strip()
            return
        current = self.section(block.line)
        if self.label is not None:
            current.points.append(Point(text, self.label, block.line))
            self.label = None
        elif self.one_per_line and _is_statement(block, following):
            self.label = text.rstrip(".").strip()  # a short statement, explained on the next line
        else:
            current.points.append(_split_lead(text, block.line))

    def finish(self, source: Path) -> list[Section]:
        """Return the sections worth writing, with their sources; note what was left out and why."""
        titled = [s for s in self.sections if s.points and not s.intro]
        kept = []
        for section in self.sections:
            if section.intro and titled:
                self.notes.append(
                    f"the text under the title '{self.doc_title}' (line {section.line}) introduces the "
                    "document; left out (copy it into a section if you need it)"
                )
                self.doc_sources += section.links
            elif not section.points and section.links:
                self.doc_sources += section.links
                self.notes.append(
                    f"'{section.title}' holds only links: used them as sources of every section"
                )
            elif not section.points:
                self.notes.append(
                    f"heading '{section.title}' (line {section.line}) has no text under it; left out "
                    "(PDF text sometimes puts a heading after its text)"
                )
            else:
                kept.append(section)
        if len(kept) == 1 and not kept[0].title:
            kept[0].title = self.doc_title or source.stem.replace("_", " ").replace("-", " ")
            self.notes.append(
                f"no headings found: {_all_points(len(kept[0].points))} into one section, titled "
                f"'{kept[0].title}'; give it a better title"
            )
        for section in kept:
            if not section.title:
                section.title = self.doc_title or source.stem
            found = [link for point in section.points for link in links_in(point.text)]
            section.sources = _unique(section.links + found + self.doc_sources)
            if len(section.points) == 1:
                self.notes.append(
                    f"section '{section.title}' has a single point; check whether it belongs to a neighbour"
                )
        return kept


def parse(text: str, source: Path) -> Imported:
    """Read a primer document into sections and points, without writing anything."""
    notes: list[str] = []
    blocks, one_per_line = read_blocks(text, notes)
    parser = _Parser(blocks, one_per_line, notes)
    parser.parse()
    sections = parser.finish(source)
    return Imported(source, parser.doc_title, sections, notes)


def _all_points(count: int) -> str:
    return "the one point went" if count == 1 else f"all {count:,} points went"
