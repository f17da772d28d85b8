"""Checks on a timed agenda that keep a session on painful subjects safe to run as written.

The standard is ../shared/FACILITATION.md. On the planned segments of one
workshop this module checks:

- aftercare (`agenda_key_problems`, on the agenda as written, before fitting):
  `required` and `optional` do not go together; `aftercare_for` names a
  scenario segment of this agenda;
- role-plays: a moderate or intense scenario never runs in parallel small
  groups; a scenario that needs a co-facilitator has two facilitators; a
  scenario that asks for review before use is noted;
- support: a workshop with role-plays but no `support:` contacts is warned (a
  note when every role-play is gentle); a contact still holding a
  `[placeholder]` is noted;
- aftercare: a moderate or intense role-play has something after it that
  looks after the room (a break, a `required` segment, or one `aftercare_for`
  it), so that removing the pause from a derived workshop is noticed;
- time that works: a role-play long enough to set up, play, step out of role
  and debrief, whose notes give its parts no minutes it does not split into
  (`roleplay.stated_split`); a closing round (`use: closing-round`) long enough for the
  expected participants and the feedback form; discussion questions counted against minutes; no
  stretch of more than 90 minutes without a break.

Errors stop the build. Warnings fail `--strict`. Notes are things to do before
the session (a contact to fill in, a review to hold); they are reported but do
not fail `--strict`, so a ready workshop can ship with its host's contact
still to be written in.
"""

from __future__ import annotations

import math
import re

from facilitator.errors import Diagnostic, did_you_mean
from facilitator.workshop.roleplay import ROLE_PLAY_MINUTES, format_problem, role_play_split, stated_split
from facilitator.workshop.schema import Workshop, default_segment_ids
from facilitator.workshop.source import SourceDoc

SECONDS_PER_PERSON = 20  # a closing round, one word or phrase each
ROUND_OVERHEAD = 2  # minutes to open and close the round
FEEDBACK_FORM = 5  # minutes to fill in a feedback form
MINUTES_PER_QUESTION = 3  # the least a discussion question takes in pairs or small groups
LONGEST_STRETCH = 90  # minutes without a break
PLACEHOLDER = re.compile(r"\[[^\]]{1,80}\]")
ROUND = "closing-round"  # the library activity in which everyone speaks once
# The safeguards' warnings and notes: advice on a workshop that is otherwise sound, left out beside errors.
SAFEGUARD_CODES = frozenset(
    {
        "timing.role-play",
        "timing.split",
        "timing.discussion",
        "timing.closing",
        "timing.no-break",
        "support.missing",
        "support.placeholder",
        "scenario.co-facilitator",
        "scenario.review",
        "aftercare.missing",
    }
)


def safeguard_diagnostics(workshop: Workshop, doc: SourceDoc, segments: tuple) -> list[Diagnostic]:
    """Return every problem the safeguards find in `workshop`'s planned `segments`."""
    return [
        *_role_plays(workshop, doc, segments),
        *_support(workshop, doc, segments),
        *_aftercare(doc, segments),
        *_timing(workshop, doc, segments),
    ]


def _aftercare(doc: SourceDoc, segments: tuple) -> list[Diagnostic]:
    """Warn about a moderate or intense role-play that nothing after it looks after (FACILITATION.md)."""
    problems = []
    for k, s in enumerate(segments):
        if s.scenario is None or s.scenario.intensity == "gentle":
            continue
        later = segments[k + 1 :]
        if any(x.kind == "break" or x.required or x.aftercare_for == s.id for x in later):
            continue
        problems.append(
            doc.diagnostic(
                ("agenda", s.index, "scenario"),
                f"nothing after the {s.scenario.intensity} role-play '{s.id}' looks after the room; add a "
                "pause after it (an activity with `use: self-care-and-support` and "
                f"`aftercare_for: {s.id}`) or a break",
                "aftercare.missing",
                severity="warning",
            )
        )
    return problems


def closing_minutes(workshop: Workshop) -> int:
    """Return the minutes a closing round of the expected participants needs, with the feedback form."""
    people = workshop.expected_participants
    round_minutes = math.ceil(people * SECONDS_PER_PERSON / 60) + ROUND_OVERHEAD
    return round_minutes + (FEEDBACK_FORM if workshop.printables.feedback else 0)


def agenda_key_problems(workshop: Workshop, doc: SourceDoc) -> list[Diagnostic]:
    """Return errors in the agenda's `required`, `optional` and `aftercare_for` keys, before any fitting.

    Checked on the agenda as written, so that the positions name the segments the author wrote.
    """
    problems = []
    ids = default_segment_ids(workshop.agenda)
    by_id = {segment_id: segment for segment_id, segment in zip(ids, workshop.agenda, strict=True)}
    for i, raw in enumerate(workshop.agenda):
        if raw.required and raw.optional:
            problems.append(
                doc.diagnostic(
                    ("agenda", i, "optional"),
                    f"segment '{ids[i]}' is both required and optional; a required segment is never "
                    "dropped, so remove `optional: true` (or `required: true`)",
                    "segment.required-optional",
                )
            )
        if not raw.aftercare_for:
            continue
        target = by_id.get(raw.aftercare_for)
        where = ("agenda", i, "aftercare_for")
        if target is None or target is raw:
            scenarios = [x for x, s in zip(ids, workshop.agenda, strict=True) if s.kind == "scenario"]
            hint = did_you_mean(raw.aftercare_for, scenarios)
            message = f"no scenario segment '{raw.aftercare_for}' in this agenda{hint}"
            problems.append(doc.diagnostic(where, message, "segment.aftercare"))
        elif target.kind != "scenario":
            message = (
                f"'{raw.aftercare_for}' is a {target.kind} segment; `aftercare_for` names a scenario segment"
            )
            problems.append(doc.diagnostic(where, message, "segment.aftercare"))
        if raw.optional:
            problems.append(
                doc.diagnostic(
                    ("agenda", i, "optional"),
                    f"aftercare '{ids[i]}' cannot be optional: it is kept as long as its scenario is",
                    "segment.required-optional",
                )
            )
    return problems


def _role_plays(workshop: Workshop, doc: SourceDoc, segments: tuple) -> list[Diagnostic]:
    problems = []
    for s in segments:
        if s.scenario is None:
            continue
        override = getattr(workshop.agenda[s.index], "format", None)
        # A scenario's own `format` is checked in the library; here, the workshop's choice of format.
        reason = format_problem(s.scenario, override) if override else None
        if reason:
            problems.append(doc.diagnostic(("agenda", s.index, "format"), reason, "scenario.format"))
        voiced = [r.name for r in s.scenario.roles if r.played_by == "co-facilitator"]
        if voiced and len(workshop.facilitators) < 2:
            problems.append(
                doc.diagnostic(
                    ("agenda", s.index, "scenario"),
                    f"scenario '{s.scenario.id}' needs a co-facilitator to voice {', '.join(voiced)}, "
                    f"and the workshop names {len(workshop.facilitators)} facilitator(s); add one "
                    "to `facilitators:` or choose another scenario",
                    "scenario.co-facilitator",
                    severity="warning",
                )
            )
        if s.scenario.review_before_use:
            problems.append(
                doc.diagnostic(
                    ("agenda", s.index, "scenario"),
                    f"scenario '{s.scenario.id}' is to be reviewed before use: "
                    f"{' '.join(s.scenario.review_before_use.split())}",
                    "scenario.review",
                    severity="note",
                )
            )
    return problems


def _support(workshop: Workshop, doc: SourceDoc, segments: tuple) -> list[Diagnostic]:
    plays = [s for s in segments if s.scenario]
    heavy = [s for s in plays if s.scenario.intensity != "gentle"]
    if not workshop.support and plays:
        if heavy:
            message = (
                f"no `support:` contacts, and '{heavy[0].scenario.id}' is {heavy[0].scenario.intensity}; "
                "list where participants can get personal support (name, contact, when)"
            )
            return [doc.diagnostic(("id",), message, "support.missing", severity="warning")]
        message = (
            "no `support:` contacts for after the role-play; list where participants can get personal "
            "support (name, contact, when)"
        )
        return [doc.diagnostic(("id",), message, "support.missing", severity="note")]
    problems = []
    for i, contact in enumerate(workshop.support):
        blanks = [(key, PLACEHOLDER.search(getattr(contact, key))) for key in ("name", "contact", "when")]
        blanks = [(key, found.group()) for key, found in blanks if found]
        if blanks:
            shown = ", ".join(blank for _key, blank in blanks)
            problems.append(
                doc.diagnostic(
                    ("support", i, blanks[0][0]),
                    f"still a placeholder ({shown}); write in the real contact and confirm it before "
                    "printing",
                    "support.placeholder",
                    severity="note",
                )
            )
    return problems


def _timing(workshop: Workshop, doc: SourceDoc, segments: tuple) -> list[Diagnostic]:
    problems = []
    for s in segments:
        if s.scenario is not None:
            least = ROLE_PLAY_MINUTES[s.scenario.intensity]
            if s.minutes < least:
                problems.append(
                    doc.diagnostic(
                        ("agenda", s.index, "minutes"),
                        f"{_article(s.scenario.intensity)} {s.scenario.intensity} role-play needs at least "
                        f"{least} minutes to set up, play, step out of role and debrief; '{s.id}' has "
                        f"{s.minutes}",
                        "timing.role-play",
                        severity="warning",
                    )
                )
            problems += _stated_split(doc, s.index, s.id, s.minutes, s.scenario.intensity, s.notes)
        if s.discussion is not None:
            count = len(s.discussion.questions)
            if s.minutes < count * MINUTES_PER_QUESTION:
                problems.append(
                    doc.diagnostic(
                        ("agenda", s.index, "minutes"),
                        f"{count} questions take at least {count * MINUTES_PER_QUESTION} minutes "
                        f"({MINUTES_PER_QUESTION} each); '{s.id}' has {s.minutes}: choose fewer with "
                        "`questions:` or give it more time",
                        "timing.discussion",
                        severity="warning",
                    )
                )
    closings = [s for s in segments if s.kind == "closing" and s.activity and s.activity.id == ROUND]
    need = closing_minutes(workshop)
    if closings and sum(s.minutes for s in closings) < need:
        form = f" and {FEEDBACK_FORM} for the feedback form" if workshop.printables.feedback else ""
        problems.append(
            doc.diagnostic(
                ("agenda", closings[-1].index, "minutes"),
                f"a closing round for {workshop.expected_participants} people takes about "
                f"{need - (FEEDBACK_FORM if workshop.printables.feedback else 0)} minutes{form}; "
                f"the closing has {sum(s.minutes for s in closings)}",
                "timing.closing",
                severity="warning",
            )
        )
    problems += _long_stretches(doc, segments)
    return problems


def _stated_split(
    doc: SourceDoc, index: int, segment_id: str, minutes: int, intensity: str, notes: str | None
) -> list[Diagnostic]:
    """Warn when a role-play's `notes` give its parts minutes its (fitted) `minutes` do not split into."""
    split = role_play_split(minutes, intensity)
    stated = stated_split(notes or "")
    wrong = [words for part, (words, given) in stated.items() if getattr(split, part) != given]
    if not wrong:
        return []
    return [
        doc.diagnostic(
            ("agenda", index, "notes"),
            f"say '{wrong[0]}', but the {minutes} minutes of '{segment_id}' split as set up "
            f"{split.set_up}, play {split.play}, step out of role {split.de_role} and debrief "
            f"{split.debrief}, as the guide, speaker notes and timer say; leave the minutes out of the notes",
            "timing.split",
            severity="warning",
        )
    ]


def _long_stretches(doc: SourceDoc, segments: tuple) -> list[Diagnostic]:
    """Return a warning for each stretch of more than LONGEST_STRETCH minutes without a break."""
    problems = []
    stretch: list = []
    for s in [*segments, None]:
        if s is not None and s.kind != "break":
            stretch.append(s)
            continue
        length = sum(x.minutes for x in stretch)
        if length > LONGEST_STRETCH:
            first, last = stretch[0], stretch[-1]
            problems.append(
                doc.diagnostic(
                    ("agenda", last.index),
                    f"{first.start}–{last.end} runs {length} minutes without a break; add a break "
                    f"(about every {LONGEST_STRETCH} minutes at most) or shorten the stretch",
                    "timing.no-break",
                    severity="warning",
                )
            )
        stretch = []
    return problems


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
