"""The cross-figure pair models on a few rows: who is paired, and which pairs violate."""

from __future__ import annotations

import duckdb
import pytest

from tests.gold_warehouse import build_synthetic_warehouse, make_figure


@pytest.fixture
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


def pairs(con, table: str) -> dict[tuple[str, ...], tuple[bool, bool]]:
    """``evidence of the figures -> (violates_same_article, violates_across_articles)``."""
    rows = con.sql(
        f"select evidence, violates_same_article, violates_across_articles from {table}"
    ).fetchall()
    return {tuple(evidence): (same, across) for evidence, same, across in rows}


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


def test_cumulative_recipients_must_not_fall_across_outlets(con):
    figures = [
        recipients("voi", 5_600_000, (1, 10), "2020-11-03", "5,6 juta"),
        recipients("kontan", 5_500_000, (1, 11), "2021-09-23", "5,5 juta"),
        recipients("kontan", 5_900_000, (12, 21), "2021-09-23", "5,9 juta"),
        recipients("kontan", 9, None, "2021-09-23", "9 orang", scope="Kecamatan Miangas"),
    ]
    build_synthetic_warehouse(con, figures)
    assert pairs(con, "intermediate.cumulative_pairs") == {("5,6 juta", "5,5 juta"): (False, True)}


@pytest.mark.parametrize(
    ("earlier_qualifier", "later_qualifier", "falls"),
    [
        ("exact", "exact", True),
        ("more_than", "exact", True),
        ("almost", "exact", False),
        ("exact", "about", False),
        ("exact", "more_than", False),
    ],
)
def test_cumulative_comparison_respects_qualifiers(con, earlier_qualifier, later_qualifier, falls):
    figures = [
        recipients("a", 5_600_000, (1, 10), "2020-11-03", "earlier", qualifier=earlier_qualifier),
        recipients("b", 5_500_000, (1, 11), "2021-09-23", "later", qualifier=later_qualifier),
    ]
    build_synthetic_warehouse(con, figures)
    assert pairs(con, "intermediate.cumulative_pairs") == {("earlier", "later"): (False, falls)}


def test_registrant_accounts_are_not_compared_with_persons(con):
    figures = [
        make_figure(
            "a", "registrants", 75_000_000, unit="accounts", as_of="2021-09-23", evidence="75 juta user"
        ),
        make_figure("b", "registrants", 11_000_000, as_of="2021-09-24", evidence="11 juta orang"),
    ]
    build_synthetic_warehouse(con, figures)
    assert pairs(con, "intermediate.cumulative_pairs") == {}
    assert pairs(con, "intermediate.metric_order_pairs") == {}


def test_recipients_le_registrants_within_and_across_articles(con):
    figures = [
        recipients("a", 680_000, (1, 3), "2020-06-08", "680.000 penerima"),
        make_figure("a", "registrants", 500_000, as_of="2020-06-08", evidence="500.000 pendaftar"),
        make_figure("b", "registrants", 600_000, as_of="2020-07-01", evidence="600.000 pendaftar"),
        make_figure("c", "registrants", 100_000, as_of="2020-05-01", evidence="earlier registrants"),
        make_figure("d", "registrants", 100_000, unit="accounts", as_of="2020-07-01", evidence="akun"),
        make_figure("a", "training_completed", 360_000, wave_from=1, wave_to=3, evidence="360.000 lulus"),
    ]
    build_synthetic_warehouse(con, figures)
    assert pairs(con, "intermediate.metric_order_pairs") == {
        ("680.000 penerima", "500.000 pendaftar"): (True, False),
        ("680.000 penerima", "600.000 pendaftar"): (False, True),
        ("360.000 lulus", "680.000 penerima"): (False, False),
    }
    rules = {row[0] for row in con.sql("select check_name from intermediate.metric_order_pairs").fetchall()}
    assert rules == {"recipients_le_registrants", "training_completed_le_recipients"}


def test_wave_subrange_and_parts(con):
    figures = [
        recipients("a", 224_000, (3, 3), "2020-06-08", "gelombang 3"),
        recipients("a", 200_000, (1, 3), "2020-06-08", "gelombang I-III"),
        recipients("b", 168_111, (1, 1), "2020-04-23", "gelombang 1"),
        recipients("c", 300_000, (2, 2), "2020-07-01", "gelombang 2 later"),
    ]
    build_synthetic_warehouse(con, figures)
    assert pairs(con, "intermediate.wave_subrange_pairs") == {
        ("gelombang 3", "gelombang I-III"): (True, False)
    }
    assert pairs(con, "intermediate.wave_part_sums") == {
        ("gelombang I-III", "gelombang 1", "gelombang 3"): (False, True),
    }


def test_wave_parts_that_fit_pass(con):
    figures = [
        recipients("a", 680_000, (1, 3), "2020-06-08", "I-III"),
        recipients("a", 224_000, (3, 3), "2020-06-08", "III"),
        recipients("b", 168_111, (1, 1), "2020-04-23", "I"),
    ]
    build_synthetic_warehouse(con, figures)
    assert pairs(con, "intermediate.wave_part_sums") == {("I-III", "I", "III"): (False, False)}


def test_the_tightest_greater_figure_of_many_is_named(con):
    """Among many registrants figures, the recipients figure meets only the least one dated no earlier."""
    figures = [
        recipients("a", 680_000, (1, 3), "2020-06-08", "680.000 penerima"),
        *[
            make_figure(f"r{i}", "registrants", 700_000 + 1000 * i, as_of="2020-06-10", evidence=f"reg {i}")
            for i in range(20)
        ],
        make_figure("early", "registrants", 100_000, as_of="2020-05-01", evidence="too early"),
    ]
    build_synthetic_warehouse(con, figures)
    assert pairs(con, "intermediate.metric_order_pairs") == {("680.000 penerima", "reg 0"): (False, False)}
    figures[5]["value"] = 600_000
    build_synthetic_warehouse(duckdb_fresh := duckdb.connect(), figures)
    assert pairs(duckdb_fresh, "intermediate.metric_order_pairs") == {
        ("680.000 penerima", "reg 4"): (False, True)
    }
    duckdb_fresh.close()


def test_cumulative_names_the_largest_earlier_figure_and_skips_its_own_article(con):
    figures = [
        recipients("x", 5_000_000, (1, 9), "2020-10-01", "x 5,0"),
        recipients("y", 5_600_000, (1, 10), "2020-11-03", "y 5,6"),
        recipients("z", 5_700_000, (1, 10), "2021-01-01", "z 5,7 own"),
        recipients("z", 5_500_000, (1, 11), "2021-09-23", "z 5,5"),
        recipients("w", 5_400_000, (1, 11), "2021-09-23", "w 5,4 same day"),
    ]
    build_synthetic_warehouse(con, figures)
    assert pairs(con, "intermediate.cumulative_pairs") == {
        ("x 5,0", "y 5,6"): (False, False),
        ("y 5,6", "z 5,7 own"): (False, False),
        # within article z the fall blocks; across articles z's own 5,7 is skipped and y's 5,6 is the largest
        ("z 5,7 own", "z 5,5"): (True, False),
        ("y 5,6", "z 5,5"): (False, True),
        # w meets the largest earlier figure of any other article; z 5,5 (same waves, same day) is not earlier
        ("z 5,7 own", "w 5,4 same day"): (False, True),
    }
