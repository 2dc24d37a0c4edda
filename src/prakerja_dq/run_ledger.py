"""The run ledger (``raw.pipeline_runs``): what each finished run covered, so a rerun skips what is unchanged.

A run's output (staging, intermediate, validation, published marts) is a function of two things: the raw
tables the models read, and the code and reference data that turn them into marts. Both are fingerprinted:

- ``state_fingerprint``: per raw table, the row count and an order-free hash of the rows (``bit_xor`` of a
  row hash). Raw tables are append-only (landed once, keyed by article and run), so for the article tables
  the key and the landing run stand for the row; the ingest ledger is hashed whole except ``mtime_ns``,
  which only tells ingest what not to read again and reaches no mart.
- ``code_fingerprint``: a SHA-256 over the files of ``sql/``, ``expectations/``, ``seeds/reference/``, the
  validation, report and publish code, plus the settings that change what validation reports.

When both equal those of the run whose snapshot is published, and that snapshot is still in place, the
run has nothing to do: it is recorded as ``unchanged``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from prakerja_dq.publish import parquet_dir, read_catalogue
from prakerja_dq.settings import EXPECTATIONS_DIR, REPO_ROOT, SEEDS_DIR, SQL_DIR

PUBLISHED = "published"
UNCHANGED = "unchanged"

PACKAGE_DIR = REPO_ROOT / "src" / "prakerja_dq"
# what turns raw rows into validated, published marts: a change to any of these makes the next run work
CODE_INPUTS: tuple[tuple[Path, str], ...] = (
    (SQL_DIR, "**/*.sql"),
    (EXPECTATIONS_DIR, "**/*.py"),
    (EXPECTATIONS_DIR, "**/*.json"),
    (SEEDS_DIR / "reference", "*.csv"),
    (PACKAGE_DIR / "validation", "*.py"),
    (PACKAGE_DIR / "report", "**/*.py"),
    (PACKAGE_DIR, "publish.py"),
    (PACKAGE_DIR, "marts.py"),
    (PACKAGE_DIR, "warehouse.py"),
)
# what the extended models are built from (staging and intermediate SQL, the reference data they read, the
# runner that extends them): a change to any of these rebuilds them whole once
STAGING_INPUTS: tuple[tuple[Path, str], ...] = (
    (SQL_DIR / "staging", "*.sql"),
    (SQL_DIR / "intermediate", "*.sql"),
    (SEEDS_DIR / "reference", "*.csv"),
    (PACKAGE_DIR, "warehouse.py"),
)

# (table, expression hashed per row): the article tables by key and landing run, the ingest ledger whole
RAW_STATE: tuple[tuple[str, str], ...] = (
    ("raw.articles", "hash(article_id, run_id)"),
    ("raw.article_meta", "hash(article_id, run_id)"),
    ("raw.figure_mentions", 'hash(article_id, start, "end", metric, run_id)'),
    ("raw.date_mentions", 'hash(article_id, start, "end", run_id)'),
    ("raw.ingest_ledger", "hash(*columns(* exclude (mtime_ns)))"),
)


@dataclass(frozen=True)
class Fingerprints:
    """What a run's marts are a function of (see the module's doc)."""

    state: str
    code: str
    staging: str


@dataclass(frozen=True)
class LedgerRow:
    """The last finished run: its status, the run whose snapshot is published, and its fingerprints."""

    run_id: str
    status: str
    published_run_id: str
    fingerprints: Fingerprints


def files_fingerprint(inputs: tuple[tuple[Path, str], ...], *extra: object) -> str:
    """SHA-256 over the relative path and bytes of every matching file, in a stable order, and ``extra``."""
    digest = hashlib.sha256()
    for root, pattern in inputs:
        for path in sorted(root.glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(REPO_ROOT)).encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    for value in extra:
        digest.update(repr(value).encode() + b"\0")
    return digest.hexdigest()


def state_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """Row count and order-free row hash of every raw table the models read, as one hex digest."""
    parts = [
        f"(select [count(*)::ubigint, coalesce(bit_xor({expression}), 0)] from {table})"
        for table, expression in RAW_STATE
    ]
    values = con.execute(f"select [{', '.join(parts)}]").fetchone()[0]
    return hashlib.sha256(repr(values).encode()).hexdigest()


def current_fingerprints(con: duckdb.DuckDBPyConnection, *, warning_sample: int) -> Fingerprints:
    return Fingerprints(
        state=state_fingerprint(con),
        code=files_fingerprint(CODE_INPUTS, ("gx_warning_sample", warning_sample)),
        staging=files_fingerprint(STAGING_INPUTS),
    )


def last_run(con: duckdb.DuckDBPyConnection) -> LedgerRow | None:
    """The latest finished run of the ledger, or None on a new warehouse."""
    row = con.execute(
        """
        select run_id, status, published_run_id, state_fingerprint, code_fingerprint, staging_fingerprint
        from raw.pipeline_runs
        order by finished_at desc, run_id desc
        limit 1
        """
    ).fetchone()
    if row is None:
        return None
    return LedgerRow(row[0], row[1], row[2], Fingerprints(*row[3:]))


def staging_watermark(con: duckdb.DuckDBPyConnection, staging: str) -> str | None:
    """The latest finished run whose model SQL was the current one: raw rows landed by later runs are new.

    Runs hold the run lock and their ids sort by start time, so every raw row with a greater ``run_id`` was
    landed after that run built its staging tables (or by a run that died before finishing). None when no
    finished run used this model SQL (``STAGING_INPUTS``): the models are then built whole.
    """
    row = con.execute(
        "select max(run_id) from raw.pipeline_runs where staging_fingerprint = ?", [staging]
    ).fetchone()
    return row[0] if row else None


def published_run(published_path: Path) -> str | None:
    """The run id recorded in the published snapshot, or None when there is none (or it cannot be read)."""
    if not published_path.exists():
        return None
    try:
        with duckdb.connect(str(published_path), read_only=True) as con:
            return con.execute("select run_id from marts.publication").fetchone()[0]
    except duckdb.Error:
        return None


def is_unchanged(previous: LedgerRow | None, current: Fingerprints, published_path: Path) -> bool:
    """True when the published snapshot already covers the current raw state, code and reference data.

    The snapshot file and the Parquet catalogue must both still name the run that published them: a
    deleted or replaced one is published again.
    """
    return (
        previous is not None
        and previous.fingerprints == current
        and published_run(published_path) == previous.published_run_id
        and read_catalogue(parquet_dir(published_path)).get("run_id") == previous.published_run_id
    )


def record_run(
    con: duckdb.DuckDBPyConnection,
    *,
    run_id: str,
    started_at: datetime,
    finished_at: datetime,
    status: str,
    published_run_id: str,
    fingerprints: Fingerprints,
    articles_ingested: int,
    figures_extracted: int,
) -> None:
    """Append this run's row to the ledger (timestamps naive UTC, like every timestamp in the warehouse)."""
    con.execute(
        """
        insert into raw.pipeline_runs
        values ($run_id, $started_at, $finished_at, $status, $published_run_id, $state, $code, $staging,
                $articles_ingested, $figures_extracted, $seconds)
        """,
        {
            "run_id": run_id,
            "started_at": started_at.replace(tzinfo=None),
            "finished_at": finished_at.replace(tzinfo=None),
            "status": status,
            "published_run_id": published_run_id,
            "state": fingerprints.state,
            "code": fingerprints.code,
            "staging": fingerprints.staging,
            "articles_ingested": articles_ingested,
            "figures_extracted": figures_extracted,
            "seconds": round((finished_at - started_at).total_seconds(), 3),
        },
    )


def published_counts(published_path: Path) -> dict[str, int]:
    """Rows per mart of the published snapshot (the publication record left out)."""
    with duckdb.connect(str(published_path), read_only=True) as con:
        tables = con.execute(
            "select table_name from duckdb_tables() "
            "where schema_name = 'marts' and table_name <> 'publication' order by table_name"
        ).fetchall()
        return {name: con.execute(f'select count(*) from marts."{name}"').fetchone()[0] for (name,) in tables}


def validation_of(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, object]:
    """The ``validation.runs`` row of a run (empty when it has none)."""
    row = con.sql("select * from validation.runs where run_id = ?", params=[run_id])
    values = row.fetchall()
    return dict(zip(row.columns, values[0], strict=True)) if values else {}
