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

Incremental: only the rows that changed since the last validation (new, changed or removed rows, duplicated
or missing keys, by a hash of what the checks and findings read) are read and given to GX; the verdicts and
findings of the others are carried forward (``prakerja_dq.validation.changes``). The result is the one of a
validation of every row; a change of the suites, reference data or validation code validates every row.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from prakerja_dq.task_retries import warn_then_retry
from prakerja_dq.validation.changes import Changes, find_changes, validation_fingerprint
from prakerja_dq.validation.plan import DEFAULT_WARNING_SAMPLE, plan_suite, read_gx_frame
from prakerja_dq.validation.store import ValidationSummary, store_run
from prakerja_dq.validation.tables import CHANGED_KEYS
from prakerja_dq.warehouse import connect

if TYPE_CHECKING:
    from prakerja_dq.validation.gx_runner import ExpectationOutcome


@task(retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE, retry_condition_fn=warn_then_retry)
def read_validated_tables(
    warehouse_path: Path, *, warning_sample: int, fingerprint: str | None = None
) -> tuple[dict[str, pd.DataFrame], Changes]:
    """The rows each suite's GX run sees (see ``read_gx_frame``), by table, and what changed.

    With ``fingerprint``, only the rows changed since the last validation made with it (``find_changes``).
    """
    from expectations import SUITES

    plans = [plan_suite(spec) for spec in SUITES]
    # a writer connection: a read-only one is refused while this process holds the file open elsewhere
    con = connect(warehouse_path)
    try:
        changes = find_changes(con, plans, fingerprint=fingerprint)
        if changes.keys is not None:
            changed_keys = changes.keys  # noqa: F841 - DuckDB replacement scan
            con.execute(f"create or replace temp table {CHANGED_KEYS} as select * from changed_keys")
        frames = {
            plan.spec.table: read_gx_frame(
                con,
                plan,
                warning_sample=warning_sample,
                changed=changes.keys is not None,
                candidates=True,
            )
            for plan in plans
        }
        return frames, changes
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


@task(retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE, retry_condition_fn=warn_then_retry)
def store_validation(
    warehouse_path: Path,
    outcomes: list[ExpectationOutcome],
    frames: dict[str, pd.DataFrame],
    *,
    run_id: str,
    started_at: datetime,
    data_docs_index: Path,
    report_index: Path,
    changes: Changes | None,
    fingerprint: str | None,
) -> dict[str, object]:
    """Count the outcomes over the tables and store this run's results, findings and quarantine."""
    return store_run(
        warehouse_path,
        outcomes,
        frames,
        run_id=run_id,
        started_at=started_at,
        data_docs_index=data_docs_index,
        report_index=report_index,
        changes=changes,
        fingerprint=fingerprint,
    )


@flow(name="validate-warehouse")
def validate_warehouse(
    warehouse_path: Path,
    *,
    run_id: str,
    report_dir: Path,
    gx_dir: Path,
    warning_sample: int = DEFAULT_WARNING_SAMPLE,
    incremental: bool = True,
) -> ValidationSummary:
    """Run the suites and store results, findings and quarantine for ``run_id``.

    The browser report is written once the marts are built (``flows.publish_marts.write_report``); it is
    recorded here at ``report_dir/index.html``. The GX context is ephemeral (offline, fast, repeatable in
    one process); its Data Docs site is written to ``report_dir/data_docs`` and the suites as run to
    ``gx_dir/suites``. GX sees at most ``warning_sample`` rows per table for the warnings it does not
    decide alone, and with ``incremental`` only the rows changed since the last validation (see the
    module's doc).
    """
    started_at = datetime.now(UTC)
    warehouse_path, report_dir = Path(warehouse_path), Path(report_dir)
    data_docs_index = report_dir / "data_docs" / "index.html"
    report_index = report_dir / "index.html"
    fingerprint = validation_fingerprint(warning_sample=warning_sample)
    frames, changes = read_validated_tables(
        warehouse_path, warning_sample=warning_sample, fingerprint=fingerprint if incremental else None
    )
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
        changes=changes,
        fingerprint=fingerprint,
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
