"""What the HTML outputs share: inline Markdown as safe HTML, and the templates' words.

Workshop and library text is always escaped: it can never become live HTML,
and only http, https and mailto links become links. `install_words` binds a
jinja2 environment to the workshop's language: jinja2's i18n extension (`_`,
`ngettext`, `pgettext`) reads the message catalogues, and filters give dates,
durations and lists as the language writes them.
"""

from __future__ import annotations

from collections.abc import Iterable

from jinja2 import Environment
from markupsafe import Markup, escape

from facilitator.text.i18n import Words
from facilitator.text.markup import Run, link_groups, parse_inline, safe_href


def _html_run(run: Run) -> Markup:
    body = escape(run.text)
    if run.code:
        body = Markup("<code>{}</code>").format(body)
    if run.italic:
        body = Markup("<em>{}</em>").format(body)
    if run.bold:
        body = Markup("<strong>{}</strong>").format(body)
    return body


def html_inline(text: str | None) -> Markup:
    """Return one line of inline Markdown as escaped HTML; only http(s) and mailto links are links."""
    if not text:
        return Markup("")
    parts: list[Markup] = []
    for href, runs in link_groups(parse_inline(text)):
        inner = Markup("").join(_html_run(r) for r in runs)
        target = safe_href(href)
        if target:
            parts.append(Markup('<a href="{}">{}</a>').format(target, inner))
        else:
            parts.append(inner)
    return Markup("").join(parts)


def join_words(items: Iterable[str], words: Words, *, html: bool) -> str | Markup:
    """Return items joined as a sentence does in `words`' language (`A, B and C`); in HTML, escaped."""
    items = list(items)
    if not html:
        return words.join(items)
    return Markup(words.join([str(escape(item)) for item in items]))


def install_words(env: Environment, words: Words, *, html: bool) -> Environment:
    """Bind `env`'s `_`, `ngettext`, `pgettext` and its word filters to `words`; return `env`.

    `env` must have the `jinja2.ext.i18n` extension. Translations are %-format strings in
    templates (`{{ _("Guide: %(title)s", title=…) }}`), as jinja2's i18n extension expects.
    """
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
        gettext=words.gettext, ngettext=words.ngettext, pgettext=words.pgettext, newstyle=True
    )
    env.filters["long_date"] = words.date
    env.filters["duration"] = words.duration
    env.filters["short_duration"] = words.short_duration
    env.filters["join_words"] = lambda items: join_words(items, words, html=html)
    return env
