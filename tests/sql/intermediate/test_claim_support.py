"""A figure's support in its claim (``intermediate.claim_reports``) equals the pairwise definition.

The model counts support per distinct interval of a claim, and splits articles into those reporting one
interval of the claim and those reporting several, so that nothing it joins grows with the number of reports.
These tests check it against the plain definition, computed here pair by pair over the model's own rows: the
reports of the same claim whose intervals, widened by the agreement tolerance, overlap the figure's interval,
counted as reports, distinct outlets and distinct articles.
"""

from __future__ import annotations

import random

import duckdb
import pytest

from tests.gold_warehouse import build_gold_warehouse, build_synthetic_warehouse, make_figure

PAIRWISE_SUPPORT = """
    with facts as (
        select cast(value as double) as tolerance
        from staging.reference_programme_facts where fact = 'agreement_tolerance'
    ),
    pairwise as (
        select
            this.figure_id,
            count(*) as supporting_reports,
            count(distinct other.source_label) as supporting_outlets,
            count(distinct other.article_id) as supporting_articles
        from intermediate.claim_reports as this
        cross join facts
        inner join intermediate.claim_reports as other
            on other.claim_id = this.claim_id
            and other.lower_bound <= this.compare_upper * (1 + facts.tolerance)
            and this.lower_bound <= other.compare_upper * (1 + facts.tolerance)
        group by this.figure_id
    )
    select
        reports.figure_id,
        coalesce(pairwise.supporting_reports, 1),
        coalesce(pairwise.supporting_outlets, 1),
        coalesce(pairwise.supporting_articles, 1)
    from intermediate.claim_reports as reports
    left join pairwise using (figure_id)
"""
MODEL_SUPPORT = """
    select figure_id, supporting_reports, supporting_outlets, supporting_articles
    from intermediate.claim_reports
"""


@pytest.fixture
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


def assert_support_is_pairwise(con: duckdb.DuckDBPyConnection) -> None:
    model = sorted(con.sql(MODEL_SUPPORT).fetchall())
    assert model, "no comparable figures: the test would prove nothing"
    assert model == sorted(con.sql(PAIRWISE_SUPPORT).fetchall())


def random_claim_figures(seed: int, *, articles: int = 80) -> list[dict]:
    """Figures of a few claims, mostly one value per article, some articles with several values of a claim.

    Values repeat (as news copy does) and overlap through the tolerance, "more than" and "about"; some
    outlets publish several articles; an unknown qualifier gives a figure without bounds.
    """
    rng = random.Random(seed)
    values = [18_000_000, 18_100_000, 18_111_475, 18_200_000, 18_900_000, 26_920_000, 5_600_000]
    qualifiers = ["exact"] * 6 + ["more_than", "about", "almost", "at_least", "roughly"]
    figures = []
    for number in range(articles):
        doc = f"d{number:03d}"
        outlet = f"Outlet {rng.randrange(7)}"
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            figures.append(
                make_figure(
                    doc,
                    "recipients",
                    rng.choice(values),
                    qualifier=rng.choice(qualifiers),
                    as_of=rng.choice(["2024-06-07", "2024-06-08", "2021-03-03"]),
                    wave_from=rng.choice([None, 1]),
                    wave_to=None,
                    outlet=outlet,
                )
            )
    return figures


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_support_equals_the_pairwise_count(con, seed):
    figures = random_claim_figures(seed)
    build_synthetic_warehouse(con, figures)
    [(several,)] = con.sql(
        "select count(*) from (select claim_id, article_id from intermediate.claim_reports "
        "group by all having count(distinct (lower_bound, compare_upper)) > 1)"
    ).fetchall()
    assert several > 0, "no article reports several intervals of a claim: that path would go untested"
    assert_support_is_pairwise(con)


def test_support_on_the_gold_warehouse_equals_the_pairwise_count(con):
    build_gold_warehouse(con)
    assert_support_is_pairwise(con)
