"""Fit to time: scaling flexible segments, keeping fixed ones, dropping optional ones, exact totals."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator import api
from facilitator.cli import cli
from facilitator.planning.fit import FitError, FitItem, fit_minutes
from facilitator.watch import watched_files
from tests.conftest import PROJECT, ROOTS

READY = sorted((PROJECT / "workshops").glob("allyship-*.yaml"))
FIXED_KINDS = ("break", "opening")


def check_fitted(items: list[FitItem], fitted: list[int | None], duration: int) -> None:
    """Assert the promises of fitting: exact total, fixed kept, floors kept, steps of 5, drops optional."""
    kept = [(item, m) for item, m in zip(items, fitted, strict=True) if m is not None]
    assert sum(m for _item, m in kept) == duration
    for item, m in kept:
        if item.fixed:
            assert m == item.minutes
        else:
            assert m >= item.floor
    if sum(item.minutes for item in items) == duration:
        assert fitted == [item.minutes for item in items]  # nothing to fit: left as written
        return
    odd = [m for item, m in kept if not item.fixed and m % 5 and m != item.floor]
    assert len(odd) <= 1, fitted
    for item, m in zip(items, fitted, strict=True):
        if m is None:
            assert item.optional


def test_scales_flexible_segments_in_steps_of_five() -> None:
    items = [
        FitItem("welcome", 10, fixed=True),
        FitItem("primer", 10),
        FitItem("scenario", 20),
        FitItem("break", 10, fixed=True),
        FitItem("closing", 10),
    ]
    assert fit_minutes(items, 90) == [10, 20, 35, 10, 15]  # ties go to the earlier segment
    assert fit_minutes(items, 50) == [10, 10, 15, 10, 5]
    assert fit_minutes(items, 63) == [10, 10, 23, 10, 10]
    assert fit_minutes(items, 60) == [10, 10, 20, 10, 10]


def test_optional_segments_are_dropped_last_to_first_when_shortening() -> None:
    items = [
        FitItem("a", 20),
        FitItem("extra-1", 10, optional=True),
        FitItem("b", 20),
        FitItem("extra-2", 10, optional=True),
    ]
    assert fit_minutes(items, 50) == [20, 10, 20, None]
    assert fit_minutes(items, 35) == [20, None, 15, None]
    assert fit_minutes(items, 80) == [25, 15, 25, 15]


def test_min_minutes_are_kept() -> None:
    items = [FitItem("a", 30, min_minutes=25), FitItem("b", 30), FitItem("c", 3)]
    assert fit_minutes(items, 33) == [25, 5, 3]


def test_cannot_fit_names_what_to_drop() -> None:
    items = [
        FitItem("welcome", 10, fixed=True, kind="opening"),
        FitItem("primer", 10, kind="primer"),
        FitItem("scenario", 20, min_minutes=15, kind="scenario"),
        FitItem("closing", 10, kind="closing"),
    ]
    with pytest.raises(FitError) as info:
        fit_minutes(items, 30)
    assert str(info.value) == (
        "the agenda cannot fit into 30 minutes: fixed segments take 10 and the others need at least 25 "
        "(their min_minutes: 5 by default, a role-play 20 or 30), 5 too many; drop or shorten 'scenario' "
        "(15 min at least), or lower their min_minutes"
    )
    with pytest.raises(FitError, match="every segment keeps its minutes"):
        fit_minutes([FitItem("break", 10, fixed=True)], 20)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 60),
            st.booleans(),
            st.booleans(),
            st.one_of(st.none(), st.integers(1, 30)),
        ),
        min_size=1,
        max_size=14,
    ),
    st.integers(5, 600),
)
def test_fitting_random_agendas(specs: list[tuple[int, bool, bool, int | None]], duration: int) -> None:
    items = [
        FitItem(f"s{i}", minutes, fixed, optional, min(floor, minutes) if floor else None)
        for i, (minutes, fixed, optional, floor) in enumerate(specs)
    ]
    try:
        fitted = fit_minutes(items, duration)
    except FitError:  # only when nothing is flexible, or the minimums exceed the duration
        kept, total = list(items), sum(i.minutes for i in items)
        for item in reversed(items):
            if total > duration and item.optional:
                kept.remove(item)
                total -= item.minutes
        floors = sum(i.minutes if i.fixed else i.floor for i in kept)
        assert all(i.fixed for i in kept) or floors > duration
        return
    check_fitted(items, fitted, duration)


def items_of(path: Path) -> list[FitItem]:
    plan = api.load_plan(path)
    return [FitItem(s.id, s.minutes, s.fixed, s.optional, s.min_minutes, s.kind) for s in plan.segments]


@pytest.mark.parametrize("duration", [60, 90, 120, 210])
@pytest.mark.parametrize("ready", READY, ids=lambda p: p.stem)
def test_fitting_each_ready_workshop(tmp_path: Path, ready: Path, duration: int) -> None:
    """Fit to the duration; where minimums cannot fit, drop what the error names, then fit."""
    removed: list[str] = []
    for _attempt in range(3):
        derived = tmp_path / "fitted.yaml"
        edits = "".join(f"  - remove: {segment}\n" for segment in removed)
        derived.write_text(
            f"extends: {ready.stem}\nid: fitted\nduration: {duration}m\nfit: proportional\n"
            + (f"agenda_edits:\n{edits}" if edits else ""),
            encoding="utf-8",
        )
        problems = [d for d in api.check(derived) if d.severity == "error"]
        if not problems:
            break
        [problem] = problems
        assert problem.code == "fit.impossible"
        assert problem.line == 3
        removed += re.findall(r"'([a-z0-9-]+)' \(\d+ min at least\)", problem.message)
    else:
        pytest.fail(f"{ready.name} did not fit {duration} minutes after dropping {removed}")
    original = {s.id: s for s in api.load_plan(ready).segments}
    plan = api.load_plan(derived)
    assert plan.total_minutes == duration
    assert plan.segments[-1].end_minute - plan.start_minute == duration
    for segment in plan.segments:
        before = original[segment.id]
        if before.fixed or segment.kind in FIXED_KINDS:
            assert segment.minutes == before.minutes
        else:
            assert segment.minutes >= (before.min_minutes or min(5, before.minutes))
    kept_breaks = [s.id for s in plan.of_kind("break")]
    # A break keeps its minutes; one that two breaks became keeps the longer's (none is aftercare here).
    assert [s.minutes for s in plan.of_kind("break")] == [
        max(original[i].minutes for i in (s.id, *s.merged)) for s in plan.of_kind("break")
    ]
    merged = {i for s in plan.of_kind("break") for i in s.merged}
    # A break is left out only when the workshop marks it optional, or merged into the break before it
    # once the segments between them are left out (a half day fitted into an hour).
    assert all(
        s.optional or s.id in merged
        for s in original.values()
        if s.kind == "break" and s.id not in kept_breaks
    )
    # No two breaks stand side by side unless the workshop puts them so.
    order = [s.id for s in original.values()]
    for here, after in itertools.pairwise(plan.segments):
        if here.kind == after.kind == "break":
            assert order.index(after.id) == order.index(here.id) + 1
    if duration >= sum(s.minutes for s in original.values()):
        assert kept_breaks == [s.id for s in original.values() if s.kind == "break"]


@pytest.mark.parametrize(
    ("ready", "duration"),
    [("allyship-half-day", "90m"), ("allyship-half-day", "60m"), ("allyship-practice", "60m")],
)
def test_ready_workshops_fit_shorter_sessions_as_they_are(ready: str, duration: str) -> None:
    """The ready workshops mark optional segments and minimums, so they fit without edits."""
    result = CliRunner().invoke(cli, ["agenda", f"workshops/{ready}.yaml", "--duration", duration])
    assert result.exit_code == 0, result.output
    assert f"Total: {duration[:-1]} of {duration[:-1]} minutes" in result.output
    assert "error" not in result.output
    plan = api.load_plan(PROJECT / "workshops" / f"{ready}.yaml", duration=int(duration[:-1]))
    assert any(s.kind == "scenario" for s in plan.segments)  # still practises something


def minimal_copy(tmp_path: Path, text: str = "") -> Path:
    shutil.copytree(ROOTS / "minimal", tmp_path / "w")
    path = tmp_path / "w" / "workshop.yaml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return path


def test_fit_key_in_the_workshop(tmp_path: Path) -> None:
    path = minimal_copy(tmp_path, "fit: proportional\n")
    path.write_text(path.read_text().replace("duration: 45m", "duration: 90m"))
    plan = api.load_plan(path)
    assert [s.minutes for s in plan.segments] == [5, 10, 20, 45, 10]
    assert plan.end == "11:30"


def test_impossible_fit_is_an_error_on_duration(tmp_path: Path) -> None:
    path = minimal_copy(tmp_path, "fit: proportional\n")
    path.write_text(path.read_text().replace("duration: 45m", "duration: 20m"))
    errors = [d.format() for d in api.check(path) if d.severity == "error"]
    assert errors == [
        f"{path}:7:11: error: duration: the agenda cannot fit into 20 minutes: fixed segments take 5 and the "
        "others need at least 35 (their min_minutes: 5 by default, a role-play 20 or 30), 20 too many; drop "
        "or shorten 'local-scene' (20 min at least), or lower their min_minutes; it fits 40 minutes or more "
        "(duration: 40m) [fit.impossible]"
    ]


def test_dropped_optional_segment_is_a_warning_and_positions_stay_right(tmp_path: Path) -> None:
    path = minimal_copy(tmp_path, "fit: proportional\n")
    text = path.read_text()
    text = text.replace(
        "    format: pairs\n    minutes: 10\n", "    format: pairs\n    minutes: 10\n    optional: true\n"
    )
    text = text.replace("  - scenario: local-scene\n", "  - scenario: local-scenee\n")
    path.write_text(text.replace("duration: 45m", "duration: 35m"))
    found = [d.format() for d in api.check(path)]
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "local-scenee" in t)
    assert any(
        f.startswith(f"{path}:{line}:15: error: agenda[2].scenario: no scenario 'local-scenee'")
        for f in found
    ), found
    assert any(
        "optional segment 'local-questions' (10 min) is left out to fit 35 minutes" in f for f in found
    )


def test_cli_agenda_duration_previews_the_fit(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["agenda", "workshops/allyship-intro.yaml", "--duration", "90m"])
    assert result.exit_code == 0, result.output
    assert "Total: 90 of 90 minutes" in result.output
    result = CliRunner().invoke(cli, ["agenda", "workshops/allyship-intro.yaml", "--duration", "ninety"])
    assert result.exit_code == 2
    assert "expected minutes such as 90, 90m, 2h or 1h30m, got 'ninety'" in result.output


def test_cli_build_fit_flag(tmp_path: Path) -> None:
    path = minimal_copy(tmp_path)
    path.write_text(path.read_text().replace("duration: 45m", "duration: 60m"))
    result = CliRunner().invoke(cli, ["agenda", str(path), "--fit"])
    assert result.exit_code == 0, result.output
    assert "Total: 60 of 60 minutes" in result.output
    result = CliRunner().invoke(
        cli, ["build", str(path), "--fit", "--only", "deck", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------------------
# Issue 9 §4: timing tools that help when the plan is wrong.


def _agenda(*args: str):
    return CliRunner().invoke(cli, ["agenda", *args])


def _derived(tmp_path: Path, edits: str, extra: str = "") -> Path:
    """A workshop extending a copy of the minimal one (45 minutes, segments as it gives them)."""
    parent = minimal_copy(tmp_path)
    child = parent.parent / "derived.yaml"
    child.write_text(
        f"extends: ./workshop.yaml\nid: derived\n{extra}agenda_edits:\n{edits}", encoding="utf-8"
    )
    return child


def test_a_derived_workshop_whose_fit_drops_a_segment_still_watches_the_file_it_extends(
    tmp_path: Path,
) -> None:
    """Fitting that leaves a segment out re-maps positions; the files the workshop was read from stay."""
    child = _derived(
        tmp_path,
        "  - insert_after: opening\n"
        "    segment: {primer: local-basics, minutes: 5, id: extra, optional: true}\n",
        "fit: proportional\n",
    )
    plan = api.load_plan(child)
    assert [s.id for s in plan.segments] == [
        "opening",
        "local-basics",
        "local-questions",
        "local-scene",
        "closing",
    ]
    assert {child, child.parent / "workshop.yaml"} <= watched_files(plan)


def test_after_a_fit_leaves_a_segment_out_a_warning_still_points_at_its_line(tmp_path: Path) -> None:
    """Fitting re-maps the agenda's positions only: a theme colour's warning keeps its own line and column."""
    path = minimal_copy(tmp_path, 'fit: proportional\ntheme:\n  colours: {accent: "#8FBC8F"}\n')
    text = path.read_text(encoding="utf-8")
    extra = "  - primer: local-basics\n    id: extra\n    minutes: 5\n    optional: true\n"
    path.write_text(text.replace("  - closing: Close\n", extra + "  - closing: Close\n"), encoding="utf-8")
    assert [d.format() for d in api.check(path) if d.code in ("fit.dropped", "theme.contrast")] == [
        f"{path}:32:5: warning: agenda[4]: optional segment 'extra' (5 min) is left out to fit 45 minutes "
        "[fit.dropped]",
        f"{path}:42:21: warning: theme.colours.accent: accent #8FBC8F on background #FFFFFF has contrast "
        "2.15:1; WCAG AA needs at least 4.5:1; use #4E824E for accent (same hue, 4.5:1) [theme.contrast]",
    ]


GLYPH_TAIL = "is not in the print font DejaVu Sans; the PDFs leave it out (the slides may still show it)"


def test_after_a_fit_leaves_a_segment_out_each_missing_glyph_points_at_its_own_line(tmp_path: Path) -> None:
    """The print font's check reads the workshop as written: each character keeps its own line, column
    and key, whatever the fit left out (it read the written agenda at the fitted positions, and put a
    character at the next segment's line, or the closing's)."""
    path = minimal_copy(tmp_path, "fit: proportional\n")
    text = path.read_text(encoding="utf-8").replace("duration: 45m", "duration: 40m")
    text = text.replace(
        "  - primer: local-basics\n    minutes: 5\n",
        "  - primer: local-basics\n    title: Basics \N{FALLEN LEAF}\n    minutes: 5\n    optional: true\n",
    )
    text = text.replace("    format: pairs\n", "    format: pairs\n    title: Pairs \N{HERB}\n")
    text = text.replace(
        "  - scenario: local-scene\n", "  - scenario: local-scene\n    title: Scene \N{SEEDLING}\n"
    )
    path.write_text(text, encoding="utf-8")
    found = [d.format() for d in api.check(path) if d.code in ("fit.dropped", "font.missing-glyph")]
    assert found == [
        f"{path}:25:5: warning: agenda[1]: optional segment 'local-basics' (5 min) is left out to fit 40 "
        "minutes [fit.dropped]",
        f"{path}:26:19: warning: agenda[1].title: U+1F342 \N{FALLEN LEAF} (FALLEN LEAF) {GLYPH_TAIL} "
        "[font.missing-glyph]",
        f"{path}:31:18: warning: agenda[2].title: U+1F33F \N{HERB} (HERB) {GLYPH_TAIL} [font.missing-glyph]",
        f"{path}:34:18: warning: agenda[3].title: U+1F331 \N{SEEDLING} (SEEDLING) {GLYPH_TAIL} "
        "[font.missing-glyph]",
    ]


def test_a_missing_glyph_in_a_break_a_fit_merges_points_at_that_break(tmp_path: Path) -> None:
    """The second of two breaks a fit merges prints its notes in the one break: a character of them the
    print font lacks is reported at its own line."""
    path = minimal_copy(tmp_path, "fit: proportional\n")
    text = path.read_text(encoding="utf-8").replace("duration: 45m", "duration: 50m")
    text = text.replace(
        "  - primer: local-basics\n    minutes: 5\n",
        "  - break: First break\n    minutes: 5\n"
        "  - primer: local-basics\n    minutes: 5\n    optional: true\n"
        "  - break: Second break\n    minutes: 5\n    notes: Water and air \N{SEEDLING}\n",
    )
    path.write_text(text, encoding="utf-8")
    found = [d.format() for d in api.check(path) if d.code in ("fit.merged", "font.missing-glyph")]
    assert found == [
        f"{path}:30:5: warning: agenda[3]: break 'break-2' (5 min) would follow break 'break' (5 min) once "
        "the segments between them are left out to fit 50 minutes; they become one 5-minute break, 'break', "
        "which keeps what each of them says [fit.merged]",
        f"{path}:32:26: warning: agenda[3].notes: U+1F331 \N{SEEDLING} (SEEDLING) {GLYPH_TAIL} "
        "[font.missing-glyph]",
    ]
    assert api.load_plan(path).segments[1].notes == "Water and air \N{SEEDLING}"


def test_agenda_shows_ids_and_the_run_of_show_when_it_runs_over(tmp_path: Path) -> None:
    path = minimal_copy(tmp_path)
    path.write_text(path.read_text().replace("duration: 45m", "duration: 40m"))
    result = _agenda(str(path))
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[0] == "A small test workshop — 2027-01-15, 10:00–10:45"
    assert [line.split()[:4] for line in lines[1:7]] == [
        ["Start", "End", "Min", "Id"],
        ["10:00", "10:05", "5", "opening"],
        ["10:05", "10:10", "5", "local-basics"],
        ["10:10", "10:20", "10", "local-questions"],
        ["10:20", "10:40", "20", "local-scene"],
        ["10:40", "10:45", "5", "closing"],
    ]
    assert lines[7] == "Total: 45 of 40 minutes (5 over)"
    assert lines[8] == (
        f"{path}:7:11: error: duration: the agenda adds up to 45 minutes, 5 over the 40-minute duration; "
        "add `fit: proportional` (or --fit) to scale it to 40 minutes, shorten or remove segments, "
        "or set duration: 45m [plan.over]"
    )
    assert len(lines) == 9


def test_a_duration_option_that_cannot_fit_blames_the_option(tmp_path: Path) -> None:
    path = minimal_copy(tmp_path)
    result = _agenda(str(path), "--duration", "20m")
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[-2] == "Total: 45 of 20 minutes (25 over)"
    assert lines[-1] == (
        f"{path}: error: --duration: the agenda cannot fit into 20 minutes: fixed segments take 5 and the "
        "others need at least 35 (their min_minutes: 5 by default, a role-play 20 or 30), 20 too many; drop "
        "or shorten 'local-scene' (20 min at least), or lower their min_minutes; it fits 40 minutes or more "
        "(--duration 40m) [fit.impossible]"
    )
    assert ":7:11:" not in result.output  # not the file's own duration: line


def test_an_agenda_made_too_long_by_edits_points_at_the_edit(tmp_path: Path) -> None:
    edits = (
        "  - insert_after: opening\n"
        "    segment: {primer: local-basics, minutes: 10}\n"
        "  - set: closing\n"
        "    minutes: 10\n"
    )
    path = _derived(tmp_path, edits)
    result = _agenda(str(path))
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"{path}:4:5: error: agenda_edits[0]: the agenda edits add 15 minutes (agenda_edits[0] +10, "
        "agenda_edits[1] +5), so the agenda adds up to 60 minutes, 15 over the 45-minute duration; "
        "add `fit: proportional` (or --fit) to scale it to 45 minutes, shorten or remove segments, "
        "or set duration: 60m [plan.over]"
    )
    assert "workshop.yaml:7:11" not in result.output  # not the parent's duration: line
    fitted = _agenda(str(path), "--fit")
    assert fitted.exit_code == 0, fitted.output
    assert fitted.output.splitlines()[-1] == "Total: 45 of 45 minutes"


def test_a_fit_that_squeezes_a_segment_far_below_its_minutes_warns(tmp_path: Path) -> None:
    # A discussion, not the role-play: a role-play is never fitted below the 20 minutes it needs.
    path = minimal_copy(tmp_path)
    text = path.read_text().replace(
        "  - discussion: local-questions\n    format: pairs\n    minutes: 10\n",
        "  - discussion: local-questions\n    format: pairs\n    minutes: 25\n",
    )
    path.write_text(text.replace("duration: 45m", "duration: 40m"))
    result = _agenda(str(path), "--fit")
    assert result.exit_code == 0, result.output
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "local-questions" in t)
    squeezed = [out for out in result.output.splitlines() if "[fit.squeezed]" in out]
    assert squeezed == [
        f"{path}:{line}:5: warning: agenda[2]: fitting to 40 minutes gives 'local-questions' 5 of its 25 "
        "minutes; give it min_minutes, mark another segment optional, or choose a longer duration "
        "[fit.squeezed]"
    ]
    assert "10:10  10:15    5  local-questions" in result.output
    assert "10:15  10:35   20  local-scene" in result.output
    half = _agenda(str(path), "--duration", "50m")  # 25 → 15: more than half its minutes, no warning
    assert half.exit_code == 0, half.output
    assert "[fit.squeezed]" not in half.output


def test_inserting_one_library_item_twice_gives_two_ids(tmp_path: Path) -> None:
    edits = (
        "  - insert_after: opening\n"
        "    segment: {primer: local-basics, minutes: 5}\n"
        "  - insert_after: opening\n"
        "    segment: {primer: local-basics, minutes: 5}\n"
        "  - remove: local-questions\n"
    )
    path = _derived(tmp_path, edits)
    result = _agenda(str(path))
    assert result.exit_code == 0, result.output
    ids = [line.split()[3] for line in result.output.splitlines()[2:-1]]
    assert ids == ["opening", "local-basics", "local-basics-2", "local-basics-3", "local-scene", "closing"]
    assert len(set(ids)) == len(ids)
    named = _derived(
        tmp_path / "named",
        "  - insert_after: opening\n    segment: {primer: local-basics, minutes: 5, id: extra}\n"
        "  - insert_after: opening\n    segment: {primer: local-basics, minutes: 5, id: extra}\n",
    )
    twice = _agenda(str(named))
    assert twice.exit_code == 2
    assert (
        "segment id 'extra' is used twice; give each segment its own id [plan.duplicate-id]" in twice.output
    )


def test_a_segment_is_titled_by_its_own_title_else_its_item_else_its_kind(tmp_path: Path) -> None:
    path = minimal_copy(tmp_path)
    text = path.read_text(encoding="utf-8").replace("duration: 45m", "duration: 55m")
    text = text.replace("  - primer: local-basics\n", "  - primer: local-basics\n    title: Words first\n")
    text = text.replace(
        "  - closing: Close\n",
        "  - break:\n    minutes: 5\n  - reflection:\n    minutes: 5\n  - closing: Close\n",
    )
    path.write_text(text, encoding="utf-8")
    assert [s.title for s in api.load_plan(path).segments] == [
        "Welcome",
        "Words first",
        "Local questions",
        "The missing ramp",
        "Break",
        "Reflection",
        "Close",
    ]


def test_an_activity_using_an_activity_the_library_lacks_is_an_error_at_its_use(tmp_path: Path) -> None:
    path = minimal_copy(tmp_path)
    text = path.read_text(encoding="utf-8").replace("duration: 45m", "duration: 50m")
    text = text.replace(
        "  - closing: Close\n",
        "  - activity: Walk\n    use: gallery-walkk\n    minutes: 5\n  - closing: Close\n",
    )
    path.write_text(text, encoding="utf-8")
    [error] = [d for d in api.check(path) if d.severity == "error"]
    assert (error.line, error.col, error.key, error.code) == (33, 10, "agenda[4].use", "ref.unknown")
    assert error.message == "no activity 'gallery-walkk' in the library; see `facilitator library activities`"


def test_a_segment_id_given_twice_is_an_error_at_the_second_id(tmp_path: Path) -> None:
    path = minimal_copy(tmp_path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("  - primer: local-basics\n", "  - primer: local-basics\n    id: talk\n")
    path.write_text(
        text.replace("    format: pairs\n", "    format: pairs\n    id: talk\n"), encoding="utf-8"
    )
    assert [d.format() for d in api.check(path) if d.severity == "error"] == [
        f"{path}:30:9: error: agenda[2].id: segment id 'talk' is used twice; give each segment its own id "
        "[plan.duplicate-id]"
    ]


def test_an_end_option_that_cannot_fit_blames_the_option_and_names_the_end_that_fits(tmp_path: Path) -> None:
    path = minimal_copy(tmp_path)
    result = _agenda(str(path), "--start", "10:00", "--end", "10:20")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"{path}: error: --end: the agenda cannot fit into 20 minutes: fixed segments take 5 and the "
        "others need at least 35 (their min_minutes: 5 by default, a role-play 20 or 30), 20 too many; drop "
        "or shorten 'local-scene' (20 min at least), or lower their min_minutes; it fits 40 minutes or more "
        "(--end 10:40) [fit.impossible]"
    )


def test_one_minute_more_than_the_largest_floor_suggests_two_segments(tmp_path: Path) -> None:
    """19 minutes: 5 fixed and 35 at least is 21 too many, one more than the role-play's 20 frees."""
    path = minimal_copy(tmp_path)
    result = _agenda(str(path), "--duration", "19m")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"{path}: error: --duration: the agenda cannot fit into 19 minutes: fixed segments take 5 and the "
        "others need at least 35 (their min_minutes: 5 by default, a role-play 20 or 30), 21 too many; drop "
        "or shorten 'local-scene' (20 min at least), 'local-questions' (5 min at least), or lower their "
        "min_minutes; it fits 40 minutes or more (--duration 40m) [fit.impossible]"
    )


def test_a_segments_own_min_minutes_counts_when_fitting(tmp_path: Path) -> None:
    """The discussion's `min_minutes: 10` makes 40 minutes 5 too few (at its default 5 they would fit)."""
    path = minimal_copy(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("format: pairs\n", "format: pairs\n    min_minutes: 10\n"), encoding="utf-8")
    result = _agenda(str(path), "--duration", "40m")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"{path}: error: --duration: the agenda cannot fit into 40 minutes: fixed segments take 5 and the "
        "others need at least 40 (their min_minutes: 5 by default, a role-play 20 or 30), 5 too many; drop "
        "or shorten 'local-scene' (20 min at least), or lower their min_minutes; it fits 45 minutes or more "
        "(--duration 45m) [fit.impossible]"
    )


def test_an_end_past_midnight_that_cannot_fit_names_the_end_that_fits_after_midnight(tmp_path: Path) -> None:
    path = minimal_copy(tmp_path)
    result = _agenda(str(path), "--start", "23:50", "--end", "00:10")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1].endswith(
        "it fits 40 minutes or more (--end 00:30) [fit.impossible]"
    )


def test_an_agenda_of_fixed_segments_cannot_fit_another_duration(tmp_path: Path) -> None:
    path = minimal_copy(tmp_path)
    text = path.read_text(encoding="utf-8").replace("    minutes: 10\n", "    minutes: 10\n    fixed: true\n")
    text = text.replace("    minutes: 20\n", "    minutes: 20\n    fixed: true\n")
    text = text.replace("local-basics\n    minutes: 5\n", "local-basics\n    minutes: 5\n    fixed: true\n")
    path.write_text(text.replace("[One word to close]\n", "[One word to close]\n    fixed: true\n"))
    result = _agenda(str(path), "--duration", "40m")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"{path}: error: --duration: every segment keeps its minutes (breaks, openings and `fixed: true` "
        "ones add up to 45), so nothing can be scaled to 40 minutes; mark a segment `fixed: false` or "
        "change the duration [fit.impossible]"
    )


def test_an_agenda_too_long_before_its_edits_blames_the_duration_not_the_edit(tmp_path: Path) -> None:
    path = _derived(tmp_path, "  - set: closing\n    minutes: 10\n", "duration: 30m\n")  # +5, 20 over
    result = _agenda(str(path))
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"{path}:3:11: error: duration: the agenda adds up to 50 minutes, 20 over the 30-minute duration; "
        "add `fit: proportional` (or --fit) to scale it to 30 minutes, shorten or remove segments, or set "
        "duration: 50m [plan.over]"
    )


def test_an_edit_of_one_minute_that_makes_it_one_over_is_blamed(tmp_path: Path) -> None:
    path = _derived(tmp_path, "  - set: closing\n    minutes: 6\n")
    result = _agenda(str(path))
    assert result.exit_code == 2
    assert result.output.splitlines()[-1].startswith(
        f"{path}:4:5: error: agenda_edits[0]: the agenda edits add 1 minutes (agenda_edits[0] +1), so the "
        "agenda adds up to 46 minutes, 1 over the 45-minute duration;"
    )


def _items(*specs: tuple[int, bool, bool, int | None]) -> list[FitItem]:
    """FitItems from (minutes, fixed, optional, min_minutes), named a, b, c…"""
    return [
        FitItem("abcdefgh"[i], m, fixed, optional, floor)
        for i, (m, fixed, optional, floor) in enumerate(specs)
    ]


# Agendas whose rounding takes minutes back, with the minutes each segment gets, worked out by hand:
# the ones furthest above their share give back first, never below their floor; in a tie, the earlier one.
ROUNDED = {
    "a-floor-above-its-share": (
        _items(
            (10, True, False, None),
            (20, False, False, None),
            (13, False, False, None),
            (8, False, False, 8),
            (6, False, False, None),
        ),
        37,
        [10, 9, 5, 8, 5],
    ),
    "an-optional-one-dropped-first": (
        _items(
            (20, False, False, None),
            (36, False, False, None),
            (9, False, False, None),
            (10, False, False, 9),
            (40, False, True, None),
        ),
        38,
        [9, 15, 5, 9, None],
    ),
    "in-a-tie-the-earlier-one-gives-back": (
        _items(
            (4, False, False, 10), (21, False, False, None), (21, False, False, 12), (30, False, False, None)
        ),
        74,
        [10, 19, 20, 25],
    ),
    "every-floor-kept": (
        _items(
            (34, False, False, 1),
            (32, False, False, None),
            (14, False, False, 4),
            (24, False, True, None),
            (6, False, False, 12),
            (35, True, False, 10),
        ),
        66,
        [10, 5, 4, None, 12, 35],
    ),
    "a-step-of-five-at-a-time": (
        _items(
            (39, False, False, 3),
            (6, False, False, 6),
            (14, False, True, None),
            (40, False, False, 6),
            (3, False, False, 7),
        ),
        57,
        [20, 6, None, 24, 7],
    ),
    "two-optional-ones-dropped": (
        _items(
            (13, False, False, None),
            (34, False, True, None),
            (10, False, True, None),
            (35, False, False, None),
            (13, False, False, 8),
            (9, False, False, None),
        ),
        25,
        [5, None, None, 7, 8, 5],
    ),
}


@pytest.mark.parametrize("case", ROUNDED)
def test_rounding_gives_back_the_right_minutes(case: str) -> None:
    items, duration, expected = ROUNDED[case]
    assert fit_minutes(items, duration) == expected
