"""Read a YAML file into plain data plus the line and column of every key and value.

The loader is defensive because workshop files travel between organisations:
it caps the file size, nesting depth, number of values and length of any one text, refuses
aliases (the "billion laughs" bomb), language-specific tags and duplicate keys,
and reads YAML 1.2-style scalars (`no` stays the text "no", `10:30` stays a
clock time, dates stay text for the schema to check).
"""

from __future__ import annotations

import dataclasses
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml

from facilitator.errors import Diagnostic, FacilitatorError, display_path
from facilitator.workshop.yaml_hints import hint

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_TEXT_CHARS = 20_000
# Keys, items and texts together: a day-long workshop of 1,440 one-minute segments, each with
# notes, prompts and materials, holds about 30,000; composing 100,000 takes about a second.
MAX_NODES = 100_000

Loc = tuple[str | int, ...]

_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
    "!",
}
_TRUE, _FALSE = {"true", "True", "TRUE"}, {"false", "False", "FALSE"}
# Characters that XML 1.0 (and so .pptx and .docx) cannot hold, reachable through "\x07" escapes.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

try:  # libyaml is much faster; the depth check below keeps its recursive composer safe.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_SCALARS = yaml.constructor.SafeConstructor()


def format_loc(loc: Loc) -> str:
    """Return a key path as written in messages: `agenda[3].minutes`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class SourceDoc:
    """A parsed YAML file: its data and where each key and value stands in the text."""

    path: Path
    data: Any
    value_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    @property
    def shown_path(self) -> str:
        """Return the path as messages show it (relative to the working directory)."""
        return display_path(self.path)

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Return (line, col) for `loc`, or of its nearest existing parent."""
        marks = self.key_marks if key else self.value_marks
        if loc in marks:
            return marks[loc]
        for end in range(len(loc) - 1, -1, -1):
            if loc[:end] in self.value_marks:
                return self.value_marks[loc[:end]]
        return (1, 1)

    def diagnostic(
        self, loc: Loc, message: str, code: str, *, severity: str = "error", key: bool = False
    ) -> Diagnostic:
        """Return a Diagnostic about the value (or, with `key=True`, the key) at `loc`."""
        line, col = self.locate(loc, key=key)
        return Diagnostic(self.shown_path, line, col, format_loc(loc), message, code, severity)


def _fail(path: Path, message: str, code: str, mark: Any = None) -> FacilitatorError:
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    return FacilitatorError([Diagnostic(display_path(path), line, col, "", message, code)])


def read_text(path: Path) -> str:
    """Return the file's text, refusing files that are too big, not UTF-8 or not plain files.

    A pipe or a device (`/dev/zero`, a FIFO left in a shared folder) is refused before it is
    opened: opening a pipe waits for a writer, and a device can be read without end. What is
    read is capped as well, for a file that grows after it was measured.
    """
    too_big = (
        f"workshop and library files may be at most {MAX_FILE_BYTES // 1_048_576} MB",
        "source.too-big",
    )
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            raise _fail(
                path, "is not a plain file (a pipe or a device, say); name a YAML file", "source.not-a-file"
            )
        if info.st_size > MAX_FILE_BYTES:
            raise _fail(path, f"file is {info.st_size / 1_048_576:.1f} MB; {too_big[0]}", too_big[1])
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise _fail(path, f"file grew past the limit while it was read; {too_big[0]}", too_big[1])
    except FileNotFoundError:
        raise _fail(path, "no such file", "source.missing") from None
    except IsADirectoryError:
        raise _fail(path, "is a folder, not a YAML file", "source.not-a-file") from None
    except OSError as exc:
        raise _fail(path, f"cannot read the file: {exc.strerror}", "source.unreadable") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise FacilitatorError(
            [
                Diagnostic(
                    display_path(path),
                    line,
                    col,
                    "",
                    f"byte 0x{raw[exc.start]:02x} is not UTF-8 text; save the file as UTF-8",
                    "source.encoding",
                )
            ]
        ) from None


def _check_events(path: Path, text: str, loader: type = _Loader) -> None:
    """Refuse aliases, foreign tags and deep nesting before anything is composed."""
    try:
        _check_event_stream(path, text, loader)
    except yaml.YAMLError as exc:
        # libyaml (PyYAML 6.0.4 and later) has a nesting limit of its own and reads ahead far enough
        # to hit it before our depth check sees the events. Read the events again with the
        # pure-Python parser, which yields them one at a time, so the message does not depend on
        # how PyYAML was built.
        if loader is yaml.SafeLoader or "maximum nesting depth" not in str(exc):
            raise
        _check_event_stream(path, text, yaml.SafeLoader)
        raise


def _check_event_stream(path: Path, text: str, loader: type) -> None:
    depth = nodes = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            nodes += 1
            if nodes > MAX_NODES:
                raise _fail(
                    path,
                    f"the file holds more than {MAX_NODES:,} keys, items and texts; a workshop or library "
                    "file needs far fewer (is it the right file?)",
                    "source.too-many",
                    event.start_mark,
                )
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _fail(
                path,
                "YAML anchors and aliases (&name, *name) are not allowed; write the value out",
                "source.alias",
                event.start_mark,
            )
        tag = getattr(event, "tag", None)
        if tag and tag not in _CORE_TAGS:
            raise _fail(
                path,
                f"the tag {tag.replace('tag:yaml.org,2002:', '!!')} is not allowed; "
                "use plain text, numbers, lists and mappings",
                "source.tag",
                event.start_mark,
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _fail(
                    path,
                    f"nesting is deeper than {MAX_DEPTH} levels; a workshop file needs only a few",
                    "source.depth",
                    event.start_mark,
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _char_at(text: str, mark: Any) -> str:
    if mark is None:
        return ""
    lines = text.splitlines()
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return ""


def _syntax_error(path: Path, exc: yaml.YAMLError, text: str) -> FacilitatorError:
    if isinstance(exc, yaml.reader.ReaderError) and isinstance(exc.character, int):
        # A control character in the file: the reader gives its offset in the text, not a mark.
        before = text[: exc.position]
        at = SimpleNamespace(line=before.count("\n"), column=len(before) - (before.rfind("\n") + 1))
        message = f"control character U+{exc.character:04X} is not allowed in a YAML file; remove it"
        return _fail(path, message, "source.control-char", at)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if "scanning a quoted scalar" in str(getattr(exc, "context", "")) and "end of stream" in problem:
        # Point at the opening quote rather than at the end of the file.
        mark = getattr(exc, "context_mark", None) or mark
        problem = "a quoted text starts here and is never closed; add the closing quote"
    elif "\t" in problem or _char_at(text, mark) == "\t":
        problem = "a tab is used for indentation; YAML indents with spaces only"
    else:
        context = getattr(exc, "context", None)
        fix = hint(text, mark.line + 1, problem) if mark is not None else None
        problem = fix or f"YAML syntax: {problem}" + (f" ({context})" if context else "")
    return _fail(path, problem, "source.syntax", mark)


def load_source(path: Path) -> SourceDoc:
    """Parse `path` into a SourceDoc, or raise FacilitatorError with the position of the fault."""
    text = read_text(path)
    return parse_source(path, text)


def parse_source(path: Path, text: str) -> SourceDoc:
    """Parse YAML `text` (read from `path`) into a SourceDoc."""
    try:
        _check_events(path, text)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise _syntax_error(path, exc, text) from None
    doc = SourceDoc(path, None)
    if node is not None:
        try:
            doc.data = _construct(doc, node, ())
        except FacilitatorError as exc:
            raise _with_hint(exc, text) from None
    return doc


def _with_hint(exc: FacilitatorError, text: str) -> FacilitatorError:
    """Add the fix to a key that is not plain text when it is an unquoted `{{ placeholder }}`."""
    first = exc.diagnostics[0]
    fix = hint(text, first.line, first.message) if first.code == "source.key" else None
    if fix is None:
        return exc
    return FacilitatorError([dataclasses.replace(first, message=fix), *exc.diagnostics[1:]])


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _construct(doc: SourceDoc, node: yaml.Node, loc: Loc) -> Any:
    doc.value_marks[loc] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _fail(doc.path, "a key must be plain text", "source.key", key_node.start_mark)
            key = key_node.value
            if key == "<<":
                raise _fail(doc.path, "merge keys (<<) are not allowed", "source.alias", key_node.start_mark)
            if key in result:
                first = doc.key_marks[(*loc, key)]
                raise _fail(
                    doc.path,
                    f"duplicate key '{key}' (first given at line {first[0]}); keep one of them",
                    "source.duplicate-key",
                    key_node.start_mark,
                )
            doc.key_marks[(*loc, key)] = _mark(key_node)
            result[key] = _construct(doc, value_node, (*loc, key))
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(doc, item, (*loc, i)) for i, item in enumerate(node.value)]
    return _scalar(doc, node, loc)


def _scalar(doc: SourceDoc, node: yaml.ScalarNode, loc: Loc) -> Any:
    value: str = node.value
    tag = node.tag
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        return value  # YAML 1.1's yes/no/on/off stay text, as in YAML 1.2
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") and ":" not in value:
        try:
            if tag.endswith("int"):
                return _SCALARS.construct_yaml_int(node)
            return _SCALARS.construct_yaml_float(node)
        except ValueError:
            return value
    if len(value) > MAX_TEXT_CHARS:
        raise _fail(
            doc.path,
            f"a text of {len(value):,} characters; one value may be at most {MAX_TEXT_CHARS:,}",
            "source.too-long",
            node.start_mark,
        )
    bad = _XML_ILLEGAL.search(value)
    if bad:
        raise _fail(
            doc.path,
            f"control character U+{ord(bad.group()):04X} cannot go into a slide or PDF; remove it",
            "source.control-char",
            node.start_mark,
        )
    return value
