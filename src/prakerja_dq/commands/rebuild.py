"""``prakerja rebuild``: restore a damaged or deleted warehouse from the inbox and the published ledger."""

from __future__ import annotations

import argparse
import uuid
from pathlib import Path

from prakerja_dq.cli import CommandError
from prakerja_dq.commands.run import add_verbose_argument, check_input_folder

LOST_LISTED = 10


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "rebuild",
        help="restore a damaged or deleted warehouse from the inbox and the published ledger",
        description="Build a new warehouse from the ledger published in published.duckdb and the inbox "
        "files it names, run the pipeline on it, and swap it in for the damaged one. The published "
        "marts stay readable throughout; the damaged file is kept as warehouse.duckdb.damaged.",
    )
    parser.add_argument("--input", type=Path, help="inbox folder of article files (default: seeds/articles)")
    parser.add_argument(
        "--force", action="store_true", help="rebuild even when the warehouse reads back whole"
    )
    parser.add_argument(
        "--inbox-only",
        action="store_true",
        help="when the published ledger cannot be read, rebuild from the inbox alone (rejected and "
        "duplicate files are accounted again, under this run's id)",
    )
    add_verbose_argument(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    check_input_folder(args.input)
    from prakerja_dq.locking import RunInProgress, exclusive_run
    from prakerja_dq.settings import get_settings

    settings = get_settings()
    try:
        with exclusive_run(settings.lock_path):
            return _rebuild(args, settings)
    except RunInProgress as error:
        raise CommandError(str(error)) from None


def _rebuild(args: argparse.Namespace, settings) -> int:
    from prakerja_dq.commands.run import format_summary
    from prakerja_dq.health import WarehouseDamaged, check_warehouse
    from prakerja_dq.rebuild import (
        published_ledger_problem,
        rebuild_path,
        remove_stale_rebuilds,
        restore_raw,
        swap_in_warehouse,
    )

    warehouse, published = settings.warehouse_path, settings.published_path
    try:
        found = check_warehouse(warehouse, thorough=True)
        if found == "fresh":
            raise CommandError(f"no warehouse was ever built in {settings.home}: run `prakerja run`")
        if found == "unchecked":
            raise CommandError(f"{warehouse} is open in another program, so it cannot be checked: close it")
        if not args.force:
            raise CommandError(
                f"{warehouse} reads back whole: nothing to rebuild (--force rebuilds it anyway)"
            )
        diagnosis = f"{warehouse} reads back whole; rebuilt as asked (--force)"
    except WarehouseDamaged as damage:
        diagnosis = str(damage).split(": run `prakerja rebuild`")[0]
    problem = published_ledger_problem(published)
    if problem and not args.inbox_only:
        raise CommandError(
            f"{problem}: the ledger cannot be restored; `prakerja rebuild --inbox-only` rebuilds from the "
            "inbox alone (rejected and duplicate files are then accounted again)"
        )
    remove_stale_rebuilds(warehouse)
    new = rebuild_path(warehouse, uuid.uuid4().hex[:12])
    try:
        restored = restore_raw(
            new,
            published=None if problem else published,
            max_file_bytes=settings.max_file_mb * 1_000_000,
            batch_size=settings.batch_size,
        )
        summary = _run_pipeline_on(new, args)
        kept = swap_in_warehouse(new, warehouse)
    except BaseException:
        for leftover in (new, Path(f"{new}.wal")):
            leftover.unlink(missing_ok=True)
        raise
    lines = [
        f"rebuilt {warehouse}",
        f"  was                   {diagnosis}",
        f"  ledger restored from  {restored.ledger_source} ({restored.ledger_rows} rows)",
        f"  articles restored     {restored.articles} (read again from their files)",
    ]
    if restored.lost:
        lines.append(f"  LOST                  {len(restored.lost)} accepted files are gone or changed:")
        lines.extend(f"    {path}" for path in restored.lost[:LOST_LISTED])
        if len(restored.lost) > LOST_LISTED:
            lines.append(f"    ... and {len(restored.lost) - LOST_LISTED} more")
    if kept:
        lines.append(f"  damaged file kept as  {kept} (delete it when you no longer need it)")
    print("\n".join(lines))
    print(format_summary(summary))
    return 1 if summary.failures else 0


def _run_pipeline_on(warehouse: Path, args: argparse.Namespace):
    """The pipeline once over the inbox, on the new warehouse file, with the terminal's progress display."""
    from prakerja_dq.commands.run import prefect_session

    with prefect_session(verbose=args.verbose):
        from flows.pipeline import run_pipeline
        from prakerja_dq.progress_terminal import terminal_progress

        with terminal_progress():
            return run_pipeline(input_dir=str(args.input) if args.input else None, warehouse=str(warehouse))
