"""Validate stage: run the GX suites over the staged and intermediate tables and keep the results as data.

Audit step of write-audit-publish: every expectation's outcome goes to ``validation.results``, every failed
check instance (a figure, a pair, an article, a date mention) to ``validation.findings`` with the figures,
articles, outlets and evidence spans behind it, and figures caught by a blocking check to
``quarantine.figures`` so the marts leave them out. Then the browser report is written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd
from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.warehouse import connect, create_base_tables

if TYPE_CHECKING:
    from expectations._spec import SuiteSpec
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
        if outcome.table not in contexts:
            context = row_context(outcome.table, frames, outcome.key)
            contexts[outcome.table] = _first_row_by_key(context, context["key"])
        context = contexts[outcome.table]
        values = _failing_values(outcome, frames[outcome.table])
        for key in outcome.failing_keys:
            row = context.get(key)
            if row is None:
                continue
            value_note = (
                "" if values is None else f"{outcome.column} = {_text(values.get(key)) or 'missing'}; "
            )
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


def _first_row_by_key(frame: pd.DataFrame, keys: pd.Series) -> dict[str | None, dict]:
    """``key -> first row (as a dict)`` of ``frame``, a missing key as ``None``, in one pass over the rows."""
    index: dict[str | None, dict] = {}
    for key, row in zip(keys.map(_text), frame.to_dict("records"), strict=True):
        index.setdefault(key, row)
    return index


def _failing_values(outcome: ExpectationOutcome, frame: pd.DataFrame) -> dict[str | None, object] | None:
    """``key -> value of the checked column`` for checks on a plain column of a staged table, else None."""
    if outcome.table not in (FIGURE_TABLE, ARTICLE_TABLE) or not outcome.column:
        return None
    if outcome.column not in frame.columns or not outcome.failing_keys:
        return None
    wanted = set(outcome.failing_keys)
    keys = frame[outcome.key].map(_text)
    rows = frame.loc[keys.isin(wanted - {None}) | (keys.isna() if None in wanted else False)]
    values: dict[str | None, object] = {}
    for key, value in zip(rows[outcome.key].map(_text), rows[outcome.column], strict=True):
        values.setdefault(key, value)
    return values


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


# columns the findings of a staged table are described with (figure_context, article_context, quarantine_rows)
CONTEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    FIGURE_TABLE: ("figure_id", "article_id", "outlet", "doc", "evidence", "metric", "value", "unit"),
    ARTICLE_TABLE: ("article_id", "outlet", "doc", "headline", "published_date"),
    BOUNDS_TABLE: ("figure_id", "label"),
}
ROWS_IN_TABLE = "rows_in_table"
CAN_FAIL = "can_fail"


def validated_columns(spec: SuiteSpec) -> set[str]:
    """The routing key, every column an expectation of ``spec`` reads, and the rule name of pair tables."""
    columns = {spec.key, "check_name"}
    for expectation in spec.build_suite().expectations:
        kwargs = expectation.configuration.kwargs
        columns |= {kwargs[name] for name in ("column", "column_A", "column_B") if kwargs.get(name)}
        condition = kwargs.get("row_condition")
        if isinstance(condition, dict) and isinstance(condition.get("column"), dict):
            columns.add(condition["column"]["name"])
    return columns


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return "'inf'::double" if value == float("inf") else repr(value)
    if isinstance(value, datetime):
        return f"timestamp '{value.isoformat(sep=' ')}'"
    if isinstance(value, date):
        return f"date '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def _row_condition(condition: object) -> str | None:
    """SQL for a GX row condition on one column (== or IN), 'true' for none, None when not translated."""
    if not condition:
        return "true"
    if not isinstance(condition, dict) or not isinstance(condition.get("column"), dict):
        return None
    column, parameter = f'"{condition["column"]["name"]}"', condition.get("parameter")
    if condition.get("operator") == "==":
        return f"{column} = {_literal(parameter)}"
    if condition.get("operator") == "IN" and isinstance(parameter, list | tuple):
        return f"{column} in ({', '.join(_literal(value) for value in parameter)})"
    return None


def _may_fail(table: str, expectation_type: str, kwargs: dict) -> str | None:
    """SQL true on every row the expectation can fail, or None when its type is not translated.

    GX checks these rows again, so the SQL may select more rows than fail, never fewer.
    """
    column = f'"{kwargs.get("column")}"'
    condition = _row_condition(kwargs.get("row_condition"))
    if condition != "true":
        rows = _may_fail(table, expectation_type, {**kwargs, "row_condition": None})
        return None if rows is None or condition is None else f"({condition} and {rows})"
    if expectation_type == "expect_column_values_to_be_in_set":
        values = ", ".join(_literal(value) for value in kwargs["value_set"])
        return f"({column} is not null and {column} not in ({values}))"
    if expectation_type == "expect_column_values_to_be_unique":
        return f"{column} in (select {column} from {table} group by {column} having count(*) > 1)"
    if expectation_type == "expect_column_values_to_not_be_null":
        return f"{column} is null"
    if expectation_type == "expect_column_values_to_be_between":
        outside = []
        if kwargs.get("min_value") is not None:
            below = "<=" if kwargs.get("strict_min") else "<"
            outside.append(f"{column} {below} {_literal(kwargs['min_value'])}")
        if kwargs.get("max_value") is not None:
            above = ">=" if kwargs.get("strict_max") else ">"
            outside.append(f"{column} {above} {_literal(kwargs['max_value'])}")
        return f"({column} is not null and ({' or '.join(outside) or 'false'}))"
    if expectation_type == "expect_column_values_to_match_regex":
        return f"({column} is not null and not regexp_matches({column}, {_literal(kwargs['regex'])}))"
    if expectation_type == "expect_column_pair_values_a_to_be_greater_than_b":
        a, b = f'"{kwargs["column_A"]}"', f'"{kwargs["column_B"]}"'
        ignored = {
            "either_value_is_missing": f"({a} is null or {b} is null)",
            "both_values_are_missing": f"({a} is null and {b} is null)",
        }.get(kwargs.get("ignore_row_if"), "false")
        fails = "<" if kwargs.get("or_equal") else "<="
        return f"(not {ignored} and ({a} is null or {b} is null or {a} {fails} {b}))"
    return None


def can_fail_condition(spec: SuiteSpec) -> str | None:
    """SQL selecting every row of ``spec.table`` that can fail one of its expectations (None: all rows).

    Every expectation of the suites is decided row by row, except uniqueness, decided by duplicated values;
    so GX run on these rows fails on exactly the keys it fails on over the whole table, while it reads a
    few rows instead of the whole table (outcomes are then counted over the table: ``with_table_counts``).
    """
    conditions = []
    for expectation in spec.build_suite().expectations:
        condition = _may_fail(spec.table, expectation.expectation_type, expectation.configuration.kwargs)
        if condition is None:
            return None
        conditions.append(condition)
    return " or ".join(conditions) if conditions else None


def read_table(con: duckdb.DuckDBPyConnection, spec: SuiteSpec | None, table: str) -> pd.DataFrame:
    """The columns of ``table`` a suite or a finding reads.

    Derived tables are read for the rows that can fail only; staged tables in full (findings describe any
    figure or article by them), with a ``can_fail`` column marking the rows that can fail.
    Either way ``frame.attrs[ROWS_IN_TABLE]`` holds the table's row count.
    """
    existing = [row[0] for row in con.execute(f"describe {table}").fetchall()]
    wanted = set(CONTEXT_COLUMNS.get(table, ())) | (validated_columns(spec) if spec else set())
    columns = ", ".join(f'"{column}"' for column in existing if column in wanted)
    condition = can_fail_condition(spec) if spec else None
    if condition is None:
        return con.sql(f"select {columns} from {table}").df()
    ((rows,),) = con.execute(f"select count(*) from {table}").fetchall()
    if table in CONTEXT_COLUMNS:
        frame = con.sql(f"select {columns}, coalesce({condition}, true) as {CAN_FAIL} from {table}").df()
    else:
        frame = con.sql(f"select {columns} from {table} where {condition}").df()
    frame.attrs[ROWS_IN_TABLE] = rows
    return frame


def to_gx_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The rows GX must see: staged tables cut down to the rows that can fail."""
    cut = {}
    for table, frame in frames.items():
        if CAN_FAIL not in frame.columns:
            cut[table] = frame
            continue
        subset = frame[frame[CAN_FAIL]].drop(columns=[CAN_FAIL]).reset_index(drop=True)
        subset.attrs = {ROWS_IN_TABLE: frame.attrs[ROWS_IN_TABLE]}
        cut[table] = subset
    return cut


@task(retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def read_validated_tables(warehouse_path: Path) -> dict[str, pd.DataFrame]:
    """Every table a suite validates (the columns it reads), plus the figure bounds used in findings.

    Pair and check tables are reduced in SQL to the rows that can fail (see ``can_fail_condition``); their
    finding columns (figure_ids, evidence, ...) are read later, for failing rows only.
    """
    from expectations import SUITES

    specs = {spec.table: spec for spec in SUITES}
    # a writer connection: a read-only one is refused while this process holds the file open elsewhere
    con = connect(warehouse_path)
    try:
        return {table: read_table(con, specs.get(table), table) for table in sorted({*specs, BOUNDS_TABLE})}
    finally:
        con.close()


@task(retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def read_failing_rows(warehouse_path: Path, outcomes: list[ExpectationOutcome]) -> dict[str, pd.DataFrame]:
    """Every column of the rows that failed a check on a derived table (findings quote their lists)."""
    keys: dict[tuple[str, str], set[str]] = {}
    for outcome in outcomes:
        if not outcome.success and not outcome.error and outcome.table not in CONTEXT_COLUMNS:
            keys.setdefault((outcome.table, outcome.key), set()).update(
                key for key in outcome.failing_keys if key is not None
            )
    con = connect(warehouse_path)
    try:
        frames = {}
        for (table, key), values in keys.items():
            con.register("failing_keys", pd.DataFrame({"key": sorted(values)}))
            frames[table] = con.sql(
                f'select * from {table} where cast("{key}" as varchar) in (select key from failing_keys)'
            ).df()
            con.unregister("failing_keys")
        return frames
    finally:
        con.close()


def with_table_counts(outcomes: list[ExpectationOutcome], frames: dict[str, pd.DataFrame]) -> list:
    """Outcomes of suites run on the rows that can fail, counted over the whole table."""
    counted = []
    for outcome in outcomes:
        total = frames[outcome.table].attrs.get(ROWS_IN_TABLE)
        if total is not None and outcome.element_count is not None:
            unexpected = outcome.unexpected_count or 0
            outcome = replace(
                outcome, element_count=total, unexpected_percent=100 * unexpected / total if total else None
            )
        counted.append(outcome)
    return counted


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
    gx_frames = to_gx_frames(frames)
    outcomes = run_expectation_suites(
        gx_frames, run_id=run_id, data_docs_dir=data_docs_dir, gx_dir=Path(gx_dir)
    )
    outcomes = with_table_counts(outcomes, gx_frames)
    results = results_frame(outcomes, run_id=run_id)
    failing_rows = read_failing_rows(warehouse_path, outcomes)
    findings = route_findings(outcomes, {**frames, **failing_rows}, run_id=run_id)
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
