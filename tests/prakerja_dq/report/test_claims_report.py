"""The claims report built from a real DuckDB file holding the claim marts (seeded fixture)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest

from prakerja_dq.report.build import build_claims_report
from prakerja_dq.report.claim_filter import decode_ids, decode_varints
from prakerja_dq.report.claims_data import has_claim_marts, read_claims_data, read_sources
from prakerja_dq.report.timeline import OTHER_OUTLETS, grouped_points, legend_outlets
from prakerja_dq.warehouse import connect
from tests.prakerja_dq.report.claims_marts import RUN_ID, report_order, write_claims_warehouse

SEVERITY_RANK = {"blocking": 0, "warning": 1}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return write_claims_warehouse(
        tmp_path_factory.mktemp("claims") / "warehouse.duckdb", articles=300, seed=3
    )


@pytest.fixture(scope="module")
def report(warehouse, tmp_path_factory) -> Path:
    report_dir = tmp_path_factory.mktemp("claims-report")
    return build_claims_report(
        warehouse,
        run_id=RUN_ID,
        report_dir=report_dir,
        data_docs_index=report_dir / "data_docs" / "index.html",
    ).parent


def claim_index(index_html: str) -> dict:
    block = re.search(r'<script type="application/json" id="claim-index">(.*?)</script>', index_html, re.S)
    assert block is not None
    return json.loads(block.group(1))


def test_disputed_claims_come_first_worst_first(warehouse):
    con = connect(warehouse, read_only=True)
    try:
        assert has_claim_marts(con)
        claims = read_claims_data(con, run={}).claims
    finally:
        con.close()
    statuses = claims["status"].to_list()
    disputed = statuses.count("disputed")
    assert disputed >= 5 and set(statuses[:disputed]) == {"disputed"}
    keys = [
        (row["severity_rank"], -len(row["dissenting_outlets"]), -row["deviation"])
        for row in claims.head(disputed).iter_rows(named=True)
    ]
    assert keys == sorted(keys)
    assert claims["severity_rank"][0] == SEVERITY_RANK["blocking"]


def test_sources_take_each_side_from_the_figures_with_their_sentence(warehouse):
    con = connect(warehouse, read_only=True)
    try:
        claim = con.execute(
            "select claim_id, dissenting_outlets from marts.claims where status = 'disputed' limit 1"
        ).fetchall()[0]
        sources = read_sources(con, [claim[0]], per_side=50)
    finally:
        con.close()
    dissenting = sources.filter(pl.col("side") == "dissenting")
    assert sorted(set(dissenting["outlet"])) == sorted(claim[1])
    assert set(sources.filter(pl.col("side") == "supporting")["outlet"]).isdisjoint(claim[1])
    for row in sources.iter_rows(named=True):
        assert f"<mark>{row['evidence']}</mark>" in row["sentence"]
        assert row["sentence"].startswith("Hingga ")


def test_legend_names_the_dissenters_then_the_biggest_reporters():
    reports = pl.DataFrame(
        {
            "outlet": [f"outlet {n}" for n in range(30)],
            "reports": list(range(30, 0, -1)),
            "outliers": [0] * 25 + [1, 2, 3, 4, 5],
        }
    )
    named = legend_outlets(reports)
    assert named == ["outlet 29", "outlet 28", "outlet 27", "outlet 26", "outlet 0", "outlet 1", "outlet 2"]
    points = pl.DataFrame(
        {
            "x_cell": [1, 1, 1],
            "y_cell": [2, 2, 2],
            "outlet": ["outlet 29", "outlet 5", "outlet 6"],
            "status": ["agrees"] * 3,
            "as_of": ["2021-01-01"] * 3,
            "value": [1.0, 2.0, 3.0],
            "reports": [1, 2, 3],
        }
    )
    grouped = grouped_points(points, named)
    assert sorted(grouped["group"].to_list()) == [OTHER_OUTLETS, "outlet 29"]
    assert grouped.filter(pl.col("group") == OTHER_OUTLETS)["reports"].to_list() == [5]


def claim_page_of(index: dict) -> list[tuple[str, int]]:
    """The claim page and the anchor on it of each claim position, found as the filter script finds them."""
    metrics, seen, pages = decode_varints(index["columns"]["metric"]), {}, []
    for metric in metrics:
        rank = seen.get(metric, 0)
        seen[metric] = rank + 1
        pages.append((index["metric_pages"][metric][rank // index["per_page"]], rank % index["per_page"]))
    return pages


def test_front_page_names_few_outlets_and_indexes_every_claim(report, warehouse):
    html = (report / "index.html").read_text(encoding="utf-8")
    index = claim_index(html)
    con = connect(warehouse, read_only=True)
    try:
        claims = con.execute(
            "select claim_id, supporting_outlets, dissenting_outlets, metric from marts.claims"
        )
        claims = {claim_id: rest for claim_id, *rest in claims.fetchall()}
        metrics = [m for (m,) in con.execute("select distinct metric from marts.metric_timeline").fetchall()]
    finally:
        con.close()
    order = report_order(warehouse)
    assert index["count"] == len(claims) == len(order)
    columns = index["columns"]
    dissenting = [decode_ids(part) for part in columns["dissenting"].split(",")]
    supporting = [decode_ids(part) for part in columns["supporting"].split(",")]
    metric_of = decode_varints(columns["metric"])
    for key, claim_id in enumerate(order):
        supporting_outlets, dissenting_outlets, metric = claims[claim_id]
        assert {index["outlets"][i] for i in dissenting[key]} == set(dissenting_outlets)
        assert {index["outlets"][i] for i in dissenting[key] + supporting[key]} == {
            *supporting_outlets,
            *dissenting_outlets,
        }
        assert index["metrics"][metric_of[key]] == metric
    charts = re.findall(r'<img alt="consensus timeline chart" src="data:image/jpeg;base64,', html)
    assert len(charts) == len(metrics)
    captions = re.findall(r"Named outlets: (.*?); other outlets drawn grey: (\d+)", html)
    assert len(captions) == len(metrics)
    for named, others in captions:
        assert len(named.split(", ")) <= 7 and int(others) > 0
    assert "Content-Security-Policy" in html and "script-src 'sha256-" in html


def test_every_claim_and_finding_has_a_page_that_holds_it(report, warehouse):
    index = claim_index((report / "index.html").read_text(encoding="utf-8"))
    pages = {
        name: (report / name).read_text(encoding="utf-8") for names in index["metric_pages"] for name in names
    }
    for claim_id, (page, slot) in zip(report_order(warehouse), claim_page_of(index), strict=True):
        assert f'id="claim-{claim_id}" data-claim="{claim_id}"><a id="k{slot}">' in pages[page]
    evidence = (report / "evidence.html").read_text(encoding="utf-8")
    linked = re.findall(r'href="(evidence/[^"]+)"', evidence)
    assert {"evidence/claim_consensus-1.html", "evidence/date_without_year-1.html"} <= set(linked)
    disputes = (report / "evidence" / "claim_consensus-1.html").read_text(encoding="utf-8")
    assert disputes.count('class="finding ') >= 5 and "<mark>" in disputes
    for href, claim_id in re.findall(r'href="\.\./(claims/[^"#]+)#claim-([^"]+)"', disputes):
        assert f'id="claim-{claim_id}"' in (report / href).read_text(encoding="utf-8")


def national_timeline_rows(con) -> int:
    return con.execute("select count(*) from marts.metric_timeline where scope = 'national'").fetchall()[0][0]


def national_figures(con) -> int:
    return con.execute(
        "select count(*) from marts.figures where scope = 'national' "
        "and metric in (select metric from marts.metric_timeline)"
    ).fetchall()[0][0]


def test_each_timeline_is_drawn_for_its_national_series_only(warehouse):
    con = connect(warehouse, read_only=True)
    try:
        data = read_claims_data(con, run={})
        timeline_rows, figures = national_timeline_rows(con), national_figures(con)
        provincial = con.execute("select count(*) from marts.figures where scope <> 'national'").fetchall()[
            0
        ][0]
    finally:
        con.close()
    assert provincial > 0
    assert data.timeline.height == timeline_rows
    assert data.points["reports"].sum() == figures == data.outlet_reports["reports"].sum()


def test_a_timeline_without_series_columns_takes_the_series_from_the_figures(warehouse, tmp_path):
    copy = tmp_path / "contract.duckdb"
    copy.write_bytes(warehouse.read_bytes())
    con = connect(copy)
    try:
        for column in ("unit", "scope", "basis", "claim_id"):
            con.execute(f"alter table marts.metric_timeline drop column {column}")
        data = read_claims_data(con, run={})
        figures = national_figures(con)
        timeline_rows = con.execute("select count(*) from marts.metric_timeline").fetchall()[0][0]
    finally:
        con.close()
    assert data.timeline.height == timeline_rows
    assert data.points["reports"].sum() == figures
    index = build_claims_report(
        copy, run_id=RUN_ID, report_dir=tmp_path / "report", data_docs_index=tmp_path / "x"
    )
    assert index.stat().st_size > 10_000
