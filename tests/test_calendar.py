"""The calendar file, `session.ics`, read back with icalendar: times, time zone, text, reproducibility.

Expected times are written out by hand from the workshop below (09:00, segments of 10, 15,
5, 20 and 10 minutes, in America/Vancouver), never computed by the code under test.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import tzlocal
from click.testing import CliRunner
from icalendar import Calendar

from facilitator import api
from facilitator.cli import cli
from facilitator.render import ics

VANCOUVER = ZoneInfo("America/Vancouver")
WORKSHOP = """\
id: calendar-case
title: Calendar *case*
subtitle: A morning together
date: 2027-05-20
start: "09:00"
duration: 60m
location: Riverside Hub, Room 2
facilitators: [Ana Lima, Ben Okafor]
timezone: America/Vancouver
objectives:
  - Name one everyday advantage.
  - Try one ally response.
agenda:
  - opening: Welcome
    minutes: 10
    lead: Ana Lima
  - primer: what-is-allyship
    minutes: 15
  - break: Break
    minutes: 5
  - discussion: noticing-privilege
    minutes: 20
  - closing: Close
    minutes: 10
"""


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    path = tmp_path / "calendar-case.yaml"
    path.write_text(WORKSHOP, encoding="utf-8")
    return path


def events(data: bytes) -> list:
    return [c for c in Calendar.from_ical(data).walk("VEVENT")]


def times(event) -> tuple[dt.datetime, dt.datetime]:
    return event.decoded("DTSTART"), event.decoded("DTEND")


def at(hour: int, minute: int, day: int = 20) -> dt.datetime:
    return dt.datetime(2027, 5, day, hour, minute, tzinfo=VANCOUVER)


def test_one_event_for_the_session_in_the_workshops_time_zone(workshop: Path) -> None:
    data = ics.render(api.load_plan(workshop))[0].data
    (event,) = events(data)
    assert times(event) == (at(9, 0), at(10, 0))
    assert event["DTSTART"].params["TZID"] == "America/Vancouver"
    assert (str(event["SUMMARY"]), str(event["LOCATION"])) == ("Calendar case", "Riverside Hub, Room 2")
    assert str(event["UID"]) == "calendar-case-2027-05-20@facilitator"
    assert str(event["DESCRIPTION"]) == (
        "A morning together\n\nFacilitators: Ana Lima and Ben Okafor\n\n"
        "By the end of the session you will be able to:\n- Name one everyday advantage.\n"
        "- Try one ally response."
    )
    (zone,) = Calendar.from_ical(data).walk("VTIMEZONE")
    assert str(zone["TZID"]) == "America/Vancouver"
    # 09:00 in Vancouver in May is 16:00 UTC (daylight time, UTC−7).
    assert event.decoded("DTSTART").astimezone(dt.timezone.utc).hour == 16


def test_the_file_keeps_rfc_5545s_line_rules(workshop: Path) -> None:
    data = ics.render(api.load_plan(workshop), ics="segments")[0].data
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and len(line) <= 75 for line in lines)
    calendar = Calendar.from_ical(data)
    assert str(calendar["PRODID"]).startswith("-//facilitator//")
    for event in calendar.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert required in event


def test_segments_as_events_with_their_clock_times(workshop: Path) -> None:
    session, *segments = events(ics.render(api.load_plan(workshop), ics="segments")[0].data)
    assert times(session) == (at(9, 0), at(10, 0))
    assert [times(e) for e in segments] == [
        (at(9, 0), at(9, 10)),
        (at(9, 10), at(9, 25)),
        (at(9, 25), at(9, 30)),
        (at(9, 30), at(9, 50)),
        (at(9, 50), at(10, 0)),
    ]
    assert [str(e["SUMMARY"]) for e in segments][:2] == [
        "Welcome (Calendar case)",
        "What is allyship? (Calendar case)",
    ]
    assert [str(e["DESCRIPTION"]) for e in segments][:3] == ["Opening, led by Ana Lima", "Primer", "Break"]
    assert len({str(e["UID"]) for e in segments}) == 5


def test_build_start_and_ics_segments_from_the_command_line(workshop: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = [
        "build",
        str(workshop),
        "--out",
        str(out),
        "--only",
        "calendar",
        "--start",
        "09:20",
        "--ics",
        "segments",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert f"wrote {out / 'calendar-case' / 'session.ics'} (calendar, 6 events)" in result.output
    session, *segments = events((out / "calendar-case" / "session.ics").read_bytes())
    assert times(session) == (at(9, 20), at(10, 20))
    assert [times(e)[0] for e in segments] == [at(9, 20), at(9, 30), at(9, 45), at(9, 50), at(10, 10)]


def test_a_session_past_midnight_ends_the_next_day(workshop: Path) -> None:
    plan = api.load_plan(workshop, start=dt.time(23, 30))
    session, *segments = events(ics.render(plan, ics="segments")[0].data)
    assert times(session) == (at(23, 30), at(0, 30, day=21))
    assert times(segments[-1]) == (at(0, 20, day=21), at(0, 30, day=21))


def test_reproducible_and_stamped_from_source_date_epoch(workshop: Path, monkeypatch) -> None:
    plan = api.load_plan(workshop)
    first = ics.render(plan)[0].data
    assert ics.render(plan)[0].data == first
    assert b"DTSTAMP:20270520T000000Z" in first  # the workshop's date, not the time of the build
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert b"DTSTAMP:20270115T080000Z" in ics.render(plan)[0].data


@pytest.fixture
def computer_in_paris() -> Iterator[None]:
    """Set this process's time zone to Europe/Paris (as TZ does) for one test; tzlocal caches it."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Paris"
    tzlocal.reload_localzone()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        tzlocal.reload_localzone()


def test_without_a_timezone_the_computers_is_used(workshop: Path, computer_in_paris: None) -> None:
    workshop.write_text(WORKSHOP.replace("timezone: America/Vancouver\n", ""), encoding="utf-8")
    plan = api.load_plan(workshop)
    assert plan.time_zone == "Europe/Paris"
    (event,) = events(ics.render(plan)[0].data)
    assert event.decoded("DTSTART") == dt.datetime(2027, 5, 20, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.mark.parametrize("answer", [None, ""])
def test_without_a_timezone_on_a_computer_that_names_none_utc_is_used(
    workshop: Path, monkeypatch: pytest.MonkeyPatch, answer: str | None
) -> None:
    """tzlocal answers nothing when a computer has no time zone configured (no TZ, no /etc/localtime)."""
    monkeypatch.setattr(tzlocal, "get_localzone_name", lambda: answer)
    workshop.write_text(WORKSHOP.replace("timezone: America/Vancouver\n", ""), encoding="utf-8")
    assert api.load_plan(workshop).time_zone == "UTC"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("America/Vancuver", "'America/Vancuver' is not a time zone (did you mean 'America/Vancouver'?)"),
        ("../../etc/passwd", "'../../etc/passwd' is not a time zone;"),
        ("/etc/localtime", "'/etc/localtime' is not a time zone;"),
    ],
)
def test_a_time_zone_that_does_not_exist_is_one_positioned_error(
    workshop: Path, value: str, expected: str
) -> None:
    workshop.write_text(WORKSHOP.replace("America/Vancouver", value), encoding="utf-8")
    errors = [d.format() for d in api.check(workshop) if d.severity == "error"]
    assert len(errors) == 1
    assert re.match(rf"{re.escape(str(workshop))}:9:11: error: timezone: ", errors[0])
    assert expected in errors[0]
