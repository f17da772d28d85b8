"""Every path is confined the same way: a symbolic link pointing out is refused for each kind of path.

For each path a workshop can name — `extends` by path and by id (beside the workshop and
among the ready workshops), a library folder and an item in it, a theme file and a font it
names, the logo, the template, the workshop's own fonts — and for the output folder, a link
inside the workshop's folder points at a good file outside it. `validate` refuses each with
one positioned line; `--allow-outside` (the user trusting the workshop) lets the same files
through, which shows the refusal is the confinement and not a broken file.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitator.cli import cli
from facilitator.errors import display_path
from facilitator.workshop import derive
from facilitator.workshop.paths import PROJECT_ROOT, OutsideError, confine
from tests.hostile import AGENDA, HEADER

FONTS = PROJECT_ROOT / "assets" / "fonts"
DEFAULT_THEME = PROJECT_ROOT / "assets" / "themes" / "default.yaml"


def _png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (40, 20), "#1B3A5C").save(path)


def _pptx(path: Path) -> None:
    from pptx import Presentation

    buffer = io.BytesIO()
    Presentation().save(buffer)
    path.write_bytes(buffer.getvalue())


def _fonts(ws: Path, regular: str) -> str:
    """Return `theme: fonts: print:` naming `regular`, and the project's DejaVu files for the other styles."""
    fonts = os.path.relpath(FONTS, ws)
    others = (
        ("bold", "DejaVuSans-Bold"),
        ("italic", "DejaVuSans-Oblique"),
        ("bold_italic", "DejaVuSans-BoldOblique"),
    )
    files = f"      regular: {regular}\n" + "".join(
        f"      {style}: {fonts}/{name}.ttf\n" for style, name in others
    )
    return "theme:\n  fonts:\n    print:\n      name: DejaVu Sans\n" + files


# name -> (writes the outside file(s) into `outside`, links them into `ws`, returns the workshop text;
#          the line of the refusal)
Setup = Callable[[Path, Path], str]


def _extends_by_path(ws: Path, outside: Path) -> str:
    (outside / "base.yaml").write_text(HEADER + AGENDA, encoding="utf-8")
    (ws / "base.yaml").symlink_to(outside / "base.yaml")
    return "extends: ./base.yaml\ntitle: Child\n"


def _extends_by_id(ws: Path, outside: Path) -> str:
    (outside / "base.yaml").write_text(HEADER + AGENDA, encoding="utf-8")
    (ws / "base.yaml").symlink_to(outside / "base.yaml")
    return "extends: base\ntitle: Child\n"


def _library_folder(ws: Path, outside: Path) -> str:
    shutil.copytree(PROJECT_ROOT / "tests" / "roots" / "minimal" / "library", outside / "lib")
    (ws / "lib").symlink_to(outside / "lib")
    return HEADER + "library: [lib]\n" + AGENDA


def _library_item(ws: Path, outside: Path) -> str:
    shutil.copytree(PROJECT_ROOT / "tests" / "roots" / "minimal" / "library", ws / "lib")
    item = next((ws / "lib" / "primer").glob("*.yaml"))
    shutil.move(item, outside / item.name)
    item.symlink_to(outside / item.name)
    return HEADER + "library: [lib]\n" + AGENDA


def _library_item_yml(ws: Path, outside: Path) -> str:
    """An item named `.yml`, the other ending the library reads."""
    shutil.copytree(PROJECT_ROOT / "tests" / "roots" / "minimal" / "library", ws / "lib")
    item = next((ws / "lib" / "primer").glob("*.yaml"))
    shutil.move(item, outside / f"{item.stem}.yml")
    (item.parent / f"{item.stem}.yml").symlink_to(outside / f"{item.stem}.yml")
    return HEADER + "library: [lib]\n" + AGENDA


def _library_item_after_a_missing_kind(ws: Path, outside: Path) -> str:
    """The library has no `activities/` folder; the link is in `resources/`, the kind after it."""
    shutil.copytree(PROJECT_ROOT / "tests" / "roots" / "minimal" / "library", ws / "lib")
    (outside / "reading.yaml").write_text(
        "id: reading\ntitle: Reading\nitems:\n  - name: A book\n", encoding="utf-8"
    )
    (ws / "lib" / "resources").mkdir()
    (ws / "lib" / "resources" / "reading.yaml").symlink_to(outside / "reading.yaml")
    return HEADER + "library: [lib]\n" + AGENDA


def _theme_file(ws: Path, outside: Path) -> str:
    text = DEFAULT_THEME.read_text(encoding="utf-8").replace(
        "../fonts/", f"{os.path.relpath(FONTS, outside)}/"
    )
    (outside / "brand.yaml").write_text(text, encoding="utf-8")
    (ws / "brand.yaml").symlink_to(outside / "brand.yaml")
    return HEADER + "theme: brand.yaml\n" + AGENDA


def _theme_file_font(ws: Path, outside: Path) -> str:
    shutil.copy(FONTS / "DejaVuSans.ttf", outside / "Odd.ttf")
    (ws / "Odd.ttf").symlink_to(outside / "Odd.ttf")
    text = DEFAULT_THEME.read_text(encoding="utf-8").replace("../fonts/", f"{os.path.relpath(FONTS, ws)}/")
    text = text.replace(f"{os.path.relpath(FONTS, ws)}/DejaVuSans.ttf", "Odd.ttf")
    (ws / "brand.yaml").write_text(text, encoding="utf-8")
    return HEADER + "theme: brand.yaml\n" + AGENDA


def _logo(ws: Path, outside: Path) -> str:
    _png(outside / "logo.png")
    (ws / "logo.png").symlink_to(outside / "logo.png")
    return HEADER + "theme:\n  logo: logo.png\n" + AGENDA


def _template(ws: Path, outside: Path) -> str:
    _pptx(outside / "brand.pptx")
    (ws / "brand.pptx").symlink_to(outside / "brand.pptx")
    return HEADER + "theme:\n  template: brand.pptx\n" + AGENDA


def _workshop_font(ws: Path, outside: Path) -> str:
    shutil.copy(FONTS / "DejaVuSans.ttf", outside / "Odd.ttf")
    (ws / "Odd.ttf").symlink_to(outside / "Odd.ttf")
    return HEADER + _fonts(ws, "Odd.ttf") + AGENDA


# name -> (set-up, the file the message is about (relative to ws), line, key)
CASES: dict[str, tuple[Setup, str, int, str]] = {
    "extends by path": (_extends_by_path, "workshop.yaml", 1, "extends"),
    "extends by id": (_extends_by_id, "workshop.yaml", 1, "extends"),
    "library folder": (_library_folder, "workshop.yaml", 6, "library[0]"),
    "library item": (_library_item, "workshop.yaml", 6, "library[0]"),
    "library item named .yml": (_library_item_yml, "workshop.yaml", 6, "library[0]"),
    "library item after a kind folder it lacks": (
        _library_item_after_a_missing_kind,
        "workshop.yaml",
        6,
        "library[0]",
    ),
    "theme file": (_theme_file, "workshop.yaml", 6, "theme"),
    "font named by a theme file": (_theme_file_font, "brand.yaml", 0, "fonts.print.regular"),
    "logo": (_logo, "workshop.yaml", 7, "theme.logo"),
    "template": (_template, "workshop.yaml", 7, "theme.template"),
    "the workshop's own font": (_workshop_font, "workshop.yaml", 10, "theme.fonts.print.regular"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_link_pointing_out_is_refused(tmp_path: Path, name: str) -> None:
    setup, about, line, key = CASES[name]
    ws, outside = tmp_path / "ws", tmp_path / "outside"
    ws.mkdir()
    outside.mkdir()
    path = ws / "workshop.yaml"
    path.write_text(setup(ws, outside), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    [message] = result.stderr.splitlines()
    position = rf"{re.escape(display_path(ws / about))}:{line if line else r'[0-9]+'}:\d+: error: "
    assert re.match(position + re.escape(key) + ": ", message), message
    assert "symbolic link" in message and message.endswith("[path.outside]"), message
    trusted = CliRunner().invoke(cli, ["validate", "--allow-outside", str(path)])
    assert trusted.exit_code == 0, trusted.output


def test_a_link_the_library_never_reads_is_no_error(tmp_path: Path) -> None:
    """The library reads the YAML files of its kind folders that are not hidden: a hidden file or one
    that is not YAML may link anywhere, as nothing follows it."""
    ws, outside = tmp_path / "ws", tmp_path / "outside"
    outside.mkdir()
    shutil.copytree(PROJECT_ROOT / "tests" / "roots" / "minimal" / "library", ws / "lib")
    (outside / "secret.yaml").write_text("id: secret\n", encoding="utf-8")
    (ws / "lib" / "primer" / ".draft.yaml").symlink_to(outside / "secret.yaml")
    (ws / "lib" / "primer" / "notes.txt").symlink_to(outside / "secret.yaml")
    path = ws / "workshop.yaml"
    path.write_text(HEADER + "library: [lib]\n" + AGENDA, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert (result.exit_code, result.stderr) == (0, ""), result.output


def test_a_link_among_the_ready_workshops_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`extends: <id>` finds the ready workshops' folder; a link there may not lead out either."""
    ready, outside = tmp_path / "ready", tmp_path / "outside"
    ready.mkdir()
    outside.mkdir()
    (outside / "secret.yaml").write_text(HEADER.replace("Small case", "Secret") + AGENDA, encoding="utf-8")
    (ready / "team-day.yaml").symlink_to(outside / "secret.yaml")
    monkeypatch.setattr(derive, "WORKSHOPS_DIR", ready)
    path = tmp_path / "ws" / "workshop.yaml"
    path.parent.mkdir()
    path.write_text("extends: team-day\ntitle: Child\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    [message] = result.stderr.splitlines()
    assert message.startswith(
        f"{display_path(path)}:1:10: error: extends: 'team-day.yaml' is a symbolic link"
    )
    assert "Secret" not in result.output


def test_an_output_folder_link_is_refused_even_for_a_trusted_workshop(tmp_path: Path) -> None:
    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "small-case").symlink_to(outside)
    path = tmp_path / "workshop.yaml"
    path.write_text(HEADER + AGENDA, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(path), "--out", str(out), "--allow-outside"])
    assert result.exit_code == 2
    [message] = result.stderr.splitlines()
    assert message.startswith(f"{display_path(out / 'small-case')}: error: 'small-case' is a symbolic link")
    assert message.endswith("[output.link]")
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("inside", [True, False])
def test_confine_for_writing_refuses_any_link(tmp_path: Path, inside: bool) -> None:
    """For reading, a link that stays inside is fine; for writing, no link at all."""
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" if inside else Path("/tmp")
    os.symlink(target, tmp_path / "link")
    if inside:
        assert confine("link", tmp_path) == (tmp_path / "real").resolve()
    with pytest.raises(OutsideError, match="never writes through a link"):
        confine("link", tmp_path, for_writing=True)
    with pytest.raises(OutsideError, match="leads outside"):
        confine("../x", tmp_path, for_writing=True)
    assert confine("real/new.txt", tmp_path, for_writing=True) == tmp_path / "real" / "new.txt"
