"""Live rebuild: poll a workshop's input files and rebuild its outputs whenever one changes.

`watch()` is what `facilitator build FILE... --watch` runs. It needs nothing
beyond the standard library: every `interval` seconds it compares the
modification time, size and inode of each file the workshop uses — the
workshop file, the files it extends, the library items it uses and the
library folders (so a new item is noticed), the theme file and every file the
theme names (fonts, logo, template) — with the last look, and rebuilds only
the workshops whose files changed. The library's other files (a shared library
may hold thousands) are looked at only every `COLD_EVERY` polls, and a watch
that sees no change polls less and less often (up to `MAX_INTERVAL`), so an
idle watch costs next to nothing.

A rebuild stays cheap because the process stays warm: only the library files
that changed are read again (`api.get_library` keeps each file as read, by
modification time, size and inode), fonts and renderers stay loaded, and an output whose
bytes are identical to the file already on disk is not written again. The
deck is rendered and written first, so it is ready before the PDFs.

Errors are printed, one line each, and the watch goes on; fixing the file
rebuilds it. Ctrl-C (or SIGTERM) ends the watch; the CLI exits 0. The errors
are in English, as `validate`'s are; every other line (what was written, which
files changed, watching, stopped) is in the workshop's language, from the
message catalogues.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitator.errors import BuildError, Diagnostic, FacilitatorError
from facilitator.planning.plan import Plan
from facilitator.text.i18n import Words, words_for

Stamp = tuple[int, int, int] | None  # (mtime_ns, size, inode), or None when the file is missing
COLD_EVERY = 16  # polls between looks at the library files the workshop does not use
MAX_INTERVAL = 1.0  # seconds: the slowest an idle watch polls
IDLE_POLLS = 40  # polls without a change before the interval doubles


def stamp(path: Path) -> Stamp:
    """Return what tells one version of a file (or folder) from the next: mtime, size and inode."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def snapshot(paths: Iterable[Path]) -> dict[Path, Stamp]:
    """Return the stamp of each path."""
    return {path: stamp(path) for path in paths}


def watched_files(plan: Plan) -> set[Path]:
    """Return every file and library folder a build of `plan` read, for polling (see `hot_files`)."""
    from facilitator.api import library_roots
    from facilitator.planning.theme import theme_source
    from facilitator.workshop.library_schema import LIBRARY_MODELS

    theme = plan.theme
    files = {Path(p) for p in plan.inputs}  # absolute already; resolving 20,000 of them took seconds
    files.add(plan.source_path.resolve())
    for root in library_roots(plan.workshop, plan.source_path):
        files.add(root)  # a new kind folder appears in the root's listing
        files.update(root / kind for kind in LIBRARY_MODELS)  # a new item appears in its folder
    source = theme_source(plan.workshop.theme, plan.source_path.parent)
    if source is not None:
        files.add(source)
    for family in (theme.fonts.slides, theme.fonts.print):
        files.update(Path(getattr(family, style)) for style in ("regular", "bold", "italic", "bold_italic"))
    files.update(Path(p) for p in (theme.logo, theme.template) if p is not None)
    return files


def hot_files(plan: Plan, everything: set[Path] | None = None) -> set[Path]:
    """Return the files a change to which changes `plan`'s outputs: all but the unused library items.

    These are polled every time; the rest of `watched_files` (`everything`, when already
    known) only every `COLD_EVERY` polls.
    """
    from facilitator.api import get_library, library_roots
    from facilitator.planning.library import last_library
    from facilitator.text.glyphs import used_library_docs
    from facilitator.workshop.library_schema import LIBRARY_MODELS

    everything = watched_files(plan) if everything is None else everything
    roots = [root.resolve() for root in library_roots(plan.workshop, plan.source_path) if root.is_dir()]
    folders = {str(root / kind) for root in roots for kind in LIBRARY_MODELS}
    items = {p for p in everything if os.path.dirname(p) in folders}
    library = last_library(roots) or get_library(roots)[0]  # the build just read it: no need to list it again
    used = {doc.path for doc in used_library_docs(plan, library)}
    return (everything - items) | used


@dataclass
class Rebuild:
    """What one (re)build of one workshop did."""

    path: Path
    ok: bool
    written: list[Path] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    deck_seconds: float | None = None  # from the start of the rebuild to the deck being written
    language: str = "en"  # the workshop's language tag: the language its lines are printed in


@dataclass
class WatchedWorkshop:
    """One workshop file under watch: the files it was last built from and their stamps.

    `hot` are looked at on every poll; the other `files` (library items it does not use)
    only when `changed(everything=True)`.
    """

    path: Path
    files: set[Path]
    stamps: dict[Path, Stamp]
    hot: set[Path] | None = None  # None: all of `files`

    def changed(self, everything: bool = True) -> list[Path]:
        """Return the watched files that changed since the last look (and take the new look)."""
        looked = self.files if everything or self.hot is None else self.hot
        now = snapshot(looked)
        changed = sorted(p for p in looked if now[p] != self.stamps.get(p))
        self.stamps = {**self.stamps, **now} if looked is not self.files else now
        return changed


def _write_if_changed(
    outputs: list, out_dir: Path, manifest: str | None, result: Rebuild, force: bool = False
) -> None:
    """Write the outputs whose bytes differ from the file on disk (and the manifest, when given)."""
    from facilitator.api import write_outputs

    fresh = []
    for output in outputs:
        target = out_dir / output.name
        try:  # a link in the output folder is never read through, just replaced
            info = target.lstat()
            same = stat.S_ISREG(info.st_mode) and info.st_size == len(output.data)
            same = same and target.read_bytes() == output.data
        except OSError:
            same = False
        if same:
            result.unchanged.append(output.name)
        else:
            fresh.append(output)
    if fresh or manifest is not None:
        written = write_outputs(fresh, out_dir, manifest=manifest, force=force)
        result.written += [target for target, _summary in written]


def rebuild(
    path: Path,
    out: Path,
    *,
    only: list[str] | None = None,
    strict: bool = False,
    allow_outside: bool = False,
    fit: bool = False,
    force: bool = False,
    start: dt.time | None = None,
    end: dt.time | None = None,
    language: str | None = None,
    **options: object,
) -> tuple[Rebuild, Plan | None]:
    """Check and build one workshop in this process; return what happened and its plan (None on errors).

    When the outputs on disk were built from the same inputs (an edit that changes
    nothing, such as a comment), nothing is rendered unless `force`. Nothing raises
    for the user's mistakes: errors come back in `Rebuild.diagnostics`.
    """
    from facilitator import api
    from facilitator.build.manifest import fingerprint, manifest_text, up_to_date
    from facilitator.build.staging import check_out_dir
    from facilitator.render import RENDERERS

    began = time.perf_counter()
    result = Rebuild(path, ok=False)
    plan = None
    try:
        plan = api.load_plan(
            path, strict=strict, allow_outside=allow_outside, fit=fit, start=start, end=end, language=language
        )
        result.diagnostics = list(plan.warnings)
        result.language = plan.workshop.language
        out_dir = Path(out) / plan.workshop.id
        check_out_dir(out_dir, force=force)
        options = {k: v for k, v in options.items() if v is not None}
        names = [n for n in RENDERERS if n in (only or RENDERERS)]
        stamp_ = fingerprint(plan, {"only": sorted(only or RENDERERS), **options})
        if not force and up_to_date(out_dir, stamp_):
            result.ok = True
            result.seconds = time.perf_counter() - began
            return result, plan
        blobs: dict[str, bytes] = {}
        rest = [n for n in names if n != "deck"]
        if "deck" in names:  # the deck first: it is what a facilitator is usually looking at
            deck = api.render_outputs(plan, ["deck"], **options)
            blobs.update((o.name, o.data) for o in deck)
            manifest = manifest_text(stamp_, blobs) if not rest else None
            _write_if_changed(deck, out_dir, manifest, result, force)
            result.deck_seconds = time.perf_counter() - began
        if rest:
            outputs = api.render_outputs(plan, rest, **options)
            blobs.update((o.name, o.data) for o in outputs)
            _write_if_changed(outputs, out_dir, manifest_text(stamp_, blobs), result, force)
        result.ok = True
    except FacilitatorError as exc:
        result.diagnostics = exc.diagnostics
    except BuildError as exc:
        result.diagnostics = [Diagnostic(str(path), 0, 0, "build", str(exc), "build.failed")]
    if plan is None:  # still say "not built" in the workshop's language, when its file tells it
        result.language = api.declared_language(path, language=language, allow_outside=allow_outside)
    result.seconds = time.perf_counter() - began
    return result, plan


def report(
    result: Rebuild, echo: Callable[[str], None], problem: Callable[[str], None] | None = None
) -> None:
    """Print a rebuild's diagnostics one line each (through `problem`, else `echo`), then a summary.

    The diagnostics are in English, as `validate`'s are; the summary is in the workshop's language.
    """
    for diagnostic in result.diagnostics:
        for line in diagnostic.format().split("\n"):  # its choices, one per line (each already safe)
            (problem or echo)(line)
    words = words_for(result.language)
    if not result.ok:
        count = sum(d.severity == "error" for d in result.diagnostics)
        errors = words.ngettext("{count} error(s)", "{count} error(s)", count).format(count=count)
        line = words._("{file}: not built ({errors}); watching for changes")
        echo(line.format(file=result.path, errors=errors))
        return
    seconds = words.decimal(result.seconds, 2)
    if result.written:
        names = ", ".join(p.name for p in result.written)
        line = words.ngettext(
            "{file}: wrote {names} in {seconds} s",
            "{file}: wrote {names} in {seconds} s",
            len(result.written),
        )
        echo(line.format(file=result.path, names=names, seconds=seconds))
    else:
        echo(words._("{file}: outputs unchanged in {seconds} s").format(file=result.path, seconds=seconds))


def watch(
    files: Iterable[Path | str],
    out: Path | str = "output",
    *,
    interval: float = 0.25,
    max_cycles: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
    echo: Callable[[str], None] = print,
    problem: Callable[[str], None] | None = None,
    on_rebuild: Callable[[Rebuild], None] | None = None,
    **build_options: object,
) -> int:
    """Build each workshop file, then rebuild it whenever one of its inputs changes, until Ctrl-C.

    `max_cycles` stops after that many polls (for tests); `sleep` waits between
    polls (`interval` seconds, doubling after every `IDLE_POLLS` polls without a change,
    up to `MAX_INTERVAL`); `echo` prints a line and `problem` a diagnostic (default: `echo`);
    `on_rebuild` sees every build. `build_options` are those of `rebuild`
    (`only`, `strict`, `allow_outside`, `fit`, `force`, `start`, `end`, `language`, `paper`,
    `large_print`).
    Returns 0.
    """
    out = Path(out)
    watched: list[WatchedWorkshop] = []
    languages: dict[Path, str] = {}  # each workshop's language, as its last build found it

    def build_one(
        path: Path, known: set[Path], hot: set[Path] | None = None
    ) -> tuple[set[Path], set[Path] | None]:
        result, plan = rebuild(path, out, **build_options)  # type: ignore[arg-type]
        languages[path] = result.language
        report(result, echo, problem)
        if on_rebuild is not None:
            on_rebuild(result)
        # On errors keep watching what was known, and the file itself (an extends target may appear).
        if plan is None:
            return known | {path.resolve()}, None if hot is None else hot | {path.resolve()}
        everything = watched_files(plan)
        return everything, hot_files(plan, everything)

    previous = _stop_on_sigterm()
    try:
        for file in files:
            path = Path(file)
            found, hot = build_one(path, {path.resolve()})
            watched.append(WatchedWorkshop(path, found, snapshot(found), hot))
        words = _shared_words(languages.values())
        echo(
            words.ngettext(
                "watching {count} workshop(s) for changes; press Ctrl-C to stop",
                "watching {count} workshop(s) for changes; press Ctrl-C to stop",
                len(watched),
            ).format(count=len(watched))
        )
        cycle = idle = 0
        while max_cycles is None or cycle < max_cycles:
            cycle += 1
            # An idle watch polls less often: the interval doubles every IDLE_POLLS quiet polls.
            sleep(min(MAX_INTERVAL, interval * 2 ** (idle // IDLE_POLLS)))
            idle += 1
            for item in watched:
                changed = item.changed(everything=cycle % COLD_EVERY == 0)
                if not changed:
                    continue
                idle = 0
                echo(_changed_line(item.path, changed, words_for(languages[item.path])))
                before = item.stamps  # as seen just now, before the build: a change during it is seen next
                item.files, item.hot = build_one(item.path, item.files, item.hot)
                item.stamps = {p: before[p] if p in before else stamp(p) for p in item.files}
    except KeyboardInterrupt:
        echo(_shared_words(languages.values())._("stopped watching"))
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return 0


def _stop_on_sigterm() -> Any:
    """Make SIGTERM end the watch as Ctrl-C does (in the main thread); return the previous handler."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupt)


def _shared_words(languages: Iterable[str]) -> Words:
    """Return the words for a line about every watched workshop: the language they share, else English.

    `fr-CA` and `fr` share one (their catalogue); only the count is formatted, which reads the same in both.
    """
    words = [words_for(tag) for tag in languages]
    return words[0] if len({w.catalogue for w in words}) == 1 else words_for("en")


def _changed_line(path: Path, changed: list[Path], words: Words) -> str:
    """Return the line that says which files changed: the first three, and how many more."""
    shown = ", ".join(_short(p) for p in changed[:3])
    if len(changed) > 3:
        more = len(changed) - 3
        shown += words.ngettext(" and {count} more", " and {count} more", more).format(count=more)
    line = words.ngettext("{file}: changed: {files}", "{file}: changed: {files}", len(changed))
    return line.format(file=path, files=shown)


def _short(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
