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

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitator.errors import Diagnostic, FacilitatorError, did_you_mean, display_path
from facilitator.workshop.paths import WORKSHOPS_DIR, OutsideError, confine
from facilitator.workshop.schema import default_segment_ids, parse_minutes
from facilitator.workshop.source import Loc, SourceDoc, format_loc, load_source

DERIVE_KEYS = ("extends", "agenda_edits")
ACTIONS = ("remove", "replace", "insert_before", "insert_after", "set")
SETTABLE = ("minutes", "notes", "title", "fixed", "optional", "min_minutes")
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
        for marks, files, src_marks, src_files in (
            (self.value_marks, self.value_files, src.value_marks, src.value_files),
            (self.key_marks, self.key_files, src.key_marks, src.key_files),
        ):
            for loc, mark in src_marks.items():
                if loc[:n] == src_loc:
                    new = dest + loc[n:]
                    marks[new] = mark
                    files[new] = src_files.get(loc, src.path)


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
    for candidate in (doc.path.parent / f"{value}.yaml", WORKSHOPS_DIR / f"{value}.yaml"):
        if candidate.is_file() and candidate.resolve() != doc.path.resolve():
            return candidate.resolve()
    ready = ready_workshops()
    message = (
        f"no ready workshop '{value}'{did_you_mean(value, ready)}; ready ones: {', '.join(ready)} "
        "(or give a path such as ./base.yaml)"
    )
    raise FacilitatorError([doc.diagnostic(("extends",), message, "derive.extends")])


def resolve_extends(doc: SourceDoc, *, allow_outside: bool = False) -> tuple[SourceDoc, list[Diagnostic]]:
    """Return the workshop with everything it extends merged in, and the errors in its agenda edits.

    A file without `extends:` is returned unchanged. A missing parent or a
    cycle raises FacilitatorError, since nothing sensible can be merged.
    """
    if not isinstance(doc.data, dict) or not any(key in doc.data for key in DERIVE_KEYS):
        return doc, []
    diagnostics: list[Diagnostic] = []
    merged = _resolve(doc, [doc.path.resolve()], diagnostics, allow_outside)
    return merged, diagnostics


def _resolve(
    doc: SourceDoc, chain: list[Path], diagnostics: list[Diagnostic], allow_outside: bool = False
) -> MergedDoc:
    if not isinstance(doc.data, dict):
        return MergedDoc.of(doc)
    if "extends" not in doc.data:
        if "agenda_edits" in doc.data:
            diagnostics.append(
                doc.diagnostic(
                    ("agenda_edits",),
                    "agenda_edits change a workshop this one extends; add `extends:` naming it",
                    "derive.no-parent",
                    key=True,
                )
            )
        own = MergedDoc.of(doc)
        return _without(own, DERIVE_KEYS)
    parent_path = find_parent(doc, allow_outside=allow_outside)
    if parent_path in chain:
        names = [display_path(p) for p in [*chain, parent_path]]
        message = f"extends goes round in a circle: {' → '.join(names)}; remove one of the `extends:`"
        raise FacilitatorError([doc.diagnostic(("extends",), message, "derive.cycle")])
    parent = _resolve(load_source(parent_path), [*chain, parent_path], diagnostics, allow_outside)
    return _merge(parent, MergedDoc.of(doc), diagnostics)


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
    snapshot = MergedDoc(out.path, None, sources=out.sources)  # positions before editing
    snapshot.graft((), out, ())
    slots = [_Slot(segment, snapshot, ("agenda", i)) for i, segment in enumerate(agenda)]
    for j, edit in enumerate(edits):
        before = _total(slots)
        problem = _apply_one(slots, child, edit, ("agenda_edits", j))
        if problem:
            diagnostics.append(problem)
        else:
            loc = ("agenda_edits", j)
            out.edit_minutes.append(EditMinutes(loc, _total(slots) - before, *child.origin(loc)))
    out.data["agenda"] = [slot.data for slot in slots]
    for marks, files in ((out.value_marks, out.value_files), (out.key_marks, out.key_files)):
        for loc in [loc for loc in marks if loc[:1] == ("agenda",) and len(loc) > 1]:
            del marks[loc]
            files.pop(loc, None)
    for i, slot in enumerate(slots):
        out.graft(("agenda", i), slot.doc, slot.loc)
        for key, (doc, loc) in slot.overrides.items():
            out.graft(("agenda", i, key), doc, loc)


def _total(slots: list[_Slot]) -> int:
    """Return the minutes of the agenda being edited (minutes the schema will refuse count as none)."""
    total = 0
    for slot in slots:
        try:
            minutes = parse_minutes(slot.data.get("minutes")) if isinstance(slot.data, dict) else 0
        except ValueError:
            minutes = 0
        total += minutes if isinstance(minutes, int) and not isinstance(minutes, bool) else 0
    return total


def _apply_one(slots: list[_Slot], child: MergedDoc, edit: Any, where: Loc) -> Diagnostic | None:
    """Apply one edit to `slots`; return the error when it cannot be applied."""
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
    ids = default_segment_ids([slot.data for slot in slots])
    if target not in ids:
        hint = did_you_mean(str(target), ids)
        message = f"no segment '{target}' in the agenda{hint}; segment ids: {', '.join(ids)}"
        return child.diagnostic((*where, action), message, "derive.unknown-segment")
    index = ids.index(target)
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
        for key in changes:
            slot.overrides[key] = (child, (*where, key))
    return None
