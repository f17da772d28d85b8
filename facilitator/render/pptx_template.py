"""Build on a user's own PowerPoint template (.pptx or .potx): its masters, layouts and theme colours.

`open_template` returns the template as a Presentation with its slides removed
cleanly: each `sldId` is dropped, then its relationship (so the slide part is
not written again), and PowerPoint's section lists (p14), which would keep
pointing at the deleted slides, are removed too. A .potx opens after its main
content type is changed to the presentation type, in memory.

`find_layout` picks a layout by name with a fallback and a warning, and
`template_contrast_warnings` applies the contrast check to the template's
theme colours. `read_template` and `template_diagnostics` read a template's
layout names, colours and slide size straight from the zip, without
python-pptx, so that checking a workshop stays light; the theme takes the
deck's colours from the template's colour scheme (`COLOUR_ROLES`).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lxml import etree

from facilitator.errors import Diagnostic, file_error

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


def _read(path: Path) -> bytes:
    if path.suffix.lower() not in (".pptx", ".potx"):
        raise file_error(path, "a slide template is a .pptx or .potx file", "template.type")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise file_error(path, "no such template file", "template.missing") from None
    if path.suffix.lower() == ".potx":
        data = _as_presentation(data)
    return data


def _as_presentation(data: bytes) -> bytes:
    """Return a .potx package with its main content type changed to a presentation's."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(TEMPLATE_TYPE.encode(), PRESENTATION_TYPE.encode())
            target.writestr(info, content)
    return out.getvalue()


def open_template(path: Path | str) -> Any:
    """Return the template at `path` as a python-pptx Presentation with every slide removed."""
    from pptx import Presentation

    path = Path(path)
    try:
        prs = Presentation(io.BytesIO(_read(path)))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as exc:
        raise file_error(path, f"cannot open the template: {exc}", "template.unreadable") from None
    remove_slides(prs)
    thumbnails = [r for r in prs.part.package._rels.values() if r.reltype.endswith("/thumbnail")]
    for rel in thumbnails:  # the template's picture of its own first slide
        prs.part.package._rels.pop(rel.rId)
    return prs


def remove_slides(prs: Any) -> None:
    """Remove every slide: drop each sldId, then its relationship, then any p14 section lists."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        rel_id = sld_id.rId
        id_list.remove(sld_id)
        prs.part.drop_rel(rel_id)
    root = prs.part._element
    for section_list in root.findall(f".//{{{P14}}}sectionLst"):
        ext = section_list.getparent()
        if ext is not None and ext.tag.endswith("}ext") and ext.getparent() is not None:
            ext.getparent().remove(ext)
        else:
            section_list.getparent().remove(section_list)
    for ext_list in root.findall("{http://schemas.openxmlformats.org/presentationml/2006/main}extLst"):
        if len(ext_list) == 0:
            root.remove(ext_list)


def layout_names(prs: Any) -> list[str]:
    """Return the names of every layout of every master, in order."""
    return [layout.name for master in prs.slide_masters for layout in master.slide_layouts]


def find_layout(prs: Any, name: str, fallback: str | None = None) -> tuple[Any, str | None]:
    """Return the layout named `name` (any case), else `fallback`, else the first; warn when not found."""
    layouts = [layout for master in prs.slide_masters for layout in master.slide_layouts]
    by_name = {layout.name.strip().lower(): layout for layout in reversed(layouts)}
    if name.strip().lower() in by_name:
        return by_name[name.strip().lower()], None
    chosen = by_name.get((fallback or "").strip().lower()) or layouts[0]
    return chosen, (
        f"the template has no layout '{name}'; using '{chosen.name}' instead "
        f"(its layouts: {', '.join(layout_names(prs))})"
    )


def template_colours(prs: Any) -> dict[str, str]:
    """Return the first master's theme colours as `#RRGGBB` by slot (dk1, lt1, dk2, lt2, accent1…)."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    master = prs.slide_masters[0]
    theme_part = master.part.part_related_by(RT.THEME)
    return _scheme_colours(theme_part.blob)


def _scheme_colours(theme_xml: bytes) -> dict[str, str]:
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


def template_contrast_warnings(prs: Any, where: str) -> list[Diagnostic]:
    """Return a warning for each of the template's text colours below WCAG AA on its background."""
    from facilitator.theme import WCAG_AA, contrast_ratio

    colours = template_colours(prs)
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
                    colours = _scheme_colours(archive.read(theme[0]))
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
