"""`facilitator import`: a primer document (Markdown or plain text, or text from a PDF) as library YAML.

Reading the document is two steps: `import_blocks` turns its lines into
headings, bullets and paragraphs (mending text extracted from PDFs), and
`import_sections` turns those into sections and points, keeping the words as
written. This module writes one library file per section and says what it made.

Fields the document cannot supply (summary, takeaway, how to introduce it) are
filled honestly and marked with `REVIEW_MARK`, so that `facilitator validate`
warns about every imported item still to review.

Writing never loses anyone's work: an existing file is replaced only with
`force` (the message names every file that would be), a link is never
written through (the `primer/` folder and the files must be real ones inside
the output folder), and nothing is written unless every file can be.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from pathlib import Path
from typing import Any

import yaml

from facilitator.authoring.import_sections import Imported, Point, Section, clean_title, parse
from facilitator.errors import FacilitatorError, display_path, file_error
from facilitator.workshop.review import REVIEW_MARK
from facilitator.workshop.source import MAX_TEXT_CHARS, read_text

__all__ = ["REVIEW_MARK", "Imported", "Point", "Section", "import_primer", "parse", "report", "section_data"]

DEFAULT_MINUTES = 10
TEXT_SUFFIXES = ("", ".md", ".markdown", ".txt", ".text")
# Documents import cannot read, and the command that makes text of them.
CONVERT = {
    ".pdf": "pdftotext {name} {stem}.txt  (poppler-utils)",
    ".docx": "pandoc {name} -t markdown -o {stem}.md",
    ".odt": "pandoc {name} -t markdown -o {stem}.md",
    ".doc": "soffice --headless --convert-to txt {name}",
    ".rtf": "pandoc {name} -t markdown -o {stem}.md",
    ".html": "pandoc {name} -t markdown -o {stem}.md",
    ".htm": "pandoc {name} -t markdown -o {stem}.md",
}
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter where PyYAML has it: ~5x faster
NOTES_SHOWN = 10  # notes of one kind (joined words, say) shown before "and N more"


def slugify(text: str) -> str:
    """Return a library id made from a title."""
    words = re.sub(r"[^a-z0-9]+", " ", clean_title(text).lower()).split()
    slug = ""
    for word in words:
        if slug and len(slug) + 1 + len(word) > 60:
            break
        slug = f"{slug}-{word}" if slug else word[:60]
    return slug or "imported"


def section_data(section: Section, section_id: str, source: Path, title: str | None = None) -> dict[str, Any]:
    """Return one section as primer YAML data; generated texts carry REVIEW_MARK.

    A section without a source of its own credits the document: by its `title` when it has one
    (its level-1 heading), else by its file name.
    """
    name = source.name
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
        "takeaway": f"{REVIEW_MARK} Imported from {name}; write the one line the room should leave with.",
        "points": points,
        "facilitator_notes": {
            "introduce": f"{REVIEW_MARK} Imported from {name}; write how you will introduce this section.",
        },
        "sources": section.sources or [{"title": title or name}],  # the document itself
    }


def _check_type(path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return
    how = CONVERT.get(suffix)
    if how:
        command = how.format(name=path.name, stem=path.stem)
        message = (
            f"import reads text, not {suffix} files; make a text copy first: {command}, then import that"
        )
    else:
        message = "import reads Markdown (.md) or plain text (.txt)"
    raise file_error(path, message, "import.type")


def _check_lengths(path: Path, result: Imported) -> None:
    """Refuse a point or summary too long for a library file (each value is capped on reading)."""
    for section in result.sections:
        for point in section.points:
            if len(point.text) > MAX_TEXT_CHARS:
                raise file_error(
                    path,
                    f"the text starting here is {len(point.text):,} characters once its lines are joined; "
                    f"a library text may be at most {MAX_TEXT_CHARS:,}: break it into paragraphs or bullets",
                    "import.too-long",
                    line=point.line,
                )


def _ids(sections: list[Section]) -> list[str]:
    used: set[str] = set()
    ids = []
    for section in sections:
        base = slugify(section.title)
        section_id, n = base, 1
        while section_id in used:
            n += 1
            section_id = f"{base}-{n}"
        used.add(section_id)
        ids.append(section_id)
    return ids


def _refused(path: Path, why: str) -> FacilitatorError:
    return file_error(path, why, "import.link")


def _open_primer_folder(out: Path) -> int:
    """Return a descriptor of `out/primer/`, made if needed; refuse a link or anything not a folder.

    `out` itself is the folder the user named (it may be a link they made); what import makes
    inside it, it makes itself, so a link there was put by someone else.
    """
    out.mkdir(parents=True, exist_ok=True)
    out_fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        with contextlib.suppress(FileExistsError):
            os.mkdir("primer", 0o777, dir_fd=out_fd)
        try:
            return os.open("primer", os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=out_fd)
        except OSError:
            link = stat.S_ISLNK(os.lstat("primer", dir_fd=out_fd).st_mode)
            what = "a link" if link else "not a folder"
            raise _refused(
                out / "primer", f"is {what}; import writes only into a real primer/ folder: move it away"
            ) from None
    finally:
        os.close(out_fd)


def _check_targets(folder_fd: int, folder: Path, names: list[str], force: bool) -> None:
    """Refuse links among the targets, and existing files unless `force`; name them all."""
    links, existing = [], []
    for name in names:
        try:
            info = os.lstat(name, dir_fd=folder_fd)
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISREG(info.st_mode):
            links.append(display_path(folder / name))
        else:
            existing.append(display_path(folder / name))
    if links:
        what = "is a link or not a file" if len(links) == 1 else "are links or not files"
        them = "it" if len(links) == 1 else "them"
        raise _refused(
            folder, f"{', '.join(links)} {what}; import never writes through a link: remove {them} first"
        )
    if existing and not force:
        raise file_error(
            folder,
            f"would replace {', '.join(existing)}; move them away, import into another --out, "
            "or add --force to overwrite them",
            "import.exists",
        )


def _write(folder_fd: int, files: list[tuple[str, str]]) -> None:
    """Write each (name, text) into the folder: temporary files first, renamed into place at the end."""
    staged: list[tuple[str, str]] = []
    mask = os.umask(0)
    os.umask(mask)
    try:
        for name, text in files:
            tmp = f".{name}.{secrets.token_hex(4)}.tmp"
            fd = os.open(
                tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666 & ~mask, dir_fd=folder_fd
            )
            staged.append((tmp, name))
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
        for tmp, name in staged:  # a rename replaces the entry itself, never what it points to
            os.rename(tmp, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
        staged = []
    finally:
        for tmp, _name in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp, dir_fd=folder_fd)


def import_primer(path: Path | str, out: Path | str = "library", *, force: bool = False) -> Imported:
    """Import the primer document at `path` into `out/primer/<id>.yaml`, one file per section.

    Existing files are replaced only with `force`; links are never written through.
    """
    path = Path(path)
    _check_type(path)
    text = read_text(path)
    result = parse(text, path)
    if not result.sections:
        raise file_error(path, "found no headings, lists or paragraphs to import", "import.empty")
    _check_lengths(path, result)
    ids = _ids(result.sections)
    header = f"# Imported from {path.name} by `facilitator import`; review the texts marked {REVIEW_MARK}.\n"
    files = [
        (
            f"{section_id}.yaml",
            header + yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100),
        )
        for section_id, data in (
            (i, section_data(s, i, path, result.title)) for i, s in zip(ids, result.sections, strict=True)
        )
    ]
    folder = Path(out) / "primer"
    folder_fd = _open_primer_folder(Path(out))
    try:
        _check_targets(folder_fd, folder, [name for name, _text in files], force)
        _write(folder_fd, files)
    finally:
        os.close(folder_fd)
    result.files = [folder / name for name, _text in files]
    return result


def _grouped(notes: list[str]) -> list[str]:
    """Return the notes once each, with long runs of one kind (joined words) cut short."""
    unique = list(dict.fromkeys(notes))
    joined = [n for n in unique if n.startswith("joined ")]
    others = [n for n in unique if not n.startswith("joined ")]
    if len(joined) > NOTES_SHOWN:
        joined = [
            *joined[:NOTES_SHOWN],
            f"and {len(joined) - NOTES_SHOWN} more words joined across line breaks",
        ]
    return joined + others


def counted(number: int, noun: str) -> str:
    """Return `1 point`, `3 points`: a count with its noun in the right number."""
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"


def report(result: Imported) -> list[str]:
    """Return the lines `facilitator import` prints: what was made and what it was unsure about."""
    lines = [
        f"imported {display_path(result.source)}: {counted(len(result.sections), 'section')}, "
        f"{counted(result.point_count, 'point')}"
    ]
    for section, path in zip(result.sections, result.files, strict=False):
        lines.append(f"  {display_path(path)}: {section.title} ({counted(len(section.points), 'point')})")
    for note in _grouped(result.notes):
        lines.append(f"  unsure: {note}")
    lines.append(
        f"  generated texts are marked {REVIEW_MARK}; `facilitator validate` warns until they are rewritten"
    )
    return lines
