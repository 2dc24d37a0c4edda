"""Configuration: one Settings object read from ``PRAKERJA_*`` environment variables.

This is the only module that reads ``PRAKERJA_*`` variables (a test checks it); the rest of the code asks
``get_settings()``, which reads the environment when called, never at import.
"""

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
DEFAULT_CRON = "0 * * * *"  # hourly
DEFAULT_TIMEZONE = "UTC"
DEFAULT_FAILPOINT_MARKER = "PRAKERJA-POISON"


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


def _env_str(name: str) -> str | None:
    return os.environ.get(name) or None


def _env_flag(name: str) -> bool:
    """Set to anything but empty, ``0``, ``false`` or ``no`` means on."""
    return (os.environ.get(name) or "").strip().lower() not in ("", "0", "false", "no")


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
    | PRAKERJA_BATCH_SIZE | 2000 | articles per ingest and extraction batch |
    | PRAKERJA_MAX_FILE_MB | 20 | larger input files are rejected with a reason |
    | PRAKERJA_DASK_ADDRESS | (unset) | run batch tasks on this Dask scheduler ("local" starts one) |
    | PRAKERJA_GX_WARNING_SAMPLE | 10000 | rows per table GX checks for warnings it does not decide alone |
    | PRAKERJA_DUCKDB_MEMORY_LIMIT | 1GB | DuckDB's memory cap per connection; larger work spills to disk |
    | PRAKERJA_MEMORY_BUDGET | 2GiB | peak RSS aimed for: DuckDB's cap shrinks to fit what the process holds |
    | PRAKERJA_SCHEDULE_CRON | 0 * * * * | cron expression of the scheduled deployment (``prakerja serve``) |
    | PRAKERJA_SCHEDULE_TIMEZONE | UTC | time zone of that cron expression |
    | PRAKERJA_REPORT_URL | (unset) | link to the served report in run artifacts (else the file's URI) |
    | PRAKERJA_DEBUG | (unset) | the CLI raises with a traceback instead of printing one line |
    | PRAKERJA_FAILPOINT | (unset) | tests only: crash or pause a run at a named point (failpoints.py) |
    | PRAKERJA_FAILPOINT_MARKER | PRAKERJA-POISON | tests only: text marking a poisoned article |
    """

    home: Path = field(default_factory=lambda: _env_path("PRAKERJA_HOME", Path.cwd() / "warehouse"))
    input_dir: Path = field(default_factory=lambda: _env_path("PRAKERJA_INPUT", SEEDS_DIR / "articles"))
    batch_size: int = field(default_factory=lambda: _env_int("PRAKERJA_BATCH_SIZE", 2000))
    max_file_mb: int = field(default_factory=lambda: _env_int("PRAKERJA_MAX_FILE_MB", 20))
    dask_address: str | None = field(default_factory=lambda: _env_str("PRAKERJA_DASK_ADDRESS"))
    duckdb_memory_limit: str = field(
        default_factory=lambda: _env_str("PRAKERJA_DUCKDB_MEMORY_LIMIT") or "1GB"
    )
    memory_budget: str = field(default_factory=lambda: _env_str("PRAKERJA_MEMORY_BUDGET") or "2GiB")
    gx_warning_sample: int = field(default_factory=lambda: _env_int("PRAKERJA_GX_WARNING_SAMPLE", 10_000))
    schedule_cron: str = field(default_factory=lambda: _env_str("PRAKERJA_SCHEDULE_CRON") or DEFAULT_CRON)
    schedule_timezone: str = field(
        default_factory=lambda: _env_str("PRAKERJA_SCHEDULE_TIMEZONE") or DEFAULT_TIMEZONE
    )
    report_url: str | None = field(default_factory=lambda: _env_str("PRAKERJA_REPORT_URL"))
    debug: bool = field(default_factory=lambda: _env_flag("PRAKERJA_DEBUG"))
    failpoint: str | None = field(default_factory=lambda: _env_str("PRAKERJA_FAILPOINT"))
    failpoint_marker: str = field(
        default_factory=lambda: _env_str("PRAKERJA_FAILPOINT_MARKER") or DEFAULT_FAILPOINT_MARKER
    )
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
