"""How the outputs describe a role-play: who plays what, the steps in its format, its timing, its cards.

Used by `facilitator.planning.prep` (the guide), `handout_content` (the
worksheet), the deck and the printables; kept apart because the role-play
rules (FACILITATION.md) are the part most likely to grow: who may play which
role, how each format runs, and where the harmful moment and the stepping out
of role come in. The tool's own words are English messages marked for the
catalogues (`N_`) and come back in the workshop's language (`words`).
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.planning.plan import PlannedSegment
from facilitator.text.i18n import N_, Words
from facilitator.workshop.library_schema import Role, Scenario
from facilitator.workshop.roleplay import RolePlaySplit, role_play_split
from facilitator.workshop.schema import PARTICIPANT_PARTS

# Safety notes of every role-play, in our own words.
OBSERVER_ROLE = N_(
    "Offer an observer role to anyone who would rather not play; observers watch for what helped and "
    "report it in the debrief."
)
CHOOSE_ROLES = N_(
    "Participants play only allies, bystanders and observers. Nobody plays the person targeted, "
    "anyone whose identity the scene is about, or the person who causes the harm; their words come "
    "from a card, a co-facilitator or your description. Let people choose their roles."
)
HARM_ONCE = N_(
    "Read the harmful moment once, to the whole room, in your ordinary voice, and start the scene "
    "just after it. Nobody repeats it, in the scene or in the debrief."
)
DEBRIEF_ALWAYS = N_(
    "Debrief every role-play, even when time runs short: cut the playing time, never the stepping "
    "out of role or the debrief. Ask about the choices allies made, never how it felt to be the "
    "person targeted."
)
NO_IMITATION = N_(
    "No accents, no imitation of disability, age or culture: every card says so. Play the person, "
    "never a caricature."
)
STOP_ANY_TIME = N_(
    "Agree a clear word or gesture that stops the role-play at once; use it yourself if a scene "
    "turns hurtful rather than instructive."
)
# Printed on every role card, after the card's own text (see render/printables.py).
CARD_LINE = N_("No accents, no imitation of disability, age or culture: play the person, never a caricature.")
FORMAT_NAMES = {
    "small-groups": N_("Small groups"),
    "fishbowl": N_("Fishbowl"),
    "demonstration": N_("Demonstration"),
}
PART_NAMES = {
    "ally": N_("Ally"),
    "bystander": N_("Bystander"),
    "observer": N_("Observer"),
    "targeted": N_("Targeted"),
    "affected": N_("Affected (the scene is about their identity or community)"),
    "source-of-harm": N_("Source of the harm"),
}
PLAYED_BY_NAMES = {
    "participant": N_("played by a participant"),
    "co-facilitator": N_("voiced by the co-facilitator"),
    "card": N_("a voice on a card, read aloud, never acted"),
    "nobody": N_("played by nobody"),
}
# How the participant worksheet says who gives each role a voice.
WORKSHEET_VOICES = {
    "participant": N_("played by a participant"),
    "co-facilitator": N_("voiced by a facilitator"),
    "card": N_("their card is read aloud; nobody acts the part"),
    "nobody": N_("not played by anyone"),
}
# The line above a printed card's name (set in capitals): what kind of card it is, and its scenario.
CARD_EYEBROWS = {
    "participant": N_("Role card · {title}"),
    "card": N_("Read aloud, not acted · {title}"),
    "co-facilitator": N_("For the co-facilitator · {title}"),
}


@dataclass(frozen=True)
class RoleLine:
    """A role of a scenario as the guide lists it: who they are in the scene and who gives them a voice."""

    name: str
    who: str
    card: str
    played: bool  # played by a participant


def format_name(segment: PlannedSegment, words: Words) -> str:
    """Return how the room runs a role-play, in the workshop's language (`Fishbowl`)."""
    return words._(FORMAT_NAMES[segment.scenario_format]) if segment.scenario_format else ""


def printed_roles(scenario: Scenario) -> list[Role]:
    """Return the roles that get a printed card: all but those nobody plays or voices."""
    return [role for role in scenario.roles if role.played_by != "nobody"]


def short_name(name: str) -> str:
    """Return a role's name without its description: `Sam, colleague` → `Sam`."""
    return name.split(",", 1)[0].strip()


def scenario_steps(segment: PlannedSegment, words: Words) -> list[str]:
    """Return the facilitator's steps for running a role-play in its format, ending with de-roling."""
    _ = words._
    scenario = segment.scenario
    assert scenario is not None
    played = [
        short_name(r.name) for r in scenario.roles if r.played_by == "participant" and r.part != "observer"
    ]
    cards = [short_name(r.name) for r in scenario.roles if r.played_by == "card"]
    voiced = [short_name(r.name) for r in scenario.roles if r.played_by == "co-facilitator"]
    steps = [_("Read the content note aloud and remind people they may observe instead of playing.")]
    run_as = segment.scenario_format or "small-groups"
    who = words.join(played)
    if run_as == "small-groups":
        steps.append(
            _(
                "Form groups of about {count}: {roles}, with observers. Let people choose; nobody is cast "
                "because of who they are."
            ).format(count=len(played) + 2, roles=who)
        )
        steps.append(_("Hand out the role cards; give a minute to read them in silence."))
    elif run_as == "fishbowl":
        steps.append(
            _(
                "Set chairs in the middle for {roles}; everyone else sits around them as observers, and may "
                "tap a player's shoulder to take their place and try something else."
            ).format(roles=who)
        )
        steps.append(_("Ask for volunteers for the middle; hand them their cards and give a minute to read."))
    else:
        steps.append(
            _(
                "The facilitators set the scene in front of the room. Volunteers stand in for {roles}; "
                'anyone may call "pause" to suggest what to try next, and step in to try it.'
            ).format(roles=who)
        )
    if voiced:
        steps.append(
            _("The co-facilitator voices {roles}, from the card in this guide.").format(
                roles=words.join(voiced)
            )
        )
    if cards:
        steps.append(
            _("{roles}: read the card aloud when the allies turn to them. Nobody acts the part.").format(
                roles=words.join(cards)
            )
        )
    steps.append(_("Read the situation aloud."))
    steps.append(
        _("Read the harmful moment once, in your ordinary voice (below). The scene starts just after it.")
    )
    if run_as == "small-groups":
        steps.append(
            _(
                "Let groups play. Call each decision point out to the whole room instead of visiting every "
                "group."
            )
        )
    else:
        steps.append(
            _(
                "Let the scene play. Pause it at each decision point and ask the room what the ally could do "
                "next."
            )
        )
    steps.append(
        _(
            "Call time. Everyone steps out of role, every time, before any question (see Stepping out of "
            "role): {steps}"
        ).format(steps=" ".join(scenario.de_roling))
    )
    steps.append(_("Then run the debrief: the choices allies made, never how it felt to be targeted."))
    return steps


def role_lines(segment: PlannedSegment, words: Words) -> tuple[RoleLine, ...]:
    """Return a scenario's roles with who they are in the scene and who gives them a voice."""
    if segment.scenario is None:
        return ()
    return tuple(
        RoleLine(
            role.name,
            words._("{part}: {voice}").format(
                part=words._(PART_NAMES[role.part]), voice=words._(PLAYED_BY_NAMES[role.played_by])
            ),
            role.card,
            role.played_by == "participant" and role.part in PARTICIPANT_PARTS,
        )
        for role in segment.scenario.roles
    )


def segment_split(segment: PlannedSegment) -> RolePlaySplit | None:
    """Return how a role-play's planned (or fitted) minutes divide (`role_play_split`), or None.

    Every output that states the split (guide, speaker notes, timer) takes it from
    here, so a fitted workshop states the split it will run.
    """
    if segment.scenario is None:
        return None
    return role_play_split(segment.minutes, segment.scenario.intensity)


def scenario_timing(segment: PlannedSegment, words: Words) -> str | None:
    """Return the sentence saying how a role-play's minutes divide (`segment_split`), or None."""
    split = segment_split(segment)
    if split is None:
        return None
    return words._(
        "About {set_up} minutes to set up, {play} to play, {de_role} to step out of role and {debrief} to "
        "debrief."
    ).format(set_up=split.set_up, play=split.play, de_role=split.de_role, debrief=split.debrief)
