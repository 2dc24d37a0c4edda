"""Which rows of the validated tables changed since the last validation: a run re-checks only those.

Only a candidate row can fail a check: one the SQL translation of some expectation of its suite says may fail
(``plan.SuitePlan.condition``; it is true on every failing row, GX then decides). Other rows have no verdict
or finding to carry. Every expectation is row-wise (a row's verdict depends on that row alone) except
uniqueness, which depends on the other rows with the same key (every uniqueness check is on the suite's key).
A finding depends on its row and, for staged figures and articles, on the figure's bounds label and the
article's figure ids (``findings.finding_context``). So a candidate whose key is unique and whose hash over
all of that is the one it had at the last validation has the verdicts and findings it had then: they are
carried forward (``validation.open_findings``). Every other key is validated again: new, changed, removed
candidates (a row that no longer is one drops its findings), and every duplicated or missing key.

The state (``validation.checked_rows``: the candidates of the last validation) is only used when it was
written by a validation with the same suites, reference data, validation code and GX sample size
(``fingerprint``), and without a check that could not run; else the run validates every row.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from prakerja_dq.settings import EXPECTATIONS_DIR, SEEDS_DIR, SQL_DIR
from prakerja_dq.validation.findings import finding_columns, finding_context
from prakerja_dq.validation.plan import SuitePlan
from prakerja_dq.validation.tables import CANDIDATES, NULL_KEY


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
    """The rows a run validates, and the state it leaves for the next run.

    ``since_run_id``: the validation whose open findings the unchanged candidates carry forward (None: every
    row is validated). ``keys``: (suite, key) of every key validated again (key None for rows without
    one), None when every row is. ``rows``: (suite, key, row_hash) of the current candidates with those keys
    (every candidate when every row is validated), the new state of those keys.
    """

    since_run_id: str | None
    keys: pd.DataFrame | None
    rows: pd.DataFrame


def row_hash_sql(plan: SuitePlan, existing: list[str]) -> str:
    """SQL of (suite, key, row_hash, decided) for every candidate row of the suite's table (module's doc).

    ``decided``: the row can fail an expectation GX decides (else only sampled ones).

    The hash covers the columns the checks read, those the findings read and the findings' context, so two
    rows with the same hash get the same verdicts and findings.
    """
    spec = plan.spec
    read = (plan.columns | finding_columns(spec.table)) & set(existing)
    join, context = finding_context(spec.table)
    hashed = [f'row."{column}"' for column in sorted(read)] + context
    suite = spec.name.replace("'", "''")
    candidates, decided = spec.table, "true"
    if not plan.whole_table:
        decided = plan.condition(sampled=False)
        condition = f"({decided}) or ({plan.condition(sampled=True)})"
        candidates = f"(select *, ({decided}) as _decided from {spec.table} where {condition})"
    else:
        candidates = f"(select *, true as _decided from {spec.table})"
    return (
        f"select '{suite}' as suite, cast(row.\"{spec.key}\" as varchar) as key, "
        f"hash({', '.join(hashed)}) as row_hash, row._decided as decided from {candidates} as row {join}"
    )


def candidate_rows_sql(con: duckdb.DuckDBPyConnection, plans: list[SuitePlan]) -> str:
    """SQL of (suite, key, row_hash, decided) for every candidate row of every validated table."""
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
    con: duckdb.DuckDBPyConnection, plans: list[SuitePlan], *, fingerprint: str | None
) -> Changes:
    """The keys to validate again since the last validation made with ``fingerprint`` (see ``Changes``).

    Every row is validated when there is no such validation, or ``fingerprint`` is None. Leaves the temp
    table ``CANDIDATES`` (suite, key, row_hash, decided) of the rows GX may read (``plan.read_gx_frame``).
    """
    since = None if fingerprint is None else state_run(con, fingerprint)
    con.execute(f"create or replace temp table {CANDIDATES} as {candidate_rows_sql(con, plans)}")
    if since is None:
        rows = con.sql(f"select suite, key, row_hash from {CANDIDATES}").df()
        return Changes(since_run_id=None, keys=None, rows=rows)
    con.execute(
        f"""
        create or replace temp table changed_keys as
        select suite, key
        from {CANDIDATES} as now
        full join validation.checked_rows as before using (suite, key)
        where now.row_hash is distinct from before.row_hash
        union
        select suite, key from {CANDIDATES} where key is null or key = '{NULL_KEY}'
        union
        select suite, key from {CANDIDATES} group by suite, key having count(*) > 1
        union
        select suite, key from validation.checked_rows group by suite, key having count(*) > 1
        """
    )
    try:
        keys = con.sql("select suite, key from changed_keys order by suite, key").df()
        rows = con.sql(
            f"""
            select now.suite, now.key, now.row_hash
            from {CANDIDATES} as now
            semi join changed_keys
                on changed_keys.suite = now.suite and changed_keys.key is not distinct from now.key
            """
        ).df()
    finally:
        con.execute("drop table if exists changed_keys")
    return Changes(since_run_id=since, keys=keys, rows=rows)
