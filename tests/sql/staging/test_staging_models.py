"""The staging models on a few hand-made rows in an in-memory DuckDB."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from prakerja_dq.warehouse import build_models, create_base_tables, read_models


@pytest.fixture
def con():
    connection = duckdb.connect()
    create_base_tables(connection)
    connection.execute(
        """
        insert into raw.articles values
            ('a1', 'doc1', '/in/doc1.txt', 'h1', 'utf-8', 'Teks satu', 'r1', now()),
            ('a2', 'doc2', '/in/doc2.txt', 'h2', 'utf-8', 'Teks dua', 'r1', now());
        insert into raw.article_meta values
            ('a1', 'doc1', 'Bisnis.com', date '2020-06-08', 'Judul', 'r1');
        insert into raw.figure_mentions values
            ('a1', 'doc1', 'recipients', 680000, 'persons', 'exact', 1, 3, 2020, '2020-06-08', 'national',
             'total', 'mencapai 680.000 orang', 10, 32, 'r1', 'cue:recipients'),
            ('a1', 'doc1', 'survey_share', 91, 'percent', 'almost', null, null, null, '2021-02', 'national',
             'total', 'hampir 91%', 40, 50, 'r1', null);
        insert into raw.date_mentions values
            ('a1', 'doc1', 'Rabu, 3 November', 5, 21, 'Rabu', '2020-11-03', 'Selasa', false, 'r1');
        """
    )
    build_models(connection, ["staging"])
    yield connection
    connection.close()


def test_figures_are_typed_and_joined_to_their_article(con):
    rows = con.execute(
        "select figure_id, outlet, published_date, value, wave_from, as_of_date from staging.figures "
        "order by start"
    ).fetchall()
    assert [row[1:] for row in rows] == [
        ("Bisnis.com", dt.date(2020, 6, 8), 680000.0, 1, dt.date(2020, 6, 8)),
        ("Bisnis.com", dt.date(2020, 6, 8), 91.0, None, dt.date(2021, 2, 1)),
    ]
    assert len({row[0] for row in rows}) == 2


def test_figure_ids_are_stable_across_rebuilds(con):
    before = con.execute("select figure_id from staging.figures order by figure_id").fetchall()
    build_models(con, ["staging"])
    assert con.execute("select figure_id from staging.figures order by figure_id").fetchall() == before


def test_date_mentions_keep_the_stated_and_the_actual_weekday(con):
    row = con.execute(
        "select outlet, mentioned_date, weekday_stated, weekday_actual, consistent from staging.date_mentions"
    ).fetchone()
    assert row == ("Bisnis.com", dt.date(2020, 11, 3), "Rabu", "Selasa", False)


def test_articles_count_their_figures_even_without_metadata(con):
    rows = con.execute("select doc, outlet, figure_count from staging.articles order by doc").fetchall()
    assert rows == [("doc1", "Bisnis.com", 2), ("doc2", None, 0)]


def test_every_model_file_states_its_purpose_and_grain():
    for model in read_models(["raw", "staging", "intermediate", "marts", "validation", "quarantine"]):
        head = model.sql.lstrip().splitlines()[:3]
        assert head[0].startswith(f"-- {model.relation}:"), model.path
        assert any("grain:" in line for line in head), model.path
