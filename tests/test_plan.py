"""The Plan: what each agenda segment is resolved to (titles, formats, group sizes, library errors)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from facilitator import api
from tests.conftest import ROOTS


def minimal_copy(tmp_path: Path, old: str = "", new: str = "") -> Path:
    """A copy of the minimal workshop (45 minutes) with `old` replaced by `new` in its file."""
    shutil.copytree(ROOTS / "minimal", tmp_path / "w")
    path = tmp_path / "w" / "workshop.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("", "", ("pairs", "2 people")),
        ("    format: pairs\n", "    group_size: 3 people\n", ("pairs", "3 people")),
    ],
    ids=["as written", "the set's first format, the segment's own group size"],
)
def test_a_discussion_runs_in_its_own_format_and_group_size_else_its_sets(
    tmp_path: Path, old: str, new: str, expected: tuple[str, str]
) -> None:
    [discussion] = api.load_plan(minimal_copy(tmp_path, old, new)).of_kind("discussion")
    assert (discussion.discussion_format, discussion.group_size) == expected


@pytest.mark.parametrize(
    ("new", "expected"),
    [("", "small-groups"), ("    format: demonstration\n", "demonstration")],
    ids=["a gentle scene by default", "the segment's own format"],
)
def test_a_role_play_runs_in_the_segments_format_else_by_its_intensity(
    tmp_path: Path, new: str, expected: str
) -> None:
    path = minimal_copy(tmp_path, "  - scenario: local-scene\n", f"  - scenario: local-scene\n{new}")
    [scene] = api.load_plan(path).of_kind("scenario")
    assert scene.scenario_format == expected


def test_a_discussion_whose_set_has_an_error_is_reported_once_at_the_sets_file(tmp_path: Path) -> None:
    """The set's own error says what is wrong; the segment naming it adds nothing (not 'no discussion')."""
    path = minimal_copy(tmp_path, "    format: pairs\n", "    questions: [1]\n")
    item = path.parent / "library" / "discussions" / "local-questions.yaml"
    item.write_text(
        item.read_text(encoding="utf-8").replace("minutes: 10\n", "minutes: ten\n"), encoding="utf-8"
    )
    assert [d.format() for d in api.check(path) if d.severity == "error"] == [
        f"{item}:4:10: error: minutes: expected minutes such as 90, 90m, 2h or 1h30m, got 'ten' "
        "[schema.value]"
    ]


WALK = "id: gallery-walk\ntitle: Gallery walk\nuse: reflection\npurpose: Read each other's notes.\n"


@pytest.mark.parametrize(
    ("segment", "title"),
    [
        ("  - reflection:\n    use: gallery-walk\n", "Gallery walk"),
        ("  - reflection: Walk\n    use: gallery-walk\n", "Walk"),
    ],
    ids=["its activity's title", "its own"],
)
def test_a_segment_using_an_activity_is_titled_by_its_own_name_else_the_activitys(
    tmp_path: Path, segment: str, title: str
) -> None:
    path = minimal_copy(tmp_path, "duration: 45m", "duration: 50m")
    (path.parent / "library" / "activities").mkdir()
    (path.parent / "library" / "activities" / "gallery-walk.yaml").write_text(WALK, encoding="utf-8")
    text = path.read_text(encoding="utf-8").replace(
        "  - closing: Close\n", f"{segment}    minutes: 5\n  - closing: Close\n"
    )
    path.write_text(text, encoding="utf-8")
    assert api.load_plan(path).segments[4].title == title


def test_an_activity_whose_file_has_an_error_is_reported_once_at_its_file(tmp_path: Path) -> None:
    path = minimal_copy(tmp_path, "duration: 45m", "duration: 50m")
    (path.parent / "library" / "activities").mkdir()
    item = path.parent / "library" / "activities" / "gallery-walk.yaml"
    item.write_text(WALK.replace("use: reflection", "use: somewhere"), encoding="utf-8")
    text = path.read_text(encoding="utf-8").replace(
        "  - closing: Close\n",
        "  - activity: Walk\n    use: gallery-walk\n    minutes: 5\n  - closing: Close\n",
    )
    path.write_text(text, encoding="utf-8")
    assert [d.format() for d in api.check(path) if d.severity == "error"] == [
        f"{item}:3:6: error: use: 'somewhere' is not allowed; use one of: opening, activity, reflection, "
        "closing [schema.literal-error]"
    ]


def test_a_question_the_set_lacks_is_reported_beside_the_errors_before_it(tmp_path: Path) -> None:
    path = minimal_copy(tmp_path, "  - primer: local-basics\n", "  - primer: local-basic\n")
    path.write_text(path.read_text(encoding="utf-8").replace("    format: pairs\n", "    questions: [3]\n"))
    assert [(d.line, d.key, d.code) for d in api.check(path) if d.severity == "error"] == [
        (25, "agenda[1].primer", "ref.unknown"),
        (28, "agenda[2].questions[0]", "plan.question"),
    ]
