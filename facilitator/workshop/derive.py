"""Derived workshops: `extends:` a ready workshop (or a file), override its keys, edit its agenda by id.

    extends: allyship-practice        # a ready workshop's id, or a path such as ./base.yaml
    title: Allyship at Riverside      # any key given here replaces the parent's
    agenda_edits:                     # applied in order; segment ids as `facilitator agenda` shows them
      - remove: check-in
      - replace: family-dinner
        with: {scenario: meeting-credit, minutes: 20}
      - insert_after: welcome
        segment: {primer: privilege, minutes: 10}
      - set: break
        minutes: 15
        notes: Tea and coffee in the foyer.

A derived file that gives its own `agenda:` replaces the parent's (edits then
apply to it). `variables:` merge key by key. Chains of `extends` work; a cycle
is an error naming the files.

Merging happens on the parsed data before validation. The result is a
`MergedDoc` (`facilitator.workshop.merged`) that remembers, for every value, the
file and line it came from, so an error in an inherited segment points into the
parent file. The agenda edits are applied by `facilitator.workshop.agenda_edits`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from facilitator.errors import (
    Diagnostic,
    FacilitatorError,
    did_you_mean,
    display_path,
    short,
)
from facilitator.workshop.agenda_edits import apply_edits
from facilitator.workshop.merged import MergedDoc
from facilitator.workshop.paths import WORKSHOPS_DIR, OutsideError, confine
from facilitator.workshop.source import Loc, SourceDoc, load_source

DERIVE_KEYS = ("extends", "agenda_edits")
# How many files deep `extends` may go; checked before the next file is read.
MAX_EXTENDS = 16


def ready_workshops() -> list[str]:
    """Return the ids of the ready workshops in `workshops/`."""
    return sorted(p.stem for p in WORKSHOPS_DIR.glob("*.yaml"))


def find_parent(doc: SourceDoc, *, allow_outside: bool = False) -> Path:
    """Return the file that `doc`'s `extends:` names, or raise FacilitatorError.

    A path must stay inside the workshop's folder tree or the project's assets/ and
    workshops/ unless `allow_outside` (see `facilitator.workshop.paths.confine`).
    """
    value = doc.data["extends"]
    if not isinstance(value, str) or not value.strip():
        raise FacilitatorError(
            [
                doc.diagnostic(
                    ("extends",),
                    "expected a ready workshop's id or a path to a workshop file",
                    "derive.extends",
                )
            ]
        )
    value = value.strip()
    if value.endswith((".yaml", ".yml")) or "/" in value or "\\" in value:
        try:
            path = confine(value, doc.path.parent, allow_outside=allow_outside)
        except OutsideError as exc:
            raise FacilitatorError([doc.diagnostic(("extends",), str(exc), exc.code)]) from None
        if not path.is_file():
            message = f"no workshop file {display_path(path)}"
            raise FacilitatorError([doc.diagnostic(("extends",), message, "derive.extends")])
        return path
    for folder in (doc.path.parent, WORKSHOPS_DIR):  # a workshop beside this one, then a ready one
        candidate = folder / f"{value}.yaml"
        if candidate.is_file() and candidate.resolve() != doc.path.resolve():
            try:  # a link beside the workshop (or among the ready ones) may not lead out
                return confine(candidate.name, folder, allow_outside=allow_outside, within=[folder])
            except OutsideError as exc:
                raise FacilitatorError([doc.diagnostic(("extends",), str(exc), exc.code)]) from None
    ready = ready_workshops()
    message = (
        f"no ready workshop '{value}'{did_you_mean(value, ready)}; ready ones: {', '.join(ready)} "
        "(or give a path such as ./base.yaml)"
    )
    raise FacilitatorError([doc.diagnostic(("extends",), message, "derive.extends")])


def resolve_extends(doc: SourceDoc, *, allow_outside: bool = False) -> tuple[SourceDoc, list[Diagnostic]]:
    """Return the workshop with everything it extends merged in, and the errors in its agenda edits.

    A file without `extends:` is returned unchanged. A missing parent, a parent
    that is not a workshop, a cycle or a chain more than `MAX_EXTENDS` files deep
    raises FacilitatorError, since nothing sensible can be merged.
    """
    if not isinstance(doc.data, dict) or not any(key in doc.data for key in DERIVE_KEYS):
        return doc, []
    diagnostics: list[Diagnostic] = []
    chain = _chain(doc, allow_outside)
    top = MergedDoc.of(chain[-1])
    if "agenda_edits" in top.data:
        diagnostics.append(
            top.diagnostic(
                ("agenda_edits",),
                "agenda_edits change a workshop this one extends; add `extends:` naming it",
                "derive.no-parent",
                key=True,
            )
        )
    merged = _without(top, DERIVE_KEYS)
    for child in reversed(chain[:-1]):  # from the oldest parent down to this file
        merged = _merge(merged, MergedDoc.of(child), diagnostics)
    return merged, diagnostics


def _chain(doc: SourceDoc, allow_outside: bool) -> list[SourceDoc]:
    """Return `doc` and each workshop it extends, in order, checking each before reading the next."""
    chain = [doc]
    paths = [doc.path.resolve()]
    while "extends" in chain[-1].data:
        child = chain[-1]
        parent_path = find_parent(child, allow_outside=allow_outside)
        if parent_path in paths:
            names = [display_path(p) for p in [*paths, parent_path]]
            message = f"extends goes round in a circle: {' → '.join(names)}; remove one of the `extends:`"
            raise FacilitatorError([child.diagnostic(("extends",), message, "derive.cycle")])
        if len(chain) == MAX_EXTENDS:
            message = (
                f"extends goes more than {MAX_EXTENDS} files deep ({display_path(paths[1])} → … → "
                f"{display_path(parent_path)}); a workshop needs one or two"
            )
            raise FacilitatorError([doc.diagnostic(("extends",), message, "derive.too-deep")])
        parent = load_source(parent_path)
        if not isinstance(parent.data, dict):
            message = f"{display_path(parent_path)} is not a workshop file: {_what(parent)}"
            raise FacilitatorError([child.diagnostic(("extends",), message, "derive.extends")])
        chain.append(parent)
        paths.append(parent_path)
    return chain


def _what(doc: SourceDoc) -> str:
    """Say what a file holds instead of a workshop's mapping of keys."""
    if doc.data is None:
        return "it is empty"
    kind = "a list" if isinstance(doc.data, list) else f"the text '{short(doc.data)}'"
    return f"it holds {kind}, not keys such as `id:` and `title:`"


def _without(doc: MergedDoc, keys: tuple[str, ...]) -> MergedDoc:
    data = {k: v for k, v in doc.data.items() if k not in keys}
    out = MergedDoc(doc.path, data, sources=doc.sources)
    out.graft((), doc, ())
    for key in keys:
        for marks, files in ((out.value_marks, out.value_files), (out.key_marks, out.key_files)):
            for loc in [loc for loc in marks if loc[:1] == (key,)]:
                del marks[loc]
                files.pop(loc, None)
    return out


def _merge(parent: MergedDoc, child: MergedDoc, diagnostics: list[Diagnostic]) -> MergedDoc:
    """Return `child` laid over `parent`: keys replace, variables merge, agenda edits apply."""
    out = MergedDoc(child.path, {}, sources=(*child.sources, *parent.sources))
    if () in child.value_marks:
        out.value_marks[()] = child.value_marks[()]
        out.value_files[()] = child.path
    data: dict[str, Any] = {}
    for key, value in parent.data.items():
        if key in DERIVE_KEYS or key in child.data:
            continue
        data[key] = _rebase(key, value, parent, (key,), child.path.parent)
        out.graft((key,), parent, (key,))
    for key, value in child.data.items():
        if key in DERIVE_KEYS:
            continue
        if key == "variables" and isinstance(value, dict) and isinstance(parent.data.get(key), dict):
            data[key] = {**parent.data[key], **value}
            out.graft((key,), parent, (key,))
        else:
            data[key] = value
        out.graft((key,), child, (key,))
    out.data = data
    edits = child.data.get("agenda_edits")
    if edits is not None:
        apply_edits(out, child, edits, diagnostics)
    return out


def _rebase(key: str, value: Any, parent: MergedDoc, loc: Loc, to_dir: Path) -> Any:
    """Return inherited file references (library folders, theme files) relative to the child's folder."""

    def move(text: Any, where: Loc) -> Any:
        if not isinstance(text, str) or not text or Path(text).is_absolute():
            return text
        origin_dir = parent.origin(where)[0].parent
        if origin_dir.resolve() == to_dir.resolve():
            return text
        return os.path.relpath((origin_dir / text).resolve(), to_dir.resolve())

    if key == "library" and isinstance(value, list):
        return [move(v, (*loc, i)) for i, v in enumerate(value)]
    if key == "theme":
        if isinstance(value, str) and value.endswith((".yaml", ".yml")):
            return move(value, loc)
        if isinstance(value, dict):
            moved = dict(value)
            for name in ("logo", "template"):
                moved[name] = move(value.get(name), (*loc, name))
            base = value.get("base")
            if isinstance(base, str) and base.endswith((".yaml", ".yml")):
                moved["base"] = move(base, (*loc, "base"))
            return {k: v for k, v in moved.items() if k in value}
    return value
