"""A .pptx package that every presentation program accepts: the fixes python-pptx needs, and the check.

PowerPoint and LibreOffice open almost anything; Keynote (and Quick Look, and
some web viewers) refuse a package whose parts do not point at each other as
the standard says, with "the file format is invalid" and nothing more. Public
bisects of what Keynote rejects (python-pptx issue 1051; its fix, python-pptx
PR 1128, unmerged; other generators' trackers) found the faults python-pptx
1.0.2 leaves in a deck with speaker notes, and this module mends them:

- `fix_package(prs)`, called once just before saving, makes a python-pptx
  Presentation right. Each fix names the upstream issue it works around, so
  it can be deleted when python-pptx fixes it.
- `package_problems(deck)` reads a saved .pptx (a path or its bytes) and
  returns what is wrong with it, one sentence per fault; an empty list means
  the package is sound. It is what a user would run to ask "will this open
  on a Mac?", and the tests run it on every deck we build so that a
  python-pptx upgrade cannot silently undo a fix.

The check reads the zip with lxml only (no python-pptx), refuses DTDs and
entities, and bounds what it reads (`MAX_MEMBERS`, `MAX_XML_BYTES`,
`MAX_TOTAL_XML_BYTES`, from the zip's directory, before inflating anything).
"""

from __future__ import annotations

import importlib.util
import io
import posixpath
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from facilitator.workshop.template_parts import CT_NS, PKG_REL, PML, REL, R, printable, standard_type

EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
NOTES_SLIDE_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml"
# The page sizes (EMU) the named slide-size types stand for, as PowerPoint writes them.
# A `type` is kept only with exactly its size; without `type` the size is "custom".
SLIDE_SIZE_TYPES = {
    "screen4x3": (9_144_000, 6_858_000),
    "screen16x9": (9_144_000, 5_143_500),
    "screen16x10": (9_144_000, 5_715_000),
}
MAX_MEMBERS = 100_000  # a 5,000-slide deck with notes has about 20,000
MAX_XML_BYTES = 64 * 1024 * 1024  # any one XML part the check reads
MAX_TOTAL_XML_BYTES = 512 * 1024 * 1024  # all of them (a 1,000-slide deck of ours has about 6 MB)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


# ---------------------------------------------------------------------------
# Fixing a python-pptx Presentation before it is saved


def fix_package(prs: Any) -> None:
    """Make a python-pptx Presentation a package every presentation program accepts; call it before saving.

    Lists the notes master in presentation.xml, makes the slide-size type
    true to the page, drops what python-pptx's default template leaves that
    no slide uses (printer settings, its thumbnail) and writes extended
    properties that describe this deck. Core properties are the caller's.
    """
    from pptx.oxml.ns import qn

    part = prs.part
    root = part._element
    # python-pptx issue 1051 (fix: python-pptx PR 1128, not merged as of 1.0.2): the notes
    # master python-pptx creates is related to the presentation but never listed in
    # <p:notesMasterIdLst>, and Keynote refuses the deck. Delete once PR 1128 is released.
    notes_masters = [rel for rel in part.rels.values() if rel.reltype == REL["notesMaster"]]
    listed = root.find(qn("p:notesMasterIdLst"))
    if listed is not None:
        root.remove(listed)
    if notes_masters:
        from pptx.oxml import parse_xml

        listed = parse_xml(
            f'<p:notesMasterIdLst xmlns:p="{PML}" xmlns:r="{R}">'
            f'<p:notesMasterId r:id="{notes_masters[0].rId}"/></p:notesMasterIdLst>'
        )
        root.find(qn("p:sldMasterIdLst")).addnext(listed)  # its place in the schema's order

    # python-pptx keeps the `type` of its default template's page (screen4x3) when
    # `slide_width`/`slide_height` change it (the page bug of python-pptx issue 1051's
    # reports): a 16:9 page labelled 4:3. Keep a type only with exactly its size.
    size = root.find(qn("p:sldSz"))
    if size is not None and size.get("type") is not None:
        cx, cy = int(size.get("cx", 0)), int(size.get("cy", 0))
        if SLIDE_SIZE_TYPES.get(size.get("type", "")) != (cx, cy):
            del size.attrib["type"]

    # python-pptx's default template carries a printer-settings blob and a thumbnail of its
    # own empty 4:3 slide; no slide of ours uses either (python-pptx issue 1051's reports).
    for rel in [r for r in part.rels.values() if r.reltype == REL["printerSettings"]]:
        part.drop_rel(rel.rId)
    package = part.package
    for rel in [r for r in package._rels.values() if r.reltype == REL["thumbnail"]]:
        package.drop_rel(rel.rId)

    # The default template's extended properties claim "Microsoft Macintosh PowerPoint",
    # a 4:3 show and its own theme's name: write ones that describe this deck.
    _write_app_properties(prs)


def _write_app_properties(prs: Any) -> None:
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI

    slides = list(prs.slides)
    notes = sum(1 for slide in slides if slide.has_notes_slide)
    blob = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{EP}"><Application>facilitator</Application>'
        f"<Slides>{len(slides)}</Slides><Notes>{notes}</Notes></Properties>"
    ).encode()
    package = prs.part.package
    existing = [r for r in package._rels.values() if r.reltype == REL["extended-properties"]]
    if existing:
        existing[0].target_part._blob = blob
        return
    part = Part(
        PackURI("/docProps/app.xml"),
        "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        package,
        blob,
    )
    package.relate_to(part, REL["extended-properties"])


# ---------------------------------------------------------------------------
# Checking a saved package


def package_problems(deck: Path | str | bytes) -> list[str]:
    """Return what would make presentation programs (Keynote first) refuse the .pptx `deck`, or [].

    `deck` is a path or the file's bytes. The rules, each one sentence in the result:
    the zip is a package (content types for every part, relationships that
    lead to parts that exist, no misspelt relationship type); presentation.xml
    lists the notes master in `<p:notesMasterIdLst>` when there is one; every
    notes slide is related to its slide (and that slide back to it) and to the
    notes master; the notes master is related to a theme; the slide size has
    no `type` that contradicts it; and nothing is left from python-pptx's
    default template (printer settings, its thumbnail, its core or extended
    properties).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(deck) if isinstance(deck, bytes) else Path(deck))
    except FileNotFoundError:
        return ["no such file"]
    except (zipfile.BadZipFile, OSError) as exc:
        return [f"not a .pptx (a .pptx is a zip archive): {exc}"]
    with archive:  # part names and parser messages are shown escaped: a zip's names are anyone's
        return [printable(problem, 400) for problem in _Package(archive).problems()]


class _Package:
    """A .pptx zip read part by part for `package_problems`."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = [info.filename for info in archive.infolist() if not info.filename.endswith("/")]
        self.members = set(self.names)
        self.found: list[str] = []
        self.types: dict[str, str] = {}  # part name → content type, from the overrides
        self.related: dict[str, list[tuple[str, str, str]]] = {}  # part → its relationships, once read
        self.trees: dict[str, Any] = {}  # .rels part → its parsed XML; any part → None when unreadable
        self.noted: set[str] = set()  # parts already reported as unreadable

    def xml(self, name: str) -> Any:
        """Return a part parsed, or None when it is too big, malformed or has a DTD (noted once per part)."""
        if name in self.trees:
            return self.trees[name]
        info = self.archive.getinfo(name)
        root = None
        if info.file_size > MAX_XML_BYTES:
            self.note(name, f"{name} is {info.file_size:,} bytes; the check reads XML parts up to 64 MB")
        else:
            try:
                root = etree.fromstring(self.archive.read(name), _PARSER)
            except etree.XMLSyntaxError as exc:
                self.note(name, f"{name} is not well-formed XML: {exc}")
            else:
                if root.getroottree().docinfo.doctype:
                    self.note(name, f"{name} has a DTD (<!DOCTYPE …>), which Office XML never has")
                    root = None
        if root is None or name.endswith(".rels"):  # keep relationships; slides are read once
            self.trees[name] = root
        return root

    def note(self, name: str, problem: str) -> None:
        """Record a problem with part `name`, once."""
        if name not in self.noted:
            self.noted.add(name)
            self.found.append(problem)

    def rels(self, source: str) -> list[tuple[str, str, str]]:
        """Return the internal relationships of part `source` ('' for the package) as (rId, type, target)."""
        if source not in self.related:
            self.related[source] = self._read_rels(source)
        return self.related[source]

    def _read_rels(self, source: str) -> list[tuple[str, str, str]]:
        folder, name = posixpath.split(source)
        rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels_name not in self.members:
            return []
        root = self.xml(rels_name)
        found = []
        for rel in root.iter(f"{{{PKG_REL}}}Relationship") if root is not None else ():
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            if target.startswith("/"):
                path = posixpath.normpath(target.lstrip("/"))
            else:
                path = posixpath.normpath(posixpath.join(folder, target))
            rel_type = rel.get("Type", "")
            standard = standard_type(rel_type)
            if standard != rel_type:
                self.found.append(
                    f"{rels_name}: relationship type {rel_type} is misspelt (the standard's is {standard})"
                )
            if path not in self.members:
                self.found.append(
                    f"{rels_name}: {rel.get('Id')} leads to {path}, which is not in the package"
                )
                continue
            found.append((rel.get("Id", ""), rel_type, path))
        kinds: dict[str, set[str]] = {}
        for _id, kind, path in found:
            kinds.setdefault(path, set()).add(kind)
        for path, types in kinds.items():
            if len(types) > 1:
                self.found.append(f"{rels_name}: {path} is related {len(types)} times, by different types")
        return found

    def problems(self) -> list[str]:
        """Return every problem found, in the order of the rules."""
        if len(self.names) > MAX_MEMBERS:
            return [f"holds {len(self.names):,} files; the check reads packages of up to {MAX_MEMBERS:,}"]
        xml_bytes = sum(
            i.file_size for i in self.archive.infolist() if i.filename.endswith((".xml", ".rels"))
        )
        if xml_bytes > MAX_TOTAL_XML_BYTES:
            return [f"unpacks to {xml_bytes:,} bytes of XML; the check reads packages of up to 512 MB"]
        if len(self.names) != len(self.members):
            self.found.append("the zip holds two entries with the same name")
        if "[Content_Types].xml" not in self.members:
            return ["not a .pptx: no [Content_Types].xml"]
        self._content_types()
        for name in self.names:  # a DTD or an undefined entity in any part makes Office refuse the file
            if name.endswith((".xml", ".rels")):
                self.xml(name)
        office = [target for _id, kind, target in self.rels("") if kind == REL["officeDocument"]]
        if len(office) != 1:
            return [*self.found, "the package does not lead to one presentation (ppt/presentation.xml)"]
        self._presentation(office[0])
        self._leftovers()
        return self.found

    def _content_types(self) -> None:
        root = self.xml("[Content_Types].xml")
        if root is None:
            return
        defaults = {d.get("Extension", "").lower() for d in root.iter(f"{{{CT_NS}}}Default")}
        overrides = {o.get("PartName", "").lstrip("/") for o in root.iter(f"{{{CT_NS}}}Override")}
        self.types = {
            o.get("PartName", "").lstrip("/"): o.get("ContentType", "")
            for o in root.iter(f"{{{CT_NS}}}Override")
        }
        for name in self.names:
            extension = posixpath.basename(name).rpartition(".")[2].lower()
            if name != "[Content_Types].xml" and name not in overrides and extension not in defaults:
                self.found.append(f"{name} has no content type in [Content_Types].xml")
        for name in sorted(overrides - self.members):
            self.found.append(f"[Content_Types].xml names {name}, which is not in the package")

    def _presentation(self, name: str) -> None:
        root = self.xml(name)
        if root is None:
            return
        rels = {rid: (kind, target) for rid, kind, target in self.rels(name)}
        notes_masters = [target for kind, target in rels.values() if kind == REL["notesMaster"]]
        listed = [
            rels.get(entry.get(f"{{{R}}}id", ""), ("", ""))
            for entry in root.iterfind(f"{{{PML}}}notesMasterIdLst/{{{PML}}}notesMasterId")
        ]
        if notes_masters and not listed:
            self.found.append(
                f"{name} has no <p:notesMasterIdLst> although it is related to the notes master "
                f"{notes_masters[0]} (Keynote refuses this; python-pptx issue 1051)"
            )
        for kind, _target in listed:
            if kind != REL["notesMaster"]:
                self.found.append(f"{name}: <p:notesMasterId> does not lead to a notes master")
        for notes_master in notes_masters:
            if not any(kind == REL["theme"] for _id, kind, _target in self.rels(notes_master)):
                self.found.append(f"the notes master {notes_master} is not related to a theme")
        for entry in root.iterfind(f"{{{PML}}}sldIdLst/{{{PML}}}sldId"):
            kind, _target = rels.get(entry.get(f"{{{R}}}id", ""), ("", ""))
            if kind != REL["slide"]:
                self.found.append(f"{name}: slide id {entry.get('id')} does not lead to a slide")
        self._notes_slides(set(notes_masters))
        size = root.find(f"{{{PML}}}sldSz")
        if size is None:
            self.found.append(f"{name} has no slide size (<p:sldSz>)")
        elif size.get("type") in SLIDE_SIZE_TYPES:
            cx, cy = int(size.get("cx", "0")), int(size.get("cy", "0"))
            want = SLIDE_SIZE_TYPES[size.get("type", "")]
            if (cx, cy) != want:
                self.found.append(
                    f'{name}: <p:sldSz type="{size.get("type")}"> stands for {want[0]} × {want[1]} EMU, '
                    f"but the slides are {cx} × {cy} EMU ({cx / cy:.2f}:1)"
                )

    def _notes_slides(self, notes_masters: set[str]) -> None:
        for name in self.names:
            if self.types.get(name) != NOTES_SLIDE_TYPE:
                continue
            rels = self.rels(name)
            if not any(kind == REL["notesMaster"] and target in notes_masters for _id, kind, target in rels):
                self.found.append(f"the notes slide {name} is not related to the presentation's notes master")
            slides = [target for _id, kind, target in rels if kind == REL["slide"]]
            if not slides:
                self.found.append(f"the notes slide {name} is not related to its slide")
            for slide in slides:
                if not any(kind == REL["notesSlide"] and t == name for _id, kind, t in self.rels(slide)):
                    self.found.append(f"the slide {slide} is not related back to its notes slide {name}")

    def _leftovers(self) -> None:
        default = _python_pptx_default()
        for name in ("ppt/printerSettings/printerSettings1.bin", "docProps/thumbnail.jpeg"):
            if name in self.members and name in default and self.archive.read(name) == default[name]:
                self.found.append(f"{name} is left from python-pptx's default template; no slide uses it")
        core = [t for _id, kind, t in self.rels("") if standard_type(kind) == REL["core-properties"]]
        if not core:
            self.found.append("the package has no core properties (docProps/core.xml)")
        for name in core[:1]:
            root = self.xml(name)
            values = {etree.QName(e).localname: (e.text or "") for e in root} if root is not None else {}
            for key, value in _DEFAULT_CORE:
                if values.get(key) == value:
                    self.found.append(f"{name}: {key} is python-pptx's default ({value!r}), not this deck's")
        app = "docProps/app.xml"
        if (
            app in self.members
            and app in default
            and _app_signature(self.archive.read(app)) == _app_signature(default[app])
        ):
            self.found.append("docProps/app.xml is python-pptx's default template's, not this deck's")


# Core properties that python-pptx writes when it has to make some (CorePropertiesPart.default)
# or that its default template carries; none of them describes a deck of ours.
_DEFAULT_CORE = (
    ("title", "PowerPoint Presentation"),
    ("description", "generated using python-pptx"),
    ("lastModifiedBy", "python-pptx"),
    ("lastModifiedBy", "Steve Canny"),
    ("created", "2013-01-27T09:14:16Z"),
)


def _app_signature(data: bytes) -> bytes:
    """Return extended properties without the counts a writer may update (to compare with the default's)."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        return data
    for element in list(root):
        if etree.QName(element).localname in ("Slides", "Notes", "PresentationFormat", "Words", "Paragraphs"):
            root.remove(element)
    return etree.tostring(root, method="c14n")


@lru_cache(maxsize=1)
def _python_pptx_default() -> dict[str, bytes]:
    """Return the parts of the installed python-pptx's default template that a deck must not keep."""
    spec = importlib.util.find_spec("pptx")
    if spec is None or spec.origin is None:
        return {}
    template = Path(spec.origin).parent / "templates" / "default.pptx"
    wanted = ("ppt/printerSettings/printerSettings1.bin", "docProps/thumbnail.jpeg", "docProps/app.xml")
    with zipfile.ZipFile(template) as archive:
        return {name: archive.read(name) for name in wanted if name in archive.namelist()}
