"""The Plan: a workshop with its library items resolved and every segment's clock times.

A Plan is what every renderer receives. It is read-only and complete: a
renderer never reads YAML or looks anything up in the library. It also
gathers, for the credits page, every source of every item the workshop uses.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from facilitator.errors import Diagnostic, did_you_mean
from facilitator.planning.fit import over_duration, segment_floor
from facilitator.planning.library import Library, drawn_on_titles
from facilitator.planning.safeguards import safeguard_diagnostics
from facilitator.planning.theme import Theme
from facilitator.text.i18n import N_, Words, words_for
from facilitator.text.wording import tidy
from facilitator.workshop.library_schema import (
    Activity,
    DiscussionSet,
    PrimerSection,
    Resource,
    ResourceList,
    Scenario,
)
from facilitator.workshop.roleplay import ROLE_PLAY_MINUTES, scenario_format
from facilitator.workshop.schema import (
    LIBRARY_SEGMENT_KINDS,
    SegmentBase,
    Workshop,
    check_time_zone,
    default_segment_ids,
)
from facilitator.workshop.source import SourceDoc

UNDER_TOLERANCE = 5  # minutes an agenda may fall short of the duration without a warning
# Errors about the agenda's length alone: the run-of-show can still be shown beside them.
TIMING_CODES = frozenset({"plan.over", "fit.impossible"})
# English messages, translated where they are used (`make i18n` finds them by `N_`).
DEFAULT_TITLES = {
    "opening": N_("Welcome"),
    "activity": N_("Activity"),
    "break": N_("Break"),
    "reflection": N_("Reflection"),
    "closing": N_("Closing"),
}
KIND_LABELS = {
    "opening": N_("Opening"),
    "primer": N_("Primer"),
    "discussion": N_("Discussion"),
    "scenario": N_("Role-play"),
    "activity": N_("Activity"),
    "break": N_("Break"),
    "reflection": N_("Reflection"),
    "closing": N_("Closing"),
}


def clock(minute_of_day: int) -> str:
    """Return minutes since midnight as `HH:MM` (wrapping past midnight), whatever the language.

    For machines (ids, calendars, comparisons); people read `PlannedSegment.start`.
    """
    minute_of_day %= 24 * 60
    return f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"


@dataclass(frozen=True)
class PlannedSegment:
    """One agenda segment, resolved and timed."""

    index: int
    id: str
    kind: str
    title: str
    minutes: int
    start_minute: int
    notes: str | None
    materials: tuple[str, ...]
    primer: PrimerSection | None = None
    discussion: DiscussionSet | None = None
    discussion_format: str | None = None
    group_size: str | None = None
    scenario: Scenario | None = None
    activity: Activity | None = None
    instructions: tuple[str, ...] = ()
    prompts: tuple[str, ...] = ()
    next_title: str | None = None
    fixed: bool = False
    optional: bool = False
    required: bool = False
    aftercare_for: str | None = None
    min_minutes: int | None = None
    lead: str | None = None  # who leads it, when the workshop says
    language: str = "en"  # the workshop's language tag: how times and labels read
    scenario_format: str | None = None  # small-groups, fishbowl or demonstration
    merged: tuple[str, ...] = ()  # ids of the breaks a fit merged into this one (`fit.merged_break`)

    @property
    def words(self) -> Words:
        """Return the tool's words in the workshop's language."""
        return words_for(self.language)

    @property
    def floor(self) -> int:
        """Return the fewest minutes the segment may shrink to, by the rule fitting uses (`segment_floor`)."""
        role_play = ROLE_PLAY_MINUTES[self.scenario.intensity] if self.scenario is not None else None
        keep = self.required or self.aftercare_for is not None
        return segment_floor(self.minutes, self.min_minutes, role_play, keep=keep)

    @property
    def end_minute(self) -> int:
        """Return the minute of the day the segment ends."""
        return self.start_minute + self.minutes

    @property
    def start(self) -> str:
        """Return the clock time the segment starts, as the language writes it (`14:20`, `14 h 20`)."""
        return self.words.time(self.start_minute)

    @property
    def end(self) -> str:
        """Return the clock time the segment ends, as the language writes it."""
        return self.words.time(self.end_minute)

    @property
    def times(self) -> str:
        """Return the segment's span of clock times: `10:00–10:15`, `10 h 00 – 10 h 15`."""
        return self.words.time_range(self.start_minute, self.end_minute)

    @property
    def kind_label(self) -> str:
        """Return the kind as a reader sees it (`Role-play` for scenarios), in the workshop's language."""
        return self.words._(KIND_LABELS[self.kind])

    def cue(self) -> str:
        """Return the facilitator's cue for moving on, e.g. `At 10:35, wrap up and move to Break.`"""
        words = self.words
        if self.next_title:  # a title ending in "?" takes no full stop after it
            return tidy(
                words._("At {time}, wrap up and move to {title}.").format(
                    time=self.end, title=self.next_title
                )
            )
        return words._("At {time}, close the session.").format(time=self.end)


@dataclass(frozen=True)
class Credit:
    """One source document and the items of this workshop that draw on it."""

    title: str
    publisher: str | None
    url: str | None
    used_in: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """A workshop ready to render: details, timed segments, theme and resources."""

    workshop: Workshop
    segments: tuple[PlannedSegment, ...]
    theme: Theme
    resources: tuple[Resource, ...]
    source_path: Path
    inputs: tuple[Path, ...]
    warnings: tuple[Diagnostic, ...] = ()
    time_zone: str = "UTC"  # IANA name: the workshop's `timezone`, else this computer's
    credits: tuple[Credit, ...] = ()
    # (id, title) of the primers the role-plays' ally responses draw on, in the build's language.
    drawn_on: tuple[tuple[str, str], ...] = ()

    @property
    def start_minute(self) -> int:
        """Return the minute of the day the workshop starts."""
        return self.workshop.start.hour * 60 + self.workshop.start.minute

    @property
    def total_minutes(self) -> int:
        """Return the sum of the segments' minutes."""
        return sum(s.minutes for s in self.segments)

    @property
    def words(self) -> Words:
        """Return the tool's words in the workshop's language (labels, dates, times, lists)."""
        return words_for(self.workshop.language)

    @property
    def start(self) -> str:
        """Return the start time, as the workshop's language writes it."""
        return self.words.time(self.start_minute)

    @property
    def end(self) -> str:
        """Return the clock time the agenda ends, as the workshop's language writes it."""
        return self.words.time(self.start_minute + self.total_minutes)

    @property
    def times(self) -> str:
        """Return the session's span of clock times: `10:00–11:00`, `10 h 00 – 11 h 00`."""
        return self.words.time_range(self.start_minute, self.start_minute + self.total_minutes)

    def of_kind(self, kind: str) -> tuple[PlannedSegment, ...]:
        """Return the segments of one kind, in agenda order."""
        return tuple(s for s in self.segments if s.kind == kind)

    @property
    def participant_resources(self) -> tuple[Resource, ...]:
        """Return the resources shown to participants: those with no link, or a checked one.

        A resource whose only link is an `unverified_url` appears in the guide alone.
        """
        return tuple(r for r in self.resources if r.url or not r.unverified_url)


def _segment_ids(agenda: list[SegmentBase], doc: SourceDoc) -> tuple[list[str], list[Diagnostic]]:
    problems = []
    seen: set[str] = set()
    for i, segment in enumerate(agenda):
        if segment.id in seen:
            problems.append(
                doc.diagnostic(
                    ("agenda", i, "id"),
                    f"segment id '{segment.id}' is used twice; give each segment its own id",
                    "plan.duplicate-id",
                )
            )
        if segment.id:
            seen.add(segment.id)
    return default_segment_ids(agenda), problems


def _explained(library: Library, kind: str, item_id: str) -> bool:
    """Whether a missing item is already accounted for: its file has errors, or a library folder is missing.

    One root cause gives one error: the broken file's own, or the missing folder's.
    """
    return bool(getattr(library, "incomplete", False)) or library.explained(kind, item_id)


def make_plan(
    workshop: Workshop,
    doc: SourceDoc,
    library: Library,
    theme: Theme,
    inputs: tuple[Path, ...],
    *,
    check_total: bool,
    merged: dict[int, tuple[str, ...]] | None = None,
) -> tuple[Plan | None, list[Diagnostic]]:
    """Resolve library ids and time the agenda; return the Plan and every diagnostic found.

    An agenda that does not add up to the duration still gets a Plan (for `facilitator agenda`
    to show), beside its `plan.over` error; any other error means no Plan. `check_total=False`
    leaves the total unchecked (when fitting already said the agenda cannot fit). `merged`
    gives, by segment index, the ids of the breaks a fit merged into that break.
    """
    diagnostics: list[Diagnostic] = []
    words = words_for(workshop.language)
    ids, problems = _segment_ids(workshop.agenda, doc)
    diagnostics += problems
    drafts: list[dict] = []
    minute = workshop.start.hour * 60 + workshop.start.minute
    for i, segment in enumerate(workshop.agenda):
        kind = segment.kind
        fields: dict = {
            "index": i,
            "id": ids[i],
            "kind": kind,
            "minutes": segment.minutes,
            "start_minute": minute,
            "notes": segment.notes,
            "fixed": segment.fixed or kind in ("break", "opening"),
            "optional": segment.optional,
            "required": segment.required,
            "aftercare_for": segment.aftercare_for,
            "min_minutes": segment.min_minutes,
            "lead": segment.lead,
            "language": workshop.language,
            "merged": (merged or {}).get(i, ()),
        }
        materials = list(segment.materials)
        title = segment.title
        if kind in LIBRARY_SEGMENT_KINDS:
            library_kind = LIBRARY_SEGMENT_KINDS[kind]
            item_id = getattr(segment, kind)
            item = library.get(library_kind, item_id)
            if item is None:
                if not _explained(library, library_kind, item_id):
                    message = library.unknown(library_kind, item_id)
                    diagnostics.append(doc.diagnostic(("agenda", i, kind), message, "ref.unknown"))
                title = title or item_id
            else:
                fields[kind] = item
                title = title or item.title
            if kind == "discussion":
                fields["discussion_format"] = segment.format or (item.formats[0] if item else None)
                fields["group_size"] = segment.group_size or (item.group_size if item else None)
                if item and segment.format and segment.format not in item.formats:
                    diagnostics.append(
                        doc.diagnostic(
                            ("agenda", i, "format"),
                            f"'{segment.format}' is not among the formats '{item_id}' is written for "
                            f"({', '.join(item.formats)}); its guidance and timing assume one of those, "
                            "so choose one or check the guidance still holds",
                            "plan.format",
                            severity="warning",
                        )
                    )
                if isinstance(item, DiscussionSet) and segment.questions:
                    chosen, problems = _chosen_questions(item, segment.questions, doc, i)
                    diagnostics += problems
                    fields["discussion"] = chosen
            if kind == "scenario" and isinstance(item, Scenario):
                fields["scenario_format"] = scenario_format(item, segment.format)
        else:
            activity = None
            use = getattr(segment, "use", None)
            if use:
                activity = library.get("activities", use)
                if activity is None and not _explained(library, "activities", use):
                    diagnostics.append(
                        doc.diagnostic(
                            ("agenda", i, "use"), library.unknown("activities", use), "ref.unknown"
                        )
                    )
            own_title = getattr(segment, "break_" if kind == "break" else kind)
            title = title or own_title or (activity.title if activity else words._(DEFAULT_TITLES[kind]))
            fields["activity"] = activity
            fields["instructions"] = tuple(getattr(segment, "instructions", ())) + (
                tuple(activity.steps) if activity else ()
            )
            fields["prompts"] = tuple(getattr(segment, "prompts", ())) + (
                tuple(activity.prompts) if activity else ()
            )
            if activity:
                materials += [m for m in activity.materials if m not in materials]
        fields["title"] = title
        fields["materials"] = tuple(materials)
        drafts.append(fields)
        minute += segment.minutes

    for here, following in itertools.pairwise(drafts):
        here["next_title"] = following["title"]
    segments = tuple(PlannedSegment(**fields) for fields in drafts)

    total = sum(s.minutes for s in segments)
    if total > workshop.duration and check_total:
        diagnostics.append(over_duration(workshop, doc, total))
    elif workshop.duration - total > UNDER_TOLERANCE and check_total:
        diagnostics.append(
            doc.diagnostic(
                ("duration",),
                f"the agenda adds up to {total} of {workshop.duration} minutes "
                f"({workshop.duration - total} unplanned)",
                "plan.under",
                severity="warning",
            )
        )

    resources: list[Resource] = []
    resource_sources: list[tuple[str, str]] = []
    for i, entry in enumerate(workshop.resources):
        if isinstance(entry, Resource):
            resources.append(entry)
            resource_sources += [(entry.source, entry.name)] if entry.source else []
            continue
        found = library.get("resources", entry)
        if isinstance(found, ResourceList):
            resources += found.items
            resource_sources += [(r.source, found.title) for r in found.items if r.source]
        elif not _explained(library, "resources", entry):
            diagnostics.append(
                doc.diagnostic(("resources", i), library.unknown("resources", entry), "ref.unknown")
            )

    blank = re.search(r"\[[^\]]{1,60}\]", workshop.land_acknowledgement or "")
    if blank:
        diagnostics.append(
            doc.diagnostic(
                ("land_acknowledgement",),
                f"still has a template blank {blank.group()}; write the acknowledgement with the "
                "local Nations before the session",
                "plan.land-acknowledgement",
                severity="warning",
            )
        )

    intense = [s for s in segments if s.scenario and s.scenario.intensity == "intense"]
    if intense and not workshop.content_note:
        diagnostics.append(
            doc.diagnostic(
                ("agenda", intense[0].index),
                f"scenario '{intense[0].scenario.id}' is marked intense but the workshop has no "
                "content_note; add one so people can choose to opt out",
                "plan.content-note",
                severity="warning",
            )
        )

    diagnostics += _lead_warnings(workshop, doc)
    diagnostics += safeguard_diagnostics(workshop, doc, segments)
    scenarios = [s.scenario for s in segments if s.scenario is not None]
    in_agenda = {s.primer.id for s in segments if s.primer is not None}
    drawn_on, problems = drawn_on_titles(library, scenarios, in_agenda)
    diagnostics += problems

    if any(d.severity == "error" and d.code not in TIMING_CODES for d in diagnostics):
        return None, diagnostics
    warnings = tuple(d for d in diagnostics if d.severity in ("warning", "note"))
    credits = gather_credits(segments, resource_sources)
    plan = Plan(
        workshop,
        segments,
        theme,
        tuple(resources),
        doc.path,
        inputs,
        warnings,
        credits=credits,
        drawn_on=drawn_on,
    )
    plan = dataclasses.replace(plan, time_zone=workshop.timezone or local_time_zone())
    return plan, diagnostics


def _lead_warnings(workshop: Workshop, doc: SourceDoc) -> list[Diagnostic]:
    """Warn about a segment `lead` who is not among the workshop's facilitators (a typo, usually)."""
    if not workshop.facilitators:
        return []
    return [
        doc.diagnostic(
            ("agenda", i, "lead"),
            f"'{segment.lead}' is not one of the facilitators"
            f"{did_you_mean(segment.lead, workshop.facilitators)}; "
            f"the facilitators are {', '.join(workshop.facilitators)}",
            "plan.lead",
            severity="warning",
        )
        for i, segment in enumerate(workshop.agenda)
        if segment.lead and segment.lead not in workshop.facilitators
    ]


def local_time_zone() -> str:
    """Return this computer's time zone as an IANA name (`UTC` when it cannot be told)."""
    import tzlocal  # only when a workshop does not name its own

    try:
        name = tzlocal.get_localzone_name()
    except (LookupError, ValueError, OSError):  # a misconfigured system
        return "UTC"
    try:
        return check_time_zone(name) or "UTC"
    except ValueError:
        return "UTC"


def _chosen_questions(
    item: DiscussionSet, numbers: list[int], doc: SourceDoc, i: int
) -> tuple[DiscussionSet, list[Diagnostic]]:
    """Return the discussion set keeping only the questions `numbers` (1-based), and any bad number."""
    problems = []
    for j, n in enumerate(numbers):
        if n > len(item.questions):
            problems.append(
                doc.diagnostic(
                    ("agenda", i, "questions", j),
                    f"'{item.id}' has {len(item.questions)} questions; there is no question {n}",
                    "plan.question",
                )
            )
    kept = [item.questions[n - 1] for n in dict.fromkeys(numbers) if n <= len(item.questions)]
    return item.model_copy(update={"questions": kept or item.questions}), problems


def gather_credits(
    segments: tuple[PlannedSegment, ...], resource_sources: list[tuple[str, str]]
) -> tuple[Credit, ...]:
    """Return every source of every item the segments use, by title, each with the items that use it.

    `resource_sources` pairs a resource's `source` title with the name it is listed under.
    """
    found: dict[str, dict] = {}

    def add(title: str, publisher: str | None, url: str | None, used_in: str) -> None:
        entry = found.setdefault(title, {"publisher": publisher, "url": url, "used_in": []})
        entry["publisher"] = entry["publisher"] or publisher
        entry["url"] = entry["url"] or url
        if used_in not in entry["used_in"]:
            entry["used_in"].append(used_in)

    for segment in segments:
        item = segment.primer or segment.discussion or segment.scenario or segment.activity
        if item is None:
            continue
        for source in item.sources:
            add(source.title, source.publisher, source.url, item.title)
    for title, listed_as in resource_sources:
        add(title, None, None, listed_as)
    return tuple(
        Credit(title, entry["publisher"], entry["url"], tuple(entry["used_in"]))
        for title, entry in sorted(found.items(), key=lambda pair: pair[0].casefold())
    )
