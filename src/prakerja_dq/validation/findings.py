"""Findings as data: one ``validation.findings`` row per failed check instance, built inside DuckDB.

Each row names the figures, articles, outlets and evidence spans behind the failure; nothing is routed row by
row in Python.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from prakerja_dq.validation.plan import CheckPlan
from prakerja_dq.validation.tables import (
    ARTICLE_TABLE,
    BOUNDS_TABLE,
    FIGURE_TABLE,
    LIST_COLUMNS,
    NULL_KEY,
    changed_condition,
)

if TYPE_CHECKING:
    from prakerja_dq.validation.gx_runner import ExpectationOutcome


def _listed(column: str) -> str:
    """A list column of a derived table as text, without missing or empty items."""
    as_text = f"list_transform(row.{column}, lambda item: cast(item as varchar))"
    return f"list_filter({as_text}, lambda item: item <> '')"


def _single(expression: str) -> str:
    """A one-item list of ``expression``, or an empty list when it is missing or empty."""
    text = f"cast({expression} as varchar)"
    return f"case when coalesce({text}, '') = '' then [] else [{text}] end"


def finding_columns(table: str) -> frozenset[str]:
    """The columns of ``table`` its findings read, besides those the checks read (``_context_sql``)."""
    common = {"kind", "claim_id", "check_name"}
    if table == FIGURE_TABLE:
        return frozenset(
            common | {"figure_id", "article_id", "outlet", "doc", "evidence", "metric", "value", "unit"}
        )
    if table == ARTICLE_TABLE:
        return frozenset(common | {"article_id", "outlet", "doc", "headline", "published_date"})
    return frozenset(common | {"detail", *LIST_COLUMNS})


def finding_context(table: str) -> tuple[str, list[str]]:
    """The join a finding of ``table`` reads beside its row, and the joined expressions it reads.

    A staged figure is labelled by its bounds; a staged article lists its figures.
    """
    if table == FIGURE_TABLE:
        return f"left join {BOUNDS_TABLE} as bounds on bounds.figure_id = row.figure_id", ["bounds.label"]
    if table == ARTICLE_TABLE:
        join = f"""left join (
                select article_id, list(figure_id order by figure_id) as figure_ids
                from {FIGURE_TABLE} where figure_id is not null group by article_id
            ) as article_figures on article_figures.article_id = row.article_id"""
        return join, ["article_figures.figure_ids"]
    return "", []


def _context_sql(
    table: str, key: str, columns: set[str], outcome: ExpectationOutcome, *, unique_keys: bool
) -> str:
    """SQL of the findings of one outcome on ``table``, one per failing key (in ``failing_keys``).

    Staged figures and articles are described by their own columns (and the figure's label); pair and check
    tables carry their finding columns (and, for pair tables holding several rules, the rule per row).
    A duplicated key (only when the suite's uniqueness check on it failed) is described by one of its rows.
    Every column of ``row`` it reads is in ``finding_columns`` or read by the checks (``changes`` hashes
    them to tell which findings a later run can carry forward).
    """
    outlet = "coalesce(row.outlet, 'unknown outlet (' || coalesce(row.doc, 'None') || ')')"
    joined, _ = finding_context(table)
    if table == FIGURE_TABLE:
        lists = [_single("row.figure_id"), _single("row.article_id"), f"[{outlet}]", _single("row.evidence")]
        detail = (
            "coalesce(bounds.label, concat_ws(' ', coalesce(row.metric, 'None'), "
            "coalesce(cast(row.value as varchar), 'None'), coalesce(row.unit, 'None')))"
        )
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
    else:
        lists = [_listed(column) for column in LIST_COLUMNS]
        detail = "coalesce(cast(row.detail as varchar), '')"
    if table in (FIGURE_TABLE, ARTICLE_TABLE) and outcome.column and outcome.column in columns:
        value = f"coalesce(cast(row.\"{outcome.column}\" as varchar), 'missing')"
        detail = f"'{outcome.column} = ' || {value} || '; ' || {detail}"
    kind = "coalesce(cast(row.kind as varchar), $kind)" if "kind" in columns else "$kind"
    claim_id = "cast(row.claim_id as varchar)" if "claim_id" in columns else "cast(null as varchar)"
    check_name = "$check_name"
    if outcome.scope and "check_name" in columns:
        check_name = "coalesce(row.check_name || '_' || $scope, $check_name)"
    described = ",\n            ".join(
        f"cast({expression} as varchar[]) as {column}"
        for expression, column in zip(lists, LIST_COLUMNS, strict=True)
    )
    return f"""
        select
            $expectation_check as expectation_check,
            {check_name} as check_name,
            $severity as severity,
            $suite as suite,
            coalesce(failing_keys.key, '{NULL_KEY}') as instance_key,
            {described},
            {detail} as detail,
            {kind} as kind,
            {claim_id} as claim_id
        from failing_keys
        inner join {table} as row on cast(row."{key}" as varchar) is not distinct from failing_keys.key
        {joined}
        {"" if unique_keys else "qualify row_number() over (partition by failing_keys.key) = 1"}
    """


def execute_named(con: duckdb.DuckDBPyConnection, sql: str, parameters: dict[str, object]) -> None:
    """Run ``sql`` with the named parameters it uses (DuckDB refuses unused ones)."""
    con.execute(sql, {name: value for name, value in parameters.items() if f"${name}" in sql})


def _land_failing_keys(
    con: duckdb.DuckDBPyConnection, outcome: ExpectationOutcome, plan: CheckPlan | None, *, changed: bool
) -> int:
    """``failing_keys``: the keys that failed ``outcome``, from SQL for sampled checks, else from GX.

    With ``changed``, SQL looks only at the rows the run validates again (GX saw no others). Returns the
    number of keys.
    """
    if plan is not None and plan.sampled:
        where = f"coalesce({plan.fails_on}, false)"
        if changed:
            where += f" and {changed_condition(plan.key, plan.suite)}"
        con.execute(
            "create or replace temp table failing_keys as "
            f'select distinct cast("{plan.key}" as varchar) as key from {plan.table} where {where}'
        )
    else:
        gx_keys = pd.DataFrame({"key": pd.Series(outcome.failing_keys, dtype="object")})  # noqa: F841
        con.execute(
            "create or replace temp table failing_keys as "
            "select distinct cast(key as varchar) as key from gx_keys"
        )
    ((keys,),) = con.execute("select count(*) from failing_keys").fetchall()
    return keys


def insert_findings(
    con: duckdb.DuckDBPyConnection,
    outcomes: list[ExpectationOutcome],
    plans: dict[tuple[str, str], CheckPlan],
    *,
    run_id: str,
    changed: bool = False,
) -> None:
    """Findings of the rows validated this run into ``validation.open_findings``, then this run's findings.

    One ``validation.findings`` row per failed check instance: the open findings (those carried forward and
    those just found); a check that could not run gets one row instead. With ``changed``, only the rows of
    the changed keys were validated (``changes``); else every row, and the open findings start empty.
    """
    columns_of: dict[str, set[str]] = {}
    unique_keys = {
        outcome.table
        for outcome in outcomes
        if outcome.expectation == "expect_column_values_to_be_unique"
        and outcome.column == outcome.key
        and outcome.success
    }
    for outcome in outcomes:
        parameters = {
            "run_id": run_id,
            "expectation_check": outcome.check_name,
            "check_name": outcome.check_name,
            "severity": outcome.severity,
            "suite": outcome.suite,
            "scope": outcome.scope,
            "kind": outcome.kind,
        }
        if outcome.error:
            # what it found before cannot be told apart from what it would find now: none is kept
            execute_named(
                con,
                "delete from validation.open_findings "
                "where suite = $suite and expectation_check = $expectation_check",
                parameters,
            )
            execute_named(
                con,
                "insert into validation.findings values ($run_id, $check_name, $severity, $suite, "
                "'check-error', [], [], [], [], $detail, $kind, null)",
                parameters | {"detail": f"the check could not run on {outcome.table}: {outcome.error}"},
            )
            continue
        if outcome.success:
            continue
        if not _land_failing_keys(
            con, outcome, plans.get((outcome.suite, outcome.check_name)), changed=changed
        ):
            continue
        if outcome.table not in columns_of:
            columns_of[outcome.table] = {
                row[0] for row in con.execute(f"describe {outcome.table}").fetchall()
            }
        context = _context_sql(
            outcome.table,
            outcome.key,
            columns_of[outcome.table],
            outcome,
            unique_keys=outcome.table in unique_keys,
        )
        execute_named(con, f"insert into validation.open_findings by name {context}", parameters)
    con.execute("drop table if exists failing_keys")
    con.execute(
        "insert into validation.findings by name "
        "select $run_id as run_id, * exclude (expectation_check) from validation.open_findings",
        {"run_id": run_id},
    )
