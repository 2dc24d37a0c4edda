"""``prakerja extract FILE...``: print the figure records found in article files (writes nothing)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prakerja_dq.cli import CommandError
from prakerja_dq.textio import UnreadableArticle

# polars (prakerja_dq.contract) is imported when a command runs, not while the parser is built
if TYPE_CHECKING:
    import polars as pl

_TABLE_COLUMNS = (
    "doc",
    "metric",
    "value",
    "unit",
    "qualifier",
    "wave_from",
    "wave_to",
    "period_year",
    "as_of",
    "rule",
    "evidence",
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="print the figure records found in article files",
        description="Extract Kartu Prakerja figures from article files and print them; nothing is written.",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="article text or HTML files")
    parser.add_argument(
        "--format", choices=("jsonl", "table"), default="jsonl", help="one JSON object per line, or a table"
    )
    parser.set_defaults(handler=run)


def check_readable(paths: list[Path]) -> None:
    """Raise a CommandError naming the first path that is not a readable file."""
    for path in paths:
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        if not path.is_file():
            raise CommandError(f"{path}: not a file")
        try:
            with path.open("rb"):
                pass
        except OSError as error:
            raise CommandError(f"{path}: cannot read ({error.strerror})") from None


def extract_or_fail(paths: list[Path]):
    """Run the extractor on files, turning unreadable input into a CommandError."""
    from prakerja_dq.extraction import extract_files

    check_readable(paths)
    try:
        return extract_files(paths)
    except UnreadableArticle as error:
        raise CommandError(f"cannot read an article: {error}") from None
    except OSError as error:
        raise CommandError(f"{error.filename}: cannot read ({error.strerror})") from None


def to_records(figures: pl.DataFrame) -> list[dict[str, Any]]:
    """Figure rows as plain records in contract field order; whole values printed as integers."""
    from prakerja_dq.contract import FIGURE_RECORD_FIELDS

    records = []
    for row in figures.select(FIGURE_RECORD_FIELDS).iter_rows(named=True):
        value = row["value"]
        if value is not None and float(value).is_integer():
            row["value"] = int(value)
        records.append(row)
    return records


def format_table(records: list[dict[str, Any]]) -> str:
    """Records as an aligned text table (the main columns)."""
    rows = [[("" if r[c] is None else str(r[c])) for c in _TABLE_COLUMNS] for r in records]
    widths = [max([len(c), *(len(row[i]) for row in rows)]) for i, c in enumerate(_TABLE_COLUMNS)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(_TABLE_COLUMNS, widths, strict=True))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(line.rstrip() for line in lines)


def run(args: argparse.Namespace) -> int:
    records = to_records(extract_or_fail(list(args.files)).figures)
    if args.format == "table":
        print(format_table(records))
    else:
        out = sys.stdout
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0
