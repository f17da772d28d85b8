"""The HTML guide: escaped, self-contained, and clean when opened in headless Chromium.

Chromium is driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`,
standard library only), so the test sees console messages, exceptions and every
network request the page makes, and can query the live DOM.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator.api import load_plan
from facilitator.render.guide import html_inline, render_html, render_markdown
from tests.conftest import MINIMAL, PROJECT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
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


class DevTools:
    """A minimal Chrome DevTools Protocol client over Chromium's debugging pipe (fds 3 and 4)."""

    def __init__(self, chromium: str, profile: Path, width: int = 800, height: int = 1200) -> None:
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        args = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            "--remote-debugging-pipe",
            "about:blank",
        ]
        # Park the child's ends on high fds, then move them onto the fds Chromium expects
        # (it reads 3 and writes 4) in the child, so neither clobbers the other.
        child_r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD_CLOEXEC, 100)
        child_w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD_CLOEXEC, 100)
        os.close(to_chrome_r)
        os.close(from_chrome_w)

        def attach_pipe() -> None:
            os.dup2(child_r, 3)
            os.dup2(child_w, 4)

        self.process = subprocess.Popen(
            args,
            pass_fds=(3, 4),
            preexec_fn=attach_pipe,  # only dup2 runs between fork and exec
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE if os.environ.get("GUIDE_CHROMIUM_DEBUG") else subprocess.DEVNULL,
        )
        os.close(child_r)
        os.close(child_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("Chromium did not answer in time")
            ready, _, _ = select.select([self._from_chrome], [], [], left)
            if ready:
                chunk = os.read(self._from_chrome, 1 << 16)
                if not chunk:
                    raise RuntimeError("Chromium closed the debugging pipe")
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        """Send a command and return its result, keeping every event that arrives meanwhile."""
        self._next_id += 1
        message: dict = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 30
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 30) -> dict:
        """Return the first event named `method`, waiting for it if it has not arrived yet."""
        deadline = time.monotonic() + timeout
        for event in self.events:
            if event.get("method") == method:
                return event
        while True:
            event = self._read_message(deadline)
            self.events.append(event)
            if event.get("method") == method:
                return event

    def drain(self, seconds: float) -> None:
        """Collect events for `seconds` more (late requests, console messages)."""
        deadline = time.monotonic() + seconds
        try:
            while True:
                self.events.append(self._read_message(deadline))
        except TimeoutError:
            pass

    def close(self) -> None:
        """Close the browser and the pipes."""
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)


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
    for tag in ("<img", "<iframe", "<svg", "<style>body", "<b onmouseover", "<a href='javascript"):
        assert tag not in lowered
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
