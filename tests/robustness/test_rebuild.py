"""A corrupted or deleted warehouse: `prakerja run` stops with one line, `prakerja rebuild` restores it.

Real `prakerja` subprocesses on a real workspace; the corruption is random bytes written over a block that
holds article text, found with DuckDB's own storage map.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import duckdb
import pytest

from prakerja_dq.health import is_sealed, seal
from tests.robustness.conftest import query
from tests.robustness.test_crash_and_concurrency import PublishedReader, seed_inbox, sha256

pytestmark = [pytest.mark.timeout(900), pytest.mark.usefixtures("prefect_harness")]

HEADER, BLOCK = 3 * 4096, 262_144
# what a rebuild may change: the run that published, and when
RUN_COLUMNS = {"run_id", "published_at"}


def hostile_extras(inbox: Path) -> None:
    """A duplicate and two rejected files, so the ledger holds more than accepted articles."""
    first = sorted(inbox.glob("*.txt"))[0]
    shutil.copy(first, inbox / "salinan-artikel.txt")
    (inbox / "biner.txt").write_bytes(bytes(range(256)) * 40)
    (inbox / ".tersembunyi.txt").write_text("tersembunyi", encoding="utf-8")


def marts_snapshot(published: Path) -> dict[str, list[str]]:
    """Every published mart as sorted rows, without the columns that name the publishing run."""
    tables = [row[0] for row in query(published, "select table_name from duckdb_tables() order by 1")]
    snapshot = {}
    for table in tables:
        if table == "publication":
            continue
        columns = [row[0] for row in query(published, f"describe marts.{table}") if row[0] not in RUN_COLUMNS]
        selected = ", ".join(f'"{column}"' for column in columns)
        rows = query(published, f"select {selected} from marts.{table}")
        snapshot[table] = sorted(repr(row) for row in rows)
    return snapshot


def corrupt_article_block(warehouse: Path) -> int:
    """Overwrite 512 bytes inside a block of raw.articles; returns the offset."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        block = con.execute(
            "select min(block_id) from pragma_storage_info('raw.articles') where block_id >= 0"
        ).fetchall()[0][0]
    offset = HEADER + block * BLOCK + 2048
    with warehouse.open("r+b") as handle:
        handle.seek(offset)
        handle.write(random.Random(13).randbytes(512))
    return offset


def assert_one_line_naming_the_fix(result, *phrases: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith("prakerja run: ") and "run `prakerja rebuild`" in lines[0]
    assert "the published marts are still served" in lines[0]
    for phrase in phrases:
        assert phrase in lines[0], lines[0]


def test_a_corrupted_warehouse_is_named_and_rebuilt_while_the_marts_stay_served(cli_env, processes, tmp_path):
    inbox = seed_inbox(tmp_path)
    hostile_extras(inbox)
    home = Path(cli_env["PRAKERJA_HOME"])
    warehouse, published = home / "warehouse.duckdb", home / "published.duckdb"
    first = processes.run(["run", "--input", str(inbox)], cli_env)
    assert first.returncode == 0, first.stderr
    before = marts_snapshot(published)
    assert {status for (status,) in query(published, "select status from marts.ingest_ledger")} == {
        "accepted", "duplicate", "rejected",
    }  # fmt: skip

    corrupt_article_block(warehouse)
    published_bytes = sha256(published)
    refused = processes.run(["run", "--input", str(inbox)], cli_env)
    assert_one_line_naming_the_fix(
        refused, f"{warehouse} is damaged (the block at byte", "fails its checksum"
    )
    assert sha256(published) == published_bytes

    with PublishedReader(home) as reader:
        rebuilt = processes.run(["rebuild", "--input", str(inbox)], cli_env)
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert reader.errors == [] and reader.reads > 0, reader.errors
    assert "fails its checksum" in rebuilt.stdout and "articles restored     5" in rebuilt.stdout
    assert marts_snapshot(published) == before
    assert (home / "warehouse.duckdb.damaged").exists()
    assert sorted(path.name for path in home.glob(".warehouse.rebuild-*")) == []

    after = processes.run(["run", "--input", str(inbox)], cli_env)
    assert after.returncode == 0, after.stderr
    assert "articles ingested     0 new (0 duplicate, 0 rejected)" in after.stdout
    assert marts_snapshot(published) == before


def test_a_deleted_warehouse_is_damage_not_a_fresh_start(cli_env, processes, tmp_path):
    inbox = seed_inbox(tmp_path)
    home = Path(cli_env["PRAKERJA_HOME"])
    warehouse, published = home / "warehouse.duckdb", home / "published.duckdb"
    first = processes.run(["run", "--input", str(inbox)], cli_env)  # a fresh workspace just runs
    assert first.returncode == 0, first.stderr
    before = marts_snapshot(published)

    warehouse.unlink()
    refused = processes.run(["run", "--input", str(inbox)], cli_env)
    assert_one_line_naming_the_fix(refused, f"{warehouse} is missing")
    assert not warehouse.exists(), "the run must not start an empty warehouse over the lost one"

    rebuilt = processes.run(["rebuild", "--input", str(inbox)], cli_env)
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert marts_snapshot(published) == before
    assert processes.run(["run", "--input", str(inbox)], cli_env).returncode == 0

    whole = processes.run(["rebuild", "--input", str(inbox)], cli_env)
    assert whole.returncode == 2 and "reads back whole: nothing to rebuild" in whole.stderr


def test_a_truncated_warehouse_is_named(cli_env, processes, tmp_path):
    inbox = seed_inbox(tmp_path)
    home = Path(cli_env["PRAKERJA_HOME"])
    assert processes.run(["run", "--input", str(inbox)], cli_env).returncode == 0
    warehouse = home / "warehouse.duckdb"
    with warehouse.open("r+b") as handle:
        handle.truncate(warehouse.stat().st_size // 2)
    refused = processes.run(["run", "--input", str(inbox)], cli_env)
    assert_one_line_naming_the_fix(refused, f"{warehouse} is damaged (truncated")


def test_damage_met_mid_run_under_a_valid_seal_ends_the_run_with_the_same_line(cli_env, processes, tmp_path):
    """Bit rot: the file changes under its seal, so the quick check passes and a stage meets the block."""
    inbox = seed_inbox(tmp_path)
    home = Path(cli_env["PRAKERJA_HOME"])
    assert processes.run(["run", "--input", str(inbox)], cli_env).returncode == 0
    warehouse = home / "warehouse.duckdb"
    corrupt_article_block(warehouse)
    assert seal(warehouse)  # as if the disk, not a program, changed the bytes
    failed = processes.run(["run", "--input", str(inbox)], cli_env)
    assert failed.returncode == 2, failed.stderr
    last = failed.stderr.strip().splitlines()[-1]
    assert last.startswith(f"prakerja run: {warehouse} is damaged (the block at byte ")
    assert "run `prakerja rebuild`" in last
    assert not is_sealed(warehouse)
    again = processes.run(["run", "--input", str(inbox)], cli_env)
    assert_one_line_naming_the_fix(again, "fails its checksum")  # now stopped before starting


def test_without_a_published_ledger_the_rebuild_asks_before_using_the_inbox_alone(
    cli_env, processes, tmp_path
):
    inbox = seed_inbox(tmp_path)
    hostile_extras(inbox)
    home = Path(cli_env["PRAKERJA_HOME"])
    assert processes.run(["run", "--input", str(inbox)], cli_env).returncode == 0
    published = home / "published.duckdb"
    ledger_before = marts_snapshot(published)["ingest_ledger"]
    (home / "warehouse.duckdb").unlink()
    published.unlink()  # the seal alone still shows a warehouse existed

    refused = processes.run(["rebuild", "--input", str(inbox)], cli_env)
    assert refused.returncode == 2
    assert "does not exist: the ledger cannot be restored; `prakerja rebuild --inbox-only`" in refused.stderr

    rebuilt = processes.run(["rebuild", "--input", str(inbox), "--inbox-only"], cli_env)
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert "articles ingested     5 new (1 duplicate, 2 rejected)" in rebuilt.stdout
    ledger_after = query(published, "select path, status, reason from marts.ingest_ledger order by path")
    assert len(ledger_after) == len(ledger_before)  # every file accounted again, under the rebuild's run
