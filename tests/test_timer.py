"""The run-of-show timer, `timer.html`, as a facilitator uses it: in headless Chromium, on a rehearsal clock.

Each test opens the page at a clock time (`?now=HH:MM`), presses what a facilitator presses
(buttons and keys) and reads the page: which segment is current, the time left, the adjusted
start of every segment, ahead/behind and what to cut. Every expected time is written out
by hand from the workshop below; none is computed by the code under test.

The workshop starts at 09:00: Welcome (10 min, an opening: keeps its time), a primer (15),
a discussion (20), a break (10, keeps its time), an optional activity (15) and a closing (10);
it ends at 10:20.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest

from facilitator import api
from facilitator.render import timer
from tests.browser import Tab, chromium, needs_axe, needs_chromium

WORKSHOP = """\
id: timer-case
title: Timer case
date: 2027-05-20
start: "09:00"
duration: 80m
facilitators: [Ana Lima, Ben Okafor]
agenda:
  - opening: Welcome
    minutes: 10
    lead: Ana Lima
  - primer: what-is-allyship
    minutes: 15
    lead: Ben Okafor
    notes: Ask for one example from the room before the second point.
  - discussion: noticing-privilege
    minutes: 20
    lead: Ana Lima
  - break: Break
    minutes: 10
  - activity: Spectrum of action
    use: spectrum-of-action
    minutes: 15
    optional: true
  - closing: Close
    minutes: 10
    lead: Ben Okafor
"""
TITLES = [
    "Welcome",
    "What is allyship?",
    "Noticing privilege in daily life",
    "Break",
    "Spectrum of action",
    "Close",
]
PLANNED = ["09:00", "09:10", "09:25", "09:45", "09:55", "10:10"]

READ = """(() => {
  const text = (id) => document.getElementById(id).textContent;
  const rows = [...document.querySelectorAll("tbody tr")];
  return {
    title: text("now-title"), left: text("time-left"), leftLabel: text("left-label"), ends: text("now-ends"),
    pace: text("pace"), cuts: text("cuts"), next: text("next-title"), nextMeta: text("next-meta"),
    clock: text("clock"), end: text("end-adjusted"),
    adjusted: rows.map((r) => r.querySelector(".adjusted").textContent),
    minutes: rows.map((r) => r.querySelector(".min").textContent),
    status: rows.map((r) => r.querySelector(".status").textContent),
    current: rows.findIndex((r) => r.getAttribute("aria-current") === "step"),
    nextButton: document.getElementById("next").textContent,
    lateShown: !document.getElementById("late").hidden,
  };
})()"""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("timer")
    source = folder / "timer-case.yaml"
    source.write_text(WORKSHOP, encoding="utf-8")
    path = folder / "timer.html"
    path.write_text(timer.render_html(api.load_plan(source)), encoding="utf-8")
    return path


@pytest.fixture
def tab() -> Iterator[Tab]:
    with chromium(1280, 720) as opened:
        yield opened


def at(tab: Tab, page: Path, query: str) -> dict:
    """Open the timer with `query` and return what it shows; the clock stands still unless `speed` is given.

    A still clock (`speed=0`) keeps a reading exact however long the shared machine takes between
    opening the page and reading it; the clock's running is tested on its own.
    """
    tab.settle_storage()  # what the page saved, before another page reads it
    tab.open(page.as_uri() + query + ("" if "speed=" in query else "&speed=0"))
    return read(tab)


def read(tab: Tab) -> dict:
    return tab.evaluate(READ)


def press(tab: Tab, key: str) -> None:
    """Press and release one key, as a facilitator (or a presentation clicker) does."""
    codes = {
        " ": "Space",
        "ArrowRight": "ArrowRight",
        "ArrowLeft": "ArrowLeft",
        "PageDown": "PageDown",
        "PageUp": "PageUp",
        "p": "KeyP",
        "+": "Equal",
    }
    tab.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": key, "code": codes[key]})
    tab.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "code": codes[key]})


def no_trouble(tab: Tab, page: Path) -> None:
    """No console error or exception, and no request but the page itself (and the browser's own icons)."""
    assert tab.errors() == []
    assert [url for url in tab.requests() if not url.startswith(("data:", page.as_uri()))] == []


# ---------------------------------------------------------------------------
# The file


def test_one_self_contained_reproducible_file(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<link" not in html and " src=" not in html and "url(" not in html and "@import" not in html
    assert html.count("<script>") == 1 and html.count("<style>") == 1
    plan = api.load_plan(page.parent / "timer-case.yaml")
    assert timer.render_html(plan) == html
    policy = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1))
    assert policy.startswith("default-src 'none'; style-src 'sha256-")


def test_what_may_give_time_follows_the_plan(page: Path) -> None:
    data = timer.timer_data(api.load_plan(page.parent / "timer-case.yaml"))
    given = [(s["title"], s["give"], s["floor"], s["offset"]) for s in data["segments"]]
    assert given == [
        ("Welcome", "keep", 5, 0),
        ("What is allyship?", "shrink", 5, 10),
        ("Noticing privilege in daily life", "shrink", 5, 25),
        ("Break", "keep", 5, 45),
        ("Spectrum of action", "optional", 5, 55),
        ("Close", "shrink", 5, 70),
    ]
    assert data["store"] == "facilitator-timer:timer-case:2027-05-20"


def test_a_role_play_never_shrinks_below_the_time_its_debrief_needs(write_yaml) -> None:
    path = write_yaml(
        """
        id: play
        title: Play
        date: 2027-05-20
        start: "09:00"
        duration: 55m
        agenda:
          - scenario: meeting-credit
            minutes: 25
          - scenario: family-dinner
            minutes: 30
        """
    )
    plan = api.load_plan(path)
    intensities = [s.scenario.intensity for s in plan.segments]
    floors = [s["floor"] for s in timer.timer_data(plan)["segments"]]
    assert list(zip(intensities, floors, strict=True)) == [("gentle", 20), ("moderate", 30)]


def test_a_role_play_floor_is_the_one_fitting_uses_even_with_a_smaller_min_minutes(write_yaml) -> None:
    """`min_minutes: 10` on a moderate role-play neither lets fitting nor the timer cut its debrief."""
    path = write_yaml(
        """
        id: play
        title: Play
        date: 2027-05-20
        start: "09:00"
        duration: 40m
        fit: proportional
        agenda:
          - primer: what-is-allyship
            minutes: 20
          - scenario: family-dinner
            minutes: 35
            min_minutes: 10
        """
    )
    plan = api.load_plan(path)
    assert [(s.id, s.minutes) for s in plan.segments] == [("what-is-allyship", 10), ("family-dinner", 30)]
    assert [s["floor"] for s in timer.timer_data(plan)["segments"]] == [5, 30]


AFTERCARE = """\
id: aftercare-case
title: Aftercare case
date: 2027-05-20
start: "09:00"
duration: 90m
facilitators: [Ana Lima, Ben Okafor]
support:
  - {name: Front desk, contact: "555-0100", when: During the session}
agenda:
  - opening: Welcome
    minutes: 10
  - primer: what-is-allyship
    minutes: 15
    optional: true
  - scenario: meeting-credit
    minutes: 25
    optional: true
  - activity: Settle
    id: settle
    aftercare_for: meeting-credit
    minutes: 5
  - activity: Pause and look after yourself
    id: self-care
    required: true
    minutes: 10
  - discussion: noticing-privilege
    minutes: 15
  - closing: Close
    minutes: 10
"""


@pytest.fixture(scope="module")
def aftercare_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("aftercare")
    source = folder / "aftercare-case.yaml"
    source.write_text(AFTERCARE, encoding="utf-8")
    path = folder / "timer.html"
    path.write_text(timer.render_html(api.load_plan(source)), encoding="utf-8")
    return path


def test_aftercare_and_required_segments_keep_their_time(aftercare_page: Path) -> None:
    data = timer.timer_data(api.load_plan(aftercare_page.parent / "aftercare-case.yaml"))
    given = [(s["title"], s["give"], s["floor"], s["after"]) for s in data["segments"]]
    assert given == [
        ("Welcome", "keep", 5, None),
        ("What is allyship?", "optional", 5, None),
        ("Whose idea was it?", "optional", 20, None),
        ("Settle", "keep", 5, 2),
        ("Pause and look after yourself", "keep", 10, None),
        ("Noticing privilege in daily life", "shrink", 5, None),
        ("Close", "shrink", 5, None),
    ]


# ---------------------------------------------------------------------------
# In the browser


@needs_chromium
def test_before_the_start_it_counts_down_to_the_start(tab: Tab, page: Path) -> None:
    shown = at(tab, page, "?now=08:50")
    assert shown["title"] == "Before the start"
    assert (shown["left"], shown["leftLabel"], shown["ends"]) == (
        "10:00",
        "until the start",
        "Starts at 09:00",
    )
    assert shown["next"] == "Welcome"
    assert shown["nextMeta"] == "at 09:00 · 10 min · Ana Lima"
    assert shown["adjusted"] == PLANNED
    assert shown["current"] == -1 and shown["nextButton"] == "Start →" and shown["lateShown"]
    assert shown["clock"] == "08:50"
    no_trouble(tab, page)


@needs_chromium
def test_inside_the_third_segment_it_follows_the_planned_times(tab: Tab, page: Path) -> None:
    shown = at(tab, page, "?now=09:30")
    assert shown["title"] == "Noticing privilege in daily life"
    assert (shown["left"], shown["leftLabel"], shown["ends"]) == ("15:00", "left", "Ends at 09:45")
    assert shown["current"] == 2
    assert shown["status"][:3] == ["Done", "Done", "▶ Now"]
    assert shown["status"][3:] == ["Keeps its time", "Optional", ""]
    assert shown["next"] == "Break" and shown["nextMeta"] == "at 09:45 · 10 min"
    assert shown["adjusted"] == PLANNED
    assert shown["cuts"] == "Nothing to cut: on course to end at 10:20."
    no_trouble(tab, page)


@needs_chromium
def test_next_and_pause_record_the_times_and_survive_a_reload(tab: Tab, page: Path) -> None:
    at(tab, page, "?now=09:30")
    press(tab, " ")  # the discussion ends 15 minutes early: the break starts at 09:30
    shown = read(tab)
    assert shown["title"] == "Break" and shown["current"] == 3
    assert (shown["left"], shown["ends"]) == ("10:00", "Ends at 09:40")
    assert shown["pace"] == "Ahead of the plan by 15 min"
    assert shown["adjusted"] == ["09:00", "09:10", "09:25", "09:30", "09:40", "09:55"]
    assert shown["minutes"][2] == "20 → 5"  # the discussion as it ran
    assert shown["end"] == "10:05" and not shown["lateShown"]
    tab.click("#pause")
    assert read(tab)["pace"].startswith("Paused since 09:30")
    # Twenty minutes later (the page reopened on the rehearsal clock): still paused, nothing lost.
    shown = at(tab, page, "?now=09:50")
    assert shown["title"] == "Break" and shown["pace"].startswith("Paused since 09:30")
    assert (shown["left"], shown["ends"]) == ("10:00", "Ends at 10:00")
    # The break ends at 10:00 instead of 09:55: five minutes behind, taken from the optional activity.
    assert shown["pace"].endswith("Behind the plan by 5 min")
    assert shown["adjusted"] == ["09:00", "09:10", "09:25", "09:30", "10:00", "10:10"]
    assert shown["minutes"][4:] == ["15 → 10", "10"]
    assert shown["status"][4] == "Shortened by 5 min"
    assert shown["cuts"] == "To end at 10:20: shorten Spectrum of action by 5 min."
    tab.click("#pause")  # resume
    shown = read(tab)
    assert shown["pace"] == "Behind the plan by 5 min" and shown["left"] == "10:00"
    tab.reload()
    assert read(tab)["adjusted"] == ["09:00", "09:10", "09:25", "09:30", "10:00", "10:10"]
    no_trouble(tab, page)


@needs_chromium
def test_back_undoes_a_next_and_plus_five_takes_from_what_follows(tab: Tab, page: Path) -> None:
    at(tab, page, "?now=09:12")
    press(tab, "ArrowRight")  # the primer ends 13 minutes early
    assert read(tab)["title"] == "Noticing privilege in daily life"
    press(tab, "ArrowLeft")
    shown = read(tab)
    assert shown["title"] == "What is allyship?" and shown["current"] == 1
    assert (shown["left"], shown["ends"]) == ("13:00", "Ends at 09:25")
    tab.click("#plus")
    tab.click("#plus")  # ten more minutes for the primer: ends 09:35, the activity gives them back
    shown = read(tab)
    assert (shown["left"], shown["ends"]) == ("23:00", "Ends at 09:35")
    assert shown["adjusted"] == ["09:00", "09:10", "09:35", "09:55", "10:05", "10:10"]
    assert shown["minutes"][4] == "15 → 5"
    assert shown["pace"] == "Behind the plan by 10 min"
    no_trouble(tab, page)


@needs_chromium
def test_a_presentation_clicker_and_the_letter_keys_work_too(tab: Tab, page: Path) -> None:
    at(tab, page, "?now=09:12")
    press(tab, "PageDown")
    assert read(tab)["current"] == 2
    press(tab, "PageUp")
    assert read(tab)["current"] == 1
    press(tab, "+")
    assert read(tab)["ends"] == "Ends at 09:30"
    press(tab, "p")
    assert read(tab)["pace"].startswith("Paused since 09:12")
    assert tab.evaluate("document.getElementById('pause').getAttribute('aria-pressed')") == "true"


@needs_chromium
def test_we_started_late_keeps_the_end_by_shortening_the_optional_segment_first(tab: Tab, page: Path) -> None:
    at(tab, page, "?now=09:08")
    tab.evaluate("document.getElementById('late-time').value = '09:08'")
    tab.click("#late-go")
    shown = read(tab)
    assert shown["title"] == "Welcome" and (shown["left"], shown["ends"]) == ("10:00", "Ends at 09:18")
    assert shown["pace"] == "Behind the plan by 8 min"
    assert shown["adjusted"] == ["09:08", "09:18", "09:33", "09:53", "10:03", "10:10"]
    assert shown["minutes"][4] == "15 → 7"
    assert shown["cuts"] == "To end at 10:20: shorten Spectrum of action by 8 min."
    assert shown["end"] == "10:20"
    no_trouble(tab, page)


@needs_chromium
def test_we_started_late_and_finish_later_keeps_every_minute(tab: Tab, page: Path) -> None:
    at(tab, page, "?now=09:08")
    tab.evaluate("document.getElementById('late-time').value = '09:08'")
    tab.click("#late-shift")
    tab.click("#late-go")
    shown = read(tab)
    assert shown["adjusted"] == ["09:08", "09:18", "09:33", "09:53", "10:03", "10:18"]
    assert shown["end"] == "10:28" and shown["pace"] == "On time"
    assert shown["cuts"] == "Nothing to cut: on course to end at 10:28."


@needs_chromium
def test_half_an_hour_late_cuts_the_optional_segment_then_shortens_the_rest(tab: Tab, page: Path) -> None:
    at(tab, page, "?now=09:30")
    tab.evaluate("document.getElementById('late-time').value = '09:30'")
    tab.click("#late-go")
    shown = read(tab)
    # 30 minutes to find: the optional activity gives 15 (cut), then the primer, discussion
    # and closing give the rest evenly from what each has above 5 minutes; the break keeps its 10.
    assert shown["adjusted"] == ["09:30", "09:40", "09:50", "10:00", "—", "10:10"]
    assert shown["minutes"] == ["10", "15 → 10", "20 → 10", "10", "15 → 0", "10"]
    assert shown["status"][1:] == ["Shortened by 5 min", "Shortened by 10 min", "Keeps its time", "✕ Cut", ""]
    assert shown["cuts"] == (
        "To end at 10:20: shorten What is allyship? by 5 min; shorten Noticing privilege in daily life "
        "by 10 min; cut Spectrum of action."
    )
    assert shown["end"] == "10:20"


def late_start(tab: Tab, page: Path, started: str) -> dict:
    """Open the timer at `started`, say the session started then (keeping the planned end), and read it."""
    at(tab, page, f"?now={started}")
    tab.evaluate(f"document.getElementById('late-time').value = '{started}'")
    tab.click("#late-go")
    return read(tab)


@needs_chromium
def test_a_cut_role_play_takes_its_aftercare_along(tab: Tab, aftercare_page: Path) -> None:
    shown = late_start(tab, aftercare_page, "09:30")
    # 30 minutes to find: the optional primer and role-play shorten to their floors (15), then the
    # role-play is cut with its aftercare (25 more), and the primer gets back its 10 minutes.
    assert shown["adjusted"] == ["09:30", "09:40", "—", "—", "09:55", "10:05", "10:20"]
    assert shown["minutes"] == ["10", "15", "25 → 0", "5 → 0", "10", "15", "10"]
    assert shown["status"][2:5] == ["✕ Cut", "✕ Cut", "Keeps its time"]
    assert shown["cuts"] == "To end at 10:30: cut Whose idea was it?; cut Settle."
    assert shown["end"] == "10:30"
    no_trouble(tab, aftercare_page)


@needs_chromium
def test_a_required_pause_never_shrinks_when_the_rest_must(tab: Tab, aftercare_page: Path) -> None:
    shown = late_start(tab, aftercare_page, "10:00")
    # An hour late: every optional segment is cut, then the discussion and closing shrink to their
    # floors; the required pause keeps its 10 minutes.
    assert shown["adjusted"] == ["10:00", "—", "—", "—", "10:10", "10:20", "10:25"]
    assert shown["minutes"] == ["10", "15 → 0", "25 → 0", "5 → 0", "10", "15 → 5", "10 → 5"]
    assert shown["status"][4] == "Keeps its time"
    assert shown["end"] == "10:30"
    no_trouble(tab, aftercare_page)


@needs_chromium
def test_after_the_end(tab: Tab, page: Path) -> None:
    shown = at(tab, page, "?now=10:45")
    assert shown["title"] == "The planned session is over"
    assert shown["ends"] == "Planned to end at 10:20" and shown["left"] == "—"
    at(tab, page, "?now=10:15")  # inside the closing: moving on ends the session
    press(tab, " ")
    shown = read(tab)
    assert shown["title"] == "Session over" and shown["ends"] == "Ended at 10:15"
    assert shown["pace"] == "Ahead of the plan by 5 min"
    assert shown["status"] == ["Done"] * 6 and shown["current"] == -1
    no_trouble(tab, page)


@needs_chromium
def test_running_over_shows_the_time_over_in_words(tab: Tab, page: Path) -> None:
    at(tab, page, "?now=09:12")
    press(tab, " ")  # the discussion starts at 09:12, with 20 minutes: due to end at 09:32
    shown = at(tab, page, "?now=09:40")
    assert (shown["left"], shown["leftLabel"]) == ("−8:00", "over time")
    assert shown["pace"] == "Ahead of the plan by 5 min"  # the plan has it ending at 09:45


@needs_chromium
def test_reset_needs_two_presses_and_returns_to_the_plan(tab: Tab, page: Path) -> None:
    at(tab, page, "?now=09:30")
    press(tab, " ")
    tab.click("#reset")
    assert read(tab)["title"] == "Break"
    tab.click("#reset")
    shown = read(tab)
    assert shown["title"] == "Noticing privilege in daily life" and shown["adjusted"] == PLANNED
    tab.reload()
    assert read(tab)["adjusted"] == PLANNED


@needs_chromium
def test_the_rehearsal_clock_runs_at_the_speed_asked(tab: Tab, page: Path) -> None:
    at(tab, page, "?now=09:30&speed=60")
    time.sleep(1.5)  # at 60×, at least a virtual minute and a half
    shown = read(tab)
    minutes, seconds = map(int, shown["left"].split(":"))
    assert 0 < minutes * 60 + seconds <= 14 * 60 + 30
    banner = tab.evaluate("document.getElementById('rehearsal').textContent")
    assert banner.startswith("Rehearsal: the clock started at 09:30 and runs at 60× speed")


@needs_chromium
def test_a_still_rehearsal_clock_says_so(tab: Tab, page: Path) -> None:
    at(tab, page, "?now=09:30")
    time.sleep(1.2)
    assert read(tab)["left"] == "15:00"
    banner = tab.evaluate("document.getElementById('rehearsal').textContent")
    assert banner.startswith("Rehearsal: the clock stands still at 09:30")


@needs_chromium
def test_a_rehearsal_never_touches_the_real_sessions_record(tab: Tab, page: Path) -> None:
    at(tab, page, "?now=09:30")
    press(tab, " ")
    keys = json.loads(tab.evaluate("JSON.stringify(Object.keys(localStorage))"))
    assert keys == ["facilitator-timer:timer-case:2027-05-20:rehearsal"]


@needs_chromium
def test_fits_a_projector_and_a_phone(tab: Tab, page: Path) -> None:
    at(tab, page, "?now=09:30")
    boxes = tab.evaluate(
        "['now-title', 'time-left', 'now-ends', 'next-title', 'next', 'pause', 'plus', 'back']"
        ".map((id) => document.getElementById(id).getBoundingClientRect().bottom)"
    )
    assert max(boxes) <= 720, boxes
    size = tab.evaluate("parseFloat(getComputedStyle(document.getElementById('time-left')).fontSize)")
    assert size >= 96
    tab.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": 375, "height": 667, "deviceScaleFactor": 2, "mobile": True},
    )
    tab.reload()
    assert tab.evaluate("document.documentElement.scrollWidth") <= 375
    bottom = tab.evaluate("document.getElementById('next').getBoundingClientRect().bottom")
    assert bottom <= 667


@needs_chromium
@needs_axe
def test_no_accessibility_violation(tab: Tab, page: Path) -> None:
    at(tab, page, "?now=09:30")
    assert tab.axe() == []
    press(tab, " ")
    tab.click("#pause")
    tab.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    assert tab.axe() == []
