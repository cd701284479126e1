"""Reading the built book in headless Chromium: what the browser tests look at.

Every page in ``_toc.yml`` is opened once, served from ``127.0.0.1``, and all
the facts the tests check (console errors, every request, images, math,
exercises and solutions, navigation links, code and tables wider than the
column, the width at phone size) are gathered in that one visit, so the whole
suite loads each page once. The fixtures that start the
server and the browser are in ``conftest.py``.
"""

from __future__ import annotations

import http.server
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # the fixtures skip (or fail under CI) with the reason
    PlaywrightTimeout = TimeoutError

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"

#: Debian's Chromium. Playwright's own browser download does not work offline.
CHROMIUM = os.environ.get("NPDL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = (
    f"Chromium not found at {CHROMIUM}; install it to run the browser tests: "
    "sudo apt-get install -y chromium"
)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 30_000


def toc_pages(toc: Path = ROOT / "_toc.yml") -> list[str]:
    """Every page of the table of contents, in reading order (no suffix)."""
    data = yaml.safe_load(toc.read_text())
    pages = [data["root"]]

    def walk(entries):
        for entry in entries or ():
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("sections"))

    for part in data.get("parts", [{"chapters": data.get("chapters")}]):
        walk(part.get("chapters"))
    return pages


PAGES = toc_pages()


def running_in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, in one line, or None if they can."""
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).is_file()):
        return INSTALL_HINT
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is missing: pip install -r requirements.txt"
    return None


def skip_without_browser() -> None:
    """Skip the calling test when the browser tests cannot run; fail under CI."""
    reason = missing_browser()
    if reason is None:
        return
    if running_in_ci():
        pytest.fail(f"CI is set, so the browser tests must run: {reason}", pytrace=False)
    pytest.skip(reason)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


# --------------------------------------------------------------------------
# One visit per page
# --------------------------------------------------------------------------


@dataclass
class PageFacts:
    """What a reader's browser saw on one page."""

    url: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    math: dict = field(default_factory=dict)
    exercises: int = 0
    solutions: list[dict] = field(default_factory=list)
    sidebar: list[str] = field(default_factory=list)
    prev: str | None = None
    next: str | None = None
    phone_overflow: dict = field(default_factory=dict)
    wide_code: list[str] = field(default_factory=list)
    wide_tables: list[str] = field(default_factory=list)


class Recorder:
    """Listens to a Playwright page: console errors, page errors, every request
    (websockets included).

    Set ``listening`` to False when the reader's part of a visit is over: what
    the test itself does afterwards (e.g. shutting kernels down, which may
    cancel requests in flight) is not something a reader meets.
    """

    def __init__(self, page):
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        self.requests: list[str] = []
        self.listening = True
        page.on("console", self._console)
        page.on("pageerror", self._page_error)
        page.on("request", lambda req: self.requests.append(req.url))
        page.on("websocket", lambda ws: self.requests.append(ws.url))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _page_error(self, exc):
        if self.listening:
            self.console_errors.append(f"uncaught: {exc}")

    def _failed(self, request):
        if self.listening:
            self.failed.append(f"{request.method} {request.url} ({request.failure})")

    def _response(self, response):
        if self.listening and response.status >= 400:
            self.failed.append(f"{response.url} (HTTP {response.status})")

    def _console(self, message):
        if self.listening and message.type == "error":
            where = message.location.get("url", "")
            self.console_errors.append(f"{message.text} [{where}]")


def page_path(url: str, base: str) -> str | None:
    """``chapters/sigmoid`` for ``{base}chapters/sigmoid.html#x``; None outside the book."""
    if not url or not url.startswith(base):
        return None
    path = urlsplit(url).path[len(urlsplit(base).path):]
    if path in {"", "/"}:
        path = "index.html"
    return path.removesuffix(".html")


def wait_until_ready(page) -> None:
    """Wait for images, MathJax (where the page loads it) and sphinx-togglebutton."""
    page.wait_for_load_state("load")
    page.evaluate(
        """() => Promise.all([...document.images].map(img => img.complete ? null :
               new Promise(done => { img.onload = img.onerror = done; })))"""
    )
    if page.locator("script[src*='mathjax']").count():
        page.wait_for_function(
            "window.MathJax && MathJax.startup && MathJax.startup.promise !== undefined",
            timeout=TIMEOUT_MS,
        )
        page.evaluate("() => MathJax.startup.promise")
    if page.locator("div.admonition.dropdown").count():
        # sphinx-togglebutton adds its buttons once the DOM is ready. If it
        # never does, the solutions test reports them as not collapsible.
        try:
            page.wait_for_selector("button.toggle-button", state="attached", timeout=5_000)
        except PlaywrightTimeout:
            pass


# Text a reader sees outside code, where raw TeX would be a rendering failure.
_PROSE_TEXT_JS = """() => {
  const skip = 'pre, code, script, style, textarea, mjx-container, .highlight';
  const walker = document.createTreeWalker(document.querySelector('main') || document.body,
                                           NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.parentElement.closest(skip)) parts.push(n.textContent);
  }
  return parts.join(' ');
}"""

_MATH_JS = """() => {
  const math = [...document.querySelectorAll('span.math, div.math')];
  return {
    elements: math.length,
    untypeset: math.filter(m => !m.querySelector('mjx-container'))
                   .map(m => m.textContent.trim().slice(0, 80)),
    errors: [...document.querySelectorAll('mjx-merror')]
                .map(e => (e.getAttribute('data-mjx-error') || e.textContent).slice(0, 80)),
  };
}"""

_IMAGES_JS = """() => [...document.querySelectorAll('main img, article img')].map(img => ({
  src: img.getAttribute('src'),
  width: img.naturalWidth,
  shown: img.getBoundingClientRect().width,
  alt: (img.getAttribute('alt') || '').trim(),
}))"""

# Code cells whose source is wider than the text column (solutions opened).
_WIDE_CODE_JS = """() => [...document.querySelectorAll('div.cell_input pre')]
  .filter(pre => pre.scrollWidth > pre.clientWidth + 1)
  .map(pre => pre.textContent.split('\\n').reduce((a, b) => (b.length > a.length ? b : a)))"""

# Tables wider than the box they sit in (which then scrolls sideways).
_WIDE_TABLES_JS = """() => [...document.querySelectorAll('main table')]
  .filter(t => t.getBoundingClientRect().width > t.parentElement.clientWidth + 1)
  .map(t => t.rows[0].textContent.replace(/\\s+/g, ' ').trim().slice(0, 80))"""

_OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('main *')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      // Content inside a box that scrolls on its own is fine.
      let p = el.parentElement, scrolls = false;
      for (; p && p !== document.body; p = p.parentElement) {
        const s = getComputedStyle(p).overflowX;
        if (s === 'auto' || s === 'scroll' || s === 'hidden') { scrolls = true; break; }
      }
      if (!scrolls) wide.push(el.tagName.toLowerCase() + '.' + [...el.classList].join('.'));
    }
  }
  return {scroll_width: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
}"""


def visit(context, base: str, path: str) -> PageFacts:
    """Open one page like a reader and record everything the tests check."""
    page = context.new_page()
    recorder = Recorder(page)
    url = f"{base}{path}.html"
    facts = PageFacts(url=url)
    try:
        page.set_viewport_size(DESKTOP)
        page.goto(url, wait_until="load", timeout=TIMEOUT_MS)
        wait_until_ready(page)

        facts.images = page.evaluate(_IMAGES_JS)
        facts.math = page.evaluate(_MATH_JS)
        facts.math["prose"] = page.evaluate(_PROSE_TEXT_JS)
        facts.sidebar = [
            page_path(href, base)
            for href in page.eval_on_selector_all(
                "nav.bd-docs-nav a.reference", "links => links.map(a => a.href)"
            )
        ]
        for side, selector in [("prev", "a.left-prev"), ("next", "a.right-next")]:
            link = page.locator(f".prev-next-area {selector}")
            if link.count():
                setattr(facts, side, page_path(link.first.evaluate("a => a.href"), base))

        facts.exercises = page.locator("div.exercise").count()
        for solution in page.locator("div.solution").all():
            content = solution.locator("section").first
            record = {
                "id": solution.get_attribute("id"),
                "hidden_at_start": not content.is_visible(),
            }
            # A reader clicks the title bar ("Solution to ..."), not its link.
            solution.locator(".admonition-title").click(position={"x": 5, "y": 5})
            try:
                content.wait_for(state="visible", timeout=5_000)
                record["shown_after_click"] = True
            except PlaywrightTimeout:
                record["shown_after_click"] = False
            facts.solutions.append(record)

        facts.wide_code = page.evaluate(_WIDE_CODE_JS)
        facts.wide_tables = page.evaluate(_WIDE_TABLES_JS)

        page.set_viewport_size(PHONE)
        page.wait_for_timeout(100)
        facts.phone_overflow = page.evaluate(_OVERFLOW_JS)
    finally:
        page.close()
    facts.console_errors = recorder.console_errors
    facts.failed_requests = recorder.failed
    facts.requests = recorder.requests
    return facts
