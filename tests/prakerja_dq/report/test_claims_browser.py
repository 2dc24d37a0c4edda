"""The claims front page in Debian's chromium, opened from disk: offline, filterable, linked to its evidence.

Every request the pages make is recorded; any that is not a file:// request is aborted and fails the test.
One outlet of the fixture is renamed to carry a script, which must show as text and never run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from prakerja_dq.report.build import build_claims_report
from prakerja_dq.report.claim_filter import SHOWN
from prakerja_dq.warehouse import connect
from tests.prakerja_dq.report.chromium import needs_chromium
from tests.prakerja_dq.report.claims_marts import RUN_ID, report_order, write_claims_warehouse

RECIPIENTS = "select claim_id from marts.claims where metric = 'recipients'"
PLANTED = "Evil </script><script>window.pwned=1</script><img src=x onerror=window.pwned=2>"

pytestmark = needs_chromium


def plant_outlet(warehouse: Path) -> str:
    """Rename the outlet of the first dissenting report to ``PLANTED`` everywhere; returns the old name."""
    con = connect(warehouse)
    try:
        (old,) = con.execute(
            "select dissenting_outlets[1] from marts.claims where status = 'disputed' "
            "order by len(dissenting_outlets) desc, claim_id limit 1"
        ).fetchall()[0]
        rename = "list_transform({}, lambda o: case when o = $old then $new else o end)"
        for column in ("supporting_outlets", "dissenting_outlets"):
            con.execute(
                f"update marts.claims set {column} = {rename.format(column)}", {"old": old, "new": PLANTED}
            )
        con.execute(
            f"update marts.findings set outlets = {rename.format('outlets')}", {"old": old, "new": PLANTED}
        )
        for table in ("marts.figures", "marts.articles"):
            con.execute(f"update {table} set outlet = $new where outlet = $old", {"old": old, "new": PLANTED})
    finally:
        con.close()
    return old


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("claims-browser")
    warehouse = write_claims_warehouse(folder / "warehouse.duckdb", articles=300, seed=5)
    plant_outlet(warehouse)
    report_dir = folder / "report"
    build_claims_report(
        warehouse,
        run_id=RUN_ID,
        report_dir=report_dir,
        data_docs_index=report_dir / "data_docs" / "index.html",
    )
    return report_dir, warehouse


@pytest.fixture
def page(browser):
    """A page whose every request is recorded; requests leaving the disk are aborted and recorded."""
    context = browser.new_context()
    seen, outside = [], []

    def route(route):
        seen.append(route.request.url)
        if route.request.url.startswith(("file://", "data:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    opened = context.new_page()
    errors = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert outside == [], f"requests leaving the machine: {outside}"
    assert errors == [], f"script errors: {errors}"
    assert seen, "no request was recorded"


def listed(page, order: list[str]) -> list[str]:
    """The claim ids the filter lists (it knows a claim by its position in report order)."""
    keys = page.locator("#claim-list li").evaluate_all("items => items.map(item => item.dataset.key)")
    return [order[int(key)] for key in keys]


def query(warehouse: Path, sql: str, params: dict | None = None) -> list[str]:
    con = connect(warehouse, read_only=True)
    try:
        return [row[0] for row in con.execute(sql, params or {}).fetchall()]
    finally:
        con.close()


def test_front_page_loads_offline_with_its_charts_and_worst_disputes(page, report):
    report_dir, _ = report
    page.goto((report_dir / "index.html").as_uri())
    assert page.locator("figure img").count() >= 3
    assert all(
        width > 300 for width in page.locator("figure img").evaluate_all("i => i.map(x => x.naturalWidth)")
    )
    assert page.locator("section.claim.disputed").count() >= 5
    first = page.locator("section.claim.disputed").first
    assert first.locator(".side.supporting li").count() >= 1
    assert first.locator(".side.dissenting li").count() >= 1
    assert first.locator("mark").count() >= 2


def assert_lists(page, order: list[str], expected: list[str]) -> None:
    """The filter lists the expected claims in report order (the first SHOWN of them) and counts them all."""
    wanted = sorted(expected, key=order.index)
    assert listed(page, order) == wanted[:SHOWN]
    assert page.inner_text("#claim-count").startswith(f"{len(wanted)} claims match")


def test_filter_narrows_the_claims_by_outlet_metric_and_wave(page, report):
    report_dir, warehouse = report
    page.goto((report_dir / "index.html").as_uri())
    order = report_order(warehouse)
    assert sorted(order) == sorted(query(warehouse, "select claim_id from marts.claims"))
    assert len(order) > SHOWN
    assert_lists(page, order, order)

    page.fill("#claim-filter input[name=outlet]", PLANTED.lower()[:12])
    by_outlet = query(
        warehouse,
        "select claim_id from marts.claims where list_contains(supporting_outlets, $o) "
        "or list_contains(dissenting_outlets, $o)",
        {"o": PLANTED},
    )
    assert 0 < len(by_outlet) < len(order)
    assert_lists(page, order, by_outlet)
    visible = page.locator("section.claim[data-key]:visible")
    assert set(visible.evaluate_all("s => s.map(x => x.dataset.claim)")) <= set(by_outlet)
    assert PLANTED in page.inner_text("#claim-list")
    page.fill("#claim-filter input[name=outlet]", "")

    page.select_option("#claim-filter select[name=metric]", "recipients")
    by_metric = query(warehouse, "select claim_id from marts.claims where metric = 'recipients'")
    assert 0 < len(by_metric) < len(order)
    assert_lists(page, order, by_metric)

    wave = query(warehouse, "select median(wave_to)::int from marts.claims where metric = 'recipients'")[0]
    page.fill("#claim-filter input[name=wave]", str(wave))
    by_wave = query(
        warehouse,
        "select claim_id from marts.claims where metric = 'recipients' and $w between wave_from and wave_to",
        {"w": wave},
    )
    assert 0 < len(by_wave) < len(by_metric)
    assert_lists(page, order, by_wave)

    page.select_option("#claim-filter select[name=status]", "disputed")
    disputed = query(
        warehouse,
        "select claim_id from marts.claims where metric = 'recipients' and $w between wave_from and wave_to "
        "and status = 'disputed'",
        {"w": wave},
    )
    assert 0 < len(disputed) < len(by_wave)
    assert_lists(page, order, disputed)
    assert page.locator("section.claim[data-key]:visible").count() <= len(disputed)


def test_claims_and_evidence_pages_are_linked(page, report):
    report_dir, _ = report
    page.goto((report_dir / "index.html").as_uri())
    listed = page.locator("#claim-list li").last  # far down the order: its anchor is its place on its page
    claim_id = report_order(report[1])[int(listed.get_attribute("data-key"))]
    listed.locator("a").click()
    page.wait_for_url("**/claims/*.html#k*")
    slot = page.url.rsplit("#k", 1)[1]
    assert page.locator(f"#claim-{claim_id} .sides").count() == 1
    assert page.locator(f"#claim-{claim_id} #k{slot}").count() == 1

    page.goto((report_dir / "index.html").as_uri())
    page.click("table >> text=claim_consensus")
    page.wait_for_url("**/evidence/claim_consensus-1.html")
    assert page.locator("section.finding").count() >= 5
    assert page.locator("section.finding mark").count() >= 5
    page.locator("section.finding a", has_text="every source on each side").first.click()
    page.wait_for_url("**/claims/*.html#claim-*")

    page.goto((report_dir / "index.html").as_uri())
    page.click("nav >> text=Claims by metric")
    page.wait_for_url("**/claims/index.html")
    page.get_by_role("link", name="recipients", exact=True).click()
    page.wait_for_url("**/claims/recipients-1.html")
    assert page.locator("section.claim").count() == min(100, len(query(report[1], RECIPIENTS)))
    if page.locator(".pager a").count():
        page.locator(".pager a").first.click()
        page.wait_for_url("**/claims/recipients-2.html")
        assert page.locator("section.claim").count() >= 1

    page.goto((report_dir / "evidence.html").as_uri())
    page.click("text=date_without_year")
    page.wait_for_url("**/evidence/date_without_year-1.html")
    assert page.locator("section.finding").count() >= 1


def test_a_planted_script_in_an_outlet_name_never_runs(page, report):
    report_dir, _ = report
    page.goto((report_dir / "index.html").as_uri())
    page.fill("#claim-filter input[name=outlet]", "evil")
    page.wait_for_load_state("load")
    assert page.evaluate("window.pwned") is None
    assert PLANTED in page.inner_text("body")
    claim_page = page.locator("#claim-list li a").first.get_attribute("href")
    page.goto((report_dir / claim_page.split("#")[0]).as_uri())
    assert page.evaluate("window.pwned") is None
    assert PLANTED in page.inner_text("body")
