"""The project's own virtual environment, kept in step with the libraries the code needs.

`make demo` makes `.venv/` and stamps it (`.venv/.installed`) once it has
installed the libraries `pyproject.toml` and `constraints.txt` name. A `git
pull` that changes either file leaves an older environment behind: the code
then needs a library the environment lacks (babel, say), and the first command
a person types would fail. `bring_up_to_date` notices that before a command
runs, the way make does (the stamp is older than either file), has make
install the libraries again, and starts the command afresh on them.

It acts only on the environment the project's Makefile made, in the project's
own folder: any other installation (a wheel, a virtual environment of one's
own) is left as it is.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
STAMP = ".venv/.installed"  # the Makefile's target: made when the libraries are installed
INSTALLED_FROM = ("pyproject.toml", "constraints.txt")
# Set in the command started afresh, so that an installation that changes nothing is tried once.
BROUGHT_UP_TO_DATE = "FACILITATOR_ENVIRONMENT_UPDATED"


def out_of_date(project: Path = PROJECT, prefix: str = sys.prefix) -> list[str]:
    """Return the files changed since the running environment installed them (none: it is up to date).

    Only for the environment `make demo` made in `project` (`project/.venv`, stamped).
    """
    stamp = project / STAMP
    if Path(prefix).resolve() != (project / ".venv").resolve() or not stamp.is_file():
        return []
    made = stamp.stat().st_mtime
    return [
        name
        for name in INSTALLED_FROM
        if (project / name).is_file() and (project / name).stat().st_mtime > made
    ]


def bring_up_to_date() -> None:
    """Install the libraries again when the project's files changed since, then run the command afresh.

    Says what it does on stderr. When make is missing or the installation fails (no network, say),
    it says so and the command goes on in the environment as it is.
    """
    changed = out_of_date()
    if not changed or os.environ.get(BROUGHT_UP_TO_DATE):
        return
    files = " and ".join(changed)
    make = shutil.which("make")
    if make is None:
        print(
            f"warning: {files} changed since .venv was set up, and make is not here to install its "
            "libraries again: run `python -m pip install -c constraints.txt -e .`",
            file=sys.stderr,
        )
        return
    print(
        f"{files} changed since .venv was set up: installing its libraries again (make {STAMP})…",
        file=sys.stderr,
    )
    done = subprocess.run([make, "--no-print-directory", STAMP], cwd=PROJECT, stdout=sys.stderr, check=False)
    if done.returncode != 0:
        print(
            f"warning: installing the libraries failed (make exited {done.returncode}); going on with "
            "those installed, run `make demo` to try again",
            file=sys.stderr,
        )
        return
    os.environ[BROUGHT_UP_TO_DATE] = "1"
    os.execv(sys.executable, [sys.executable, "-m", "facilitator", *sys.argv[1:]])
