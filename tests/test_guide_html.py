"""The HTML guide: escaped, self-contained, and clean when opened in headless Chromium.

Chromium is driven over the DevTools protocol on a pipe (see `tests/browser.py`), so
the test sees console messages, exceptions and every network request the page
makes, can query the live DOM, and can run axe-core in it.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from facilitator.api import load_plan
from facilitator.render.guide import html_inline, render_html, render_markdown
from tests.browser import CHROMIUM, DevTools, chromium, needs_axe, needs_chromium
from tests.conftest import MINIMAL, PROJECT

MINIMAL_LIBRARY = MINIMAL.parent / "library"

HOSTILE = """
id: hostile
title: "Guide <script>alert(1)</script> **bold**"
date: 2027-02-01
start: "09:00"
duration: 20m
location: "<img src=x onerror=alert(2)>"
facilitators: ["<b onmouseover=alert(3)>Eve</b>"]
content_note: "See [x](javascript:alert(1)) and [ok](https://example.org/help)"
objectives: ["<iframe src='https://evil.example'></iframe>"]
agreements: ["[click](JaVaScRiPt:alert(4)) and <a href='javascript:alert(5)'>raw</a>"]
library: [library]
agenda:
  - opening: "Hello <style>body{display:none}</style>"
    minutes: 5
    notes: >-
      <script>alert(1)</script> and [x](javascript:alert(1))
      and [data](data:text/html,<script>alert(6)</script>)
    materials: ["<script>alert(7)</script>"]
  - scenario: local-scene
    minutes: 15
    notes: "[mail us](mailto:team@example.org) <svg onload=alert(8)>"
"""


def open_in_chromium(html_path: Path, screenshot: Path) -> dict:
    """Open a file in headless Chromium; return its console errors, requests and DOM facts."""
    profile = Path(tempfile.mkdtemp(prefix="guide-chromium-"))
    browser = DevTools(CHROMIUM, profile)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.send(f"{domain}.enable", session=session)
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": 800, "height": 1200, "deviceScaleFactor": 1, "mobile": False},
            session=session,
        )
        browser.events.clear()
        browser.send("Page.navigate", {"url": html_path.as_uri()}, session=session)
        browser.wait_for("Page.loadEventFired")
        browser.drain(0.5)
        facts = browser.send(
            "Runtime.evaluate",
            {
                "expression": """JSON.stringify({
                    scripts: document.querySelectorAll('script').length,
                    iframes: document.querySelectorAll('iframe, img, svg, object, embed').length,
                    handlers: [...document.querySelectorAll('*')].flatMap(
                        e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on')).length,
                    links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
                    bodyFont: parseFloat(getComputedStyle(document.body).fontSize),
                    scrollWidth: document.documentElement.scrollWidth,
                    clientWidth: document.documentElement.clientWidth,
                    text: document.body.innerText,
                })""",
                "returnByValue": True,
            },
            session=session,
        )
        shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)
        screenshot.write_bytes(base64.b64decode(shot["data"]))
        events = list(browser.events)
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)

    errors = []
    requests = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        console_error = method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert")
        log_error = method == "Log.entryAdded" and params["entry"]["level"] == "error"
        if console_error or log_error or method == "Runtime.exceptionThrown":
            errors.append(params)
        elif method == "Network.requestWillBeSent":
            requests.append(params["request"]["url"])
    result = json.loads(facts["result"]["value"])
    result["errors"] = errors
    result["requests"] = requests
    return result


def hostile_plan(write_yaml: Callable[..., Path]):
    """Return the plan of a workshop whose text tries to inject markup and script links."""
    path = write_yaml(HOSTILE)
    shutil.copytree(MINIMAL_LIBRARY, path.parent / "library", dirs_exist_ok=True)
    return load_plan(path)


# ---------------------------------------------------------------------------
# Without a browser


def test_html_is_self_contained() -> None:
    html = render_html(load_plan(PROJECT / "workshops" / "allyship-half-day.yaml"))
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html.lower()
    assert not re.search(r"""<link\b|@import|url\(|src=""", html, re.IGNORECASE)
    assert "@media print" in html and "break-before: page" in html
    assert 'content: " (" attr(href) ")"' in html  # printed links show their address
    assert '<meta name="viewport"' in html


def test_inline_markdown_becomes_html_and_unsafe_links_do_not() -> None:
    assert str(html_inline("**Notice** *this* [site](https://example.org/?a=1&b=2)")) == (
        '<strong>Notice</strong> <em>this</em> <a href="https://example.org/?a=1&amp;b=2">site</a>'
    )
    assert str(html_inline("[x](javascript:alert(1))")) == "[x](javascript:alert(1))"
    assert str(html_inline("<script>alert(1)</script>")) == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_hostile_text_stays_text(write_yaml: Callable[..., Path]) -> None:
    plan = hostile_plan(write_yaml)
    html = render_html(plan)
    lowered = html.lower()
    assert "<script" not in lowered
    assert "javascript:" not in re.sub(r"&[^;]+;", "", "".join(re.findall(r'href="[^"]*"', lowered)))
    tags = ("<img", "<iframe", "<svg", "<style>body", "<b onmouseover", "<a href='javascript")
    assert [tag for tag in tags if tag in lowered] == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, not run
    assert '<a href="https://example.org/help">ok</a>' in html
    assert '<a href="mailto:team@example.org">mail us</a>' in html

    markdown = render_markdown(plan)
    assert not re.search(r"(?<!\\)<(script|img|iframe|svg|style)", markdown, re.IGNORECASE)
    assert not re.search(r"(?<!\\)\]\((javascript|data):", markdown, re.IGNORECASE)
    assert "\\<script>alert(1)\\</script>" in markdown
    assert "[ok](https://example.org/help)" in markdown


# ---------------------------------------------------------------------------
# In Chromium


@needs_chromium
def test_guide_opens_cleanly_in_chromium(tmp_path: Path) -> None:
    html_path = tmp_path / "guide.html"
    html_path.write_text(render_html(load_plan(PROJECT / "workshops" / "allyship-half-day.yaml")), "utf-8")
    page = open_in_chromium(html_path, tmp_path / "guide.png")
    assert page["errors"] == []
    assert [url for url in page["requests"] if not url.startswith("file:")] == []
    assert page["scripts"] == 0
    assert page["bodyFont"] >= 16
    assert page["scrollWidth"] <= page["clientWidth"], "the page scrolls sideways at tablet width"
    assert "Run of show" in page["text"] and "Preparation checklist" in page["text"]
    assert (tmp_path / "guide.png").stat().st_size > 10_000


@needs_chromium
def test_hostile_workshop_runs_no_script_in_chromium(tmp_path: Path, write_yaml: Callable[..., Path]) -> None:
    html_path = tmp_path / "hostile.html"
    html_path.write_text(render_html(hostile_plan(write_yaml)), "utf-8")
    page = open_in_chromium(html_path, tmp_path / "hostile.png")
    assert page["errors"] == []
    assert [url for url in page["requests"] if not url.startswith("file:")] == []
    assert page["scripts"] == 0
    assert page["iframes"] == 0
    assert page["handlers"] == 0
    assert all(not href.lower().strip().startswith(("javascript:", "data:")) for href in page["links"])
    assert "https://example.org/help" in page["links"]
    assert "<script>alert(1)</script>" in page["text"]  # visible as text


@needs_chromium
@needs_axe
def test_axe_finds_no_violation_in_the_guide(tmp_path: Path) -> None:
    html_path = tmp_path / "guide.html"
    html_path.write_text(render_html(load_plan(PROJECT / "workshops" / "allyship-half-day.yaml")), "utf-8")
    with chromium() as tab:
        tab.open(html_path.as_uri())
        violations = tab.axe()
    assert violations == [], json.dumps(violations, indent=1)
