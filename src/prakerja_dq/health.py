"""Is the warehouse file whole? Damage becomes one line that names the fix, not a DuckDB traceback.

Three kinds of damage are told apart from a fresh workspace:

- **missing**: no ``warehouse.duckdb``, but the workspace shows one existed: its seal (below) or the
  published marts are there. A fresh workspace has neither, and a run just starts.
- **unreadable**: DuckDB refuses the file (bad header, not a DuckDB file, too short to hold its catalog).
- **corrupt or truncated**: a block fails its checksum, or the file is shorter than the blocks its header
  counts. DuckDB checks a block only when it reads it, so ``check_warehouse`` reads every column of every
  table, but only when the file may have changed outside our runs.

The seal (``warehouse.duckdb.seal``) records the file's identity (inode, size, mtime and ctime in ns) after
a run closed it cleanly, or after a full check passed. While the file still matches its seal, nothing but
our own runs wrote it since it was last known whole, and the check only opens it; anything else (written by
another program, a crash, a copy, no seal yet) costs one full read. Checksum errors met later, while a
stage reads a block, are named the same way by ``damage_from``.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from prakerja_dq.settings import PUBLISHED_FILE_NAME, WAREHOUSE_FILE_NAME, get_settings

REBUILD_HINT = (
    "run `prakerja rebuild` to restore it from the inbox and the ledger; the published marts are still served"
)
# DuckDB's file header: one main header and two database headers of 4 KiB each, then the blocks
FILE_HEADER_BYTES = 3 * 4096
# what DuckDB says when a file's bytes are wrong (not: locked, missing, another version)
_DAMAGE = re.compile(
    r"Corrupt database file|does not match stored checksum|Could not read enough bytes"
    r"|not a valid DuckDB database file|database file is too small|truncated",
    re.IGNORECASE,
)


class WarehouseDamaged(RuntimeError):
    """The warehouse file is missing, unreadable or corrupt; the message is one line naming the fix."""


def seal_path(warehouse: Path) -> Path:
    """Where the seal of a warehouse file is kept.

    >>> seal_path(Path("home/warehouse.duckdb")).as_posix()
    'home/warehouse.duckdb.seal'
    """
    return warehouse.with_name(warehouse.name + ".seal")


def is_damage_error(error: BaseException) -> bool:
    """Whether a DuckDB error says the file's bytes are wrong.

    >>> is_damage_error(duckdb.IOException('Could not read enough bytes from file "w.duckdb"'))
    True
    >>> is_damage_error(duckdb.IOException('Could not set lock on file "w.duckdb": Conflicting lock'))
    False
    """
    return isinstance(error, duckdb.Error) and bool(_DAMAGE.search(str(error)))


def damaged_message(warehouse: Path, what: str) -> str:
    """The one line for a damaged warehouse.

    >>> damaged_message(Path("/w/warehouse.duckdb"), "a block fails its checksum")
    '/w/warehouse.duckdb is damaged (a block fails its checksum): run `prakerja rebuild` to restore it from the inbox and the ledger; the published marts are still served'
    """  # noqa: E501
    return f"{warehouse} is damaged ({what}): {REBUILD_HINT}"


def describe_damage(error: BaseException, limit: int = 160) -> str:
    """DuckDB's complaint, short.

    >>> describe_damage(duckdb.Error("Corrupt database file: computed checksum 1 does not match stored "
    ...     "checksum 2 in block at location 274432"))
    'the block at byte 274,432 fails its checksum'
    >>> describe_damage(duckdb.IOException('Could not read enough bytes from file "w": attempted to read '
    ...     '262144 bytes from location 6565888'))
    'truncated: the block at byte 6,565,888 lies past the end of the file'
    """
    text = " ".join(str(error).split())
    if match := re.search(r"does not match stored checksum \d+ in block at location (\d+)", text):
        return f"the block at byte {int(match[1]):,} fails its checksum"
    if match := re.search(r"Could not read enough bytes .* from location (\d+)", text):
        return f"truncated: the block at byte {int(match[1]):,} lies past the end of the file"
    if "not a valid DuckDB database file" in text:
        return "not a DuckDB database file"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def damage_from(error: BaseException, warehouse: Path) -> WarehouseDamaged | None:
    """The one-line diagnosis for a DuckDB error that says the warehouse's bytes are wrong, else None."""
    if not is_damage_error(error):
        return None
    return WarehouseDamaged(damaged_message(warehouse, describe_damage(error)))


@dataclass(frozen=True)
class FileIdentity:
    """What changes whenever anything writes or replaces the file (ctime cannot be set back by hand)."""

    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileIdentity:
        info = os.stat(path)
        return cls(info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def seal(warehouse: Path) -> bool:
    """Record that the file, as it is now, is whole; False (and no seal) if its WAL is not checkpointed."""
    warehouse = Path(warehouse)
    if not warehouse.is_file() or Path(f"{warehouse}.wal").exists():
        return False
    target = seal_path(warehouse)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(FileIdentity.of(warehouse).__dict__), encoding="utf-8")
    os.replace(temporary, target)
    return True


def unseal(warehouse: Path) -> None:
    """Forget that the file was whole (damage was met): the next check reads all of it."""
    seal_path(Path(warehouse)).unlink(missing_ok=True)


def is_sealed(warehouse: Path) -> bool:
    """Whether the file is exactly as it was when last sealed."""
    try:
        recorded = FileIdentity(**json.loads(seal_path(warehouse).read_text(encoding="utf-8")))
        return recorded == FileIdentity.of(warehouse) and not Path(f"{warehouse}.wal").exists()
    except (OSError, ValueError, TypeError):
        return False


def existed_before(warehouse: Path) -> str | None:
    """What shows that a warehouse existed at this path (its seal, the published marts), or None."""
    warehouse = Path(warehouse)
    if seal_path(warehouse).exists():
        return f"its seal {seal_path(warehouse).name}"
    published = warehouse.with_name(PUBLISHED_FILE_NAME)
    if warehouse.name == WAREHOUSE_FILE_NAME and published.exists():
        return f"the published marts {published.name}"
    return None


def missing_message(warehouse: Path, evidence: str) -> str:
    return (
        f"{warehouse} is missing, but {evidence} shows it existed: run `prakerja rebuild` to restore it from "
        "the inbox and the ledger (or delete the whole workspace to start afresh); the published marts are "
        "still served"
    )


def check_missing(warehouse: Path) -> None:
    """Raise WarehouseDamaged if the file is gone but the workspace shows it existed."""
    warehouse = Path(warehouse)
    if not warehouse.exists() and (evidence := existed_before(warehouse)):
        raise WarehouseDamaged(missing_message(warehouse, evidence))


def check_warehouse(warehouse: Path, *, thorough: bool | None = None) -> str:
    """Raise WarehouseDamaged if the warehouse is missing, unreadable, truncated or corrupt.

    ``thorough``: read every block (None: only when the file does not match its seal). Returns what was
    found: ``fresh`` (no warehouse, and none before), ``sealed`` (matches its seal, opened), ``checked``
    (every block read; now sealed) or ``unchecked`` (DuckDB would not open it read-only for another reason
    than damage, such as a writer holding it: whoever opens it next meets that reason).
    """
    warehouse = Path(warehouse)
    check_missing(warehouse)
    if not warehouse.exists():
        return "fresh"
    if thorough is None:
        thorough = not is_sealed(warehouse)
    try:
        con = duckdb.connect(
            str(warehouse), read_only=True, config={"memory_limit": get_settings().duckdb_memory_limit}
        )
    except duckdb.Error as error:
        if damaged := damage_from(error, warehouse):
            raise damaged from None
        return "unchecked"
    try:
        _check_size(con, warehouse)
        if thorough:
            _read_every_block(con)
    except duckdb.Error as error:
        if damaged := damage_from(error, warehouse):
            raise damaged from None
        raise
    finally:
        con.close()
    if thorough:
        seal(warehouse)
        return "checked"
    return "sealed"


def _check_size(con: duckdb.DuckDBPyConnection, warehouse: Path) -> None:
    """A file shorter than the blocks its header counts was truncated (skipped while a WAL is pending)."""
    if Path(f"{warehouse}.wal").exists():
        return
    block_size, total_blocks = con.execute(
        "select block_size, total_blocks from pragma_database_size() where database_name = current_database()"
    ).fetchall()[0]
    expected = FILE_HEADER_BYTES + block_size * total_blocks
    actual = warehouse.stat().st_size
    if actual < expected:
        raise WarehouseDamaged(
            damaged_message(warehouse, f"truncated: {actual:,} bytes, its header counts {expected:,}")
        )


def _read_every_block(con: duckdb.DuckDBPyConnection) -> None:
    """Read every column of every table, so DuckDB verifies each block's checksum."""
    tables = con.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = current_database()"
        " order by all"
    ).fetchall()
    for schema, table in tables:
        con.execute(f'select count(*), max(hash(columns(*))) from "{schema}"."{table}"').fetchall()
