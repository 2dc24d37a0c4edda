"""``prakerja synth``: write a synthetic corpus of realistic articles and the truth it plants."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from prakerja_dq.cli import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "synth",
        help="write N synthetic articles with their truth and planted defects (for evals and benchmarks)",
        description="Write N realistic synthetic Kartu Prakerja news articles under OUT/articles/ "
        "(subfolders of --per-folder files), the figures they plant in OUT/truth.jsonl (figure record "
        "format, with exact offsets), their date mentions in OUT/truth_dates.jsonl, the defects they plant "
        "in OUT/defects.jsonl (kind, and the figures or text involved; every other figure agrees with one "
        "true programme timeline) and OUT/manifest.json. The same --seed always gives byte-identical "
        "output. Run the pipeline on it with `prakerja run --input OUT/articles`, then score its findings "
        "with `prakerja eval --findings OUT`.",
    )
    parser.add_argument("--articles", type=int, required=True, metavar="N", help="number of articles")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    parser.add_argument("--start", type=int, default=0, help="index of the first article (default 0)")
    parser.add_argument("--per-folder", type=int, default=1000, help="articles per subfolder (default 1000)")
    parser.add_argument(
        "--flat", action="store_true", help="write every article into OUT/articles/ itself (no subfolders)"
    )
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--append", action="store_true", help="add to an existing corpus's truth files")
    parser.add_argument("--no-truth", action="store_true", help="write only the articles")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from prakerja_dq.synth.corpus import stats_dict, terminal_progress, write_corpus

    if args.articles < 0:
        raise CommandError("--articles must be 0 or more")
    if args.per_folder < 1:
        raise CommandError("--per-folder must be at least 1")
    if args.workers is not None and args.workers < 1:
        raise CommandError("--workers must be at least 1")
    if args.start < 0 or args.seed < 0:
        raise CommandError("--start and --seed must be 0 or more")
    if args.out.exists() and not args.out.is_dir():
        raise CommandError(f"{args.out} exists and is not a folder")
    if not args.append and (args.out / "articles").exists() and any((args.out / "articles").iterdir()):
        raise CommandError(f"{args.out}/articles is not empty: choose a new --out, or pass --append")
    try:
        stats = write_corpus(
            args.out,
            articles=args.articles,
            seed=args.seed,
            start=args.start,
            per_folder=args.per_folder,
            flat=args.flat,
            workers=args.workers,
            append=args.append,
            truth=not args.no_truth,
            progress=terminal_progress(),
        )
    except OSError as error:
        raise CommandError(f"cannot write the corpus: {error}") from None
    print(json.dumps(stats_dict(stats) | {"out": str(args.out)}, indent=2))
    return 0
