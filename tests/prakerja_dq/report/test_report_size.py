"""At 20.000 articles' worth of claim marts the front page stays under 2 MB, and no other page is heavier."""

from __future__ import annotations

from prakerja_dq.report.build import build_claims_report
from prakerja_dq.warehouse import connect
from tests.prakerja_dq.report.claims_marts import RUN_ID, write_claims_warehouse

FRONT_PAGE_LIMIT = 2_000_000


def test_front_page_of_a_20000_article_run_stays_under_2_mb(tmp_path):
    warehouse = write_claims_warehouse(tmp_path / "warehouse.duckdb", articles=20_000, seed=11)
    con = connect(warehouse, read_only=True)
    try:
        figures, claims, disputed, outlets, findings = con.execute(
            "select (select count(*) from marts.figures), (select count(*) from marts.claims), "
            "(select count(*) from marts.claims where status = 'disputed'), "
            "(select count(distinct outlet) from marts.figures), (select count(*) from marts.findings)"
        ).fetchall()[0]
    finally:
        con.close()
    assert (
        figures >= 280_000 and claims >= 25_000 and disputed >= 3_000 and outlets >= 800 and findings >= 5_000
    )

    report_dir = tmp_path / "report"
    index = build_claims_report(
        warehouse,
        run_id=RUN_ID,
        report_dir=report_dir,
        data_docs_index=report_dir / "data_docs" / "index.html",
    )
    sizes = {
        path.relative_to(report_dir).as_posix(): path.stat().st_size for path in report_dir.rglob("*.html")
    }
    heaviest = max((size, name) for name, size in sizes.items() if name != "index.html")
    print(
        f"\n{figures} figures, {claims} claims ({disputed} disputed), {outlets} outlets, "
        f"{findings} findings: index.html {sizes['index.html']:,} bytes; "
        f"{len(sizes)} pages, {sum(sizes.values()):,} bytes in all; "
        f"heaviest other page {heaviest[1]} {heaviest[0]:,} bytes"
    )
    assert index.stat().st_size < FRONT_PAGE_LIMIT
    assert heaviest[0] < FRONT_PAGE_LIMIT
    html = index.read_text(encoding="utf-8")
    assert html.count('<section class="claim disputed') == 15
    assert html.count('src="data:image/jpeg;base64,') == 4
