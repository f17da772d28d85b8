"""What the HTML outputs share: inline Markdown as safe HTML.

Workshop and library text is always escaped: it can never become live HTML,
and only http, https and mailto links become links.
"""

from __future__ import annotations

from markupsafe import Markup, escape

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
