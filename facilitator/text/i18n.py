"""Every word the tool writes, in the workshop's language: message catalogues, dates, times, lists.

A workshop's `language` tag (`en`, `fr-CA`, `ar`, …) picks two things:

- the **catalogue** of the tool's own words (labels, headings, sentences):
  `facilitator/locale/<catalogue>/LC_MESSAGES/facilitator.mo`, compiled from the
  `.po` file beside it by `make i18n` and read with the standard library's
  `gettext`. The catalogue is the tag's language when there is one (`en`,
  `fr`), else English;
- the **CLDR locale** for dates, times, durations, numbers and lists, through
  Babel: the tag itself when it has a catalogue (`fr-CA` → `fr_CA`, `fr` →
  `fr`), else `en_CA`. A tag without a region reads as Canadian for English
  (`en` → `en_CA`), as the paper size does.

Babel is imported on first use of a date, time or list, so `validate` and
`--help` never load it; messages need only `gettext`. French text gets its
no-break spaces (`facilitator.text.typography`) as it leaves the catalogue.

Times are 24-hour, in each locale's own CLDR form: `14:20` in English,
`14 h 20` in Canadian French (the Office québécois de la langue française's
form, and CLDR's for fr-CA), `14:20` in France's French.
"""

from __future__ import annotations

import datetime as dt
import gettext as gettext_module
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from facilitator.text.typography import NARROW_NBSP, NBSP, french

DOMAIN = "facilitator"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
SOURCE_LANGUAGE = "en"  # messages are written in English in the code; `en` has its own catalogue too


def primary(tag: str) -> str:
    """Return a language tag's primary subtag, lowercase: `fr-CA` → `fr`."""
    return tag.split("-")[0].split("_")[0].lower()


def mo_file(language: str) -> Path:
    """Return where the compiled catalogue of a language (`fr`) lives."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


@lru_cache(maxsize=64)
def has_catalogue(tag: str) -> bool:
    """Return True when the tool's own words exist in this tag's language (a compiled catalogue)."""
    lang = primary(tag)
    return lang.isalpha() and mo_file(lang).is_file()


def catalogue_for(tag: str) -> str:
    """Return the catalogue a language tag reads from: its own language's, else English."""
    return primary(tag) if has_catalogue(tag) else SOURCE_LANGUAGE


def locale_for(tag: str) -> str:
    """Return the CLDR locale id (Babel's spelling) for dates, times and lists: `fr-CA` → `fr_CA`."""
    if not has_catalogue(tag):
        return "en_CA"
    parts = tag.replace("_", "-").split("-")
    lang = parts[0].lower()
    regions = [p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()]
    if regions:
        return f"{lang}_{regions[0]}"
    return "en_CA" if lang == "en" else lang


@lru_cache(maxsize=64)
def is_rtl(tag: str) -> bool:
    """Return True when a language's script runs right to left (Arabic, Hebrew, Persian, `pa-Arab`, …).

    CLDR decides, through Babel (imported here, so only by renderers); a tag CLDR
    does not know reads left to right.
    """
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return locale.character_order == "right-to-left"


@lru_cache(maxsize=8)
def translations(catalogue: str) -> gettext_module.NullTranslations:
    """Return the compiled catalogue of one language (cached); an absent file is an error."""
    with mo_file(catalogue).open("rb") as handle:
        return gettext_module.GNUTranslations(handle)


def N_(message: str) -> str:  # the name gettext's tools look for
    """Mark `message` for the catalogue without translating it (translate where it is used)."""
    return message


class Words:
    """The tool's words in one language: messages from the catalogue, CLDR dates, times and lists.

    Renderers call `words._("Agenda")`, `words.ngettext(...)`, `words.date(day)`;
    `make i18n` extracts every such message into the catalogues.
    """

    def __init__(self, tag: str) -> None:
        """Prepare the words for the language tag `tag` (`en`, `fr-CA`, …)."""
        self.tag = tag
        self.catalogue = catalogue_for(tag)
        self.locale = locale_for(tag)
        self.french = self.catalogue == "fr"
        self._translations = translations(self.catalogue)

    def __repr__(self) -> str:
        return f"Words({self.tag!r})"

    @property
    def rtl(self) -> bool:
        """Return True when the workshop's language is written right to left."""
        return is_rtl(self.tag)

    # -- messages ------------------------------------------------------------

    def typeset(self, text: str) -> str:
        """Return `text` set by this language's typography (French no-break spaces)."""
        return french(text) if self.french else text

    def _(self, message: str) -> str:
        """Return `message` in this language."""
        return self.typeset(self._translations.gettext(message))

    gettext = _

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """Return the singular or plural message for `count`, by this language's plural rule."""
        return self.typeset(self._translations.ngettext(singular, plural, count))

    def pgettext(self, context: str, message: str) -> str:
        """Return `message` in this language, as meant in `context` (one English word, two meanings)."""
        return self.typeset(self._translations.pgettext(context, message))

    def quote(self, text: str) -> str:
        """Return `text` in this language's quotation marks: “…” or « … »."""
        return self._("“{text}”").format(text=text)

    # -- CLDR ----------------------------------------------------------------

    def date(self, day: dt.date) -> str:
        """Return a date with its weekday, as the locale writes it: `Thursday, March 11, 2027`."""
        return _date(day, self.locale)

    def time(self, minute_of_day: int) -> str:
        """Return a clock time, 24-hour, as the locale writes it: `14:20`, `14 h 20`."""
        return _time(minute_of_day % (24 * 60), self.locale)

    def time_range(self, start_minute: int, end_minute: int) -> str:
        """Return a span of clock times: `10:00–11:30`, `10 h 00 – 11 h 30`."""
        return _time_range(start_minute % (24 * 60), end_minute % (24 * 60), self.locale)

    def duration(self, minutes: int) -> str:
        """Return a length of time in words: `45 minutes`, `1 hour, 30 minutes`, `1 heure et 30 minutes`."""
        return _duration(minutes, self.locale, "long")

    def short_duration(self, minutes: int) -> str:
        """Return a length of time abbreviated: `45 min`, `1 h 30 min`."""
        return _duration(minutes, self.locale, "short")

    def number(self, value: float) -> str:
        """Return a number with the locale's grouping and decimal marks: `1,000`, `1 000`."""
        return _number(value, self.locale)

    def decimal(self, value: float, places: int) -> str:
        """Return a number with exactly `places` decimals and the locale's decimal mark: `1.25`, `1,25`.

        No grouping: it is for short measures, such as the seconds a rebuild took.
        """
        return _number(value, self.locale, "0." + "0" * places if places else "0")

    def join(self, items: Iterable[str]) -> str:
        """Return items joined as a sentence does: `Alex and Jordan`, `Alex, Jordan et Sam`."""
        items = [str(item) for item in items]
        if len(items) <= 1:
            return "".join(items)
        return _join(tuple(items), self.locale)


@lru_cache(maxsize=16)
def words_for(tag: str) -> Words:
    """Return the (cached) Words for a language tag."""
    return Words(tag)


# CLDR formatting, cached: Babel reads its locale data on first use of each locale.


@lru_cache(maxsize=64)
def _date(day: dt.date, locale: str) -> str:
    from babel.dates import format_date

    return format_date(day, "full", locale=locale)


@lru_cache(maxsize=4096)
def _time(minute_of_day: int, locale: str) -> str:
    from babel.dates import format_skeleton

    clock = dt.time(minute_of_day // 60, minute_of_day % 60)
    return _no_break(format_skeleton("Hm", clock, locale=locale))


@lru_cache(maxsize=4096)
def _time_range(start: int, end: int, locale: str) -> str:
    from babel.dates import format_interval

    first, last = dt.time(start // 60, start % 60), dt.time(end // 60, end % 60)
    text = format_interval(first, last, "Hm", locale=locale)
    # Keep each time whole and the dash with the time before it; a line may break after the dash.
    for time_text in {_time(start, locale), _time(end, locale)}:
        text = text.replace(time_text.replace(NBSP, " "), time_text)
    return text.replace("\u2009–", NARROW_NBSP + "–")


@lru_cache(maxsize=1024)
def _duration(minutes: int, locale: str, length: str) -> str:
    from babel.lists import format_list
    from babel.units import format_unit

    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(format_unit(hours, "duration-hour", length=length, locale=locale))
    if rest or not hours:
        parts.append(format_unit(rest, "duration-minute", length=length, locale=locale))
    style = "unit" if length == "long" else "unit-narrow"
    text = parts[0] if len(parts) == 1 else format_list(parts, style=style, locale=locale)
    return _no_break_units(text)


@lru_cache(maxsize=256)
def _number(value: Any, locale: str, pattern: str | None = None) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, format=pattern, locale=locale)


@lru_cache(maxsize=256)
def _join(items: tuple[str, ...], locale: str) -> str:
    from babel.lists import format_list

    return format_list(list(items), locale=locale)


def _no_break(text: str) -> str:
    """Return a CLDR date or time with its inner spaces unbreakable (`14 h 20` stays on one line)."""
    return text.replace(" ", NBSP)


def _no_break_units(text: str) -> str:
    """Return a duration with each number held to its unit (`1 heure`, `30 min`)."""
    out = []
    words = text.split(" ")
    for i, word in enumerate(words):
        out.append(word)
        if i < len(words) - 1:
            out.append(NBSP if word[-1:].isdigit() else " ")
    return "".join(out)
