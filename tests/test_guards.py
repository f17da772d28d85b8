"""The guards, stated as behaviour: each test here kills a one-line bug that once survived the suite.

An audit planted small bugs one at a time (issue 16); these passed every other test. Each test
names the bug it catches, and its expected values come from outside the code under test:
literal clock times, literal file modes, literal paths.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator import api
from facilitator.build import runner
from facilitator.build.staging import Staging
from facilitator.errors import BuildError, FacilitatorError
from facilitator.workshop.paths import PROJECT_ROOT, OutsideError, confine
from tests.conftest import ROOTS

FONTS = PROJECT_ROOT / "assets" / "fonts"


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    """A private copy of the minimal workshop (with its library), free to edit."""
    shutil.copytree(ROOTS / "minimal", tmp_path / "src")
    return tmp_path / "src" / "workshop.yaml"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- plan timing: the wrap past midnight -------------------------------------------------------


def test_a_workshop_crossing_midnight_reads_00_15_not_24_15(workshop: Path) -> None:
    """Bug: the wrap past midnight removed from `planning.plan.clock`."""
    _edit(workshop, 'start: "10:00"', 'start: "23:30"')
    plan = api.load_plan(workshop)
    starts = [segment.start for segment in plan.segments]
    assert starts == ["23:30", "23:35", "23:40", "23:50", "00:10"]
    assert plan.end == "00:15"


def test_clock_times_after_a_break_are_the_literal_times_in_every_output(
    workshop: Path, tmp_path: Path
) -> None:
    """Clock times are checked against literal values, not against the plan's own arithmetic."""
    _edit(workshop, "  - closing: Close\n", "  - break: Stretch\n    minutes: 10\n  - closing: Close\n")
    _edit(workshop, "duration: 45m", "duration: 55m")
    plan = api.load_plan(workshop)
    assert [(s.start, s.end) for s in plan.segments][-2:] == [("10:40", "10:50"), ("10:50", "10:55")]
    result = api.build_plan(plan, tmp_path / "out", only=["deck", "guide", "handout"], parallel=False)
    out = result.out_dir
    guide = (out / "guide.md").read_text(encoding="utf-8")
    assert "10:40" in guide and "10:50" in guide and "10:55" in guide
    from pptx import Presentation

    deck = Presentation(str(out / "deck.pptx"))
    slide_text = "\n".join(
        shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
    )
    assert "10:50" in slide_text  # the break slide's "back at" time, and the agenda's
    handout = "\n".join(page.extract_text() for page in PdfReader(str(out / "handout.pdf")).pages)
    assert "10:40" in handout and "10:50" in handout


# --- staging: only our own temporary files, with the user's umask -------------------------------


def test_adopt_refuses_a_file_staged_outside_the_output_folder(tmp_path: Path) -> None:
    """Bug: the staging guard in `Staging.adopt` disabled."""
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / ".deck.pptx.abcdefgh.tmp"
    elsewhere.write_bytes(b"x")
    with Staging(out) as staging, pytest.raises(BuildError, match="only its own files"):
        staging.adopt([("deck.pptx", str(elsewhere), "deck")])
    not_ours = out / "notes.txt"
    not_ours.write_bytes(b"x")
    # The folder now holds a file facilitator did not write: entering it needs `force` (issue 17).
    with Staging(out, force=True) as staging, pytest.raises(BuildError, match="only its own files"):
        staging.adopt([("deck.pptx", str(not_ours), "deck")])
    with Staging(out, force=True) as staging, pytest.raises(BuildError, match="only its own files"):
        staging.adopt([("../deck.pptx", str(out / ".deck.pptx.abcdefgh.tmp"), "deck")])


def test_adopt_takes_a_relative_folders_own_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The forked child reports absolute paths; a relative --out must still accept them (issue 9)."""
    monkeypatch.chdir(tmp_path)
    Path("out").mkdir()
    staged = Path("out").absolute() / ".deck.pptx.abcdefgh.tmp"
    with Staging(Path("out")) as staging:  # entering sweeps leftovers, so stage after it
        staged.write_bytes(b"deck")
        staging.adopt([("deck.pptx", str(staged), "deck")])
        [(target, _summary)] = staging.commit()
    assert target.read_bytes() == b"deck"


@pytest.mark.parametrize(("umask", "mode"), [(0o077, 0o600), (0o002, 0o664), (0o022, 0o644)])
def test_outputs_follow_the_umask(workshop: Path, tmp_path: Path, umask: int, mode: int) -> None:
    """Bug: the file mode forced to 0644 whatever the umask."""
    old = os.umask(umask)
    try:
        result = api.build(workshop, tmp_path / "out", only=["guide"], parallel=False)
    finally:
        os.umask(old)
    modes = {target.name: oct(target.stat().st_mode & 0o777) for target, _summary in result.written}
    assert modes == {"guide.md": oct(mode), "guide.html": oct(mode), "guide.pdf": oct(mode)}


# --- one process for large workshops -----------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_workshop_over_the_segment_limit_renders_in_one_process(
    workshop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bug: the 400-segment "render in one process" rule ignored."""
    from facilitator.build import fork

    monkeypatch.setattr(fork, "cores", lambda: 2)
    forked: list[int] = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forked.append(1) or real_fork())
    plan = api.load_plan(workshop)
    monkeypatch.setattr(runner, "PARALLEL_MAX_SEGMENTS", len(plan.segments) - 1)
    api.build_plan(plan, tmp_path / "one", force=True)
    assert forked == []
    monkeypatch.setattr(runner, "PARALLEL_MAX_SEGMENTS", len(plan.segments))
    api.build_plan(plan, tmp_path / "two", force=True)
    assert forked == [1]


# --- path confinement --------------------------------------------------------------------------


def test_a_sibling_folder_sharing_the_name_prefix_is_outside(tmp_path: Path) -> None:
    """Bug: `_inside` replaced by a string-prefix test (`/x/ws-secret` starts with `/x/ws`)."""
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws-secret").mkdir()
    (tmp_path / "ws-secret" / "logo.png").write_bytes(b"x")
    with pytest.raises(OutsideError):
        confine("../ws-secret/logo.png", tmp_path / "ws")


@pytest.mark.parametrize("inside_project", [".git/config", "pyproject.toml", "facilitator/api.py"])
def test_only_assets_and_workshops_of_the_project_are_shared(tmp_path: Path, inside_project: str) -> None:
    """Bug: the shared roots widened to the whole project (any project file became readable)."""
    (tmp_path / "ws").mkdir()
    target = PROJECT_ROOT / inside_project
    written = os.path.relpath(target, tmp_path / "ws")
    with pytest.raises(OutsideError):
        confine(written, tmp_path / "ws")
    assert confine(os.path.relpath(FONTS / "DejaVuSans.ttf", tmp_path / "ws"), tmp_path / "ws").is_file()


# --- the variables sandbox ---------------------------------------------------------------------


def test_a_filter_over_an_attribute_is_a_positioned_error(workshop: Path) -> None:
    """Bug: the check of a filter's operand removed (`{{ organisation.__class__ | upper }}`)."""
    _edit(workshop, "subtitle: Used by the tests", 'subtitle: "{{ organisation.__class__ | upper }}"')
    with pytest.raises(FacilitatorError) as caught:
        api.load_plan(workshop)
    [problem] = [d for d in caught.value.diagnostics if d.severity == "error"]
    assert (problem.line, problem.key) == (3, "subtitle")
    assert problem.code.startswith("variables.")
    assert "reaching into a value" in problem.message


# --- the print-font override -------------------------------------------------------------------


def test_a_print_font_that_differs_from_the_default_is_embedded(workshop: Path, tmp_path: Path) -> None:
    """Bug: the print-font override ignored (the old test overrode the font with the default one)."""
    fonts = workshop.parent / "fonts"
    fonts.mkdir()
    styles = {"regular": "-Regular", "bold": "-Bold", "italic": "-Italic", "bold_italic": "-BoldItalic"}
    for suffix in styles.values():
        shutil.copy(FONTS / f"Carlito{suffix}.ttf", fonts)
    lines = "".join(f"      {style}: fonts/Carlito{suffix}.ttf\n" for style, suffix in styles.items())
    workshop.write_text(
        workshop.read_text(encoding="utf-8") + "theme:\n  fonts:\n    print:\n      name: Carlito\n" + lines,
        encoding="utf-8",
    )
    plan = api.load_plan(workshop)
    [handout] = api.render_outputs(plan, ["handout"])
    embedded = {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(handout.data)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Carlito" in name for name in embedded), embedded
    assert not any("DejaVu" in name for name in embedded), embedded


# --- found by `make mutate` (tests/README.md) ----------------------------------------------------


def test_render_outputs_returns_every_chosen_renderers_files(workshop: Path) -> None:
    """Bug: each renderer's files replace the previous renderer's instead of adding to them."""
    outputs = api.render_outputs(api.load_plan(workshop), ["guide", "printables"])
    assert [o.name for o in outputs] == ["guide.md", "guide.html", "guide.pdf", "printables.pdf"]


def test_write_outputs_refuses_a_name_given_twice(tmp_path: Path) -> None:
    """Bug: a name given twice passes (the second file silently replaces the first)."""
    twice = [runner.Output("notes.txt", b"first", ""), runner.Output("notes.txt", b"second", "")]
    with pytest.raises(BuildError, match=r"asked to write 'notes\.txt' twice"):
        api.write_outputs(twice, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_write_outputs_writes_into_a_foreign_folder_only_with_force(tmp_path: Path) -> None:
    """Bug: `force` on by default, so a folder of someone else's files is written into unasked."""
    folder = tmp_path / "theirs"
    folder.mkdir()
    (folder / "thesis.docx").write_bytes(b"years of work")
    with pytest.raises(FacilitatorError, match="holds files facilitator did not write"):
        api.write_outputs([runner.Output("notes.txt", b"x", "")], folder)
    assert sorted(p.name for p in folder.iterdir()) == ["thesis.docx"]
    api.write_outputs([runner.Output("notes.txt", b"x", "")], folder, force=True)
    assert sorted(p.name for p in folder.iterdir()) == [".facilitator-build.json", "notes.txt", "thesis.docx"]
