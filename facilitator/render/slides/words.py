"""Every word the slides, their speaker notes and the slide PDFs add to a workshop's own text.

One place, so that a translation (issue 12) replaces this module's strings and
nothing else: the builders format these with `str.format` and never spell a
label of their own. Workshop and library text never passes through here.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------
# On slides

AGENDA = "Agenda"
AGENDA_END = "End"
AGENDA_MINUTES = "{minutes}\u00a0min"
OBJECTIVES = "Objectives"
LAND_ACKNOWLEDGEMENT = "Land acknowledgement"
CONTENT_NOTE = "Content note"
AGREEMENTS = "Community agreements"
FACILITATED_BY = "Facilitated by {names}"
AND = " and "
MINUTES = "{minutes} minutes"
TAKEAWAY = "Takeaway: "
ROLE_PLAY = "Role-play"
ROLES = "Roles: "
CONTENT_NOTE_LEAD = "Content note: "
DISCUSS = "discuss"
DEBRIEF = "debrief"
DEBRIEF_HEADER = "Debrief"
BACK_AT = "Back at {time}"
BREAK_MINUTES = "{minutes}-minute break"
KEY_TAKEAWAYS = "Key takeaways"
RESOURCES = "Resources"
FEEDBACK = "Your feedback"
FEEDBACK_PROMPT = "Before you go, please tell us how it went."
FEEDBACK_QUESTIONS = ("What worked well for you today?", "What would you change for next time?")
FEEDBACK_FORM = "Please fill in the feedback form and leave it on your table."
ACCESSIBLE_HANDOUT = "The handout is also a web page, {file}, for screen readers and phones: ask us for it."
CONTINUED = "{title} ({n} of {total})"
LOGO_OF = "{organisation} logo"
LOGO = "Logo of the organisers"
# What an opening, reflection or closing slide says when the workshop gives it no prompts.
FREEFORM_LEADS = {
    "opening": "Welcome to {title}.",
    "reflection": "A few quiet minutes to reflect.",
    "closing": "Thank you for taking part.",
}

# ---------------------------------------------------------------------------
# In speaker notes

TITLE_NOTES = "{title}: {date}, {start}–{end} ({minutes} minutes)."
LOCATION = "Location: {location}."
AUDIENCE = "Audience: {audience}."
ARRIVAL = "Show this slide as people arrive. At {start}, start with {title}."
TIMING = "{kind}: {title}. {start}–{end} ({minutes} minutes)."
THEN = "Then: {title}."
BEFORE = "Before {title} ({start})."
READ_ACKNOWLEDGEMENT = "Read the acknowledgement slowly, in your own voice."
READ_OBJECTIVES = "Read the objectives and say how the agenda serves them."
WALK_AGENDA = "Walk through the agenda and point out the breaks."
BREAKS = "Breaks: {breaks}."
BREAK_AT = "{title} at {start}"
READ_CONTENT_NOTE = "Read the content note aloud. Say that anyone may pass, observe or step out."
NAME_INTENSE = "Name the intense role-play ahead: {title} at {start}."
SAY_WHERE_HARD = "Say where the harder material comes in the agenda."
READ_AGREEMENTS = "Read each agreement, give an example, and invite additions in people's own words."
NOTES = "Notes: {text}"
MOVE_ON = "Move on: {cue}"
CLOSE = "Close: {cue}"
SUMMARY = "Summary: {text}"
INTRODUCE = "Introduce: {text}"
MISUNDERSTANDINGS = "Common misunderstandings"
LISTEN_FOR = "Listen for"
FORMAT = "Format: {format}."
FORMAT_GROUPS = "Format: {format}, groups of {size}."
HOW_TO_RUN = "How to run it: {text}"
SAFETY = "Safety: {text}"
FOLLOW_UPS = "Follow-ups for question {n}"
INTENSITY = "Intensity: {intensity}."
SCENARIO_NOTE = "Content note: {text}"
ROLE_CARDS = "Role cards:"
ROLE_CARD = "{name}: {card}"
DECISION_POINTS = "Decision points"
PLAY_THEN_PROMPTS = "Let the groups play, then use these prompts."
DEBRIEF_OUT_OF_ROLE = "Debrief out of role: thank the players and let them step out of their roles."
DEBRIEF_QUESTIONS = "Debrief questions"
ALLY_RESPONSES = "Possible ally responses"
BACK_WHEN = "Say when to be back: {time}."
PURPOSE = "Purpose: {text}"
STEPS = "Steps"
FACILITATOR_NOTES = "Facilitator notes"
MATERIALS = "Materials"
READ_TAKEAWAYS = "Read the takeaways and ask which one people will act on first."
POINT_TO_RESOURCES = "Point to the resources; they are also in the handout."
RESOURCE_NOTE = "{name}: {description}"
LEAVE_TIME_FOR_FEEDBACK = "Leave time for the feedback forms before people leave."
OFFER_ACCESSIBLE_HANDOUT = (
    "Offer {file} (the handout as an accessible web page, in the output folder) to anyone who asks; "
    "it works offline, and people can type their answers into it."
)
SLIDE_OF_PART = "Slide {n} of {total} for this part."
LISTING = "{heading}:"
ITEM = "• {text}"
AGAIN = "again"

# ---------------------------------------------------------------------------
# On the notes pages and the slides handout (notes.pdf, slides-handout.pdf)

NOTES_LABEL = "Notes pages"
NOTES_TITLE = "{title} — notes pages"
NOTES_SUBJECT = "Speaker notes, slide by slide, for the facilitators"
SLIDES_HANDOUT_LABEL = "Slides"
SLIDES_HANDOUT_TITLE = "{title} — slides"
SLIDES_HANDOUT_SUBJECT = "The slides of the session, with room for notes"
SLIDE_NUMBER = "Slide {n}"
NOTES_WHEN = "{start}–{end} · {minutes} minutes"
NOTES_LEAD = "Led by {names}"
NOTES_FRONT = "Before the agenda"
NOTES_CONTINUED = "Notes for slide {n}, continued"
