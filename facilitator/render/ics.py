"""The calendar file, `session.ics`: the session as an RFC 5545 event, optionally one per segment.

Written with the `icalendar` library. Times are local times in the workshop's
time zone (`timezone:`, else the computer's; see `Plan.time_zone`), with the
VTIMEZONE that defines it, so a calendar shows them right wherever it is opened.
The session's event carries the title, the place, the facilitators and the
objectives; with `ics="segments"`, each segment follows as an event of its own
(its kind and who leads it, never the facilitator's notes, since a calendar is
often shared with participants).

Reproducible: UIDs come from the workshop id, date and segment ids, and the
only "made at" stamp (DTSTAMP, which the standard requires) is
`SOURCE_DATE_EPOCH` when set, else the workshop's date, as in the PDFs.
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo

from icalendar import Calendar, Event

from facilitator import __version__
from facilitator.planning.plan import Plan, PlannedSegment
from facilitator.render import Output
from facilitator.text.markup import plain_text

SESSION_ICS = "session.ics"
ICS_CHOICES = ("session", "segments")


def stamp(plan: Plan) -> dt.datetime:
    """Return DTSTAMP: `SOURCE_DATE_EPOCH` if set, else midnight UTC of the workshop's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    day = plan.workshop.date
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def local_time(plan: Plan, minute: int) -> dt.datetime:
    """Return the time `minute` minutes after midnight of the workshop's date, in its time zone.

    Past 1440 it is the next day: a session may run past midnight.
    """
    day = plan.workshop.date
    naive = dt.datetime(day.year, day.month, day.day) + dt.timedelta(minutes=minute)
    return naive.replace(tzinfo=zoneinfo.ZoneInfo(plan.time_zone))


def _event(plan: Plan, uid: str, summary: str, start: int, end: int, description: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp(plan))
    event.add("dtstart", local_time(plan, start))
    event.add("dtend", local_time(plan, end))
    event.add("summary", summary)
    if plan.workshop.location:
        event.add("location", plain_text(plan.workshop.location))
    if description:
        event.add("description", description)
    return event


def session_description(plan: Plan) -> str:
    """Return the session event's description: subtitle, facilitators and objectives, in its language."""
    workshop, words = plan.workshop, plan.words
    parts = []
    if workshop.subtitle:
        parts.append(plain_text(workshop.subtitle))
    if workshop.facilitators:
        names = words.join(plain_text(name) for name in workshop.facilitators)
        parts.append(words._("Facilitators: {names}").format(names=names))
    if workshop.objectives:
        lines = [words._("By the end of the session you will be able to:")]
        lines += [f"- {plain_text(objective)}" for objective in workshop.objectives]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def segment_description(plan: Plan, segment: PlannedSegment) -> str:
    """Return a segment event's description: its kind, and who leads it."""
    words = plan.words
    if segment.lead:
        return words._("{kind}, led by {name}").format(kind=segment.kind_label, name=plain_text(segment.lead))
    return segment.kind_label


def calendar(plan: Plan, ics: str = "session") -> Calendar:
    """Return the calendar of `plan`: the session's event, and with `ics="segments"` one per segment."""
    if ics not in ICS_CHOICES:
        raise ValueError(f"ics must be one of {', '.join(ICS_CHOICES)}, got {ics!r}")
    workshop = plan.workshop
    cal = Calendar()
    cal.add("prodid", f"-//facilitator//facilitator {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    uid = f"{workshop.id}-{workshop.date.isoformat()}"
    start = plan.start_minute
    title = plain_text(workshop.title)
    cal.add_component(
        _event(
            plan, f"{uid}@facilitator", title, start, start + plan.total_minutes, session_description(plan)
        )
    )
    if ics == "segments":
        for segment in plan.segments:
            summary = f"{plain_text(segment.title)} ({title})"
            offset = segment.start_minute - start  # minutes since the start, never wrapped at midnight
            cal.add_component(
                _event(
                    plan,
                    f"{uid}-{segment.index + 1}-{segment.id}@facilitator",
                    summary,
                    start + offset,
                    start + offset + segment.minutes,
                    segment_description(plan, segment),
                )
            )
    # The time zone's rules around the session only: enough for any calendar, and a stable size.
    day = workshop.date
    cal.add_missing_timezones(first_date=day - dt.timedelta(days=366), last_date=day + dt.timedelta(days=366))
    return cal


def render(plan: Plan, *, ics: str = "session") -> list[Output]:
    """Return `session.ics` (with `ics="segments"`, an event per segment as well)."""
    data = calendar(plan, ics).to_ical()
    count = 1 + (len(plan.segments) if ics == "segments" else 0)
    summary = plan.words.ngettext("calendar, {count} event", "calendar, {count} events", count).format(
        count=count
    )
    return [Output(SESSION_ICS, data, summary)]
