"""Fixtures for the browser tests: a local server for the built book, and Chromium.

Run the tests with ``make test-browser`` (which builds the book first if it is
out of date) or, after ``make book``, with ``pytest -m browser``. Without
Chromium they skip with one line saying how to install it; under ``CI=true``
they fail instead.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest

from .browsing import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    HTML,
    SCREENSHOTS,
    TIMEOUT_MS,
    PageFacts,
    QuietHandler,
    missing_browser,
    running_in_ci,
    skip_without_browser,
    visit,
)


@pytest.hookimpl(trylast=True)  # after `-m` has deselected what it will
def pytest_collection_modifyitems(config, items):
    """Without Chromium, report one skip with the reason, not one per test.

    Under ``CI=true`` a missing browser stops the run with an error instead.
    """
    selected = [item for item in items if item.get_closest_marker("browser")]
    reason = missing_browser() if selected else None
    if reason is None:
        return
    if running_in_ci():
        raise pytest.UsageError(f"CI is set, so the browser tests must run: {reason}")
    selected[0].add_marker(pytest.mark.skip(reason=reason))
    rest = set(selected[1:])
    items[:] = [item for item in items if item not in rest]
    config.hook.pytest_deselected(items=selected[1:])


# --------------------------------------------------------------------------
# The server and the browser
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def book_url():
    """The built book, served on 127.0.0.1 at a free port."""
    if not (HTML / "index.html").exists():
        pytest.fail(f"No built book in {HTML}: run `make test-browser`, which builds it first.")
    handler = functools.partial(QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright."""
    skip_without_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshot_dir():
    """``_build/screenshots``, emptied once per run so no stale picture stays."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def context(browser):
    ctx = browser.new_context(viewport=DESKTOP)
    ctx.set_default_timeout(TIMEOUT_MS)
    yield ctx
    ctx.close()


@pytest.fixture(scope="session")
def pages(context, book_url):
    """Facts for every page in the table of contents, each page visited once (lazily)."""
    cache: dict[str, PageFacts | Exception] = {}

    def get(path: str) -> PageFacts:
        if path not in cache:
            try:
                cache[path] = visit(context, book_url, path)
            except Exception as exc:  # one slow failure, not one per test of the page
                cache[path] = exc
        if isinstance(cache[path], Exception):
            raise cache[path]
        return cache[path]

    return get
