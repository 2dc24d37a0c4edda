"""A finding listing more reports than a page quotes is read cut to the quoted ones (issue 13: the report's
memory must not grow with the reports a claim finding lists)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from prakerja_dq.report.build import build_claims_report
from prakerja_dq.report.claims_data import QUOTES_PER_FINDING, read_findings
from prakerja_dq.warehouse import connect
from tests.prakerja_dq.report.claims_marts import RUN_ID, write_claims_warehouse

REPORTS = 3 * QUOTES_PER_FINDING


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    path = write_claims_warehouse(
        tmp_path_factory.mktemp("bounded") / "warehouse.duckdb", articles=200, seed=7
    )
    con = connect(path)
    try:
        figures = con.execute(
            "select figure_id, article_id, outlet, evidence from marts.figures where start is not null "
            "qualify row_number() over (partition by article_id order by figure_id) = 1 "
            "order by figure_id limit ?",
            [REPORTS],
        ).fetchall()
        assert len(figures) == REPORTS
        figure_ids, article_ids, outlets, evidence = (list(column) for column in zip(*figures, strict=True))
        # the articles listed in another order than the spans: each span is quoted from the first article of
        # the list whose text holds it, wherever it is in the list
        con.execute(
            "insert into marts.findings (check_name, severity, figure_ids, article_ids, outlets, evidence, "
            "detail, run_id, kind, claim_id) values ('many_reports', 'blocking', ?, ?, ?, ?, "
            "'a finding of many reports', ?, 'disputed_claim', null)",
            [figure_ids, article_ids[::-1], sorted(set(outlets)), evidence, RUN_ID],
        )
    finally:
        con.close()
    return path


def test_a_finding_is_read_cut_to_the_quotes_it_shows(warehouse):
    con = connect(warehouse, read_only=True)
    try:
        evidence = read_findings(con)
        expected = con.execute(
            "select list_slice(evidence, 1, ?) from marts.findings where check_name = 'many_reports'",
            [QUOTES_PER_FINDING],
        ).fetchall()[0][0]
        listed = con.execute(
            "select article_ids from marts.findings where check_name = 'many_reports'"
        ).fetchall()[0][0]
        texts = dict(con.execute("select article_id, text from raw.articles").fetchall())
    finally:
        con.close()
    findings = evidence["findings"]
    finding = findings[findings["check_name"] == "many_reports"].iloc[0]
    assert list(finding["evidence"]) == expected
    assert len(finding["article_ids"]) == len(finding["figure_ids"]) == QUOTES_PER_FINDING
    # the article at the span's position in the list if its text holds the span, else the first that does
    quoted_from = [
        next(aid for aid in [listed[index], *listed] if span in texts[aid])
        for index, span in enumerate(expected)
    ]
    assert list(finding["article_ids"]) == quoted_from
    assert quoted_from != listed[:QUOTES_PER_FINDING]
    assert (finding["evidence_count"], finding["article_count"], finding["figure_count"]) == (REPORTS,) * 3
    assert set(evidence["texts"]) == {aid for ids in findings["article_ids"] for aid in ids if aid}


def test_the_page_quotes_each_shown_span_from_its_article(warehouse, tmp_path):
    build_claims_report(
        warehouse, run_id=RUN_ID, report_dir=tmp_path, data_docs_index=tmp_path / "data_docs" / "index.html"
    )
    html = (tmp_path / "evidence" / "many_reports-1.html").read_text(encoding="utf-8")
    section = re.search(r'<section class="finding blocking" id="finding-1">(.*?)</section>', html, re.S)
    assert section is not None
    assert section.group(1).count("<blockquote>") == QUOTES_PER_FINDING
