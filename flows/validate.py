"""Validate stage: run the GX suites over the staged and intermediate tables and keep the results as data.

Audit step of write-audit-publish: every expectation's outcome goes to ``validation.results``, every failed
check instance (a figure, a pair, an article, a date mention) to ``validation.findings`` with the figures,
articles, outlets and evidence spans behind it, and figures caught by a blocking check to
``quarantine.figures`` so the marts leave them out. Then the browser report is written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.warehouse import connect, create_base_tables

if TYPE_CHECKING:
    from expectations.runner import ExpectationOutcome

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

FINDING_COLUMNS: tuple[str, ...] = ("figure_ids", "article_ids", "outlets", "evidence", "detail")
ARTICLE_TABLE = "staging.articles"
FIGURE_TABLE = "staging.figures"
BOUNDS_TABLE = "intermediate.figure_bounds"


@dataclass(frozen=True)
class ValidationSummary:
    """What one validation run found, and where its reports are."""

    run_id: str
    expectations_evaluated: int
    expectations_passed: int
    expectations_failed: int
    quarantined_figures: int
    findings: int
    blocking_findings: int
    report_index: Path
    data_docs_index: Path


def unknown_outlet(doc: object) -> str:
    return f"unknown outlet ({doc})"


def _text(value: object) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _day(value: object) -> str | None:
    text = _text(value)
    return text[:10] if text else None


def figure_context(figures: pd.DataFrame, bounds: pd.DataFrame) -> pd.DataFrame:
    """Finding columns for each staged figure, keyed by figure_id."""
    labels = dict(zip(bounds["figure_id"], bounds["label"], strict=True)) if not bounds.empty else {}
    return pd.DataFrame(
        {
            "key": figures["figure_id"].map(_text),
            "figure_ids": [[_text(fid)] if _text(fid) else [] for fid in figures["figure_id"]],
            "article_ids": [[_text(aid)] if _text(aid) else [] for aid in figures["article_id"]],
            "outlets": [
                [_text(outlet) or unknown_outlet(doc)]
                for outlet, doc in zip(figures["outlet"], figures["doc"], strict=True)
            ],
            "evidence": [[_text(span)] if _text(span) else [] for span in figures["evidence"]],
            "detail": [
                labels.get(fid) or f"{metric} {value} {unit}"
                for fid, metric, value, unit in zip(
                    figures["figure_id"], figures["metric"], figures["value"], figures["unit"], strict=True
                )
            ],
        }
    )


def article_context(articles: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Finding columns for each staged article (its figures, headline and provenance), keyed by article_id."""
    figure_ids = figures.dropna(subset=["figure_id"]).groupby("article_id")["figure_id"].agg(sorted)
    return pd.DataFrame(
        {
            "key": articles["article_id"].map(_text),
            "figure_ids": [list(figure_ids.get(aid, [])) for aid in articles["article_id"]],
            "article_ids": [[_text(aid)] if _text(aid) else [] for aid in articles["article_id"]],
            "outlets": [
                [_text(outlet) or unknown_outlet(doc)]
                for outlet, doc in zip(articles["outlet"], articles["doc"], strict=True)
            ],
            "evidence": [[_text(headline)] if _text(headline) else [] for headline in articles["headline"]],
            "detail": [
                f"article {doc}: outlet {_text(outlet) or 'missing'}, published {_day(date) or 'missing'}"
                for doc, outlet, date in zip(
                    articles["doc"], articles["outlet"], articles["published_date"], strict=True
                )
            ],
        }
    )


def row_context(table: str, frames: dict[str, pd.DataFrame], key: str) -> pd.DataFrame:
    """Finding columns for every row of a validated table, with its routing key in ``key``."""
    frame = frames[table]
    if table == FIGURE_TABLE:
        return figure_context(frame, frames.get(BOUNDS_TABLE, pd.DataFrame()))
    if table == ARTICLE_TABLE:
        return article_context(frame, frames[FIGURE_TABLE])
    context = frame[list(FINDING_COLUMNS)].copy()
    context.insert(0, "key", frame[key].map(_text))
    for column in FINDING_COLUMNS[:-1]:
        context[column] = context[column].map(lambda items: [str(item) for item in items if _text(item)])
    if "check_name" in frame.columns:
        context["rule"] = frame["check_name"]
    return context


def _instance_check_name(outcome: ExpectationOutcome, row: pd.Series) -> str:
    """Pair tables holding several rules name the rule per row (recipients_le_registrants_...)."""
    rule = row.get("rule")
    if outcome.scope and isinstance(rule, str):
        return f"{rule}_{outcome.scope}"
    return outcome.check_name


def route_findings(
    outcomes: list[ExpectationOutcome], frames: dict[str, pd.DataFrame], *, run_id: str
) -> pd.DataFrame:
    """One finding per failed check instance, with the figures, articles and evidence behind it."""
    rows, contexts = [], {}
    for outcome in outcomes:
        if outcome.success:
            continue
        if outcome.error:
            rows.append(
                {
                    "run_id": run_id,
                    "check_name": outcome.check_name,
                    "severity": outcome.severity,
                    "suite": outcome.suite,
                    "instance_key": "check-error",
                    "figure_ids": [],
                    "article_ids": [],
                    "outlets": [],
                    "evidence": [],
                    "detail": f"the check could not run on {outcome.table}: {outcome.error}",
                }
            )
            continue
        context = contexts.setdefault(outcome.table, row_context(outcome.table, frames, outcome.key))
        for key in outcome.failing_keys:
            matches = context[context["key"].isna()] if key is None else context[context["key"] == key]
            if matches.empty:
                continue
            row = matches.iloc[0]
            value_note = _failing_value_note(outcome, frames[outcome.table], key)
            rows.append(
                {
                    "run_id": run_id,
                    "check_name": _instance_check_name(outcome, row),
                    "severity": outcome.severity,
                    "suite": outcome.suite,
                    "instance_key": key if key is not None else "<null key>",
                    **{column: row[column] for column in FINDING_COLUMNS[:-1]},
                    "detail": f"{value_note}{row['detail']}",
                }
            )
    return pd.DataFrame(
        rows, columns=["run_id", "check_name", "severity", "suite", "instance_key", *FINDING_COLUMNS]
    )


def _failing_value_note(outcome: ExpectationOutcome, frame: pd.DataFrame, key: str | None) -> str:
    """``column = value; `` for checks on a plain column of a staged table, empty for computed flags."""
    if outcome.table not in (FIGURE_TABLE, ARTICLE_TABLE) or not outcome.column:
        return ""
    rows = frame[frame[outcome.key].isna()] if key is None else frame[frame[outcome.key] == key]
    if rows.empty or outcome.column not in rows.columns:
        return ""
    value = rows.iloc[0][outcome.column]
    return f"{outcome.column} = {_text(value) or 'missing'}; "


def quarantine_rows(findings: pd.DataFrame, figures: pd.DataFrame, *, run_id: str) -> pd.DataFrame:
    """One row per (figure, blocking check) that keeps the figure out of the marts."""
    article_of = dict(zip(figures["figure_id"], figures["article_id"], strict=True))
    blocking = findings[findings["severity"] == "blocking"]
    rows = {
        (figure_id, finding.check_name): {
            "run_id": run_id,
            "figure_id": figure_id,
            "article_id": article_of.get(figure_id),
            "check_name": finding.check_name,
            "reason": finding.detail,
        }
        for finding in blocking.itertuples()
        for figure_id in finding.figure_ids
    }
    return pd.DataFrame(
        list(rows.values()), columns=["run_id", "figure_id", "article_id", "check_name", "reason"]
    )


def results_frame(outcomes: list[ExpectationOutcome], *, run_id: str) -> pd.DataFrame:
    """One row per expectation outcome."""
    return pd.DataFrame(
        [
            {
                "run_id": run_id,
                "suite": outcome.suite,
                "validated_table": outcome.table,
                "expectation_id": outcome.expectation_id,
                "expectation": outcome.expectation,
                "check_name": outcome.check_name,
                "severity": outcome.severity,
                "success": outcome.success,
                "observed_value": outcome.error or outcome.observed_value,
                "element_count": outcome.element_count,
                "unexpected_count": outcome.unexpected_count,
                "unexpected_percent": outcome.unexpected_percent,
                "why": outcome.why,
            }
            for outcome in outcomes
        ]
    )


@task(retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def read_validated_tables(warehouse_path: Path) -> dict[str, pd.DataFrame]:
    """Every table a suite validates, plus the figure bounds used to describe findings."""
    from expectations import SUITES

    tables = {spec.table for spec in SUITES} | {BOUNDS_TABLE}
    # a writer connection: a read-only one is refused while this process holds the file open elsewhere
    con = connect(warehouse_path)
    try:
        return {table: con.sql(f"select * from {table}").df() for table in sorted(tables)}
    finally:
        con.close()


@task(cache_policy=NO_CACHE)
def run_expectation_suites(
    frames: dict[str, pd.DataFrame], *, run_id: str, data_docs_dir: Path, gx_dir: Path
) -> list[ExpectationOutcome]:
    """Run every suite through a GX checkpoint that updates the Data Docs site in ``data_docs_dir``.

    The suites as run are kept in ``gx_dir/suites`` so a run can be audited against the suite it used.
    """
    from expectations import SUITES
    from expectations.runner import run_suites

    suites_dir = gx_dir / "suites"
    suites_dir.mkdir(parents=True, exist_ok=True)
    for spec in SUITES:
        (suites_dir / spec.json_path.name).write_text(spec.to_json(), encoding="utf-8")
    return run_suites(frames, run_name=run_id, data_docs_dir=data_docs_dir)


@task(retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def write_validation(warehouse_path: Path, *, run_id: str, tables: dict[str, pd.DataFrame]) -> None:
    """Replace this run's rows in validation.* and quarantine.figures (so a rerun never duplicates)."""
    con = connect(warehouse_path)
    try:
        create_base_tables(con)
        con.execute("begin transaction")
        for table, frame in tables.items():
            con.execute(f"delete from {table} where run_id = ?", [run_id])
            if frame.empty:
                continue
            con.register("incoming", frame)
            columns = ", ".join(frame.columns)
            con.execute(f"insert into {table} ({columns}) select {columns} from incoming")
            con.unregister("incoming")
        con.execute("commit")
    finally:
        con.close()


@task(cache_policy=NO_CACHE)
def build_validation_report(
    warehouse_path: Path, *, run_id: str, report_dir: Path, data_docs_index: Path
) -> Path:
    """Write the browser report (front page with charts, evidence page) for this run."""
    from flows.report import build_report

    return build_report(warehouse_path, run_id=run_id, report_dir=report_dir, data_docs_index=data_docs_index)


def run_row(
    *,
    run_id: str,
    started_at: datetime,
    results: pd.DataFrame,
    findings: pd.DataFrame,
    quarantine: pd.DataFrame,
    data_docs_index: Path,
    report_index: Path,
) -> pd.DataFrame:
    blocking = int((findings["severity"] == "blocking").sum()) if not findings.empty else 0
    passed = int(results["success"].sum()) if not results.empty else 0
    return pd.DataFrame(
        [
            {
                "run_id": run_id,
                "started_at": started_at.replace(tzinfo=None),
                "finished_at": datetime.now(UTC).replace(tzinfo=None),
                "expectations_evaluated": len(results),
                "expectations_passed": passed,
                "expectations_failed": len(results) - passed,
                "findings": len(findings),
                "blocking_findings": blocking,
                "quarantined_figures": quarantine["figure_id"].nunique() if not quarantine.empty else 0,
                "success": blocking == 0,
                "data_docs_index": str(data_docs_index),
                "report_index": str(report_index),
            }
        ]
    )


@flow(name="validate-warehouse")
def validate_warehouse(
    warehouse_path: Path, *, run_id: str, report_dir: Path, gx_dir: Path
) -> ValidationSummary:
    """Run the suites, store results, findings and quarantine for ``run_id``, and write the report.

    The GX context is ephemeral (offline, fast, repeatable in one process); its Data Docs site is written
    to ``report_dir/data_docs`` and the suites as run to ``gx_dir/suites``.
    """
    started_at = datetime.now(UTC)
    warehouse_path, report_dir = Path(warehouse_path), Path(report_dir)
    data_docs_dir = report_dir / "data_docs"
    frames = read_validated_tables(warehouse_path)
    outcomes = run_expectation_suites(frames, run_id=run_id, data_docs_dir=data_docs_dir, gx_dir=Path(gx_dir))
    results = results_frame(outcomes, run_id=run_id)
    findings = route_findings(outcomes, frames, run_id=run_id)
    quarantine = quarantine_rows(findings, frames[FIGURE_TABLE], run_id=run_id)
    report_index = report_dir / "index.html"
    runs = run_row(
        run_id=run_id,
        started_at=started_at,
        results=results,
        findings=findings,
        quarantine=quarantine,
        data_docs_index=data_docs_dir / "index.html",
        report_index=report_index,
    )
    write_validation(
        warehouse_path,
        run_id=run_id,
        tables={
            "validation.results": results,
            "validation.findings": findings,
            "quarantine.figures": quarantine,
            "validation.runs": runs,
        },
    )
    build_validation_report(
        warehouse_path, run_id=run_id, report_dir=report_dir, data_docs_index=data_docs_dir / "index.html"
    )
    row = runs.iloc[0]
    return ValidationSummary(
        run_id=run_id,
        expectations_evaluated=int(row["expectations_evaluated"]),
        expectations_passed=int(row["expectations_passed"]),
        expectations_failed=int(row["expectations_failed"]),
        quarantined_figures=int(row["quarantined_figures"]),
        findings=int(row["findings"]),
        blocking_findings=int(row["blocking_findings"]),
        report_index=report_index,
        data_docs_index=data_docs_dir / "index.html",
    )


if __name__ == "__main__":
    from flows.settings import get_settings

    settings = get_settings()
    print(
        validate_warehouse(
            settings.warehouse_path,
            run_id=f"manual-{datetime.now(UTC):%Y%m%dT%H%M%S}",
            report_dir=settings.report_dir,
            gx_dir=settings.gx_dir,
        )
    )
