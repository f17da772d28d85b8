"""The content library: every primer section, discussion set, scenario, activity and resource list by id.

Items are YAML files under `<root>/<kind>/`. The built-in root is the project's
`workshops/library/`; a workshop may add roots of its own, whose items override
built-in ones with the same id. Two items with one id inside the same root are
an error naming both files.

Texts given per language are picked for the build's language as items are read
(`Languages`); the built-in library's plain texts are English, a workshop's own
folders are written in the workshop's language. An item whose texts fell back to
another language keeps that warning on its Entry, for the workshops that use it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from facilitator.errors import Diagnostic, FacilitatorError, did_you_mean, display_path
from facilitator.workshop.languages import (
    FALLBACK_CODE,
    Languages,
    choose,
    is_language_map,
    primary,
    same_language,
)
from facilitator.workshop.library_schema import LIBRARY_MODELS, LibraryItem, Scenario
from facilitator.workshop.paths import BUILTIN_LIBRARY, library_files
from facilitator.workshop.roleplay import scenario_problems
from facilitator.workshop.source import Loc, SourceDoc, load_source
from facilitator.workshop.validate import check_model

KIND_LABELS = {
    "primer": "primer section",
    "discussions": "discussion set",
    "scenarios": "scenario",
    "activities": "activity",
    "resources": "resource list",
}


@dataclass(frozen=True)
class Entry:
    """A library item and the file it came from."""

    item: LibraryItem
    doc: SourceDoc
    languages: Languages | None = None  # how its texts were picked, for checking it again when filled
    fallback: Diagnostic | None = None  # the fields with no text in the build's language

    @property
    def path(self) -> Path:
        """Return the file the item was read from."""
        return self.doc.path


@dataclass
class Library:
    """Library items by kind and id, with the diagnostics found while reading them."""

    items: dict[str, dict[str, Entry]] = field(default_factory=lambda: {kind: {} for kind in LIBRARY_MODELS})
    files: list[Path] = field(default_factory=list)
    # Items whose file has errors of its own, by (kind, id): a reference to one is not a second error.
    broken: dict[tuple[str, str], Path] = field(default_factory=dict)

    def get(self, kind: str, item_id: str) -> LibraryItem | None:
        """Return the item of `kind` with `item_id`, or None."""
        entry = self.items[kind].get(item_id)
        return entry.item if entry else None

    def explained(self, kind: str, item_id: str) -> bool:
        """Whether the item's absence is already reported: its file is in the library, with errors."""
        return (kind, item_id) in self.broken

    def unknown(self, kind: str, item_id: str) -> str:
        """Return the message for an id that is not in the library, with a did-you-mean."""
        ids = self.items[kind]
        hint = did_you_mean(item_id, ids)
        if not hint:
            for other, entries in self.items.items():
                if other != kind and item_id in entries:
                    hint = f" (there is a {KIND_LABELS[other]} with that id)"
        listing = "; see `facilitator library " + kind + "`"
        return f"no {KIND_LABELS[kind]} '{item_id}' in the library{hint}{listing}"


BUILTIN_LANGUAGE = "en"  # the language the built-in library's plain texts are written in


def load_library(roots: list[Path], languages: Languages | None = None) -> tuple[Library, list[Diagnostic]]:
    """Read every item under `roots` (later roots override earlier ones by id).

    With `languages`, per-language texts are picked for its `wanted` language; the
    built-in library is written in English, other roots in `languages.written`.
    """
    listing = [(root, [(kind, path, _stamp(path)) for kind, path in library_files(root)]) for root in roots]
    return _load(listing, languages)


Listing = list[tuple[Path, list[tuple[str, Path, tuple[int, ...]]]]]  # (root, [(kind, file, stamp)])
Read = tuple[SourceDoc | None, LibraryItem | None, list[Diagnostic]]  # a file's document, item, problems


def _stamp(path: Path) -> tuple[int, ...]:
    """Return what tells one version of a file from the next (empty when it cannot be read)."""
    try:
        info = os.stat(path)
    except OSError:
        return ()
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)


def _load(listing: Listing, languages: Languages | None) -> tuple[Library, list[Diagnostic]]:
    library = Library()
    diagnostics: list[Diagnostic] = []
    for root, files in listing:
        here = None
        if languages is not None:
            written = BUILTIN_LANGUAGE if root.resolve() == BUILTIN_LIBRARY.resolve() else languages.written
            here = languages.for_file(written)
        seen_here: dict[tuple[str, str], Path] = {}
        for kind, path, stamp in files:
            library.files.append(path)
            doc, item, problems = _read_item(kind, path, stamp, here)
            if doc is None:
                diagnostics += problems
                library.broken[(kind, path.stem)] = path
                continue
            fallback = next((d for d in problems if d.code == FALLBACK_CODE), None)
            diagnostics += [d for d in problems if d is not fallback]
            if item is None:
                given = doc.data.get("id") if isinstance(doc.data, dict) else None
                library.broken[(kind, given if isinstance(given, str) else path.stem)] = path
                continue
            if isinstance(item, Scenario):
                diagnostics += scenario_problems(item, doc)
            item_id = item.id
            key = (kind, item_id)
            if key in seen_here:
                diagnostics.append(
                    doc.diagnostic(
                        ("id",),
                        f"duplicate id '{item_id}': also used by {display_path(seen_here[key])}; "
                        "ids must be unique",
                        "library.duplicate-id",
                    )
                )
                continue
            seen_here[key] = path
            library.items[kind][item_id] = Entry(item, doc, here, fallback)
    diagnostics += _check_references(library)
    return library, diagnostics


def _check_references(library: Library) -> list[Diagnostic]:
    """Return errors for library items that name primer sections that do not exist."""
    diagnostics = []
    primers = library.items["primer"]
    for _kind, entries in library.items.items():
        for entry in entries.values():
            related = getattr(entry.item, "related", [])
            refs: list[tuple[Loc, str]] = [(("related", i), r) for i, r in enumerate(related)]
            for i, response in enumerate(getattr(entry.item, "ally_responses", [])):
                refs.append((("ally_responses", i, "primer"), response.primer))
            for loc, ref in refs:
                if ref not in primers and not library.explained("primer", ref):
                    message = library.unknown("primer", ref)
                    diagnostics.append(entry.doc.diagnostic(loc, message, "ref.unknown"))
    return diagnostics


def drawn_on_titles(
    library: Library, scenarios: list[Scenario], in_agenda: set[str]
) -> tuple[tuple[tuple[str, str], ...], list[Diagnostic]]:
    """Return (id, title) of each primer the scenarios' ally responses draw on, and a warning per title
    that is not in the build's language.

    Only such a primer's title is printed (the guide's "draws on: …"), so only its title is
    checked; a primer of the agenda (`in_agenda`) is checked whole with its segment.
    """
    titles: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for scenario in scenarios:
        for response in scenario.ally_responses:
            entry = library.items["primer"].get(response.primer)
            if entry is None or response.primer in titles:
                continue
            titles[response.primer] = entry.item.title
            languages, data = entry.languages, entry.doc.data
            if languages is None or response.primer in in_agenda or not isinstance(data, dict):
                continue
            raw = data.get("title")
            written = choose(raw, languages.wanted) if is_language_map(raw) else languages.written
            if not same_language(written, languages.wanted):
                message = (
                    f"1 field has no '{languages.wanted}' text in '{response.primer}': title (a role-play's "
                    f"ally response draws on it); the {written} text is printed instead (write it as "
                    f"{{en: …, {primary(languages.wanted)}: …}})"
                )
                problems.append(entry.doc.diagnostic(("title",), message, FALLBACK_CODE, severity="warning"))
    return tuple(titles.items()), problems


_library_cache: dict[tuple, tuple[Library, list[Diagnostic]]] = {}
# Each file as last read, by path and language: (its stamp, what was read). A change re-reads only
# the files that changed (a watched 20,000-file library was read again whole on any edit: 28 s).
_file_cache: dict[tuple, tuple[tuple[int, ...], Read]] = {}
MAX_CACHED_FILES = 50_000


def _read_item(kind: str, path: Path, stamp: tuple[int, ...], here: Languages | None) -> Read:
    """Return a library file's document (None when it cannot be read), its item, and its problems."""
    # A text key: a Path hashes slowly (over a 20,000-file library it showed).
    key = (str(path), (here.wanted, here.written, here.typeset) if here is not None else None)
    cached = _file_cache.get(key)
    if stamp and cached is not None and cached[0] == stamp:
        return cached[1]
    try:
        doc = load_source(path)
    except FacilitatorError as exc:
        result: Read = (None, None, exc.diagnostics)
    else:
        item, problems = check_model(doc, LIBRARY_MODELS[kind], here)
        result = (doc, item, problems)
    if len(_file_cache) >= MAX_CACHED_FILES:
        _file_cache.clear()
    if stamp:
        _file_cache[key] = (stamp, result)
    return result


def get_library(roots: list[Path], languages: Languages | None = None) -> tuple[Library, list[Diagnostic]]:
    """Return the library under `roots` in a language, re-reading only the files that changed since."""
    listing = [(root, [(kind, path, _stamp(path)) for kind, path in library_files(root)]) for root in roots]
    choice = (languages.wanted, languages.written, languages.typeset) if languages else None
    stamps = tuple((str(path), stamp) for _root, files in listing for _kind, path, stamp in files)
    key = (tuple(map(str, roots)), stamps, choice)
    if key not in _library_cache:
        _library_cache.clear()
        _library_cache[key] = _load(listing, languages)
    return _library_cache[key]


def last_library(roots: list[Path]) -> Library | None:
    """Return the library `get_library` last read under `roots`, without looking at its files again."""
    for (cached_roots, _stamps, _choice), (library, _diagnostics) in _library_cache.items():
        if cached_roots == tuple(map(str, roots)):
            return library
    return None
