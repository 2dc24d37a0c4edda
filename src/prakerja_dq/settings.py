"""Configuration: one Settings object read from ``PRAKERJA_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]  # src/prakerja_dq/settings.py
SQL_DIR = REPO_ROOT / "sql"
SEEDS_DIR = REPO_ROOT / "seeds"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"

WAREHOUSE_FILE_NAME = "warehouse.duckdb"
# Not "marts.duckdb": DuckDB names the catalog after the file and `marts.figures` would become ambiguous.
PUBLISHED_FILE_NAME = "published.duckdb"


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ValueError(f"{name} must be a whole number, got {value!r}") from error


@dataclass(frozen=True)
class Settings:
    """Where the pipeline reads and writes, and how it runs.

    | variable | default | meaning |
    |---|---|---|
    | PRAKERJA_HOME | ./warehouse | workspace: warehouse, published marts, report |
    | PRAKERJA_INPUT | seeds/articles | inbox folder of article files |
    | PRAKERJA_BATCH_SIZE | 5000 | articles per extraction batch |
    | PRAKERJA_MAX_FILE_MB | 20 | larger input files are rejected with a reason |
    | PRAKERJA_DASK_ADDRESS | (unset) | run batch tasks on this Dask scheduler ("local" starts one) |
    | PRAKERJA_GX_WARNING_SAMPLE | 10000 | rows per table GX checks for warnings it does not decide alone |
    | PRAKERJA_DUCKDB_MEMORY_LIMIT | 1GB | DuckDB's memory cap per connection; larger work spills to disk |
    """

    home: Path = field(default_factory=lambda: _env_path("PRAKERJA_HOME", Path.cwd() / "warehouse"))
    input_dir: Path = field(default_factory=lambda: _env_path("PRAKERJA_INPUT", SEEDS_DIR / "articles"))
    batch_size: int = field(default_factory=lambda: _env_int("PRAKERJA_BATCH_SIZE", 5000))
    max_file_mb: int = field(default_factory=lambda: _env_int("PRAKERJA_MAX_FILE_MB", 20))
    dask_address: str | None = field(default_factory=lambda: os.environ.get("PRAKERJA_DASK_ADDRESS") or None)
    duckdb_memory_limit: str = field(
        default_factory=lambda: os.environ.get("PRAKERJA_DUCKDB_MEMORY_LIMIT") or "1GB"
    )
    gx_warning_sample: int = field(default_factory=lambda: _env_int("PRAKERJA_GX_WARNING_SAMPLE", 10_000))
    # not from the environment: `prakerja rebuild` builds a new warehouse file beside the damaged one
    warehouse_file: Path | None = None

    @property
    def warehouse_path(self) -> Path:
        return self.warehouse_file or self.home / WAREHOUSE_FILE_NAME

    @property
    def published_path(self) -> Path:
        return self.home / PUBLISHED_FILE_NAME

    @property
    def report_dir(self) -> Path:
        return self.home / "report"

    @property
    def gx_dir(self) -> Path:
        return self.home / "gx"

    @property
    def lock_path(self) -> Path:
        return self.home / "run.lock"


def get_settings() -> Settings:
    """Read the settings from the environment now (not at import time)."""
    return Settings()
