"""`facilitator new`: commented starter files that validate, and no silent overwriting."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitator import api
from facilitator.authoring.starter import slug, target_path
from facilitator.cli import cli


def run(*args: str) -> object:
    return CliRunner().invoke(cli, ["new", *args])


def test_blank_starter_validates_and_explains_itself(tmp_path: Path) -> None:
    target = tmp_path / "my-workshop"
    result = run(str(target))
    assert result.exit_code == 0, result.output
    path = tmp_path / "my-workshop.yaml"
    assert f"wrote {path}" in result.output
    assert api.check(path) == []
    plan = api.load_plan(path)
    assert plan.workshop.id == "my-workshop"
    assert plan.total_minutes == plan.workshop.duration == 90
    assert plan.workshop.location == "Main Hall"
    text = path.read_text()
    assert text.count("#") > 30  # keys are explained in comments
    for key in ("variables:", "theme:", "agenda:", "content_note:", "optional: true"):
        assert key in text


@pytest.mark.parametrize(("duration", "total"), [("60m", 60), ("2h", 120)])
def test_blank_starter_with_a_duration_fits(tmp_path: Path, duration: str, total: int) -> None:
    result = run(str(tmp_path / "w.yaml"), "--duration", duration, "--title", "Allyship: a start")
    assert result.exit_code == 0, result.output
    plan = api.load_plan(tmp_path / "w.yaml")
    assert plan.total_minutes == total
    assert plan.workshop.title == "Allyship: a start"


def test_derived_starter(tmp_path: Path) -> None:
    path = tmp_path / "riverside.yaml"
    result = run(str(path), "--from", "allyship-practice", "--duration", "90m")
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert "extends: allyship-practice" in text
    assert "#   - remove: " in text and "#   - set: break" in text
    plan = api.load_plan(path)
    assert plan.workshop.id == "riverside"
    assert plan.total_minutes == 90


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("mine\n")
    result = run(str(path))
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"{path}: error: already exists; choose another name or add --force to overwrite it [new.exists]"
    )
    assert path.read_text() == "mine\n"
    assert run(str(path), "--force").exit_code == 0
    assert "agenda:" in path.read_text()


def test_a_starter_that_cannot_validate_is_not_written(tmp_path: Path) -> None:
    result = run(str(tmp_path / "tiny"), "--duration", "20m")
    assert result.exit_code == 2
    assert (
        f"{tmp_path / 'tiny.yaml'}:12:11: error: duration: the agenda cannot fit into 20 minutes"
        in result.output
    )
    assert list(tmp_path.iterdir()) == []


def test_unknown_parent(tmp_path: Path) -> None:
    result = run(str(tmp_path / "w"), "--from", "allyship-practise")
    assert result.exit_code == 2
    assert "no ready workshop 'allyship-practise' (did you mean 'allyship-practice'?)" in result.output
    assert list(tmp_path.iterdir()) == []


def test_names() -> None:
    assert slug("My Workshop.yaml") == "my-workshop"
    assert slug("___") == "my-workshop"
    assert target_path("a/b") == Path("a/b.yaml")
    assert target_path("b.yml") == Path("b.yml")
