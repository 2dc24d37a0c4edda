"""The pipeline: ingest -> extract -> model -> validate -> publish, as one Prefect flow.

``python -m flows.pipeline [--input DIR]`` runs it once, like ``prakerja run``.
"""

from __future__ import annotations

import argparse
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from flows.build_models import build_staging_and_intermediate
from flows.extract_figures import extract_new_articles
from flows.ingest_inbox import ingest_inbox
from flows.progress_artifacts import ArtifactProgress
from flows.publish_marts import publish_marts, write_report
from flows.validate_tables import validate_warehouse
from prakerja_dq import run_ledger
from prakerja_dq.health import check_warehouse, seal
from prakerja_dq.locking import exclusive_run
from prakerja_dq.progress import ProgressReporter, also_reporting, reporting
from prakerja_dq.run_summary import (
    MARTS_ARTIFACT_KEY,
    SUMMARY_ARTIFACT_KEY,
    RunSummary,
    read_failed_checks,
    to_markdown,
    to_table,
)
from prakerja_dq.runtime import configure_runtime
from prakerja_dq.settings import Settings, get_settings
from prakerja_dq.validation.store import ValidationSummary
from prakerja_dq.warehouse import open_warehouse

LOCAL_DASK = "local"


def make_task_runner(dask_address: str | None) -> TaskRunner:
    """Threads when no address is given; ``local`` starts a two-worker Dask cluster; else connect to it.

    >>> type(make_task_runner(None)).__name__
    'ThreadPoolTaskRunner'
    >>> type(make_task_runner("tcp://127.0.0.1:8786")).__name__
    'DaskTaskRunner'
    """
    if not dask_address:
        return ThreadPoolTaskRunner(max_workers=os.cpu_count() or 2)
    from prefect_dask import DaskTaskRunner

    if dask_address == LOCAL_DASK:
        return DaskTaskRunner(
            cluster_class="distributed.LocalCluster",
            cluster_kwargs={
                "n_workers": 2,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
            },
        )
    return DaskTaskRunner(address=dask_address)


@task(cache_policy=NO_CACHE)
def publish_run_artifact(summary: RunSummary) -> None:
    """Attach the run summary (markdown) and the rows per mart (table) to the current flow run."""
    create_markdown_artifact(
        markdown=to_markdown(summary, failed_checks=read_failed_checks(summary.marts_path)),
        key=SUMMARY_ARTIFACT_KEY,
        description=f"prakerja-dq run {summary.run_id}: articles, figures, failed checks, report",
    )
    create_table_artifact(
        table=to_table(summary),
        key=MARTS_ARTIFACT_KEY,
        description=f"rows published per mart by run {summary.run_id}",
    )


def new_run_id() -> str:
    """A sortable, unique run id: UTC timestamp plus a random suffix."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


@contextmanager
def timed(stage_seconds: dict[str, float], progress: ProgressReporter, stage: str) -> Iterator[None]:
    """Add the wall time of the block to ``stage_seconds[stage]``; ``progress`` reports it meanwhile."""
    started = time.perf_counter()
    with reporting(progress, stage=stage):
        progress.stage_started(stage)
        try:
            yield
        finally:
            stage_seconds[stage] = round(stage_seconds.get(stage, 0.0) + time.perf_counter() - started, 2)
            progress.stage_finished(stage)


@dataclass(frozen=True)
class RunPlan:
    """What this run has to do, from the run ledger (``prakerja_dq.run_ledger``)."""

    fingerprints: run_ledger.Fingerprints
    previous: run_ledger.LedgerRow | None
    unchanged: bool  # the published snapshot covers the current raw state, code and reference data
    since_run_id: str | None  # per-article staging takes in only rows landed after this run (None: rebuild)


@task(cache_policy=NO_CACHE)
def plan_run(settings: Settings) -> RunPlan:
    """Fingerprint the raw tables and the code, and compare them with the ledger's last finished run."""
    with open_warehouse(settings.warehouse_path) as con:
        fingerprints = run_ledger.current_fingerprints(con, warning_sample=settings.gx_warning_sample)
        previous = run_ledger.last_run(con)
        since_run_id = run_ledger.staging_watermark(con, fingerprints.staging)
    return RunPlan(
        fingerprints=fingerprints,
        previous=previous,
        unchanged=run_ledger.is_unchanged(previous, fingerprints, settings.published_path),
        since_run_id=since_run_id,
    )


def unchanged_outputs(settings: Settings, published_run_id: str) -> tuple[dict[str, int], ValidationSummary]:
    """The rows per mart and the validation of the snapshot that stays published."""
    with open_warehouse(settings.warehouse_path) as con:
        run = run_ledger.validation_of(con, published_run_id)
    validated = ValidationSummary(
        run_id=published_run_id,
        expectations_evaluated=int(run.get("expectations_evaluated") or 0),
        expectations_passed=int(run.get("expectations_passed") or 0),
        expectations_failed=int(run.get("expectations_failed") or 0),
        quarantined_figures=int(run.get("quarantined_figures") or 0),
        findings=int(run.get("findings") or 0),
        blocking_findings=int(run.get("blocking_findings") or 0),
        report_index=Path(run.get("report_index") or settings.report_dir / "index.html"),
        data_docs_index=Path(run.get("data_docs_index") or settings.report_dir / "data_docs" / "index.html"),
    )
    return run_ledger.published_counts(settings.published_path), validated


@flow(name="run-pipeline", log_prints=False)
def run_pipeline(
    input_dir: str | None = None,
    home: str | None = None,
    dask_address: str | None = None,
    warehouse: str | None = None,
) -> RunSummary:
    """Run every stage once over the inbox and publish a validated marts snapshot.

    ``dask_address`` (default: PRAKERJA_DASK_ADDRESS) runs the extraction batches on a Dask cluster;
    ``local`` starts a two-worker cluster on this machine. ``warehouse``: another warehouse file than the
    workspace's (``prakerja rebuild`` builds a new one).
    """
    settings = get_settings()
    if home:
        settings = replace(settings, home=Path(home).resolve())
    if warehouse:
        settings = replace(settings, warehouse_file=Path(warehouse).resolve())
    task_runner = make_task_runner(dask_address or settings.dask_address)
    inbox = Path(input_dir).resolve() if input_dir else settings.input_dir
    started = datetime.now(UTC)
    logger = get_run_logger()
    stage_seconds: dict[str, float] = {}
    stage = partial(timed, stage_seconds, also_reporting(ArtifactProgress()))
    with exclusive_run(settings.lock_path):
        check_warehouse(settings.warehouse_path)  # a damaged warehouse stops the run with one line
        run_id = new_run_id()
        logger.info("run %s: inbox %s, workspace %s", run_id, inbox, settings.home)
        with stage("ingest"):
            ingested = ingest_inbox(
                inbox,
                settings.warehouse_path,
                run_id=run_id,
                batch_size=settings.batch_size,
                max_file_bytes=settings.max_file_mb * 1_000_000,
            )
        with stage("extract"):
            extracted = extract_new_articles.with_options(task_runner=task_runner)(
                settings.warehouse_path, run_id=run_id, batch_size=settings.batch_size
            )
        with stage("check"):
            plan = plan_run(settings)
        if plan.unchanged:
            marts, validated = unchanged_outputs(settings, plan.previous.published_run_id)
            published_run_id = plan.previous.published_run_id
        else:
            with stage("model"):
                build_staging_and_intermediate(settings.warehouse_path, since_run_id=plan.since_run_id)
            with stage("validate"):
                validated = validate_warehouse(
                    settings.warehouse_path,
                    run_id=run_id,
                    report_dir=settings.report_dir,
                    gx_dir=settings.gx_dir,
                    warning_sample=settings.gx_warning_sample,
                )
            with stage("publish"):
                marts = publish_marts(settings.warehouse_path, settings.published_path, run_id=run_id)
            with stage("report"):
                write_report(settings.warehouse_path, run_id=run_id, report_dir=settings.report_dir)
            published_run_id = run_id
        status = run_ledger.UNCHANGED if plan.unchanged else run_ledger.PUBLISHED
        with open_warehouse(settings.warehouse_path) as con:
            run_ledger.record_run(
                con,
                run_id=run_id,
                started_at=started,
                finished_at=datetime.now(UTC),
                status=status,
                published_run_id=published_run_id,
                fingerprints=plan.fingerprints,
                articles_ingested=ingested["accepted"],
                figures_extracted=extracted.figures,
            )
        seal(settings.warehouse_path)  # closed cleanly by this run: the next check need not read it all
    summary = RunSummary(
        run_id=run_id,
        files_seen=ingested["files"],
        articles_ingested=ingested["accepted"],
        duplicates=ingested["duplicate"],
        rejected=ingested["rejected"],
        unchanged=ingested["unchanged"],
        articles_extracted=extracted.articles,
        figures_extracted=extracted.figures,
        expectations_evaluated=validated.expectations_evaluated,
        expectations_passed=validated.expectations_passed,
        expectations_failed=validated.expectations_failed,
        figures_quarantined=validated.quarantined_figures,
        findings=validated.findings,
        marts=marts,
        marts_path=str(settings.published_path),
        report_path=str(validated.report_index),
        failures=extracted.failed_batches,
        seconds=round((datetime.now(UTC) - started).total_seconds(), 2),
        stage_seconds=stage_seconds,
        status=status,
        published_run_id=published_run_id,
    )
    publish_run_artifact(summary)
    return summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=run_pipeline.__doc__)
    parser.add_argument("--input", help="inbox folder of article files (default: seeds/articles)")
    args = parser.parse_args(argv)
    configure_runtime()
    summary = run_pipeline(input_dir=args.input)
    print(summary.to_dict())


if __name__ == "__main__":
    main()
