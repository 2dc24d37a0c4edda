"""A warehouse made before a column was added to a base table still works: the column is added, null."""

from __future__ import annotations

import duckdb

from prakerja_dq.settings import SEEDS_DIR
from prakerja_dq.warehouse import ADDED_COLUMNS, build_models, create_base_tables

OLD_FIGURE_MENTIONS = """
create schema if not exists raw;
create table raw.figure_mentions (
    article_id varchar not null, doc varchar not null, metric varchar, value double, unit varchar,
    qualifier varchar, wave_from integer, wave_to integer, period_year integer, as_of varchar, scope varchar,
    basis varchar, evidence varchar, start bigint, "end" bigint, run_id varchar not null
);
insert into raw.figure_mentions values ('a1', 'doc1', 'quota', 600000, 'persons', 'exact', 12, 12, 2021,
    null, 'national', 'total', '600.000 orang', 0, 13, 'r0');
"""


def test_an_old_figure_mentions_table_gains_the_rule_column():
    con = duckdb.connect()
    con.execute(OLD_FIGURE_MENTIONS)
    create_base_tables(con)
    create_base_tables(con)  # twice: adding a column that exists is a no-op
    columns = [row[0] for row in con.execute("describe raw.figure_mentions").fetchall()]
    assert columns[-1] == "rule" and columns.count("rule") == 1
    assert ("raw.figure_mentions", "rule", "varchar") in ADDED_COLUMNS
    assert con.execute("select rule from raw.figure_mentions").fetchall() == [(None,)]
    con.execute("set variable seeds_dir = ?", [str(SEEDS_DIR)])
    build_models(con, ["staging"])
    assert con.execute("select metric, rule from staging.figures").fetchall() == [("quota", None)]


def test_a_new_warehouse_has_the_same_layout_as_an_upgraded_one():
    old, new = duckdb.connect(), duckdb.connect()
    old.execute(OLD_FIGURE_MENTIONS)
    create_base_tables(old)
    create_base_tables(new)
    describe = "select column_name, column_type from (describe raw.figure_mentions)"
    assert old.execute(describe).fetchall() == new.execute(describe).fetchall()
