"""Validate stage: run the GX suites over the staged and intermediate tables and keep the results as data.

Audit step of write-audit-publish: every expectation's outcome goes to ``validation.results``, every failed
check instance (a figure, a pair, an article, a date mention) to ``validation.findings`` with the figures,
articles, outlets and evidence spans behind it, and figures caught by a blocking check to
``quarantine.figures`` so the marts leave them out. Then the browser report is written.

What GX sees stays bounded whatever the corpus size (see ``plan_suite``):

- every row that can fail a blocking or a uniqueness expectation, so GX alone decides those, exactly;
- a deterministic sample (``warning_sample`` rows, by hash of the key) of the other rows that can fail a
  warning expectation. Those warnings are counted and listed in SQL over the whole table, and GX's verdict on
  the sample is compared with the SQL one row by row: any disagreement is reported as a check error.

Findings and quarantine rows are built in DuckDB from the failing keys, never row by row in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd
from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from prakerja_dq.warehouse import connect, create_base_tables

if TYPE_CHECKING:
    from expectations._spec import SuiteSpec
    from prakerja_dq.validation.gx_runner import ExpectationOutcome

ARTICLE_TABLE = "staging.articles"
FIGURE_TABLE = "staging.figures"
BOUNDS_TABLE = "intermediate.figure_bounds"
LIST_COLUMNS: tuple[str, ...] = ("figure_ids", "article_ids", "outlets", "evidence")
ROWS_IN_TABLE = "rows_in_table"
DEFAULT_WARNING_SAMPLE = 10_000


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


@dataclass(frozen=True)
class CheckPlan:
    """How one expectation is decided: by GX on every row that can fail it, or in SQL with a GX sample.

    ``fails_on`` is SQL true on the rows that can fail (None: not translated, GX reads the whole table).
    """

    suite: str
    table: str
    key: str
    check_name: str
    severity: str
    fails_on: str | None
    sampled: bool


@dataclass(frozen=True)
class SuitePlan:
    """The expectations of one suite and the columns they read."""

    spec: SuiteSpec
    checks: tuple[CheckPlan, ...]
    columns: frozenset[str]

    @property
    def whole_table(self) -> bool:
        return any(check.fails_on is None for check in self.checks)

    def condition(self, *, sampled: bool) -> str:
        """SQL true on the rows that can fail one of the (sampled | GX-decided) expectations."""
        parts = [f"coalesce({c.fails_on}, true)" for c in self.checks if c.sampled is sampled]
        return " or ".join(parts) if parts else "false"


def validated_columns(key: str, expectations: list) -> set[str]:
    """The routing key, every column the expectations read, and the rule name of pair tables."""
    columns = {key, "check_name"}
    for expectation in expectations:
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
    """SQL true on every row the expectation fails, or None when its type is not translated.

    For the row-wise types this is the expectation itself in SQL (sampled warnings are counted with it, and
    checked against GX on the sample); GX decides the rest on the rows it selects.
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


SAMPLED_TYPES = frozenset(
    {
        "expect_column_values_to_be_in_set",
        "expect_column_values_to_not_be_null",
        "expect_column_values_to_be_between",
    }
)


def plan_suite(spec: SuiteSpec) -> SuitePlan:
    """Decide, per expectation, whether GX sees every row that can fail it or a sample.

    Blocking expectations are never sampled, nor uniqueness (decided by duplicated values, not row by row),
    nor types whose SQL translation could differ from GX (regexes: RE2 against Python ``re``). If one
    expectation of a suite is not translated, GX reads the whole table and nothing is sampled.
    """
    expectations = spec.build_suite().expectations
    checks = []
    for expectation in expectations:
        meta = expectation.meta or {}
        fails_on = _may_fail(spec.table, expectation.expectation_type, expectation.configuration.kwargs)
        checks.append(
            CheckPlan(
                suite=spec.name,
                table=spec.table,
                key=spec.key,
                check_name=meta["check"],
                severity=meta["severity"],
                fails_on=fails_on,
                sampled=meta["severity"] == "warning"
                and expectation.expectation_type in SAMPLED_TYPES
                and fails_on is not None,
            )
        )
    if any(check.fails_on is None for check in checks):
        checks = [replace(check, sampled=False) for check in checks]
    columns = frozenset(validated_columns(spec.key, expectations))
    return SuitePlan(spec=spec, checks=tuple(checks), columns=columns)


def read_gx_frame(con: duckdb.DuckDBPyConnection, plan: SuitePlan, *, warning_sample: int) -> pd.DataFrame:
    """The rows of ``plan.spec.table`` GX validates, with the columns the suite reads.

    Every row that can fail a GX-decided expectation, plus at most ``warning_sample`` of the other rows that
    can fail a sampled one, picked by hash of the key (the same rows on every run over the same table).
    ``frame.attrs[ROWS_IN_TABLE]`` holds the table's row count.
    """
    table, key = plan.spec.table, f'"{plan.spec.key}"'
    existing = [row[0] for row in con.execute(f"describe {table}").fetchall()]
    columns = ", ".join(f'"{column}"' for column in existing if column in plan.columns)
    ((rows,),) = con.execute(f"select count(*) from {table}").fetchall()
    if plan.whole_table:
        frame = con.sql(f"select {columns} from {table}").df()
    else:
        decided, sampled = plan.condition(sampled=False), plan.condition(sampled=True)
        frame = con.sql(
            f"""
            select {columns} from {table} where {decided}
            union all
            (select {columns} from {table}
             where not ({decided}) and ({sampled})
             order by hash({key}), {key}
             limit {int(warning_sample)})
            """
        ).df()
    frame.attrs[ROWS_IN_TABLE] = rows
    return frame


@task(retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def read_validated_tables(warehouse_path: Path, *, warning_sample: int) -> dict[str, pd.DataFrame]:
    """The rows each suite's GX run sees (see ``read_gx_frame``), by table."""
    from expectations import SUITES

    # a writer connection: a read-only one is refused while this process holds the file open elsewhere
    con = connect(warehouse_path)
    try:
        return {
            spec.table: read_gx_frame(con, plan_suite(spec), warning_sample=warning_sample) for spec in SUITES
        }
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
    from prakerja_dq.validation.gx_runner import run_suites

    suites_dir = gx_dir / "suites"
    suites_dir.mkdir(parents=True, exist_ok=True)
    for spec in SUITES:
        (suites_dir / spec.json_path.name).write_text(spec.to_json(), encoding="utf-8")
    return run_suites(frames, run_name=run_id, data_docs_dir=data_docs_dir)


def check_plans() -> dict[tuple[str, str], CheckPlan]:
    """``(suite, check name) -> CheckPlan`` of every expectation of every suite."""
    from expectations import SUITES

    return {(check.suite, check.check_name): check for spec in SUITES for check in plan_suite(spec).checks}


def _keys_where(con: duckdb.DuckDBPyConnection, relation: str, key: str, condition: str) -> set[str | None]:
    rows = con.execute(f'select distinct cast("{key}" as varchar) from {relation} where {condition}')
    return {value for (value,) in rows.fetchall()}


def count_outcomes(
    con: duckdb.DuckDBPyConnection,
    outcomes: list[ExpectationOutcome],
    frames: dict[str, pd.DataFrame],
    plans: dict[tuple[str, str], CheckPlan],
) -> list[ExpectationOutcome]:
    """Outcomes counted over the whole table: sampled warnings from SQL, checked against GX on the sample.

    A GX-decided expectation saw every row that can fail it, so only its element count is the table's.
    A sampled one is decided by its SQL over the table; on the rows GX saw, both must fail the same keys,
    else the outcome carries an error naming the disagreement.
    """
    counted = []
    for outcome in outcomes:
        frame = frames[outcome.table]
        total = frame.attrs.get(ROWS_IN_TABLE)
        plan = plans.get((outcome.suite, outcome.check_name))
        if total is not None and outcome.element_count is not None:
            outcome = replace(outcome, element_count=total)
        if plan is not None and plan.sampled and not outcome.error:
            condition = f"coalesce({plan.fails_on}, false)"
            ((failing,),) = con.execute(f"select count(*) from {plan.table} where {condition}").fetchall()
            con.register("gx_rows", frame)
            try:
                on_sample = _keys_where(con, "gx_rows", plan.key, condition)
            finally:
                con.unregister("gx_rows")
            disagree = on_sample ^ set(outcome.failing_keys)
            error = (
                f"GX and SQL disagree on {len(disagree)} of the {len(frame)} rows GX validated "
                f"(e.g. key {sorted(disagree, key=str)[0]}): the count over the table cannot be trusted"
                if disagree
                else None
            )
            outcome = replace(
                outcome,
                success=failing == 0 and error is None,
                unexpected_count=failing,
                error=error,
            )
        if total and outcome.unexpected_count is not None:
            outcome = replace(outcome, unexpected_percent=100 * outcome.unexpected_count / total)
        counted.append(outcome)
    return counted


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


def _listed(column: str) -> str:
    """A list column of a derived table as text, without missing or empty items."""
    as_text = f"list_transform(row.{column}, lambda item: cast(item as varchar))"
    return f"list_filter({as_text}, lambda item: item <> '')"


def _single(expression: str) -> str:
    """A one-item list of ``expression``, or an empty list when it is missing or empty."""
    text = f"cast({expression} as varchar)"
    return f"case when coalesce({text}, '') = '' then [] else [{text}] end"


def _context_sql(
    table: str, key: str, columns: set[str], outcome: ExpectationOutcome, *, unique_keys: bool
) -> str:
    """SQL of the findings of one outcome on ``table``, one per failing key (in ``failing_keys``).

    Staged figures and articles are described by their own columns (and the figure's label); pair and check
    tables carry their finding columns (and, for pair tables holding several rules, the rule per row).
    A duplicated key (only when the suite's uniqueness check on it failed) is described by one of its rows.
    """
    outlet = "coalesce(row.outlet, 'unknown outlet (' || coalesce(row.doc, 'None') || ')')"
    if table == FIGURE_TABLE:
        lists = [_single("row.figure_id"), _single("row.article_id"), f"[{outlet}]", _single("row.evidence")]
        detail = (
            "coalesce(bounds.label, concat_ws(' ', coalesce(row.metric, 'None'), "
            "coalesce(cast(row.value as varchar), 'None'), coalesce(row.unit, 'None')))"
        )
        joined = f"left join {BOUNDS_TABLE} as bounds on bounds.figure_id = row.figure_id"
    elif table == ARTICLE_TABLE:
        lists = [
            "coalesce(article_figures.figure_ids, [])",
            _single("row.article_id"),
            f"[{outlet}]",
            _single("row.headline"),
        ]
        detail = (
            "'article ' || coalesce(row.doc, 'None') || ': outlet ' || coalesce(row.outlet, 'missing') "
            "|| ', published ' || coalesce(left(cast(row.published_date as varchar), 10), 'missing')"
        )
        joined = f"""left join (
                select article_id, list(figure_id order by figure_id) as figure_ids
                from {FIGURE_TABLE} where figure_id is not null group by article_id
            ) as article_figures on article_figures.article_id = row.article_id"""
    else:
        lists = [_listed(column) for column in LIST_COLUMNS]
        detail = "coalesce(cast(row.detail as varchar), '')"
        joined = ""
    if table in (FIGURE_TABLE, ARTICLE_TABLE) and outcome.column and outcome.column in columns:
        value = f"coalesce(cast(row.\"{outcome.column}\" as varchar), 'missing')"
        detail = f"'{outcome.column} = ' || {value} || '; ' || {detail}"
    check_name = "$check_name"
    if outcome.scope and "check_name" in columns:
        check_name = "coalesce(row.check_name || '_' || $scope, $check_name)"
    described = ",\n            ".join(
        f"cast({expression} as varchar[]) as {column}"
        for expression, column in zip(lists, LIST_COLUMNS, strict=True)
    )
    return f"""
        select
            $run_id as run_id,
            {check_name} as check_name,
            $severity as severity,
            $suite as suite,
            coalesce(failing_keys.key, '<null key>') as instance_key,
            {described},
            {detail} as detail
        from failing_keys
        inner join {table} as row on cast(row."{key}" as varchar) is not distinct from failing_keys.key
        {joined}
        {"" if unique_keys else "qualify row_number() over (partition by failing_keys.key) = 1"}
    """


def _execute(con: duckdb.DuckDBPyConnection, sql: str, parameters: dict[str, object]) -> None:
    """Run ``sql`` with the named parameters it uses (DuckDB refuses unused ones)."""
    con.execute(sql, {name: value for name, value in parameters.items() if f"${name}" in sql})


def _land_failing_keys(
    con: duckdb.DuckDBPyConnection, outcome: ExpectationOutcome, plan: CheckPlan | None
) -> None:
    """``failing_keys``: the keys that failed ``outcome``, from SQL for sampled checks, else from GX."""
    if plan is not None and plan.sampled:
        con.execute(
            "create or replace temp table failing_keys as "
            f'select distinct cast("{plan.key}" as varchar) as key from {plan.table} '
            f"where coalesce({plan.fails_on}, false)"
        )
        return
    gx_keys = pd.DataFrame({"key": pd.Series(outcome.failing_keys, dtype="object")})  # noqa: F841
    con.execute(
        "create or replace temp table failing_keys as "
        "select distinct cast(key as varchar) as key from gx_keys"
    )


def insert_findings(
    con: duckdb.DuckDBPyConnection,
    outcomes: list[ExpectationOutcome],
    plans: dict[tuple[str, str], CheckPlan],
    *,
    run_id: str,
) -> None:
    """One ``validation.findings`` row per failed check instance; a check that could not run gets one row."""
    columns_of: dict[str, set[str]] = {}
    unique_keys = {
        outcome.table
        for outcome in outcomes
        if outcome.expectation == "expect_column_values_to_be_unique"
        and outcome.column == outcome.key
        and outcome.success
    }
    for outcome in outcomes:
        if outcome.success:
            continue
        parameters = {
            "run_id": run_id,
            "check_name": outcome.check_name,
            "severity": outcome.severity,
            "suite": outcome.suite,
            "scope": outcome.scope,
        }
        if outcome.error:
            _execute(
                con,
                "insert into validation.findings values ($run_id, $check_name, $severity, $suite, "
                "'check-error', [], [], [], [], $detail)",
                parameters | {"detail": f"the check could not run on {outcome.table}: {outcome.error}"},
            )
            continue
        if outcome.table not in columns_of:
            columns_of[outcome.table] = {
                row[0] for row in con.execute(f"describe {outcome.table}").fetchall()
            }
        _land_failing_keys(con, outcome, plans.get((outcome.suite, outcome.check_name)))
        context = _context_sql(
            outcome.table,
            outcome.key,
            columns_of[outcome.table],
            outcome,
            unique_keys=outcome.table in unique_keys,
        )
        _execute(con, f"insert into validation.findings by name {context}", parameters)
    con.execute("drop table if exists failing_keys")


QUARANTINE_SQL = f"""
    insert into quarantine.figures by name
    select
        $run_id as run_id,
        blocked.figure_id,
        any_value(figures.article_id) as article_id,
        blocked.check_name,
        any_value(blocked.detail) as reason
    from (
        select unnest(figure_ids) as figure_id, check_name, detail
        from validation.findings
        where run_id = $run_id and severity = 'blocking'
    ) as blocked
    left join {FIGURE_TABLE} as figures on figures.figure_id = blocked.figure_id
    group by blocked.figure_id, blocked.check_name
"""

RUN_SQL = """
    insert into validation.runs by name
    with results as (select * from validation.results where run_id = $run_id),
    findings as (select * from validation.findings where run_id = $run_id),
    blocking as (select count(*) as findings from findings where severity = 'blocking')
    select
        $run_id as run_id,
        $started_at as started_at,
        $finished_at as finished_at,
        (select count(*) from results) as expectations_evaluated,
        (select count(*) from results where success) as expectations_passed,
        (select count(*) from results where not success) as expectations_failed,
        (select count(*) from findings) as findings,
        blocking.findings as blocking_findings,
        (select count(distinct figure_id) from quarantine.figures where run_id = $run_id)
            as quarantined_figures,
        blocking.findings = 0 as success,
        $data_docs_index as data_docs_index,
        $report_index as report_index
    from blocking
"""
RUN_TABLES: tuple[str, ...] = (
    "validation.results",
    "validation.findings",
    "quarantine.figures",
    "validation.runs",
)


@task(retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def store_validation(
    warehouse_path: Path,
    outcomes: list[ExpectationOutcome],
    frames: dict[str, pd.DataFrame],
    *,
    run_id: str,
    started_at: datetime,
    data_docs_index: Path,
    report_index: Path,
) -> dict[str, object]:
    """Count the outcomes over the tables, then replace this run's rows in validation.* and quarantine.*.

    One transaction, so a rerun of the same run id never duplicates and a reader never sees half a run.
    Returns this run's ``validation.runs`` row.
    """
    con = connect(warehouse_path)
    try:
        create_base_tables(con)
        plans = check_plans()
        outcomes = count_outcomes(con, outcomes, frames, plans)
        results = results_frame(outcomes, run_id=run_id)  # noqa: F841 - DuckDB replacement scan
        con.execute("begin transaction")
        for table in RUN_TABLES:
            con.execute(f"delete from {table} where run_id = ?", [run_id])
        if outcomes:
            con.execute("insert into validation.results by name select * from results")
        insert_findings(con, outcomes, plans, run_id=run_id)
        _execute(con, QUARANTINE_SQL, {"run_id": run_id})
        _execute(
            con,
            RUN_SQL,
            {
                "run_id": run_id,
                "started_at": started_at.replace(tzinfo=None),
                "finished_at": datetime.now(UTC).replace(tzinfo=None),
                "data_docs_index": str(data_docs_index),
                "report_index": str(report_index),
            },
        )
        con.execute("commit")
        row = con.sql("select * from validation.runs where run_id = ?", params=[run_id])
        return dict(zip(row.columns, row.fetchall()[0], strict=True))
    finally:
        con.close()


@task(cache_policy=NO_CACHE)
def build_validation_report(
    warehouse_path: Path, *, run_id: str, report_dir: Path, data_docs_index: Path
) -> Path:
    """Write the browser report (front page with charts, evidence page) for this run."""
    from prakerja_dq.report import build_report

    return build_report(warehouse_path, run_id=run_id, report_dir=report_dir, data_docs_index=data_docs_index)


@flow(name="validate-warehouse")
def validate_warehouse(
    warehouse_path: Path,
    *,
    run_id: str,
    report_dir: Path,
    gx_dir: Path,
    warning_sample: int = DEFAULT_WARNING_SAMPLE,
) -> ValidationSummary:
    """Run the suites, store results, findings and quarantine for ``run_id``, and write the report.

    The GX context is ephemeral (offline, fast, repeatable in one process); its Data Docs site is written
    to ``report_dir/data_docs`` and the suites as run to ``gx_dir/suites``. GX sees at most
    ``warning_sample`` rows per table for the warnings it does not decide alone (see the module's doc).
    """
    started_at = datetime.now(UTC)
    warehouse_path, report_dir = Path(warehouse_path), Path(report_dir)
    data_docs_index = report_dir / "data_docs" / "index.html"
    report_index = report_dir / "index.html"
    frames = read_validated_tables(warehouse_path, warning_sample=warning_sample)
    outcomes = run_expectation_suites(
        frames, run_id=run_id, data_docs_dir=data_docs_index.parent, gx_dir=Path(gx_dir)
    )
    run = store_validation(
        warehouse_path,
        outcomes,
        frames,
        run_id=run_id,
        started_at=started_at,
        data_docs_index=data_docs_index,
        report_index=report_index,
    )
    build_validation_report(
        warehouse_path, run_id=run_id, report_dir=report_dir, data_docs_index=data_docs_index
    )
    return ValidationSummary(
        run_id=run_id,
        expectations_evaluated=int(run["expectations_evaluated"]),
        expectations_passed=int(run["expectations_passed"]),
        expectations_failed=int(run["expectations_failed"]),
        quarantined_figures=int(run["quarantined_figures"]),
        findings=int(run["findings"]),
        blocking_findings=int(run["blocking_findings"]),
        report_index=report_index,
        data_docs_index=data_docs_index,
    )


if __name__ == "__main__":
    from prakerja_dq.settings import get_settings

    settings = get_settings()
    print(
        validate_warehouse(
            settings.warehouse_path,
            run_id=f"manual-{datetime.now(UTC):%Y%m%dT%H%M%S}",
            report_dir=settings.report_dir,
            gx_dir=settings.gx_dir,
            warning_sample=settings.gx_warning_sample,
        )
    )
