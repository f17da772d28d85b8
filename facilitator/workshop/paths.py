"""Path confinement: a file a workshop names must lie inside the workshop's folder or the project's.

A workshop file may come from anywhere, so the files it names (logo, images,
templates, theme files, fonts, extra library folders, `extends`) are resolved
and refused when they leave the workshop's own folder tree and the project's
`assets/` and `workshops/` folders: absolute paths, `..` escapes and symbolic
links pointing out. `--allow-outside` (`allow_outside=True` in the API) lifts
the rule for a workshop the user trusts.

Every path is confined by the one function `confine()` (raises `OutsideError`),
or `confine_diagnostic()` (returns a positioned Diagnostic), wherever a name
becomes a path: `extends` by path and by id, library folders and the items in
them, theme files and the fonts, logo and template they or the workshop name —
and the build's output folder, where `for_writing=True` refuses every link.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from facilitator.errors import Diagnostic, display_path
from facilitator.workshop.library_schema import LIBRARY_MODELS
from facilitator.workshop.schema import ThemeChoice, Workshop
from facilitator.workshop.source import Loc, SourceDoc

PROJECT_ROOT = Path(__file__).resolve().parents[2]
WORKSHOPS_DIR = PROJECT_ROOT / "workshops"  # the ready workshops, which `extends:` may name by id
BUILTIN_LIBRARY = WORKSHOPS_DIR / "library"
THEMES_DIR = PROJECT_ROOT / "assets" / "themes"
# The default theme's slide template, made from its theme by assets/templates/build_default.py.
DEFAULT_TEMPLATE = PROJECT_ROOT / "assets" / "templates" / "default.pptx"
# Folders every workshop may draw on, wherever the workshop itself lives.
SHARED_ROOTS = (PROJECT_ROOT / "assets", PROJECT_ROOT / "workshops")
ALLOW_HINT = "pass --allow-outside if you trust this workshop"


class OutsideError(ValueError):
    """Raised by `confine` when a named path leaves the folders a workshop may use."""

    code = "path.outside"


def _inside(path: Path, roots: Sequence[Path]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


def allowed_roots(base: Path, within: Sequence[Path] | None = None) -> list[Path]:
    """Return the resolved folders a path named relative to `base` may lead into."""
    own = [Path(p) for p in within] if within is not None else [Path(base)]
    return list(dict.fromkeys(p.resolve() for p in (*own, *SHARED_ROOTS)))


def confine(
    path: str | Path,
    base: Path,
    *,
    allow_outside: bool = False,
    within: Sequence[Path] | None = None,
    for_writing: bool = False,
) -> Path:
    """Return `path` (as written, relative to `base`) resolved, following symbolic links.

    Raise OutsideError when it is absolute, or when it (or a link along it)
    leads outside `within` (default: `base`'s folder tree) and the project's
    `assets/` and `workshops/`, unless `allow_outside`.

    With `for_writing`, the path is where something will be written: it must lie
    below `base` as written, and any symbolic link along it below `base` is refused,
    wherever it leads (a write never goes through a link); it is returned unresolved.
    """
    if for_writing:
        return _confine_for_writing(Path(path), Path(base))
    written = Path(path)
    resolved = (Path(base) / written).resolve()
    if allow_outside:
        return resolved
    roots = allowed_roots(Path(base), within)
    if written.is_absolute():
        raise OutsideError(
            f"'{path}' is an absolute path; name files relative to the workshop's folder "
            f"so it builds on other machines ({ALLOW_HINT})"
        )
    if _inside(resolved, roots):
        return resolved
    lexical = Path(os.path.normpath(Path(base).resolve() / written))
    where = ", ".join(display_path(r) + "/" for r in roots)
    if _inside(lexical, roots):
        raise OutsideError(
            f"'{path}' is a symbolic link to {display_path(resolved)}, outside the folders a workshop "
            f"may use ({where}); copy the file in instead ({ALLOW_HINT})"
        )
    raise OutsideError(
        f"'{path}' leads outside the folders a workshop may use ({where}); "
        f"move the file into the workshop's folder ({ALLOW_HINT})"
    )


def _confine_for_writing(written: Path, base: Path) -> Path:
    if written.is_absolute() or ".." in written.parts:
        raise OutsideError(f"'{written}' leads outside {display_path(base)}/, where files may be written")
    current = base
    for part in written.parts:
        current = current / part
        if current.is_symlink():
            raise OutsideError(
                f"'{written}' is a symbolic link (to {os.readlink(current)}); facilitator never writes "
                "through a link"
            )
    return base / written


def confine_diagnostic(
    doc: SourceDoc,
    loc: Loc,
    path: str | Path,
    base: Path,
    *,
    within: Sequence[Path] | None = None,
) -> Diagnostic | None:
    """Return a Diagnostic at `loc` in `doc` when `confine` refuses `path`, else None.

    Its callers answer `--allow-outside` before they call it, so it always confines.
    """
    try:
        confine(path, base, within=within)
    except OutsideError as exc:
        return doc.diagnostic(loc, str(exc), OutsideError.code)
    return None


def workshop_path_diagnostics(
    doc: SourceDoc, workshop: Workshop, base: Path, *, allow_outside: bool = False
) -> list[Diagnostic]:
    """Return an error for each file or folder the workshop names that leads outside its folders.

    Covers extra library folders (and links inside them), the theme file, and
    the logo, template and fonts named in the workshop's theme overrides. The theme
    file's own paths are checked by `theme.load_theme`.
    """
    if allow_outside:
        return []
    found: list[Diagnostic | None] = []
    for i, folder in enumerate(workshop.library):
        problem = confine_diagnostic(doc, ("library", i), folder, base)
        found.append(problem)
        root = (base / folder).resolve()
        if problem is None and root.is_dir():
            for file in library_links(root):  # what is not a link stays inside the (confined) folder
                try:
                    confine(file.relative_to(root), root, within=[base])
                except OutsideError as exc:
                    found.append(doc.diagnostic(("library", i), f"{folder}/: {exc}", OutsideError.code))
    choice = workshop.theme
    theme_name, theme_loc = (
        (choice, ("theme",)) if isinstance(choice, str) else (choice.base, ("theme", "base"))
    )
    if Path(theme_name).suffix in (".yaml", ".yml"):
        found.append(confine_diagnostic(doc, theme_loc, theme_name, base))
    else:
        found.append(
            confine_diagnostic(doc, theme_loc, f"{theme_name}.yaml", THEMES_DIR, within=[THEMES_DIR])
        )
    if isinstance(choice, ThemeChoice):
        for key in ("logo", "template"):
            value = getattr(choice, key)
            if value:
                found.append(confine_diagnostic(doc, ("theme", key), value, base))
        for role in ("slides", "print"):
            family = getattr(choice.fonts, role)
            for style in ("regular", "bold", "italic", "bold_italic") if family else ():
                loc = ("theme", "fonts", role, style)
                found.append(confine_diagnostic(doc, loc, getattr(family, style), base))
    return [d for d in found if d is not None]


def theme_file_path_diagnostics(
    doc: SourceDoc, workshop_dir: Path, *, allow_outside: bool
) -> list[Diagnostic]:
    """Return an error for each font, logo or template a theme file names outside the allowed folders.

    Paths in a theme file are relative to the theme file; they may lead into
    the workshop's folder tree or the project's `assets/` and `workshops/`.
    """
    if allow_outside or not isinstance(doc.data, dict):
        return []
    base = doc.path.parent
    named: list[tuple[Loc, object]] = [((key,), doc.data.get(key)) for key in ("logo", "template")]
    fonts = doc.data.get("fonts")
    if isinstance(fonts, dict):
        for role, family in fonts.items():
            if isinstance(family, dict):
                named += [(("fonts", role, k), v) for k, v in family.items() if k != "name"]
    found = []
    for loc, value in named:
        if isinstance(value, str) and value:
            problem = confine_diagnostic(doc, loc, value, base, within=[workshop_dir])
            if problem:
                found.append(problem)
    return found


def library_files(root: Path) -> list[tuple[str, Path]]:
    """Return (kind, path) for every YAML file of a library folder `root`, in a stable order.

    Read with one directory listing per kind folder (a shared library may hold thousands
    of files; pathlib's glob took seconds over 20,000).
    """
    found = []
    for kind in LIBRARY_MODELS:
        folder = root / kind
        try:
            with os.scandir(folder) as entries:
                names = sorted(
                    entry.name
                    for entry in entries
                    if entry.name.endswith((".yaml", ".yml"))
                    and not entry.name.startswith(".")
                    and entry.is_file()
                )
        except (FileNotFoundError, NotADirectoryError):
            continue
        found += [(kind, folder / name) for name in names]
    return found


def library_links(root: Path) -> list[Path]:
    """Return the kind folders and item files of library folder `root` that are symbolic links."""
    links = []
    for kind in LIBRARY_MODELS:
        folder = root / kind
        if folder.is_symlink():
            links.append(folder)
        if not folder.is_dir():
            continue
        with os.scandir(folder) as entries:
            links += sorted(
                folder / entry.name
                for entry in entries
                if entry.name.endswith((".yaml", ".yml"))
                and not entry.name.startswith(".")
                and entry.is_symlink()
            )
    return links
