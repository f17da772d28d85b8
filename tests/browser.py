"""Headless Chromium for the tests: a DevTools-protocol client on a pipe, a page to drive, and axe-core.

Chromium is driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`,
standard library only), so a test sees console messages, exceptions and every
network request a page makes, can type and click as a person does (`Input.*`),
and can query the live DOM. `Tab.axe()` injects axe-core (the npm package,
installed from `tests/axe/package-lock.json` by `npm ci`, which `make test` and
`.ci/run` do) and returns its violations.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
needs_axe = pytest.mark.skipif(
    not AXE.is_file(), reason="axe-core is not installed: run `npm ci --prefix tests/axe` (make test does)"
)
# What axe checks: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and its best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


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

    def post(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        """Send a command without waiting for its answer (which joins the events); return its id."""
        self._next_id += 1
        message: dict = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        return self._next_id

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        """Send a command and return its result, keeping every event that arrives meanwhile."""
        sent = self.post(method, params, session)
        deadline = time.monotonic() + 30
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == sent:
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


class Tab:
    """One page in a browser of its own: open a file, read the DOM, type, click, print, run axe."""

    def __init__(self, browser: DevTools, width: int, height: int) -> None:
        self.browser = browser
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        self.resize(width, height)

    def send(self, method: str, params: dict | None = None) -> dict:
        """Send a command to this page."""
        return self.browser.send(method, params, session=self.session)

    def resize(self, width: int, height: int = 1200) -> None:
        """Give the page a viewport of `width` × `height` CSS pixels."""
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    def open(self, url: str) -> None:
        """Navigate to `url` and wait until it has loaded (and a moment more for late requests)."""
        self.browser.events.clear()
        self.send("Page.navigate", {"url": url})
        self.browser.wait_for("Page.loadEventFired")
        self.browser.drain(0.3)

    def reload(self) -> None:
        """Reload the page, as a reader coming back to it does, once what it saved is stored."""
        self.settle_storage()
        self.browser.events.clear()
        self.send("Page.reload")
        self.browser.wait_for("Page.loadEventFired")
        self.browser.drain(0.3)

    def settle_storage(self, timeout: float = 30) -> None:
        """Wait until the browser's storage holds what a file page wrote to its localStorage.

        A page's writes reach the browser's storage a moment later; a page opened or reloaded in
        between (another process, for file pages) would read the state before them. On a loaded
        machine that moment can last seconds.
        """
        if not self.evaluate("location.protocol === 'file:'"):
            return
        written = self.evaluate("JSON.stringify(Object.entries(localStorage).sort())")
        storage = {"storageId": {"securityOrigin": "file://", "isLocalStorage": True}}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            held = sorted(self.send("DOMStorage.getDOMStorageItems", storage)["entries"])
            if json.dumps(held, separators=(",", ":")) == written:
                return
            time.sleep(0.05)
        raise AssertionError("the page's localStorage never reached the browser")

    def evaluate(self, expression: str, *, wait: bool = False) -> Any:
        """Return the value of a JavaScript expression in the page (awaited when `wait`)."""
        reply = self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": wait}
        )
        if "exceptionDetails" in reply:
            raise RuntimeError(f"{expression[:60]}…: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def errors(self) -> list[dict]:
        """Return the console errors, page errors and exceptions since the page was opened."""
        found = []
        for event in self.browser.events:
            method, params = event.get("method"), event.get("params", {})
            console = method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert")
            logged = method == "Log.entryAdded" and params["entry"]["level"] == "error"
            if console or logged or method == "Runtime.exceptionThrown":
                found.append(params)
        return found

    def requests(self) -> list[str]:
        """Return the URL of every request the page made since it was opened."""
        return [
            event["params"]["request"]["url"]
            for event in self.browser.events
            if event.get("method") == "Network.requestWillBeSent"
        ]

    def click(self, selector: str, *, wait: bool = True) -> None:
        """Click the middle of the element `selector` with the mouse, as a person does.

        Without `wait`, return once the click is sent: a click that opens a dialog
        is not answered until the dialog is.
        """
        box = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView();"
            " const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            params = {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1}
            if wait:
                self.send("Input.dispatchMouseEvent", params)
            else:
                self.browser.post("Input.dispatchMouseEvent", params, session=self.session)

    def type_into(self, selector: str, text: str) -> None:
        """Focus the field `selector` and type `text` into it."""
        self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
        self.send("Input.insertText", {"text": text})

    def screenshot(self, path: Path) -> None:
        """Save what the viewport shows as a PNG."""
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"})["data"]))

    def pdf(self) -> bytes:
        """Return the page printed to PDF with its print styles, as the browser's Print does."""
        return base64.b64decode(self.send("Page.printToPDF", {"printBackground": True})["data"])

    def axe(self) -> list[dict]:
        """Run axe-core on the page; return its violations (id, impact, help and the nodes' selectors)."""
        self.evaluate(AXE.read_text(encoding="utf-8"))
        options = json.dumps({"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
        found = self.evaluate(
            f"axe.run(document, {options}).then(r => JSON.stringify(r.violations.map(v => ("
            "{id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))))",
            wait=True,
        )
        return json.loads(found)


@contextlib.contextmanager
def chromium(width: int = 800, height: int = 1200, profile: Path | None = None) -> Iterator[Tab]:
    """Yield a page in a fresh headless Chromium (in `profile`, to reopen one, else a new one)."""
    assert CHROMIUM is not None
    own = profile is None
    folder = Path(tempfile.mkdtemp(prefix="tests-chromium-")) if own else profile
    browser = DevTools(CHROMIUM, folder, width, height)
    try:
        yield Tab(browser, width, height)
    finally:
        browser.close()
        if own:
            shutil.rmtree(folder, ignore_errors=True)
