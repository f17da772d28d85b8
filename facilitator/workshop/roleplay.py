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

Each rule returns diagnostics positioned on the key at fault.
"""

from __future__ import annotations

import re

from facilitator.errors import Diagnostic
from facilitator.workshop.library_schema import Scenario
from facilitator.workshop.schema import PARTICIPANT_PARTS
from facilitator.workshop.source import Loc, SourceDoc

GENTLE_FORMAT = "small-groups"
HEAVIER_FORMAT = "fishbowl"
# Set-up, play, stepping out of role and debrief need at least this long (FACILITATION.md).
ROLE_PLAY_MINUTES = {"gentle": 20, "moderate": 30, "intense": 30}
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
