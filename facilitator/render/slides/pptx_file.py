"""Saving a python-pptx Presentation as a reproducible .pptx: pinned dates, stable order, our properties.

python-pptx stamps every zip entry with the current time and `docProps/core.xml`
with "now". `save` writes each part once, dates every entry with `build_time`
(`SOURCE_DATE_EPOCH` when set, else the workshop's date) and orders them
(`[Content_Types].xml` first, as OPC readers expect); `core_properties`
describes the deck with the workshop's title, facilitators and language.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile

from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter
from pptx.presentation import Presentation as PresentationObject

from facilitator.planning.plan import Plan


def build_time(plan: Plan) -> dt.datetime:
    """Return the time stamped in the file: `SOURCE_DATE_EPOCH` if set, else the workshop's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).replace(tzinfo=None)
    date = plan.workshop.date
    return dt.datetime(date.year, date.month, date.day)


def normalise_zip(data: bytes, when: dt.datetime) -> bytes:
    """Return the zip `data` rewritten with every entry dated `when` and in a stable order.

    `[Content_Types].xml` stays first, as OPC readers expect; the rest follow sorted by name.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return _zip({name: source.read(name) for name in source.namelist()}, when)


def _zip(entries: dict[str, bytes], when: dt.datetime) -> bytes:
    """Return a zip of `entries`, each dated `when`, `[Content_Types].xml` first, the rest sorted."""
    stamp = max(when, dt.datetime(1980, 1, 1)).timetuple()[:6]
    names = sorted(entries, key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()


class _Entries:
    """Collects what python-pptx would write into a zip, as name → bytes."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}

    def write(self, uri: PackURI, blob: bytes) -> None:
        """Keep one package item."""
        self.entries[uri.membername] = blob


class _CollectingWriter(PackageWriter):
    """python-pptx's package writer, writing into an `_Entries` instead of a zip file."""

    def _write(self) -> None:
        entries = self._pkg_file
        self._write_content_types_stream(entries)  # type: ignore[arg-type]
        self._write_pkg_rels(entries)  # type: ignore[arg-type]
        self._write_parts(entries)  # type: ignore[arg-type]


def save(prs: PresentationObject, when: dt.datetime) -> bytes:
    """Return a presentation as reproducible .pptx bytes, compressing each part once.

    Falls back to saving normally and rewriting the zip if python-pptx's
    writer is not shaped as expected.
    """
    package = prs.part.package
    try:
        collected = _Entries()
        _CollectingWriter.write(collected, package._rels, tuple(package.iter_parts()))  # type: ignore[arg-type]
    except AttributeError:  # pragma: no cover - another python-pptx version
        buffer = io.BytesIO()
        prs.save(buffer)
        return normalise_zip(buffer.getvalue(), when)
    entries = collected.entries
    app = entries.get("docProps/app.xml")
    if app is not None:  # the template's extended properties describe an empty 4:3 deck
        count = str(len(prs.slides))
        text = app.decode("utf-8")
        text = re.sub(r"<PresentationFormat>[^<]*<", "<PresentationFormat>Widescreen<", text)
        text = re.sub(r"<Slides>\d+<", f"<Slides>{count}<", text)
        text = re.sub(r"<Notes>\d+<", f"<Notes>{count}<", text)
        entries["docProps/app.xml"] = text.encode("utf-8")
    return _zip(entries, when)


def core_properties(prs: PresentationObject, plan: Plan) -> None:
    """Set the deck's document properties from the workshop, dated like its zip entries."""
    w = plan.workshop
    when = build_time(plan)
    props = prs.core_properties
    # python-pptx refuses a core property over 255 characters (found by tests/test_properties.py).
    props.title = w.title[:255]
    author = ("; ".join(w.facilitators) or w.organisation or "")[:255]
    props.author = author
    props.last_modified_by = author
    props.subject = (w.subtitle or w.title)[:255]
    props.comments = (f"Workshop slides for {w.audience}." if w.audience else "Workshop slides.")[:255]
    props.keywords = "workshop"
    props.category = "Workshop"
    props.language = w.language
    props.revision = 1
    props.created = when
    props.modified = when
    props.last_printed = when
