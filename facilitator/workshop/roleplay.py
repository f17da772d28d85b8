"""Rules for role-play scenarios that the schema alone cannot express (see ../shared/FACILITATION.md).

- Participants only play allies, bystanders and observers. A role that is
  `targeted`, `affected` (the scene is about their identity or community) or
  the `source-of-harm` is voiced by a co-facilitator, reaches the allies on a
  card, or is only described.
- Moderate and intense scenes run as a fishbowl or a demonstration, never in
  parallel small groups, where two facilitators cannot reach every group.
- The harmful moment is read once by the facilitator: words quoted in it
  (five in a row, or a whole short quote) must not reappear on a card, in
  the situation, the summary, the prompts or the decision points (all of
  which participants read or see).
- Every scenario has at least one ally to play, and a de-roling (the schema
  requires `de_roling:`).

Each rule returns diagnostics positioned on the key at fault. `role_play_split`
divides a role-play's minutes into set-up, play, stepping out of role and
debrief, the one split every output states; `stated_split` reads the split a
workshop's own notes give, so that a split the plan no longer runs is noticed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from facilitator.errors import Diagnostic
from facilitator.workshop.library_schema import Scenario
from facilitator.workshop.schema import PARTICIPANT_PARTS
from facilitator.workshop.source import Loc, SourceDoc

GENTLE_FORMAT = "small-groups"
HEAVIER_FORMAT = "fishbowl"
# Set-up, play, stepping out of role and debrief need at least this long (FACILITATION.md).
ROLE_PLAY_MINUTES = {"gentle": 20, "moderate": 30, "intense": 30}
# Minutes of a role-play spent stepping out of role, and setting up, by intensity.
DE_ROLE_MINUTES = {"gentle": 2, "moderate": 3, "intense": 3}
SET_UP_MINUTES = {"gentle": 4, "moderate": 5, "intense": 5}
# The debrief a role-play keeps when time is short (the heavier the scene, the longer), and the least
# playing time before the debrief gives any back: short time cuts the playing, never the debrief.
DEBRIEF_MINUTES = {"gentle": 7, "moderate": 15, "intense": 17}
LEAST_PLAY = 5
# The parts of a role-play as notes name them, in English and French, with a number of minutes:
# "set up 4 minutes, play 7", "10 minutes to play", "jeu 7", "12 pour le jeu".
_PARTS = {
    "set up": "set_up",
    "set-up": "set_up",
    "setting up": "set_up",
    "play": "play",
    "playing": "play",
    "step out of role": "de_role",
    "stepping out of role": "de_role",
    "de-role": "de_role",
    "de-roling": "de_role",
    "debrief": "debrief",
    "mise en place": "set_up",
    "jeu": "play",
    "sortie du rôle": "de_role",
    "sortir du rôle": "de_role",
    "retour": "debrief",
}
_PART = "|".join(sorted(map(re.escape, _PARTS), key=len, reverse=True))
_STATED = re.compile(
    rf"\b(?:(?P<part>{_PART})\s+(?P<minutes>\d+)\b"
    rf"|(?P<minutes_first>\d+)\s+(?:minutes?\s+)?(?:to|for|pour(?:\s+(?:la|le))?)\s+(?P<part_after>{_PART})\b)",
    re.IGNORECASE,
)
# A phrase quoted in the harmful moment is looked for elsewhere in runs of WINDOW words
# (or whole, when it has QUOTE_WORDS to WINDOW words; shorter ones are left alone).
QUOTE_WORDS = 3
WINDOW = 5
_QUOTED = re.compile(r"[\"“]([^\"”]+)[\"”]")
_WORD = re.compile(r"[\w']+")


def scenario_format(scenario: Scenario, override: str | None = None) -> str:
    """Return how the room runs `scenario`: the override, its own `format`, else by intensity."""
    by_intensity = GENTLE_FORMAT if scenario.intensity == "gentle" else HEAVIER_FORMAT
    return override or scenario.format or by_intensity


def format_problem(scenario: Scenario, run_as: str) -> str | None:
    """Return why `scenario` may not run as `run_as`, or None when it may."""
    if run_as == "small-groups" and scenario.intensity != "gentle":
        return (
            f"{_article(scenario.intensity)} {scenario.intensity} scenario cannot run in parallel small "
            "groups, where two facilitators cannot reach every group; use fishbowl or demonstration"
        )
    return None


def scenario_problems(scenario: Scenario, doc: SourceDoc) -> list[Diagnostic]:
    """Return every role-play rule `scenario` (read from `doc`) breaks, each at its key."""
    problems: list[Diagnostic] = []
    for i, role in enumerate(scenario.roles):
        if role.played_by == "participant" and role.part not in PARTICIPANT_PARTS:
            given = isinstance(doc.data, dict) and "played_by" in _role_data(doc, i)
            loc: Loc = ("roles", i, "played_by" if given else "part")
            problems.append(
                doc.diagnostic(
                    loc,
                    f"'{role.name}' is {_article(role.part)} {role.part} role played by a participant; "
                    "participants play only allies, bystanders and observers: set `played_by:` to "
                    "co-facilitator, card or nobody",
                    "scenario.role",
                )
            )
    if not any(role.part == "ally" and role.played_by == "participant" for role in scenario.roles):
        problems.append(
            doc.diagnostic(
                ("roles",),
                "no role for a participant to play as the ally; add one with `part: ally`",
                "scenario.no-ally",
            )
        )
    if scenario.format:
        reason = format_problem(scenario, scenario.format)
        if reason:
            problems.append(doc.diagnostic(("format",), reason, "scenario.format"))
    problems += _harm_shown(scenario, doc)
    return problems


def _role_data(doc: SourceDoc, i: int) -> dict:
    roles = doc.data.get("roles") if isinstance(doc.data, dict) else None
    if isinstance(roles, list) and i < len(roles) and isinstance(roles[i], dict):
        return roles[i]
    return {}


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold().replace("’", "'")))


def _phrases(quote: str) -> list[str]:
    """Return the runs of QUOTE_WORDS to WINDOW words of `quote` that must not be shown elsewhere."""
    words = quote.split()
    if len(words) < QUOTE_WORDS:
        return []
    if len(words) <= WINDOW:
        return [quote]
    return [" ".join(words[i : i + WINDOW]) for i in range(len(words) - WINDOW + 1)]


def _harm_shown(scenario: Scenario, doc: SourceDoc) -> list[Diagnostic]:
    """Return an error for each participant-facing text that repeats words quoted in the harmful moment."""
    phrases = [p for quote in _QUOTED.findall(scenario.harmful_moment) for p in _phrases(_words(quote))]
    if not phrases:
        return []
    shown: list[tuple[Loc, str]] = [(("situation",), scenario.situation), (("summary",), scenario.summary)]
    shown += [(("roles", i, "card"), role.card) for i, role in enumerate(scenario.roles)]
    shown += [(("prompts", i), text) for i, text in enumerate(scenario.prompts)]
    shown += [(("decision_points", i), text) for i, text in enumerate(scenario.decision_points)]
    problems = []
    for loc, text in shown:
        plain = f" {_words(text)} "
        found = next((phrase for phrase in phrases if f" {phrase} " in plain), None)
        if found:
            problems.append(
                doc.diagnostic(
                    loc,
                    f'repeats the harmful remark ("{found}"); it is read once by the facilitator from '
                    "`harmful_moment` and never shown to participants",
                    "scenario.harm-shown",
                )
            )
    return problems


@dataclass(frozen=True)
class RolePlaySplit:
    """How a role-play's minutes divide: set-up, play, stepping out of role and debrief."""

    set_up: int
    play: int
    de_role: int
    debrief: int


def role_play_split(minutes: int, intensity: str) -> RolePlaySplit:
    """Return how `minutes` of a role-play of `intensity` divide (FACILITATION.md).

    Setting up and stepping out of role take the same minutes at any length. When
    time is short, the playing is cut, never the debrief: the debrief keeps its
    minutes while the play has at least LEAST_PLAY; with more time, the two share it.
    """
    de_role, set_up = DE_ROLE_MINUTES[intensity], SET_UP_MINUTES[intensity]
    rest = max(minutes - de_role - set_up, 0)
    debrief = max(min(DEBRIEF_MINUTES[intensity], rest - LEAST_PLAY), (rest + 1) // 2)
    return RolePlaySplit(set_up, rest - debrief, de_role, debrief)


def stated_split(notes: str) -> dict[str, tuple[str, int]]:
    """Return the minutes a note gives to the parts of a role-play: {field: (words as written, minutes)}.

    Only a split counts: two parts or more, each with a number (one number next to
    "play" may mean anything). The first mention of each part wins.
    """
    found: dict[str, tuple[str, int]] = {}
    for match in _STATED.finditer(" ".join(notes.split())):
        part = (match.group("part") or match.group("part_after")).lower()
        minutes = int(match.group("minutes") or match.group("minutes_first"))
        found.setdefault(_PARTS[part], (match.group(), minutes))
    return found if len(found) > 1 else {}
