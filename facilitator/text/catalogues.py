"""Maintaining the message catalogues with Babel: extract, update, compile, check (`make i18n`).

    python -m facilitator.text.catalogues            extract, update every .po, compile every .mo
    python -m facilitator.text.catalogues --check    say what is stale or missing; exit 1 if anything is
    python -m facilitator.text.catalogues --add de   start a catalogue for a new language, then update

Messages are extracted from the package's Python (`words._("…")`,
`words.ngettext(…)`, `words.pgettext(…)`, `N_("…")`) and from the guide's jinja2
templates (`{{ _("…") }}`, `{% trans %}`) into `facilitator/locale/facilitator.pot`.
Each language's `.po` is updated from it; English, the source language, gets
every new message copied as it is (edit `en` to change the English wording
without touching the code). Locations are kept without line numbers and the
entries sorted, so an edit elsewhere in a file does not rewrite the catalogues
and two branches adding messages rarely collide.

The compiled `.mo` files are committed: building a workshop needs no compiler,
and the tests compile each `.po` again and compare the bytes, so a stale `.mo`
cannot go unnoticed. Used only by maintainers and tests; the build reads the
`.mo` files with the standard library (`facilitator.text.i18n`).
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import io
import re
import sys
from importlib.metadata import version
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from facilitator.text.i18n import DOMAIN, LOCALE_DIR, SOURCE_LANGUAGE

PACKAGE = LOCALE_DIR.parent
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
METHODS = [("**.py", "python"), ("templates/**.j2", "jinja2.ext:babel_extract")]
OPTIONS = {
    "templates/**.j2": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
}
# A fixed date in the headers keeps the files byte-identical from one run to the next.
STAMP = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
WIDTH = 100
HEADER = """\
# {title} for facilitator.
# This file is distributed under the same licence as the facilitator project (MIT).
# Add or change a message here, then run `make i18n`.
#"""
_BRACE = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}")
_PERCENT = re.compile(r"%\(([A-Za-z_][A-Za-z0-9_]*)\)[sd]")


def po_path(language: str) -> Path:
    """Return the `.po` file of one language."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    """Return the compiled `.mo` file of one language."""
    return po_path(language).with_suffix(".mo")


def languages() -> list[str]:
    """Return the languages that have a catalogue, in order."""
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def extract() -> Catalog:
    """Return every message the package's code and templates ask for, as a template catalogue."""
    catalog = _catalogue(None)
    found = extract_from_dir(
        PACKAGE,
        method_map=METHODS,
        options_map=OPTIONS,
        keywords=DEFAULT_KEYWORDS,
        directory_filter=lambda path: "__pycache__" not in path,
    )
    for filename, _lineno, message, comments, context in found:
        if Path(filename).name == Path(__file__).name:
            continue
        catalog.add(
            message, None, [(f"facilitator/{filename}", None)], auto_comments=comments, context=context
        )
    return catalog


def _catalogue(locale: str | None) -> Catalog:
    """Return an empty catalogue with the project's fixed header."""
    catalog = Catalog(
        locale=locale,
        domain=DOMAIN,
        header_comment=HEADER.format(title=f"Messages in {locale}" if locale else "Message template"),
        project=DOMAIN,
        version=version("facilitator"),
        copyright_holder="the facilitator authors",
        msgid_bugs_address="the facilitator issue tracker",
        creation_date=STAMP,
        revision_date=STAMP,
        last_translator="the facilitator authors",
        language_team=locale or "all",
        fuzzy=False,
    )
    return catalog


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, sort_output=True, ignore_obsolete=True, include_lineno=False)
    return out.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def read_catalogue(language: str) -> Catalog:
    """Return one language's `.po` catalogue as Babel reads it."""
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def updated(language: str, template: Catalog) -> Catalog:
    """Return a language's catalogue brought up to date with `template` (English filled in)."""
    catalog = read_catalogue(language)
    # Babel moves the template's new Message objects into the catalogue: give each language its own.
    catalog.update(copy.deepcopy(template), no_fuzzy_matching=True, update_creation_date=False)
    catalog.revision_date = STAMP
    catalog.fuzzy = False
    if language == SOURCE_LANGUAGE:
        for message in catalog:
            if message.id and not _translated(message):
                message.string = message.id
    return catalog


def update(add: str | None = None) -> list[Path]:
    """Extract, update every `.po` (starting `add` first if given) and compile; return the files written."""
    template = extract()
    written = [_write(TEMPLATE, _po_bytes(template))]
    if add:
        path = po_path(add)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(_po_bytes(_catalogue(add)))
    for language in languages():
        catalog = updated(language, template)
        written.append(_write(po_path(language), _po_bytes(catalog)))
        written.append(_write(mo_path(language), _mo_bytes(catalog)))
    return [p for p in written if p is not None]


def _write(path: Path, data: bytes) -> Path | None:
    if path.exists() and path.read_bytes() == data:
        return None
    path.write_bytes(data)
    return path


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return all(strings) and bool(strings)


def _shown(path: Path) -> str:
    """Return a path as messages show it: from the project's folder when inside it."""
    try:
        return str(path.relative_to(PACKAGE.parent))
    except ValueError:
        return str(path)


def _fields(text: str) -> set[str]:
    return set(_BRACE.findall(text)) | set(_PERCENT.findall(text))


def problems() -> list[str]:
    """Return what is wrong with the catalogues: stale template, missing messages, bad placeholders."""
    found: list[str] = []
    template = extract()
    if not TEMPLATE.exists() or TEMPLATE.read_bytes() != _po_bytes(template):
        found.append(f"{_shown(TEMPLATE)} is out of date: run `make i18n`")
    wanted = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in template if m.id}
    for language in languages():
        catalog = read_catalogue(language)
        shown = _shown(po_path(language))
        if not mo_path(language).exists() or mo_path(language).read_bytes() != _mo_bytes(catalog):
            found.append(f"{_shown(mo_path(language))} does not match its .po: run `make i18n`")
        have = {}
        for message in catalog:
            if message.id:
                have[(message.id if isinstance(message.id, str) else message.id[0], message.context)] = (
                    message
                )
        for key in sorted(wanted - set(have), key=str):
            found.append(f"{shown}: no entry for {key[0]!r}: run `make i18n`")
        for key in sorted(wanted & set(have), key=str):
            message = have[key]
            if message.fuzzy:
                found.append(
                    f"{shown}: {key[0]!r} is marked fuzzy; check the translation and remove the mark"
                )
            elif not _translated(message):
                found.append(f"{shown}: {key[0]!r} has no translation")
            else:
                ids = [message.id] if isinstance(message.id, str) else list(message.id)
                strings = [message.string] if isinstance(message.string, str) else list(message.string)
                expected = set().union(*(_fields(i) for i in ids))
                for string in strings:
                    if _fields(string) != expected:
                        found.append(
                            f"{shown}: {key[0]!r}: the translation's placeholders {sorted(_fields(string))} "
                            f"differ from {sorted(expected)}"
                        )
    return found


def main(argv: list[str] | None = None) -> int:
    """Run `make i18n` (update) or the check; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m facilitator.text.catalogues", description=__doc__)
    parser.add_argument("--check", action="store_true", help="report problems and exit 1 if there are any")
    parser.add_argument("--add", metavar="LANG", help="start a catalogue for a new language (e.g. de)")
    args = parser.parse_args(argv)
    if args.check:
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    for path in update(add=args.add):
        print(f"wrote {_shown(path)}")
    missing = [p for p in problems() if "no translation" in p or "fuzzy" in p]
    for line in missing:
        print(line)
    if missing:
        print(f"{len(missing)} messages still need a translation: edit the .po files, then `make i18n` again")
    else:
        count = sum(1 for message in read_catalogue(SOURCE_LANGUAGE) if message.id)
        print(f"catalogues up to date: {', '.join(languages())} ({count} messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
