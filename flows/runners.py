"""Where batch tasks run: threads on this machine by default, or a Dask cluster through prefect-dask."""

from __future__ import annotations

import os

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

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
