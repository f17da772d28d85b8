"""The package's folders are its pipeline: imports run one way, from the shell down to the errors.

A module may import from its own stage or a lower one, never a higher one, and no
set of modules may import each other in a cycle (imports inside functions count too:
they are cycles waiting for the first caller). Renderers read the Plan only: they
never import another renderer, nor the modules that read YAML.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from facilitator.render import RENDERERS

PACKAGE = Path(__file__).resolve().parent.parent / "facilitator"

# Stages from the bottom up. A module's stage is its sub-package (or, at the top level, its name).
STAGES = {
    "facilitator.errors": 0,
    "facilitator.workshop": 1,  # reading and checking a workshop file and what it names
    "facilitator.text": 2,  # markup, wording, fonts, measuring and wrapping
    "facilitator.planning": 3,  # library, theme, fit, the Plan
    "facilitator.render": 4,  # one renderer per output family, over the Plan
    "facilitator.build": 5,  # staging, the second process, the manifest
    "facilitator.api": 6,  # the pipeline: check, load_plan, build
    "facilitator.authoring": 7,  # new, import, the YAML reference
    "facilitator.cli": 8,  # the shell
    "facilitator.shell": 8,  # what its commands share
    "facilitator.watch": 8,
    "facilitator.environment": 8,  # the project's .venv brought up to date before a command
    "facilitator.__main__": 8,
}
# Modules of the reading stage that a renderer must never need: it gets a finished Plan.
READING = {
    "facilitator.workshop.source",
    "facilitator.workshop.derive",
    "facilitator.workshop.merged",
    "facilitator.workshop.agenda_edits",
    "facilitator.workshop.variables",
    "facilitator.workshop.validate",
    "facilitator.workshop.paths",
    "facilitator.planning.library",
    "facilitator.planning.fit",
}


def module_name(path: Path) -> str:
    """Return the dotted name of a module file of the package."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    """Return every module of the package by dotted name."""
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def stage(name: str) -> int:
    """Return the stage of a module; the package root (`__version__`) is at the bottom."""
    if name == "facilitator":
        return 0
    for prefix, rank in STAGES.items():
        if name == prefix or name.startswith(prefix + "."):
            return rank
    raise AssertionError(f"{name} is in no stage; add its folder to STAGES in this test")


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Return the package modules that module `name` imports, anywhere in its code."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("facilitator")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("facilitator"):
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in known else node.module)
    return found - {name}


def graph() -> dict[str, set[str]]:
    """Return module -> the package modules it imports (the package root's lazy façade left out)."""
    known = modules()
    edges = {name: imports(name, path, known) for name, path in known.items()}
    edges["facilitator"] = set()  # `facilitator.build` etc. are re-exported lazily from the api
    return edges


GRAPH = graph()


def test_every_module_is_in_a_stage() -> None:
    for name in GRAPH:
        stage(name)


def upward(graph: dict[str, set[str]], name: str) -> list[str]:
    """Return the modules `name` imports from a higher stage than its own."""
    return sorted(target for target in graph[name] if stage(target) > stage(name))


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the import cycles of `graph`, each as the trail of modules that closes on itself."""
    found: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(graph.get(name, ())):
            if state.get(target) == "open":
                found.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    return found


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_imports_run_down_the_stages(name: str) -> None:
    assert not upward(GRAPH, name), (
        f"{name} (stage {stage(name)}) imports a higher stage: {upward(GRAPH, name)}"
    )


def test_no_import_cycles() -> None:
    found = cycles(GRAPH)
    assert not found, "import cycles: " + "; ".join(" → ".join(cycle) for cycle in found)


@pytest.mark.parametrize("renderer", sorted(RENDERERS.values()))
def test_a_renderer_reads_only_the_plan(renderer: str) -> None:
    others = set(RENDERERS.values()) - {renderer}
    assert not GRAPH[renderer] & others, f"{renderer} imports another renderer"
    assert not GRAPH[renderer] & READING, f"{renderer} reads input files: {GRAPH[renderer] & READING}"


def test_the_checks_find_what_they_look_for() -> None:
    """The cycle of issue 15 (theme → template renderer → theme) and an upward import are caught."""
    knot = {
        "facilitator.planning.theme": {"facilitator.render.pptx_template"},
        "facilitator.render.pptx_template": {"facilitator.planning.theme"},
    }
    assert upward(knot, "facilitator.planning.theme") == ["facilitator.render.pptx_template"]
    assert cycles(knot) == [
        ["facilitator.planning.theme", "facilitator.render.pptx_template", "facilitator.planning.theme"]
    ]
    assert "facilitator.workshop.source" in GRAPH["facilitator.api"]  # the walk sees real imports


def test_the_readme_layout_names_every_module_and_only_real_ones() -> None:
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Layout of the project") :]
    section = section[section.index("```text") : section.index("\n```\n")]  # the tree itself
    files = {path.name for path in PACKAGE.rglob("*.py") if path.name not in ("__init__.py", "__main__.py")}
    named = set(re.findall(r"\b([a-z0-9_]+\.py)\b", section)) - {"__init__.py"}
    assert sorted(name for name in files if name not in named) == [], "modules missing from the README layout"
    assert sorted(named - files) == [], "the README layout names modules that are not in the package"
