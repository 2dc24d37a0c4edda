"""``prakerja bench``: measure issue 13's targets (extraction against the naive loop, full runs, reruns and
added articles at 100k and 1M articles) as ratios within one run; write them into BENCHMARKS.md."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prakerja_dq.cli import CommandError

STAGES = ("extract", "run", "seeds")


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
        help="benchmark extraction against the naive loop, and full runs, reruns and added articles",
        description="Generate a synthetic corpus once (largest size; smaller sizes are prefixes) on real "
        "disk, then measure in fresh processes: extraction (whole process) against the naive per-article "
        "regex loop on the same files (ratio); per size `prakerja run` on a fresh workspace, again over the "
        "unchanged inbox and with 1.000 articles added (wall time, peak RSS, ratio to the full run); and "
        "`prakerja run` on the seeds. Compares the results with issue 13's targets and writes them into "
        "BENCHMARKS.md (its generated section only). The default sizes (100000,1000000) take hours; "
        "--quick measures extraction on 2000 articles in well under a minute.",
    )
    parser.add_argument("--sizes", type=_sizes, help="comma-separated corpus sizes (default 100000,1000000)")
    parser.add_argument("--articles", type=int, metavar="N", help="a single size (same as --sizes N)")
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: 2000 articles unless --sizes, extraction only"
    )
    parser.add_argument(
        "--stages",
        help=f"comma-separated subset of {','.join(STAGES)} (default: all; with --quick: extract)",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("BENCHMARKS.md"), help="report file (default BENCHMARKS.md)"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        help="parent folder for the corpus and workspaces (default: PRAKERJA_HOME/bench)",
    )
    parser.add_argument("--repeat", type=int, help="runs of each extraction process, best kept (default 2)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and workspaces")
    parser.add_argument(
        "--flow-timeout",
        type=float,
        default=7200,
        help="seconds before a `prakerja run` is stopped (default 7200)",
    )
    parser.set_defaults(handler=handle)


def _stages(args: argparse.Namespace) -> set[str]:
    default = "extract" if args.quick else ",".join(STAGES)
    stages = {stage.strip() for stage in (args.stages or default).split(",") if stage.strip()}
    unknown = stages - set(STAGES)
    if unknown:
        raise CommandError(f"unknown stage(s) {', '.join(sorted(unknown))}: choose from {', '.join(STAGES)}")
    return stages


def handle(args: argparse.Namespace) -> int:
    from prakerja_dq.bench import DEFAULT_SIZES, QUICK_SIZES, run_benchmarks, write_report

    stages = _stages(args)
    if args.articles is not None and args.articles < 1:
        raise CommandError("--articles must be at least 1")
    if args.repeat is not None and args.repeat < 1:
        raise CommandError("--repeat must be at least 1")
    sizes = args.sizes or ([args.articles] if args.articles else None)
    sizes = sizes or list(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    if not args.out.parent.exists():
        raise CommandError(f"folder {args.out.parent} does not exist")
    try:
        report = run_benchmarks(
            sizes,
            workdir=args.workdir,
            seed=args.seed,
            stages=stages,
            repeat=args.repeat or (1 if args.quick else 2),
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
