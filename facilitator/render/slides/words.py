"""Every word the slides, their speaker notes and the slide PDFs add to a workshop's own text.

One place: the builders format these with `str.format` and never spell a label
of their own. Each is an English message marked for the catalogues (`N_`);
`Labels(plan.words)` gives them in the workshop's language, under the same
names (`labels.AGENDA` is « Programme » in French). Workshop and library text
never passes through here.
"""

from __future__ import annotations

from typing import Any

from facilitator.text.i18n import N_, Words

# ---------------------------------------------------------------------------
# On slides

AGENDA = N_("Agenda")
AGENDA_END = N_("End")
AGENDA_MINUTES = N_("{minutes}\u00a0min")
OBJECTIVES = N_("Objectives")
LAND_ACKNOWLEDGEMENT = N_("Land acknowledgement")
CONTENT_NOTE = N_("Content note")
AGREEMENTS = N_("Community agreements")
FACILITATED_BY = N_("Facilitated by {names}")
MINUTES = N_("{minutes} minutes")
TAKEAWAY = N_("Takeaway: ")
TAKEAWAY_OF = N_("{title}:")  # a primer's title before its takeaway on the closing slide
LINK_LEAD = N_("{name}:")  # a resource's name before its address
SUBTITLED = N_("{title}: {part}")  # a role-play's second and third slides: "Whose idea? Discuss"
ROLE_PLAY = N_("Role-play")
ROLES = N_("Roles: ")
# How a role-play's first slide names its roles, in this order: those people may play, then the others.
ROLE_VOICES = {
    "participant": N_("Roles you may play: "),
    "card": N_("Read aloud from a card, never acted: "),
    "co-facilitator": N_("Voiced by a facilitator: "),
    "nobody": N_("Not played by anyone: "),
}
STEP_OUT = N_("step out of role")
SUPPORT = N_("Support after today")
SUPPORT_REACH = N_("{contact} · {when}")
CONTENT_NOTE_LEAD = N_("Content note: ")
DISCUSS = N_("discuss")
DEBRIEF = N_("debrief")
DEBRIEF_HEADER = N_("Debrief")
BACK_AT = N_("Back at {time}")
BREAK_MINUTES = N_("{minutes}-minute break")
KEY_TAKEAWAYS = N_("Key takeaways")
RESOURCES = N_("Resources")
SCAN_TO_OPEN = N_("Resources: scan to open")
SCAN_INTRO = N_("Point a phone's camera at a code to open it; every address is in the handout too.")
FEEDBACK_ONLINE = N_("Your feedback, online")
QR_CODE_OF = N_("QR code: {name}, {url}")
FEEDBACK = N_("Your feedback")
FEEDBACK_PROMPT = N_("Before you go, please tell us how it went.")
FEEDBACK_QUESTIONS = (N_("What worked well for you today?"), N_("What would you change for next time?"))
FEEDBACK_FORM = N_("Please fill in the feedback form and leave it on your table.")
ACCESSIBLE_HANDOUT = N_(
    "The handout is also a web page, {file}, for screen readers and phones: ask us for it."
)
CONTINUED = N_("{title} ({n} of {total})")
LOGO_OF = N_("{organisation} logo")
LOGO = N_("Logo of the organizers")
# What an opening, reflection or closing slide says when the workshop gives it no prompts.
FREEFORM_LEADS = {
    "opening": N_("Welcome to {title}."),
    "reflection": N_("A few quiet minutes to reflect."),
    "closing": N_("Thank you for taking part."),
}

# ---------------------------------------------------------------------------
# In speaker notes

TITLE_NOTES = N_("{title}: {date}, {times} ({minutes} minutes).")
LOCATION = N_("Location: {location}.")
AUDIENCE = N_("Audience: {audience}.")
ARRIVAL = N_("Show this slide as people arrive. At {start}, start with {title}.")
TIMING = N_("{kind}: {title}. {times} ({minutes} minutes).")
THEN = N_("Then: {title}.")
BEFORE = N_("Before {title} ({start}).")
READ_ACKNOWLEDGEMENT = N_("Read the acknowledgement slowly, in your own voice.")
READ_OBJECTIVES = N_("Read the objectives and say how the agenda serves them.")
WALK_AGENDA = N_("Walk through the agenda and point out the breaks.")
BREAKS = N_("Breaks: {breaks}.")
BREAK_AT = N_("{title} at {start}")
READ_CONTENT_NOTE = N_("Read the content note aloud. Say that anyone may pass, observe or step out.")
NAME_INTENSE = N_("Name the intense role-play ahead: {title} at {start}.")
SAY_WHERE_HARD = N_("Say where the harder material comes in the agenda.")
READ_AGREEMENTS = N_("Read each agreement, give an example, and invite additions in people's own words.")
NOTES = N_("Notes: {text}")
MOVE_ON = N_("Move on: {cue}")
CLOSE = N_("Close: {cue}")
SUMMARY = N_("Summary: {text}")
INTRODUCE = N_("Introduce: {text}")
MISUNDERSTANDINGS = N_("Common misunderstandings")
LISTEN_FOR = N_("Listen for")
FORMAT = N_("Format: {format}.")
FORMAT_GROUPS = N_("Format: {format}, groups of {size}.")
HOW_TO_RUN = N_("How to run it: {text}")
SAFETY = N_("Safety: {text}")
FOLLOW_UPS = N_("Follow-ups for question {n}")
INTENSITY = N_("Intensity: {intensity}.")
SCENARIO_NOTE = N_("Content note: {text}")
ROLE_CARDS = N_("Role cards:")
ROLE_CARD = N_("{name}: {card}")
DECISION_POINTS = N_("Decision points")
# The discussion slide's cue, by how the room runs the role-play (`scenario_format`).
PLAY_THEN_PROMPTS = {
    "small-groups": N_("Let the groups play, then use these prompts."),
    "fishbowl": N_(
        "Let the players in the middle play while the others watch and tap in, then use these prompts."
    ),
    "demonstration": N_(
        "Run the scene in front of the room, pausing for suggestions, then use these prompts."
    ),
}
DEBRIEF_OUT_OF_ROLE = N_(
    "Debrief out of role: ask about the choices allies made, never how it felt to be the person targeted."
)
HARMFUL_MOMENT = N_(
    "Read the harmful moment once, in your ordinary voice, then start the scene just after it (never on a "
    "slide; nobody repeats it): {text}"
)
DE_ROLE = N_("De-role before the debrief, every time, however short the time: {steps}")
READ_SUPPORT = N_(
    "Read the support contacts aloud and leave this slide up as people go. They are also on the support "
    "page of the handout."
)
SUPPORT_CONTACT = N_("{name}: {contact} ({when})")
DEBRIEF_QUESTIONS = N_("Debrief questions")
ALLY_RESPONSES = N_("Possible ally responses")
BACK_WHEN = N_("Say when to be back: {time}.")
PURPOSE = N_("Purpose: {text}")
STEPS = N_("Steps")
FACILITATOR_NOTES = N_("Facilitator notes")
MATERIALS = N_("Materials")
READ_TAKEAWAYS = N_("Read the takeaways and ask which one people will act on first.")
POINT_TO_RESOURCES = N_("Point to the resources; they are also in the handout.")
LEAVE_CODES_UP = N_("Leave this slide up for a minute while people scan the codes with their phones.")
RESOURCE_NOTE = N_("{name}: {description}")
LEAVE_TIME_FOR_FEEDBACK = N_("Leave time for the feedback forms before people leave.")
OFFER_ACCESSIBLE_HANDOUT = N_(
    "Offer {file} (the handout as an accessible web page, in the output folder) to anyone who asks; "
    "it works offline, and people can type their answers into it."
)
SLIDE_OF_PART = N_("Slide {n} of {total} for this part.")
LISTING = N_("{heading}:")
ITEM = N_("• {text}")
AGAIN = N_("again")

# ---------------------------------------------------------------------------
# On the notes pages and the slides handout (notes.pdf, slides-handout.pdf)

NOTES_LABEL = N_("Notes pages")
NOTES_TITLE = N_("{title} — notes pages")
NOTES_SUBJECT = N_("Speaker notes, slide by slide, for the facilitators")
SLIDES_HANDOUT_LABEL = N_("Slides")
SLIDES_HANDOUT_TITLE = N_("{title} — slides")
SLIDES_HANDOUT_SUBJECT = N_("The slides of the session, with room for notes")
SLIDE_NUMBER = N_("Slide {n}")
NOTES_WHEN = N_("{times} · {minutes} minutes")
NOTES_LEAD = N_("Led by {names}")
NOTES_FRONT = N_("Before the agenda")
NOTES_CONTINUED = N_("Notes for slide {n}, continued")


class Labels:
    """Every label above in one language: `Labels(plan.words).AGENDA`, formatted as the English is."""

    def __init__(self, words: Words) -> None:
        """Translate from `words` (the workshop's language), each label on first use."""
        self.words = words

    def __getattr__(self, name: str) -> Any:
        message = globals().get(name) if name.isupper() else None
        if message is None:
            raise AttributeError(name)
        if isinstance(message, tuple):
            value: Any = tuple(self.words._(m) for m in message)
        elif isinstance(message, dict):
            value = {key: self.words._(m) for key, m in message.items()}
        else:
            value = self.words._(message)
        setattr(self, name, value)  # kept: the next use is an attribute lookup
        return value
