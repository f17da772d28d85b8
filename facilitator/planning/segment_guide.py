"""What a facilitator needs to run each segment, worked out from a Plan: `segment_guides(plan)`.

For every segment of the agenda, a frozen `SegmentGuide`: its purpose, the steps to run
it (by kind, by discussion format, a role-play's from `facilitator.planning.scenario_guide`),
a primer's talking points, a discussion's questions, a scenario's roles, debrief and
possible ally responses, the safety notes its kind calls for, its materials and the cue
for moving on. The Markdown/HTML guide and the guide PDF both render from these, so the
two always say the same thing. Strings may hold inline Markdown as written; the tool's
own sentences are English messages marked for the catalogues (`N_`), given back in the
workshop's language (`plan.words`).
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.planning.plan import Plan, PlannedSegment
from facilitator.planning.prep import segment_materials
from facilitator.planning.scenario_guide import (
    CHOOSE_ROLES,
    DEBRIEF_ALWAYS,
    HARM_ONCE,
    NO_IMITATION,
    OBSERVER_ROLE,
    STOP_ANY_TIME,
    RoleLine,
    format_name,
    role_lines,
    scenario_steps,
    scenario_timing,
)
from facilitator.text.i18n import N_, Words
from facilitator.text.wording import format_label, intensity_label
from facilitator.workshop.library_schema import Question

FORMAT_STEPS = {
    "think-pair-share": (
        N_("Give everyone a minute of quiet to think on their own before anyone speaks."),
        N_("Pair people up to talk it through; say when each person's turn is half over."),
        N_("Invite a few pairs to share what they noticed with the room, not who said what."),
    ),
    "pairs": (
        N_("Pair people up; if the numbers are odd, make one group of three."),
        N_("Give each person an equal turn and call the halfway point."),
        N_("Gather a few observations from the room without asking for personal stories."),
    ),
    "small-groups": (
        N_("Form groups and ask each to pick someone to keep time and someone to report back."),
        N_("Walk between groups; listen more than you talk."),
        N_("Ask each group for one point, in a round, so no group dominates the report-back."),
    ),
    "whole-room": (
        N_("Ask the question to the whole room and wait: silence is thinking time."),
        N_("Notice who has not spoken yet and make space for them without putting anyone on the spot."),
        N_("Summarize what you heard before moving on."),
    ),
    "journaling": (
        N_("Give people paper and a few minutes of quiet writing time."),
        N_("Say clearly that nobody will be asked to read out what they wrote."),
        N_("Offer an optional, voluntary share at the end."),
    ),
    "fishbowl": (
        N_("Set a small inner circle of volunteers to talk while the others listen."),
        N_("Let people join the inner circle by tapping in, and leave it freely."),
        N_("Close with the outer circle sharing what they heard, not what they would have said."),
    ),
}

KIND_PURPOSES = {
    "opening": N_(
        "Welcome people, set up how the group will work together, and say what the session covers."
    ),
    "primer": N_("Teach a few short points so the room shares a common starting place."),
    "discussion": N_("Give people structured time to think and talk about their own practice."),
    "scenario": N_("Rehearse an ally response in a low-stakes setting, then learn from it in the debrief."),
    "activity": N_("Put the ideas to work in a structured exercise."),
    "break": N_("Rest. People may need time to themselves after difficult content."),
    "reflection": N_("Quiet time for each person to connect the session to their own life."),
    "closing": N_("Bring the session to a steady close, point to support, and gather feedback."),
}

INTENSITY_NOTES = {
    "gentle": N_(
        "Intensity: gentle. The harm shown is everyday and low-key; still read the content note "
        "and offer the observer role."
    ),
    "moderate": N_(
        "Intensity: moderate. The situation may stir up real memories; read the content note "
        "slowly, check the room before you begin, and keep the debrief unhurried."
    ),
    "intense": N_(
        "Intensity: intense. Run this only with a group that has built some trust and a second "
        "facilitator in the room who can step out with anyone who needs it. Give the content note in "
        "advance as well as on the day."
    ),
}

# Safety wording, in our own words. Each constant is used by one or more segment kinds.
NO_SPOKESPERSON = N_(
    "Never ask anyone to speak for a group they belong to, or that you assume they belong to. "
    "People from marginalized groups are not the room's teaching material; the learning here is "
    "carried by the facilitators and the content."
)

PASS_FREELY = N_("Anyone may pass, observe or step out, at any time, without giving a reason.")

PAINFUL_SHARE = N_(
    "If someone shares a painful experience, thank them, do not probe for detail, and offer to talk "
    "afterwards; then steer back to what allies can do."
)

PRIVATE_REFLECTION = N_("What people write stays theirs: nobody is asked to read it out or hand it in.")

PRIMER_FOCUS = N_(
    "Keep the examples on what allies do. Do not ask people in the room to confirm or illustrate a "
    "point with their own experience of harm."
)

BREAK_AVAILABLE = N_(
    "Stay visible and approachable during the break: this is when people often ask a quiet question "
    "or say something was hard."
)

CLOSE_STEADY = N_(
    "End on something steady and forward-looking rather than on the heaviest moment, and say where "
    "support can be found."
)


@dataclass(frozen=True)
class TalkingPoint:
    """One point to make, with an optional bold lead-in."""

    heading: str | None
    text: str


@dataclass(frozen=True)
class AllyLine:
    """A possible ally response and the primer section it draws on."""

    text: str
    primer_id: str
    primer_title: str | None


@dataclass(frozen=True)
class SegmentGuide:
    """Everything a facilitator needs to run one segment."""

    segment_id: str
    index: int
    kind: str
    kind_label: str
    title: str
    start: str
    end: str
    times: str
    minutes: int
    purpose: str
    introduce: str | None
    talking_points: tuple[TalkingPoint, ...]
    misunderstandings: tuple[str, ...]
    listen_for: tuple[str, ...]
    takeaway: str | None
    steps: tuple[str, ...]
    discussion_format: str | None
    group_size: str | None
    guidance: str | None
    setting: str | None
    situation: str | None
    harmful_moment: str | None
    scenario_format: str | None
    review_before_use: str | None
    timing: str | None
    roles: tuple[RoleLine, ...]
    decision_points: tuple[str, ...]
    de_roling: tuple[str, ...]
    questions: tuple[Question, ...]
    prompts: tuple[str, ...]
    template: str | None
    debrief: tuple[str, ...]
    ally_responses: tuple[AllyLine, ...]
    facilitator_notes: tuple[str, ...]
    safety: tuple[str, ...]
    content_note: str | None
    intensity: str | None
    notes: str | None
    materials: tuple[str, ...]
    cue: str
    lead: str | None = None  # who leads the segment, when the workshop says


def _primer_titles(plan: Plan) -> dict[str, str]:
    titles = dict(plan.drawn_on)  # the primers ally responses draw on, from the library
    titles.update((s.primer.id, s.primer.title) for s in plan.segments if s.primer is not None)
    return titles


def _steps(plan: Plan, segment: PlannedSegment) -> tuple[str, ...]:
    workshop = plan.workshop
    _ = plan.words._
    steps: list[str] = list(segment.instructions)
    if segment.kind == "opening":
        first: list[str] = []
        if workshop.land_acknowledgement:
            first.append(_("Give the land acknowledgement prepared with the local Nations."))
        if workshop.content_note:
            first.append(
                _(
                    "Read the content note aloud, then say how to pass, observe or step out, and where the "
                    "quiet space is."
                )
            )
        steps += first
        covered = " ".join(steps).casefold()
        if workshop.agreements and _("agreement").casefold() not in covered:
            steps.append(_("Go through the community agreements and ask whether anyone would add one."))
        if workshop.objectives:
            steps.append(_("Say what the session aims to do, in a sentence or two."))
    elif segment.kind == "primer" and segment.primer is not None:
        steps += [
            _("Introduce the section (see the talking points)."),
            _("Make each point briefly; use an example from everyday life rather than from anyone present."),
            _("Check understanding with an open question, and close on the takeaway."),
        ]
    elif segment.kind == "discussion" and segment.discussion is not None:
        if segment.discussion_format:
            steps += [_(step) for step in FORMAT_STEPS[segment.discussion_format]]
    elif segment.kind == "scenario" and segment.scenario is not None:
        steps += scenario_steps(segment, plan.words)
    return tuple(steps)


def opting_out(words: Words) -> tuple[str, ...]:
    """Return what to say about opting out, before anything starts and before any role-play."""
    return tuple(words._(note) for note in (PASS_FREELY, OBSERVER_ROLE, NO_SPOKESPERSON, PAINFUL_SHARE))


def _safety(plan: Plan, segment: PlannedSegment) -> tuple[str, ...]:
    kind = segment.kind
    _ = plan.words._
    notes: list[str] = []
    if kind == "opening":
        notes += [
            _(PASS_FREELY),
            _("Say it out loud at the start: an option nobody mentions is an option nobody uses."),
        ]
        if not plan.workshop.content_note:
            notes.append(_("The workshop has no content note yet: write one before the day."))
    elif kind == "primer":
        notes += [_(PRIMER_FOCUS), _(NO_SPOKESPERSON)]
    elif kind == "discussion":
        if segment.discussion is not None:
            notes.append(segment.discussion.safety)
        notes += [_(PASS_FREELY), _(NO_SPOKESPERSON), _(PAINFUL_SHARE)]
    elif kind == "scenario":
        if segment.scenario is not None:
            notes.append(_("Content note to read first: {note}").format(note=segment.scenario.content_note))
            notes.append(_(INTENSITY_NOTES[segment.scenario.intensity]))
        notes += [
            _(n)
            for n in (
                OBSERVER_ROLE,
                CHOOSE_ROLES,
                HARM_ONCE,
                NO_IMITATION,
                STOP_ANY_TIME,
                DEBRIEF_ALWAYS,
                NO_SPOKESPERSON,
            )
        ]
    elif kind == "activity":
        notes += [_(PASS_FREELY), _(NO_SPOKESPERSON)]
    elif kind == "break":
        notes.append(_(BREAK_AVAILABLE))
    elif kind == "reflection":
        notes += [_(PRIVATE_REFLECTION), _(PASS_FREELY)]
    elif kind == "closing":
        notes += [_(CLOSE_STEADY), _(PASS_FREELY)]
    return tuple(notes)


def _purpose(segment: PlannedSegment) -> str:
    if segment.primer is not None:
        return segment.primer.summary
    if segment.discussion is not None:
        return segment.discussion.summary
    if segment.scenario is not None:
        return segment.scenario.summary
    if segment.activity is not None:
        return segment.activity.purpose
    return segment.words._(KIND_PURPOSES[segment.kind])


def segment_guide(plan: Plan, segment: PlannedSegment) -> SegmentGuide:
    """Return the facilitation content for one segment of `plan`."""
    primer, discussion, scenario, activity = (
        segment.primer,
        segment.discussion,
        segment.scenario,
        segment.activity,
    )
    primer_titles = _primer_titles(plan)
    prompts = tuple(scenario.prompts) if scenario else segment.prompts
    return SegmentGuide(
        segment_id=segment.id,
        index=segment.index,
        kind=segment.kind,
        kind_label=segment.kind_label,
        title=segment.title,
        start=segment.start,
        end=segment.end,
        times=segment.times,
        minutes=segment.minutes,
        lead=segment.lead,
        purpose=_purpose(segment),
        introduce=primer.facilitator_notes.introduce if primer else None,
        talking_points=tuple(TalkingPoint(p.heading, p.text) for p in primer.points) if primer else (),
        misunderstandings=tuple(primer.facilitator_notes.misunderstandings) if primer else (),
        listen_for=tuple(primer.facilitator_notes.listen_for) if primer else (),
        takeaway=primer.takeaway if primer else None,
        steps=_steps(plan, segment),
        discussion_format=format_label(segment.discussion_format, plan.words) or None,
        group_size=segment.group_size,
        guidance=discussion.guidance if discussion else None,
        setting=scenario.setting if scenario else None,
        situation=scenario.situation if scenario else None,
        harmful_moment=scenario.harmful_moment if scenario else None,
        scenario_format=format_name(segment, plan.words) if scenario else None,
        review_before_use=scenario.review_before_use if scenario else None,
        timing=scenario_timing(segment, plan.words),
        roles=role_lines(segment, plan.words),
        decision_points=tuple(scenario.decision_points) if scenario else (),
        de_roling=tuple(scenario.de_roling) if scenario else (),
        questions=tuple(discussion.questions) if discussion else (),
        prompts=prompts,
        template=activity.template if activity else None,
        debrief=tuple(scenario.debrief) if scenario else (),
        ally_responses=tuple(
            AllyLine(r.text, r.primer, primer_titles.get(r.primer)) for r in scenario.ally_responses
        )
        if scenario
        else (),
        facilitator_notes=tuple(activity.facilitator_notes) if activity else (),
        safety=_safety(plan, segment),
        content_note=scenario.content_note if scenario else None,
        intensity=intensity_label(scenario.intensity, plan.words) if scenario else None,
        notes=segment.notes,
        materials=segment_materials(plan, segment),
        cue=segment.cue(),
    )


def segment_guides(plan: Plan) -> tuple[SegmentGuide, ...]:
    """Return the facilitation content for every segment, in agenda order."""
    return tuple(segment_guide(plan, s) for s in plan.segments)
