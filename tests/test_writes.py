"""Writes never follow links: `build` and `new` write only where they say, and never through a symbolic link.

An output folder may sit in a shared place someone else can write to. These tests plant
links and strangers' files where a build or `new` writes, and check that the file the
link points to, and the stranger's files, are never touched.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitator import api
from facilitator.build.manifest import MANIFEST_NAME
from facilitator.build.staging import UNFINISHED_MANIFEST, Staging
from facilitator.cli import cli
from facilitator.errors import FacilitatorError, display_path
from facilitator.render import Output

PROJECT = Path(__file__).resolve().parent.parent
MINIMAL = PROJECT / "tests" / "roots" / "minimal"
WORKSHOP_ID = "minimal"


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    """A private copy of the minimal workshop (id `minimal`), free to edit."""
    shutil.copytree(MINIMAL, tmp_path / "src")
    return tmp_path / "src" / "workshop.yaml"


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A folder outside the output folder, with a file a link may point at."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "precious.txt").write_text("mine\n", encoding="utf-8")
    return folder


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(*args: str) -> object:
    return CliRunner().invoke(cli, ["build", *args])


def _one_error(result: object, path: Path, code: str) -> str:
    lines = result.stderr.splitlines()  # type: ignore[attr-defined]
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert len(lines) == 1, result.stderr  # type: ignore[attr-defined]
    assert lines[0].startswith(f"{display_path(path)}: error: "), lines[0]
    assert lines[0].endswith(f"[{code}]"), lines[0]
    assert "Traceback" not in lines[0] and "internal error" not in lines[0]
    return lines[0]


# ---------------------------------------------------------------------------
# build


@pytest.mark.parametrize("with_force", [False, True])
def test_an_output_folder_that_is_a_link_is_refused(
    workshop: Path, tmp_path: Path, victim: Path, with_force: bool
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / WORKSHOP_ID).symlink_to(victim)
    before = _tree(victim)
    result = _build(str(workshop), "--out", str(out), *(["--force"] if with_force else []))
    message = _one_error(result, out / WORKSHOP_ID, "output.link")
    assert str(victim) in message and "facilitator never writes through a link" in message
    assert _tree(victim) == before
    assert (out / WORKSHOP_ID).is_symlink()


def test_a_linked_output_folder_is_named_as_the_person_sees_it(
    workshop: Path, tmp_path: Path, victim: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the default, relative --out, the message names output/<id>, not the folder it points to."""
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / WORKSHOP_ID).symlink_to(victim)
    monkeypatch.chdir(tmp_path)
    lines = _build(str(workshop)).stderr.splitlines()  # type: ignore[attr-defined]
    assert lines[0].startswith(f"output/{WORKSHOP_ID}: error: '{WORKSHOP_ID}' is a symbolic link"), lines


def test_an_output_folder_that_is_a_file_is_refused(workshop: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / WORKSHOP_ID).write_text("a file\n", encoding="utf-8")
    _one_error(_build(str(workshop), "--out", str(out)), out / WORKSHOP_ID, "output.not-folder")
    assert (out / WORKSHOP_ID).read_text(encoding="utf-8") == "a file\n"


def test_a_folder_facilitator_did_not_make_needs_force_and_keeps_its_files(
    workshop: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "out" / WORKSHOP_ID
    folder.mkdir(parents=True)
    (folder / "notes.txt").write_text("my notes\n", encoding="utf-8")
    # Named like a stale temporary file of a build: a sweep would remove it.
    (folder / ".plan.abcd1234.tmp").write_text("not a build's\n", encoding="utf-8")
    before = _tree(folder)
    message = _one_error(_build(str(workshop), "--out", str(tmp_path / "out")), folder, "output.not-ours")
    assert ".plan.abcd1234.tmp, notes.txt" in message and "--force" in message
    assert _tree(folder) == before

    result = _build(str(workshop), "--out", str(tmp_path / "out"), "--force")
    assert result.exit_code == 0, result.output
    after = _tree(folder)
    assert {name: after[name] for name in before} == before  # the stranger's files, untouched
    assert "deck.pptx" in after and MANIFEST_NAME in after
    assert _build(str(workshop), "--out", str(tmp_path / "out")).exit_code == 0  # now it is ours


def test_an_output_that_is_a_link_is_replaced_not_written_through(
    workshop: Path, tmp_path: Path, victim: Path
) -> None:
    out = tmp_path / "out"
    folder = api.build(workshop, out).out_dir
    (folder / "deck.pptx").unlink()
    (folder / "deck.pptx").symlink_to(victim / "precious.txt")
    (folder / "guide.md").unlink()
    (folder / "guide.md").symlink_to(victim / "new-file.md")  # a dangling link
    before = _tree(victim)
    result = api.build(workshop, out)
    assert not result.up_to_date
    assert _tree(victim) == before
    replaced = [name for name in ("deck.pptx", "guide.md") if not (folder / name).is_symlink()]
    assert replaced == ["deck.pptx", "guide.md"]
    assert [name for name in replaced if (folder / name).stat().st_size == 0] == []


@pytest.mark.parametrize("planted", ["link to a file", "fifo"])
def test_a_manifest_that_is_a_link_or_a_pipe_is_never_read(
    workshop: Path, tmp_path: Path, victim: Path, planted: str
) -> None:
    """A planted manifest is never opened (a pipe would hang the build); the folder is not taken for ours."""
    out = tmp_path / "out"
    folder = api.build(workshop, out).out_dir
    (folder / MANIFEST_NAME).unlink()
    if planted == "fifo":
        os.mkfifo(folder / MANIFEST_NAME)
    else:
        (folder / MANIFEST_NAME).symlink_to(victim / "precious.txt")
    with pytest.raises(FacilitatorError, match=r"output\.not-ours|did not write"):
        api.build(workshop, out)
    assert api.build(workshop, out, force=True).written
    assert _tree(victim) == {"precious.txt": b"mine\n"}


def test_stale_temporary_files_are_swept_only_from_our_own_folders(workshop: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    folder = api.build(workshop, out).out_dir
    (folder / ".deck.pptx.abcd1234.tmp").write_bytes(b"left by a killed build")
    api.build(workshop, out, force=True)
    assert not (folder / ".deck.pptx.abcd1234.tmp").exists()


def test_a_killed_first_build_leaves_a_folder_that_is_still_ours(workshop: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out" / WORKSHOP_ID
    folder.mkdir(parents=True)
    (folder / ".deck.pptx.abcd1234.tmp").write_bytes(b"left by a killed build")
    (folder / "..facilitator-build.json.abcd1234.tmp").write_bytes(b"{}")
    result = _build(str(workshop), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_a_stale_temporary_name_that_is_a_link_is_not_followed(
    workshop: Path, tmp_path: Path, victim: Path
) -> None:
    out = tmp_path / "out"
    folder = api.build(workshop, out).out_dir
    (folder / ".deck.pptx.abcd1234.tmp").symlink_to(victim / "precious.txt")
    api.build(workshop, out, force=True)
    assert (victim / "precious.txt").read_text(encoding="utf-8") == "mine\n"


def test_a_folder_swapped_for_a_link_mid_build_still_gets_the_files(tmp_path: Path, victim: Path) -> None:
    """Writes go through the folder opened at the start: a link put in its place later is never followed."""
    folder = tmp_path / "out" / "w"
    with Staging(folder) as staging:
        staging.add("deck.pptx", b"first", "deck")
        folder.rename(tmp_path / "moved")
        folder.symlink_to(victim)
        staging.add("handout.pdf", b"second", "handout")
        staging.commit()
    assert _tree(victim) == {"precious.txt": b"mine\n"}
    unfinished = UNFINISHED_MANIFEST.encode()  # no final manifest was staged: never up to date
    assert _tree(tmp_path / "moved") == {
        "deck.pptx": b"first",
        "handout.pdf": b"second",
        MANIFEST_NAME: unfinished,
    }


def test_a_failed_build_removes_only_its_own_temporary_files(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "w"
    folder.mkdir(parents=True)
    (folder / "theirs.txt").write_text("x", encoding="utf-8")
    stranger = folder / ".deck.pptx.zzzz9999.tmp"
    stranger.write_bytes(b"someone else's")
    with pytest.raises(RuntimeError), Staging(folder, force=True) as staging:
        staging.add("deck.pptx", b"half", "deck")
        staging.remove_own()
        raise RuntimeError("failed")
    assert sorted(p.name for p in folder.iterdir()) == [stranger.name, "theirs.txt"]


def test_the_api_refuses_the_same_way(workshop: Path, tmp_path: Path, victim: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / WORKSHOP_ID).symlink_to(victim)
    with pytest.raises(FacilitatorError) as caught:
        api.build(workshop, out, force=True)
    assert [d.code for d in caught.value.diagnostics] == ["output.link"]
    with pytest.raises(FacilitatorError):
        api.write_outputs([Output("deck.pptx", b"x", "deck")], out / WORKSHOP_ID)
    assert _tree(victim) == {"precious.txt": b"mine\n"}


def test_watch_refuses_a_linked_output_folder(workshop: Path, tmp_path: Path, victim: Path) -> None:
    from facilitator.watch import rebuild

    out = tmp_path / "out"
    out.mkdir()
    (out / WORKSHOP_ID).symlink_to(victim)
    result, _plan = rebuild(workshop, out)
    assert not result.ok
    assert [d.code for d in result.diagnostics] == ["output.link"]
    assert _tree(victim) == {"precious.txt": b"mine\n"}


# ---------------------------------------------------------------------------
# new


@pytest.mark.parametrize("with_force", [False, True])
@pytest.mark.parametrize("dangling", [False, True])
def test_new_never_writes_through_a_link(
    tmp_path: Path, victim: Path, with_force: bool, dangling: bool
) -> None:
    target = victim / ("absent.yaml" if dangling else "precious.txt")
    link = tmp_path / "riverside.yaml"
    link.symlink_to(target)
    before = _tree(victim)
    result = CliRunner().invoke(cli, ["new", str(link), *(["--force"] if with_force else [])])
    message = _one_error(result, link, "new.link")
    assert "facilitator never writes through a link" in message
    assert _tree(victim) == before and link.is_symlink()


def test_new_refuses_a_folder_of_that_name(tmp_path: Path) -> None:
    (tmp_path / "riverside.yaml").mkdir()
    result = CliRunner().invoke(cli, ["new", str(tmp_path / "riverside"), "--force"])
    _one_error(result, tmp_path / "riverside.yaml", "new.exists")
