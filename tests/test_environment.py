"""An environment that lacks a library facilitator needs: one line saying how to fix it, not a crash.

The usual way to get there is a `git pull` after `make demo`: the code is new, the installed
libraries are the old ones (babel, say, was added since). The child process blocks the library's
import (`sys.modules[name] = None`), which raises the same ModuleNotFoundError a missing one does.
"""

from __future__ import annotations

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
