"""GX Data Docs of a real pipeline run, opened from disk in Debian's chromium: styled, filled, and offline.

Every request the pages make is recorded: all of them must be file:// requests that succeed. Requests that
would leave the machine are aborted (and fail the test), so a page that still loads a CDN asset cannot pass by
being lucky with the network.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from expectations import SUITES as ALL_SUITES
from tests.prakerja_dq.report.chromium import needs_chromium

# one validation page per suite (expectations/ holds one suite per validated table); the index table shows
# ten a page
SUITES = min(len(ALL_SUITES), 10)

pytestmark = needs_chromium


@pytest.fixture
def data_docs(seed_run) -> Path:
    """The Data Docs folder of a pipeline run over the seed articles."""
    return seed_run.home / "report" / "data_docs"


class Requests:
    """Every request of a page, the ones that failed, and the ones that tried to leave the machine."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.failed: list[str] = []
        self.outside: list[str] = []


@pytest.fixture
def offline_page(browser):
    context = browser.new_context()
    requests = Requests()

    def refuse(route):
        requests.outside.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith("file://"), refuse)
    page = context.new_page()
    page.on("request", lambda request: requests.seen.append(request.url))
    page.on("requestfailed", lambda request: requests.failed.append(request.url))
    yield page, requests
    context.close()


def computed(page, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"e => getComputedStyle(e).getPropertyValue('{prop}')")


def assert_offline(requests: Requests) -> None:
    assert requests.outside == [], requests.outside
    assert requests.failed == [], requests.failed
    assert requests.seen and all(url.startswith("file://") for url in requests.seen)
    assert any("/static/vendor/bootstrap-4.3.1/" in url for url in requests.seen)


def test_index_is_styled_and_its_tables_are_filled_offline(offline_page, data_docs):
    page, requests = offline_page
    # "load": stylesheets, scripts, fonts' faces and images are in; a blocked CDN request can keep the
    # network from going idle, so the table is awaited itself
    page.goto((data_docs / "index.html").as_uri(), wait_until="load")
    # bootstrap-table (with jQuery) filled the validation results table from its JavaScript data
    rows = page.locator(".ge-index-page-validation-results-table tbody tr")
    expect(rows).to_have_count(SUITES)
    assert "staging_figures" in rows.all_inner_texts()[0] or "staging_figures" in page.inner_text("body")
    # Bootstrap's rules: a .row is a flex container, the secondary button has Bootstrap's grey
    assert computed(page, ".row", "display") == "flex"
    assert computed(page, ".btn-secondary", "background-color") == "rgb(108, 117, 125)"
    # Font Awesome's stylesheet and font: the status icons are drawn with its font
    assert "Font Awesome" in computed(page, ".ge-success-icon", "font-family")
    assert page.evaluate(
        "document.fonts.ready.then(() => document.fonts.check('900 16px \"Font Awesome 6 Free\"'))"
    )
    assert_offline(requests)
    assert any(
        url.endswith("/static/images/logo-long.png") or "logo-long.png?" in url for url in requests.seen
    )


def test_a_validation_page_is_styled_offline(offline_page, data_docs):
    page, requests = offline_page
    pages = sorted((data_docs / "validations" / "staging_articles").rglob("*.html"))
    assert len(pages) == 1
    page.goto(pages[0].as_uri(), wait_until="load")
    body = page.inner_text("body")
    assert "staging_articles" in body and "outlet" in body
    assert computed(page, ".row", "display") == "flex"
    # Bootstrap's small bordered table: 0.3rem cell padding, #dee2e6 borders, its system font stack
    assert computed(page, "table.table-sm td", "padding-top") == "4.8px"
    assert computed(page, "table.table-bordered td", "border-top-color") == "rgb(222, 226, 230)"
    assert computed(page, "body", "font-family").startswith("-apple-system")
    assert "Font Awesome" in computed(page, ".fas", "font-family")
    assert_offline(requests)
    # the links GX draws between its pages resolve on disk
    home = page.eval_on_selector(".navbar-brand a", "a => a.href")
    assert (
        home.startswith("file://")
        and Path(home.removeprefix("file://")).resolve() == data_docs / "index.html"
    )
