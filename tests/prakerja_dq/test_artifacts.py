"""Every pipeline run leaves Prefect artifacts: a markdown summary and a table of rows per mart."""

from __future__ import annotations

import json

from prakerja_dq.run_summary import MARTS_ARTIFACT_KEY, SUMMARY_ARTIFACT_KEY


def test_a_flow_run_has_its_summary_and_marts_artifacts(seed_run):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    summary, flow_run_id = seed_run.summary, seed_run.flow_run_id

    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
        )
    by_key = {artifact.key: artifact for artifact in artifacts}
    assert {SUMMARY_ARTIFACT_KEY, MARTS_ARTIFACT_KEY} <= set(by_key)

    markdown = by_key[SUMMARY_ARTIFACT_KEY]
    assert markdown.type == "markdown"
    assert summary.run_id in markdown.data
    assert f"| articles ingested | {summary.articles_ingested} new" in markdown.data
    assert f"| figures published | {summary.marts['figures']} |" in markdown.data
    assert summary.report_path in markdown.data
    if summary.findings:
        assert "## Failed checks" in markdown.data

    table = by_key[MARTS_ARTIFACT_KEY]
    assert table.type == "table"
    rows = json.loads(table.data) if isinstance(table.data, str) else table.data
    assert {row["mart"]: row["rows"] for row in rows} == {
        f"marts.{name}": count for name, count in summary.marts.items()
    }


def test_the_summary_names_failed_checks_and_links_the_served_report(monkeypatch):
    from prakerja_dq.run_summary import RunSummary, to_markdown

    summary = RunSummary(
        run_id="20260101T000000Z-abcdef12",
        files_seen=6,
        articles_ingested=1,
        duplicates=0,
        rejected=0,
        articles_extracted=1,
        figures_extracted=8,
        expectations_evaluated=41,
        expectations_passed=38,
        expectations_failed=3,
        figures_quarantined=2,
        findings=4,
        marts={"figures": 45},
        marts_path="/data/warehouse/published.duckdb",
        report_path="/data/warehouse/report/index.html",
        failures=["batch 2: InjectedFailure"],
    )
    monkeypatch.setenv("PRAKERJA_REPORT_URL", "http://localhost:8080/")
    markdown = to_markdown(summary, failed_checks=[("recipients_le_registrants", "blocking", 2)])
    assert "| figures published | 45 |" in markdown
    assert "| figures quarantined | 2 |" in markdown
    assert "| recipients_le_registrants | blocking | 2 |" in markdown
    assert "[/data/warehouse/report/index.html](http://localhost:8080/)" in markdown
    assert "- batch 2: InjectedFailure" in markdown
