"""What one pipeline run did (``RunSummary``), as markdown and a marts table for the Prefect UI."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from prakerja_dq.settings import get_settings

SUMMARY_ARTIFACT_KEY = "prakerja-run-summary"
MARTS_ARTIFACT_KEY = "prakerja-marts"


@dataclass
class RunSummary:
    """What one pipeline run did; printed by ``prakerja run`` and returned by the flow."""

    run_id: str
    files_seen: int
    articles_ingested: int
    duplicates: int
    rejected: int
    articles_extracted: int
    figures_extracted: int
    expectations_evaluated: int
    expectations_passed: int
    expectations_failed: int
    figures_quarantined: int
    findings: int
    marts: dict[str, int]
    marts_path: str
    report_path: str
    unchanged: int = 0  # files not read again: the ledger already accounts for them as they are
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    # published: this run built, validated and published the marts; unchanged: nothing changed since the
    # run in published_run_id, whose snapshot stays published (no model, validation or publish work)
    status: str = "published"
    published_run_id: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def read_failed_checks(marts_path: str | Path) -> list[tuple[str, str, int]]:
    """(check_name, severity, failed instances) from the published findings; empty if there are none."""
    path = Path(marts_path)
    if not path.exists():
        return []
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            "select check_name, severity, count(*) from marts.findings group by all order by 2, 3 desc, 1"
        ).fetchall()
    except duckdb.Error:
        return []
    finally:
        con.close()


def to_markdown(summary: RunSummary, *, failed_checks: list[tuple[str, str, int]] | None = None) -> str:
    """The run summary as markdown: articles, figures, failed checks, marts and where the report is."""
    report = Path(summary.report_path)
    # Where readers open the report: PRAKERJA_REPORT_URL when it is served (docker compose), else the file.
    report_link = get_settings().report_url or (report.as_uri() if report.is_absolute() else str(report))
    lines = [
        f"# Pipeline run `{summary.run_id}`",
        "",
        "| | |",
        "|---|---|",
        f"| files seen | {summary.files_seen} |",
        f"| articles ingested | {summary.articles_ingested} new ({summary.duplicates} duplicate, "
        f"{summary.rejected} rejected) |",
        f"| figures extracted | {summary.figures_extracted} from {summary.articles_extracted} articles |",
        f"| figures published | {summary.marts.get('figures', 0)} |",
        f"| figures quarantined | {summary.figures_quarantined} |",
        f"| expectations | {summary.expectations_passed} passed, {summary.expectations_failed} failed "
        f"(of {summary.expectations_evaluated}) |",
        f"| findings (failed check instances) | {summary.findings} |",
        f"| seconds | {summary.seconds:.1f} |",
        f"| status | {summary.status} (published marts of run `{summary.published_run_id}`) |",
        "",
        f"Validation report: [{report}]({report_link})",
        "",
        f"Published marts: `{summary.marts_path}` (query with `prakerja sql`).",
    ]
    if failed_checks:
        lines += ["", "## Failed checks", "", "| check | severity | instances |", "|---|---|---|"]
        lines += [f"| {name} | {severity} | {count} |" for name, severity, count in failed_checks]
    if summary.failures:
        lines += ["", "## Failed batches (the rest of the run was kept)", ""]
        lines += [f"- {failure}" for failure in summary.failures]
    return "\n".join(lines)


def to_table(summary: RunSummary) -> list[dict[str, object]]:
    """Rows published per mart, one table row each."""
    return [{"mart": f"marts.{name}", "rows": rows} for name, rows in sorted(summary.marts.items())]
