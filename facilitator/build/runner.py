"""Render a checked Plan and write its outputs: renderers in order, files staged, renamed at the end.

`build_plan` builds one workshop (its guide in a second process when there are cores to
spare, see `facilitator.build.fork`); `build_plans` builds several, a process per core.
"""

from __future__ import annotations

import gc
import importlib
import inspect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitator.build import fork
from facilitator.build.manifest import MANIFEST_NAME
from facilitator.build.staging import Staging, check_out_dir
from facilitator.errors import BuildError, Diagnostic
from facilitator.planning.plan import Plan
from facilitator.render import RENDERERS, Output

_LARGE = 1 << 20  # bytes of output past which a renderer's leftovers are worth freeing at once
_malloc_trim: Any = None  # glibc's malloc_trim, False where there is none; see `_release_memory`
# The renderers a second process runs when a single workshop builds on several cores, chosen so
# that the two take about as long: this one renders the deck, the notes pages and the slides handout
# (all three from the slide model, with the slide fonts), the calendar and the HTML pages; the other
# the guide, the handout and the printables.
FORKED = ("guide", "handout", "printables")
# Imported before forking, so that the two processes share them rather than each import them: the
# PDF kit, and reportlab under it (both lay out PDFs: notes.pdf here, the guide's PDF there).
SHARED_IMPORTS = ("facilitator.render.pdfkit",)
PARALLEL_MAX_SEGMENTS = 400  # larger workshops render in one process (memory, see build_plan)


@dataclass
class BuildResult:
    """What one workshop's build wrote, and the warnings it raised."""

    workshop_id: str
    out_dir: Path
    written: list[tuple[Path, str]] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    up_to_date: bool = False  # True when nothing was written because nothing had changed


def render_outputs(plan: Plan, only: list[str] | None = None, **options: object) -> list[Output]:
    """Run the chosen renderers (all by default) and return their files, writing nothing.

    `options` (such as `paper="a4"` or `large_print=True`) go to each renderer
    whose `render` accepts them; `None` values are left out.
    """
    outputs: list[Output] = []
    for name in renderer_names(only):
        outputs += _render(plan, name, options)
    return outputs


def renderer_names(only: list[str] | None) -> list[str]:
    """Return the renderers to run (all by default), refusing a name that is not one."""
    names = only or list(RENDERERS)
    for name in names:
        if name not in RENDERERS:
            raise BuildError(f"unknown output '{name}'; choose from: {', '.join(RENDERERS)}")
    return names


def _render(plan: Plan, name: str, options: dict[str, object]) -> list[Output]:
    """Run one renderer, passing it the `options` its `render` accepts."""
    module = importlib.import_module(RENDERERS[name])
    accepted = inspect.signature(module.render).parameters
    kwargs = {k: v for k, v in options.items() if v is not None and k in accepted}
    return module.render(plan, **kwargs)


def _release_memory() -> None:
    """Free what the last renderer left behind, and hand it back to the system.

    python-pptx's objects refer to each other in cycles, so a deck's XML tree
    waits for the garbage collector; and glibc keeps freed heap pages unless
    asked (`malloc_trim`, called where it exists). A 1,000-slide deck leaves
    ~90 MB behind that the PDFs would otherwise be laid out on top of.
    """
    global _malloc_trim
    gc.collect()
    if _malloc_trim is None:
        try:
            import ctypes

            _malloc_trim = ctypes.CDLL(None).malloc_trim
        except (OSError, AttributeError, ImportError):  # not glibc
            _malloc_trim = False
    if _malloc_trim:
        _malloc_trim(0)


def build_plan(
    plan: Plan,
    out: Path | str,
    *,
    only: list[str] | None = None,
    force: bool = False,
    parallel: bool = True,
    **options: object,
) -> BuildResult:
    """Render `plan` and write its outputs into `out/<id>/`, unless they are already up to date.

    Up to date means the manifest there records the same fingerprint of the inputs
    and options, and every output it lists is unaltered; `force` rebuilds anyway.
    With `parallel` (the default) and more than one core, the guide is rendered in a
    forked process while this one renders the rest (see `fork.Child`); the files are the same.
    """
    from facilitator.build.manifest import fingerprint, manifest_from_digests, up_to_date

    out_dir = Path(out) / plan.workshop.id
    check_out_dir(out_dir, force=force)  # before reading anything there: never through a link
    result = BuildResult(plan.workshop.id, out_dir, warnings=list(plan.warnings))
    options = {k: v for k, v in options.items() if v is not None}
    stamp = fingerprint(plan, {"only": sorted(only or RENDERERS), **options})
    if not force and up_to_date(out_dir, stamp):
        result.up_to_date = True
        return result
    # Each renderer's files go to temporary files as soon as it is done, and their bytes are let
    # go, so a large workshop never holds every output in memory at once; the renames into
    # place come only once every renderer has succeeded (see `staging.write_outputs`).
    digests: dict[str, str] = {}
    names = renderer_names(only)
    # A forked copy holds its own memory: past a few hundred segments the two processes together
    # would pass the 200 MB a 1,000-slide build may use, so a large workshop renders in one.
    small = len(plan.segments) <= PARALLEL_MAX_SEGMENTS
    parallel = parallel and small and len(names) > 1 and fork.can_fork()
    forked = [name for name in names if parallel and name in FORKED]
    if len(forked) == len(names):  # nothing left for this process to do meanwhile
        forked = []
    here = [name for name in names if name not in forked]
    with Staging(out_dir, force=force) as staging:
        child = None
        if forked:
            for module in SHARED_IMPORTS:
                importlib.import_module(module)

            def work(child_staging: Staging, child_digests: dict[str, str]) -> dict[str, list[str]]:
                return {name: _stage(plan, name, options, child_staging, child_digests) for name in forked}

            child = fork.Child(work, staging, forked)
        try:
            rendered: dict[str, list[str]] = {}  # renderer -> the names of its outputs
            for name in here:
                rendered[name] = _stage(plan, name, options, staging, digests)
                if name != here[-1] and staging.staged_size(rendered[name]) > _LARGE:
                    _release_memory()  # e.g. a large deck's XML tree, before the PDFs are laid out
            if child is not None:
                staged, child_digests, child_rendered = child.result()
                staging.adopt(staged)
                digests.update(child_digests)
                rendered.update(child_rendered)
        except BaseException:
            if child is not None:
                child.stop()
                if not child.reported:
                    staging.remove_own()  # whatever it had staged when it stopped
            raise
        # Renamed (and reported) in the renderers' order, as a build in one process does.
        order = {output: i for i, name in enumerate(names) for output in rendered[name]}
        staging.staged.sort(key=lambda entry: order[entry[0]])
        staging.add(MANIFEST_NAME, manifest_from_digests(stamp, digests).encode("utf-8"), "build manifest")
        result.written = staging.commit()
    return result


def _stage(
    plan: Plan, name: str, options: dict[str, object], staging: Staging, digests: dict[str, str]
) -> list[str]:
    """Render with one renderer and stage its files, recording their digests; return their names."""
    from facilitator.build.manifest import output_digest

    outputs = _render(plan, name, options)
    for output in outputs:
        staging.check(output.name)
    written = []
    while outputs:
        output = outputs.pop(0)
        digests[output.name] = output_digest(output.data)
        staging.add(output.name, output.data, output.summary)
        written.append(output.name)
        del output
    return written


def build_plans(
    plans: list[Plan], out: Path | str, *, jobs: int | None = None, **kwargs: object
) -> list[BuildResult]:
    """Build several checked plans (see `build_plan`), one process per core when there are several.

    `jobs` caps the number of processes (default: the number of cores; 1 builds in this process,
    each workshop's renderers one after the other). A lone workshop renders in parallel itself.
    """
    ids = [plan.workshop.id for plan in plans]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise BuildError(f"two workshops have the id {', '.join(twice)}; each needs its own output folder")
    workers = min(len(plans), jobs or fork.cores())
    if workers <= 1:
        kwargs.setdefault("parallel", jobs != 1)
        return [build_plan(plan, out, **kwargs) for plan in plans]  # type: ignore[arg-type]
    kwargs["parallel"] = False  # a process per workshop already keeps every core busy
    only = kwargs.get("only")
    for name in only if isinstance(only, list) else RENDERERS:
        if name in RENDERERS:  # import once here, so forked workers share the loaded libraries
            importlib.import_module(RENDERERS[name])
    from concurrent.futures import ProcessPoolExecutor  # only here: it costs an import otherwise

    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(build_plan, plan, out, **kwargs) for plan in plans]
        return [future.result() for future in futures]
