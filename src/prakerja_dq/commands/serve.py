"""``prakerja serve``: serve the scheduled pipeline deployment so the Prefect API runs it on schedule."""

from __future__ import annotations

import argparse
from pathlib import Path

from prakerja_dq.cli import CommandError
from prakerja_dq.commands.run import check_input_folder

START_SERVER_HINT = (
    "start one with `prefect server start` and set PREFECT_API_URL=http://127.0.0.1:4200/api "
    "(or run `docker compose up`)"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    from flows.deployments import DEPLOYMENT_NAME
    from prakerja_dq.settings import DEFAULT_CRON

    parser = subparsers.add_parser(
        "serve",
        help="run the pipeline on a schedule (a Prefect deployment served from this process)",
        description="Register the pipeline's deployment with the Prefect API named by PREFECT_API_URL and "
        "execute its scheduled runs, one at a time, until stopped with Ctrl-C or SIGTERM. The schedule "
        f"is a cron expression (default: PRAKERJA_SCHEDULE_CRON, else {DEFAULT_CRON!r}, i.e. hourly) or "
        "a fixed --interval.",
    )
    schedule = parser.add_mutually_exclusive_group()
    schedule.add_argument("--cron", help="cron expression for the runs (default: PRAKERJA_SCHEDULE_CRON)")
    schedule.add_argument("--interval", type=float, metavar="SECONDS", help="run every SECONDS instead")
    parser.add_argument(
        "--timezone", help="time zone of the cron expression (default: PRAKERJA_SCHEDULE_TIMEZONE, else UTC)"
    )
    parser.add_argument("--name", default=DEPLOYMENT_NAME, help="deployment name (default: %(default)s)")
    parser.add_argument("--input", type=Path, help="inbox folder of article files (default: PRAKERJA_INPUT)")
    parser.add_argument("--dask-address", help="run extraction batches on this Dask scheduler, or `local`")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from flows.deployments import build_deployment, make_schedule, serve_deployment

    check_input_folder(args.input)
    try:
        schedule = make_schedule(cron=args.cron, interval_seconds=args.interval, timezone=args.timezone)
    except ValueError as error:
        raise CommandError(f"invalid schedule: {error}") from None
    check_api_reachable()
    deployment = build_deployment(
        name=args.name,
        schedule=schedule,
        input_dir=str(args.input.resolve()) if args.input else None,
        dask_address=args.dask_address,
    )
    serve_deployment(deployment)
    return 0


def check_api_reachable() -> str:
    """The configured Prefect API URL, once its health endpoint answers; a CommandError otherwise."""
    import httpx
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    if not url:
        # A temporary server (Prefect's fallback without an API) has no scheduler: nothing would ever run.
        raise CommandError(f"no Prefect API is configured (PREFECT_API_URL is unset): {START_SERVER_HINT}")
    try:
        response = httpx.get(f"{url.rstrip('/')}/health", timeout=10)
        response.raise_for_status()
    except httpx.HTTPError as error:
        raise CommandError(f"cannot reach the Prefect API at {url} ({error}): {START_SERVER_HINT}") from None
    return url
