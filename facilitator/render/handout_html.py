"""The accessible participant handout, `handout.html`: one self-contained page for every reader.

It renders the same `Handout` as `handout.pdf` (see `facilitator.planning.handout_content`):
the same sections in the same order, with the same facilitator-only material left
out. Where the PDF has ruled lines, the page has labelled text areas; a small
inline script keeps what a reader types in their browser (localStorage) and
writes it to a plain-text file on request. The page works without the script;
it only stops saving.

Nothing is fetched: the stylesheet, the script and the logo are inline, and a
Content-Security-Policy allows exactly those (by hash), so even text that
slipped past escaping could neither run nor load anything. Every word the page
shows that is not workshop text comes from the message catalogues: the
template's own through jinja2's i18n extension, the handout's labels through
`handout_content`.
"""

from __future__ import annotations

import base64
import hashlib
import io
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from facilitator.planning import handout_content as content
from facilitator.planning.plan import Plan
from facilitator.render import Output
from facilitator.render.htmlkit import html_inline, install_words
from facilitator.render.template_cache import package_environment
from facilitator.text.i18n import words_for
from facilitator.text.markup import plain_text, safe_href

LOGO_PIXELS = 240  # the logo's longest side in the page (shown at up to 120 CSS pixels)


@lru_cache(maxsize=4)
def environment(language: str = "en") -> Environment:
    """Return the HTML handout's jinja2 environment in one language (autoescaped; `html` for Markdown)."""
    env = package_environment(autoescape=True)
    install_words(env, words_for(language), html=True)
    env.filters["html"] = html_inline
    env.filters["plain"] = plain_text
    env.filters["safe_href"] = safe_href
    env.tests["section"] = lambda value, name: isinstance(value, getattr(content, name))
    env.globals["no_layout"] = _no_layout
    return env


def _no_layout(section: content.Section) -> str:
    """Refuse a section the template has no layout for, rather than leave its words out."""
    raise TypeError(f"the HTML handout has no layout for {type(section).__name__}")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def logo_data_uri(path: Path | None) -> str | None:
    """Return the logo as a small PNG `data:` URI, re-encoded so no metadata of the file travels with it."""
    if path is None:
        return None
    from PIL import Image  # only when there is a logo

    with Image.open(path) as image:
        image.thumbnail((LOGO_PIXELS, LOGO_PIXELS))
        picture = image.convert("RGBA")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def render_html(plan: Plan, handout: content.Handout | None = None) -> str:
    """Return the participant handout (`handout`, else the plan's) as one self-contained HTML page."""
    env = environment(plan.workshop.language)
    handout = handout or content.handout(plan)
    style = env.get_template("handout.css.j2").render()
    script = env.get_template("handout.js.j2").render()
    policy = (
        f"default-src 'none'; style-src '{_sha256(style)}'; script-src '{_sha256(script)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return env.get_template("handout.html.j2").render(
        handout=handout,
        words=plan.words,
        style=Markup(style),
        script=Markup(script),
        policy=policy,
        logo=logo_data_uri(handout.cover.logo),
        store=f"facilitator-handout:{handout.workshop_id}:{handout.date}:",
        answers_file=f"{handout.workshop_id}-answers.txt",
    )


def render(plan: Plan, *, large_print: bool = False) -> list[Output]:
    """Return `handout.html` (nothing in a large-print build: the page is the same at any size)."""
    if large_print:
        return []
    handout = content.handout(plan)
    count = len(handout.write_ins())
    data = render_html(plan, handout).encode("utf-8")
    summary = plan.words.ngettext(
        "accessible handout, {count} place to write", "accessible handout, {count} places to write", count
    )
    return [Output(content.HANDOUT_HTML, data, summary.format(count=count))]
