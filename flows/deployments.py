"""The scheduled deployment of the pipeline, defined once; ``prakerja serve`` and docker compose serve it.

``python -m flows.deployments`` serves it like ``prakerja serve``. The schedule is a cron expression
(PRAKERJA_SCHEDULE_CRON, default hourly) in PRAKERJA_SCHEDULE_TIMEZONE (default UTC), or a fixed interval
in seconds. Runs execute in subprocesses of the serving process, one at a time, against whatever Prefect
API ``PREFECT_API_URL`` names.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment
    from prefect.schedules import Schedule

from prakerja_dq.settings import get_settings

DEPLOYMENT_NAME = "scheduled"
DEPLOYMENT_TAGS = ["prakerja"]


def make_schedule(
    *, cron: str | None = None, interval_seconds: float | None = None, timezone: str | None = None
) -> Schedule:
    """A fixed interval when given, else the cron (default: PRAKERJA_SCHEDULE_CRON, else hourly).

    >>> make_schedule().cron, make_schedule().timezone
    ('0 * * * *', 'UTC')
    >>> make_schedule(interval_seconds=30).interval
    datetime.timedelta(seconds=30)
    >>> make_schedule(cron="*/15 * * * *", timezone="Asia/Jakarta").timezone
    'Asia/Jakarta'
    """
    from prefect.schedules import Cron, Interval

    settings = get_settings()
    timezone = timezone or settings.schedule_timezone
    if interval_seconds is not None:
        if interval_seconds <= 0:
            raise ValueError(f"the schedule interval must be positive, got {interval_seconds} s")
        return Interval(timedelta(seconds=interval_seconds), timezone=timezone)
    return Cron(cron or settings.schedule_cron, timezone=timezone)


def build_parameters(*, input_dir: str | None = None, dask_address: str | None = None) -> dict[str, Any]:
    """Flow parameters baked into the deployment; unset ones come from PRAKERJA_* when each run starts.

    >>> build_parameters()
    {}
    >>> build_parameters(input_dir="/data/inbox")
    {'input_dir': '/data/inbox'}
    """
    parameters: dict[str, Any] = {}
    if input_dir:
        parameters["input_dir"] = input_dir
    if dask_address:
        parameters["dask_address"] = dask_address
    return parameters


def build_deployment(
    *,
    name: str = DEPLOYMENT_NAME,
    schedule: Schedule | None = None,
    input_dir: str | None = None,
    dask_address: str | None = None,
) -> RunnerDeployment:
    """The pipeline as a deployment with its schedule, importable by module path in any environment."""
    from prefect.types.entrypoint import EntrypointType

    from flows.pipeline import run_pipeline

    return run_pipeline.to_deployment(
        name=name,
        schedule=schedule or make_schedule(),
        parameters=build_parameters(input_dir=input_dir, dask_address=dask_address),
        tags=DEPLOYMENT_TAGS,
        description="Ingest new articles from the inbox, validate the figures and publish the marts.",
        entrypoint_type=EntrypointType.MODULE_PATH,
        paused=False,
    )


def serve_deployment(deployment: RunnerDeployment) -> None:
    """Register the deployment and run its scheduled flow runs, one at a time, until interrupted."""
    from prefect import serve

    # One run at a time: a second run would only wait for the workspace lock and fail.
    serve(deployment, limit=1, pause_on_shutdown=True, print_starting_message=True)


if __name__ == "__main__":
    serve_deployment(build_deployment())
