"""Derived workshops: `extends:` a ready workshop (or a file), override its keys, edit its agenda by id.

    extends: allyship-practice        # a ready workshop's id, or a path such as ./base.yaml
    title: Allyship at Riverside      # any key given here replaces the parent's
    agenda_edits:                     # applied in order; segment ids as `facilitator agenda` shows them
      - remove: check-in
      - replace: family-dinner
        with: {scenario: meeting-credit, minutes: 20}
      - insert_after: welcome
        segment: {primer: privilege, minutes: 10}
      - set: break
        minutes: 15
        notes: Tea and coffee in the foyer.

A derived file that gives its own `agenda:` replaces the parent's (edits then
apply to it). `variables:` merge key by key. Chains of `extends` work; a cycle
is an error naming the files.

Merging happens on the parsed data before validation. The result is a
`MergedDoc` that remembers, for every value, the file and line it came from,
so an error in an inherited segment points into the parent file.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitator.errors import (
    MAX_DIAGNOSTICS,
    Diagnostic,
    FacilitatorError,
    did_you_mean,
    display_path,
    more_diagnostic,
    short,
)
from facilitator.workshop.paths import WORKSHOPS_DIR, OutsideError, confine
from facilitator.workshop.schema import MAX_SEGMENTS, default_segment_ids, parse_minutes
from facilitator.workshop.source import Loc, SourceDoc, format_loc, load_source

DERIVE_KEYS = ("extends", "agenda_edits")
# Budgets: how many files deep `extends` may go, how long an agenda may grow by edits (a day of
# one-minute segments) and how many edits a file may make; all checked before the work.
MAX_EXTENDS = 16
MAX_EDITS = MAX_SEGMENTS
MAX_IDS_SHOWN = 20
ACTIONS = ("remove", "replace", "insert_before", "insert_after", "set")
SETTABLE = ("minutes", "notes", "title", "lead", "fixed", "optional", "required", "min_minutes")
_ACTION_KEYS = {
    "remove": {"remove"},
    "replace": {"replace", "with"},
    "insert_before": {"insert_before", "segment"},
    "insert_after": {"insert_after", "segment"},
    "set": {"set", *SETTABLE},
}


@dataclass(frozen=True)
class EditMinutes:
    """The minutes one agenda edit added to the agenda (negative when it took some away)."""

    loc: Loc  # `("agenda_edits", j)`
    minutes: int
    path: Path
    line: int
    col: int


@dataclass
class MergedDoc(SourceDoc):
    """A SourceDoc whose values may come from several files (a workshop and the ones it extends)."""

    value_files: dict[Loc, Path] = field(default_factory=dict)
    key_files: dict[Loc, Path] = field(default_factory=dict)
    sources: tuple[Path, ...] = ()
    # What each of this file's agenda edits did to the agenda's length, and where the edit is.
    edit_minutes: list[EditMinutes] = field(default_factory=list)
    # prefix length -> prefix -> marks under it; built when this document is grafted from
    _index: dict[int, dict[Loc, list[tuple[bool, Loc, tuple[int, int], Path]]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def of(cls, doc: SourceDoc) -> MergedDoc:
        """Return `doc` as a MergedDoc whose every value comes from its own file."""
        if isinstance(doc, MergedDoc):
            return doc
        return cls(
            doc.path,
            doc.data,
            dict(doc.value_marks),
            dict(doc.key_marks),
            {loc: doc.path for loc in doc.value_marks},
            {loc: doc.path for loc in doc.key_marks},
            (doc.path,),
        )

    def origin(self, loc: Loc, *, key: bool = False) -> tuple[Path, int, int]:
        """Return (file, line, col) of `loc`, or of its nearest existing parent."""
        marks, files = (self.key_marks, self.key_files) if key else (self.value_marks, self.value_files)
        if loc in marks:
            return (files.get(loc, self.path), *marks[loc])
        for end in range(len(loc) - 1, -1, -1):
            if loc[:end] in self.value_marks:
                return (self.value_files.get(loc[:end], self.path), *self.value_marks[loc[:end]])
        return (self.path, 1, 1)

    def diagnostic(
        self, loc: Loc, message: str, code: str, *, severity: str = "error", key: bool = False
    ) -> Diagnostic:
        """Return a Diagnostic about `loc`, in the file that value came from."""
        path, line, col = self.origin(loc, key=key)
        return Diagnostic(display_path(path), line, col, format_loc(loc), message, code, severity)

    def graft(self, dest: Loc, src: MergedDoc, src_loc: Loc) -> None:
        """Copy the positions of everything under `src_loc` in `src` to `dest` in this document."""
        n = len(src_loc)
        self._index.clear()
        for is_key, loc, mark, file in src.marks_under(src_loc):
            new = dest + loc[n:]
            (self.key_marks if is_key else self.value_marks)[new] = mark
            (self.key_files if is_key else self.value_files)[new] = file

    def marks_under(self, prefix: Loc) -> list[tuple[bool, Loc, tuple[int, int], Path]]:
        """Return (is a key, loc, (line, col), file) of every position at or under `prefix`.

        Indexed by prefix length on first use, so grafting each of N segments costs the
        segment's own positions, not a scan of the whole document each time (that was
        quadratic: 200 edits inserting 50 segments each into 1,000 took 55 s).
        """
        n = len(prefix)
        if n not in self._index:
            index: dict[Loc, list[tuple[bool, Loc, tuple[int, int], Path]]] = {}
            for is_key, marks, files in (
                (False, self.value_marks, self.value_files),
                (True, self.key_marks, self.key_files),
            ):
                for loc, mark in marks.items():
                    if len(loc) >= n:
                        index.setdefault(loc[:n], []).append((is_key, loc, mark, files.get(loc, self.path)))
            self._index[n] = index
        return self._index[n].get(prefix, [])


def source_files(doc: SourceDoc) -> tuple[Path, ...]:
    """Return every file a workshop was read from: itself, then each workshop it extends."""
    return doc.sources if isinstance(doc, MergedDoc) else (doc.path,)


def ready_workshops() -> list[str]:
    """Return the ids of the ready workshops in `workshops/`."""
    return sorted(p.stem for p in WORKSHOPS_DIR.glob("*.yaml"))


def find_parent(doc: SourceDoc, *, allow_outside: bool = False) -> Path:
    """Return the file that `doc`'s `extends:` names, or raise FacilitatorError.

    A path must stay inside the workshop's folder tree or the project's assets/ and
    workshops/ unless `allow_outside` (see `facilitator.workshop.paths.confine`).
    """
    value = doc.data["extends"]
    if not isinstance(value, str) or not value.strip():
        raise FacilitatorError(
            [
                doc.diagnostic(
                    ("extends",),
                    "expected a ready workshop's id or a path to a workshop file",
                    "derive.extends",
                )
            ]
        )
    value = value.strip()
    if value.endswith((".yaml", ".yml")) or "/" in value or "\\" in value:
        try:
            path = confine(value, doc.path.parent, allow_outside=allow_outside)
        except OutsideError as exc:
            raise FacilitatorError([doc.diagnostic(("extends",), str(exc), exc.code)]) from None
        if not path.is_file():
            message = f"no workshop file {display_path(path)}"
            raise FacilitatorError([doc.diagnostic(("extends",), message, "derive.extends")])
        return path
    for folder in (doc.path.parent, WORKSHOPS_DIR):  # a workshop beside this one, then a ready one
        candidate = folder / f"{value}.yaml"
        if candidate.is_file() and candidate.resolve() != doc.path.resolve():
            try:  # a link beside the workshop (or among the ready ones) may not lead out
                return confine(candidate.name, folder, allow_outside=allow_outside, within=[folder])
            except OutsideError as exc:
                raise FacilitatorError([doc.diagnostic(("extends",), str(exc), exc.code)]) from None
    ready = ready_workshops()
    message = (
        f"no ready workshop '{value}'{did_you_mean(value, ready)}; ready ones: {', '.join(ready)} "
        "(or give a path such as ./base.yaml)"
    )
    raise FacilitatorError([doc.diagnostic(("extends",), message, "derive.extends")])


def resolve_extends(doc: SourceDoc, *, allow_outside: bool = False) -> tuple[SourceDoc, list[Diagnostic]]:
    """Return the workshop with everything it extends merged in, and the errors in its agenda edits.

    A file without `extends:` is returned unchanged. A missing parent, a parent
    that is not a workshop, a cycle or a chain more than `MAX_EXTENDS` files deep
    raises FacilitatorError, since nothing sensible can be merged.
    """
    if not isinstance(doc.data, dict) or not any(key in doc.data for key in DERIVE_KEYS):
        return doc, []
    diagnostics: list[Diagnostic] = []
    chain = _chain(doc, allow_outside)
    top = MergedDoc.of(chain[-1])
    if "agenda_edits" in top.data:
        diagnostics.append(
            top.diagnostic(
                ("agenda_edits",),
                "agenda_edits change a workshop this one extends; add `extends:` naming it",
                "derive.no-parent",
                key=True,
            )
        )
    merged = _without(top, DERIVE_KEYS)
    for child in reversed(chain[:-1]):  # from the oldest parent down to this file
        merged = _merge(merged, MergedDoc.of(child), diagnostics)
    return merged, diagnostics


def _chain(doc: SourceDoc, allow_outside: bool) -> list[SourceDoc]:
    """Return `doc` and each workshop it extends, in order, checking each before reading the next."""
    chain = [doc]
    paths = [doc.path.resolve()]
    while "extends" in chain[-1].data:
        child = chain[-1]
        parent_path = find_parent(child, allow_outside=allow_outside)
        if parent_path in paths:
            names = [display_path(p) for p in [*paths, parent_path]]
            message = f"extends goes round in a circle: {' → '.join(names)}; remove one of the `extends:`"
            raise FacilitatorError([child.diagnostic(("extends",), message, "derive.cycle")])
        if len(chain) == MAX_EXTENDS:
            message = (
                f"extends goes more than {MAX_EXTENDS} files deep ({display_path(paths[1])} → … → "
                f"{display_path(parent_path)}); a workshop needs one or two"
            )
            raise FacilitatorError([doc.diagnostic(("extends",), message, "derive.too-deep")])
        parent = load_source(parent_path)
        if not isinstance(parent.data, dict):
            message = f"{display_path(parent_path)} is not a workshop file: {_what(parent)}"
            raise FacilitatorError([child.diagnostic(("extends",), message, "derive.extends")])
        chain.append(parent)
        paths.append(parent_path)
    return chain


def _what(doc: SourceDoc) -> str:
    """Say what a file holds instead of a workshop's mapping of keys."""
    if doc.data is None:
        return "it is empty"
    kind = "a list" if isinstance(doc.data, list) else f"the text '{short(doc.data)}'"
    return f"it holds {kind}, not keys such as `id:` and `title:`"


def _without(doc: MergedDoc, keys: tuple[str, ...]) -> MergedDoc:
    data = {k: v for k, v in doc.data.items() if k not in keys}
    out = MergedDoc(doc.path, data, sources=doc.sources)
    out.graft((), doc, ())
    for key in keys:
        for marks, files in ((out.value_marks, out.value_files), (out.key_marks, out.key_files)):
            for loc in [loc for loc in marks if loc[:1] == (key,)]:
                del marks[loc]
                files.pop(loc, None)
    return out


def _merge(parent: MergedDoc, child: MergedDoc, diagnostics: list[Diagnostic]) -> MergedDoc:
    """Return `child` laid over `parent`: keys replace, variables merge, agenda edits apply."""
    out = MergedDoc(child.path, {}, sources=(*child.sources, *parent.sources))
    if () in child.value_marks:
        out.value_marks[()] = child.value_marks[()]
        out.value_files[()] = child.path
    data: dict[str, Any] = {}
    for key, value in parent.data.items():
        if key in DERIVE_KEYS or key in child.data:
            continue
        data[key] = _rebase(key, value, parent, (key,), child.path.parent)
        out.graft((key,), parent, (key,))
    for key, value in child.data.items():
        if key in DERIVE_KEYS:
            continue
        if key == "variables" and isinstance(value, dict) and isinstance(parent.data.get(key), dict):
            data[key] = {**parent.data[key], **value}
            out.graft((key,), parent, (key,))
        else:
            data[key] = value
        out.graft((key,), child, (key,))
    out.data = data
    edits = child.data.get("agenda_edits")
    if edits is not None:
        _apply_edits(out, child, edits, diagnostics)
    return out


def _rebase(key: str, value: Any, parent: MergedDoc, loc: Loc, to_dir: Path) -> Any:
    """Return inherited file references (library folders, theme files) relative to the child's folder."""

    def move(text: Any, where: Loc) -> Any:
        if not isinstance(text, str) or not text or Path(text).is_absolute():
            return text
        origin_dir = parent.origin(where)[0].parent
        if origin_dir.resolve() == to_dir.resolve():
            return text
        return os.path.relpath((origin_dir / text).resolve(), to_dir.resolve())

    if key == "library" and isinstance(value, list):
        return [move(v, (*loc, i)) for i, v in enumerate(value)]
    if key == "theme":
        if isinstance(value, str) and value.endswith((".yaml", ".yml")):
            return move(value, loc)
        if isinstance(value, dict):
            moved = dict(value)
            for name in ("logo", "template"):
                moved[name] = move(value.get(name), (*loc, name))
            base = value.get("base")
            if isinstance(base, str) and base.endswith((".yaml", ".yml")):
                moved["base"] = move(base, (*loc, "base"))
            return {k: v for k, v in moved.items() if k in value}
    return value


@dataclass
class _Slot:
    """One agenda segment during editing: its data and where its values came from."""

    data: Any
    doc: MergedDoc
    loc: Loc
    overrides: dict[str, tuple[MergedDoc, Loc]] = field(default_factory=dict)

    @functools.cached_property
    def minutes(self) -> int:
        """Return the segment's minutes (worked out once; a set edit makes a new slot)."""
        return _minutes(self.data)


class _Agenda:
    """The segments being edited, with their ids worked out again only after a change."""

    def __init__(self, slots: list[_Slot]) -> None:
        self.slots = slots
        self._ids: list[str] | None = None
        self._where: dict[str, int] = {}

    def ids(self) -> list[str]:
        """Return the segment ids, as `facilitator agenda` shows them."""
        if self._ids is None:
            self._ids = default_segment_ids([slot.data for slot in self.slots])
            self._where = {segment_id: i for i, segment_id in reversed(list(enumerate(self._ids)))}
        return self._ids

    def index(self, segment_id: Any) -> int | None:
        """Return where the segment with `segment_id` is, or None."""
        self.ids()
        return self._where.get(segment_id) if isinstance(segment_id, str) else None

    def changed(self) -> None:
        """Note that segments were added, removed or replaced."""
        self._ids = None

    def total(self) -> int:
        """Return the minutes of the agenda as it stands (each segment's worked out once)."""
        return sum(slot.minutes for slot in self.slots)


def _listed(ids: list[str]) -> str:
    """Return segment ids for a message: the first `MAX_IDS_SHOWN`, then how many in all."""
    shown = ", ".join(ids[:MAX_IDS_SHOWN])
    return shown if len(ids) <= MAX_IDS_SHOWN else f"{shown}, … ({len(ids):,} in all)"


def _apply_edits(out: MergedDoc, child: MergedDoc, edits: Any, diagnostics: list[Diagnostic]) -> None:
    agenda = out.data.get("agenda")
    if not isinstance(agenda, list):
        diagnostics.append(
            child.diagnostic(("agenda_edits",), "there is no agenda to edit", "derive.edit", key=True)
        )
        return
    if not isinstance(edits, list):
        message = "agenda_edits is a list of edits, each starting with remove, replace, insert_before, "
        message += "insert_after or set"
        diagnostics.append(child.diagnostic(("agenda_edits",), message, "derive.edit"))
        return
    too_many = [(len(edits), MAX_EDITS, "edits")] if len(edits) > MAX_EDITS else []
    if len(agenda) > MAX_SEGMENTS:
        too_many.append((len(agenda), MAX_SEGMENTS, "segments in the agenda it edits"))
    for count, limit, what in too_many:  # checked before any edit is tried
        message = f"{count:,} {what}; at most {limit:,} are allowed (a day of one-minute segments)"
        diagnostics.append(child.diagnostic(("agenda_edits",), message, "derive.too-long", key=True))
    if too_many:
        return
    snapshot = MergedDoc(out.path, None, sources=out.sources)  # positions before editing
    snapshot.graft((), out, ())
    slots = _Agenda([_Slot(segment, snapshot, ("agenda", i)) for i, segment in enumerate(agenda)])
    failed = 0
    problem = None
    for j, edit in enumerate(edits):
        before = slots.total()
        # Past MAX_DIAGNOSTICS failures, edits are still tried but not described (no did-you-mean).
        problem = _apply_one(slots, child, edit, ("agenda_edits", j), describe=failed < MAX_DIAGNOSTICS)
        if problem:
            failed += 1
            if failed <= MAX_DIAGNOSTICS:
                diagnostics.append(problem)
            if problem.code == "derive.too-long":  # the rest would only make it longer
                break
        else:
            loc = ("agenda_edits", j)
            out.edit_minutes.append(EditMinutes(loc, slots.total() - before, *child.origin(loc)))
    if failed > MAX_DIAGNOSTICS:
        diagnostics.append(more_diagnostic(child.shown_path, failed - MAX_DIAGNOSTICS))
    if problem and problem.code == "derive.too-long":
        return  # the agenda stays as it was: edits that overflow it are not half applied
    out.data["agenda"] = [slot.data for slot in slots.slots]
    for marks, files in ((out.value_marks, out.value_files), (out.key_marks, out.key_files)):
        for loc in [loc for loc in marks if loc[:1] == ("agenda",) and len(loc) > 1]:
            del marks[loc]
            files.pop(loc, None)
    for i, slot in enumerate(slots.slots):
        out.graft(("agenda", i), slot.doc, slot.loc)
        for key, (doc, loc) in slot.overrides.items():
            out.graft(("agenda", i, key), doc, loc)


def _minutes(data: Any) -> int:
    """Return a segment's minutes while editing (minutes the schema will refuse count as none)."""
    try:
        minutes = parse_minutes(data.get("minutes")) if isinstance(data, dict) else 0
    except ValueError:
        minutes = 0
    return minutes if isinstance(minutes, int) and not isinstance(minutes, bool) else 0


def _apply_one(
    agenda: _Agenda, child: MergedDoc, edit: Any, where: Loc, *, describe: bool = True
) -> Diagnostic | None:
    """Apply one edit to `agenda`; return the error when it cannot be applied.

    Without `describe`, an unknown segment id is reported without a did-you-mean or the
    list of ids (the caller counts such errors, it does not show them).
    """
    if not isinstance(edit, dict):
        message = f"an agenda edit starts with one of: {', '.join(ACTIONS)}"
        return child.diagnostic(where, message, "derive.edit")
    actions = [a for a in ACTIONS if a in edit]
    if len(actions) != 1:
        if actions:
            message = f"an agenda edit has one action, this one has {' and '.join(actions)}; split it in two"
        else:
            first = next(iter(edit), "")
            message = (
                f"unknown agenda edit '{first}'{did_you_mean(first, ACTIONS)}; "
                f"start each edit with one of: {', '.join(ACTIONS)}"
            )
            return child.diagnostic((*where, first), message, "derive.edit", key=True)
        return child.diagnostic(where, message, "derive.edit")
    action = actions[0]
    allowed = _ACTION_KEYS[action]
    for key in edit:
        if key not in allowed:
            hint = did_you_mean(key, allowed)
            message = (
                f"unknown key '{key}' in a {action} edit{hint}; allowed here: {', '.join(sorted(allowed))}"
            )
            return child.diagnostic((*where, key), message, "derive.edit", key=True)
    target = edit[action]
    index = agenda.index(target)
    if index is None:
        ids = agenda.ids()
        hint = did_you_mean(str(target), ids) if describe else ""
        listed = f"; segment ids: {_listed(ids)}" if describe else ""
        message = f"no segment '{short(target)}' in the agenda{hint}{listed}"
        return child.diagnostic((*where, action), message, "derive.unknown-segment")
    slots = agenda.slots
    if action != "set":
        agenda.changed()
    if action == "remove":
        del slots[index]
    elif action == "replace":
        if "with" not in edit:
            return child.diagnostic(
                where, "a replace edit needs `with:` giving the new segment", "derive.edit"
            )
        slots[index] = _Slot(edit["with"], child, (*where, "with"))
    elif action in ("insert_before", "insert_after"):
        if "segment" not in edit:
            return child.diagnostic(
                where, f"an {action} edit needs `segment:` giving the new segment", "derive.edit"
            )
        new = edit["segment"]
        items = new if isinstance(new, list) else [new]
        if len(slots) + len(items) > MAX_SEGMENTS:
            message = (
                f"this would make the agenda {len(slots) + len(items):,} segments long; a workshop has at "
                f"most {MAX_SEGMENTS:,} (a day of one-minute segments)"
            )
            return child.diagnostic((*where, "segment"), message, "derive.too-long")
        at = index + (action == "insert_after")
        for k, item in enumerate(items):
            loc = (*where, "segment", k) if isinstance(new, list) else (*where, "segment")
            slots.insert(at + k, _Slot(item, child, loc))
    else:
        changes = {k: v for k, v in edit.items() if k != "set"}
        if not changes:
            message = f"a set edit changes something: give one or more of {', '.join(SETTABLE)}"
            return child.diagnostic(where, message, "derive.edit")
        slot = slots[index]
        if not isinstance(slot.data, dict):
            return child.diagnostic((*where, "set"), f"segment '{target}' is not a mapping", "derive.edit")
        slot.data = {**slot.data, **changes}
        slot.__dict__.pop("minutes", None)  # its minutes may have changed
        for key in changes:
            slot.overrides[key] = (child, (*where, key))
    return None
