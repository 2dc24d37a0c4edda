"""``prakerja eval``: score the extractor against gold figure records."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

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
        "--distinct",
        action="store_true",
        help="for gold that lists each distinct figure once per article (the dev set): keep the first "
        "prediction per doc, metric and value",
    )
    parser.add_argument(
        "--vocab",
        type=Path,
        metavar="CSV",
        help="score only gold lines whose metric is in this vocabulary (a CSV with a `metric` column)",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="report for people or machines"
    )
    parser.set_defaults(handler=run)


def _article_paths(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise CommandError(f"{folder}: not a folder of articles")
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        raise CommandError(f"{folder}: no *.txt articles in this folder")
    return paths


def _read_gold(args: argparse.Namespace) -> tuple[list[dict[str, Any]], set[str] | None]:
    from prakerja_dq.extraction.evaluate import read_records, read_vocabulary

    if not args.gold.is_file():
        raise CommandError(f"{args.gold}: no such gold file (expected JSON lines of figure records)")
    if args.vocab is not None and not args.vocab.is_file():
        raise CommandError(f"{args.vocab}: no such vocabulary file (expected a CSV with a `metric` column)")
    try:
        gold = read_records(args.gold)
        vocabulary = read_vocabulary(args.vocab) if args.vocab is not None else None
    except (ValueError, OSError) as error:
        raise CommandError(str(error)) from None
    return gold, vocabulary


def score_figures(args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    """The figure score of the extractor on the articles, and its text report."""
    # imported here, not while the parser is built: prakerja_dq.extraction imports polars
    from prakerja_dq.commands.extract import extract_or_fail, to_records
    from prakerja_dq.extraction.evaluate import format_score, score_records

    gold, vocabulary = _read_gold(args)
    predicted = to_records(extract_or_fail(_article_paths(args.articles)).figures)
    result = score_records(gold, predicted, distinct=args.distinct, vocabulary=vocabulary)
    return result, format_score(result)


def run(args: argparse.Namespace) -> int:
    result, report = score_figures(args)
    print(json.dumps(result, ensure_ascii=False) if args.format == "json" else report)
    return 0
