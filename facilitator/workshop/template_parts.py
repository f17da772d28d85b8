"""What a deck keeps of a PowerPoint template: the package walked from its presentation part.

A template comes from someone else and may be hostile, so it is surveyed, not
copied. `survey_package` walks the zip from the presentation part and keeps
what a deck may keep — masters, layouts, themes, the notes and handout
masters, presentation properties, the fonts it embeds and the pictures those
parts use — and leaves out everything else: its slides, document properties,
thumbnail, printer settings, macros, embedded objects, sounds and videos, and
every link outside the file except `http`/`https`/`mailto` hyperlinks (which
are kept and reported). Each XML part it keeps is parsed without resolving
anything; a DTD, an undefined entity, malformed XML, no layouts, a colour that
is not one, more than `MAX_TEMPLATE_XML` of XML or `MAX_TEMPLATE_LAYOUTS`
layouts raise `TemplateRefused` with one sentence naming the part.

`facilitator.workshop.template` turns this into check-time messages;
`facilitator.render.pptx_template` writes the kept parts as the deck's base.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

PRESENTATION_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PML = "http://schemas.openxmlformats.org/presentationml/2006/main"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
# XML is what costs: python-pptx holds every part as a tree (16 MB of layouts: 6 s and 320 MB to
# build). LibreOffice's 23 shipped templates hold at most 1.5 MB of XML and 144 layouts.
MAX_TEMPLATE_XML = 8 * 1024 * 1024
MAX_TEMPLATE_LAYOUTS = 256

_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
# Relationship types by short name: the standard's officeDocument family, then the package's.
_REL_NAMES = (
    "officeDocument extended-properties slideMaster slideLayout slide notesMaster notesSlide "
    "handoutMaster theme printerSettings presProps viewProps tableStyles font image hyperlink"
)
REL = {name: _DOC_REL + name for name in _REL_NAMES.split(" ")}
REL["core-properties"] = PKG_REL + "/metadata/core-properties"
REL["thumbnail"] = PKG_REL + "/metadata/thumbnail"
_SHORT = {full: short for short, full in REL.items()}
_PPT = "application/vnd.openxmlformats-officedocument.presentationml."
MAIN_TYPES = {
    PRESENTATION_TYPE,
    TEMPLATE_TYPE,
    _PPT + "slideshow.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
}
MACRO_TYPES = {"application/vnd.ms-office.vbaProject", "application/vnd.ms-office.activeX+xml"}
IMAGE_TYPES = {
    f"image/{kind}" for kind in ("png", "jpeg", "jpg", "gif", "bmp", "tiff", "x-emf", "x-wmf", "emf", "wmf")
}
FONT_TYPES = {
    "application/x-fontdata",
    "application/x-font-ttf",
    "application/vnd.openxmlformats-officedocument.obfuscatedFont",
}
# What a deck keeps: for each kind of part, the relationships it may keep and the content
# types the part must have. Everything else a template holds is left out.
KEEP = {
    "presentation": {
        "slideMaster",
        "notesMaster",
        "handoutMaster",
        "theme",
        "presProps",
        "viewProps",
        "tableStyles",
        "font",
    },
    "slideMaster": {"slideLayout", "theme", "image", "hyperlink"},
    "slideLayout": {"slideMaster", "image", "hyperlink"},
    "notesMaster": {"theme", "image", "hyperlink"},
    "handoutMaster": {"theme", "image", "hyperlink"},
    "theme": {"image"},
}
CONTENT_TYPES = {
    **{kind: {f"{_PPT}{kind}+xml"} for kind in KEEP if kind not in ("presentation", "theme")},
    **{kind: {f"{_PPT}{kind}+xml"} for kind in ("presProps", "viewProps", "tableStyles")},
    "theme": {"application/vnd.openxmlformats-officedocument.theme+xml"},
    "font": FONT_TYPES,
    "image": IMAGE_TYPES,
}
WEB_SCHEMES = ("http:", "https:", "mailto:")


@dataclass(frozen=True)
class Link:
    """One relationship of a part: its id, standard type, target part (or URL) and whether it is a URL."""

    rid: str
    type: str
    target: str
    external: bool


@dataclass(frozen=True)
class Survey:
    """What a deck keeps of a template, and what it leaves out.

    `parts` maps each kept part to (content type, kept relationships); `main` is
    the presentation part. `masters` lists each master's part and its layouts'
    names in order. `left_out` describes the links outside the file that are
    dropped, `hyperlinks` the web and mail links kept, `macros` the macro parts
    dropped.
    """

    main: str
    parts: dict[str, tuple[str, tuple[Link, ...]]]
    masters: tuple[tuple[str, tuple[str, ...]], ...]
    colours: dict[str, str]
    slide_size: tuple[int, int]
    left_out: tuple[str, ...]
    hyperlinks: tuple[str, ...]
    macros: tuple[str, ...]

    @property
    def layout_names(self) -> list[str]:
        """Return the names of every layout of every master, masters in order."""
        return [name for _master, names in self.masters for name in names]


class TemplateRefused(Exception):
    """Raised (inside this module) when a template cannot be used; the message says why."""


def standard_type(rel_type: str) -> str:
    """Return the standard relationship type `rel_type` was meant to be (itself when it is one or unknown).

    A writer's slip such as LibreOffice's .potx `.../officedocument/.../metadata/core-properties`
    (for `.../package/.../metadata/core-properties`) makes readers miss the part.
    """
    if rel_type in _SHORT or not rel_type.startswith("http://schemas.openxmlformats.org/"):
        return rel_type
    tail = rel_type.rsplit("/", 1)[-1].lower()
    return next((known for known in _SHORT if known.rsplit("/", 1)[-1].lower() == tail), rel_type)


def printable(text: str, limit: int = 80) -> str:
    """Return text from a file as it may be printed: control and direction characters escaped, cut at `limit`.

    Part names and URLs in a template or deck are anyone's: shown raw, they could clear the
    terminal, set its title or reverse the rest of the line.
    """
    shown = "".join(
        c
        if c.isprintable() and c not in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        else ascii(c)[1:-1]
        for c in text
    )
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def survey_package(archive: zipfile.ZipFile) -> Survey:
    """Return what a deck keeps of the template in `archive`; raise TemplateRefused when it cannot be used."""
    return _Surveyor(archive).survey()


class _Surveyor:
    """Walks a template package from its presentation part, keeping what a deck may keep."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.members = {info.filename: info for info in archive.infolist()}
        self.xml_read = 0
        self.types = self._content_types()
        self.parts: dict[str, tuple[str, tuple[Link, ...]]] = {}
        self.left_out: list[str] = []
        self.hyperlinks: list[str] = []
        self.macros: list[str] = []
        self.master_layouts: dict[str, list[str]] = {}  # master part → its layouts' rIds, in order
        self.layout_names: dict[str, str] = {}
        self.theme_colours: dict[str, dict[str, str]] = {}
        self.master_order: list[str] = []
        self.slide_size = (0, 0)

    def xml(self, name: str) -> etree._Element:
        """Return a part parsed, refusing a DTD, an entity or malformed XML, and counting its size."""
        self.xml_read += self.members[name].file_size
        if self.xml_read > MAX_TEMPLATE_XML:
            raise TemplateRefused(f"holds more than {MAX_TEMPLATE_XML // 1_048_576} MB of XML")
        try:
            root = etree.fromstring(self.archive.read(name), _PARSER)
        except etree.XMLSyntaxError as exc:
            detail = getattr(exc, "msg", "") or str(exc)
            raise TemplateRefused(
                f"{printable(name)} is not well-formed XML ({printable(detail, 200)}); it cannot be used"
            ) from None
        if root.getroottree().docinfo.doctype:
            raise TemplateRefused(
                f"{printable(name)} declares a DTD (<!DOCTYPE …>), which Office files never do and which can "
                "pull in other files; it cannot be used"
            )
        return root

    def _content_types(self) -> dict[str, str]:
        root = self.xml("[Content_Types].xml")
        defaults = {
            d.get("Extension", "").lower(): d.get("ContentType", "") for d in root.iter(f"{{{CT_NS}}}Default")
        }
        types = {
            name: defaults.get(posixpath.basename(name).rpartition(".")[2].lower(), "")
            for name in self.members
        }
        for override in root.iter(f"{{{CT_NS}}}Override"):
            types[override.get("PartName", "").lstrip("/")] = override.get("ContentType", "")
        return types

    def links(self, source: str) -> list[Link]:
        """Return the relationships of part `source` ('' for the package), targets resolved."""
        folder, name = posixpath.split(source)
        rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels_name not in self.members:
            return []
        found = []
        for rel in self.xml(rels_name).iter(f"{{{PKG_REL}}}Relationship"):
            target = rel.get("Target", "")
            external = (rel.get("TargetMode") or "").lower() == "external"
            if not external:
                joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                target = posixpath.normpath(joined)
            found.append(Link(rel.get("Id", ""), standard_type(rel.get("Type", "")), target, external))
        return found

    def survey(self) -> Survey:
        """Walk the package and return what a deck keeps of it."""
        main = ""
        for link in self.links(""):
            if link.external:
                self.left_out.append(f"a link from the file itself to {printable(link.target)}")
            elif link.type == REL["officeDocument"] and not main:
                main = link.target
        if self.types.get(main) not in MAIN_TYPES:
            raise TemplateRefused("is a zip archive but not a PowerPoint presentation")
        if "macroEnabled" in self.types[main]:
            self.macros.append(printable(main) + " (macro-enabled)")
        queue = [(main, "presentation")]
        while queue:
            part, kind = queue.pop(0)
            if part not in self.parts:
                queue += self._visit(part, kind)
        masters = tuple(
            (
                master,
                tuple(
                    self.layout_names[lay]
                    for lay in self.master_layouts.get(master, ())
                    if lay in self.layout_names
                ),
            )
            for master in self.master_order
            if master in self.parts
        )
        if not any(names for _master, names in masters):
            raise TemplateRefused(
                "has no slide layouts; a deck needs at least one (with a title placeholder)"
            )
        first_theme = [link.target for link in self.parts[masters[0][0]][1] if link.type == REL["theme"]]
        colours = self.theme_colours.get(first_theme[0], {}) if first_theme else {}
        return Survey(
            main,
            self.parts,
            masters,
            colours,
            self.slide_size,
            tuple(self.left_out),
            tuple(self.hyperlinks),
            tuple(self.macros),
        )

    def _visit(self, part: str, kind: str) -> list[tuple[str, str]]:
        """Keep `part` (a `kind` of part) with the relationships it may keep; return where they lead."""
        content_type = self.types.get(part, "")
        kept: list[Link] = []
        follow: list[tuple[str, str]] = []
        for link in self.links(part) if kind in KEEP else []:
            short = _SHORT.get(link.type, link.type.rsplit("/", 1)[-1])
            if link.external:
                if short == "hyperlink" and link.target.lower().startswith(WEB_SCHEMES):
                    kept.append(link)
                    self.hyperlinks.append(f"{printable(link.target)} (on {printable(part)})")
                else:
                    self.left_out.append(
                        f"{_described(short)} on {printable(part)} to {printable(link.target)}"
                    )
            elif self.types.get(link.target) in MACRO_TYPES or short == "vbaProject":
                self.macros.append(printable(link.target))
            elif (
                short in KEEP[kind]
                and link.target in self.members
                and self.types.get(link.target) in CONTENT_TYPES.get(short, ())
            ):
                kept.append(link)
                follow.append((link.target, short))
        if kind in KEEP or content_type.endswith("+xml"):  # pictures and fonts are not XML
            self._read(part, kind, kept)
        self.parts[part] = (content_type, tuple(kept))
        if kind == "slideLayout" and len(self.layout_names) > MAX_TEMPLATE_LAYOUTS:
            raise TemplateRefused(f"has more than {MAX_TEMPLATE_LAYOUTS} layouts")
        return follow

    def _read(self, part: str, kind: str, kept: list[Link]) -> None:
        """Parse a kept XML part (refusing DTDs and entities) and note what the deck needs from it."""
        root = self.xml(part)
        by_id = {link.rid: link.target for link in kept}
        if kind == "presentation":
            size = root.find(f"{{{PML}}}sldSz")
            if size is not None:
                self.slide_size = (_int(size.get("cx")), _int(size.get("cy")))
            entries = root.iterfind(f"{{{PML}}}sldMasterIdLst/{{{PML}}}sldMasterId")
            masters = [by_id[e.get(f"{{{R}}}id", "")] for e in entries if e.get(f"{{{R}}}id") in by_id]
            self.master_order = list(dict.fromkeys(masters))  # each master once, in order
        elif kind == "slideMaster":
            entries = root.iterfind(f"{{{PML}}}sldLayoutIdLst/{{{PML}}}sldLayoutId")
            layouts = [by_id[e.get(f"{{{R}}}id", "")] for e in entries if e.get(f"{{{R}}}id") in by_id]
            self.master_layouts[part] = list(dict.fromkeys(layouts))  # each layout once, in order
        elif kind == "slideLayout":
            c_sld = root.find(f"{{{PML}}}cSld")
            self.layout_names[part] = c_sld.get("name", "") if c_sld is not None else ""
        elif kind == "theme":
            self.theme_colours[part] = _scheme(root, part)


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def _described(short: str) -> str:
    words = {
        "image": "a picture linked",
        "hyperlink": "a link",
        "attachedTemplate": "an attached template",
        "oleObject": "an embedded object linked",
    }
    return words.get(short, f"a link of type {short}")


def _scheme(root: etree._Element, part: str) -> dict[str, str]:
    """Return a theme's colour scheme as `#RRGGBB` by slot, refusing a value that is not a colour."""
    colours: dict[str, str] = {}
    scheme = root.find(f".//{{{A}}}clrScheme")
    for slot in scheme if scheme is not None else ():
        if not isinstance(slot.tag, str):
            continue
        name = etree.QName(slot).localname
        srgb = slot.find(f"{{{A}}}srgbClr")
        system = slot.find(f"{{{A}}}sysClr")
        value = srgb.get("val") if srgb is not None else system.get("lastClr") if system is not None else None
        if value is None and system is not None:
            continue  # a system colour without its last value: nothing to read, nothing wrong
        if value is None or not re.fullmatch(r"[0-9A-Fa-f]{6}", value):
            raise TemplateRefused(
                f"{printable(part)}: colour {printable(name)} is {printable(str(value))!r}, not a colour "
                "(six hex digits such as 1F497D); fix the template's colour scheme"
            )
        colours[name] = "#" + value.upper()
    return colours


def scheme_colours(theme_xml: bytes) -> dict[str, str]:
    """Return the colour scheme of a theme part as `#RRGGBB` by slot (slots that are not colours left out)."""
    try:
        return _scheme(etree.fromstring(theme_xml, _PARSER), "theme")
    except TemplateRefused:
        return {}
