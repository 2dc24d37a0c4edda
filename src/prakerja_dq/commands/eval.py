"""``prakerja eval``: score the extractor against gold figure records, or findings against planted defects."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from prakerja_dq.cli import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="score the extractor against gold figures (or, with --findings, findings against defects)",
        description=(
            "Run the extractor over DIR/*.txt and score it against a gold JSON-lines file: a prediction "
            "matches when doc, metric and value agree (each gold line used once); only docs in gold count. "
            "With --findings CORPUS, score instead the findings of a workspace (PRAKERJA_HOME or --home) "
            "that ran on a `prakerja synth` corpus against the defects it planted (CORPUS/defects.jsonl): "
            "a defect is found when a finding of its kind names its figures (or its article); precision is "
            "the share of findings that match a planted defect."
        ),
    )
    parser.add_argument("--gold", type=Path, metavar="FILE", help="gold figure records (jsonl)")
    parser.add_argument("--articles", type=Path, metavar="DIR", help="folder of *.txt articles")
    parser.add_argument(
        "--findings",
        type=Path,
        metavar="CORPUS",
        help="score the workspace's findings against CORPUS/defects.jsonl (a `prakerja synth` folder)",
    )
    parser.add_argument(
        "--home", type=Path, metavar="DIR", help="workspace for --findings (default: PRAKERJA_HOME)"
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
    if args.findings is not None:
        return run_findings(args)
    if args.gold is None or args.articles is None:
        raise CommandError("give --gold FILE and --articles DIR (or --findings CORPUS to score findings)")
    result, report = score_figures(args)
    print(json.dumps(result, ensure_ascii=False) if args.format == "json" else report)
    return 0


def run_findings(args: argparse.Namespace) -> int:
    """``--findings CORPUS``: the workspace's findings against the corpus's planted defects."""
    import duckdb

    from prakerja_dq.settings import PUBLISHED_FILE_NAME, WAREHOUSE_FILE_NAME, get_settings
    from prakerja_dq.synth.corpus import DEFECTS_FILE
    from prakerja_dq.synth.findings_score import (
        format_findings_score,
        read_defects,
        read_workspace,
        score_findings,
    )

    if args.gold is not None or args.articles is not None:
        raise CommandError("--findings scores a workspace: it takes no --gold or --articles")
    defects_path = args.findings / DEFECTS_FILE
    if not defects_path.is_file():
        raise CommandError(f"{defects_path}: no planted defects (write the corpus with `prakerja synth`)")
    home = args.home.expanduser().resolve() if args.home else get_settings().home
    published = home / PUBLISHED_FILE_NAME
    if not published.is_file():
        raise CommandError(
            f"no published marts at {published}: run `prakerja run --input CORPUS/articles` first"
        )
    try:
        defects = read_defects(defects_path)
        workspace = read_workspace(published, home / WAREHOUSE_FILE_NAME)
    except ValueError as error:
        raise CommandError(str(error)) from None
    except duckdb.IOException as error:
        raise CommandError(
            f"cannot read the workspace (is a run writing it? retry when it ends): {error}"
        ) from None
    except duckdb.Error as error:
        raise CommandError(f"{published}: not the published marts this command reads: {error}") from None
    score = score_findings(
        defects,
        workspace.findings,
        articles=len(workspace.docs),
        kind_source=workspace.kind_source,
        docs=workspace.docs,
    )
    if args.format == "json":
        print(json.dumps(score.to_dict() | {"unresolved_figure_ids": workspace.unresolved_figures}))
    else:
        print(format_findings_score(score))
        if workspace.unresolved_figures:
            print(f"\n{workspace.unresolved_figures:,} figure ids named by findings are in no figure table")
    return 0
