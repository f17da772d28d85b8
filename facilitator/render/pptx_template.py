"""Build on a user's own PowerPoint template (.pptx or .potx): its masters, layouts and theme colours.

`open_template` returns the template as a Presentation with its slides removed
cleanly: each `sldId` is dropped, then its relationship (so the slide part is
not written again), and PowerPoint's section lists (p14), which would keep
pointing at the deleted slides, are removed too. A .potx opens after its main
content type is changed to the presentation type, in memory.

`find_layout` picks a layout by name with a fallback and a warning, and
`template_contrast_warnings` applies the contrast check to the template's
theme colours. Reading a template at check time, without python-pptx, is
`facilitator.workshop.template`.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from facilitator.errors import Diagnostic, file_error
from facilitator.workshop.template import (
    P14,
    PRESENTATION_TYPE,
    TEMPLATE_TYPE,
    scheme_colours,
    scheme_contrast_warnings,
)


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
    # The template's document properties (core, extended, custom) and its thumbnail (a picture
    # of its own first slide) describe the template, not the deck: keep only the presentation.
    package_rels = prs.part.package._rels
    for rel in [r for r in package_rels.values() if not r.reltype.endswith("/officeDocument")]:
        package_rels.pop(rel.rId)
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
