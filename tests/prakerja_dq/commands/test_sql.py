"""``prakerja sql`` on a small published file: formats, read-only, no file access, clear errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from prakerja_dq.cli import main


@pytest.fixture
def published(workspace):
    workspace.mkdir(parents=True)
    with duckdb.connect(str(workspace / "published.duckdb")) as con:
        con.execute("create schema marts")
        con.execute("create table marts.figures as select * from (values ('recipients', 680000.0)) t(m, v)")
    return workspace / "published.duckdb"


def test_a_query_prints_json_rows(published, capsys):
    assert main(["sql", "select m, v from marts.figures", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"m": "recipients", "v": 680000.0}]


def test_csv_output(published, capsys):
    assert main(["sql", "select m from marts.figures", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["m", "recipients"]


@pytest.mark.parametrize(
    "statement",
    ["drop table marts.figures", "insert into marts.figures values ('x', 1)", "delete from marts.figures"],
)
def test_writes_are_refused_and_change_nothing(published, capsys, statement):
    assert main(["sql", statement]) == 2
    assert "read-only" in capsys.readouterr().err
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select count(*) from marts.figures").fetchone() == (1,)


def test_other_files_cannot_be_read(published, capsys, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("a\n1\n")
    assert main(["sql", f"select * from read_csv('{secret}')"]) == 2
    assert "disabled" in capsys.readouterr().err


def test_no_published_marts_yet_says_what_to_do(workspace, capsys):
    assert main(["sql", "select 1"]) == 2
    assert "prakerja run" in capsys.readouterr().err


def test_csv_writes_nested_columns_as_json(workspace, capsys):
    workspace.mkdir(parents=True)
    with duckdb.connect(str(workspace / "published.duckdb")) as con:
        con.execute("create schema marts")
        con.execute(
            """create table marts.findings as select
                ['a', 'b "quoted"'] as "evidence list",
                {'wave': 3, 'dates': [date '2020-11-03']} as detail,
                map {'k': 1} as counts,
                [1, 2]::integer[2] as pair,
                3.55::decimal(6, 2) as amount,
                null::varchar[] as nothing"""
        )
    assert main(["sql", "select * from marts.findings", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows == [
        {
            "evidence list": '["a","b \\"quoted\\""]',
            "detail": '{"wave":3,"dates":["2020-11-03"]}',
            "counts": '{"k":1}',
            "pair": "[1,2]",
            "amount": "3.55",
            "nothing": "",
        }
    ]
    assert json.loads(rows[0]["evidence list"]) == ["a", 'b "quoted"']


def published_marts(published: Path) -> list[str]:
    with duckdb.connect(str(published), read_only=True) as con:
        rows = con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
        ).fetchall()
    return [name for (name,) in rows]


def test_csv_reads_every_mart_of_a_seed_run(seed_run, monkeypatch, capsys):
    monkeypatch.setenv("PRAKERJA_HOME", str(seed_run.home))
    marts = published_marts(seed_run.published)
    assert {"figures", "findings", "ingest_ledger", "articles", "publication"} <= set(marts)
    for mart in marts:
        with duckdb.connect(str(seed_run.published), read_only=True) as con:
            count, nested = con.execute(
                f"""select (select count(*) from marts.{mart}),
                    (select list(column_name) from information_schema.columns
                     where table_schema = 'marts' and table_name = '{mart}'
                       and (data_type like '%[]' or data_type like 'STRUCT%' or data_type like 'MAP%'))"""
            ).fetchone()
        assert main(["sql", f"select * from marts.{mart}", "--format", "csv"]) == 0, mart
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        assert len(rows) == count, mart
        for column in nested or []:
            assert all(row[column] == "" or isinstance(json.loads(row[column]), list | dict) for row in rows)
    assert any(published_nested_lists(seed_run.published)), "the seed run has no list values to write"


def published_nested_lists(published: Path) -> list:
    with duckdb.connect(str(published), read_only=True) as con:
        return [row[0] for row in con.execute("select evidence from marts.findings").fetchall() if row[0]]


def test_a_reader_that_stops_early_is_not_an_error(workspace):
    """`prakerja sql ... | head`: no traceback, no error message, exit code 0."""
    workspace.mkdir(parents=True)
    with duckdb.connect(str(workspace / "published.duckdb")) as con:
        con.execute("create schema marts")
        con.execute("create table marts.figures as select range as v from range(200000)")
    command = [str(Path(sys.executable).with_name("prakerja")), "sql", "select v from marts.figures"]
    process = subprocess.Popen(
        [*command, "--format", "csv"],
        env=os.environ | {"PRAKERJA_HOME": str(workspace)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout.readline() == b"v\n"
    process.stdout.close()  # as `head -1` does
    _, error = process.communicate(timeout=120)
    assert (process.returncode, error.decode()) == (0, "")
