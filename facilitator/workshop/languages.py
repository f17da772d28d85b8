"""Text in several languages: `{en: …, fr: …}` wherever the workshop file or a library item takes text.

A text field holds either one text, or a mapping from language tags to texts:

    title: {en: Allyship in practice, fr: L'alliance au quotidien}

A build picks the text of the workshop's language: the tag itself (`fr-CA`), else
one of the same language (`fr`, `fr-FR`), else English, else the first given,
and says so (`i18n.fallback`, a warning naming the item and its fields). A
plain text is in the language of the file it is written in: the built-in
library's is English, a workshop's is its own `language:`, and a workshop's own
library folders share that language. So building an English workshop with
`--language fr` warns about every text that has no French.

The picking happens while the schema validates (`fields.Text`), told the
language through pydantic's validation context (`Languages`); this module
holds the rules, and turns what fell back into positioned warnings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from facilitator.errors import Diagnostic
from facilitator.workshop.source import Loc, SourceDoc, format_loc

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
FALLBACK_CODE = "i18n.fallback"
SHOWN_FIELDS = 6  # fields named in one fallback warning before "and N more"


def primary(tag: str) -> str:
    """Return a tag's language, lowercase: `fr-CA` → `fr`."""
    return tag.split("-")[0].lower()


def same_language(first: str, second: str) -> bool:
    """Return True when two tags name the same language (`fr`, `fr-CA` and `fr-FR` do)."""
    return primary(first) == primary(second)


def is_language_map(value: Any) -> bool:
    """Return True for a mapping of language tags to texts (`{en: …, fr: …}`)."""
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(k, str) and LANGUAGE_TAG.match(k) for k in value)
        and all(isinstance(v, str) for v in value.values())
    )


def choose(texts: Mapping[str, str], wanted: str) -> str:
    """Return the key of `texts` to use for the language `wanted`.

    The tag itself (any case), else a tag of the same language (the bare
    language first, then the others in file order), else English, else the
    first given.
    """
    keys = list(texts)
    lowered = {k.lower(): k for k in keys}
    if wanted.lower() in lowered:
        return lowered[wanted.lower()]
    language = primary(wanted)
    if language in lowered:
        return lowered[language]
    for key in keys:
        if primary(key) == language:
            return key
    if "en" in lowered:
        return lowered["en"]
    for key in keys:
        if primary(key) == "en":
            return key
    return keys[0]


@dataclass
class Languages:
    """What the schema needs to pick texts for one file: pydantic's validation context.

    `wanted` is the build's language; `written` the language of the file's plain
    texts; `typeset` the typography applied to text in the wanted language (French
    no-break spaces), or None. Every text that is not in the wanted language is
    noted in `fallbacks`, with the language it is in.
    """

    wanted: str
    written: str
    typeset: Callable[[str], str] | None = None
    fallbacks: list[tuple[Any, str]] = field(default_factory=list)

    def pick(self, value: Any) -> Any:
        """Return the text to use from a field's value (a text or a language map); other values unchanged."""
        if isinstance(value, dict):
            key = choose(value, self.wanted)
            text, language = value[key], key
        elif isinstance(value, str):
            text, language = value, self.written
        else:
            return value
        if not isinstance(text, str):
            return text  # the schema reports what it is
        if not same_language(language, self.wanted):
            self.fallbacks.append((value, language))
        elif self.typeset is not None:
            text = self.typeset(text)
        return text

    def for_file(self, written: str) -> Languages:
        """Return the same choice for a file whose plain texts are in the language `written`."""
        return Languages(self.wanted, written, self.typeset)


def _nodes(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    yield loc, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _nodes(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _nodes(value, (*loc, i))


def fallback_warning(doc: SourceDoc, languages: Languages) -> Diagnostic | None:
    """Return one warning naming the fields of `doc` that have no text in the wanted language, or None."""
    if not languages.fallbacks:
        return None
    found: dict[int, str] = {id(value): language for value, language in languages.fallbacks}
    locs: list[Loc] = []
    used: set[str] = set()
    for loc, node in _nodes(doc.data):
        if id(node) in found and isinstance(node, (str, dict)) and loc:
            locs.append(loc)
            used.add(found[id(node)])
    if not locs:
        return None
    names = [format_loc(loc) for loc in locs]
    shown = ", ".join(names[:SHOWN_FIELDS])
    if len(names) > SHOWN_FIELDS:
        shown += f" and {len(names) - SHOWN_FIELDS} more"
    item = doc.data.get("id") if isinstance(doc.data, dict) else None
    whose = f"'{item}'" if isinstance(item, str) else "this file"
    fields_word = "field has" if len(names) == 1 else "fields have"
    wanted, printed = languages.wanted, " and ".join(sorted(used))
    message = (
        f"{len(names)} {fields_word} no '{wanted}' text in {whose}: {shown}; the {printed} text is "
        f"printed instead (write each as {{en: …, {primary(wanted)}: …}})"
    )
    return doc.diagnostic(locs[0], message, FALLBACK_CODE, severity="warning")
