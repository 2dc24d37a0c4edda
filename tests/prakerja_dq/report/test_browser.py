"""The report in a real browser: failed checks and their sentences are visible, planted scripts never run."""

from __future__ import annotations

import threading

import pytest

from flows.validate_tables import validate_warehouse
from prakerja_dq.report import make_report_server
from prakerja_dq.report.build import build_claims_report
from prakerja_dq.warehouse import build_models, connect
from tests.gold_warehouse import build_gold_warehouse, read_seed_texts
from tests.prakerja_dq.report.chromium import needs_chromium

PLANTED = "<script>document.title='pwned';window.pwned=1</script><img src=x onerror=\"window.pwned=2\">"
VOI = "003_75dccba2dc8e8b2c"

pytestmark = needs_chromium


def planted_texts() -> dict[str, str]:
    texts = read_seed_texts()
    text = texts[VOI]
    texts[VOI] = PLANTED + text.replace("Rudy berujar, ", f"Rudy berujar {PLANTED}, ")
    return texts


@pytest.fixture(scope="module")
def report_url(prefect_harness, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("browser")
    warehouse = tmp_path / "warehouse.duckdb"
    con = connect(warehouse)
    build_gold_warehouse(con, texts=planted_texts())
    con.close()
    report_dir = tmp_path / "report"
    validate_warehouse(warehouse, run_id="browser", report_dir=report_dir, gx_dir=tmp_path / "gx")
    con = connect(warehouse)
    con.execute("set variable run_id = 'browser'")
    build_models(con, ["marts"])  # as the publish stage does, before it writes the report
    con.close()
    index = build_claims_report(
        warehouse,
        run_id="browser",
        report_dir=report_dir,
        data_docs_index=report_dir / "data_docs" / "index.html",
    )
    server = make_report_server(index.parent, port=0)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    context.route(
        "**/*", lambda route: route.abort() if "127.0.0.1" not in route.request.url else route.continue_()
    )
    opened = context.new_page()
    yield opened
    context.close()


def test_front_page_lists_failed_checks_and_draws_the_charts(page, report_url):
    page.goto(f"{report_url}/index.html")
    body = page.inner_text("body")
    assert "cumulative_holds_on_timeline" in body
    assert "weekday_matches_date" in body
    assert page.locator("figure img").count() >= 2
    page.click("a[href^='evidence/cumulative_holds_on_timeline']")
    page.wait_for_url("**/evidence/cumulative_holds_on_timeline-1.html*")


def test_evidence_page_quotes_the_sentences_behind_each_failure(page, report_url):
    page.goto(f"{report_url}/evidence/cumulative_holds_on_timeline-1.html")
    falling = page.locator("section.finding", has_text="recipients in persons (national) falls on")
    assert falling.count() == 1
    quotes = falling.inner_text()
    assert "dari 10 gelombang pendaftaran yang telah dibuka ditetapkan sebanyak 5,6 juta orang" in quotes
    assert "dari gelombang 1 hingga 11 tercatat terdapat 5,5 juta peserta" in quotes
    # the falling report first, then the earlier report it falls below
    assert falling.locator("mark").all_inner_texts() == ["5,5 juta peserta", "5,6 juta orang"]
    page.goto(f"{report_url}/evidence/weekday_matches_date-1.html")
    weekday = page.locator("section.finding", has_text="states Rabu but 2020-11-03 is a Selasa")
    assert weekday.locator("mark").all_inner_texts() == ["Rabu, 3 November"]


def test_planted_script_in_an_article_never_executes(page, report_url):
    quoting = "evidence/programme_named_correctly-1.html"  # quotes the article with the planted markup
    for name in ("evidence.html", "index.html", quoting):
        page.goto(f"{report_url}/{name}")
        page.wait_for_load_state("load")
        assert page.evaluate("window.pwned") is None
        assert page.title() != "pwned"
    page.goto(f"{report_url}/{quoting}")
    assert "<script>document.title='pwned'" in page.inner_text("body")
    assert page.locator("section.finding script, section.finding img").count() == 0
