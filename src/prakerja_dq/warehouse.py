"""The DuckDB warehouse: connections, layer schemas and the SQL model runner.

Models live in ``sql/<schema>/<table>.sql``. Files under ``sql/raw``, ``sql/validation`` and
``sql/quarantine`` create the tables that stages append to (``create table if not exists``); files under
``sql/staging``, ``sql/intermediate`` and ``sql/marts`` are ``select`` queries materialised as
``create or replace table <schema>.<table> as ...`` in dependency order.

A model whose SQL has a line ``-- incremental by article_id`` is per-article: each of its rows depends on
one article's raw rows only. Given the last run that built it (``since_run_id``), such a model is extended,
not rebuilt: the rows of the articles that raw rows landed since then touch are deleted and selected again
by the same SQL, filtered to those articles. The result equals a full build (tests/flows/test_incremental.py
builds a warehouse in steps and compares every mart with one built at once).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

from prakerja_dq.health import check_missing, damage_from
from prakerja_dq.progress import stage_steps, step_done
from prakerja_dq.settings import SQL_DIR, get_settings

SCHEMAS: tuple[str, ...] = ("raw", "staging", "intermediate", "marts", "quarantine", "validation")
TABLE_LAYERS: tuple[str, ...] = ("raw", "validation", "quarantine")
MODEL_LAYERS: tuple[str, ...] = ("staging", "intermediate", "marts")

_INCREMENTAL = re.compile(r"^-- incremental by ([a-z_]+)\b", re.MULTILINE)
_REFERENCE = re.compile(r"\b(raw|staging|intermediate|marts|quarantine|validation)\.([a-z_][a-z0-9_]*)\b")


@dataclass(frozen=True)
class SqlModel:
    """One relation defined by one SQL file."""

    schema: str
    name: str
    path: Path

    @property
    def relation(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def incremental_key(self) -> str | None:
        """The key of a per-article model (``-- incremental by article_id``), else None."""
        match = _INCREMENTAL.search(self.sql)
        return match.group(1) if match else None

    def references(self) -> set[str]:
        """Relations this model reads, from ``schema.table`` names in its SQL (comments included)."""
        return {f"{schema}.{table}" for schema, table in _REFERENCE.findall(self.sql)} - {self.relation}


def read_models(layers: Iterable[str], *, sql_dir: Path = SQL_DIR) -> list[SqlModel]:
    """Every model file of the given layers, sorted by name."""
    return [
        SqlModel(schema=layer, name=path.stem, path=path)
        for layer in layers
        for path in sorted((sql_dir / layer).glob("*.sql"))
    ]


def order_models(models: list[SqlModel]) -> list[SqlModel]:
    """Models in an order where each comes after the models it reads."""
    by_relation = {model.relation: model for model in models}
    graph = {model.relation: {ref for ref in model.references() if ref in by_relation} for model in models}
    return [by_relation[relation] for relation in TopologicalSorter(graph).static_order()]


def connect(path: Path | str, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB file; writers create the parent folder and the layer schemas, and are memory-capped.

    The cap (PRAKERJA_DUCKDB_MEMORY_LIMIT) keeps the models' joins and windows from growing with the corpus:
    past it DuckDB spills to ``<warehouse>.tmp`` beside the file. A damaged or deleted warehouse raises
    ``WarehouseDamaged`` (one line naming the fix), not DuckDB's error, and is never replaced by a new one.
    """
    check_missing(Path(path))
    if read_only:
        con = _open(path, read_only=True)
        con.execute("set enable_progress_bar = false")
        return con
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = _open(path, read_only=False)
    con.execute("set enable_progress_bar = false")
    con.execute("set memory_limit = ?", [get_settings().duckdb_memory_limit])
    ensure_schemas(con)
    return con


# Ingest and extract only append and stream, which needs little of DuckDB's memory; but DuckDB keeps the
# blocks it writes cached up to its cap, so under the full cap its share would grow with the corpus until it
# reached the cap, on top of the batches being extracted. Those stages run under this lower cap.
STREAMING_MEMORY_LIMIT = "384MB"
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?)b?\s*$", re.IGNORECASE)


def size_in_bytes(size: str) -> int | None:
    """A DuckDB memory size (``1GB``, ``512 MiB``, ``100kb``) in bytes; None if it is not one.

    >>> size_in_bytes("1GB"), size_in_bytes("384MB"), size_in_bytes("2 GiB"), size_in_bytes("lots")
    (1000000000, 384000000, 2147483648, None)
    """
    match = _SIZE.match(size)
    if not match:
        return None
    number, prefix, binary = match.groups()
    base = 1024 if binary else 1000
    return int(float(number) * base ** " kmgt".index(prefix.lower() or " "))


@contextmanager
def streaming_memory(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Run the block under ``STREAMING_MEMORY_LIMIT`` (or the configured cap if lower); then the cap again."""
    configured = get_settings().duckdb_memory_limit
    configured_bytes = size_in_bytes(configured)
    lower = configured_bytes is None or configured_bytes > size_in_bytes(STREAMING_MEMORY_LIMIT)
    if lower:
        con.execute("set memory_limit = ?", [STREAMING_MEMORY_LIMIT])
    try:
        yield
    finally:
        if lower:
            with contextlib.suppress(duckdb.Error):  # never hide the error that ended the block
                con.execute("set memory_limit = ?", [configured])


def _open(path: Path | str, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as error:
        if damaged := damage_from(error, Path(path)):
            raise damaged from None
        raise


@contextmanager
def open_warehouse(path: Path | str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A writer connection with every base table created, closed (and checkpointed) on exit."""
    con = connect(path)
    try:
        create_base_tables(con)
        yield con
    finally:
        con.close()


def ensure_schemas(con: duckdb.DuckDBPyConnection) -> None:
    for schema in SCHEMAS:
        con.execute(f"create schema if not exists {schema}")


# columns added to a base table after warehouses were made with it: (table, column, type); each is also the
# table's last column in its sql/ file, so old and new warehouses end up with the same layout
ADDED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("raw.figure_mentions", "rule", "varchar"),
    ("validation.findings", "kind", "varchar"),
    ("validation.findings", "claim_id", "varchar"),
)


def create_base_tables(con: duckdb.DuckDBPyConnection, *, sql_dir: Path = SQL_DIR) -> None:
    """Create the tables that stages append to, if they do not exist yet, and add columns they lack."""
    ensure_schemas(con)
    for model in order_models(read_models(TABLE_LAYERS, sql_dir=sql_dir)):
        con.execute(model.sql)
    for table, column, sql_type in ADDED_COLUMNS:
        con.execute(f"alter table {table} add column if not exists {column} {sql_type}")


def build_models(
    con: duckdb.DuckDBPyConnection,
    layers: Iterable[str] = MODEL_LAYERS,
    *,
    sql_dir: Path = SQL_DIR,
    since_run_id: str | None = None,
) -> list[str]:
    """Materialise every model of the given layers as a table; returns the relations built, in order.

    With ``since_run_id``, per-article models that exist already are extended with the articles touched
    since that run (see the module's doc) instead of being rebuilt.
    """
    ensure_schemas(con)
    built = []
    touched = False
    models = order_models(read_models(layers, sql_dir=sql_dir))
    stage_steps(len(models), unit="models")
    for model in models:
        key = model.incremental_key
        if since_run_id is not None and key == "article_id" and _exists(con, model.relation):
            if not touched:
                con.execute(TOUCHED_ARTICLES_SQL, {"since": since_run_id})
                touched = True
            _extend(con, model, key)
        else:
            con.execute(f"create or replace table {model.relation} as\n{model.sql}")
        built.append(model.relation)
        step_done()
    if touched:
        con.execute("drop table if exists touched_articles")
    return built


# articles with raw rows landed after a run: new articles, and older ones extracted since (a failed batch)
TOUCHED_ARTICLES_SQL = """
    create or replace temp table touched_articles as
    select article_id from raw.articles where run_id > $since
    union select article_id from raw.article_meta where run_id > $since
    union select article_id from raw.figure_mentions where run_id > $since
    union select article_id from raw.date_mentions where run_id > $since
"""


def _extend(con: duckdb.DuckDBPyConnection, model: SqlModel, key: str) -> None:
    """Replace the touched articles' rows by what the model's SQL selects for them, in one transaction."""
    con.execute("begin transaction")
    try:
        con.execute(f"delete from {model.relation} where {key} in (select article_id from touched_articles)")
        con.execute(
            f"insert into {model.relation} by name\nselect * from (\n{model.sql}\n) as model\n"
            f"where model.{key} in (select article_id from touched_articles)"
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def _exists(con: duckdb.DuckDBPyConnection, relation: str) -> bool:
    schema, name = relation.split(".")
    return bool(
        con.execute(
            "select count(*) from duckdb_tables() where schema_name = ? and table_name = ? "
            "and database_name = current_database()",
            [schema, name],
        ).fetchone()[0]
    )


def table_counts(con: duckdb.DuckDBPyConnection, schema: str) -> dict[str, int]:
    """Row count of every table in a schema."""
    tables = con.execute(
        "select table_name from information_schema.tables where table_schema = ? order by table_name",
        [schema],
    ).fetchall()
    return {name: con.execute(f'select count(*) from {schema}."{name}"').fetchone()[0] for (name,) in tables}
