"""The same-article pair models on a few rows: who is paired, and which pairs violate.

Across articles no pair is formed (claims and the timeline judge those reports), so each test also holds
figures of other articles that would be paired if they were compared, and checks that they are not.
"""

from __future__ import annotations

import duckdb
import pytest

from tests.gold_warehouse import build_synthetic_warehouse, make_figure

PAIR_TABLES = (
    "intermediate.cumulative_pairs",
    "intermediate.metric_order_pairs",
    "intermediate.wave_subrange_pairs",
    "intermediate.wave_part_sums",
)


@pytest.fixture
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


def pairs(con, table: str) -> dict[tuple[str, ...], bool]:
    """``evidence of the figures -> violates_same_article``, asserting every row stays inside one article."""
    rows = con.sql(f"select evidence, article_ids, violates_same_article from {table}").fetchall()
    assert all(len(set(article_ids)) == 1 for _, article_ids, _ in rows)
    return {tuple(evidence): violates for evidence, _, violates in rows}


def recipients(
    doc: str, value: float, waves: tuple[int, int] | None, as_of: str, evidence: str, **fields
) -> dict:
    wave_from, wave_to = waves or (None, None)
    return make_figure(
        doc,
        "recipients",
        value,
        wave_from=wave_from,
        wave_to=wave_to,
        as_of=as_of,
        evidence=evidence,
        **fields,
    )


def test_pair_tables_have_no_across_article_columns(con):
    build_synthetic_warehouse(con, [recipients("a", 5_600_000, (1, 10), "2020-11-03", "5,6 juta")])
    for table in PAIR_TABLES:
        columns = {row[0] for row in con.sql(f"describe {table}").fetchall()}
        assert {"check_key", "violates_same_article", "figure_ids", "article_ids", "detail"} <= columns
        assert not columns & {"comparison", "same_article", "violates_across_articles"}, table


def test_cumulative_recipients_must_not_fall_within_an_article(con):
    figures = [
        recipients("voi", 5_800_000, (1, 10), "2020-11-03", "voi 5,8 juta"),
        recipients("kontan", 5_600_000, (1, 10), "2020-11-03", "5,6 juta"),
        recipients("kontan", 5_500_000, (1, 11), "2021-09-23", "5,5 juta"),
        recipients("kontan", 5_900_000, (12, 21), "2021-09-23", "5,9 juta"),
        recipients("kontan", 9, None, "2021-09-23", "9 orang", scope="Kecamatan Miangas"),
    ]
    build_synthetic_warehouse(con, figures)
    # voi's 5,8 juta would be the largest earlier count across articles: it is not compared
    assert pairs(con, "intermediate.cumulative_pairs") == {("5,6 juta", "5,5 juta"): True}


def test_a_fall_across_outlets_alone_forms_no_pair(con):
    figures = [
        recipients("voi", 5_600_000, (1, 10), "2020-11-03", "5,6 juta"),
        recipients("kontan", 5_500_000, (1, 11), "2021-09-23", "5,5 juta"),
    ]
    build_synthetic_warehouse(con, figures)
    assert pairs(con, "intermediate.cumulative_pairs") == {}


@pytest.mark.parametrize(
    ("earlier_qualifier", "later_qualifier", "falls"),
    [
        ("exact", "exact", True),
        ("more_than", "exact", True),
        ("almost", "exact", False),
        ("exact", "more_than", False),
        # within one article 'sekitar' hedges rounding, not direction
        ("exact", "about", True),
        ("about", "about", True),
        ("about", "exact", False),
    ],
)
def test_cumulative_comparison_respects_qualifiers(con, earlier_qualifier, later_qualifier, falls):
    figures = [
        recipients("a", 5_600_000, (1, 10), "2020-11-03", "earlier", qualifier=earlier_qualifier),
        recipients("a", 5_500_000, (1, 11), "2021-09-23", "later", qualifier=later_qualifier),
    ]
    build_synthetic_warehouse(con, figures)
    assert pairs(con, "intermediate.cumulative_pairs") == {("earlier", "later"): falls}


def test_registrant_accounts_are_not_compared_with_persons(con):
    figures = [
        make_figure(
            "a", "registrants", 75_000_000, unit="accounts", as_of="2021-09-23", evidence="75 juta user"
        ),
        make_figure("a", "registrants", 11_000_000, as_of="2021-09-24", evidence="11 juta orang"),
    ]
    build_synthetic_warehouse(con, figures)
    assert pairs(con, "intermediate.cumulative_pairs") == {}
    assert pairs(con, "intermediate.metric_order_pairs") == {}


def test_recipients_le_registrants_within_an_article(con):
    figures = [
        recipients("a", 680_000, (1, 3), "2020-06-08", "680.000 penerima"),
        make_figure("a", "registrants", 500_000, as_of="2020-06-08", evidence="500.000 pendaftar"),
        make_figure("a", "registrants", 100_000, as_of="2020-05-01", evidence="earlier registrants"),
        make_figure("a", "registrants", 100_000, unit="accounts", as_of="2020-07-01", evidence="akun"),
        make_figure("b", "registrants", 100_000, as_of="2020-07-01", evidence="other article"),
        make_figure("a", "training_completed", 360_000, wave_from=1, wave_to=3, evidence="360.000 lulus"),
    ]
    build_synthetic_warehouse(con, figures)
    assert pairs(con, "intermediate.metric_order_pairs") == {
        ("680.000 penerima", "500.000 pendaftar"): True,
        ("360.000 lulus", "680.000 penerima"): False,
    }
    rules = {row[0] for row in con.sql("select check_name from intermediate.metric_order_pairs").fetchall()}
    assert rules == {"recipients_le_registrants", "training_completed_le_recipients"}


def test_wave_subrange_and_parts(con):
    figures = [
        recipients("a", 224_000, (3, 3), "2020-06-08", "gelombang 3"),
        recipients("a", 200_000, (1, 3), "2020-06-08", "gelombang I-III"),
        recipients("a", 168_111, (1, 1), "2020-04-23", "gelombang 1"),
        recipients("b", 100_000, (1, 3), "2020-07-01", "I-III other article"),
        recipients("c", 300_000, (2, 2), "2020-06-01", "gelombang 2 other article"),
    ]
    build_synthetic_warehouse(con, figures)
    assert pairs(con, "intermediate.wave_subrange_pairs") == {("gelombang 3", "gelombang I-III"): True}
    assert pairs(con, "intermediate.wave_part_sums") == {
        ("gelombang I-III", "gelombang 1", "gelombang 3"): True,
    }


def test_wave_parts_that_fit_pass(con):
    figures = [
        recipients("a", 680_000, (1, 3), "2020-06-08", "I-III"),
        recipients("a", 224_000, (3, 3), "2020-06-08", "III"),
        recipients("a", 168_111, (1, 1), "2020-04-23", "I"),
        recipients("b", 600_000, (1, 1), "2020-04-23", "I other article"),
    ]
    build_synthetic_warehouse(con, figures)
    assert pairs(con, "intermediate.wave_part_sums") == {("I-III", "I", "III"): False}


def test_the_tightest_greater_figure_of_many_is_named(con):
    """Of many registrants figures in its article, the recipients figure meets the least dated no earlier."""
    figures = [
        recipients("a", 680_000, (1, 3), "2020-06-08", "680.000 penerima"),
        *[
            make_figure("a", "registrants", 700_000 + 1000 * i, as_of="2020-06-10", evidence=f"reg {i}")
            for i in range(20)
        ],
        make_figure("a", "registrants", 100_000, as_of="2020-05-01", evidence="too early"),
        make_figure("other", "registrants", 500_000, as_of="2020-06-10", evidence="other article"),
    ]
    build_synthetic_warehouse(con, figures)
    assert pairs(con, "intermediate.metric_order_pairs") == {("680.000 penerima", "reg 0"): False}
    figures[5]["value"] = 600_000
    build_synthetic_warehouse(duckdb_fresh := duckdb.connect(), figures)
    assert pairs(duckdb_fresh, "intermediate.metric_order_pairs") == {("680.000 penerima", "reg 4"): True}
    duckdb_fresh.close()


def test_cumulative_names_the_largest_earlier_figure_of_its_article(con):
    figures = [
        recipients("z", 5_000_000, (1, 9), "2020-10-01", "z 5,0"),
        recipients("z", 5_600_000, (1, 10), "2020-11-03", "z 5,6"),
        recipients("z", 5_700_000, (1, 10), "2021-01-01", "z 5,7"),
        recipients("z", 5_500_000, (1, 11), "2021-09-23", "z 5,5"),
        recipients("z", 5_400_000, (1, 11), "2021-09-23", "z 5,4 same day"),
        recipients("y", 9_000_000, (1, 9), "2020-10-01", "y 9,0 other article"),
    ]
    build_synthetic_warehouse(con, figures)
    assert pairs(con, "intermediate.cumulative_pairs") == {
        ("z 5,0", "z 5,6"): False,
        ("z 5,6", "z 5,7"): False,
        ("z 5,7", "z 5,5"): True,
        # z 5,5 (the same waves, the same day) is not earlier, so 5,7 is still the largest
        ("z 5,7", "z 5,4 same day"): True,
    }
