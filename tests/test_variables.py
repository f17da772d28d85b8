"""Variables: `{{ name }}` placeholders filled from `variables:` and built-ins, safely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitator import api
from facilitator.cli import cli
from facilitator.workshop.source import parse_source
from facilitator.workshop.variables import join_names, render_text, substitute_data
from tests.conftest import ROOTS


def minimal_copy(tmp_path: Path, extra: str = "", replace: dict[str, str] | None = None) -> Path:
    """Copy the minimal test workshop into tmp_path, apply text replacements, append `extra`."""
    shutil.copytree(ROOTS / "minimal", tmp_path / "w")
    path = tmp_path / "w" / "workshop.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in text
        text = text.replace(old, new)
    path.write_text(text + extra, encoding="utf-8")
    return path


def errors(path: Path) -> list[str]:
    return [d.format() for d in api.check(path) if d.severity == "error"]


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_workshop_text_is_filled(tmp_path: Path) -> None:
    path = minimal_copy(
        tmp_path,
        "variables:\n  venue: Main Hall\n  room: 12\n",
        {
            "title: A small test workshop": "title: Allyship at {{ organisation }}",
            "subtitle: Used by the tests": (
                'subtitle: "{{ venue | upper }}, room {{ room }}, with {{ facilitators }}"'
            ),
            "- Speak from your own experience": "- Speak for yourself at {{ title }}",
        },
    )
    plan = api.load_plan(path)
    assert plan.workshop.title == "Allyship at Test Org"
    assert plan.workshop.subtitle == "MAIN HALL, room 12, with Sam Lee"
    assert plan.workshop.agreements[0] == "Speak for yourself at Allyship at Test Org"
    assert plan.workshop.variables == {"venue": "Main Hall", "room": "12"}


def test_library_text_is_filled_with_the_workshops_variables(tmp_path: Path) -> None:
    path = minimal_copy(tmp_path, "variables:\n  venue: Main Hall\n")
    primer = path.parent / "library" / "primer" / "local-basics.yaml"
    primer.write_text(
        primer.read_text().replace(
            "summary: A short primer written for the tests.",
            "summary: Written for {{ organisation }} in {{ venue }}.",
        )
    )
    plan = api.load_plan(path)
    assert plan.segments[1].primer.summary == "Written for Test Org in Main Hall."


def test_unknown_variable_in_library_text_points_at_the_library_file(tmp_path: Path) -> None:
    path = minimal_copy(tmp_path)
    primer = path.parent / "library" / "primer" / "local-basics.yaml"
    primer.write_text(primer.read_text().replace("takeaway: Small", "takeaway: In {{ venue }}, small"))
    [error] = errors(path)
    assert error.endswith(
        f"local-basics.yaml:{line_of(primer, 'takeaway:')}:11: error: takeaway: unknown variable 'venue' in "
        "{{ venue }}; define it under `variables:` (known here: date, facilitators, location, organisation, "
        "title) [variables.unknown]"
    )


def test_unknown_variable_with_did_you_mean(tmp_path: Path) -> None:
    path = minimal_copy(
        tmp_path, "variables:\n  venue: Main Hall\n", {"location: Room 1": "location: The {{ venu }}"}
    )
    [error] = errors(path)
    assert error == (
        f"{path}:{line_of(path, 'location:')}:11: error: location: unknown variable 'venu' in {{{{ venu }}}} "
        "(did you mean 'venue'?); define it under `variables:` (known here: date, facilitators, "
        "organisation, title, venue) [variables.unknown]"
    )


ALLOWED = (
    "only placeholders such as {{ organisation }} are allowed, optionally with a filter: "
    "| upper, | lower, | title, | capitalize, | trim"
)


@pytest.mark.parametrize(
    ("text", "message", "code"),
    [
        (
            "{{ ''.__class__ }}",
            "`{{ ''.__class__ }}`: reaching into a value (`.`, `[...]`) is not allowed; " + ALLOWED,
            "not-allowed",
        ),
        (
            "{{ cycler.__init__.__globals__ }}",
            "`{{ cycler.__init__.__globals__ }}`: reaching into a value (`.`, `[...]`) is not allowed; "
            + ALLOWED,
            "not-allowed",
        ),
        (
            "{{ organisation['__class__'] }}",
            "`{{ organisation['__class__'] }}`: reaching into a value (`.`, `[...]`) is not allowed; "
            + ALLOWED,
            "not-allowed",
        ),
        ("{{ lipsum() }}", "`{{ lipsum() }}`: calls are not allowed; " + ALLOWED, "not-allowed"),
        (  # 61 characters: quoted as its first 57 and an ellipsis
            "{{ organisation." + "a" * 42 + " }}",
            "`{{ organisation."
            + "a" * 41
            + "…`: reaching into a value (`.`, `[...]`) is not allowed; "
            + ALLOWED,
            "not-allowed",
        ),
        (  # 60 characters: quoted whole
            "{{ organisation." + "a" * 41 + " }}",
            "`{{ organisation."
            + "a" * 41
            + " }}`: reaching into a value (`.`, `[...]`) is not allowed; "
            + ALLOWED,
            "not-allowed",
        ),
        (
            "{% for x in range(3) %}x{% endfor %}",
            "`{% for x in range(3) %}`: template statements ({% ... %}) are not allowed; " + ALLOWED,
            "not-allowed",
        ),
        (
            "{{ organisation | attr('__class__') }}",
            "`{{ organisation | attr('__class__') }}`: the filter 'attr' is not allowed; " + ALLOWED,
            "not-allowed",
        ),
        (
            "{{ organisation | uper }}",
            "`{{ organisation | uper }}`: the filter 'uper' is not allowed (did you mean 'upper'?); "
            + ALLOWED,
            "not-allowed",
        ),
        (
            "{{ 'x' * 99999999 }}",
            "`{{ 'x' * 99999999 }}`: expressions are not allowed; " + ALLOWED,
            "not-allowed",
        ),
        (
            "{{ organisation",
            "placeholder syntax: unexpected end of template, expected 'end of print statement'.",
            "syntax",
        ),
    ],
)
def test_template_code_is_refused_with_a_positioned_error(
    tmp_path: Path, text: str, message: str, code: str
) -> None:
    path = minimal_copy(tmp_path, replace={"audience: Testers": "audience: >\n  " + text})
    [error] = errors(path)
    line = line_of(path, "audience:")
    assert error.startswith(f"{path}:{line}:11: error: audience: ")
    assert error.endswith(f"[variables.{code}]")
    assert error == f"{path}:{line}:11: error: audience: {message} [variables.{code}]"


def test_bad_variable_names_and_values(tmp_path: Path) -> None:
    path = minimal_copy(tmp_path, "variables:\n  venue: [a, b]\n  2nd-room: Hall\n  ok: fine\n")
    start = line_of(path, "variables:")
    assert errors(path) == [
        f"{path}:{start + 1}:10: error: variables.venue: a variable's value is text, got list "
        "[variables.value]",
        f"{path}:{start + 2}:3: error: variables.2nd-room: '2nd-room' is not a variable name; use letters, "
        "digits and underscores, starting with a letter [variables.name]",
    ]


def test_values_are_inserted_as_text_never_rendered_again(tmp_path: Path) -> None:
    path = minimal_copy(
        tmp_path,
        "variables:\n  venue: \"{{ ''.__class__ }}\"\n",
        {"location: Room 1": "location: In {{ venue }}"},
    )
    assert api.load_plan(path).workshop.location == "In {{ ''.__class__ }}"


def test_text_without_placeholders_is_the_same_object() -> None:
    doc = parse_source(Path("x.yaml"), "a: [b, {c: d}]\ne: f {g} h\n")
    data, problems = substitute_data(doc.data, {}, doc)
    assert data is doc.data and problems == []


def test_trailing_newline_and_markdown_are_kept() -> None:
    doc = parse_source(Path("x.yaml"), "a: >\n  **{{ v }}** and more\n")
    text, problem = render_text(doc.data["a"], {"v": "Bold"}, doc, ("a",))
    assert problem is None and text == "**Bold** and more\n"


def test_join_names() -> None:
    names = ([], ["A"], ["A", "B"], ["A", "B", "C"])
    assert [join_names(n) for n in names] == ["", "A", "A and B", "A, B and C"]


def test_cli_validate_reports_the_error(tmp_path: Path) -> None:
    path = minimal_copy(tmp_path, replace={"location: Room 1": "location: '{{ ().__class__ }}'"})
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    line = line_of(path, "location:")
    assert f"{path}:{line}:11: error: location: `{{{{ ().__class__ }}}}`" in result.output


@pytest.mark.parametrize(
    "text",
    [
        "{{ organisation | trim('x') }}",
        "{{ organisation | trim(chars='x') }}",
        "{{ organisation | trim(*letters) }}",
        "{{ organisation | trim(**letters) }}",
    ],
    ids=["an-argument", "a-keyword", "spread-arguments", "spread-keywords"],
)
def test_a_filter_given_arguments_is_refused_with_a_positioned_error(tmp_path: Path, text: str) -> None:
    """Each way of passing a filter something is refused, alone (mutants joined the checks with `and`)."""
    path = minimal_copy(tmp_path, replace={"audience: Testers": "audience: >\n  " + text})
    line = line_of(path, "audience:")
    assert errors(path) == [
        f"{path}:{line}:11: error: audience: `{text}`: filters take no arguments here; {ALLOWED} "
        "[variables.not-allowed]"
    ]
