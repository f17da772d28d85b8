"""The live run-of-show, `timer.html`: one self-contained page a facilitator runs the session from.

The page shows the current segment big (its time left and the clock time it should
end), the next one, and the whole run-of-show with planned and adjusted start times
and who leads each segment. Moving on (a button, space or →) records the actual time;
the page then says how far ahead or behind the plan the room is and re-flows the
segments still to come so the session can still end on time, shortening optional
segments first and never the ones that must keep their time (see `give`): breaks,
aftercare and `required` segments. State is
kept in the browser (localStorage, per workshop and date); `timer.html?now=13:42&speed=10`
runs a rehearsal clock.

This module decides what the page knows about each segment (minutes, floor, what may
give); the page's words are in `templates/timer.html.j2`, its behaviour in
`templates/timer.js.j2`. Nothing is fetched: style and script are inline, allowed by
their hashes in a Content-Security-Policy, as in `handout.html`.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from facilitator.planning import segment_guide
from facilitator.planning.plan import Plan, PlannedSegment
from facilitator.render import Output
from facilitator.render.htmlkit import html_inline, install_words
from facilitator.render.template_cache import package_environment
from facilitator.text.i18n import Words, words_for
from facilitator.text.markup import plain_text

TIMER_HTML = "timer.html"


def give(segment: PlannedSegment) -> str:
    """Return how a segment may give time when the room runs late: `keep`, `optional` or `shrink`.

    Breaks, aftercare (`aftercare_for` a scenario), `required` and `fixed` segments
    (openings are fixed) keep their minutes; optional ones shorten first and may be cut
    (taking the aftercare of a cut scenario with them); the rest shorten down to their
    floor (`PlannedSegment.floor`, the rule fitting uses: a role-play never below the
    time its de-roling and debrief need).
    """
    if segment.required or segment.aftercare_for or segment.fixed or segment.kind == "break":
        return "keep"
    return "optional" if segment.optional else "shrink"


def aftercare_of(plan: Plan, segment: PlannedSegment) -> int | None:
    """Return the index of the scenario segment `segment` looks after, or None."""
    if not segment.aftercare_for:
        return None
    return next((s.index for s in plan.segments if s.id == segment.aftercare_for), None)


def timer_data(plan: Plan) -> dict[str, Any]:
    """Return what the page's script needs: the plan's start, its segments and the storage key."""
    workshop = plan.workshop
    segments = [
        {
            "title": plain_text(s.title),
            "kind": s.kind_label,
            "lead": s.lead or "",
            "minutes": s.minutes,
            "offset": s.start_minute - plan.start_minute,
            "floor": s.floor,
            "give": give(s),
            "after": aftercare_of(plan, s),
        }
        for s in plan.segments
    ]
    # A plan built another way (another --start, an edited agenda) must not inherit the saved state.
    signature = hashlib.sha256(json.dumps([plan.start_minute, segments], sort_keys=True).encode()).hexdigest()
    return {
        "date": workshop.date.isoformat(),
        "start": plan.start_minute,
        "store": f"facilitator-timer:{workshop.id}:{workshop.date.isoformat()}",
        "plan": signature[:16],
        "segments": segments,
        "clock": clock_pattern(plan.words),
    }


@lru_cache(maxsize=4)
def environment(language: str = "en") -> Environment:
    """Return the timer page's jinja2 environment in one language (autoescaped; `html` for Markdown)."""
    env = package_environment(autoescape=True)
    install_words(env, words_for(language), html=True)
    env.filters["html"] = html_inline
    env.filters["plain"] = plain_text
    return env


def clock_pattern(words: Words) -> str:
    """Return how the language writes a clock time, for the page's script: `{h}:{m}`, `{h} h {m}`."""
    return words.time(13 * 60 + 45).replace("13", "{h}").replace("45", "{m}")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _json_for_script(value: Any) -> Markup:
    """Return `value` as JSON safe inside a `<script type="application/json">` element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def render_html(plan: Plan) -> str:
    """Return the run-of-show timer of `plan` as one self-contained HTML page."""
    env = environment(plan.workshop.language)
    style = env.get_template("timer.css.j2").render()
    script = env.get_template("timer.js.j2").render()
    policy = (
        f"default-src 'none'; style-src '{_sha256(style)}'; script-src '{_sha256(script)}'; "
        "base-uri 'none'; form-action 'none'"
    )
    guides = [segment_guide.segment_guide(plan, s) for s in plan.segments]
    return env.get_template("timer.html.j2").render(
        plan=plan,
        rows=list(zip(plan.segments, guides, [give(s) for s in plan.segments], strict=True)),
        data=_json_for_script(timer_data(plan)),
        style=Markup(style),
        script=Markup(script),
        policy=policy,
        to_json=_json_for_script,
    )


def render(plan: Plan) -> list[Output]:
    """Return `timer.html`."""
    data = render_html(plan).encode("utf-8")
    count = len(plan.segments)
    summary = plan.words.ngettext(
        "run-of-show timer, {count} segment", "run-of-show timer, {count} segments", count
    )
    return [Output(TIMER_HTML, data, summary.format(count=count))]
