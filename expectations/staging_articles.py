"""Suite for staging.articles: every article has a key, a date and an outlet."""

from __future__ import annotations

import great_expectations as gx

from expectations._spec import SuiteSpec, check


def build_expectations() -> list[gx.expectations.Expectation]:
    e = gx.expectations
    return [
        check(
            e.ExpectColumnValuesToNotBeNull,
            name="article_id_present",
            severity="blocking",
            why="an article without a key cannot own figures",
            column="article_id",
        ),
        check(
            e.ExpectColumnValuesToBeUnique,
            name="article_id_unique",
            severity="blocking",
            why="two articles with one key would mix their figures",
            column="article_id",
        ),
        check(
            e.ExpectColumnValuesToNotBeNull,
            name="article_has_date",
            kind="missing_date",
            severity="warning",
            why="figures without a publication date still stand on their own as_of; readers are warned",
            column="published_date",
        ),
        check(
            e.ExpectColumnValuesToNotBeNull,
            name="article_has_outlet",
            kind="missing_outlet",
            severity="warning",
            why="an unnamed source weakens a figure but does not make it wrong; it is published with a flag",
            column="outlet",
        ),
    ]


SPEC = SuiteSpec(
    name="staging_articles", table="staging.articles", key="article_id", build_expectations=build_expectations
)
