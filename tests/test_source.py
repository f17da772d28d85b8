"""The YAML loader: positions, YAML 1.2-style scalars, and refusals with file:line."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator import api
from facilitator.errors import FacilitatorError
from facilitator.workshop.source import load_source, parse_source
from tests.conftest import ROOTS


def _error(path: Path) -> str:
    with pytest.raises(FacilitatorError) as info:
        load_source(path)
    assert len(info.value.diagnostics) == 1
    return info.value.diagnostics[0].format()


def test_positions_of_keys_and_values(write_yaml):
    doc = load_source(write_yaml("title: A\nagenda:\n  - primer: x\n    minutes: 10\n"))
    assert doc.value_marks[("agenda", 0, "minutes")] == (4, 14)
    assert doc.key_marks[("agenda", 0, "minutes")] == (4, 5)
    assert doc.locate(("agenda", 0, "missing")) == (3, 5)


def test_a_position_not_written_is_its_nearest_written_parents(write_yaml: Callable[..., Path]) -> None:
    """`locate` gives a value's position by default, a key's when asked; for a key path the file does
    not hold, the value of the nearest parent it does, however many levels up."""
    doc = load_source(
        write_yaml(
            "# a comment\ntitle: A\ntheme:\n  base: default\nagenda:\n  - primer: x\n    minutes: 10\n"
        )
    )
    assert doc.locate(("title",)) == (2, 8)
    assert doc.locate(("title",), key=True) == (2, 1)
    assert doc.locate(("title", "en")) == (2, 8)  # one level up
    assert doc.locate(("theme", "fonts", "print")) == (4, 3)  # two levels up
    assert doc.locate(("theme", "fonts", "print", "regular")) == (4, 3)  # three levels up
    assert doc.locate(("agenda", 0, "notes", 2)) == (6, 5)
    assert doc.locate(("agenda", 3, "notes")) == (6, 3)
    # A list item has no key: asked for its key, the nearest parent's value (the list's dash).
    assert doc.locate(("agenda", 0), key=True) == (6, 3)
    assert doc.locate(("subtitle",)) == (2, 1)  # the whole document's value, after the comment
    assert doc.locate(("subtitle",), key=True) == (2, 1)


def test_glyph_warnings_of_list_items_point_at_each_item(tmp_path: Path) -> None:
    """Two items of a list holding the same character the print font lacks: each warning is at its item."""
    shutil.copytree(ROOTS / "minimal", tmp_path / "w")
    path = tmp_path / "w" / "workshop.yaml"
    items = "    prompts:\n      - One \N{SEEDLING}\n      - Two \N{SEEDLING}\n"
    path.write_text(
        path.read_text(encoding="utf-8").replace("    prompts: [One word to close]\n", items),
        encoding="utf-8",
    )
    found = [d.format() for d in api.check(path) if d.code == "font.missing-glyph"]
    tail = (
        "U+1F331 \N{SEEDLING} (SEEDLING) is not in the print font DejaVu Sans; the PDFs leave it out "
        "(the slides may still show it) [font.missing-glyph]"
    )
    assert found == [
        f"{path}:35:13: warning: agenda[4].prompts[0]: {tail}",
        f"{path}:36:13: warning: agenda[4].prompts[1]: {tail}",
    ]


def test_scalars_read_as_yaml_1_2(write_yaml):
    doc = load_source(write_yaml("language: no\nstart: 10:30\ndate: 2027-02-03\nn: 12\nok: true\n"))
    assert doc.data == {"language": "no", "start": "10:30", "date": "2027-02-03", "n": 12, "ok": True}


def test_duplicate_key_names_both_lines(write_yaml):
    path = write_yaml("title: A\nid: a\ntitle: B\n")
    assert _error(path).endswith(
        ":3:1: error: duplicate key 'title' (first given at line 1); keep one of them [source.duplicate-key]"
    )


def test_alias_is_refused(write_yaml):
    path = write_yaml("a: &x [1, 2]\nb: *x\n")
    assert "1:4: error: YAML anchors and aliases" in _error(path)


def test_python_tag_is_refused(write_yaml):
    path = write_yaml("title: !!python/object:os.system echo\n")
    assert ":1:8: error: the tag !!python/object:os.system is not allowed" in _error(path)


def test_tab_indentation(write_yaml):
    path = write_yaml("agenda:\n\t- primer: x\n")
    assert "error: a tab is used for indentation; YAML indents with spaces only [source.syntax]" in _error(
        path
    )


def test_not_utf8(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_bytes(b"title: caf\xe9\n")
    assert _error(path).endswith(
        ":1:11: error: byte 0xe9 is not UTF-8 text; save the file as UTF-8 [source.encoding]"
    )


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_bytes("\ufefftitle: Café\n".encode())
    assert load_source(path).data == {"title": "Café"}


def test_deep_nesting_is_refused():
    with pytest.raises(FacilitatorError) as info:
        parse_source(Path("deep.yaml"), "a: " + "[" * 10_000 + "]" * 10_000)
    assert "nesting is deeper than 64 levels" in info.value.diagnostics[0].message


def test_control_character_is_refused(write_yaml):
    path = write_yaml('title: "bell\\x07"\n')
    assert "control character U+0007 cannot go into a slide or PDF" in _error(path)


def test_syntax_error_has_position(write_yaml):
    path = write_yaml("title: [unclosed\nid: x\n")
    assert "error: YAML syntax:" in _error(path)


# Each YAML slip, with the one line it gives: where the fault is, and what to do (literal, by hand).
SYNTAX_SLIPS = {
    "unclosed-quote": (
        'id: a\ntitle: "Oops\nstart: x\n',
        "2:8: error: a quoted text starts here and is never closed; add the closing quote",
    ),
    "unclosed-quote-at-the-end": (
        "title: 'abc",
        "1:8: error: a quoted text starts here and is never closed; add the closing quote",
    ),
    "unclosed-list": (
        'id: a\nfacilitators: [Ana, Ben\nstart: "10:00"\n',
        "3:6: error: YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence)",
    ),
    "unclosed-list-at-the-end": (  # the fault lies past the last line
        "id: a\nfacilitators: [Ana, Ben",
        "3:1: error: YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence)",
    ),
    "indented-key": (
        "id: a\ntitle: T\n  start: x\n",
        "3:8: error: YAML syntax: mapping values are not allowed in this context",
    ),
    "key-after-a-list": (
        "- a\nb: c\n",
        "2:1: error: YAML syntax: did not find expected '-' indicator (while parsing a block collection)",
    ),
    "key-out-of-line": (
        "a:\n  - b\n c: d\n",
        "3:2: error: YAML syntax: did not find expected key (while parsing a block mapping)",
    ),
    "a-document-line-inside-a-quote": (  # a quoted text's other fault is not taken for an unclosed quote
        'id: a\ntitle: "b\n---\n"\n',
        "3:1: error: YAML syntax: found unexpected document indicator (while scanning a quoted scalar)",
    ),
    "an-anchor-without-a-name": (  # the fault sits just past the end of its line
        "id: a\ntitle: &\n",
        "2:9: error: YAML syntax: did not find expected alphabetic or numeric character (while scanning an "
        "anchor)",
    ),
    "tab-after-a-value": (
        "id: a\ntitle:\tT\n\tstart: x\n",
        "3:1: error: a tab is used for indentation; YAML indents with spaces only",
    ),
}


@pytest.mark.parametrize("slip", SYNTAX_SLIPS)
def test_a_yaml_slip_is_one_line_at_its_place(slip: str) -> None:
    text, expected = SYNTAX_SLIPS[slip]
    with pytest.raises(FacilitatorError) as info:
        parse_source(Path("w.yaml"), text)
    assert [d.format() for d in info.value.diagnostics] == [f"w.yaml:{expected} [source.syntax]"]


# A control character written into the file itself (not as an escape in quotes): the YAML reader
# refuses it before anything is parsed, by its offset in the text; the line says where it is.
CONTROL_CHARACTERS = {
    "in-a-quoted-text": ('id: a\ntitle: "x\x01y"\n', "2:10", "U+0001"),
    "in-a-plain-text": ("id: a\ntitle: x\x01y\n", "2:9", "U+0001"),
    "in-a-comment": ("id: a\n# a note \x02\ntitle: b\n", "2:10", "U+0002"),
    "first-in-the-file": ("\x03id: a\n", "1:1", "U+0003"),
    "delete": ("id: a\ntitle: x\x7f\n", "2:9", "U+007F"),
}


@pytest.mark.parametrize("case", CONTROL_CHARACTERS)
def test_a_control_character_in_the_file_is_one_line_at_its_place(case: str) -> None:
    text, where, character = CONTROL_CHARACTERS[case]
    with pytest.raises(FacilitatorError) as info:
        parse_source(Path("w.yaml"), text)
    assert [d.format() for d in info.value.diagnostics] == [
        f"w.yaml:{where}: error: control character {character} is not allowed in a YAML file; remove it "
        "[source.control-char]"
    ]
