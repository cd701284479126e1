"""The interactive figures of the built book (``npdl.plotting.interactive``).

Every page whose HTML holds one is found in the built book, so a new figure is
tested without listing it here. Each figure must draw, and change what it
draws when a reader drags its slider to the other end (or presses play, for a
figure with only a play button); the page must load the one plotly.js the
book serves, and nothing from the network.
"""

from __future__ import annotations

import re

import pytest

from .browsing import HTML, Recorder, toc_pages, wait_until_ready

pytestmark = pytest.mark.browser

MARKER = 'class="npdl-interactive"'
PLOTLY_JS = HTML / "_static" / "plotly.min.js"


def _html(path: str) -> str:
    file = HTML / f"{path}.html"
    return file.read_text(encoding="utf-8") if file.exists() else ""


#: Pages with at least one interactive figure (empty before the book is built:
#: the book tests then fail with the reason).
INTERACTIVE_PAGES = [p for p in toc_pages() if MARKER in _html(p)]

# What the figure draws: its plotting area (traces, not the slider's own
# position or label), as markup that changes when any trace changes.
_DRAWN_JS = """el => [...el.querySelectorAll('.cartesianlayer, .barlayer, .polarlayer')]
  .map(g => g.innerHTML).join('')"""


def test_the_book_serves_plotly_js_once_and_only_where_needed():
    assert INTERACTIVE_PAGES, "no page of the built book has an interactive figure"
    assert PLOTLY_JS.is_file(), "plotly.min.js is not in _static/"
    banner = PLOTLY_JS.read_text(encoding="utf-8")[:200]
    assert "plotly.js" in banner
    for path in toc_pages():
        page = _html(path)
        loads = len(re.findall(r'<script[^>]+src="[^"]*_static/plotly\.min\.js', page))
        assert loads == (1 if path in INTERACTIVE_PAGES else 0), path
        # the library itself is never pasted into a page (nor fetched from a CDN)
        assert "plotly.js v" not in page and "cdn.plot.ly" not in page, path


def _drag_slider_to_the_end(page, figure) -> None:
    grip = figure.locator(".slider-grip-rect").first
    rail = figure.locator(".slider-rail-rect").first
    start, end = grip.bounding_box(), rail.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] - 2, end["y"] + end["height"] / 2, steps=8)
    page.mouse.up()


@pytest.mark.parametrize("path", INTERACTIVE_PAGES)
def test_each_figure_draws_and_moves(context, book_url, screenshot_dir, path):
    page = context.new_page()
    recorder = Recorder(page)
    try:
        page.goto(f"{book_url}{path}.html")
        wait_until_ready(page)
        figures = page.locator(".npdl-interactive .plotly-graph-div")
        assert figures.count() == _html(path).count(MARKER), "a figure did not render"
        for i in range(figures.count()):
            figure = figures.nth(i)
            figure.scroll_into_view_if_needed()
            page.wait_for_function("el => el._fullLayout && el.querySelector('.main-svg')",
                                   arg=figure.element_handle())  # fmt: skip
            before = figure.evaluate(_DRAWN_JS)
            assert before, f"figure {i + 1} drew nothing"
            if figure.locator(".slider-grip-rect").count():
                _drag_slider_to_the_end(page, figure)
            else:
                figure.locator(".updatemenu-button").first.click()
            page.wait_for_timeout(800)
            after = figure.evaluate(_DRAWN_JS)
            assert after != before, f"figure {i + 1}: moving it changed nothing drawn"
            figure.screenshot(path=str(screenshot_dir / f"{path.replace('/', '-')}-"
                                                        f"interactive-{i + 1}.png"))  # fmt: skip
        assert recorder.console_errors == [], "JavaScript errors"
        assert recorder.failed == [], "requests that failed"
        outside = [u for u in recorder.requests
                   if not u.startswith((book_url, "data:", "blob:", "about:"))]  # fmt: skip
        assert outside == [], "requests that left the local server"
    finally:
        page.close()
