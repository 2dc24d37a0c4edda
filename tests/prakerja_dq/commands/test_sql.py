"""``prakerja sql`` on a small published file: formats, read-only, no file access, clear errors."""

from __future__ import annotations

import json

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
