"""The same flow on a two-worker Dask cluster publishes the same figures as the default thread runner."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest

from flows.pipeline import run_pipeline

pytestmark = pytest.mark.usefixtures("prefect_harness")

# Columns that name the run rather than the figure (none today; kept out of the comparison if added).
RUN_SPECIFIC = {"run_id", "published_at", "ingested_at", "seen_at"}


def published_figures(home: Path) -> list[tuple]:
    with duckdb.connect(str(home / "published.duckdb"), read_only=True) as con:
        columns = [row[0] for row in con.execute("describe marts.figures").fetchall()]
        kept = ", ".join(f'"{column}"' for column in columns if column not in RUN_SPECIFIC)
        return con.execute(f"select {kept} from marts.figures order by all").fetchall()


def tasks_seen_by(scheduler_address: str) -> dict[str, int]:
    """Tasks the Dask scheduler has run, by key prefix."""
    from distributed import Client

    def count(dask_scheduler) -> dict[str, int]:
        return {name: len(prefix.groups) for name, prefix in dask_scheduler.task_prefixes.items()}

    with Client(scheduler_address) as client:
        return client.run_on_scheduler(count)


@pytest.mark.timeout(300)
def test_a_two_worker_dask_cluster_publishes_the_same_figures(tmp_path, seed_inbox, monkeypatch):
    from distributed import LocalCluster

    # Batches of two articles: the five seeds make three extraction tasks to spread over the workers.
    monkeypatch.setenv("PRAKERJA_BATCH_SIZE", "2")
    threads_home, dask_home = tmp_path / "threads", tmp_path / "dask"
    started = time.monotonic()
    threads = run_pipeline(input_dir=str(seed_inbox), home=str(threads_home))
    threads_seconds = time.monotonic() - started

    started = time.monotonic()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        dask = run_pipeline(
            input_dir=str(seed_inbox), home=str(dask_home), dask_address=cluster.scheduler_address
        )
        seen = tasks_seen_by(cluster.scheduler_address)
    dask_seconds = time.monotonic() - started

    assert any(name.startswith("extract_batch") for name in seen), seen
    assert dask.failures == [] and threads.failures == []
    assert dask.figures_extracted == threads.figures_extracted > 0
    figures = published_figures(dask_home)
    assert figures and figures == published_figures(threads_home)
    print(f"\npipeline on the seeds: threads {threads_seconds:.1f} s, two Dask workers {dask_seconds:.1f} s")
