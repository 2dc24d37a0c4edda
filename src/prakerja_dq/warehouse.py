"""The DuckDB warehouse: connections, layer schemas and the SQL model runner.

Models live in ``sql/<schema>/<table>.sql``. Files under ``sql/raw``, ``sql/validation`` and
``sql/quarantine`` create the tables that stages append to (``create table if not exists``); files under
``sql/staging``, ``sql/intermediate`` and ``sql/marts`` are ``select`` queries materialised as
``create or replace table <schema>.<table> as ...`` in dependency order.
"""

from __future__ import annotations

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
ADDED_COLUMNS: tuple[tuple[str, str, str], ...] = (("raw.figure_mentions", "rule", "varchar"),)


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
) -> list[str]:
    """Materialise every model of the given layers as a table; returns the relations built, in order."""
    ensure_schemas(con)
    built = []
    models = order_models(read_models(layers, sql_dir=sql_dir))
    stage_steps(len(models), unit="models")
    for model in models:
        con.execute(f"create or replace table {model.relation} as\n{model.sql}")
        built.append(model.relation)
        step_done()
    return built


def table_counts(con: duckdb.DuckDBPyConnection, schema: str) -> dict[str, int]:
    """Row count of every table in a schema."""
    tables = con.execute(
        "select table_name from information_schema.tables where table_schema = ? order by table_name",
        [schema],
    ).fetchall()
    return {name: con.execute(f'select count(*) from {schema}."{name}"').fetchone()[0] for (name,) in tables}
