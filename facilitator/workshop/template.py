"""Read a user's PowerPoint template (.pptx or .potx) at check time, without python-pptx.

`template_problem` refuses files that are not PowerPoint zips or unpack too large
(reading only the zip's central directory); `read_template` gives its layout names,
colour scheme and slide size; `template_diagnostics` warns about what the deck will
not find in it; the theme takes the deck's colours from the template's colour scheme
(`COLOUR_ROLES`). Building a deck on the template is `facilitator.render.pptx_template`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from facilitator.errors import Diagnostic, display_path
from facilitator.workshop.assets import file_size_problem
from facilitator.workshop.colours import WCAG_AA, contrast_ratio

TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
PRESENTATION_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
# Theme colour slots checked against the light background, as text would use them.
CONTRAST_SLOTS = (("dk1", "lt1"), ("dk2", "lt1"), ("accent1", "lt1"))
# How the deck's colour roles are taken from a template's colour scheme.
COLOUR_ROLES = {
    "background": "lt1",
    "text": "dk1",
    "heading": "dk2",
    "accent": "accent1",
    "muted": "dk1",
    "title_background": "lt1",
    "title_text": "dk2",
}
# The layout the deck falls back on when the one it wants is missing (then the first layout).
FALLBACK_LAYOUT = "Title Only"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PML = "http://schemas.openxmlformats.org/presentationml/2006/main"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
TEMPLATE_SUFFIXES = (".pptx", ".potx")
MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
MAX_TEMPLATE_UNPACKED = 200 * 1024 * 1024
MAX_TEMPLATE_MEMBERS = 2_000
MAX_COMPRESSION_RATIO = 100  # for members over 1 MB; Office XML and media stay far below it
_RATIO_FLOOR = 1024 * 1024


def template_problem(path: Path) -> str | None:
    """Return why the slide template at `path` cannot be used (not a .pptx zip, or a zip bomb), or None.

    Only the zip's central directory is read; the declared sizes bound what
    reading a member can ever inflate, so checking them is enough.
    """
    what = "template"
    problem = file_size_problem(path, MAX_TEMPLATE_BYTES, what)
    if problem:
        return problem
    shown = display_path(path)
    if path.suffix.lower() not in TEMPLATE_SUFFIXES:
        return f"template {shown} should be a PowerPoint .pptx or .potx file"
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return f"template {shown} is not a PowerPoint file (a .pptx is a zip archive; this is not one)"
    if len(members) > MAX_TEMPLATE_MEMBERS:
        return (
            f"template {shown} holds {len(members):,} files; "
            f"a template may hold at most {MAX_TEMPLATE_MEMBERS:,}"
        )
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_TEMPLATE_UNPACKED:
        return (
            f"template {shown} unpacks to {unpacked / 1_048_576:,.0f} MB; "
            f"a template may unpack to at most {MAX_TEMPLATE_UNPACKED // 1_048_576} MB"
        )
    for member in members:
        if member.file_size > _RATIO_FLOOR and member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            return (
                f"template {shown} looks like a zip bomb: {member.filename} is compressed "
                f"{member.file_size // max(member.compress_size, 1):,} to 1"
            )
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or "ppt/presentation.xml" not in names:
        return f"template {shown} is a zip archive but not a PowerPoint presentation"
    return None


def scheme_colours(theme_xml: bytes) -> dict[str, str]:
    """Return the colour scheme of a theme part as `#RRGGBB` by slot."""
    root = etree.fromstring(theme_xml, _PARSER)
    colours: dict[str, str] = {}
    scheme = root.find(f".//{{{A}}}clrScheme")
    if scheme is None:
        return colours
    for slot in scheme:
        name = etree.QName(slot).localname
        srgb = slot.find(f"{{{A}}}srgbClr")
        system = slot.find(f"{{{A}}}sysClr")
        value = srgb.get("val") if srgb is not None else system.get("lastClr") if system is not None else None
        if value and len(value) == 6:
            colours[name] = "#" + value.upper()
    return colours


def scheme_contrast_warnings(colours: dict[str, str], where: str) -> list[Diagnostic]:
    """Return a warning for each of a colour scheme's text colours below WCAG AA on its background."""
    warnings = []
    for fg, bg in CONTRAST_SLOTS:
        if fg in colours and bg in colours:
            ratio = contrast_ratio(colours[fg], colours[bg])
            if ratio < WCAG_AA:
                warnings.append(
                    Diagnostic(
                        where,
                        0,
                        0,
                        "theme.template",
                        f"the template's {fg} {colours[fg]} on {bg} {colours[bg]} has contrast "
                        f"{ratio:.2f}:1; WCAG AA needs at least {WCAG_AA}:1",
                        "theme.contrast",
                        "warning",
                    )
                )
    return warnings


# ---------------------------------------------------------------------------
# Reading a template without python-pptx (for `check`, which must stay light)


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Return a part's relationships as rId → target part name inside the zip."""
    folder, name = part.rsplit("/", 1)
    try:
        root = etree.fromstring(archive.read(f"{folder}/_rels/{name}.rels"), _PARSER)
    except KeyError:
        return {}
    targets = {}
    for rel in root.iter(f"{{{PKG_REL}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = (Path(folder) / rel.get("Target", "")).as_posix()
        parts: list[str] = []
        for piece in target.split("/"):
            if piece == "..":
                if parts:
                    parts.pop()
            elif piece not in ("", "."):
                parts.append(piece)
        targets[rel.get("Id", "")] = "/".join(parts)
    return targets


def read_template(path: Path) -> tuple[list[str], dict[str, str], tuple[int, int]]:
    """Return a template's layout names (masters in order), first master's colours and slide size (EMU).

    Reads the zip directly, without python-pptx, so that `facilitator validate` stays light.
    """
    with zipfile.ZipFile(path) as archive:
        presentation = etree.fromstring(archive.read("ppt/presentation.xml"), _PARSER)
        rels = _rels(archive, "ppt/presentation.xml")
        size = presentation.find(f"{{{PML}}}sldSz")
        slide_size = (int(size.get("cx", 0)), int(size.get("cy", 0))) if size is not None else (0, 0)
        names: list[str] = []
        colours: dict[str, str] = {}
        for master_id in presentation.iterfind(f"{{{PML}}}sldMasterIdLst/{{{PML}}}sldMasterId"):
            master_part = rels.get(master_id.get(f"{{{R}}}id", ""), "")
            if master_part not in archive.namelist():
                continue
            master = etree.fromstring(archive.read(master_part), _PARSER)
            master_rels = _rels(archive, master_part)
            if not colours:
                theme = [t for t in master_rels.values() if "/theme/" in f"/{t}"]
                if theme and theme[0] in archive.namelist():
                    colours = scheme_colours(archive.read(theme[0]))
            for layout_id in master.iterfind(f"{{{PML}}}sldLayoutIdLst/{{{PML}}}sldLayoutId"):
                layout_part = master_rels.get(layout_id.get(f"{{{R}}}id", ""), "")
                if layout_part in archive.namelist():
                    c_sld = etree.fromstring(archive.read(layout_part), _PARSER).find(f"{{{PML}}}cSld")
                    names.append(c_sld.get("name", "") if c_sld is not None else "")
    return names, colours, slide_size


def template_colour_roles(colours: dict[str, str]) -> dict[str, str]:
    """Return the deck's colour roles (text, heading, accent…) taken from a template's colour scheme."""
    return {role: colours[slot] for role, slot in COLOUR_ROLES.items() if slot in colours}


def template_diagnostics(
    path: Path, where: str, layouts: Sequence[str] = ("Title Slide", "Title and Content")
) -> list[Diagnostic]:
    """Return warnings about a template: `layouts` the deck wants but it lacks, a slide size not 16:9."""
    key = "theme.template"
    try:
        names, _colours, (cx, cy) = read_template(path)
    except (zipfile.BadZipFile, KeyError, OSError, etree.XMLSyntaxError, ValueError) as exc:
        return [Diagnostic(where, 0, 0, key, f"cannot read the template: {exc}", "template.unreadable")]
    warnings = []
    lower = [n.strip().lower() for n in names]
    for wanted in layouts:
        if wanted.strip().lower() not in lower:
            fallback = FALLBACK_LAYOUT.lower()
            chosen = FALLBACK_LAYOUT if fallback in lower else (names[0] if names else "none")
            warnings.append(
                Diagnostic(
                    where,
                    0,
                    0,
                    key,
                    f"the template has no layout '{wanted}'; using '{chosen}' instead "
                    f"(its layouts: {', '.join(names)})",
                    "template.layout",
                    "warning",
                )
            )
    if cx and cy and abs(cx / cy - 16 / 9) > 0.01:
        warnings.append(
            Diagnostic(
                where,
                0,
                0,
                key,
                f"the template's slides are {cx / cy:.2f}:1, not 16:9; the deck is 16:9, so the "
                "template's master graphics may look stretched",
                "template.size",
                "warning",
            )
        )
    return warnings
