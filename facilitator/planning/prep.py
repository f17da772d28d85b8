"""Facilitator preparation worked out from a Plan: run of show, checklist, materials, per-segment notes.

Pure functions over a finished Plan that return plain, frozen dataclasses. The
Markdown/HTML guide and the guide PDF both render from these, so the two
always say the same thing. Nothing here formats text: strings may hold inline
Markdown, exactly as written in the workshop and the library.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.planning.plan import Plan, PlannedSegment
from facilitator.text.wording import FORMAT_LABELS
from facilitator.workshop.schema import Question, Role

SPARE_PERCENT = 10  # printed copies beyond the expected number of participants
SIGN_IN_ROWS_PER_PAGE = 20  # rows on one sign-in sheet page


FORMAT_STEPS = {
    "think-pair-share": (
        "Give everyone a minute of quiet to think on their own before anyone speaks.",
        "Pair people up to talk it through; say when each person's turn is half over.",
        "Invite a few pairs to share what they noticed with the room, not who said what.",
    ),
    "pairs": (
        "Pair people up; if the numbers are odd, make one group of three.",
        "Give each person an equal turn and call the halfway point.",
        "Gather a few observations from the room without asking for personal stories.",
    ),
    "small-groups": (
        "Form groups and ask each to pick someone to keep time and someone to report back.",
        "Walk between groups; listen more than you talk.",
        "Ask each group for one point, in a round, so no group dominates the report-back.",
    ),
    "whole-room": (
        "Ask the question to the whole room and wait: silence is thinking time.",
        "Notice who has not spoken yet and make space for them without putting anyone on the spot.",
        "Summarise what you heard before moving on.",
    ),
    "journaling": (
        "Give people paper and a few minutes of quiet writing time.",
        "Say clearly that nobody will be asked to read out what they wrote.",
        "Offer an optional, voluntary share at the end.",
    ),
    "fishbowl": (
        "Set a small inner circle of volunteers to talk while the others listen.",
        "Let people join the inner circle by tapping in, and leave it freely.",
        "Close with the outer circle sharing what they heard, not what they would have said.",
    ),
}

KIND_PURPOSES = {
    "opening": "Welcome people, set up how the group will work together, and say what the session covers.",
    "primer": "Teach a few short points so the room shares a common starting place.",
    "discussion": "Give people structured time to think and talk about their own practice.",
    "scenario": "Rehearse an ally response in a low-stakes setting, then learn from it in the debrief.",
    "activity": "Put the ideas to work in a structured exercise.",
    "break": "Rest. People may need time to themselves after difficult content.",
    "reflection": "Quiet time for each person to connect the session to their own life.",
    "closing": "Bring the session to a steady close, point to support, and gather feedback.",
}

INTENSITY_NOTES = {
    "gentle": "Intensity: gentle. The harm shown is everyday and low-key; still read the content note "
    "and offer the observer role.",
    "moderate": "Intensity: moderate. The situation may stir up real memories; read the content note "
    "slowly, check the room before you begin, and keep the debrief unhurried.",
    "intense": "Intensity: intense. Run this only with a group that has built some trust and a second "
    "facilitator in the room who can step out with anyone who needs it. Give the content note in "
    "advance as well as on the day.",
}

# Safety wording, in our own words. Each constant is used by one or more segment kinds.
NO_SPOKESPERSON = (
    "Never ask anyone to speak for a group they belong to, or that you assume they belong to. "
    "People from marginalised groups are not the room's teaching material; the learning here is "
    "carried by the facilitators and the content."
)
PASS_FREELY = "Anyone may pass, observe or step out, at any time, without giving a reason."
PAINFUL_SHARE = (
    "If someone shares a painful experience, thank them, do not probe for detail, and offer to talk "
    "afterwards; then steer back to what allies can do."
)
OBSERVER_ROLE = (
    "Offer an observer role to anyone who would rather not play; observers watch for what helped and "
    "report it in the debrief."
)
CHOOSE_ROLES = (
    "Let people choose their roles. Do not cast anyone as the person being harmed because of who "
    "they are, and do not ask anyone to play a harm they live with."
)
DEBRIEF_ALWAYS = (
    "Debrief every role-play, even when time runs short: cut the playing time, never the debrief. "
    "Start by having each player step out of role (say their own name, stand and stretch) before "
    "any questions."
)
STOP_ANY_TIME = (
    "Agree a clear word or gesture that stops the role-play at once; use it yourself if a scene "
    "turns hurtful rather than instructive."
)
PRIVATE_REFLECTION = "What people write stays theirs: nobody is asked to read it out or hand it in."
PRIMER_FOCUS = (
    "Keep the examples on what allies do. Do not ask people in the room to confirm or illustrate a "
    "point with their own experience of harm."
)
BREAK_AVAILABLE = (
    "Stay visible and approachable during the break: this is when people often ask a quiet question "
    "or say something was hard."
)
CLOSE_STEADY = (
    "End on something steady and forward-looking rather than on the heaviest moment, and say where "
    "support can be found."
)


# ---------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class RunRow:
    """One row of the run of show."""

    segment_id: str
    start: str
    end: str
    minutes: int
    kind_label: str
    title: str
    materials: tuple[str, ...]


@dataclass(frozen=True)
class PrintCount:
    """How many copies of one printed item to bring, and how the number was reached."""

    item: str
    count: int
    unit: str
    reason: str


@dataclass(frozen=True)
class ChecklistSection:
    """A heading of the preparation checklist with its items."""

    title: str
    items: tuple[str, ...]
    lead: str | None = None


@dataclass(frozen=True)
class Checklist:
    """The preparation checklist: printing counts and the sections to tick off."""

    participants: int
    printing: tuple[PrintCount, ...]
    sections: tuple[ChecklistSection, ...]


@dataclass(frozen=True)
class MaterialNeed:
    """A material needed on the day and the segments that use it (by title, in agenda order)."""

    name: str
    segments: tuple[str, ...]
    printed: bool = False


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
    roles: tuple[Role, ...]
    decision_points: tuple[str, ...]
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


# ---------------------------------------------------------------------------
# Counting


def with_spare(count: int, percent: int = SPARE_PERCENT) -> int:
    """Return `count` plus `percent` % spare, rounded up (20 → 22, 21 → 24, 1 → 2)."""
    if count <= 0:
        return 0
    return count + -(-count * percent // 100)


def role_play_groups(participants: int, roles: int) -> int:
    """Return how many groups play a scenario with `roles` roles so that everyone can take part."""
    if participants <= 0 or roles <= 0:
        return 0
    return -(-participants // roles)


def printing_counts(plan: Plan) -> tuple[PrintCount, ...]:
    """Return what to print and how many of each, from `expected_participants` and the agenda."""
    workshop = plan.workshop
    people = workshop.expected_participants
    spare = with_spare(people)
    facilitators = len(workshop.facilitators)
    rows: list[PrintCount] = [
        PrintCount(
            "Handouts",
            spare,
            "copies",
            f"{people} participants + {SPARE_PERCENT}% spare, rounded up",
        )
    ]
    if workshop.printables.role_cards:
        for segment in plan.segments:
            if segment.scenario is None:
                continue
            roles = len(segment.scenario.roles)
            groups = role_play_groups(people, roles)
            rows.append(
                PrintCount(
                    f"Role cards for “{segment.title}”",
                    roles * groups,
                    "cards",
                    f"{roles} roles × {groups} groups, so everyone can take a role",
                )
            )
    if workshop.printables.name_tents:
        rows.append(
            PrintCount(
                "Name tents",
                spare + facilitators,
                "tents",
                f"{spare} for participants with {SPARE_PERCENT}% spare"
                + (f", {facilitators} for facilitators" if facilitators else ""),
            )
        )
    if workshop.printables.sign_in:
        pages = -(-spare // SIGN_IN_ROWS_PER_PAGE)
        rows.append(
            PrintCount(
                "Sign-in sheet",
                pages,
                "pages" if pages != 1 else "page",
                f"{SIGN_IN_ROWS_PER_PAGE} rows a page, room for {spare} names",
            )
        )
    if workshop.printables.feedback:
        rows.append(
            PrintCount(
                "Feedback forms",
                spare,
                "copies",
                f"{people} participants + {SPARE_PERCENT}% spare, rounded up",
            )
        )
    return tuple(rows)


# ---------------------------------------------------------------------------
# Run of show and materials


def implied_materials(plan: Plan, segment: PlannedSegment) -> tuple[str, ...]:
    """Return the printed items a segment needs even when the workshop does not list them."""
    printables = plan.workshop.printables
    needs: list[str] = []
    if segment.kind == "opening":
        if printables.sign_in:
            needs.append("Sign-in sheet")
        if printables.name_tents:
            needs.append("Name tents")
    if segment.scenario is not None and printables.role_cards:
        needs.append("Role cards")
    if segment.kind == "closing" and printables.feedback:
        needs.append("Feedback forms")
    return tuple(needs)


def segment_materials(plan: Plan, segment: PlannedSegment) -> tuple[str, ...]:
    """Return a segment's materials: those listed for it, then printed items it implies."""
    found: list[str] = []
    seen: set[str] = set()
    for name in (*segment.materials, *implied_materials(plan, segment)):
        key = _material_key(name)
        if key not in seen:
            seen.add(key)
            found.append(name)
    return tuple(found)


def run_of_show(plan: Plan) -> tuple[RunRow, ...]:
    """Return one row per segment: clock start and end, minutes, kind, title and materials."""
    return tuple(
        RunRow(s.id, s.start, s.end, s.minutes, s.kind_label, s.title, segment_materials(plan, s))
        for s in plan.segments
    )


def _material_key(name: str) -> str:
    return " ".join(name.casefold().split()).rstrip(".")


def materials_list(plan: Plan) -> tuple[MaterialNeed, ...]:
    """Return every material across the agenda once (case-insensitively), with the segments using it."""
    order: list[str] = []
    names: dict[str, str] = {}
    users: dict[str, list[str]] = {}
    printed: dict[str, bool] = {}
    for segment in plan.segments:
        implied = {_material_key(m) for m in implied_materials(plan, segment)}
        listed = {_material_key(m) for m in segment.materials}
        for name in segment_materials(plan, segment):
            key = _material_key(name)
            if key not in names:
                names[key] = name
                users[key] = []
                printed[key] = True
                order.append(key)
            if key in listed or key not in implied:
                printed[key] = False
            if segment.title not in users[key]:
                users[key].append(segment.title)
    return tuple(MaterialNeed(names[key], tuple(users[key]), printed[key]) for key in order)


# ---------------------------------------------------------------------------
# Checklist


ACCESS_QUESTIONS = (
    "Getting into and around the room: step-free access, lifts, seating, accessible washrooms.",
    "Captioning, sign-language interpretation or a hearing loop.",
    "Large-print or electronic copies of handouts and role cards.",
    "Dietary needs and allergies, if food or drinks are served.",
    "A quiet space to step away to, and whether people expect to need breaks.",
    "Pronouns and the name each person wants on their name tent.",
    "Anything else that would help them take part fully; ask openly, without needing a reason.",
)


def checklist(plan: Plan) -> Checklist:
    """Return the preparation checklist for a plan, with printing counts worked out."""
    workshop = plan.workshop
    formats = {s.discussion_format for s in plan.segments if s.discussion_format}
    scenarios = [s for s in plan.segments if s.scenario is not None]
    intense = [s for s in scenarios if s.scenario.intensity == "intense"]

    room = [
        "Book a room with step-free access and accessible washrooms nearby; visit it beforehand if you can.",
        "Set chairs so everyone can see one another"
        + (
            ", with space for groups to move apart for discussion and role-play."
            if formats & {"small-groups", "pairs", "think-pair-share", "fishbowl"} or scenarios
            else "."
        ),
        "Mark a quiet space people can go to without explaining why, and show it at the start.",
        "Know where the exits and washrooms are, including gender-neutral ones, so you can point them out.",
        "Test the projector, sound and any captioning before people arrive.",
        "Put water within reach and a visible clock or timer where facilitators can see it.",
    ]

    printing = printing_counts(plan)
    materials = [f"{p.item}: print {p.count} {p.unit} ({p.reason})." for p in printing] + [
        f"Bring {need.name} (for {', '.join(need.segments)})."
        for need in materials_list(plan)
        if not need.printed
    ]
    materials.append(
        "Print a few handouts in large print (`build --large-print`), and send handout.html ahead to anyone "
        "who asks for an electronic copy: it works with a screen reader and on a phone, and people can type "
        "their answers into it."
    )

    access = [
        *ACCESS_QUESTIONS,
        "Confirm the arrangements with each person before the day, and keep their answers private.",
    ]

    content = []
    if workshop.content_note:
        content.append(f"Send the content note with the invitation: “{workshop.content_note.strip()}”")
    else:
        content.append(
            "Write a content note naming the difficult subjects the session touches, and send it with "
            "the invitation."
        )
    content += [
        "Decide, and say in advance, how people can opt out: pass on a question, observe instead of "
        "playing a role, or step out without explaining.",
        "Decide who checks in, quietly, with anyone who leaves the room (a co-facilitator, if you have one).",
    ]
    for segment in scenarios:
        content.append(
            f"Read the content note for “{segment.title}” ({segment.scenario.intensity}) and decide how "
            "you will introduce it."
        )
    if intense:
        content.append(
            "An intense scenario is on the agenda: make sure a second facilitator can leave the room "
            "with anyone who needs support."
        )

    support = [
        "Prepare a list of support services for after the session (counselling, employee assistance, "
        "community organisations), with how to contact them.",
        "Tell people how they can reach a facilitator afterwards, and follow up on any concern raised.",
        "Plan a short debrief among the facilitators once the room has emptied.",
    ]
    if plan.resources:
        support.append(
            "Check the resource list is current: " + "; ".join(r.name for r in plan.resources) + "."
        )

    sections = (
        ChecklistSection("Room set-up", tuple(room)),
        ChecklistSection("Printing and materials", tuple(materials)),
        ChecklistSection(
            "Access needs to ask about in advance",
            tuple(access),
            "In the invitation or at registration, ask each person what they need to take part.",
        ),
        ChecklistSection("Content note and opting out", tuple(content)),
        ChecklistSection("Support after the session", tuple(support)),
    )
    return Checklist(workshop.expected_participants, printing, sections)


# ---------------------------------------------------------------------------
# Per segment


def _primer_titles(plan: Plan) -> dict[str, str]:
    return {s.primer.id: s.primer.title for s in plan.segments if s.primer is not None}


def _steps(plan: Plan, segment: PlannedSegment) -> tuple[str, ...]:
    workshop = plan.workshop
    steps: list[str] = list(segment.instructions)
    if segment.kind == "opening":
        first: list[str] = []
        if workshop.land_acknowledgement:
            first.append("Give the land acknowledgement prepared with the local Nations.")
        if workshop.content_note:
            first.append(
                "Read the content note aloud, then say how to pass, observe or step out, and where the "
                "quiet space is."
            )
        steps += first
        covered = " ".join(steps).casefold()
        if workshop.agreements and "agreement" not in covered:
            steps.append("Go through the community agreements and ask whether anyone would add one.")
        if workshop.objectives:
            steps.append("Say what the session aims to do, in a sentence or two.")
    elif segment.kind == "primer" and segment.primer is not None:
        steps += [
            "Introduce the section (see the talking points).",
            "Make each point briefly; use an example from everyday life rather than from anyone present.",
            "Check understanding with an open question, and close on the takeaway.",
        ]
    elif segment.kind == "discussion" and segment.discussion is not None:
        if segment.discussion_format:
            steps += FORMAT_STEPS[segment.discussion_format]
    elif segment.kind == "scenario" and segment.scenario is not None:
        scenario = segment.scenario
        steps += [
            "Read the content note aloud and remind people they may observe instead of playing.",
            f"Form groups of {len(scenario.roles)} (plus observers) and let people choose roles.",
            "Hand out the role cards; give a minute to read them in silence.",
            "Read the situation aloud.",
            "Let groups play; pause them at each decision point and ask what the ally could do next.",
            "Call time, have everyone step out of role, then run the debrief.",
        ]
    return tuple(steps)


def _safety(plan: Plan, segment: PlannedSegment) -> tuple[str, ...]:
    kind = segment.kind
    notes: list[str] = []
    if kind == "opening":
        notes += [
            PASS_FREELY,
            "Say it out loud at the start: an option nobody mentions is an option nobody uses.",
        ]
        if not plan.workshop.content_note:
            notes.append("The workshop has no content note yet: write one before the day.")
    elif kind == "primer":
        notes += [PRIMER_FOCUS, NO_SPOKESPERSON]
    elif kind == "discussion":
        if segment.discussion is not None:
            notes.append(segment.discussion.safety)
        notes += [PASS_FREELY, NO_SPOKESPERSON, PAINFUL_SHARE]
    elif kind == "scenario":
        if segment.scenario is not None:
            notes.append(f"Content note to read first: {segment.scenario.content_note}")
            notes.append(INTENSITY_NOTES[segment.scenario.intensity])
        notes += [OBSERVER_ROLE, CHOOSE_ROLES, STOP_ANY_TIME, DEBRIEF_ALWAYS, NO_SPOKESPERSON]
    elif kind == "activity":
        notes += [PASS_FREELY, NO_SPOKESPERSON]
    elif kind == "break":
        notes.append(BREAK_AVAILABLE)
    elif kind == "reflection":
        notes += [PRIVATE_REFLECTION, PASS_FREELY]
    elif kind == "closing":
        notes += [CLOSE_STEADY, PASS_FREELY]
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
    return KIND_PURPOSES[segment.kind]


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
        minutes=segment.minutes,
        lead=segment.lead,
        purpose=_purpose(segment),
        introduce=primer.facilitator_notes.introduce if primer else None,
        talking_points=tuple(TalkingPoint(p.heading, p.text) for p in primer.points) if primer else (),
        misunderstandings=tuple(primer.facilitator_notes.misunderstandings) if primer else (),
        listen_for=tuple(primer.facilitator_notes.listen_for) if primer else (),
        takeaway=primer.takeaway if primer else None,
        steps=_steps(plan, segment),
        discussion_format=FORMAT_LABELS.get(segment.discussion_format or "")
        if segment.discussion_format
        else None,
        group_size=segment.group_size,
        guidance=discussion.guidance if discussion else None,
        setting=scenario.setting if scenario else None,
        situation=scenario.situation if scenario else None,
        roles=tuple(scenario.roles) if scenario else (),
        decision_points=tuple(scenario.decision_points) if scenario else (),
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
        intensity=scenario.intensity if scenario else None,
        notes=segment.notes,
        materials=segment_materials(plan, segment),
        cue=segment.cue(),
    )


def segment_guides(plan: Plan) -> tuple[SegmentGuide, ...]:
    """Return the facilitation content for every segment, in agenda order."""
    return tuple(segment_guide(plan, s) for s in plan.segments)
