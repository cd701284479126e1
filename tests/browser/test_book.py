"""The rendered book, checked in headless Chromium, page by page.

Every page in ``_toc.yml`` must load from a local server with no console
error and no failed request, never reach beyond localhost, show every image
with alt text, typeset all its math, hide each solution until it is clicked,
and link to its neighbours in table-of-contents order. The search page must
find "sigmoid". A few pages are also photographed at desktop and phone
widths into ``_build/screenshots/`` for a person to look at.
"""

from __future__ import annotations

import re

import pytest

from .browsing import DESKTOP, HTML, PAGES, PHONE, wait_until_ready

pytestmark = pytest.mark.browser

# TeX delimiters that MathJax should have consumed: \( \) \[ \] $$ and $x$.
RAW_TEX = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|\$[^$\s][^$]*?[^$\s\\]\$|\\(frac|sum|sigma)\b")


def built_html(path: str) -> str:
    return (HTML / f"{path}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_errors(pages, path):
    facts = pages(path)
    assert facts.console_errors == [], f"{path}: JavaScript errors"
    assert facts.failed_requests == [], f"{path}: requests that failed"


@pytest.mark.parametrize("path", PAGES)
def test_no_request_leaves_localhost(pages, path, book_url):
    facts = pages(path)
    assert facts.requests[0] == facts.url, "the first request is the page itself"
    outside = [
        url for url in facts.requests if not url.startswith((book_url, "data:", "blob:"))
    ]
    assert outside == [], f"{path} needs the network: it must read offline"


@pytest.mark.parametrize("path", PAGES)
def test_images_load_and_have_alt_text(pages, path):
    facts = pages(path)
    in_html = len(re.findall(r"<img\b", built_html(path).split('<main', 1)[-1]))
    assert len(facts.images) == in_html, "the browser saw a different number of images"
    problems = {
        "did not load": [img["src"] for img in facts.images if img["width"] == 0],
        "no alt text": [img["src"] for img in facts.images if not img["alt"]],
    }
    assert problems == {"did not load": [], "no alt text": []}, path


#: Matplotlib writes 10 pt text at 100 dpi, about 14 px. A figure wider than
#: the text column is scaled down, and shrunk by more than this factor its
#: labels fall below 9 px. Figures for the book are at most 10 inches wide.
MAX_SHRINK = 1.5


@pytest.mark.parametrize("path", PAGES)
def test_figures_are_not_shrunk_unreadably(pages, path):
    shrunk = {
        img["src"]: round(img["width"] / img["shown"], 2)
        for img in pages(path).images
        if img["shown"] and img["width"] / img["shown"] > MAX_SHRINK
    }
    assert shrunk == {}, f"{path}: figures shrunk by more than {MAX_SHRINK} at desktop width"


@pytest.mark.parametrize("path", PAGES)
def test_math_is_typeset(pages, path):
    facts = pages(path)
    in_html = len(re.findall(r'class="math notranslate', built_html(path)))
    assert facts.math["elements"] == in_html, "the browser saw a different number of formulas"
    assert facts.math["untypeset"] == [], f"{path}: formulas MathJax did not typeset"
    assert facts.math["errors"] == [], f"{path}: TeX errors"
    raw = [m.group() for m in RAW_TEX.finditer(facts.math["prose"])]
    assert raw == [], f"{path}: raw TeX visible in the text"


@pytest.mark.parametrize("path", PAGES)
def test_solutions_start_hidden_and_open_on_click(pages, path):
    facts = pages(path)
    in_html = built_html(path).count('<div class="solution')
    assert len(facts.solutions) == in_html, "the browser saw a different number of solutions"
    shown = [s["id"] for s in facts.solutions if not s["hidden_at_start"]]
    stuck = [s["id"] for s in facts.solutions if not s["shown_after_click"]]
    assert shown == [], f"{path}: solutions visible before a click"
    assert stuck == [], f"{path}: solutions that a click did not open"


@pytest.mark.parametrize("path", PAGES)
def test_every_exercise_has_a_solution(pages, path):
    facts = pages(path)
    if path.startswith("chapters/"):
        assert facts.exercises >= 1, f"{path} has no exercise"
    assert len(facts.solutions) == facts.exercises


@pytest.mark.parametrize("path", PAGES)
def test_sidebar_lists_every_chapter_in_order(pages, path):
    assert pages(path).sidebar == PAGES


@pytest.mark.parametrize("index", range(len(PAGES)), ids=PAGES)
def test_previous_and_next_follow_the_toc(pages, index):
    facts = pages(PAGES[index])
    assert facts.prev == (PAGES[index - 1] if index > 0 else None)
    assert facts.next == (PAGES[index + 1] if index + 1 < len(PAGES) else None)


@pytest.mark.parametrize("path", PAGES)
def test_code_cells_fit_the_column_on_a_desktop(pages, path):
    """At 1280 px a code line of 77 characters fits; a longer one hides its end."""
    assert pages(path).wide_code == [], f"{path}: code lines too long for the column"


@pytest.mark.parametrize("path", PAGES)
def test_tables_fit_the_column_on_a_desktop(pages, path):
    assert pages(path).wide_tables == [], f"{path}: tables wider than the column"


@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_scrolling_on_a_phone(pages, path):
    overflow = pages(path).phone_overflow
    assert overflow["scroll_width"] <= overflow["width"], (
        f"{path} scrolls sideways at {PHONE['width']} px; too wide: {overflow['wide']}"
    )


def test_every_book_page_was_checked():
    """The table of contents and the built book agree, so no page escapes the tests."""
    built = {
        str(p.relative_to(HTML).with_suffix(""))
        for p in HTML.rglob("*.html")
        if p.parent == HTML / "chapters"
    }
    assert built == {p for p in PAGES if p.startswith("chapters/")}


def test_search_finds_sigmoid(context, book_url):
    page = context.new_page()
    try:
        page.goto(f"{book_url}search.html?q=sigmoid")
        page.wait_for_selector("#search-results ul.search li a")
        hits = page.eval_on_selector_all(
            "#search-results ul.search li a", "links => links.map(a => a.href)"
        )
    finally:
        page.close()
    assert f"{book_url}chapters/sigmoid.html" in [h.split("#")[0] for h in hits]


SHOWCASE = ["intro", "chapters/sigmoid", "chapters/choosing_activations",
            "chapters/forward_propagation", "api"]


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", SHOWCASE)
def test_screenshots(browser, book_url, screenshot_dir, path, size, mode):
    """Full-page pictures for a person to look at, in light and dark mode."""
    context = browser.new_context(viewport=size, device_scale_factor=1)
    context.add_init_script(f"localStorage.setItem('mode', '{mode}');")
    page = context.new_page()
    try:
        page.goto(f"{book_url}{path}.html")
        wait_until_ready(page)
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        name = screenshot_dir / f"{path.replace('/', '-')}-{size['width']}-{mode}.png"
        page.screenshot(path=str(name), full_page=True)
    finally:
        context.close()
    assert name.stat().st_size > 10_000
