"""Path confinement: named files stay in the workshop's folder tree or the project's assets/, workshops/."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitator import api
from facilitator.cli import cli
from facilitator.errors import display_path
from facilitator.workshop.paths import PROJECT_ROOT, OutsideError, confine
from tests.conftest import AGENDA, HEADER


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A workshop folder `tmp/ws/` with a good logo inside, and a secret logo outside it in `tmp/`."""
    from PIL import Image

    ws = tmp_path / "ws"
    (ws / "images").mkdir(parents=True)
    Image.new("RGB", (8, 8), "#000000").save(ws / "images" / "logo.png")
    Image.new("RGB", (8, 8), "#FF0000").save(tmp_path / "secret.png")
    return ws


def _workshop(ws: Path, theme: str) -> Path:
    path = ws / "workshop.yaml"
    path.write_text(HEADER + theme + AGENDA, encoding="utf-8")
    return path


def test_confine_allows_the_tree_and_the_project_folders(tmp_path: Path) -> None:
    assert confine("a/b.png", tmp_path) == (tmp_path / "a" / "b.png").resolve()
    assert confine("../fonts/DejaVuSans.ttf", PROJECT_ROOT / "assets" / "themes").is_file()
    shared = confine("../../../workshops/library", PROJECT_ROOT / "tests" / "roots" / "minimal")
    assert shared == PROJECT_ROOT / "workshops" / "library"


@pytest.mark.parametrize("written", ["/etc/passwd", "../secret.png", "images/../../secret.png"])
def test_confine_refuses_escapes(tree: Path, written: str) -> None:
    with pytest.raises(OutsideError, match="--allow-outside"):
        confine(written, tree)
    assert confine(written, tree, allow_outside=True).is_absolute()


def test_confine_refuses_a_link_pointing_out(tree: Path) -> None:
    os.symlink(tree.parent / "secret.png", tree / "images" / "link.png")
    with pytest.raises(OutsideError, match="symbolic link"):
        confine("images/link.png", tree)


@pytest.mark.parametrize(
    ("theme", "line"),
    [
        ("theme:\n  logo: ../secret.png\n", 7),
        ("theme:\n  logo: images/../../secret.png\n", 7),
        ("theme:\n  template: ../../etc/template.pptx\n", 7),
        ("theme: ../elsewhere/theme.yaml\n", 6),
        ("theme: ../../../../../tmp/evil\n", 6),
        ("library: [../lib]\n", 6),
    ],
)
def test_a_workshop_naming_a_path_outside_is_refused_at_its_line(tree: Path, theme: str, line: int) -> None:
    path = _workshop(tree, theme)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    [message] = result.stderr.splitlines()
    assert re.match(rf"{re.escape(display_path(path))}:{line}:\d+: error: ", message), message
    assert message.endswith("[path.outside]")
    assert "--allow-outside" in message


def test_an_absolute_logo_is_refused_unless_allowed(tree: Path) -> None:
    secret = tree.parent / "secret.png"
    path = _workshop(tree, f"theme:\n  logo: {secret}\n")
    diagnostics = api.check(path)
    assert [d.code for d in diagnostics] == ["path.outside"]
    assert "absolute path" in diagnostics[0].message
    assert api.check(path, allow_outside=True) == []
    assert CliRunner().invoke(cli, ["validate", "--allow-outside", str(path)]).exit_code == 0
    assert CliRunner().invoke(cli, ["agenda", "--allow-outside", str(path)]).exit_code == 0
    assert CliRunner().invoke(cli, ["agenda", str(path)]).exit_code == 2


def test_a_logo_link_pointing_out_is_refused(tree: Path) -> None:
    os.symlink(tree.parent / "secret.png", tree / "images" / "link.png")
    path = _workshop(tree, "theme:\n  logo: images/link.png\n")
    [diagnostic] = api.check(path)
    assert diagnostic.code == "path.outside" and "symbolic link" in diagnostic.message
    assert api.check(path, allow_outside=True) == []


def test_a_logo_inside_the_tree_or_assets_is_fine(tree: Path) -> None:
    assert api.check(_workshop(tree, "theme:\n  logo: images/logo.png\n")) == []


def test_a_library_file_linking_out_is_refused(tree: Path) -> None:
    lib = tree / "lib" / "primer"
    lib.mkdir(parents=True)
    outside = tree.parent / "stolen.yaml"
    outside.write_text("id: stolen\n", encoding="utf-8")
    os.symlink(outside, lib / "stolen.yaml")
    path = _workshop(tree, "library: [lib]\n")
    [diagnostic] = api.check(path)
    assert diagnostic.code == "path.outside" and "lib/" in diagnostic.message


def test_a_theme_file_naming_fonts_outside_is_refused(tree: Path) -> None:
    default = (PROJECT_ROOT / "assets" / "themes" / "default.yaml").read_text(encoding="utf-8")
    (tree / "themes").mkdir()
    os.symlink(PROJECT_ROOT / "assets" / "fonts", tree / "fonts")  # a link into assets/ is fine
    mine = default.replace("../fonts/DejaVuSans.ttf", "../../DejaVuSans.ttf")
    (tree / "themes" / "mine.yaml").write_text(mine, encoding="utf-8")
    path = _workshop(tree, "theme: themes/mine.yaml\n")
    [diagnostic] = api.check(path)
    assert diagnostic.code == "path.outside"
    assert diagnostic.path.endswith("mine.yaml") and diagnostic.line > 0
    assert diagnostic.key == "fonts.print.regular"


def test_a_theme_file_in_a_subfolder_may_name_files_anywhere_in_the_workshop_tree(tree: Path) -> None:
    """A theme file's paths may lead anywhere in the workshop's folder tree, not only below the theme file."""
    default = (PROJECT_ROOT / "assets" / "themes" / "default.yaml").read_text(encoding="utf-8")
    (tree / "themes").mkdir()
    fonts = os.path.relpath(PROJECT_ROOT / "assets" / "fonts", tree / "themes")
    mine = default.replace("../fonts/", f"{fonts}/").replace("logo: null", "logo: ../images/logo.png")
    (tree / "themes" / "mine.yaml").write_text(mine, encoding="utf-8")
    path = _workshop(tree, "theme: themes/mine.yaml\n")
    assert api.check(path) == []
    assert api.load_plan(path).theme.logo == tree / "images" / "logo.png"


@pytest.mark.parametrize(
    ("key", "named", "line", "col"),
    [("logo", "../../secret.png", 32, 7), ("template", "../../secret.pptx", 34, 11)],
)
def test_a_theme_file_naming_a_file_outside_is_refused_at_its_line(
    tree: Path, key: str, named: str, line: int, col: int
) -> None:
    default = (PROJECT_ROOT / "assets" / "themes" / "default.yaml").read_text(encoding="utf-8")
    (tree / "themes").mkdir()
    fonts = os.path.relpath(PROJECT_ROOT / "assets" / "fonts", tree / "themes")
    mine = default.replace("../fonts/", f"{fonts}/").replace(f"{key}: null", f"{key}: {named}")
    (tree / "themes" / "mine.yaml").write_text(mine, encoding="utf-8")
    path = _workshop(tree, "theme: themes/mine.yaml\n")
    [diagnostic] = api.check(path)
    assert (diagnostic.path, diagnostic.line, diagnostic.col, diagnostic.key, diagnostic.code) == (
        display_path(tree / "themes" / "mine.yaml"),
        line,
        col,
        key,
        "path.outside",
    )
    assert diagnostic.message.startswith(f"'{named}' leads outside the folders a workshop may use")


@pytest.mark.parametrize(("written", "got"), [("[a, b]", "a list"), ("5", "a number")])
def test_a_theme_files_logo_that_is_not_text_is_one_positioned_error(
    tree: Path, written: str, got: str
) -> None:
    """Only text is confined as a path; anything else is the schema's error at its line (it was an
    internal error when the confinement tried to read it as a path)."""
    default = (PROJECT_ROOT / "assets" / "themes" / "default.yaml").read_text(encoding="utf-8")
    (tree / "themes").mkdir()
    fonts = os.path.relpath(PROJECT_ROOT / "assets" / "fonts", tree / "themes")
    mine = default.replace("../fonts/", f"{fonts}/").replace("logo: null", f"logo: {written}")
    (tree / "themes" / "mine.yaml").write_text(mine, encoding="utf-8")
    path = _workshop(tree, "theme: themes/mine.yaml\n")
    assert [d.format() for d in api.check(path)] == [
        f"{display_path(tree / 'themes' / 'mine.yaml')}:32:7: error: logo: expected a file name such as "
        f"images/logo.png, got {got} [schema.path]"
    ]


def test_extends_may_not_climb_out(tree: Path) -> None:
    (tree.parent / "base.yaml").write_text(HEADER + AGENDA, encoding="utf-8")
    path = tree / "child.yaml"
    path.write_text("extends: ../base.yaml\nid: child\n", encoding="utf-8")
    [diagnostic] = api.check(path)
    assert (diagnostic.code, diagnostic.line, diagnostic.key) == ("path.outside", 1, "extends")
    assert api.check(path, allow_outside=True) == []
    path.write_text("extends: allyship-intro\nid: child\n", encoding="utf-8")
    assert [d for d in api.check(path) if d.severity == "error"] == []
