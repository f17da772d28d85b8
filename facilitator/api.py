"""The pipeline as plain functions: load → validate → resolve → plan → render → write.

`from facilitator import build` gives the same result as the command line.
Everything is gathered and checked before anything is written.
"""

from __future__ import annotations

import importlib
import inspect
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from facilitator.assets import theme_asset_diagnostics
from facilitator.derive import resolve_extends, source_files
from facilitator.errors import BuildError, Diagnostic, FacilitatorError
from facilitator.fit import fit_to_time
from facilitator.glyphs import with_glyph_warnings
from facilitator.library import BUILTIN_LIBRARY, Library, library_files, load_library
from facilitator.paths import workshop_path_diagnostics
from facilitator.plan import Plan, make_plan
from facilitator.render import RENDERERS, Output
from facilitator.schema import Workshop
from facilitator.source import load_source
from facilitator.theme import contrast_warnings, load_theme
from facilitator.validate import check_model
from facilitator.variables import VariableLibrary, substitute_workshop

_library_cache: dict[tuple, tuple[Library, list[Diagnostic]]] = {}


@dataclass
class BuildResult:
    """What one workshop's build wrote, and the warnings it raised."""

    workshop_id: str
    out_dir: Path
    written: list[tuple[Path, str]] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def library_roots(workshop: Workshop, workshop_path: Path) -> list[Path]:
    """Return the library folders a workshop draws on: the built-in one, then its own."""
    base = workshop_path.parent
    return [BUILTIN_LIBRARY] + [(base / folder).resolve() for folder in workshop.library]


def get_library(roots: list[Path]) -> tuple[Library, list[Diagnostic]]:
    """Return the library under `roots`, re-reading it only when one of its files changed."""
    signature = []
    for root in roots:
        for _kind, path in library_files(root):
            stat = path.stat()
            signature.append((str(path), stat.st_mtime_ns, stat.st_size))
    key = (tuple(map(str, roots)), tuple(signature))
    if key not in _library_cache:
        _library_cache.clear()
        _library_cache[key] = load_library(roots)
    return _library_cache[key]


def _diagnose(
    path: Path, allow_outside: bool = False, fit: bool = False, duration: int | None = None
) -> tuple[Plan | None, list[Diagnostic]]:
    doc = load_source(path)
    doc, diagnostics = resolve_extends(doc, allow_outside=allow_outside)
    doc, variables, filled_problems = substitute_workshop(doc)
    diagnostics += filled_problems
    workshop, problems = check_model(doc, Workshop)
    diagnostics += problems
    if workshop is None:
        return None, diagnostics
    workshop, doc, fit_problems = fit_to_time(workshop, doc, fit=fit, duration=duration)
    diagnostics += fit_problems
    outside = workshop_path_diagnostics(doc, workshop, path.parent, allow_outside=allow_outside)
    if outside:  # refuse before reading anything from outside the workshop's folders
        return None, diagnostics + outside
    missing = [folder for folder in workshop.library if not (path.parent / folder).resolve().is_dir()]
    for folder in missing:
        i = workshop.library.index(folder)
        diagnostics.append(
            doc.diagnostic(("library", i), f"no folder '{folder}' next to this file", "ref.folder")
        )
    roots = [r for r in library_roots(workshop, path) if r.is_dir()]
    library, library_problems = get_library(roots)
    diagnostics += library_problems
    try:
        theme = load_theme(workshop.theme, path.parent, allow_outside=allow_outside)
    except FacilitatorError as exc:
        return None, diagnostics + exc.diagnostics
    diagnostics += contrast_warnings(theme, doc.shown_path)
    diagnostics += theme_asset_diagnostics(theme, workshop.theme, doc)
    inputs = (*source_files(doc), *library.files)
    filled = VariableLibrary(library, variables)
    plan, plan_problems = make_plan(workshop, doc, filled, theme, inputs)  # type: ignore[arg-type]
    diagnostics += plan_problems + filled.diagnostics
    if plan is not None:  # characters the print font cannot draw, named with file:line
        plan, glyph_warnings = with_glyph_warnings(doc, plan, library)
        diagnostics += glyph_warnings
    if any(d.severity == "error" for d in diagnostics):
        return None, diagnostics
    return plan, diagnostics


def check(path: Path | str, *, allow_outside: bool = False) -> list[Diagnostic]:
    """Return every diagnostic (errors and warnings) for a workshop file, without building.

    With `allow_outside`, the workshop may name files outside its own folder tree.
    """
    try:
        return _diagnose(Path(path), allow_outside)[1]
    except FacilitatorError as exc:
        return exc.diagnostics


def load_plan(
    path: Path | str,
    *,
    strict: bool = False,
    allow_outside: bool = False,
    fit: bool = False,
    duration: int | None = None,
) -> Plan:
    """Return the Plan of a workshop file, or raise FacilitatorError with every problem found.

    With `fit` (or a `duration`, which replaces the file's), the agenda is fitted to time.
    """
    plan, diagnostics = _diagnose(Path(path), allow_outside, fit, duration)
    errors = [d for d in diagnostics if d.severity == "error"]
    if strict:
        errors += [d.as_error() for d in diagnostics if d.severity == "warning"]
    if errors or plan is None:
        raise FacilitatorError(errors or diagnostics)
    return plan


def render_outputs(plan: Plan, only: list[str] | None = None, **options: object) -> list[Output]:
    """Run the chosen renderers (all by default) and return their files, writing nothing.

    `options` (such as `paper="a4"` or `large_print=True`) go to each renderer
    whose `render` accepts them; `None` values are left out.
    """
    names = only or list(RENDERERS)
    outputs: list[Output] = []
    for name in names:
        if name not in RENDERERS:
            raise BuildError(f"unknown output '{name}'; choose from: {', '.join(RENDERERS)}")
        module = importlib.import_module(RENDERERS[name])
        accepted = inspect.signature(module.render).parameters
        kwargs = {k: v for k, v in options.items() if v is not None and k in accepted}
        outputs += module.render(plan, **kwargs)
    return outputs


def write_outputs(outputs: list[Output], out_dir: Path) -> list[tuple[Path, str]]:
    """Write each output to a temporary file beside its target, then rename them all into place."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path, str]] = []
    try:
        for output in outputs:
            fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=out_dir)
            with os.fdopen(fd, "wb") as handle:
                handle.write(output.data)
                handle.flush()
                os.fsync(handle.fileno())
            staged.append((output.name, Path(tmp), output.summary))
        written = []
        for name, tmp, summary in staged:
            target = out_dir / name
            os.replace(tmp, target)
            written.append((target, summary))
        return written
    finally:
        for _name, tmp, _summary in staged:
            tmp.unlink(missing_ok=True)


def build(
    path: Path | str,
    out: Path | str = "output",
    *,
    only: list[str] | None = None,
    strict: bool = False,
    allow_outside: bool = False,
    paper: str | None = None,
    large_print: bool = False,
    fit: bool = False,
) -> BuildResult:
    """Build a workshop's outputs into `out/<workshop id>/`; return what was written.

    `paper` (`a4` or `letter`) overrides the workshop's paper size for PDFs;
    `large_print` makes the PDFs in large print (body text 18 pt or more).
    """
    plan = load_plan(path, strict=strict, allow_outside=allow_outside, fit=fit)
    out_dir = Path(out) / plan.workshop.id
    outputs = render_outputs(plan, only, paper=paper, large_print=large_print or None)
    result = BuildResult(plan.workshop.id, out_dir, warnings=list(plan.warnings))
    result.written = write_outputs(outputs, out_dir)
    return result
