"""``prakerja bench``: measure extraction and the whole flow at several corpus sizes; write BENCHMARKS.md."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prakerja_dq.cli import CommandError

STAGES = ("baseline", "extract", "flow", "incremental", "seeds")


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "").replace(".", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"sizes must be whole numbers separated by commas, got {text!r}"
        ) from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be at least 1")
    return sizes


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "bench",
        help="benchmark extraction and the whole flow at 10k, 100k and 1M synthetic articles",
        description="Generate a synthetic corpus once (largest size; smaller sizes are prefixes), then "
        "measure, one subprocess each: the per-article baseline extractor on a subset, extraction alone "
        "and the whole flow per size, an incremental run adding 1.000 articles to the largest warehouse, and "
        "`prakerja run` on the seeds (start-up). Writes the table and the machine's description to "
        "BENCHMARKS.md. The full default run takes long (the 1M size writes a million files).",
    )
    parser.add_argument(
        "--sizes", type=_sizes, help="comma-separated corpus sizes (default 10000,100000,1000000)"
    )
    parser.add_argument("--articles", type=int, metavar="N", help="a single size (same as --sizes N)")
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: 200 articles unless --sizes; no seeds run"
    )
    parser.add_argument(
        "--stages",
        default=",".join(STAGES),
        help=f"comma-separated subset of {','.join(STAGES)} (default: all)",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("BENCHMARKS.md"), help="report file (default BENCHMARKS.md)"
    )
    parser.add_argument(
        "--workdir", type=Path, help="folder for the temporary corpus (default: tmpfs if it fits)"
    )
    parser.add_argument(
        "--baseline-max",
        type=int,
        default=20_000,
        help="articles for the baseline (default 20000, at most the smallest size)",
    )
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary corpus and workspaces")
    parser.add_argument(
        "--flow-timeout",
        type=float,
        default=3600,
        help="seconds before a flow run is stopped and recorded as failed (default 3600)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from prakerja_dq.bench import DEFAULT_SIZES, QUICK_SIZES, run_benchmarks, write_report

    stages = {stage.strip() for stage in args.stages.split(",") if stage.strip()}
    unknown = stages - set(STAGES)
    if unknown:
        raise CommandError(f"unknown stage(s) {', '.join(sorted(unknown))}: choose from {', '.join(STAGES)}")
    if args.articles is not None and args.articles < 1:
        raise CommandError("--articles must be at least 1")
    sizes = args.sizes or ([args.articles] if args.articles else None)
    if args.quick:
        sizes = sizes or list(QUICK_SIZES)
        stages.discard("seeds")
    sizes = sizes or list(DEFAULT_SIZES)
    if args.baseline_max < 1:
        raise CommandError("--baseline-max must be at least 1")
    if not args.out.parent.exists():
        raise CommandError(f"folder {args.out.parent} does not exist")
    try:
        report = run_benchmarks(
            sizes,
            workdir=args.workdir,
            seed=args.seed,
            baseline_max=args.baseline_max,
            stages=stages,
            keep=args.keep,
            flow_timeout=args.flow_timeout,
            on_row=lambda partial: write_report(partial, args.out),
            log=lambda message: print(message, file=sys.stderr, flush=True),
        )
    except RuntimeError as error:
        raise CommandError(str(error)) from None
    write_report(report, args.out)
    print(f"wrote {args.out} ({len(report.rows)} rows)")
    return 0
