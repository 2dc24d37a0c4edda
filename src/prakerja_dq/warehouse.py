"""The DuckDB warehouse: connections, layer schemas and the SQL model runner.

Models live in ``sql/<schema>/<table>.sql``. Files under ``sql/raw``, ``sql/validation`` and
``sql/quarantine`` create the tables that stages append to (``create table if not exists``); files under
``sql/staging``, ``sql/intermediate`` and ``sql/marts`` are ``select`` queries materialised as
``create or replace table <schema>.<table> as ...`` in dependency order.

A model whose SQL has a line ``-- incremental by KEY[, KEY]`` is partitioned by those keys: ``article_id``
(the article a row belongs to) and ``claim_id`` (the claim a row reports on, see
intermediate.claim_reports). Given the last run that built it (``since_run_id``), such a model is extended,
not rebuilt: the rows whose key is touched are deleted and selected again by the same SQL, and every other
row is kept. Touched articles are those raw rows landed in since that run; touched claims are the claims
the touched articles' figures fall in, read (before the claim models are extended) from every model that
has both keys: after their extension for the new figures, before it for the claims a figure might have
left. To select only the touched rows cheaply, every relation the model reads that has a key column is
read as the touched rows only (a semi join at its scan); relations without one (reference tables) are read
whole; the model's output is filtered to the touched keys too.

That is exact when each row of the model depends only on rows of the relations it reads that share one of
its key values, or on reference tables; and when every model it reads is such a model, a raw table or a
reference table (so rows with untouched keys are the same as in the last run). tests/flows/test_incremental.py
builds a warehouse in steps and compares every intermediate table and mart with one built at once; each SQL
file marked incremental says in its opening comment why its rows meet that.

The same property bounds a full build: a model partitioned by one key with a line ``-- built in buckets``
is built in hash buckets of that key when its keyed inputs are large for the memory cap (``bucket_count``),
each bucket reading at the scan the rows whose key hashes to it, so its joins and aggregates hold 1/K of
the data. Rows of one key value (NULL included) all fall in one bucket, so the union of the buckets is the
table built at once. An extension selects its touched keys in buckets too when they hold many rows (new
articles land in the busy claims). (Models whose work streams gain nothing from it: each bucket scans the
inputs again.)
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Protocol

import duckdb
import psutil

from prakerja_dq.health import check_missing, damage_from
from prakerja_dq.progress import stage_steps, step_done
from prakerja_dq.settings import SQL_DIR, get_settings

SCHEMAS: tuple[str, ...] = ("raw", "staging", "intermediate", "marts", "quarantine", "validation")
TABLE_LAYERS: tuple[str, ...] = ("raw", "validation", "quarantine")
MODEL_LAYERS: tuple[str, ...] = ("staging", "intermediate", "marts")

_INCREMENTAL = re.compile(r"^-- incremental by ([a-z_]+(?:, [a-z_]+)*)\b", re.MULTILINE)
_BUCKETED = re.compile(r"^-- built in buckets\b", re.MULTILINE)
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
    def incremental_keys(self) -> tuple[str, ...]:
        """The keys of a partitioned model (``-- incremental by article_id, claim_id``), else ()."""
        match = _INCREMENTAL.search(self.sql)
        return tuple(match.group(1).split(", ")) if match else ()

    @property
    def bucketed(self) -> bool:
        """Whether a full build may run in hash buckets of its one key (``-- built in buckets``)."""
        return len(self.incremental_keys) == 1 and bool(_BUCKETED.search(self.sql))

    def references(self) -> set[str]:
        """Relations this model reads, from ``schema.table`` names in its SQL (comments included)."""
        return {f"{schema}.{table}" for schema, table in _REFERENCE.findall(self.sql)} - {self.relation}

    def reads(self) -> set[str]:
        """Relations this model's SQL reads (comments left out)."""
        code = "\n".join(line.partition("--")[0] for line in self.sql.splitlines())
        return {f"{schema}.{table}" for schema, table in _REFERENCE.findall(code)} - {self.relation}


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

    The cap (``memory_limit``) keeps the models' joins and windows from growing with the corpus: past it
    DuckDB spills to ``<warehouse>.tmp`` beside the file. A damaged or deleted warehouse raises
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
    con.execute("set memory_limit = ?", [memory_limit()])
    ensure_schemas(con)
    return con


# Of the memory budget, the share kept for what DuckDB allocates beside its buffer pool (its cap counts only
# the pool) and for Python's own growth while a connection works; and the least cap DuckDB is given.
BUDGET_HEADROOM = 0.15
LEAST_MEMORY_LIMIT = 256 * 2**20


def memory_limit() -> str:
    """DuckDB's cap for a writer connection opened now: ``PRAKERJA_DUCKDB_MEMORY_LIMIT``, lowered where what
    the process already holds plus the cap would pass ``PRAKERJA_MEMORY_BUDGET`` (``budgeted_limit``)."""
    settings = get_settings()
    configured = size_in_bytes(settings.duckdb_memory_limit)
    budget = size_in_bytes(settings.memory_budget)
    if configured is None or budget is None:
        return settings.duckdb_memory_limit
    resident = psutil.Process().memory_info().rss
    return f"{budgeted_limit(configured, budget, resident) // 2**20}MiB"


def budgeted_limit(configured: int, budget: int, resident: int) -> int:
    """The cap in bytes: ``configured``, or what ``budget`` leaves beside ``resident`` bytes and the headroom
    if that is less, but never under ``LEAST_MEMORY_LIMIT`` (nor over ``configured``).

    After extracting 1.000.000 articles the process holds 1.1-1.5 GB it does not give back (allocators):
    a 1 GB cap on top of that passed 2 GiB in the model stage.

    >>> GIB = 2**30
    >>> budgeted_limit(GIB, 2 * GIB, 200 * 2**20) == GIB  # a small process keeps the configured cap
    True
    >>> round(budgeted_limit(GIB, 2 * GIB, 1200 * 2**20) / 2**20)  # 2048 - 1200 - 15% of 2048
    541
    >>> budgeted_limit(GIB, 2 * GIB, 2 * GIB) == LEAST_MEMORY_LIMIT
    True
    """
    left = int(budget * (1 - BUDGET_HEADROOM)) - resident
    return min(configured, max(LEAST_MEMORY_LIMIT, left))


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
    """Run the block under ``STREAMING_MEMORY_LIMIT`` (or the connection's cap if lower); then the cap again
    (``memory_limit`` at the block's end)."""
    configured_bytes = size_in_bytes(con.execute("select current_setting('memory_limit')").fetchone()[0])
    lower = configured_bytes is None or configured_bytes > size_in_bytes(STREAMING_MEMORY_LIMIT)
    if lower:
        con.execute("set memory_limit = ?", [STREAMING_MEMORY_LIMIT])
    try:
        yield
    finally:
        if lower:
            with contextlib.suppress(duckdb.Error):  # never hide the error that ended the block
                con.execute("set memory_limit = ?", [memory_limit()])


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

    With ``since_run_id``, partitioned models that exist already are extended with the rows of the keys
    touched since that run (see the module's doc) instead of being rebuilt.
    """
    ensure_schemas(con)
    built = []
    models = order_models(read_models(layers, sql_dir=sql_dir))
    touched = Touched(con, since_run_id, models)
    stage_steps(len(models), unit="models")
    try:
        for model in models:
            if since_run_id is not None and model.incremental_keys and _exists(con, model.relation):
                _extend(con, model, touched)
            elif (buckets := bucket_count(con, model)) > 1:
                build_in_buckets(con, model, buckets)
            else:
                con.execute(f"create or replace table {model.relation} as\n{model.sql}")
            built.append(model.relation)
            step_done()
    finally:
        touched.drop()
    return built


# articles with raw rows landed after a run: new articles, and older ones extracted since (a failed batch)
TOUCHED_ARTICLES_SQL = """
    create or replace temp table touched_articles as
    select article_id from raw.articles where run_id > $since
    union select article_id from raw.article_meta where run_id > $since
    union select article_id from raw.figure_mentions where run_id > $since
    union select article_id from raw.date_mentions where run_id > $since
"""

# the temp table of each key's touched values (one column named as the key)
TOUCHED_TABLES: dict[str, str] = {"article_id": "touched_articles", "claim_id": "touched_claims"}


class KeyFilter(Protocol):
    """Which values of a key a model reads: the touched ones, or one hash bucket of them all."""

    def condition(self, key: str, expression: str) -> str:
        """A predicate true when ``expression`` (a value of ``key``) is selected."""
        ...


class Touched:
    """The touched values of each key, as temp tables made when a model first needs them."""

    def __init__(self, con: duckdb.DuckDBPyConnection, since_run_id: str | None, models: list[SqlModel]):
        self.con = con
        self.since_run_id = since_run_id
        self.models = models
        self.made: set[str] = set()

    def table(self, key: str) -> str:
        """The temp table of the touched values of ``key``, made on first use."""
        if key not in TOUCHED_TABLES:
            raise ValueError(f"models cannot be incremental by {key!r}: keys are {sorted(TOUCHED_TABLES)}")
        if key not in self.made:
            if key == "article_id":
                self.con.execute(TOUCHED_ARTICLES_SQL, {"since": self.since_run_id})
            else:
                self._touched_by_articles(key)
            self.made.add(key)
        return TOUCHED_TABLES[key]

    def condition(self, key: str, expression: str) -> str:
        return f"{expression} in (select {key} from {self.table(key)})"

    def _touched_by_articles(self, key: str) -> None:
        """The values of ``key`` that the touched articles' rows hold in every model with both columns.

        Made before the first model partitioned by ``key`` is extended: the models upstream of it are
        extended already (the values the articles' rows hold now), those downstream not yet (the values
        they held, which a changed row may have left).
        """
        articles = self.table("article_id")
        sources = [
            model.relation
            for model in self.models
            if _exists(self.con, model.relation)
            and {"article_id", key} <= set(columns(self.con, model.relation))
        ]
        selects = [
            f"select {key} from {relation} where {key} is not null "
            f"and article_id in (select article_id from {articles})"
            for relation in sources
        ] or [f"select cast(null as varchar) as {key} where false"]
        self.con.execute(
            f"create or replace temp table {TOUCHED_TABLES[key]} as\n" + "\nunion\n".join(selects)
        )

    def drop(self) -> None:
        for key in self.made:
            self.con.execute(f"drop table if exists {TOUCHED_TABLES[key]}")
        self.made.clear()


@dataclass(frozen=True)
class Bucket:
    """Bucket ``number`` of ``count``: the values of a key whose hash modulo ``count`` is ``number``.

    >>> Bucket(2, 8).condition("claim_id", "claim_id")
    'hash(claim_id) % 8 = 2'
    """

    number: int
    count: int

    def condition(self, key: str, expression: str) -> str:
        return f"hash({expression}) % {self.count} = {self.number}"


@dataclass(frozen=True)
class TouchedInBucket:
    """The touched values of a key that fall in one hash bucket."""

    touched: Touched
    bucket: Bucket

    def condition(self, key: str, expression: str) -> str:
        return f"{self.touched.condition(key, expression)} and {self.bucket.condition(key, expression)}"


def _key_filter(
    con: duckdb.DuckDBPyConnection, keys: Iterable[str], touched: KeyFilter, columns_of: list[str]
) -> str:
    """A predicate true for rows (with columns ``columns_of``) holding a selected value of any key, or ''."""
    terms = []
    for key in keys:
        if key in columns_of:
            terms.append(touched.condition(key, key))
        elif key == "article_id" and "article_ids" in columns_of:
            # a check row of one article lists it (only it) in article_ids; a semi join on the first is
            # fast where list_has_any against the touched list costs seconds per 100.000 rows
            terms.append(touched.condition(key, "article_ids[1]"))
    return " or ".join(terms)


def touched_sql(con: duckdb.DuckDBPyConnection, model: SqlModel, touched: KeyFilter) -> str:
    """The model's SQL reading, of every relation with a key column, only the rows of touched keys.

    Each reference ``schema.table`` outside comments becomes ``(select * from schema.table where ...)``
    under the alias it had (or the table's name), so the filter is applied at the scan and every join,
    window and aggregate above it sees the touched rows only.
    """
    filters: dict[str, str] = {}
    for relation in model.reads():
        if _exists(con, relation):
            predicate = _key_filter(con, model.incremental_keys, touched, columns(con, relation))
            if predicate:
                filters[relation] = predicate

    return filtered_scans(model.sql, filters)


def filtered_scans(sql: str, filters: dict[str, str]) -> str:
    """``sql`` with each reference to a relation of ``filters`` (outside comments) read through its predicate.

    ``schema.table`` becomes ``(select * from schema.table where <predicate>)`` under the alias it had (or
    the table's name), so the filter applies at the scan.

    >>> filtered_scans("select * from raw.a as x join raw.b using (k) -- raw.a", {"raw.a": "k = 1"})
    'select * from (select * from raw.a where k = 1) as x join raw.b using (k) -- raw.a'
    """

    def substitute(match: re.Match) -> str:
        relation = f"{match.group(1)}.{match.group(2)}"
        if relation not in filters:
            return match.group(0)
        alias = match.group(3) or f" as {match.group(2)}"
        return f"(select * from {relation} where {filters[relation]}){alias}"

    pattern = re.compile(_REFERENCE.pattern + r"(\s+as\s+[a-z_][a-z0-9_]*)?")
    lines = []
    for line in sql.splitlines():
        code, dashes, comment = line.partition("--")
        lines.append(pattern.sub(substitute, code) + dashes + comment)
    return "\n".join(lines)


@contextmanager
def separate_filtered_scans(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Run the block with DuckDB's ``common_subplan`` optimizer off; then as it was.

    ``filtered_scans`` turns every reference to a relation into the same ``(select * from ... where ...)``,
    and DuckDB materialises a subquery that occurs twice once, with every column: the claim models, which
    read their wide input twice (the few columns they compare, then the evidence once), then buffered their
    whole rows again (~1.2 GB of figure_bounds for the claims a +1.000 run touches, spilled). Scanned
    separately, each reference reads only its columns.
    """
    previous = con.execute("select current_setting('disabled_optimizers')").fetchone()[0] or ""
    disabled = ",".join(filter(None, [previous, "common_subplan"]))
    con.execute("set disabled_optimizers = ?", [disabled])
    try:
        yield
    finally:
        with contextlib.suppress(duckdb.Error):  # never hide the error that ended the block
            con.execute("set disabled_optimizers = ?", [previous])


def _extend(con: duckdb.DuckDBPyConnection, model: SqlModel, touched: Touched) -> None:
    """Replace the rows of touched keys by what the model's SQL selects for them, in one transaction.

    A bucketed model selects them in hash buckets of its key when the touched rows are many for the memory
    cap (``bucket_count``), as a full build does.
    """
    layout = columns(con, model.relation)
    predicate = _key_filter(con, model.incremental_keys, touched, layout)
    if not predicate:
        raise ValueError(f"{model.relation} is incremental by {model.incremental_keys} but has none of them")
    count = bucket_count(con, model, touched)
    parts: list[KeyFilter] = (
        [touched]
        if count == 1
        else [TouchedInBucket(touched, Bucket(number, count)) for number in range(count)]
    )
    inserts = [
        f"insert into {model.relation} by name\nselect * from (\n{touched_sql(con, model, part)}\n) as model"
        f"\nwhere {_key_filter(con, model.incremental_keys, part, layout)}"
        for part in parts
    ]
    con.execute("begin transaction")
    try:
        con.execute(f"delete from {model.relation} where {predicate}")
        with separate_filtered_scans(con):
            for insert in inserts:
                con.execute(insert)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


# Rows of a model's largest keyed input one bucket may take per byte of DuckDB's memory cap. Measured on
# intermediate.claims (~200 bytes of evidence and labels per report, aggregated into ordered lists that
# DuckDB cannot spill): 880.000 reports fit 1 GB; under a 250 MB cap they ran out of memory.
BUCKET_ROWS_PER_BYTE = 1 / 2_000


def bucket_count(con: duckdb.DuckDBPyConnection, model: SqlModel, selected: KeyFilter | None = None) -> int:
    """How many hash buckets a build of ``model`` takes: 1 unless it is ``bucketed``.

    The count grows with the rows of the largest relation it reads that has the key (those of the
    ``selected`` keys only, when given), over what the connection's memory cap holds
    (``BUCKET_ROWS_PER_BYTE``); small warehouses and small extensions build in one bucket.
    """
    if not model.bucketed:
        return 1
    (key,) = model.incremental_keys
    rows = max(
        (
            _row_count(con, relation, _key_filter(con, (key,), selected, [key]) if selected else "")
            for relation in model.reads()
            if _exists(con, relation) and key in columns(con, relation)
        ),
        default=0,
    )
    cap = size_in_bytes(con.execute("select current_setting('memory_limit')").fetchone()[0])
    if not cap:
        return 1
    return max(1, math.ceil(rows / (cap * BUCKET_ROWS_PER_BYTE)))


def build_in_buckets(con: duckdb.DuckDBPyConnection, model: SqlModel, count: int) -> None:
    """Build ``model`` (partitioned by one key) from scratch in ``count`` hash buckets.

    Each bucket is committed to a side table, which then replaces the model's table in one transaction: a
    crash keeps the old table, and no transaction holds the whole uncommitted output (DuckDB keeps that in
    temp files, which then grow with the table instead of with one bucket).
    """
    side = f"{model.relation}__buckets"
    buckets = [Bucket(number, count) for number in range(count)]
    sqls = [touched_sql(con, model, bucket) for bucket in buckets]
    layout = [row[0] for row in con.execute(f"describe {sqls[0]}").fetchall()]
    for number, (bucket, sql) in enumerate(zip(buckets, sqls, strict=True)):
        predicate = _key_filter(con, model.incremental_keys, bucket, layout)
        if not predicate:
            raise ValueError(f"{model.relation} is partitioned by {model.incremental_keys} but lacks it")
        select = f"select * from (\n{sql}\n) as model\nwhere {predicate}"
        with separate_filtered_scans(con):
            if number == 0:
                con.execute(f"create or replace table {side} as\n{select}")
            else:
                con.execute(f"insert into {side} by name\n{select}")
    con.execute("begin transaction")
    try:
        con.execute(f"drop table if exists {model.relation}")
        con.execute(f"alter table {side} rename to {model.name}")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def _row_count(con: duckdb.DuckDBPyConnection, relation: str, where: str = "") -> int:
    return con.execute(f"select count(*) from {relation}" + (f" where {where}" if where else "")).fetchone()[
        0
    ]


def columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    """The column names of a table or view."""
    schema, name = relation.split(".")
    return [
        row[0]
        for row in con.execute(
            "select column_name from duckdb_columns() where schema_name = ? and table_name = ? "
            "and database_name = current_database() order by column_index",
            [schema, name],
        ).fetchall()
    ]


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
