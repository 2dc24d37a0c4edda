"""Damage to real DuckDB files (bytes overwritten, truncated, deleted), told apart from a fresh start."""

from __future__ import annotations

import os
import random
from pathlib import Path

import duckdb
import pytest

from prakerja_dq.health import WarehouseDamaged, check_warehouse, is_sealed, seal, seal_path
from prakerja_dq.locking import RunInProgress, exclusive_run
from prakerja_dq.settings import PUBLISHED_FILE_NAME, WAREHOUSE_FILE_NAME
from prakerja_dq.warehouse import connect, open_warehouse

HEADER, BLOCK = 3 * 4096, 262_144


def make_warehouse(folder: Path) -> Path:
    """A warehouse with a few blocks of article text, closed cleanly."""
    path = folder / WAREHOUSE_FILE_NAME
    with open_warehouse(path) as con:
        rng = random.Random(5)
        con.execute(
            "insert into raw.articles select 'id' || i, 'doc' || i, 'p' || i, 'sha', 'utf-8', ?, 'r1', now() "
            "from range(3000) as t(i)",
            ["".join(rng.choice("abcdefghij ") for _ in range(2000))],
        )
        con.execute("update raw.articles set text = text || article_id")
    return path


def block_of(path: Path, table: str) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            f"select min(block_id) from pragma_storage_info('{table}') where block_id >= 0"
        ).fetchall()[0][0]


def overwrite(path: Path, offset: int, size: int = 512) -> None:
    """Random bytes over part of the file, in place (as a failing disk or a stray writer would)."""
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(random.Random(offset).randbytes(size))


def test_a_fresh_workspace_is_not_damage(tmp_path):
    assert check_warehouse(tmp_path / WAREHOUSE_FILE_NAME) == "fresh"
    assert not (tmp_path / WAREHOUSE_FILE_NAME).exists()


def test_a_whole_file_is_read_once_then_trusted_while_it_matches_its_seal(tmp_path):
    path = make_warehouse(tmp_path)
    assert check_warehouse(path) == "checked"
    assert is_sealed(path)
    assert check_warehouse(path) == "sealed"
    os.utime(path)  # anything that touches the file breaks the seal
    assert not is_sealed(path)
    assert check_warehouse(path) == "checked"


def test_random_bytes_inside_a_used_block_are_found_and_named(tmp_path):
    path = make_warehouse(tmp_path)
    seal(path)
    offset = HEADER + block_of(path, "raw.articles") * BLOCK + 4096
    overwrite(path, offset)
    with pytest.raises(WarehouseDamaged) as caught:
        check_warehouse(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path} is damaged (the block at byte ")
    assert "fails its checksum" in message and "run `prakerja rebuild`" in message
    assert "the published marts are still served" in message


def test_a_damaged_header_is_refused_at_every_connect(tmp_path):
    path = make_warehouse(tmp_path)
    overwrite(path, 100)
    for read_only in (True, False):
        with pytest.raises(WarehouseDamaged, match="block at byte 0 fails its checksum"):
            connect(path, read_only=read_only)


@pytest.mark.parametrize("keep", [0.9, 0.5, 0.01])
def test_a_truncated_file_is_damage(tmp_path, keep):
    path = make_warehouse(tmp_path)
    os.truncate(path, int(path.stat().st_size * keep))
    with pytest.raises(WarehouseDamaged, match=r"is damaged \((truncated|the block at byte)"):
        check_warehouse(path)


def test_a_file_that_is_not_duckdb_is_damage(tmp_path):
    path = tmp_path / WAREHOUSE_FILE_NAME
    path.write_bytes(random.Random(1).randbytes(50_000))
    with pytest.raises(WarehouseDamaged, match="not a DuckDB database file"):
        check_warehouse(path)


def test_a_deleted_warehouse_beside_published_marts_is_damage_not_a_fresh_start(tmp_path):
    path = make_warehouse(tmp_path)
    (tmp_path / PUBLISHED_FILE_NAME).write_bytes(b"")  # what counts is that marts were published here
    path.unlink()
    with pytest.raises(WarehouseDamaged, match=r"is missing, but the published marts published\.duckdb"):
        check_warehouse(path)
    with pytest.raises(WarehouseDamaged, match="prakerja rebuild"):
        connect(path)  # and no writer silently creates an empty one
    assert not path.exists()


def test_a_deleted_warehouse_with_its_seal_is_damage(tmp_path):
    path = make_warehouse(tmp_path)
    seal(path)
    path.unlink()
    with pytest.raises(WarehouseDamaged, match=r"is missing, but its seal warehouse\.duckdb\.seal shows"):
        check_warehouse(path)
    seal_path(path).unlink()
    assert check_warehouse(path) == "fresh"


def test_the_run_lock_is_reentrant_in_one_call_stack_only(tmp_path):
    lock = tmp_path / "run.lock"
    with exclusive_run(lock), exclusive_run(lock):
        pass
    with exclusive_run(lock):
        import threading

        refused = []

        def other_stack() -> None:
            try:
                with exclusive_run(lock):
                    pass
            except RunInProgress:
                refused.append(True)

        thread = threading.Thread(target=other_stack)
        thread.start()
        thread.join()
        assert refused == [True]
