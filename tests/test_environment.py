"""An environment that lacks a library facilitator needs: one line saying how to fix it, not a crash.

The usual way to get there is a `git pull` after `make demo`: the code is new, the installed
libraries are the old ones (babel, say, was added since). The child process blocks the library's
import (`sys.modules[name] = None`), which raises the same ModuleNotFoundError a missing one does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import PROJECT

RUN = (
    "import sys; sys.modules[{blocked!r}] = None; "
    "sys.argv = ['facilitator'] + {args!r}; "
    "from facilitator.cli import main; main()"
)


def run_without(blocked: str, args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run the CLI from the repository root with the module `blocked` missing."""
    return subprocess.run(
        [sys.executable, "-c", RUN.format(blocked=blocked, args=args)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("jobs", ["1", "2"])  # the forked child reports it as the parent does
def test_a_missing_library_says_how_to_install_it_and_writes_nothing(tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = run_without(
        "babel", ["build", "workshops/allyship-half-day.yaml", "--out", str(out), "--jobs", jobs]
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: the Python environment in {sys.prefix} lacks the library 'babel', which facilitator "
        "needs (facilitator has changed since it was installed there?); install its libraries again "
        "with `make demo` in the project folder, or `python -m pip install -c constraints.txt -e .`"
    ]
    assert [p.name for p in (out / "allyship-half-day").iterdir()] == []  # no output, no temporary file


def test_a_missing_module_of_facilitator_itself_is_still_a_bug(tmp_path: Path) -> None:
    result = run_without(
        "facilitator.render.timer", ["build", "workshops/allyship-intro.yaml", "--out", str(tmp_path)]
    )
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("internal error: ModuleNotFoundError: import of facilitator.render.timer halted")
    assert "this is a bug in facilitator" in line


def _project_after_a_pull(tmp_path: Path, make_exit: int) -> tuple[Path, dict[str, str], Path]:
    """A copy of the project whose `.venv` was set up (stamped) before `pyproject.toml` changed.

    Its `.venv` is a real virtual environment that reads the copy's code and this environment's
    libraries; `make` is a stand-in that logs its arguments and exits `make_exit`, touching the stamp on 0.
    """
    project = tmp_path / "facilitator"
    project.mkdir()
    for folder in ("facilitator", "workshops", "assets"):
        shutil.copytree(PROJECT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "constraints.txt"):
        shutil.copy(PROJECT / name, project / name)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(project / ".venv")], check=True)
    [site] = (project / ".venv" / "lib").glob("python*/site-packages")
    libraries = next(p for p in sys.path if p.endswith("site-packages") and p.startswith(sys.prefix))
    (site / "libraries.pth").write_text(f"{project}\n{libraries}\n", encoding="utf-8")
    stamp = project / ".venv" / ".installed"
    stamp.touch()
    os.utime(stamp, (1_000_000_000, 1_000_000_000))  # set up long before the pull
    tools = tmp_path / "bin"
    tools.mkdir()
    log = tmp_path / "make.log"
    (tools / "make").write_text(
        f'#!/bin/sh\necho "make $*" >> {log}\n'
        f"[ {make_exit} = 0 ] && touch .venv/.installed\nexit {make_exit}\n",
        encoding="utf-8",
    )
    (tools / "make").chmod(0o755)
    env = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}"}
    env.pop("FACILITATOR_ENVIRONMENT_UPDATED", None)
    return project, env, log


def _validate(project: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(project / ".venv" / "bin" / "python"),
            "-m",
            "facilitator",
            "validate",
            "workshops/allyship-intro.yaml",
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_first_command_after_a_pull_installs_the_libraries_again_then_runs(tmp_path: Path) -> None:
    """The quick start after a `git pull` that added a library: the command sets .venv up again itself."""
    project, env, log = _project_after_a_pull(tmp_path, make_exit=0)
    first = _validate(project, env)
    assert first.returncode == 0, first.stderr
    assert first.stderr.splitlines()[0] == (
        "pyproject.toml and constraints.txt changed since .venv was set up: installing its libraries "
        "again (make .venv/.installed)…"
    )
    assert log.read_text(encoding="utf-8") == "make --no-print-directory .venv/.installed\n"
    assert first.stdout.startswith("workshops/allyship-intro.yaml: ok")  # the command itself, run afresh
    second = _validate(project, env)
    assert second.returncode == 0, second.stderr
    assert "installing" not in second.stderr
    assert log.read_text(encoding="utf-8").count("make") == 1  # up to date now: make is not run again


def test_when_installing_fails_the_command_goes_on_and_says_so(tmp_path: Path) -> None:
    project, env, _log = _project_after_a_pull(tmp_path, make_exit=2)
    result = _validate(project, env)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[1] == (
        "warning: installing the libraries failed (make exited 2); going on with those installed, "
        "run `make demo` to try again"
    )
    assert result.stdout.startswith("workshops/allyship-intro.yaml: ok")
