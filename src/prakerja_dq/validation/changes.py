"""Which rows of the validated tables changed since the last validation: a run re-checks only those.

Every expectation of the suites is row-wise (a row's verdict depends on that row alone) except uniqueness,
which depends on the other rows with the same key (every uniqueness check is on the suite's key). A
finding depends on its row and, for staged figures and articles, on the figure's bounds label and the
article's figure ids (``findings.finding_context``). So a row whose key is unique and whose hash over all of
that is the one of the last validation has the verdicts and findings it had then: they are carried forward
(``validation.open_findings``). Everything else is validated again: new, changed and removed rows, and every
row of a duplicated or missing key.

The state (``validation.checked_rows``, ``validation.open_findings``) is only used when it was written by a
validation with the same suites, reference data, validation code and GX sample size (``fingerprint``), and
without a check that could not run; else the run validates every row and writes the state anew.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from prakerja_dq.settings import EXPECTATIONS_DIR, SEEDS_DIR, SQL_DIR
from prakerja_dq.validation.findings import finding_columns, finding_context
from prakerja_dq.validation.plan import SuitePlan
from prakerja_dq.validation.tables import NULL_KEY

# past this share of the rows, a run validates every row (the change lists would be as big as the tables)
MAX_CHANGED_SHARE = 0.5


def validation_fingerprint(*, warning_sample: int) -> str:
    """What the verdicts and findings are a function of, besides the rows: suites, reference data, code."""
    from prakerja_dq.run_ledger import PACKAGE_DIR, files_fingerprint

    return files_fingerprint(
        (
            (EXPECTATIONS_DIR, "**/*.py"),
            (EXPECTATIONS_DIR, "**/*.json"),
            (SEEDS_DIR / "reference", "*.csv"),
            (PACKAGE_DIR / "validation", "*.py"),
            (SQL_DIR / "validation", "*.sql"),
            (SQL_DIR / "quarantine", "*.sql"),
        ),
        ("gx_warning_sample", warning_sample),
    )


@dataclass(frozen=True)
class Changes:
    """The rows to validate again since ``since_run_id``, whose open findings the others carry forward.

    ``keys``: (suite, key) of every changed, removed, duplicated or missing key (key None for rows without
    one). ``rows``: (suite, key, row_hash) of the current rows with those keys, the new state of those keys.
    """

    since_run_id: str
    keys: pd.DataFrame
    rows: pd.DataFrame

    def keys_of(self, suite: str) -> pd.DataFrame:
        """The changed keys of one suite (column ``key``)."""
        return self.keys.loc[self.keys["suite"] == suite, ["key"]].reset_index(drop=True)


def row_hash_sql(plan: SuitePlan, existing: list[str]) -> str:
    """SQL of (suite, key, row_hash) for every row of the suite's table.

    The hash covers the columns the checks read, those the findings read and the findings' context (see
    the module's doc), so two rows with the same hash get the same verdicts and findings.
    """
    spec = plan.spec
    read = (plan.columns | finding_columns(spec.table)) & set(existing)
    join, context = finding_context(spec.table)
    hashed = [f'row."{column}"' for column in sorted(read)] + context
    suite = spec.name.replace("'", "''")
    return (
        f"select '{suite}' as suite, cast(row.\"{spec.key}\" as varchar) as key, "
        f"hash({', '.join(hashed)}) as row_hash from {spec.table} as row {join}"
    )


def current_rows_sql(con: duckdb.DuckDBPyConnection, plans: list[SuitePlan]) -> str:
    """SQL of (suite, key, row_hash) for every row of every validated table."""
    parts = []
    for plan in plans:
        existing = [row[0] for row in con.execute(f"describe {plan.spec.table}").fetchall()]
        parts.append(row_hash_sql(plan, existing))
    return "\nunion all\n".join(parts)


def state_run(con: duckdb.DuckDBPyConnection, fingerprint: str) -> str | None:
    """The validation run the stored state describes, when it was made with ``fingerprint``; else None."""
    row = con.execute(
        """
        select state.run_id from validation.checked_state as state
        where state.fingerprint = ? and exists (
            select 1 from validation.runs as runs where runs.run_id = state.run_id
        )
        """,
        [fingerprint],
    ).fetchone()
    return row[0] if row else None


def find_changes(
    con: duckdb.DuckDBPyConnection, plans: list[SuitePlan], *, fingerprint: str
) -> Changes | None:
    """The rows to validate again (see ``Changes``), or None when every row must be (no usable state)."""
    since = state_run(con, fingerprint)
    if since is None:
        return None
    con.execute(f"create or replace temp table current_rows as {current_rows_sql(con, plans)}")
    try:
        ((rows,),) = con.execute("select count(*) from current_rows").fetchall()
        con.execute(
            f"""
            create or replace temp table changed_keys as
            select distinct suite, key from (
                (select suite, key, row_hash from current_rows
                 except all select suite, key, row_hash from validation.checked_rows)
                union all
                (select suite, key, row_hash from validation.checked_rows
                 except all select suite, key, row_hash from current_rows)
                union all
                select suite, key, null from current_rows
                where key is null or key = '{NULL_KEY}'
                union all
                select suite, key, null from current_rows group by suite, key having count(*) > 1
            )
            """
        )
        keys = con.sql("select suite, key from changed_keys order by suite, key").df()
        if len(keys) > MAX_CHANGED_SHARE * max(rows, 1):
            return None
        changed_rows = con.sql(
            """
            select current_rows.suite, current_rows.key, current_rows.row_hash
            from current_rows
            semi join changed_keys
                on changed_keys.suite = current_rows.suite
                and changed_keys.key is not distinct from current_rows.key
            """
        ).df()
        return Changes(since_run_id=since, keys=keys, rows=changed_rows)
    finally:
        con.execute("drop table if exists current_rows")
        con.execute("drop table if exists changed_keys")
