"""French typography: the no-break spaces that keep punctuation and guillemets with their words.

French sets a space before `:` `;` `!` `?` and inside « guillemets ». Typed as an
ordinary space, it lets a line break before the mark, so a line can start with
« : » or « » ». `french` turns those spaces into no-break ones (a full no-break
space before `:` and inside guillemets, a narrow one before `;` `!` `?`, as the
Office québécois de la langue française recommends) and adds the missing space
inside guillemets. It never adds a space before `;` `!` `?` or `:` that the
writer left out (`Pourquoi?` is correct in Quebec; `https://` and `14:20` must
stay whole).

The text is changed before it is measured (`facilitator.text.layout` treats
both spaces as unbreakable), so line wraps and slide splits match what is
drawn. reportlab breaks at U+202F, so the PDFs draw it as U+00A0
(`pdf_spaces`).
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"
THIN_SPACE = "\u2009"

# Ordinary spaces (not line breaks) before a mark; a no-break space already there is kept.
_BEFORE_NARROW = re.compile(r"[ \t\u2009]+(?=[;!?])")
_BEFORE_COLON = re.compile(r"[ \t\u2009]+(?=:)")
_BEFORE_PERCENT = re.compile(r"(?<=[\d}])[ \t\u2009]+(?=%)")  # `}`: a message's `{percent} %`
_AFTER_OPENING = re.compile(r"«[ \t\u2009\u00a0\u202f]*")
_BEFORE_CLOSING = re.compile(r"[ \t\u2009\u00a0\u202f]*»")


def french(text: str) -> str:
    """Return `text` with French no-break spaces before `: ; ! ? %` and inside « »."""
    if not any(mark in text for mark in ":;!?«»%"):
        return text
    text = _BEFORE_NARROW.sub(NARROW_NBSP, text)
    text = _BEFORE_COLON.sub(NBSP, text)
    text = _BEFORE_PERCENT.sub(NBSP, text)
    text = _AFTER_OPENING.sub("«" + NBSP, text)
    return _BEFORE_CLOSING.sub(NBSP + "»", text)


def pdf_spaces(text: str) -> str:
    """Return `text` as reportlab should set it: it breaks lines at U+202F, so that becomes U+00A0;
    it sets U+2009 (thin space) as an ordinary space, so that is what it is measured as."""
    if NARROW_NBSP in text:
        text = text.replace(NARROW_NBSP, NBSP)
    return text.replace(THIN_SPACE, " ") if THIN_SPACE in text else text
