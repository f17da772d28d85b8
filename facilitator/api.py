"""The pipeline as plain functions: load → validate → resolve → plan → render → write.

`from facilitator import build` gives the same result as the command line.
`check` and `load_plan` run the stages that read and plan a workshop (everything is
gathered and checked before anything is written); `build` hands the Plan to
`facilitator.build.runner`, which renders and writes it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from facilitator.build.runner import BuildResult, build_plan, build_plans, render_outputs
from facilitator.build.staging import write_outputs
from facilitator.errors import Diagnostic, FacilitatorError, capped, did_you_mean
from facilitator.planning.fit import fit_to_time, role_play_floor
from facilitator.planning.library import get_library
from facilitator.planning.plan import TIMING_CODES, Plan, make_plan
from facilitator.planning.safeguards import SAFEGUARD_CODES, agenda_key_problems
from facilitator.planning.theme import (
    contrast_warnings,
    load_theme,
    template_warnings,
    theme_asset_diagnostics,
)
from facilitator.text.glyphs import with_glyph_warnings
from facilitator.text.typography import french
from facilitator.workshop.derive import resolve_extends
from facilitator.workshop.languages import LANGUAGE_TAG, Languages, primary
from facilitator.workshop.merged import source_files
from facilitator.workshop.paths import BUILTIN_LIBRARY, workshop_path_diagnostics
from facilitator.workshop.schema import Workshop
from facilitator.workshop.source import SourceDoc, load_source
from facilitator.workshop.validate import check_model
from facilitator.workshop.variables import VariableLibrary, substitute_workshop

__all__ = [
    "BuildResult",
    "build",
    "build_plan",
    "build_plans",
    "check",
    "declared_language",
    "get_library",
    "library_roots",
    "load_plan",
    "plan_with_problems",
    "render_outputs",
    "workshop_library_folders",
    "write_outputs",
]


def library_roots(workshop: Workshop, workshop_path: Path) -> list[Path]:
    """Return the library folders a workshop draws on: the built-in one, then its own."""
    base = workshop_path.parent
    return [BUILTIN_LIBRARY] + [(base / folder).resolve() for folder in workshop.library]


def _retime(
    workshop: Workshop, doc: SourceDoc, start: dt.time | None, end: dt.time | None
) -> tuple[Workshop, int | None, list[Diagnostic]]:
    """Return the workshop starting at `start` (when given) and the duration that ends it at `end`.

    A late start shifts every clock time; an `end` as well turns into the duration the
    agenda is fitted to (a session may run past midnight).
    """
    if start is not None:
        workshop = workshop.model_copy(update={"start": start})
    if end is None:
        return workshop, None, []
    begins = workshop.start.hour * 60 + workshop.start.minute
    minutes = (end.hour * 60 + end.minute - begins) % (24 * 60)
    if minutes < 5:
        problem = doc.diagnostic(
            ("start",),
            f"--end {end:%H:%M} leaves {minutes} minutes after the start at {workshop.start:%H:%M}; "
            "give an end at least 5 minutes later",
            "option.end",
        )
        return workshop, None, [problem]
    return workshop, minutes, []


def workshop_library_folders(path: Path | str) -> list[Path]:
    """Return the library folders a workshop file names (after `extends:`), without checking the rest.

    A folder that is not there raises FacilitatorError saying so, with the closest one that is.
    """
    path = Path(path)
    doc, problems = resolve_extends(load_source(path))
    named = doc.data.get("library") if isinstance(doc.data, dict) else None
    folders = [f for f in named if isinstance(f, str)] if isinstance(named, list) else []
    for i, folder in enumerate(folders):
        if not (path.parent / folder).is_dir():
            problems.append(doc.diagnostic(("library", i), _no_folder(folder, path.parent), "ref.folder"))
    if any(d.severity == "error" for d in problems):
        raise FacilitatorError([d for d in problems if d.severity == "error"])
    return [(path.parent / folder).resolve() for folder in folders]


def _no_folder(folder: str, base: Path) -> str:
    """The message for a library folder that is not there, with the closest folder that is."""
    nearby = (
        [p.name for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")] if base.is_dir() else []
    )
    return (
        f"no folder '{folder}' next to this file{did_you_mean(Path(folder).name, nearby)}; "
        "the items it holds are not looked up until it is found"
    )


def _diagnose(
    path: Path,
    allow_outside: bool = False,
    fit: bool = False,
    duration: int | None = None,
    start: dt.time | None = None,
    end: dt.time | None = None,
    language: str | None = None,
) -> tuple[Plan | None, list[Diagnostic]]:
    doc = load_source(path)
    doc, diagnostics = resolve_extends(doc, allow_outside=allow_outside)
    doc, languages, retold = _languages(doc, language)
    doc, variables, filled_problems = substitute_workshop(doc)
    diagnostics += filled_problems
    workshop, problems = check_model(doc, Workshop, languages)
    diagnostics += problems
    if workshop is None:
        return None, diagnostics
    if retold:  # the same workshop in another language builds into a folder of its own
        workshop = workshop.model_copy(update={"id": f"{workshop.id}-{languages.wanted.lower()}"})
    workshop, until_end, timing_problems = _retime(workshop, doc, start, end)
    if timing_problems:
        return None, diagnostics + timing_problems
    option = "--end" if until_end is not None else "--duration" if duration is not None else None
    duration = until_end if until_end is not None else duration
    outside = workshop_path_diagnostics(doc, workshop, path.parent, allow_outside=allow_outside)
    if outside:  # refuse before reading anything from outside the workshop's folders
        return None, diagnostics + outside
    missing = [folder for folder in workshop.library if not (path.parent / folder).resolve().is_dir()]
    for folder in missing:
        i = workshop.library.index(folder)
        diagnostics.append(doc.diagnostic(("library", i), _no_folder(folder, path.parent), "ref.folder"))
    roots = [r for r in library_roots(workshop, path) if r.is_dir()]
    library, library_problems = get_library(roots, languages)
    diagnostics += library_problems
    diagnostics += agenda_key_problems(workshop, doc)
    # The print font's check reads the text as written, each at its own line (the fitted document
    # re-maps only the positions of the kept segments; a merged break prints what each break said).
    written = doc
    # Fitting needs the library: a role-play's shortest workable length depends on its intensity.
    workshop, doc, fit_problems, merged = fit_to_time(
        workshop, doc, fit=fit, duration=duration, option=option, scenario_floor=role_play_floor(library)
    )
    diagnostics += fit_problems
    cannot_fit = any(d.code == "fit.impossible" for d in fit_problems)
    try:
        theme = load_theme(workshop.theme, path.parent, allow_outside=allow_outside)
    except FacilitatorError as exc:
        return None, diagnostics + exc.diagnostics
    diagnostics += contrast_warnings(theme, doc, workshop.theme, path.parent)
    assets = theme_asset_diagnostics(theme, workshop.theme, doc)
    diagnostics += assets
    if theme.template and not any(d.code == "asset.template" for d in assets):
        diagnostics += template_warnings(theme, doc, workshop.theme, path.parent)
    inputs = (*source_files(doc), *library.files)
    filled = VariableLibrary(library, variables)
    filled.incomplete = bool(missing)  # its items cannot be looked up: the folder's error says why
    plan, plan_problems = make_plan(
        workshop,
        doc,
        filled,  # type: ignore[arg-type]
        theme,
        inputs,
        check_total=not cannot_fit,
        merged=merged,
    )
    diagnostics += plan_problems + filled.diagnostics
    font_broken = any(d.code == "asset.font" for d in assets)  # its character map is not read
    if plan is not None and not font_broken:  # characters the print font cannot draw, with file:line
        plan, glyph_warnings = with_glyph_warnings(written, plan, library)
        diagnostics += glyph_warnings
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:  # beside an error, notes and the safeguards' advice only distract from it
        diagnostics = [d for d in diagnostics if d.severity != "note" and d.code not in SAFEGUARD_CODES]
    if plan is None or any(d.code not in TIMING_CODES for d in errors):
        return None, diagnostics
    # An agenda that does not fit its duration still has a Plan, for `agenda` to show beside the error.
    # Every warning and note rides on the Plan (not only the planner's), so that build and agenda print them.
    warnings = tuple(dict.fromkeys(d for d in diagnostics if d.severity in ("warning", "note")))
    return dataclasses.replace(plan, warnings=warnings), diagnostics  # type: ignore[arg-type]


def _languages(doc: SourceDoc, language: str | None) -> tuple[SourceDoc, Languages, bool]:
    """Return the document (in `language`, if given), how to pick its texts, and whether it was retold.

    A workshop's plain texts are in its own `language:` (English by default); `language`
    builds it in another, whose texts it picks where the file gives them per language.
    """
    data = doc.data if isinstance(doc.data, dict) else {}
    own = data.get("language")
    written = own if isinstance(own, str) and LANGUAGE_TAG.match(own) else "en"
    wanted = language or written
    typeset = french if primary(wanted) == "fr" else None
    retold = language is not None and language.lower() != written.lower()
    if retold:
        doc = dataclasses.replace(doc, data={**data, "language": language})
    return doc, Languages(wanted, written, typeset), retold


def declared_language(path: Path | str, *, language: str | None = None, allow_outside: bool = False) -> str:
    """Return the language tag a workshop is built in: `language` when given, else its `language:`.

    The `language:` may come from a file it extends; a workshop that says none, or
    that cannot be read, is in English. The command line prints its lines about a
    workshop (what a build wrote, `validate`'s verdict, the watch) in this language;
    a build already knows it (`plan.workshop.language`), so this reads the file only
    for a line that has no plan behind it.
    """
    if language is not None:
        return language
    try:
        doc, _problems = resolve_extends(load_source(Path(path)), allow_outside=allow_outside)
    except FacilitatorError:
        return "en"
    return _languages(doc, None)[1].wanted


def check(path: Path | str, *, allow_outside: bool = False, language: str | None = None) -> list[Diagnostic]:
    """Return every diagnostic (errors, warnings and notes) for a workshop file, without building.

    With `allow_outside`, the workshop may name files outside its own folder tree; with
    `language`, it is checked as built in that language. Past `MAX_DIAGNOSTICS` (100), one
    last diagnostic says how many more there are.
    """
    try:
        return capped(_diagnose(Path(path), allow_outside, language=language)[1])
    except FacilitatorError as exc:
        return capped(exc.diagnostics)


def plan_with_problems(
    path: Path | str,
    *,
    allow_outside: bool = False,
    fit: bool = False,
    duration: int | None = None,
    start: dt.time | None = None,
    end: dt.time | None = None,
    language: str | None = None,
) -> tuple[Plan, list[Diagnostic]]:
    """Return the Plan and its errors even when the agenda does not fit its duration (for `agenda`).

    The run-of-show of an agenda that runs over can still be shown, with the error
    under it. Any other error raises FacilitatorError, as `load_plan` does.
    """
    plan, diagnostics = _diagnose(Path(path), allow_outside, fit, duration, start, end, language)
    errors = [d for d in diagnostics if d.severity == "error"]
    if plan is None:
        raise FacilitatorError(errors or diagnostics)
    return plan, errors


def load_plan(
    path: Path | str,
    *,
    strict: bool = False,
    allow_outside: bool = False,
    fit: bool = False,
    duration: int | None = None,
    start: dt.time | None = None,
    end: dt.time | None = None,
    language: str | None = None,
) -> Plan:
    """Return the Plan of a workshop file, or raise FacilitatorError with every problem found.

    With `fit` (or a `duration`, which replaces the file's), the agenda is fitted to time.
    A `start` replaces the file's start time and shifts every clock time (a late start);
    an `end` fits the agenda between the start and that clock time. A `language` (a tag
    such as `fr` or `fr-CA`) builds the workshop in that language, as `<id>-<language>`.
    """
    try:
        plan, diagnostics = _diagnose(Path(path), allow_outside, fit, duration, start, end, language)
    except FacilitatorError as exc:
        raise FacilitatorError(capped(exc.diagnostics)) from None
    errors = [d for d in diagnostics if d.severity == "error"]
    if strict:
        errors += [d.as_error() for d in diagnostics if d.severity == "warning"]
    if errors or plan is None:
        raise FacilitatorError(capped(errors or diagnostics))
    return plan


def build(
    path: Path | str,
    out: Path | str = "output",
    *,
    only: list[str] | None = None,
    strict: bool = False,
    allow_outside: bool = False,
    paper: str | None = None,
    large_print: bool = False,
    force: bool = False,
    fit: bool = False,
    parallel: bool = True,
    start: dt.time | None = None,
    end: dt.time | None = None,
    ics: str | None = None,
    language: str | None = None,
    slides_per_page: int | None = None,
) -> BuildResult:
    """Build a workshop's outputs into `out/<workshop id>/`; return what was written.

    `paper` (`a4` or `letter`) overrides the workshop's paper size for PDFs;
    `large_print` makes the PDFs in large print (body text 18 pt or more).
    When the inputs have not changed since the last build, nothing is written and
    `result.up_to_date` is True; `force` rebuilds anyway. With `parallel` (the default)
    and several cores, the outputs are rendered in two processes at once. `start` and `end`
    retime the session as in `load_plan`; `language` builds it in another language, into
    `out/<workshop id>-<language>/`. `ics="segments"` puts an event per segment in
    session.ics as well as the session's. `slides_per_page` (3, the default, or 6) lays
    out slides-handout.pdf.
    """
    plan = load_plan(
        path, strict=strict, allow_outside=allow_outside, fit=fit, start=start, end=end, language=language
    )
    return build_plan(
        plan,
        out,
        only=only,
        force=force,
        parallel=parallel,
        paper=paper,
        large_print=large_print or None,
        ics=ics,
        slides_per_page=slides_per_page,
    )
