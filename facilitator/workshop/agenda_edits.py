"""`agenda_edits:` of a derived workshop: remove, replace, insert before or after, set, by segment id.

The file's form is shown in `facilitator.workshop.derive`. `apply_edits` edits the
merged agenda of a workshop that `extends:` another, keeping every segment's
positions in the file that wrote it, and records what each edit did to the
agenda's length (for the messages of an agenda that no longer fits its time).
An edit that cannot apply is one positioned error; edits that would make the
agenda longer than a day of one-minute segments are refused before any is half
applied.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from facilitator.errors import MAX_DIAGNOSTICS, Diagnostic, did_you_mean, more_diagnostic, short
from facilitator.workshop.fields import parse_minutes
from facilitator.workshop.merged import EditMinutes, MergedDoc
from facilitator.workshop.schema import MAX_SEGMENTS, default_segment_ids
from facilitator.workshop.source import Loc

# Budgets: how long an agenda may grow by edits (a day of one-minute segments) and how many
# edits a file may make; both checked before the work.
MAX_EDITS = MAX_SEGMENTS
MAX_IDS_SHOWN = 20
ACTIONS = ("remove", "replace", "insert_before", "insert_after", "set")
SETTABLE = ("minutes", "notes", "title", "lead", "fixed", "optional", "required", "min_minutes")
ACTION_KEYS = {
    "remove": {"remove"},
    "replace": {"replace", "with"},
    "insert_before": {"insert_before", "segment"},
    "insert_after": {"insert_after", "segment"},
    "set": {"set", *SETTABLE},
}


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


def apply_edits(out: MergedDoc, child: MergedDoc, edits: Any, diagnostics: list[Diagnostic]) -> None:
    """Apply `child`'s agenda edits to the merged agenda in `out`, adding an error for each that fails."""
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
    allowed = ACTION_KEYS[action]
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
