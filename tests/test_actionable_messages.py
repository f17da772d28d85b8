"""Messages a facilitator can act on (issue 9 §5): each says where, what is wrong and what to type.

The command line is run as a person runs it (click's runner), and every assertion reads
the exact lines it prints.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitator import api
from facilitator.cli import cli
from facilitator.workshop.colours import contrast_ratio

from .conftest import AGENDA, HEADER, ROOTS


def _run(*args: str):
    return CliRunner().invoke(cli, list(args))


def _line(path: Path, text: str) -> int:
    """Return the number of the line of `path` that holds `text`."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def _minimal(tmp_path: Path, extra: str = "", replace: tuple[str, str] = ("", "")) -> Path:
    shutil.copytree(ROOTS / "minimal", tmp_path / "w")
    path = tmp_path / "w" / "workshop.yaml"
    text = path.read_text(encoding="utf-8")
    if replace[0]:
        assert replace[0] in text
        text = text.replace(*replace)
    path.write_text(text + extra, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            HEADER.replace("title: Small case", "title: Allyship: an introduction") + AGENDA,
            "2:16",
            "a colon followed by a space inside a text starts a new key; "
            'quote the text: title: "Allyship: an introduction"',
        ),
        (
            HEADER + "agenda:\n  - opening: Welcome\n  minutes: 10\n",
            "8:3",
            "'minutes' is part of the list item at line 7 but is indented 2 spaces; "
            "indent under the dash: 4 spaces, level with 'opening'",
        ),
        (
            HEADER + "agenda:\n  - opening: Welcome\n      minutes: 10\n",
            "8:14",
            "'minutes' is part of the list item at line 7 but is indented 6 spaces; "
            "indent under the dash: 4 spaces, level with 'opening'",
        ),
        (
            HEADER + "location: {{ venue }}\n" + AGENDA,
            "6:12",
            "YAML reads a value that starts with { as a mapping; quote a value that starts with {{: "
            'location: "{{ venue }}"',
        ),
        (
            HEADER + "location: {{ venue }}, Room 2\n" + AGENDA,
            "6:22",
            "YAML reads a value that starts with { as a mapping; quote a value that starts with {{: "
            'location: "{{ venue }}, Room 2"',
        ),
        (
            HEADER + 'location: "Main Hall" upstairs\n' + AGENDA,
            "6:23",
            "a text that starts with a quote must end with it; quote the whole text: "
            'location: "Main Hall upstairs"',
        ),
        (  # the comment after the value stays a comment, outside the quotes
            HEADER.replace("title: Small case", "title: Allyship: an introduction   # shown large") + AGENDA,
            "2:16",
            "a colon followed by a space inside a text starts a new key; "
            'quote the text: title: "Allyship: an introduction"',
        ),
        (
            HEADER + "location: {{ venue }}   # filled from variables:\n" + AGENDA,
            "6:12",
            "YAML reads a value that starts with { as a mapping; quote a value that starts with {{: "
            'location: "{{ venue }}"',
        ),
    ],
    ids=[
        "colon",
        "indent-shallow",
        "indent-deep",
        "placeholder",
        "placeholder-and-text",
        "half-quoted",
        "colon-and-comment",
        "placeholder-and-comment",
    ],
)
def test_yaml_slips_say_the_fix(write_yaml, text: str, where: str, message: str):
    path = write_yaml(text)
    result = _run("validate", str(path))
    assert result.exit_code == 2
    code = "source.key" if where == "6:12" else "source.syntax"
    assert result.output.splitlines() == [f"{path}:{where}: error: {message} [{code}]"]


def test_the_fixes_the_messages_suggest_validate(write_yaml):
    """Typing what the message says makes the file valid."""
    fixed = HEADER.replace("title: Small case", 'title: "Allyship: an introduction"')
    fixed += 'variables: {venue: Main Hall}\nlocation: "{{ venue }}, Room 2"\n' + AGENDA
    assert _run("validate", str(write_yaml(fixed))).exit_code == 0


def test_an_unknown_library_folder_is_one_error_with_a_did_you_mean(tmp_path: Path):
    path = _minimal(tmp_path, replace=("library: [library]", "library: [libary]"))
    result = _run("validate", str(path))
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"{path}:{_line(path, 'libary')}:11: error: library[0]: no folder 'libary' next to this file "
        "(did you mean 'library'?); the items it holds are not looked up until it is found [ref.folder]"
    ]


def test_an_invalid_library_file_reports_its_own_error_only(tmp_path: Path):
    path = _minimal(tmp_path)
    item = path.parent / "library" / "scenarios" / "local-scene.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("intensity: gentle", "intensity: mild"))
    result = _run("validate", str(path))
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{item}:")
    assert "intensity: 'mild' is not allowed" in lines[0]
    assert "no scenario 'local-scene'" not in result.output


def test_a_contrast_warning_points_at_the_colour_and_suggests_one_that_passes(tmp_path: Path):
    path = _minimal(tmp_path, 'theme:\n  colours: {accent: "#8FBC8F"}\n')
    result = _run("validate", str(path))
    assert result.exit_code == 0
    [line] = [out for out in result.output.splitlines() if "[theme.contrast]" in out]
    assert line == (
        f"{path}:{_line(path, '#8FBC8F')}:21: warning: theme.colours.accent: accent #8FBC8F on background "
        "#FFFFFF has contrast 2.15:1; WCAG AA needs at least 4.5:1; use #4E824E for accent (same hue, "
        "4.5:1) [theme.contrast]"
    )
    assert contrast_ratio("#4E824E", "#FFFFFF") >= 4.5
    path.write_text(path.read_text().replace("#8FBC8F", "#4E824E"))
    assert not [d for d in api.check(path) if d.code == "theme.contrast"]


def test_a_template_warning_points_at_the_template_and_says_what_to_do(tmp_path: Path):
    from tests.test_template import brand_template, templated_workshop

    path = templated_workshop(tmp_path, "my.pptx")
    brand_template(path.parent / "my.pptx", content_layout="Our Layout")
    [layout] = [d for d in api.check(path) if d.code == "template.layout"]
    text = path.read_text().splitlines()
    assert (layout.path, layout.line, layout.key) == (
        str(path),
        text.index("  template: my.pptx") + 1,
        "theme.template",
    )
    assert layout.message.endswith("; name the layout to use under theme: layouts: (title: or content:)")


def test_library_lists_the_workshops_own_items(tmp_path: Path):
    path = _minimal(tmp_path)
    builtin = _run("library", "primer")
    assert "local-basics" not in builtin.output
    own = _run("library", "primer", "--workshop", str(path))
    assert own.exit_code == 0, own.output
    [line] = [out for out in own.output.splitlines() if "local-basics" in out]
    assert line.endswith(f"(from {path.parent / 'library' / 'primer' / 'local-basics.yaml'})")
    assert own.output.splitlines()[0] == f"primer ({len(builtin.output.splitlines())})"
    folder = _run("library", "scenarios", "--library", str(path.parent / "library"))
    assert folder.exit_code == 0, folder.output
    assert any(out.strip().startswith("local-scene ") for out in folder.output.splitlines())


def test_a_format_the_discussion_does_not_list_is_a_warning_naming_its_formats(tmp_path: Path):
    path = _minimal(tmp_path, replace=("    format: pairs\n", "    format: fishbowl\n"))
    formats = (path.parent / "library" / "discussions" / "local-questions.yaml").read_text()
    assert "fishbowl" not in formats
    [warning] = [d for d in api.check(path) if d.code == "plan.format"]
    assert warning.format() == (
        f"{path}:{_line(path, 'fishbowl')}:13: warning: agenda[2].format: 'fishbowl' is not among the "
        "formats 'local-questions' is written for (pairs); its guidance and timing assume one of those, "
        "so choose one or check the guidance still holds [plan.format]"
    )
