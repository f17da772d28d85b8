"""Fit an agenda to its duration: scale flexible segments, keep fixed ones, drop optional ones first.

Fixed segments (breaks, openings, anything marked `fixed: true`) keep their
minutes. The others share what is left in proportion to their own minutes,
each staying at or above its floor (`segment_floor`: its `min_minutes`, 5 by
default, or its own minutes when shorter; a role-play never below the time it
needs to set up, play, step out of role and debrief: 20 minutes when gentle,
30 otherwise). Minutes
are whole, multiples of 5 where the segment allows, and the total comes out
exact: at most one segment takes an odd remainder.

When shortening, optional segments are dropped first, last to first, while
the agenda is still too long. Aftercare is never cut on its own: a segment
marked `required` is never dropped nor shortened, and one marked
`aftercare_for` a scenario keeps its minutes and is dropped only together with
that scenario (which takes it along).

Two breaks that leaving segments out puts side by side become one break (a
facilitator never runs "break, break"): it keeps the first one's place and
title, the longest of their minutes (and never less than the minutes of the
aftercare among them, added up, so no role-play's aftercare is shortened), and
everything the two say. Breaks the workshop itself puts side by side stay as
written.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from facilitator.errors import Diagnostic, display_path
from facilitator.planning.library import Library
from facilitator.workshop.library_schema import Scenario
from facilitator.workshop.merged import EditMinutes, MergedDoc
from facilitator.workshop.roleplay import ROLE_PLAY_MINUTES
from facilitator.workshop.schema import SegmentBase, Workshop, default_segment_ids
from facilitator.workshop.source import SourceDoc, format_loc

DEFAULT_MIN_MINUTES = 5
STEP = 5
FIXED_KINDS = ("break", "opening")
LAST_TO_DROP = ("reflection", "closing")
# A fitted segment given less than half its own minutes, and at least 10 fewer, is warned about.
SQUEEZED, SQUEEZED_BY = 0.5, 10


class FitError(Exception):
    """Raised when the agenda cannot be fitted; the message says what to drop or shorten."""


@dataclass(frozen=True)
class FitItem:
    """What fitting needs to know about one segment."""

    id: str
    minutes: int
    fixed: bool = False
    optional: bool = False
    min_minutes: int | None = None
    kind: str = ""
    required: bool = False
    aftercare_of: int | None = None  # index of the scenario this segment looks after
    default_floor: int | None = None  # a role-play's floor: the minutes its intensity needs

    @property
    def floor(self) -> int:
        """Return the fewest minutes the segment may get."""
        keep = self.required or self.aftercare_of is not None
        return segment_floor(self.minutes, self.min_minutes, self.default_floor, keep=keep)

    @property
    def droppable(self) -> bool:
        """Return True when fitting may leave the segment out on its own."""
        return self.optional and not self.required and self.aftercare_of is None


def segment_floor(
    minutes: int, min_minutes: int | None, role_play: int | None = None, *, keep: bool = False
) -> int:
    """Return the fewest minutes a segment of `minutes` may be given, when fitting or in the room.

    The one rule that fitting and the run-of-show timer share: the segment's own
    `min_minutes`, else 5 (or its minutes, when fewer). A role-play (`role_play`:
    the minutes its intensity needs, `ROLE_PLAY_MINUTES`) never goes below the time
    to set up, play, step out of role and debrief, even with a smaller `min_minutes`;
    one planned shorter than that keeps its own minutes. Aftercare (`keep`: a
    `required` segment, or one `aftercare_for` a scenario) is never shortened at all:
    a pause squeezed to nothing is aftercare cut in all but name.
    """
    floor = min_minutes if min_minutes is not None else min(DEFAULT_MIN_MINUTES, minutes)
    if role_play is not None:
        floor = max(floor, min(role_play, minutes))
    if keep:
        floor = max(floor, minutes)
    return floor


@dataclass(frozen=True)
class Fitted:
    """What fitting decided: each segment's minutes, and which breaks became one."""

    minutes: list[int | None]  # None: left out, or merged into the break before it
    merged: dict[int, tuple[int, ...]]  # a kept break's index → the breaks merged into it, in order


def fit_minutes(items: Sequence[FitItem], duration: int) -> list[int | None]:
    """Return each segment's fitted minutes (None for a dropped one) so that they add up to `duration`.

    A break merged into the break before it (`fit_agenda`) is None as well.
    """
    return fit_agenda(items, duration).minutes


def fit_agenda(items: Sequence[FitItem], duration: int) -> Fitted:
    """Fit the segments `items` into `duration` minutes: drop optional ones, merge breaks, scale the rest."""
    if sum(item.minutes for item in items) == duration:
        return Fitted([item.minutes for item in items], {})
    out: set[int] = set()
    aftercare: dict[int, list[int]] = {}
    for j, item in enumerate(items):
        if item.aftercare_of is not None:
            aftercare.setdefault(item.aftercare_of, []).append(j)
    several_breaks = sum(item.kind == "break" for item in items) > 1
    runs: dict[int, tuple[int, ...]] = {}
    absorbed: set[int] = set()  # the breaks merged into one before them
    effective = list(items)
    total = sum(item.minutes for item in items)
    for k in range(len(items) - 1, -1, -1):
        if total <= duration:
            break
        members = (k, *runs.get(k, ()))
        if k in out or k in absorbed or not all(items[m].droppable for m in members):
            continue
        out.update((*members, *(j for m in members for j in aftercare.get(m, ()))))
        runs = _break_runs(items, out) if several_breaks else {}
        absorbed = {m for joined in runs.values() for m in joined}
        effective = _effective_items(items, runs)
        total = sum(effective[j].minutes for j in _kept(len(items), out | absorbed))
    kept = _kept(len(items), out | absorbed)
    minutes: list[int | None] = [None] * len(items)
    for k in kept:
        minutes[k] = effective[k].minutes
    fixed = sum(effective[k].minutes for k in kept if effective[k].fixed)
    flexible = [k for k in kept if not effective[k].fixed]
    if not flexible:
        raise FitError(
            f"every segment keeps its minutes (breaks, openings and `fixed: true` ones add up to {fixed}), "
            f"so nothing can be scaled to {duration} minutes; mark a segment `fixed: false` or change "
            "the duration"
        )
    for k, given in _scaled(effective, flexible, duration - fixed, fixed, duration).items():
        minutes[k] = given
    return Fitted(minutes, runs)


def _kept(count: int, gone: set[int]) -> list[int]:
    """Return the indices of the segments that stay: all `count` but those left out or merged away."""
    return [k for k in range(count) if k not in gone]


def _break_runs(items: Sequence[FitItem], out: set[int]) -> dict[int, tuple[int, ...]]:
    """Return each kept break that others join: the kept breaks after it with only left-out segments between.

    Breaks that stand side by side in the workshop itself are not joined: only those
    that leaving segments out has brought together.
    """
    runs: dict[int, list[int]] = {}
    head: int | None = None
    gap = False
    for k, item in enumerate(items):
        if k in out:
            gap = True
        elif item.kind != "break":
            head, gap = None, False
        elif head is not None and gap:
            runs.setdefault(head, []).append(k)
            gap = False
        else:
            head, gap = k, False
    return {k: tuple(members) for k, members in runs.items()}


def _effective_items(items: Sequence[FitItem], runs: dict[int, tuple[int, ...]]) -> list[FitItem]:
    """Return the items with each merged break standing for all its members (`merged_break_minutes`)."""
    effective = list(items)
    for k, members in runs.items():
        joined = [items[m] for m in (k, *members)]
        effective[k] = replace(
            items[k],
            minutes=merged_break_minutes(joined),
            fixed=all(item.fixed for item in joined),
            required=any(item.required or item.aftercare_of is not None for item in joined),
            min_minutes=None,
        )
    return effective


def merged_break_minutes(breaks: Sequence[FitItem]) -> int:
    """Return the minutes of one break standing for `breaks`: their longest, or their aftercare added up.

    A break of the longest minutes rests the room as long as any of them did; a break
    that is some role-play's aftercare is never shortened, so two of them keep their
    minutes added up.
    """
    return max(
        max(item.minutes for item in breaks),
        sum(item.minutes for item in breaks if item.aftercare_of is not None),
    )


def _scaled(
    items: Sequence[FitItem], flexible: list[int], target: int, fixed: int, duration: int
) -> dict[int, int]:
    """Return minutes for the `flexible` segments adding up to `target`, each at or above its floor."""
    floors = {k: items[k].floor for k in flexible}
    if target < sum(floors.values()):
        raise _impossible(items, flexible, floors, fixed, duration)
    weight = sum(items[k].minutes for k in flexible)
    ideal = {k: items[k].minutes * target / weight for k in flexible}
    alloc = {k: max(floors[k], STEP * math.floor(ideal[k] / STEP)) for k in flexible}
    excess = sum(alloc.values()) - target
    while excess > 0:  # take back from the segments furthest above their share
        k = max((k for k in flexible if alloc[k] > floors[k]), key=lambda k: (alloc[k] - ideal[k], -k))
        new = max(floors[k], alloc[k] - (alloc[k] % STEP or STEP), alloc[k] - excess)
        excess -= alloc[k] - new
        alloc[k] = new
    short = -excess
    while short >= STEP:  # hand out whole steps to the segments furthest below their share
        k = max(flexible, key=lambda k: (ideal[k] - alloc[k], -k))
        step = STEP - alloc[k] % STEP
        alloc[k] += step
        short -= step
    if short:
        rounding = [k for k in flexible if (alloc[k] + short) % STEP == 0]
        k = max(rounding or flexible, key=lambda k: (ideal[k] - alloc[k], -k))
        alloc[k] += short
    return alloc


class _Impossible(FitError):
    """A FitError that knows the shortest duration the agenda fits."""

    def __init__(self, message: str, shortest: int) -> None:
        super().__init__(message)
        self.shortest = shortest


def _impossible(
    items: Sequence[FitItem], flexible: list[int], floors: dict[int, int], fixed: int, duration: int
) -> _Impossible:
    need = fixed + sum(floors.values()) - duration
    # Suggest content before the reflection and closing, larger minimums first, later segments first;
    # never aftercare (required, or kept with its scenario).
    cuttable = [k for k in flexible if not items[k].required and items[k].aftercare_of is None] or flexible
    by_size = sorted(cuttable, key=lambda k: (items[k].kind in LAST_TO_DROP, -floors[k], -k))
    suggest, freed = [], 0
    for k in by_size:
        if freed >= need:
            break
        suggest.append(f"'{items[k].id}' ({floors[k]} min at least)")
        freed += floors[k]
    message = (
        f"the agenda cannot fit into {duration} minutes: fixed segments take {fixed} and the others need at "
        f"least {sum(floors.values())} (their min_minutes: {DEFAULT_MIN_MINUTES} by default, a role-play "
        f"{ROLE_PLAY_MINUTES['gentle']} or {ROLE_PLAY_MINUTES['moderate']}), "
        f"{need} too many; drop or shorten {', '.join(suggest)}, or lower their min_minutes"
    )
    return _Impossible(message, duration + need)


def fit_to_time(
    workshop: Workshop,
    doc: SourceDoc,
    *,
    fit: bool = False,
    duration: int | None = None,
    option: str | None = None,
    scenario_floor: Callable[[str], int | None] | None = None,
) -> tuple[Workshop, SourceDoc, list[Diagnostic], dict[int, tuple[str, ...]]]:
    """Return the workshop with its agenda fitted to its duration, when asked for, any problems, and merges.

    Fitting is asked for by `fit: proportional` in the file, by `fit=True`, or
    by giving a `duration` (which replaces the file's). A dropped optional
    segment (and the aftercare that goes with it) is reported as a warning, a
    segment left with under half its minutes too, and so are two breaks that
    became one; an agenda that cannot fit is an error on `duration:`, or on the
    command-line `option` (`--duration`, `--end`) that gave the duration. The
    returned document maps positions to the kept segments; the mapping gives,
    by a kept break's new index, the ids of the breaks merged into it.
    `scenario_floor` gives a role-play's default minimum from its library id.
    """
    if duration is not None:
        workshop = workshop.model_copy(update={"duration": duration})
    if not (fit or duration is not None or workshop.fit == "proportional"):
        return workshop, doc, [], {}
    total = sum(s.minutes for s in workshop.agenda)
    if total == workshop.duration:
        return workshop, doc, [], {}
    items = fit_items(workshop, scenario_floor)
    ids = [item.id for item in items]
    try:
        fitting = fit_agenda(items, workshop.duration)
    except FitError as exc:
        option = option or ("--duration" if duration is not None else None)
        return workshop, doc, [_cannot_fit(doc, exc, workshop, option)], {}
    fitted = fitting.minutes
    absorbed = {m: k for k, members in fitting.merged.items() for m in members}
    kept = [i for i, m in enumerate(fitted) if m is not None]
    warnings = [
        doc.diagnostic(
            ("agenda", i),
            (
                f"optional segment '{ids[i]}' ({items[i].minutes} min) is left out to fit "
                f"{workshop.duration} minutes"
                if items[i].aftercare_of is None
                else f"aftercare '{ids[i]}' ({items[i].minutes} min) is left out together with "
                f"'{ids[items[i].aftercare_of]}', the scenario it looks after"
            ),
            "fit.dropped",
            severity="warning",
        )
        for i, m in enumerate(fitted)
        if m is None and i not in absorbed
    ]
    warnings += [
        doc.diagnostic(
            ("agenda", j),
            f"{_break_label(items, ids, j)} would follow {_break_label(items, ids, k)} once the segments "
            f"between them are left out to fit {workshop.duration} minutes; they become one "
            f"{fitted[k]}-minute break, '{ids[k]}', which keeps what each of them says",
            "fit.merged",
            severity="warning",
        )
        for j, k in sorted(absorbed.items())
    ]
    warnings += [
        doc.diagnostic(
            ("agenda", i),
            f"fitting to {workshop.duration} minutes gives '{ids[i]}' {m} of its {items[i].minutes} minutes; "
            "give it min_minutes, mark another segment optional, or choose a longer duration",
            "fit.squeezed",
            severity="warning",
        )
        for i, m in enumerate(fitted)
        if m is not None and m < SQUEEZED * items[i].minutes and items[i].minutes - m >= SQUEEZED_BY
    ]
    agenda = [
        merged_break([workshop.agenda[m] for m in (i, *fitting.merged[i])], fitted[i] or 0, ids[i])
        if i in fitting.merged
        else workshop.agenda[i].model_copy(update={"minutes": fitted[i], "id": ids[i]})
        for i in kept
    ]
    merged = {kept.index(k): tuple(ids[m] for m in members) for k, members in fitting.merged.items()}
    fitted_workshop = workshop.model_copy(update={"agenda": agenda})
    return fitted_workshop, (_reindex(doc, kept) if len(kept) < len(fitted) else doc), warnings, merged


def _break_label(items: Sequence[FitItem], ids: list[str], k: int) -> str:
    """Return how a merge warning names a break: `required break 'break-2' (10 min)`."""
    item = items[k]
    if item.aftercare_of is not None:
        return f"break '{ids[k]}' ({item.minutes} min, aftercare for '{ids[item.aftercare_of]}')"
    return f"{'required break' if item.required else 'break'} '{ids[k]}' ({item.minutes} min)"


def merged_break(breaks: Sequence[SegmentBase], minutes: int, segment_id: str) -> SegmentBase:
    """Return one break standing for `breaks`, side by side once a fit left out what was between them.

    It keeps the first break's title and place, takes `minutes`, and keeps the notes
    and materials of every one (nothing a workshop says is lost). It is required when
    any of them was required or was a role-play's aftercare, so it is never cut; it
    stays aftercare only when all of them looked after the same scenario.
    """
    first = breaks[0]
    notes = "\n\n".join(s.notes.strip() for s in breaks if s.notes and s.notes.strip())
    materials = list(dict.fromkeys(m for s in breaks for m in s.materials))
    cared_for = {s.aftercare_for for s in breaks}
    aftercare_for = first.aftercare_for if len(cared_for) == 1 else None
    required = any(s.required for s in breaks) or (aftercare_for is None and cared_for != {None})
    return first.model_copy(
        update={
            "id": segment_id,
            "minutes": minutes,
            "notes": notes or None,
            "materials": materials,
            "required": required,
            "optional": all(s.optional for s in breaks) and not required and aftercare_for is None,
            "aftercare_for": aftercare_for,
            "lead": next((s.lead for s in breaks if s.lead), None),
            "min_minutes": None,
        }
    )


def role_play_floor(library: Library) -> Callable[[str], int | None]:
    """Return a function giving a role-play's default minimum from its library id (None if unknown)."""

    def floor(scenario_id: str) -> int | None:
        item = library.get("scenarios", scenario_id)
        return ROLE_PLAY_MINUTES[item.intensity] if isinstance(item, Scenario) else None

    return floor


def fit_items(workshop: Workshop, scenario_floor: Callable[[str], int | None] | None = None) -> list[FitItem]:
    """Return what fitting needs to know about each segment of the workshop's agenda.

    `scenario_floor` gives a role-play's default minimum from its library id
    (None when it is not known).
    """
    ids = default_segment_ids(workshop.agenda)
    index = {segment_id: i for i, segment_id in enumerate(ids)}
    items = []
    for i, s in enumerate(workshop.agenda):
        floor = scenario_floor(s.scenario) if scenario_floor and s.kind == "scenario" else None
        cared_for = index.get(s.aftercare_for) if s.aftercare_for else None
        items.append(
            FitItem(
                ids[i],
                s.minutes,
                s.fixed or s.kind in FIXED_KINDS,
                s.optional,
                s.min_minutes,
                s.kind,
                required=s.required,
                aftercare_of=cared_for if cared_for != i else None,
                default_floor=floor,
            )
        )
    return items


def _cannot_fit(doc: SourceDoc, exc: FitError, workshop: Workshop, option: str | None) -> Diagnostic:
    """The error for an agenda that cannot fit: on the option that gave the duration, else on `duration:`."""
    shortest: int | None = getattr(exc, "shortest", None)
    if shortest is None:
        fix = ""
    elif option == "--end":
        ends = workshop.start.hour * 60 + workshop.start.minute + shortest
        fix = f"; it fits {shortest} minutes or more (--end {ends // 60 % 24:02d}:{ends % 60:02d})"
    elif option:
        fix = f"; it fits {shortest} minutes or more (--duration {shortest}m)"
    else:
        fix = f"; it fits {shortest} minutes or more (duration: {shortest}m)"
    if option:
        return Diagnostic(doc.shown_path, 0, 0, option, f"{exc}{fix}", "fit.impossible")
    return doc.diagnostic(("duration",), f"{exc}{fix}", "fit.impossible")


def over_duration(workshop: Workshop, doc: SourceDoc, total: int) -> Diagnostic:
    """The error for an agenda longer than its duration, saying what would make it fit.

    When the agenda edits of a derived workshop are what made it too long, it
    points at the edit that adds the most minutes and lists what each one added.
    """
    over = total - workshop.duration
    try:
        fit_minutes(fit_items(workshop), workshop.duration)
        remedy = (
            f"add `fit: proportional` (or --fit) to scale it to {workshop.duration} minutes, "
            f"shorten or remove segments, or set duration: {total}m"
        )
    except FitError:
        remedy = f"shorten or remove segments (even --fit cannot make it fit), or set duration: {total}m"
    edits: list[EditMinutes] = getattr(doc, "edit_minutes", [])
    added = sum(edit.minutes for edit in edits)
    if edits and added > 0 and over <= added:
        listed = ", ".join(f"{format_loc(e.loc)} {e.minutes:+d}" for e in edits if e.minutes)
        most = max(edits, key=lambda edit: edit.minutes)
        message = (
            f"the agenda edits add {added} minutes ({listed}), so the agenda adds up to {total} minutes, "
            f"{over} over the {workshop.duration}-minute duration; {remedy}"
        )
        where = display_path(most.path)
        return Diagnostic(where, most.line, most.col, format_loc(most.loc), message, "plan.over")
    message = f"the agenda adds up to {total} minutes, {over} over the {workshop.duration}-minute duration"
    return doc.diagnostic(("duration",), f"{message}; {remedy}", "plan.over")


def _reindex(doc: SourceDoc, kept: list[int]) -> MergedDoc:
    """Return positions for an agenda that keeps only the segments `kept` (by old index).

    Only the positions are re-mapped: the data stays as written, and what reads the text
    (the print font's missing-glyph check) reads the document from before fitting.
    """
    merged = MergedDoc.of(doc)
    out = MergedDoc(merged.path, merged.data, sources=merged.sources)
    out.graft((), merged, ())
    for marks, files in ((out.value_marks, out.value_files), (out.key_marks, out.key_files)):
        for loc in [loc for loc in marks if loc[:1] == ("agenda",) and len(loc) > 1]:
            del marks[loc]
            files.pop(loc, None)
    for new, old in enumerate(kept):
        out.graft(("agenda", new), merged, ("agenda", old))
    return out
