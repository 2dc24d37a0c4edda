"""Expectation outcomes counted over whole tables, checked against GX's verdict on what it saw."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from prakerja_dq.validation.plan import ROWS_IN_TABLE, CheckPlan
from prakerja_dq.validation.tables import NULL_KEY, changed_condition

if TYPE_CHECKING:
    from prakerja_dq.validation.gx_runner import ExpectationOutcome


def _keys_where(con: duckdb.DuckDBPyConnection, relation: str, key: str, condition: str) -> set[str | None]:
    rows = con.execute(f'select distinct cast("{key}" as varchar) from {relation} where {condition}')
    return {value for (value,) in rows.fetchall()}


def carried_counts(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], int]:
    """Per (suite, check): the open findings of the rows not validated again (keys not in ``changed_keys``).

    Those rows are unchanged and their keys unique (``changes``): each finding is one failing row.
    """
    rows = con.execute(
        """
        select suite, expectation_check, count(*) from validation.open_findings as open
        anti join changed_keys on changed_keys.suite = open.suite and changed_keys.key = open.instance_key
        where open.instance_key <> $null_key
        group by all
        """,
        {"null_key": NULL_KEY},
    ).fetchall()
    return {(suite, check): count for suite, check, count in rows}


def count_outcomes(
    con: duckdb.DuckDBPyConnection,
    outcomes: list[ExpectationOutcome],
    frames: dict[str, pd.DataFrame],
    plans: dict[tuple[str, str], CheckPlan],
    *,
    carried: dict[tuple[str, str], int] | None = None,
) -> list[ExpectationOutcome]:
    """Outcomes counted over the whole table: sampled warnings from SQL, checked against GX on the sample.

    A GX-decided expectation saw every row that can fail it, so only its element count is the table's.
    A sampled one is decided by its SQL over the table; on the rows GX saw, both must fail the same keys,
    else the outcome carries an error naming the disagreement.

    With ``carried`` (``carried_counts``), GX saw only the rows validated again (``changes``): each count
    adds the failing rows carried forward, and SQL counts only over the rows validated again.
    """
    counted = []
    for outcome in outcomes:
        frame = frames[outcome.table]
        total = frame.attrs.get(ROWS_IN_TABLE)
        plan = plans.get((outcome.suite, outcome.check_name))
        before = 0 if carried is None else carried.get((outcome.suite, outcome.check_name), 0)
        if total is not None and outcome.element_count is not None:
            outcome = replace(outcome, element_count=total)
        if plan is not None and plan.sampled and not outcome.error:
            condition = f"coalesce({plan.fails_on}, false)"
            rows = (
                condition if carried is None else f"{condition} and {changed_condition(plan.key, plan.suite)}"
            )
            ((failing,),) = con.execute(f"select count(*) from {plan.table} where {rows}").fetchall()
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
                success=failing + before == 0 and error is None,
                unexpected_count=failing + before,
                error=error,
            )
        elif before and not outcome.error:
            outcome = replace(
                outcome, success=False, unexpected_count=(outcome.unexpected_count or 0) + before
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
