"""``prakerja run``: run the pipeline once over an inbox folder and print what it did."""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import importlib
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from prakerja_dq.cli import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run the pipeline once (default input: the seed articles)",
        description="Ingest new articles from the inbox, extract figures, validate them and publish marts.",
    )
    parser.add_argument("--input", type=Path, help="inbox folder of article files (default: seeds/articles)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="summary format")
    parser.add_argument(
        "--dask-address",
        help="run extraction batches on this Dask scheduler (tcp://host:8786), or `local` for a local "
        "two-worker cluster (default: PRAKERJA_DASK_ADDRESS, else threads on this machine)",
    )
    add_verbose_argument(parser)
    parser.set_defaults(handler=handle)


def add_verbose_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--verbose", action="store_true", help="show Prefect's log of every flow and task run"
    )


def check_input_folder(folder: Path | None) -> None:
    """A CommandError unless ``folder`` is unset (the configured inbox) or an existing folder."""
    if folder is not None and not folder.is_dir():
        raise CommandError(f"input folder {folder} does not exist or is not a folder")


def handle(args: argparse.Namespace) -> int:
    check_input_folder(args.input)
    from prakerja_dq.health import WarehouseDamaged, check_warehouse, damage_from, unseal
    from prakerja_dq.locking import RunInProgress, exclusive_run
    from prakerja_dq.settings import get_settings

    warehouse = get_settings().warehouse_path
    try:
        with exclusive_run(get_settings().lock_path):
            # fail fast, before starting anything; the flow itself holds the lock while it runs
            check_warehouse(warehouse)
    except (RunInProgress, WarehouseDamaged) as error:
        raise CommandError(str(error)) from None
    try:
        with prefect_session(verbose=args.verbose):
            from flows.pipeline import run_pipeline
            from prakerja_dq.progress_terminal import terminal_progress

            # only when stdout is a terminal, and not before JSON
            with terminal_progress(enabled=args.format == "text"):
                summary = run_pipeline(
                    input_dir=str(args.input) if args.input else None, dask_address=args.dask_address
                )
    except (RunInProgress, WarehouseDamaged) as error:
        raise CommandError(str(error)) from None
    except Exception as error:  # a block that fails its checksum when a stage reads it
        if damaged := damage_from(error, warehouse):
            unseal(warehouse)  # the next run's check reads every block, and stops before starting
            raise CommandError(str(damaged)) from None
        raise
    if args.format == "json":
        print(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_summary(summary))
    return 1 if summary.failures else 0


@contextlib.contextmanager
def prefect_session(*, verbose: bool) -> Iterator[None]:
    """Quiet logs, and a temporary Prefect API when none is configured (as ``prakerja run`` does)."""
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # Registered first, so it runs after every other exit handler (Prefect's, the API server's stop): the
    # interpreter's final garbage collections over the ~400,000 objects of Prefect, pandas and GX took 1-2 s.
    atexit.register(gc.freeze)
    api = None
    if not os.environ.get("PREFECT_API_URL"):
        from prakerja_dq.prefect_api import start_temporary_api

        api = start_temporary_api(Path(os.environ["PREFECT_HOME"]))
        # Registered before Prefect is imported, so it runs after Prefect's own exit handlers have sent
        # the last logs and states to this API.
        atexit.register(api.stop)
    import flows.pipeline  # noqa: F401  (Prefect's import, while the API server starts)

    import_flow_engine()
    preload_validation_libraries()
    with contextlib.ExitStack() as stack:
        if api is not None:
            from prefect.settings import temporary_settings

            # Heartbeats let a long-lived server notice crashed runs; this server ends with the command,
            # and every flow run's end waits up to 1 s for its heartbeat thread (4 flow runs).
            stack.enter_context(temporary_settings(updates={"flows.heartbeat_frequency": None}))
            api.wait_ready()
        yield


def import_flow_engine() -> None:
    """Import what Prefect loads when the first flow starts, while the API server is still starting."""
    for name in (
        "prefect.flow_engine",
        "prefect.task_engine",
        "prefect.utilities.visualization",
        "fastapi.encoders",
    ):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def _import_validation_libraries() -> None:
    # A failed import leaves nothing in sys.modules: the validate stage imports again and reports the error.
    with contextlib.suppress(Exception):
        import expectations  # noqa: F401  (the suites import great_expectations)
        import prakerja_dq.report  # noqa: F401


def preload_validation_libraries() -> threading.Thread:
    """Import Great Expectations (4 s of CPU) in a thread while the flow waits and runs its first stages.

    Started after ``flows.pipeline`` is imported: the only modules both threads import from then on are a
    few leaves without import cycles, so per-module import locks cannot deadlock. The validate stage's own
    ``import expectations`` waits for this thread if it has not finished.
    """
    thread = threading.Thread(target=_import_validation_libraries, name="preload-validation", daemon=True)
    thread.start()
    return thread


def format_summary(summary) -> str:
    """The short, human summary of one run."""
    lines = [
        f"run {summary.run_id} finished in {summary.seconds:.1f} s",
        "  stages                "
        + ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in summary.stage_seconds.items()),
        f"  files seen            {summary.files_seen}",
        f"  articles ingested     {summary.articles_ingested} new"
        f" ({summary.duplicates} duplicate, {summary.rejected} rejected)",
        f"  unchanged (not read)  {summary.unchanged}",
        f"  figures extracted     {summary.figures_extracted} from {summary.articles_extracted} articles",
        f"  expectations          {summary.expectations_passed} passed, {summary.expectations_failed} failed"
        f" (of {summary.expectations_evaluated})",
        f"  figures quarantined   {summary.figures_quarantined}",
        f"  findings              {summary.findings}",
        "  rows published per mart:",
        *(f"    marts.{name:<22} {rows}" for name, rows in sorted(summary.marts.items())),
        f"  status                {summary.status} (published marts of run {summary.published_run_id})",
        f"  marts file            {summary.marts_path}",
        f"  validation report     {summary.report_path}",
    ]
    if summary.failures:
        lines.append("  FAILED (the rest of the run was kept):")
        lines.extend(f"    {failure}" for failure in summary.failures)
    return "\n".join(lines)
