"""``prakerja eval``: score the extractor against gold figure records."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from prakerja_dq.cli import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="score the extractor against gold figure records",
        description=(
            "Run the extractor over DIR/*.txt and score it against a gold JSON-lines file: a prediction "
            "matches when doc, metric and value agree (each gold line used once); only docs in gold count."
        ),
    )
    parser.add_argument(
        "--gold", required=True, type=Path, metavar="FILE", help="gold figure records (jsonl)"
    )
    parser.add_argument(
        "--articles", required=True, type=Path, metavar="DIR", help="folder of *.txt articles"
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="report for people or machines"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # imported here, not while the parser is built: prakerja_dq.extraction imports polars
    from prakerja_dq.commands.extract import extract_or_fail, to_records
    from prakerja_dq.extraction.evaluate import format_score, read_records, score_records

    if not args.gold.is_file():
        raise CommandError(f"{args.gold}: no such gold file (expected JSON lines of figure records)")
    if not args.articles.is_dir():
        raise CommandError(f"{args.articles}: not a folder of articles")
    paths = sorted(args.articles.glob("*.txt"))
    if not paths:
        raise CommandError(f"{args.articles}: no *.txt articles in this folder")
    try:
        gold = read_records(args.gold)
    except (ValueError, OSError) as error:
        raise CommandError(str(error)) from None
    result = score_records(gold, to_records(extract_or_fail(paths).figures))
    print(json.dumps(result, ensure_ascii=False) if args.format == "json" else format_score(result))
    return 0
