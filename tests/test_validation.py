"""Every kind of mistake in a workshop file is reported at once, with file:line:col and a way out."""

from __future__ import annotations

import pytest

from facilitator.api import check

HEADER = """\
id: test
title: Test
date: 2027-03-01
start: "09:00"
duration: 30
"""


def _messages(path) -> list[str]:
    """Return each diagnostic's line without the file name: `line:col: severity: …`."""
    return [d.format().removeprefix(f"{path}:") for d in check(path)]


def test_all_errors_in_one_run_with_positions(write_yaml):
    path = write_yaml(
        """
        id: test
        title: Test
        date: 2026-02-30
        start: "25:00"
        duration: 1h30m
        tittle: x
        agenda:
          - opening: Welcome
            minutes: 10
          - primer: what-is-allyshp
            minutes: ten
          - discussion: noticing-privilege
            format: think-pair
            minutes: 10
          - lecture: x
            minutes: 5
        """
    )
    shown = str(path)
    lines = [d.format().replace(shown, "W") for d in check(path)]
    assert lines == [
        "W:3:7: error: date: '2026-02-30' is not a valid date (day value is outside expected range); "
        "write YYYY-MM-DD [schema.date]",
        "W:4:8: error: start: '25:00' is not a time of day; hours go 00–23 and minutes 00–59 [schema.value]",
        "W:6:1: error: tittle: unknown key 'tittle' (did you mean 'title'?); allowed here: id, title, "
        "subtitle, audience, date, start, duration, location, facilitators, organisation, language, theme, "
        "expected_participants, paper, objectives, land_acknowledgement, content_note, agreements, "
        "support, resources, library, printables, variables, timezone, feedback_url, fit, agenda "
        "[schema.unknown-key]",
        "W:11:14: error: agenda[1].minutes: expected minutes such as 90, 90m, 2h or 1h30m, got 'ten' "
        "[schema.value]",
        "W:13:13: error: agenda[2].format: 'think-pair' is not allowed (did you mean 'think-pair-share'?); "
        "use one of: think-pair-share, pairs, small-groups, whole-room, journaling, fishbowl "
        "[schema.literal-error]",
        "W:15:5: error: agenda[3].lecture: unknown segment kind 'lecture'; use one of: opening, primer, "
        "discussion, scenario, activity, break, reflection, closing [schema.segment-kind]",
    ]


def test_unknown_library_id_has_did_you_mean(write_yaml):
    path = write_yaml(HEADER + "agenda:\n  - primer: what-is-allyshp\n    minutes: 30\n")
    assert _messages(path) == [
        "7:13: error: agenda[0].primer: no primer section 'what-is-allyshp' in the library "
        "(did you mean 'what-is-allyship'?); see `facilitator library primer` [ref.unknown]"
    ]


def test_over_duration_is_an_error_naming_the_excess(write_yaml):
    path = write_yaml(
        HEADER + "agenda:\n  - opening: Hi\n    minutes: 25\n  - closing: Bye\n    minutes: 20\n"
    )
    assert _messages(path) == [
        "5:11: error: duration: the agenda adds up to 45 minutes, 15 over the 30-minute duration; "
        "add `fit: proportional` (or --fit) to scale it to 30 minutes, shorten or remove segments, "
        "or set duration: 45m [plan.over]"
    ]


def test_under_duration_by_more_than_five_is_a_warning(write_yaml):
    path = write_yaml(HEADER + "agenda:\n  - opening: Hi\n    minutes: 20\n")
    assert _messages(path) == [
        "5:11: warning: duration: the agenda adds up to 20 of 30 minutes (10 unplanned) [plan.under]"
    ]


def test_within_five_minutes_is_fine(write_yaml):
    path = write_yaml(HEADER + "agenda:\n  - opening: Hi\n    minutes: 25\n")
    assert check(path) == []


def test_minutes_must_be_positive_and_sane(write_yaml):
    path = write_yaml(
        HEADER
        + "agenda:\n  - opening: A\n    minutes: 0\n  - closing: B\n    minutes: -5\n"
        + "  - break: C\n    minutes: 100000\n"
    )
    assert _messages(path) == [
        "8:14: error: agenda[0].minutes: must be at least 1, got 0 [schema.too-small]",
        "10:14: error: agenda[1].minutes: must be at least 1, got -5 [schema.too-small]",
        "12:14: error: agenda[2].minutes: must be at most 480, got 100000 [schema.too-big]",
    ]


def test_missing_required_key_points_at_parent(write_yaml):
    path = write_yaml("id: test\ntitle: T\nstart: '09:00'\nduration: 30\nagenda:\n  - opening: Hi\n")
    assert _messages(path) == [
        "1:1: error: date: 'date' is required here; add `date:` [schema.missing]",
        "6:5: error: agenda[0].minutes: 'minutes' is required here; add `minutes:` [schema.missing]",
    ]


def test_two_kinds_in_one_segment(write_yaml):
    path = write_yaml(HEADER + "agenda:\n  - opening: Hi\n    closing: Bye\n    minutes: 30\n")
    assert _messages(path) == [
        "7:5: error: agenda[0]: a segment has one kind, this one has opening and closing "
        "[schema.segment-kind]"
    ]


def test_empty_file_and_top_level_list(write_yaml):
    empty = write_yaml("# only a comment\n", "empty.yaml")
    listed = write_yaml("- id: x\n", "list.yaml")
    assert [d.format() for d in check(empty)] == [
        f"{empty}: error: the file is empty; it should be a mapping of keys such as `id:` and `title:` "
        "[schema.top-level]"
    ]
    assert (
        "the top level should be a mapping of keys (id:, title:, …), got a list" in check(listed)[0].message
    )


def test_duplicate_library_id_names_both_files(write_yaml, tmp_path):
    item = "id: twin\ntitle: T\nsummary: S\ntakeaway: T\npoints: [{text: p}]\n"
    item += "facilitator_notes: {introduce: i}\nsources: [{title: s}]\n"
    write_yaml(item, "lib/primer/a.yaml")
    write_yaml(item, "lib/primer/b.yaml")
    path = write_yaml(HEADER + "library: [lib]\nagenda:\n  - primer: twin\n    minutes: 30\n")
    messages = _messages(path)
    assert len(messages) == 1
    assert "error: id: duplicate id 'twin': also used by" in messages[0]
    assert messages[0].endswith("lib/primer/a.yaml; ids must be unique [library.duplicate-id]")


def test_workshop_library_overrides_builtin_by_id(write_yaml):
    item = "id: privilege\ntitle: Our own privilege section\nsummary: S\ntakeaway: T\n"
    item += "points: [{text: p}]\nfacilitator_notes: {introduce: i}\nsources: [{title: s}]\n"
    write_yaml(item, "lib/primer/privilege.yaml")
    path = write_yaml(HEADER + "library: [lib]\nagenda:\n  - primer: privilege\n    minutes: 30\n")
    from facilitator.api import load_plan

    assert load_plan(path).segments[0].title == "Our own privilege section"


def test_land_acknowledgement_with_template_blanks_warns(write_yaml):
    path = write_yaml(
        HEADER
        + "land_acknowledgement: We meet on the land of the [Nation names].\n"
        + "agenda:\n  - opening: Hi\n    minutes: 30\n"
    )
    assert _messages(path) == [
        "6:23: warning: land_acknowledgement: still has a template blank [Nation names]; write the "
        "acknowledgement with the local Nations before the session [plan.land-acknowledgement]"
    ]


# Bad values and the exact lines they give, position included (written out by hand).
_SMALL = 'id: small-case\ntitle: Small case\ndate: 2027-01-15\nstart: "10:00"\nduration: 30m\n'
_AGENDA = "agenda:\n  - opening: Welcome\n    minutes: 10\n  - closing: Close\n    minutes: 20\n"
BAD_VALUES = {
    "a-41-letter-value-is-cut": (
        _SMALL + "language: " + "x" * 41 + "\n" + _AGENDA,
        [
            "6:11: error: language: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' is not a valid id; "
            "use lowercase letters, digits and hyphens [schema.id]"
        ],
    ),
    "a-40-letter-value-is-whole": (
        _SMALL + "language: " + "y" * 40 + "\n" + _AGENDA,
        [
            f"6:11: error: language: '{'y' * 40}' is not a valid id; "
            "use lowercase letters, digits and hyphens [schema.id]"
        ],
    ),
    "a-theme-mapping-with-a-bad-value": (  # not also "theme: expected text"
        _SMALL + "theme: {base: default, footer: [1, 2]}\n" + _AGENDA,
        ["6:32: error: theme.footer: expected text, got a list [schema.text]"],
    ),
    "a-resource-mapping-with-bad-keys": (
        _SMALL + "resources:\n  - {title: X, url: 5}\n" + _AGENDA,
        [
            "7:5: error: resources[0].name: 'name' is required here; add `name:` [schema.missing]",
            "7:6: error: resources[0].title: unknown key 'title'; allowed here: name, url, unverified_url, "
            "description, source [schema.unknown-key]",
            "7:21: error: resources[0].url: expected text, got a number [schema.text]",
        ],
    ),
    "a-list-where-a-library-id-goes": (
        _SMALL + "agenda:\n  - primer: [a, b]\n    minutes: 10\n  - closing: Close\n    minutes: 20\n",
        ["7:13: error: agenda[0].primer: expected text, got a list [schema.text]"],
    ),
    "a-list-of-minutes": (
        _SMALL + "agenda:\n  - opening: Welcome\n    minutes: [1]\n  - closing: Close\n    minutes: 20\n",
        ["8:14: error: agenda[0].minutes: expected a whole number, got a list [schema.int]"],
    ),
    "a-segment-key-that-does-not-exist": (
        _SMALL + "agenda:\n  - opening: Welcome\n    minutes: 10\n    colour: red\n"
        "  - closing: Close\n    minutes: 20\n",
        [
            "9:5: error: agenda[0].colour: unknown key 'colour'; allowed here: id, title, minutes, notes, "
            "materials, fixed, optional, required, aftercare_for, min_minutes, lead, use, instructions, "
            "prompts, opening [schema.unknown-key]"
        ],
    ),
    "a-mapping-of-facilitators": (
        _SMALL + "facilitators: {a: 1}\n" + _AGENDA,
        [
            "6:15: error: facilitators: expected a list (lines starting with '- '), got a mapping of keys "
            "[schema.list]"
        ],
    ),
    "a-number-among-the-objectives": (
        _SMALL + "objectives: [1.5]\n" + _AGENDA,
        ["6:14: error: objectives[0]: expected text, got a number [schema.text]"],
    ),
    "a-segment-without-its-kind": (  # `use:` and `instructions:` are keys of a segment, not kinds
        _SMALL + "agenda:\n  - minutes: 10\n    use: icebreaker\n    instructions: [Talk]\n"
        "  - closing: Close\n    minutes: 20\n",
        [
            "7:5: error: agenda[0]: a segment starts with its kind; use one of: opening, primer, "
            "discussion, scenario, activity, break, reflection, closing [schema.segment-kind]"
        ],
    ),
    "a-number-for-a-segment": (
        _SMALL + "agenda:\n  - 5\n  - closing: Close\n    minutes: 20\n",
        [
            "7:5: error: agenda[0]: expected a segment (a mapping such as `primer: <id>`), got a number "
            "[schema.segment-kind]"
        ],
    ),
    "a-segment-of-two-kinds": (
        _SMALL + "agenda:\n  - opening: Welcome\n    closing: Bye\n    minutes: 10\n"
        "  - closing: Close\n    minutes: 20\n",
        [
            "7:5: error: agenda[0]: a segment has one kind, this one has opening and closing "
            "[schema.segment-kind]"
        ],
    ),
    "a-list-for-the-theme": (  # neither a theme's name nor a mapping: one line, no union tag in the key
        _SMALL + "theme: [1]\n" + _AGENDA,
        ["6:8: error: theme: expected text or a mapping of keys, got a list [schema.text-or-map]"],
    ),
    "a-list-for-a-resource": (
        _SMALL + "resources:\n  - [1]\n" + _AGENDA,
        ["7:5: error: resources[0]: expected text or a mapping of keys, got a list [schema.text-or-map]"],
    ),
    "words-for-a-whole-number": (
        _SMALL + "agenda:\n  - opening: Welcome\n    minutes: 10\n    min_minutes: abc\n"
        "  - closing: Close\n    minutes: 20\n",
        ["9:18: error: agenda[0].min_minutes: expected a whole number, got 'abc' [schema.int]"],
    ),
    "a-fraction-for-a-whole-number": (
        _SMALL + "agenda:\n  - opening: Welcome\n    minutes: 10\n    min_minutes: 1.5\n"
        "  - closing: Close\n    minutes: 20\n",
        ["9:18: error: agenda[0].min_minutes: expected a whole number, got a number [schema.int]"],
    ),
    "a-number-below-the-least": (
        _SMALL + "agenda:\n  - opening: Welcome\n    minutes: 10\n    min_minutes: 0\n"
        "  - closing: Close\n    minutes: 20\n",
        ["9:18: error: agenda[0].min_minutes: must be at least 1, got 0 [schema.too-small]"],
    ),
    "a-number-above-the-most": (
        _SMALL + "agenda:\n  - opening: Welcome\n    minutes: 10\n    min_minutes: 100000\n"
        "  - closing: Close\n    minutes: 20\n",
        ["9:18: error: agenda[0].min_minutes: must be at most 480, got 100000 [schema.too-big]"],
    ),
    "a-word-for-yes-or-no": (
        _SMALL + "agenda:\n  - opening: Welcome\n    minutes: 10\n    fixed: maybe\n"
        "  - closing: Close\n    minutes: 20\n",
        ["9:12: error: agenda[0].fixed: expected true or false, got 'maybe' [schema.bool]"],
    ),
    "a-list-for-yes-or-no": (
        _SMALL + "agenda:\n  - opening: Welcome\n    minutes: 10\n    fixed: [1]\n"
        "  - closing: Close\n    minutes: 20\n",
        ["9:12: error: agenda[0].fixed: expected true or false, got a list [schema.bool]"],
    ),
    "an-empty-title": (
        _SMALL.replace("title: Small case", 'title: ""') + _AGENDA,
        ["2:8: error: title: must not be empty [schema.empty]"],
    ),
    "an-empty-agenda": (
        _SMALL + "agenda: []\n",
        ["6:9: error: agenda: needs at least 1 item(s) [schema.too-short]"],
    ),
    "a-month-that-does-not-exist": (
        _SMALL.replace("2027-01-15", "2027-13-45") + _AGENDA,
        [
            "3:7: error: date: '2027-13-45' is not a valid date (month value is outside expected range of "
            "1-12); write YYYY-MM-DD [schema.date]"
        ],
    ),
    "a-word-for-a-date": (
        _SMALL.replace("2027-01-15", "someday") + _AGENDA,
        [
            "3:7: error: date: 'someday' is not a valid date (input is too short); write YYYY-MM-DD "
            "[schema.date]"
        ],
    ),
    "a-choice-that-is-not-one": (
        _SMALL + "fit: sideways\n" + _AGENDA,
        ["6:6: error: fit: 'sideways' is not allowed; use one of: none, proportional [schema.literal-error]"],
    ),
}


@pytest.mark.parametrize("case", BAD_VALUES)
def test_a_bad_value_gives_its_literal_lines(write_yaml, case: str):
    text, expected = BAD_VALUES[case]
    path = write_yaml(text)
    errors = [d.format() for d in check(path) if d.severity == "error"]
    assert errors == [f"{path}:{line}" for line in expected]
