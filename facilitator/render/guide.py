"""The facilitator guide as Markdown and self-contained HTML (jinja2), and as PDF when available.

Both text formats render the same data from `facilitator.planning.prep`. Inline
Markdown in workshop and library text becomes real formatting: the `md`
filter re-emits it as safe Markdown (escaping anything that would change
meaning), the `html` filter as escaped HTML where only http, https and
mailto links survive. The templates' own words go through jinja2's i18n
extension (`_`, `ngettext`, `pgettext`), bound to the workshop's language.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache

from jinja2 import Environment

from facilitator.planning import prep, segment_guide
from facilitator.planning.plan import Plan
from facilitator.planning.scenario_guide import CARD_LINE
from facilitator.render import Output
from facilitator.render.htmlkit import html_inline, install_words
from facilitator.render.template_cache import package_environment
from facilitator.text.i18n import words_for
from facilitator.text.markup import Run, link_groups, parse_inline, safe_href
from facilitator.text.wording import full_stop, tidy

PDF_MODULE = "facilitator.render.guide_pdf"

# Characters that can start or end Markdown syntax anywhere in a line.
_MD_ALWAYS = re.compile(r"([\\`*_\[\]|~])")
_MD_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    """Return `text` with every character that Markdown would read as syntax backslash-escaped."""
    text = _MD_ALWAYS.sub(r"\\\1", text)
    text = _MD_TAG.sub(r"\\<", text)
    return _MD_ENTITY.sub(r"\\&", text)


def escape_line_start(text: str) -> str:
    """Return `text` with a leading `#`, `>`, `-`, `+`, `=` or `1.` escaped, so it starts no block."""
    match = _MD_LINE_START.match(text)
    if not match:
        return text
    lead, mark = match.groups()
    if mark.isdigit():
        end = match.end()
        return f"{text[:end]}\\{text[end:]}"
    return f"{lead}\\{text[len(lead) :]}"


def _wrap(text: str, marker: str) -> str:
    """Wrap `text` in `marker` on both sides, keeping surrounding spaces outside the markers."""
    stripped = text.strip()
    if not stripped:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{marker}{stripped}{marker}{trail}"


def _md_run(run: Run) -> str:
    if run.code:
        fence = "``" if "`" in run.text else "`"
        pad = " " if run.text.startswith("`") or run.text.endswith("`") else ""
        body = f"{fence}{pad}{run.text}{pad}{fence}"
    else:
        body = escape_markdown(run.text)
    if run.bold and run.italic:
        return _wrap(body, "***")
    if run.bold:
        return _wrap(body, "**")
    if run.italic:
        return _wrap(body, "*")
    return body


def md_href(href: str | None) -> str:
    """Return a link target safe inside Markdown `(...)`, or an empty string when it is not a web link."""
    target = safe_href(href)
    if not target:
        return ""
    for char, code in (("\\", "%5C"), ("(", "%28"), (")", "%29"), (" ", "%20"), ("<", "%3C"), (">", "%3E")):
        target = target.replace(char, code)
    return target


def md_inline(text: str | None) -> str:
    """Return one line of inline Markdown re-emitted safely: formatting kept, stray syntax escaped."""
    if not text:
        return ""
    parts: list[str] = []
    for href, runs in link_groups(parse_inline(text)):
        inner = "".join(_md_run(r) for r in runs)
        if href:
            if parts and parts[-1].endswith("!"):  # `![…](…)` would be an image a viewer fetches
                parts[-1] = parts[-1][:-1] + "\\!"
            parts.append(f"[{inner}]({md_href(href)})")
        else:
            parts.append(inner)
    return escape_line_start("".join(parts))


def md_cell(text: str | None) -> str:
    """Return inline Markdown for a table cell (`|` is already escaped by `md_inline`)."""
    return md_inline(text)


@lru_cache(maxsize=8)
def environment(html: bool, language: str = "en") -> Environment:
    """Return the jinja2 environment for the Markdown (`html=False`) or HTML templates in one language."""
    env = package_environment(autoescape=html)
    env.filters["md"] = md_inline
    env.filters["md_href"] = md_href
    env.filters["html"] = html_inline
    env.filters["safe_href"] = safe_href
    env.filters["tidy"] = tidy
    env.filters["full_stop"] = full_stop
    return install_words(env, words_for(language), html=html)


def context(plan: Plan) -> dict:
    """Return the values both guide templates render from."""
    return {
        "plan": plan,
        "words": plan.words,
        "workshop": plan.workshop,
        "rows": prep.run_of_show(plan),
        "guides": segment_guide.segment_guides(plan),
        "checklist": prep.checklist(plan),
        "materials": prep.materials_list(plan),
        "resources": prep.resource_lines(plan),
        "support": [prep.support_line(contact, plan.words) for contact in plan.workshop.support],
        "credits": plan.credits,
        "card_line": CARD_LINE,
    }


def render_markdown(plan: Plan, values: dict | None = None) -> str:
    """Return the facilitator guide as Markdown (from `values`, the `context`, when given)."""
    language = plan.workshop.language
    text = environment(False, language).get_template("guide.md.j2").render(values or context(plan))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_html(plan: Plan, values: dict | None = None) -> str:
    """Return the facilitator guide as one self-contained HTML page (from `values` when given)."""
    language = plan.workshop.language
    return environment(True, language).get_template("guide.html.j2").render(values or context(plan))


def render(plan: Plan, *, paper: str | None = None, large_print: bool = False) -> list[Output]:
    """Render `guide.md`, `guide.html` and `guide.pdf` (the PDF on the given paper, or in large print)."""
    # Imported here: reportlab is needed only when the guide is built.
    pdf = importlib.import_module(PDF_MODULE).render_guide_pdf(plan, paper=paper, large_print=large_print)
    if large_print:  # the Markdown and HTML do not change with print size
        return [pdf]
    values = context(plan)  # both templates render from the same values
    markdown = render_markdown(plan, values).encode("utf-8")
    html = render_html(plan, values).encode("utf-8")
    words = plan.words
    count = len(plan.segments)
    segments = words.ngettext(
        "facilitator guide, {count} segment", "facilitator guide, {count} segments", count
    )
    return [
        Output("guide.md", markdown, segments.format(count=count)),
        Output("guide.html", html, words._("facilitator guide for screen and print")),
        pdf,
    ]
