"""Pydantic models of the library's items: primer sections, discussion sets, scenarios, activities, resources.

A library folder holds one item a file under `primer/`, `discussions/`, `scenarios/`,
`activities/` and `resources/` (`LIBRARY_MODELS`); the workshop file names them by id
(`facilitator.workshop.schema`). Unknown keys are errors, and each field's description
is what the README's YAML reference shows, so it is written for a facilitator.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from facilitator.errors import short
from facilitator.workshop.fields import Id, Line, Minutes, Model, Plain, PlainLine, Text

DiscussionFormat = Literal[
    "think-pair-share", "pairs", "small-groups", "whole-room", "journaling", "fishbowl"
]


class Source(Model):
    """Where an item's ideas come from."""

    title: PlainLine = Field(description="title of the document, or the organization's name")
    publisher: PlainLine | None = Field(None, description="who published it, when known")
    url: Plain | None = Field(None, description="web address, when known")


class Point(Model):
    """One teaching point of a primer section."""

    heading: Line | None = Field(None, description="optional short lead-in, shown in bold")
    text: Text = Field(description="the point itself")


class PrimerNotes(Model):
    """Notes for the facilitator who teaches a primer section."""

    introduce: Text = Field(description="how to introduce the section")
    misunderstandings: list[Text] = Field(default_factory=list, description="common misreadings")
    listen_for: list[Text] = Field(default_factory=list, description="what to listen for")


class PrimerSection(Model):
    """A short teaching section: a few points and a takeaway."""

    id: Id
    title: Line
    summary: Text
    minutes: Minutes = Field(10, description="suggested teaching time")
    takeaway: Text = Field(description="one line the room should leave with")
    points: list[Point] = Field(min_length=1)
    facilitator_notes: PrimerNotes
    related: list[Id] = Field(default_factory=list, description="ids of related primer sections")
    sources: list[Source] = Field(min_length=1)


class Question(Model):
    """A discussion question and its follow-up prompts."""

    text: Text
    follow_ups: list[Text] = Field(default_factory=list)


class DiscussionSet(Model):
    """A set of discussion questions with guidance on running them safely."""

    id: Id
    title: Line
    summary: Text
    minutes: Minutes = 15
    formats: list[DiscussionFormat] = Field(min_length=1, description="formats that suit it")
    group_size: Line = Field(description="e.g. `3–4 people`")
    guidance: Text = Field(description="how to run it: format, timing, harvesting")
    safety: Text = Field(description="how to keep the discussion safe")
    questions: list[Question] = Field(min_length=1)
    related: list[Id] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)


class Role(Model):
    """A person in a scenario: who they are in the scene, who gives them a voice, and their card."""

    name: Line = Field(description="name and position, e.g. `Sam, colleague`")
    part: Literal["ally", "bystander", "observer", "targeted", "affected", "source-of-harm"] = Field(
        description="who they are in the scene: `ally`, `bystander` or `observer` (participants may play "
        "these); `targeted` (the person harmed), `affected` (anyone whose identity or community the "
        "scene is about) or `source-of-harm` (never played by a participant)"
    )
    played_by: Literal["participant", "co-facilitator", "card", "nobody"] = Field(
        "participant",
        description="`participant`; `co-facilitator` (a facilitator voices them); `card` (their wishes "
        "reach the allies on a printed card, read, not acted); `nobody` (described only)",
    )
    card: Text = Field(
        description="what the player knows and wants; for a `card` voice, what this person wants from "
        "the allies, in the first person"
    )


class AllyResponse(Model):
    """A possible ally response, tied to the primer section it puts into practice."""

    text: Text
    primer: Id = Field(description="id of the primer section this response draws on")


class Scenario(Model):
    """A role-play scenario with its debrief."""

    id: Id
    title: Line
    setting: Line
    intensity: Literal["gentle", "moderate", "intense"]
    format: Literal["small-groups", "fishbowl", "demonstration"] | None = Field(
        None,
        description="how the room runs it: `small-groups` (gentle scenes only), `fishbowl` (one group "
        "plays in the middle, the others watch and may tap in) or `demonstration` (facilitators play, "
        "the room directs); default: small groups when gentle, else a fishbowl",
    )
    minutes: Minutes = 25
    summary: Text
    content_note: Text
    review_before_use: Text | None = Field(
        None, description="who must review the scenario before it is used, and why (shown in the guide)"
    )
    roles: list[Role] = Field(min_length=1)
    situation: Text = Field(description="the set-up told to the room, up to the harmful moment (on slides)")
    harmful_moment: Text = Field(
        description="what was said or done, read once by the facilitator to the whole room in a neutral "
        "voice; the scene starts just after it. Only in the guide and speaker notes, never on a card, "
        "slide or handout"
    )
    decision_points: list[Text] = Field(default_factory=list)
    prompts: list[Text] = Field(min_length=1, description="participant discussion prompts")
    de_roling: list[Text] = Field(
        min_length=1, description="how players step out of role before the debrief (a slide, notes, guide)"
    )
    debrief: list[Text] = Field(min_length=1, description="debrief questions (facilitator only)")
    ally_responses: list[AllyResponse] = Field(default_factory=list)
    related: list[Id] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)


class Activity(Model):
    """Opening, reflection or closing material: steps, prompts and notes."""

    id: Id
    title: Line
    use: Literal["opening", "activity", "reflection", "closing"]
    minutes: Minutes = 10
    purpose: Text
    steps: list[Text] = Field(default_factory=list, description="facilitator steps, in order")
    prompts: list[Text] = Field(default_factory=list, description="participant-facing prompts")
    facilitator_notes: list[Text] = Field(default_factory=list)
    template: Text | None = Field(None, description="a template text to adapt")
    materials: list[Text] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)


class Resource(Model):
    """An organization or link offered for further learning."""

    name: Line
    url: Plain | None = None
    unverified_url: Plain | None = Field(
        None,
        description="a web address as a source gives it, not checked: listed in the guide only, marked "
        "unverified, never printed as a link for participants",
    )
    description: Text | None = None
    source: Plain | None = Field(None, description="the document that names it")

    @field_validator("url", "unverified_url")
    @classmethod
    def _safe_url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^(https?://|mailto:)\S+$", value):
            raise ValueError(f"'{short(value)}' is not a web address; use https://…, http://… or mailto:…")
        return value


class ResourceList(Model):
    """A named list of resources."""

    id: Id
    title: Line
    items: list[Resource] = Field(min_length=1)


LIBRARY_MODELS: dict[str, type[Model]] = {
    "primer": PrimerSection,
    "discussions": DiscussionSet,
    "scenarios": Scenario,
    "activities": Activity,
    "resources": ResourceList,
}
LibraryItem = PrimerSection | DiscussionSet | Scenario | Activity | ResourceList
