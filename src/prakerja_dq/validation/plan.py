"""Which rows GX validates: every row that can fail a deciding expectation, plus a bounded sample.

- every row that can fail a blocking or a uniqueness expectation, so GX alone decides those, exactly;
- a deterministic sample (``warning_sample`` rows, by hash of the key) of the other rows that can fail a
  warning expectation. Those warnings are counted and listed in SQL over the whole table (``outcomes``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from prakerja_dq.validation.tables import CANDIDATES, changed_condition

if TYPE_CHECKING:
    from expectations._spec import SuiteSpec

ROWS_IN_TABLE = "rows_in_table"
DEFAULT_WARNING_SAMPLE = 10_000


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
                sampled=meta["severity"] in ("warning", "info")
                and expectation.expectation_type in SAMPLED_TYPES
                and fails_on is not None,
            )
        )
    if any(check.fails_on is None for check in checks):
        checks = [replace(check, sampled=False) for check in checks]
    columns = frozenset(validated_columns(spec.key, expectations))
    return SuitePlan(spec=spec, checks=tuple(checks), columns=columns)


def check_plans() -> dict[tuple[str, str], CheckPlan]:
    """``(suite, check name) -> CheckPlan`` of every expectation of every suite."""
    from expectations import SUITES

    return {(check.suite, check.check_name): check for spec in SUITES for check in plan_suite(spec).checks}


def read_gx_frame(
    con: duckdb.DuckDBPyConnection,
    plan: SuitePlan,
    *,
    warning_sample: int,
    changed: bool = False,
    candidates: bool = False,
) -> pd.DataFrame:
    """The rows of ``plan.spec.table`` GX validates, with the columns the suite reads.

    Every row that can fail a GX-decided expectation, plus at most ``warning_sample`` of the other rows that
    can fail a sampled one, picked by hash of the key (the same rows on every run over the same table).
    With ``candidates``, those rows are taken from the temp table ``CANDIDATES`` (``changes.find_changes``)
    instead of the conditions; with ``changed``, only among the rows validated again (keys in
    ``CHANGED_KEYS``). ``frame.attrs[ROWS_IN_TABLE]`` holds the table's row count.
    """
    table, key = plan.spec.table, f'"{plan.spec.key}"'
    existing = [row[0] for row in con.execute(f"describe {table}").fetchall()]
    columns = ", ".join(f'"{column}"' for column in existing if column in plan.columns)
    ((rows,),) = con.execute(f"select count(*) from {table}").fetchall()
    only = changed_condition(plan.spec.key, plan.spec.name) if changed else "true"
    if candidates:
        name = plan.spec.name.replace("'", "''")
        decided = "true" if plan.whole_table else plan.condition(sampled=False)
        sampled = "false" if plan.whole_table else plan.condition(sampled=True)
        listed = f"select key from {CANDIDATES} where suite = '{name}'"
        frame = con.sql(
            f"""
            select {columns} from {table}
            where (cast({key} as varchar) in ({listed} and decided) or ({key} is null and ({decided})))
                and {only}
            union all
            (select {columns} from {table}
             where (cast({key} as varchar) in ({listed} and not decided)
                    or ({key} is null and not ({decided}) and ({sampled})))
                and {only}
             order by hash({key}), {key}
             limit {int(warning_sample)})
            """
        ).df()
    elif plan.whole_table:
        frame = con.sql(f"select {columns} from {table} where {only}").df()
    else:
        decided, sampled = plan.condition(sampled=False), plan.condition(sampled=True)
        frame = con.sql(
            f"""
            select {columns} from {table} where ({decided}) and {only}
            union all
            (select {columns} from {table}
             where not ({decided}) and ({sampled}) and {only}
             order by hash({key}), {key}
             limit {int(warning_sample)})
            """
        ).df()
    frame.attrs[ROWS_IN_TABLE] = rows
    return frame
