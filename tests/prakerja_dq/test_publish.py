"""Snapshots written from a copy of the published file hold exactly the marts a fresh write holds."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from prakerja_dq.publish import DELTA, KEPT, PUBLISHED_STORAGE_VERSION, WHOLE, write_snapshot
from tests.prakerja_dq.test_publish_duckdb_cli import duckdb_cli


@pytest.fixture
def con():
    """A warehouse in memory with two marts: 2.000 figures and 100 articles."""
    with duckdb.connect() as connection:
        connection.execute("create schema marts")
        connection.execute(
            "create table marts.figures as select 'f' || range as figure_id, range % 100 as article, "
            "range * 1.5 as value, ['e' || range] as evidence, 'ok' as status from range(2000)"
        )
        connection.execute("create table marts.articles as select 'a' || range as article_id from range(100)")
        yield connection


def rows(path: Path, table: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as reader:
        return sorted(reader.execute(f"select * from marts.{table}").fetchall())


def storage_version(path: Path) -> str:
    with duckdb.connect() as probe:
        probe.execute(f"attach '{path}' as published (read_only)")
        tags = probe.execute(
            "select tags from duckdb_databases() where database_name = 'published'"
        ).fetchone()
    return tags[0]["storage_version"]


def publish(con, home: Path, run_id: str, *, previous: bool = True, **changed) -> dict[str, str]:
    """One publication: a new file from the published one (when there is one), then renamed over it."""
    published = home / "published.duckdb"
    temporary = home / f".published.{run_id}.tmp"
    written = write_snapshot(
        con,
        temporary,
        run_id=run_id,
        tables=["articles", "figures"],
        previous=published if previous else None,
        **changed,
    )
    temporary.replace(published)
    return written


def test_changed_rows_are_applied_to_the_copy_and_equal_a_fresh_write(con, tmp_path):
    first = publish(con, tmp_path, "run-1")
    assert first == {"articles": WHOLE, "figures": WHOLE}
    con.execute("update marts.figures set status = 'outlier' where figure_id in ('f3', 'f17')")
    con.execute("delete from marts.figures where figure_id = 'f5'")
    con.execute("insert into marts.figures select 'n' || range, 1, 2.0, ['x'], 'ok' from range(30)")

    second = publish(con, tmp_path, "run-2")
    assert second == {"articles": KEPT, "figures": DELTA}
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    publish(con, fresh, "run-2", previous=False)
    for table in ("articles", "figures"):
        assert rows(tmp_path / "published.duckdb", table) == rows(fresh / "published.duckdb", table)
    assert len(rows(tmp_path / "published.duckdb", "figures")) == 2029
    assert rows(tmp_path / "published.duckdb", "publication")[0][0] == "run-2"
    assert storage_version(tmp_path / "published.duckdb").rstrip("+") == PUBLISHED_STORAGE_VERSION


def test_the_rows_of_changed_keys_are_replaced_when_the_copy_is_of_the_run_they_changed_since(con, tmp_path):
    publish(con, tmp_path, "run-1")
    con.execute("update marts.figures set status = 'outlier' where figure_id in ('f3', 'f17')")
    con.execute("delete from marts.figures where figure_id = 'f5'")
    con.execute("insert into marts.figures select 'n' || range, 1, 2.0, ['x'], 'ok' from range(30)")
    # f8 is listed though its row did not change: the keyed path replaces it, a comparison would keep it
    con.execute(
        "create temp table figure_keys as select unnest(['f3', 'f17', 'f5', 'f8']) as figure_id "
        "union all select 'n' || range from range(30)"
    )
    changed = {"figures": ("figure_id", "figure_keys")}

    assert publish(con, tmp_path, "run-2", changed=changed, changed_since="run-1") == {
        "articles": KEPT,
        "figures": DELTA,
    }
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    publish(con, fresh, "run-2", previous=False)
    for table in ("articles", "figures"):
        assert rows(tmp_path / "published.duckdb", table) == rows(fresh / "published.duckdb", table)
    # keys relative to another run than the published one: the marts are compared whole instead
    con.execute("create temp table no_keys as select 'f8' as figure_id where false")
    unchanged = publish(
        con, tmp_path, "run-3", changed={"figures": ("figure_id", "no_keys")}, changed_since="run-1"
    )
    assert unchanged == {"articles": KEPT, "figures": KEPT}
    con.execute("update marts.figures set status = 'agrees' where figure_id = 'f9'")
    assert publish(
        con, tmp_path, "run-4", changed={"figures": ("figure_id", "no_keys")}, changed_since="run-1"
    ) == {
        "articles": KEPT,
        "figures": DELTA,
    }
    assert rows(tmp_path / "published.duckdb", "figures") == sorted(
        con.execute("select * from marts.figures").fetchall()
    )


def test_a_keyed_mart_with_a_run_column_has_this_run_on_every_row_of_the_copy(con, tmp_path):
    con.execute("alter table marts.articles add column run_id varchar default 'run-1'")
    publish(con, tmp_path, "run-1")
    # the build replaced a7's row and set every other row's run column to this run
    con.execute("update marts.articles set run_id = 'run-2'")
    con.execute("update marts.articles set article_id = 'a7b' where article_id = 'a7'")
    con.execute("create temp table article_keys as select unnest(['a7', 'a7b']) as article_id")
    changed = {"articles": ("article_id", "article_keys", "run_id")}

    written = publish(con, tmp_path, "run-2", changed=changed, changed_since="run-1")
    assert written == {"articles": DELTA, "figures": KEPT}
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    publish(con, fresh, "run-2", previous=False)
    assert rows(tmp_path / "published.duckdb", "articles") == rows(fresh / "published.duckdb", "articles")
    assert {row[1] for row in rows(tmp_path / "published.duckdb", "articles")} == {"run-2"}


def test_the_cli_reads_a_snapshot_written_from_a_copy(con, tmp_path):
    publish(con, tmp_path, "run-1")
    con.execute("update marts.figures set value = -1 where figure_id = 'f9'")
    assert publish(con, tmp_path, "run-2")["figures"] == DELTA
    result = duckdb_cli(
        "-readonly",
        "-csv",
        str(tmp_path / "published.duckdb"),
        "-c",
        "select value from marts.figures where figure_id = 'f9'",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["value", "-1.0"]


def test_a_mart_mostly_changed_new_columns_or_duplicate_rows_is_written_whole(con, tmp_path):
    publish(con, tmp_path, "run-1")
    con.execute("update marts.figures set value = value + 1 where article < 50")  # half of the rows
    con.execute("alter table marts.articles add column outlet varchar")
    assert publish(con, tmp_path, "run-2") == {"articles": WHOLE, "figures": WHOLE}
    con.execute("insert into marts.figures select * from marts.figures where figure_id = 'f1'")  # duplicate
    assert publish(con, tmp_path, "run-3")["figures"] == WHOLE
    assert (
        rows(tmp_path / "published.duckdb", "figures").count(
            rows(tmp_path / "published.duckdb", "figures")[1]
        )
        == 2
    )
    assert {row[0] for row in rows(tmp_path / "published.duckdb", "articles")} == {
        f"a{n}" for n in range(100)
    }


def test_a_dropped_mart_leaves_the_snapshot(con, tmp_path):
    published = tmp_path / "published.duckdb"
    write_snapshot(con, published, run_id="run-1", tables=["articles", "figures"])
    temporary = tmp_path / ".published.run-2.tmp"
    write_snapshot(con, temporary, run_id="run-2", tables=["figures"], previous=published)
    with duckdb.connect(str(temporary), read_only=True) as reader:
        tables = {row[0] for row in reader.execute("select table_name from duckdb_tables()").fetchall()}
    assert tables == {"figures", "publication"}


@pytest.mark.parametrize("damage", ["not a database", "newer storage"])
def test_an_unusable_published_file_is_not_copied(con, tmp_path, damage):
    published = tmp_path / "published.duckdb"
    if damage == "not a database":
        published.write_bytes(b"garbage" * 100)
    else:
        with duckdb.connect(str(published)) as other:  # DuckDB 2's own format: the 1.5 CLI cannot read it
            other.execute("create schema marts")
            other.execute("create table marts.figures as select * from range(3)")
    temporary = tmp_path / ".published.run-1.tmp"
    assert write_snapshot(con, temporary, run_id="run-1", tables=["figures"], previous=published) == {
        "figures": WHOLE
    }
    assert storage_version(temporary).rstrip("+") == PUBLISHED_STORAGE_VERSION
    assert len(rows(temporary, "figures")) == 2000
