"""Facilitator preparation worked out from a Plan: run of show, checklist, printing counts, materials.

What each segment asks of the facilitator (its purpose, steps, talking points, safety
notes) is in `facilitator.planning.segment_guide`. Pure functions over a finished Plan
that return plain, frozen dataclasses. The Markdown/HTML guide and the guide PDF both
render from these, so the two always say the same thing. Nothing here formats text:
strings may hold inline Markdown, exactly as written in the workshop and the library.
The tool's own sentences are English messages marked for the catalogues (`N_`) and
come back in the workshop's language (`plan.words`).
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.planning.plan import Plan, PlannedSegment
from facilitator.planning.scenario_guide import (
    format_name,
    printed_roles,
)
from facilitator.text.i18n import N_, Words
from facilitator.text.wording import intensity_label
from facilitator.workshop.library_schema import Resource
from facilitator.workshop.schema import SupportContact

SPARE_PERCENT = 10  # printed copies beyond the expected number of participants
# Rows on one page of the sign-in sheet: what fits on letter paper (the shorter size) with room
# to write a name by hand, in normal print and in large print.
SIGN_IN_ROWS_PER_PAGE = 16
SIGN_IN_ROWS_PER_PAGE_LARGE = 8


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


@dataclass(frozen=True)
class SignInSheet:
    """The sign-in sheet's pages: whole pages of rows, enough for everyone expected and the spare."""

    participants: int
    rows_per_page: int
    pages: int

    @property
    def rows(self) -> int:
        """Return the number of rows on all the pages."""
        return self.rows_per_page * self.pages

    @property
    def spare(self) -> int:
        """Return the rows beyond one per expected participant."""
        return self.rows - self.participants


def sign_in_sheet(plan: Plan, *, large_print: bool = False) -> SignInSheet:
    """Return the sign-in sheet's layout: the printables draw it, the guide's printing counts say it."""
    people = plan.workshop.expected_participants
    per_page = SIGN_IN_ROWS_PER_PAGE_LARGE if large_print else SIGN_IN_ROWS_PER_PAGE
    return SignInSheet(people, per_page, max(1, -(-with_spare(people) // per_page)))


def printing_counts(plan: Plan, *, large_print: bool = False) -> tuple[PrintCount, ...]:
    """Return what to print and how many of each, from `expected_participants` and the agenda.

    `large_print`: counted for the large-print printables (fewer sign-in rows a page).
    """
    workshop = plan.workshop
    words = plan.words
    people = workshop.expected_participants
    spare = with_spare(people)
    facilitators = len(workshop.facilitators)
    with_margin = words.ngettext(
        "{people} participant + {percent}% spare, rounded up",
        "{people} participants + {percent}% spare, rounded up",
        people,
    ).format(people=people, percent=SPARE_PERCENT)
    rows: list[PrintCount] = [
        PrintCount(words._("Handouts"), spare, words.ngettext("copy", "copies", spare), with_margin)
    ]
    if workshop.printables.role_cards:
        for segment in plan.segments:
            if segment.scenario is None:
                continue
            roles = len(printed_roles(segment.scenario))
            if segment.scenario_format in ("fishbowl", "demonstration"):
                sets = 2
                why = words._(
                    "{roles} cards × 2 sets for the {format}: one for the middle, one spare"
                ).format(roles=roles, format=format_name(segment, words).lower())
            else:
                sets = role_play_groups(people, roles)
                why = words.ngettext(
                    "{roles} roles × {groups} group, so everyone can take a role",
                    "{roles} roles × {groups} groups, so everyone can take a role",
                    sets,
                ).format(roles=roles, groups=sets)
            rows.append(
                PrintCount(
                    words._("Role cards for {title}").format(title=words.quote(segment.title)),
                    roles * sets,
                    words.ngettext("card", "cards", roles * sets),
                    why,
                )
            )
    if workshop.printables.name_tents:
        reason = words._("{count} for participants with {percent}% spare").format(
            count=spare, percent=SPARE_PERCENT
        )
        if facilitators:
            reason = words.ngettext(
                "{reason}, {count} for the facilitator", "{reason}, {count} for facilitators", facilitators
            ).format(reason=reason, count=facilitators)
        count = spare + facilitators
        rows.append(PrintCount(words._("Name tents"), count, words.ngettext("tent", "tents", count), reason))
    if workshop.printables.sign_in:
        sheet = sign_in_sheet(plan, large_print=large_print)
        rows.append(
            PrintCount(
                words._("Sign-in sheet"),
                sheet.pages,
                words.ngettext("page", "pages", sheet.pages),
                words.ngettext(
                    "{per_page} rows a page, {rows} in all: {people} participant and {spare} spare",
                    "{per_page} rows a page, {rows} in all: {people} participants and {spare} spare",
                    people,
                ).format(per_page=sheet.rows_per_page, rows=sheet.rows, people=people, spare=sheet.spare),
            )
        )
    if workshop.printables.feedback:
        rows.append(
            PrintCount(words._("Feedback forms"), spare, words.ngettext("copy", "copies", spare), with_margin)
        )
    return tuple(rows)


# ---------------------------------------------------------------------------
# Run of show and materials


def implied_materials(plan: Plan, segment: PlannedSegment) -> tuple[str, ...]:
    """Return the printed items a segment needs even when the workshop does not list them."""
    printables = plan.workshop.printables
    words = plan.words
    needs: list[str] = []
    if segment.kind == "opening":
        if printables.sign_in:
            needs.append(words._("Sign-in sheet"))
        if printables.name_tents:
            needs.append(words._("Name tents"))
    if segment.scenario is not None and printables.role_cards:
        needs.append(words._("Role cards"))
    if segment.kind == "closing" and printables.feedback:
        needs.append(words._("Feedback forms"))
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
    N_("Getting into and around the room: step-free access, elevators, seating, accessible washrooms."),
    N_("Captioning, sign-language interpretation or a hearing loop."),
    N_("Large-print or electronic copies of handouts and role cards."),
    N_("Dietary needs and allergies, if food or drinks are served."),
    N_("A quiet space to step away to, and whether people expect to need breaks."),
    N_("Pronouns and the name each person wants on their name tent."),
    N_("Anything else that would help them take part fully; ask openly, without needing a reason."),
)


def checklist(plan: Plan, *, large_print: bool = False) -> Checklist:
    """Return the preparation checklist for a plan, with printing counts worked out.

    `large_print`: the counts are for the large-print printables.
    """
    workshop = plan.workshop
    words = plan.words
    _ = words._
    formats = {s.discussion_format for s in plan.segments if s.discussion_format}
    scenarios = [s for s in plan.segments if s.scenario is not None]
    intense = [s for s in scenarios if s.scenario.intensity == "intense"]

    groups_move = formats & {"small-groups", "pairs", "think-pair-share", "fishbowl"} or scenarios
    room = [
        _(
            "Book a room with step-free access and accessible washrooms nearby; "
            "visit it beforehand if you can."
        ),
        _(
            "Set chairs so everyone can see one another, with space for groups to move apart for "
            "discussion and role-play."
        )
        if groups_move
        else _("Set chairs so everyone can see one another."),
        _("Mark a quiet space people can go to without explaining why, and show it at the start."),
        _(
            "Know where the exits and washrooms are, including gender-neutral ones, "
            "so you can point them out."
        ),
        _("Test the projector, sound and any captioning before people arrive."),
        _("Put water within reach and a visible clock or timer where facilitators can see it."),
    ]

    printing = printing_counts(plan, large_print=large_print)
    materials = [
        _("{item}: print {count} {unit} ({reason}).").format(
            item=p.item, count=p.count, unit=p.unit, reason=p.reason
        )
        for p in printing
    ] + [
        _("Bring {material} (for {segments}).").format(material=need.name, segments=words.join(need.segments))
        for need in materials_list(plan)
        if not need.printed
    ]
    materials.append(
        _(
            "Print a few handouts in large print (`build --large-print`), and send handout.html ahead to "
            "anyone who asks for an electronic copy: it works with a screen reader and on a phone, and "
            "people can type their answers into it."
        )
    )

    access = [
        *(_(question) for question in ACCESS_QUESTIONS),
        _("Confirm the arrangements with each person before the day, and keep their answers private."),
    ]

    content = []
    if workshop.content_note:
        note = words.quote(workshop.content_note.strip())
        content.append(_("Send the content note with the invitation: {note}").format(note=note))
    else:
        content.append(
            _(
                "Write a content note naming the difficult subjects the session touches, and send it with "
                "the invitation."
            )
        )
    content += [
        _(
            "Decide, and say in advance, how people can opt out: pass on a question, observe instead of "
            "playing a role, or step out without explaining."
        ),
        _(
            "Decide who checks in, quietly, with anyone who leaves the room "
            "(a co-facilitator, if you have one)."
        ),
    ]
    for segment in scenarios:
        content.append(
            _("Read the content note for {title} ({intensity}) and decide how you will introduce it.").format(
                title=words.quote(segment.title), intensity=intensity_label(segment.scenario.intensity, words)
            )
        )
    if intense:
        content.append(
            _(
                "An intense scenario is on the agenda: make sure a second facilitator can leave the room "
                "with anyone who needs support."
            )
        )

    support = [
        _("{contact}: call or write to confirm it.").format(contact=support_line(contact, words))
        for contact in workshop.support
    ]
    if not workshop.support:
        support.append(
            _(
                "Add the workshop's `support:` contacts (a person from the host, and services people can "
                "reach after the session, with when they are open), so that they print in the handout and "
                "on the last slide."
            )
        )
    support += [
        _("Tell people how they can reach a facilitator afterwards, and follow up on any concern raised."),
        _("Plan a short debrief among the facilitators once the room has emptied."),
    ]
    if plan.resources:
        names = "; ".join(r.name for r in plan.resources)
        support.append(_("Check the resource list is current: {names}.").format(names=names))
    for segment in [s for s in scenarios if s.scenario.review_before_use]:
        review = " ".join(segment.scenario.review_before_use.split())
        title = words.quote(segment.title)
        content.insert(0, _("Review {title} before use: {review}").format(title=title, review=review))
    for segment in scenarios:
        voiced = [r.name for r in segment.scenario.roles if r.played_by == "co-facilitator"]
        if voiced:
            content.append(
                _(
                    "Agree which facilitator voices {roles} in {title}, and rehearse it without the "
                    "harmful words."
                ).format(roles=words.join(voiced), title=words.quote(segment.title))
            )

    sections = (
        ChecklistSection(_("Room set-up"), tuple(room)),
        ChecklistSection(_("Printing and materials"), tuple(materials)),
        ChecklistSection(
            _("Access needs to ask about in advance"),
            tuple(access),
            _("In the invitation or at registration, ask each person what they need to take part."),
        ),
        ChecklistSection(_("Content note and opting out"), tuple(content)),
        ChecklistSection(
            _("Support contacts"),
            tuple(support),
            _("Confirm these numbers before printing: each one prints in the handout and on the last slide."),
        ),
    )
    return Checklist(workshop.expected_participants, printing, sections)


# ---------------------------------------------------------------------------
# Support and resources


def support_line(contact: SupportContact, words: Words) -> str:
    """Return one support contact as a line: `name — contact (when)`."""
    line = words._("{name} — {contact} ({when})")
    return line.format(name=contact.name, contact=contact.contact, when=contact.when)


@dataclass(frozen=True)
class ResourceLine:
    """A resource as the guide lists it, with a note when its web address was never checked."""

    name: str
    url: str | None
    description: str | None
    note: str | None


def resource_lines(plan: Plan) -> tuple[ResourceLine, ...]:
    """Return every resource of the workshop for the guide, unverified links marked as such."""
    return tuple(
        ResourceLine(r.name, r.url, r.description, resource_link_note(r, plan.words)) for r in plan.resources
    )


def resource_link_note(resource: Resource, words: Words) -> str | None:
    """Return the guide's note for a resource whose web address was never checked, else None."""
    if resource.unverified_url and not resource.url:
        note = words._("web address as given in the source, not verified: {url}")
        return note.format(url=resource.unverified_url)
    return None
