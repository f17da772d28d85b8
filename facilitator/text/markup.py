"""Inline Markdown (`**bold**`, `*italic*`, `[links](https://…)`) parsed into styled runs.

Renderers turn runs into real formatting: python-pptx runs, reportlab
paragraph markup, HTML. Only http, https and mailto links stay links; any
other target is shown as plain text. An image (`![a chart](https://…)`) is
never fetched: it is its description, linked to its address.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt

SAFE_SCHEMES = ("http://", "https://", "mailto:")
_md = MarkdownIt("zero").enable(["emphasis", "link", "image", "autolink", "escape", "backticks", "newline"])


@dataclass(frozen=True)
class Run:
    """A stretch of text with one style."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    code: bool = False


def safe_href(href: str | None) -> str | None:
    """Return `href` when it is an http, https or mailto link, else None."""
    if href and href.strip().lower().startswith(SAFE_SCHEMES):
        return href.strip()
    return None


@lru_cache(maxsize=4096)
def parse_inline(text: str) -> tuple[Run, ...]:
    """Return the runs of one line of inline Markdown; line breaks become spaces."""
    runs: list[Run] = []
    bold = italic = 0
    href: str | None = None
    link_start = 0
    for block in _md.parseInline(text):
        for token in block.children or []:
            kind = token.type
            if kind == "text":
                _append(runs, Run(token.content, bold > 0, italic > 0, href))
            elif kind in ("softbreak", "hardbreak"):
                _append(runs, Run(" ", bold > 0, italic > 0, href))
            elif kind == "code_inline":
                _append(runs, Run(token.content, bold > 0, italic > 0, href, code=True))
            elif kind == "strong_open":
                bold += 1
            elif kind == "strong_close":
                bold -= 1
            elif kind == "em_open":
                italic += 1
            elif kind == "em_close":
                italic -= 1
            elif kind == "link_open":
                href = safe_href(str(token.attrs.get("href", "")))
                link_start = len(runs)
            elif kind == "image":
                # No output fetches a picture named in text: it becomes its description, linked to
                # its address when that is a web address (the address itself when it has none).
                source = str(token.attrs.get("src", ""))
                target = safe_href(source)
                shown = token.content.strip() or target or source
                _append(runs, Run(shown, bold > 0, italic > 0, href or target))  # a linked image: the link
            elif kind == "link_close":
                if href and not "".join(r.text for r in runs[link_start:]).strip():
                    # A link with no text (`![ ](https://…)`, an image the outputs never fetch)
                    # would be invisible: it shows its address instead.
                    del runs[link_start:]
                    _append(runs, Run(href, bold > 0, italic > 0, href))
                href = None
            else:
                _append(runs, Run(token.content, bold > 0, italic > 0, href))
    return tuple(runs) if runs else (Run(""),)


def _append(runs: list[Run], run: Run) -> None:
    if not run.text:
        return
    if runs:
        last = runs[-1]
        if (last.bold, last.italic, last.href, last.code) == (
            run.bold,
            run.italic,
            run.href,
            run.code,
        ):
            runs[-1] = Run(last.text + run.text, last.bold, last.italic, last.href, last.code)
            return
    runs.append(run)


def link_groups(runs: tuple[Run, ...]) -> list[tuple[str | None, list[Run]]]:
    """Return `runs` grouped into stretches that share one link target (None: not a link)."""
    groups: list[tuple[str | None, list[Run]]] = []
    for run in runs:
        if groups and groups[-1][0] == run.href:
            groups[-1][1].append(run)
        else:
            groups.append((run.href, [run]))
    return groups


def plain_text(text: str) -> str:
    """Return `text` with its inline Markdown removed."""
    return "".join(run.text for run in parse_inline(text))
