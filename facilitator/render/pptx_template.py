"""Build on a user's own PowerPoint template (.pptx or .potx): its masters, layouts and theme colours.

A template is sanitized, not copied. `sanitized_template` writes, in memory,
a new package holding only what the survey of the template keeps
(`facilitator.workshop.template_parts`: masters, layouts, themes, the notes
and handout masters, presentation properties, embedded fonts and the
pictures those parts use, and `http`/`https`/`mailto` hyperlinks), with a
presentation content type (a .potx or a macro-enabled file becomes a plain
presentation). Every reference to a relationship it leaves out is removed
from the XML: a hyperlink or click action loses its link, a linked picture
its shape, a background picture its fill, an extension its element.

`open_template` returns that package as a python-pptx Presentation with its
slides removed cleanly (PowerPoint's p14 section lists, which would keep
pointing at the deleted slides, go too). `find_layout` picks a layout by
name with a fallback and a warning, and `template_contrast_warnings` applies
the contrast check to the template's theme colours. Reading a template at
check time, without python-pptx, is `facilitator.workshop.template`.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from facilitator.errors import Diagnostic, file_error
from facilitator.workshop.template import scheme_contrast_warnings, survey_template
from facilitator.workshop.template_parts import (
    CT_NS,
    P14,
    PKG_REL,
    PRESENTATION_TYPE,
    REL,
    TEMPLATE_TYPE,
    Link,
    Survey,
    scheme_colours,
)

__all__ = [
    "PRESENTATION_TYPE",
    "TEMPLATE_TYPE",
    "find_layout",
    "layout_names",
    "open_template",
    "remove_slides",
    "sanitized_template",
    "template_colours",
    "template_contrast_warnings",
]
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
# Elements that are only a link: they go, and what they sit on stays.
_LINKS = {"hlinkClick", "hlinkHover", "hlinkMouseOver", "snd"}
# Entries of an id list or a font list: they go alone.
_ENTRIES = {
    "sldId",
    "sldMasterId",
    "sldLayoutId",
    "notesMasterId",
    "handoutMasterId",
    "sld",
    "regular",
    "bold",
    "italic",
    "boldItalic",
    "tags",
    "control",
}
# Shapes: a shape whose content is a left-out part (an embedded object, a linked picture) goes whole.
_SHAPES = {"sp", "pic", "graphicFrame", "grpSp", "cxnSp", "contentPart"}
# Click actions that only move through the slides; any other (a macro, a program, an object) goes.
_SAFE_ACTIONS = ("ppaction://hlinkshowjump",)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def sanitized_template(path: Path, survey: Survey) -> bytes:
    """Return a new .pptx package (in memory) holding only what `survey` keeps of the template at `path`."""
    entries: dict[str, bytes] = {}
    overrides = []
    with zipfile.ZipFile(path) as archive:
        for part, (content_type, links) in survey.parts.items():
            data = archive.read(part)
            if content_type.endswith("xml"):
                data = _without_left_out_links(data, {link.rid for link in links})
            entries[part] = data
            if links:
                folder, name = posixpath.split(part)
                entries[posixpath.join(folder, "_rels", f"{name}.rels")] = _rels_xml(folder, links)
            kept_type = PRESENTATION_TYPE if part == survey.main else content_type
            overrides.append(f'<Override PartName="/{_attr(part)}" ContentType="{_attr(kept_type)}"/>')
    entries["_rels/.rels"] = _rels_xml("", (Link("rId1", REL["officeDocument"], survey.main, False),))
    entries["[Content_Types].xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="{CT_NS}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>"
    ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        target.writestr("[Content_Types].xml", entries.pop("[Content_Types].xml"))
        for name, data in entries.items():
            target.writestr(name, data)
    return out.getvalue()


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def _rels_xml(folder: str, links: tuple[Link, ...]) -> bytes:
    """Return a .rels part relating a part in `folder` to `links` (URLs marked external)."""
    items = []
    for link in links:
        target = link.target if link.external else posixpath.relpath(link.target, folder or ".")
        mode = ' TargetMode="External"' if link.external else ""
        items.append(
            f'<Relationship Id="{_attr(link.rid)}" Type="{_attr(link.type)}" Target="{_attr(target)}"{mode}/>'
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG_REL}">'
        + "".join(items)
        + "</Relationships>"
    ).encode()


def _without_left_out_links(data: bytes, kept: set[str]) -> bytes:
    """Return an XML part without any reference to a relationship not in `kept`, nor unsafe click actions."""
    root = etree.fromstring(data, _PARSER)
    doomed = []
    listed: set[tuple[str, str]] = set()  # (list entry kind, rId): a master or layout listed twice
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        ids = [v for k, v in element.attrib.items() if k.startswith(f"{{{R}}}") and v]
        action = element.get("action", "")
        repeated = _local(element) in ("sldMasterId", "sldLayoutId") and (_local(element), ids[0]) in listed
        if ids and _local(element) in ("sldMasterId", "sldLayoutId"):
            listed.add((_local(element), ids[0]))
        if (
            repeated
            or any(rid not in kept for rid in ids)
            or (_local(element) in _LINKS and action and not action.startswith(_SAFE_ACTIONS))
        ):
            doomed.append(element)
    for element in doomed:
        _remove_reference(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _remove_reference(element: etree._Element) -> None:
    """Remove what a left-out relationship leaves behind, keeping as much of the part as makes sense."""
    if element.getparent() is None:  # the part's root, or inside something already removed
        return
    name = _local(element)
    ancestors = list(element.iterancestors())
    extension = next((a for a in ancestors if _local(a) == "ext"), None)
    if name == "snd":  # a sound on a transition: the whole sound action goes
        target = next((a for a in ancestors if _local(a) == "sndAc"), element)
    elif name in _LINKS or name in _ENTRIES:
        target = element
    elif extension is not None:  # an extension (an SVG picture, say): optional by design
        target = extension
    elif name == "blip":
        fill = next((a for a in ancestors if _local(a) == "blipFill"), None)
        if fill is not None and fill.getparent() is not None and _local(fill.getparent()) != "pic":
            fill.getparent().replace(fill, etree.Element(f"{{{A}}}noFill"))
            return
        target = next((a for a in ancestors if _local(a) in _SHAPES), element)
    else:
        target = next((a for a in ancestors if _local(a) in _SHAPES), element)
    parent = target.getparent()
    if parent is not None:
        parent.remove(target)
        # A list left empty (of extensions) or a font left with no files goes too.
        emptied = _local(parent) == "extLst" and len(parent) == 0
        fontless = _local(parent) == "embeddedFont" and not any(_local(c) in _ENTRIES for c in parent)
        if (emptied or fontless) and parent.getparent() is not None:
            parent.getparent().remove(parent)


def open_template(path: Path | str) -> Any:
    """Return the template at `path`, sanitized, as a python-pptx Presentation with every slide removed."""
    from pptx import Presentation

    path = Path(path)
    if path.suffix.lower() not in (".pptx", ".potx"):
        raise file_error(path, "a slide template is a .pptx or .potx file", "template.type")
    if not path.is_file():
        raise file_error(path, "no such template file", "template.missing")
    try:
        data = sanitized_template(path, survey_template(path))
        prs = Presentation(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as exc:
        raise file_error(path, f"cannot open the template: {exc}", "template.unreadable") from None
    remove_slides(prs)
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
    return scheme_colours(theme_part.blob)


def template_contrast_warnings(prs: Any, where: str) -> list[Diagnostic]:
    """Return a warning for each of the template's text colours below WCAG AA on its background."""
    return scheme_contrast_warnings(template_colours(prs), where)
