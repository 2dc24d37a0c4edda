"""``prakerja sql``: query the published marts, read-only, while the pipeline may be writing."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from prakerja_dq.cli import CommandError
from prakerja_dq.settings import get_settings

if TYPE_CHECKING:  # duckdb is imported when the command runs, not while the parser is built
    import duckdb

TABLE_ROW_LIMIT = 200


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sql",
        help="run a read-only SQL query against the published marts",
        description="Query the published marts file read-only (tables marts.figures, marts.findings, "
        "marts.ingest_ledger, ...). Works while a pipeline run is in progress.",
    )
    parser.add_argument("query", help='SQL, e.g. "select metric, count(*) from marts.figures group by 1"')
    parser.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="table (default), csv (list and struct columns as JSON text) or json",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    import duckdb

    published = get_settings().published_path
    if not published.exists():
        raise CommandError(f"no published marts at {published} yet: run `prakerja run` first")
    # Read-only, and no file system access: a query can read the marts, not other files.
    con = duckdb.connect(str(published), read_only=True, config={"enable_external_access": False})
    try:
        relation = con.sql(args.query)
        if relation is None:
            return 0
        if args.format == "csv":
            relation = nested_as_json(relation)
        frame = relation.pl()
    except duckdb.Error as error:
        raise CommandError(describe_error(error)) from None
    finally:
        con.close()
    if args.format == "csv":
        sys.stdout.write(frame.write_csv())  # through Python's stdout: a closed pipe is a BrokenPipeError
    elif args.format == "json":
        import polars.selectors as cs

        print(frame.with_columns(cs.decimal().cast(float)).write_json())
    else:
        import polars as pl

        with pl.Config(tbl_rows=TABLE_ROW_LIMIT, tbl_cols=-1, fmt_str_lengths=80, tbl_width_chars=200):
            print(frame)
    return 0


NESTED_TYPES = frozenset({"list", "array", "struct", "map", "union"})


def nested_as_json(relation: duckdb.DuckDBPyRelation) -> duckdb.DuckDBPyRelation:
    """The relation with its list, struct and map columns as JSON text (CSV cells hold no nested values)."""
    types = [column_type.id for column_type in relation.types]
    if not NESTED_TYPES.intersection(types):
        return relation
    columns = []
    for name, type_id in zip(relation.columns, types, strict=True):
        quoted = '"' + name.replace('"', '""') + '"'
        columns.append(f"to_json({quoted})::varchar as {quoted}" if type_id in NESTED_TYPES else quoted)
    return relation.project(", ".join(columns))


def describe_error(error: duckdb.Error) -> str:
    """One line a user can act on."""
    message = str(error).splitlines()[0]
    if "read-only" in message or "read only" in message:
        return f"the published marts are read-only; queries may only read ({message})"
    return message
