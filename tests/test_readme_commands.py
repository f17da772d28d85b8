"""The README is a script that runs: every command it shows is run as written, and says what it says.

Commands live in the README's ```console blocks: a `$ ` line is a command, the lines under it
are what it prints (stdout and stderr as a terminal shows them: French text's no-break and thin
spaces as spaces). `…` in a line stands for any text, and a line that is only `…` for any number
of lines. A comment `# exits N` on the command
line gives its exit code (0 otherwise). A `^C` line is where Ctrl-C is pressed: the command runs
until what it printed matches the lines above it, then gets SIGINT, and the rest must follow.
```python blocks are run too, in order with the commands.

Everything runs in one temporary copy of the repository, from its root, in README order, with
the real `facilitator` console script of this virtual environment first on PATH (as after
`. .venv/bin/activate`), in real subprocesses. Every Python process sees two cores, so a lone
workshop's guide renders in a forked process (see `readme_site/sitecustomize.py`); the last test
checks that it did. `make test` runs ruff and pytest in the copy with one test selected
(PYTEST_ADDOPTS), since the whole suite is what is running it.

A command shown anywhere else in the README (an inline `facilitator …`, `make …`, `python …`)
must be one of the commands run here, or a synopsis with placeholders (`FILE`, `[--out DIR]`)
whose options `--help` lists.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from .conftest import PROJECT, default_sigint

README = PROJECT / "README.md"
SITE = Path(__file__).resolve().parent / "readme_site"
COMMAND = re.compile(r"^(?:(?:facilitator|make|python3?|pip)(?: |$)|\.venv/bin/|\. \.venv/)")
PLACEHOLDER = re.compile(r"\b(FILE|NAME|DIR|ID|COMMAND|KIND)\b|\[|…")
EXIT_COMMENT = re.compile(r"#.*\bexits? (\d+)")
TIMEOUT = 300  # seconds for any one command
# Not copied: made by running things, not part of a fresh clone (at the top; caches anywhere).
NOT_COPIED_AT_TOP = {
    ".venv",
    ".lock-venv",
    ".git",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    "build",
    "mutants",
}
NOT_COPIED = ("__pycache__", "*.egg-info")


@dataclass
class Step:
    """One command (or Python block) from the README, with what it should print and its exit code."""

    section: str
    line: int  # in README.md, 1-based
    command: str
    expected: list[str] = field(default_factory=list)
    exit_code: int = 0
    python: bool = False

    @property
    def name(self) -> str:
        """Return a short id for the test report."""
        text = "python block" if self.python else self.command.split("#")[0].strip()
        return f"L{self.line}: {text}"


def _parse_readme(text: str) -> tuple[list[Step], list[tuple[int, str]], list[tuple[int, str]]]:
    """Return the README's steps, its inline command-like code spans and its shell-language fences."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    steps: list[Step] = []
    inline: list[tuple[int, str]] = []
    fences: list[tuple[int, str]] = []
    section = ""
    for n, token in enumerate(tokens):
        if token.type == "heading_open":
            section = tokens[n + 1].content
        elif token.type == "fence":
            line = token.map[0] + 1 if token.map else 0
            language = token.info.strip().split(" ")[0]
            if language == "console":
                steps += _console_steps(token.content, section, line + 1)
            elif language == "python":
                steps.append(Step(section, line, token.content, python=True))
            elif language in ("sh", "bash", "shell", "zsh"):
                fences.append((line, language))
        elif token.type == "inline":
            line = token.map[0] + 1 if token.map else 0
            for child in token.children or []:
                if child.type == "code_inline" and COMMAND.match(child.content):
                    inline.append((line, " ".join(child.content.split())))
    return steps, inline, fences


def _console_steps(block: str, section: str, first_line: int) -> list[Step]:
    steps: list[Step] = []
    for offset, line in enumerate(block.splitlines()):
        if line.startswith("$ "):
            command = line[2:]
            found = EXIT_COMMENT.search(command)
            steps.append(Step(section, first_line + offset, command, [], int(found[1]) if found else 0))
        elif steps:
            steps[-1].expected.append(line.rstrip())
        elif line.strip():
            raise AssertionError(f"README.md:{first_line + offset}: console output before any `$ ` command")
    return steps


STEPS, INLINE, SHELL_FENCES = _parse_readme(README.read_text(encoding="utf-8"))


def _pattern(expected: list[str]) -> re.Pattern[str]:
    parts = []
    for line in expected:
        if line.strip() == "…":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append("[^\n]*?".join(re.escape(piece) for piece in line.split("…")) + r"\n")
    return re.compile("".join(parts))


def _normal(output: str) -> str:
    # A terminal shows the no-break and thin spaces of French text (U+00A0, U+202F, U+2009) as
    # spaces, and so does the README.
    output = output.translate({0x00A0: " ", 0x202F: " ", 0x2009: " "})
    lines = [line.rstrip() for line in output.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "".join(line + "\n" for line in lines)


def _matches(expected: list[str], output: str) -> bool:
    return _pattern(expected).fullmatch(_normal(output)) is not None


@dataclass
class Ran:
    """What a step did: its exit code and everything it printed."""

    exit_code: int
    output: str


class Copy:
    """A temporary copy of the repository in which the README's steps run, one after the other."""

    def __init__(self, root: Path, fork_log: Path) -> None:
        self.root = root
        self.fork_log = fork_log
        self.results: dict[int, Ran] = {}
        venv_bin = root / ".venv" / "bin"
        self.env = {
            **os.environ,
            "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}",
            "VIRTUAL_ENV": str(root / ".venv"),
            # Ahead of the editable install: the copy's own package, and the start-up hook.
            "PYTHONPATH": f"{SITE}{os.pathsep}{root}",
            "PYTHONUNBUFFERED": "1",  # stdout and stderr interleave as in a terminal
            "FACILITATOR_FORK_LOG": str(fork_log),
        }
        # As in a fresh terminal: not inside this pytest, nor inside the `make test` running it.
        for name in ("PYTEST_ADDOPTS", "PYTEST_CURRENT_TEST", "PYTHONHOME", "SOURCE_DATE_EPOCH"):
            self.env.pop(name, None)
        for name in [name for name in self.env if name.startswith("PYTEST_XDIST_")]:  # a worker's own
            self.env.pop(name)
        for name in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES", "MAKE_TERMOUT", "MAKE_TERMERR"):
            self.env.pop(name, None)

    def run_until(self, index: int) -> Ran:
        """Run every step up to `index` not yet run (README order), and return what step `index` did."""
        for i in range(index + 1):
            if i not in self.results:
                self.results[i] = self._run(STEPS[i])
        return self.results[index]

    def _run(self, step: Step) -> Ran:
        env = dict(self.env)
        if step.python:
            argv = [str(self.root / ".venv" / "bin" / "python"), "-c", step.command]
        else:
            argv = ["bash", "-c", step.command]
            if step.command.split()[:2] == ["make", "test"]:
                # The whole suite is what runs this: run ruff and one quick test, not the suite again.
                env["PYTEST_ADDOPTS"] = "-q -p no:cacheprovider -k test_help_lists_every_command"
                env["TEST_JOBS"] = "1"  # one test: no workers to start, each collecting the whole suite
                env.pop("FACILITATOR_FORK_LOG")
        if "^C" in step.expected:
            return self._interrupt(argv, env, step)
        done = subprocess.run(
            argv,
            cwd=self.root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=TIMEOUT,
        )
        return Ran(done.returncode, done.stdout)

    def _interrupt(self, argv: list[str], env: dict[str, str], step: Step) -> Ran:
        """Run a command until its output matches the lines above `^C`, then press Ctrl-C."""
        before = step.expected[: step.expected.index("^C")]
        process = subprocess.Popen(
            argv,
            cwd=self.root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # Ctrl-C reaches the whole foreground group, bash and facilitator
            preexec_fn=default_sigint,  # as in a terminal, also when the tests run as a background job
        )
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(process.stdout or []), daemon=True)
        reader.start()
        deadline = time.monotonic() + TIMEOUT
        while not _matches(before, "".join(lines)) and process.poll() is None:
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        seen = len(lines)
        with contextlib.suppress(ProcessLookupError):  # it may have ended by itself
            os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        reader.join(timeout=10)
        output = "".join(lines[:seen]) + "^C\n" + "".join(lines[seen:])
        return Ran(process.returncode, output)


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Copy:
    """A copy of the repository as a fresh clone has it, with this virtual environment as its `.venv`."""
    if sys.prefix == sys.base_prefix or not (Path(sys.prefix) / "bin" / "facilitator").is_file():
        pytest.fail("run the tests from the project's virtual environment (`make test`)")
    root = tmp_path_factory.mktemp("readme") / "facilitator"
    caches = shutil.ignore_patterns(*NOT_COPIED)

    def ignore(folder: str, names: list[str]) -> set[str]:
        top = NOT_COPIED_AT_TOP if Path(folder) == PROJECT else set()
        return caches(folder, names) | (top & set(names))

    shutil.copytree(PROJECT, root, ignore=ignore, symlinks=True)
    for built in (root / "output").iterdir():
        if built.name != ".gitkeep":
            shutil.rmtree(built) if built.is_dir() else built.unlink()
    # `.venv` is this environment, entry by entry, so that nothing the README runs writes into it;
    # its own `.installed` is newer than pyproject.toml and constraints.txt, so make keeps it.
    venv = root / ".venv"
    venv.mkdir()
    for entry in Path(sys.prefix).iterdir():
        if entry.name != ".installed":
            (venv / entry.name).symlink_to(entry)
    (venv / ".installed").touch()
    return Copy(root, tmp_path_factory.mktemp("forks") / "forks.log")


def test_the_readme_shows_commands():
    assert len([s for s in STEPS if not s.python]) >= 10
    assert any(s.command.startswith("make demo") for s in STEPS)


def test_every_shell_block_is_a_console_transcript():
    assert SHELL_FENCES == [], "write commands in ```console blocks (`$ ` lines and their output)"


@pytest.mark.parametrize("index", range(len(STEPS)), ids=[step.name for step in STEPS])
def test_readme_command(copy: Copy, index: int):
    step = STEPS[index]
    ran = copy.run_until(index)
    where = f"README.md:{step.line}: `{step.command}`"
    assert ran.exit_code == step.exit_code, f"{where} exited {ran.exit_code}\n{ran.output}"
    if not step.python or step.expected:
        expected = "\n".join(step.expected)
        assert _matches(step.expected, ran.output), (
            f"{where} printed:\n{ran.output}\nREADME shows:\n{expected}"
        )
    for written in re.findall(r"^(?:wrote|enregistré :) (\S+?);? ", _normal(ran.output), flags=re.M):
        path = copy.root / written
        assert path.is_file() and path.stat().st_size > 0, f"{where} says it wrote {written}"


def test_a_lone_workshop_built_through_the_fork_path(copy: Copy):
    """The README builds a lone workshop; its guide rendered in a forked process, into output/<id>."""
    copy.run_until(len(STEPS) - 1)
    forks = copy.fork_log.read_text(encoding="utf-8").splitlines() if copy.fork_log.exists() else []
    assert any(line.startswith("guide ") and line.split()[-1].startswith("output/") for line in forks), forks


def test_every_command_in_the_prose_is_run_or_a_synopsis():
    run = [step.command.split("#")[0].strip() for step in STEPS if not step.python]
    not_run = [
        f"README.md:{line}: `{span}`"
        for line, span in INLINE
        if not PLACEHOLDER.search(span)  # a synopsis, checked against --help below
        and not any(command == span or command.startswith(span + " ") for command in run)
    ]
    assert not_run == [], "not run by any ```console block: " + "; ".join(not_run)


def _synopses() -> list[tuple[int, str]]:
    return [
        (line, span) for line, span in INLINE if PLACEHOLDER.search(span) and span.startswith("facilitator")
    ]


@pytest.mark.parametrize(("line", "synopsis"), _synopses(), ids=[s for _line, s in _synopses()])
def test_every_synopsis_names_real_options(line: int, synopsis: str):
    from click.testing import CliRunner

    from facilitator.cli import cli

    words = synopsis.split()
    command = words[1] if len(words) > 1 and not PLACEHOLDER.search(words[1]) else None
    result = CliRunner().invoke(cli, [command, "--help"] if command else ["--help"])
    assert result.exit_code == 0, f"README.md:{line}: `{synopsis}`: {result.output}"
    for option in re.findall(r"--[a-z][a-z-]*", synopsis):
        assert option in result.output, f"README.md:{line}: `{synopsis}`: no {option} in --help"


def _yaml_workshops() -> list[tuple[int, str]]:
    tokens = MarkdownIt("commonmark").parse(README.read_text(encoding="utf-8"))
    found = []
    for token in tokens:
        if token.type == "fence" and token.info.strip() == "yaml":
            data = yaml.safe_load(token.content)
            if isinstance(data, dict) and "id" in data and ("agenda" in data or "extends" in data):
                found.append((token.map[0] + 1 if token.map else 0, token.content))
    return found


@pytest.mark.parametrize(
    ("line", "text"), _yaml_workshops(), ids=lambda v: f"L{v}" if isinstance(v, int) else ""
)
def test_every_workshop_in_the_readme_validates(tmp_path: Path, line: int, text: str):
    from facilitator import api

    folder = tmp_path / "workshops"
    folder.mkdir()
    (tmp_path / "workshop.schema.json").write_text("{}", encoding="utf-8")
    path = folder / "example.yaml"
    path.write_text(text, encoding="utf-8")
    errors = [d.format() for d in api.check(path) if d.severity == "error"]
    assert errors == [], f"README.md:{line}: the example workshop does not validate"
