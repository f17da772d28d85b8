"""Derived workshops: extends chains, agenda edits by segment id, cycles and bad ids, positions per file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from facilitator import api
from facilitator.errors import FacilitatorError
from tests.conftest import PROJECT, ROOTS

BASE = """\
id: base
title: Base workshop
date: 2027-03-01
start: "09:00"
duration: 60m
organisation: Base Org
content_note: We talk about exclusion. You may step out at any time.
variables:
  venue: Room 1
  host: Sam
agenda:
  - opening: Welcome to {{ venue }}
    id: welcome
    minutes: 10
  - primer: practice-not-identity
    minutes: 10
  - discussion: noticing-privilege
    minutes: 15
  - break: Break
    minutes: 5
  - scenario: meeting-credit
    minutes: 15
  - closing: Close
    minutes: 5
"""


@pytest.fixture
def base(tmp_path: Path) -> Path:
    path = tmp_path / "base.yaml"
    path.write_text(BASE, encoding="utf-8")
    return path


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    hits = [i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def errors(path: Path) -> list[str]:
    return [d.format() for d in api.check(path) if d.severity == "error"]


def ids(path: Path) -> list[tuple[str, int]]:
    return [(s.id, s.minutes) for s in api.load_plan(path).segments]


def test_inherits_everything_and_overrides_metadata(base: Path, tmp_path: Path) -> None:
    child = write(tmp_path, "child.yaml", "extends: base\nid: child\ntitle: Child at {{ organisation }}\n")
    plan = api.load_plan(child)
    assert plan.workshop.id == "child"
    assert plan.workshop.title == "Child at Base Org"
    assert plan.workshop.duration == 60
    assert plan.segments[0].title == "Welcome to Room 1"
    assert [p.name for p in plan.inputs[:2]] == ["child.yaml", "base.yaml"]


def test_each_agenda_edit(base: Path, tmp_path: Path) -> None:
    child = write(
        tmp_path,
        "child.yaml",
        """\
extends: ./base.yaml
id: child
duration: 65m
agenda_edits:
  - remove: noticing-privilege
  - replace: meeting-credit
    with: {scenario: hiring-panel, minutes: 15}
  - insert_before: break
    segment: {primer: privilege, minutes: 5, id: priv}
  - insert_after: welcome
    segment:
      - {activity: Warm-up, minutes: 5}
      - {reflection: Quiet minute, minutes: 5}
  - set: closing
    minutes: 10
    notes: Collect the forms.
""",
    )
    plan = api.load_plan(child)
    assert [(s.id, s.minutes) for s in plan.segments] == [
        ("welcome", 10),
        ("activity", 5),
        ("reflection", 5),
        ("practice-not-identity", 10),
        ("priv", 5),
        ("break", 5),
        ("hiring-panel", 15),
        ("closing", 10),
    ]
    assert plan.segments[-1].notes == "Collect the forms."
    assert plan.total_minutes == plan.workshop.duration == 65


def test_own_agenda_replaces_the_parents(base: Path, tmp_path: Path) -> None:
    child = write(
        tmp_path,
        "child.yaml",
        "extends: base\nagenda:\n  - opening: Hello\n    minutes: 30\n  - closing: Bye\n    minutes: 30\n",
    )
    assert ids(child) == [("opening", 30), ("closing", 30)]


def test_chains_and_variables_merge(base: Path, tmp_path: Path) -> None:
    write(tmp_path, "mid.yaml", "extends: base\nid: mid\nvariables:\n  venue: Hall B\n")
    top = write(
        tmp_path,
        "sub/top.yaml",
        "extends: ../mid.yaml\nid: top\nagenda_edits:\n  - set: welcome\n    notes: Host is {{ host }}.\n",
    )
    plan = api.load_plan(top, allow_outside=True)  # ../mid.yaml leaves sub/: see facilitator.workshop.paths
    assert plan.workshop.variables == {"venue": "Hall B", "host": "Sam"}
    assert plan.segments[0].title == "Welcome to Hall B"
    assert plan.segments[0].notes == "Host is Sam."
    assert [p.name for p in plan.inputs[:3]] == ["top.yaml", "mid.yaml", "base.yaml"]


def test_unknown_segment_id_has_did_you_mean(base: Path, tmp_path: Path) -> None:
    child = write(tmp_path, "child.yaml", "extends: base\nagenda_edits:\n  - remove: welcom\n")
    assert errors(child) == [
        f"{child}:3:13: error: agenda_edits[0].remove: no segment 'welcom' in the agenda (did you mean "
        "'welcome'?); segment ids: welcome, practice-not-identity, noticing-privilege, break, "
        "meeting-credit, closing [derive.unknown-segment]"
    ]


def test_unknown_edit_and_keys(base: Path, tmp_path: Path) -> None:
    child = write(
        tmp_path,
        "child.yaml",
        "extends: base\nagenda_edits:\n  - delete: welcome\n  - set: break\n    minute: 10\n",
    )
    assert errors(child) == [
        f"{child}:3:5: error: agenda_edits[0].delete: unknown agenda edit 'delete'; start each edit with one "
        "of: remove, replace, insert_before, insert_after, set [derive.edit]",
        f"{child}:5:5: error: agenda_edits[1].minute: unknown key 'minute' in a set edit (did you mean "
        "'minutes'?); allowed here: fixed, lead, min_minutes, minutes, notes, optional, required, set, title "
        "[derive.edit]",
    ]


def test_a_set_edit_gives_a_segment_its_lead(base: Path, tmp_path: Path) -> None:
    """A derived workshop names who leads a segment; a lead not among the facilitators is warned."""
    child = write(
        tmp_path,
        "child.yaml",
        "extends: base\nfacilitators: [Ana Lima, Ben Okafor]\nagenda_edits:\n"
        "  - set: closing\n    lead: Ben Okafor\n  - set: welcome\n    lead: Ana Lma\n",
    )
    plan = api.load_plan(child)
    assert [(s.id, s.lead) for s in plan.segments if s.lead] == [
        ("welcome", "Ana Lma"),
        ("closing", "Ben Okafor"),
    ]
    warnings = [d.format() for d in api.check(child) if d.code == "plan.lead"]
    assert warnings == [
        f"{child}:7:11: warning: agenda[0].lead: 'Ana Lma' is not one of the facilitators (did you mean "
        "'Ana Lima'?); the facilitators are Ana Lima, Ben Okafor [plan.lead]"
    ]


def test_cycle_names_the_files(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "extends: b.yaml\nid: a\n")
    b = write(tmp_path, "b.yaml", "# b\nextends: ./a.yaml\n")
    with pytest.raises(FacilitatorError) as info:
        api.load_plan(a)
    [diagnostic] = info.value.diagnostics
    assert diagnostic.format() == (
        f"{b}:2:10: error: extends: extends goes round in a circle: {a} → {b} → {a}; "
        "remove one of the `extends:` [derive.cycle]"
    )


def test_unknown_parent(tmp_path: Path) -> None:
    child = write(tmp_path, "child.yaml", "extends: allyship-practise\n")
    ready = ", ".join(sorted(p.stem for p in (PROJECT / "workshops").glob("*.yaml")))
    assert errors(child) == [
        f"{child}:1:10: error: extends: no ready workshop 'allyship-practise' (did you mean "
        f"'allyship-practice'?); ready ones: {ready} (or give a path such as ./base.yaml) [derive.extends]"
    ]


def test_errors_in_inherited_values_point_at_the_parent_file(tmp_path: Path) -> None:
    base = write(tmp_path, "base.yaml", BASE.replace("scenario: meeting-credit", "scenario: meeting-credti"))
    child = write(
        tmp_path,
        "child.yaml",
        "extends: base\nagenda_edits:\n  - remove: welcome\n  - set: break\n    minutes: 0\n",
    )
    assert errors(child) == [
        f"{child}:5:14: error: agenda[2].minutes: must be at least 1, got 0 [schema.too-small]",
    ]
    child.write_text("extends: base\nagenda_edits:\n  - remove: welcome\n")
    [error] = errors(child)
    assert error.startswith(
        f"{base}:{line_of(base, 'meeting-credti')}:15: error: agenda[3].scenario: no scenario "
        "'meeting-credti' in the library (did you mean 'meeting-credit'?)"
    )


def test_agenda_edits_need_extends(base: Path) -> None:
    base.write_text(BASE + "agenda_edits:\n  - remove: welcome\n")
    assert errors(base) == [
        f"{base}:{line_of(base, 'agenda_edits')}:1: error: agenda_edits: agenda_edits change a workshop this "
        "one extends; add `extends:` naming it [derive.no-parent]"
    ]


def test_inherited_library_folders_are_found_from_the_child(tmp_path: Path) -> None:
    shutil.copytree(ROOTS / "minimal", tmp_path / "base")
    child = write(
        tmp_path,
        "child.yaml",
        "extends: base/workshop.yaml\nid: child\nagenda_edits:\n  - remove: local-questions\n",
    )
    plan = api.load_plan(child)
    assert plan.workshop.library == ["base/library"]
    assert [s.id for s in plan.segments] == ["opening", "local-basics", "local-scene", "closing"]


def test_extends_a_ready_workshop(tmp_path: Path) -> None:
    child = write(
        tmp_path,
        "mine.yaml",
        "extends: allyship-practice\nid: mine\nduration: 2h\nagenda_edits:\n"
        "  - remove: privilege-and-marginalization\n  - set: closing\n    minutes: 20\n",
    )
    plan = api.load_plan(child)
    parent = api.load_plan(PROJECT / "workshops" / "allyship-practice.yaml")
    assert len(plan.segments) == len(parent.segments) - 1
    assert plan.total_minutes == parent.total_minutes
    assert plan.workshop.title == parent.workshop.title
