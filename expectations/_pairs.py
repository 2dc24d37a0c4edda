"""Expectations shared by the pair tables: a rule broken inside one article blocks, across articles warns."""

from __future__ import annotations

import great_expectations as gx

from expectations._spec import check, not_violated

SAME_ARTICLE_WHY = (
    "an article that contradicts itself cannot be trusted on either figure, and we cannot tell "
    "which is wrong: both are quarantined"
)
ACROSS_ARTICLES_WHY = (
    "two sources disagree and neither is known to be right: the conflict is recorded with both sources and "
    "the figures are published with a flag"
)


def pair_expectations(check_name: str) -> list[gx.expectations.Expectation]:
    return [
        check(
            gx.expectations.ExpectColumnValuesToBeUnique,
            name=f"{check_name}_pair_key_unique",
            severity="warning",
            why="a duplicate pair key means the model's grain is broken",
            column="check_key",
        ),
        not_violated(
            "violates_same_article",
            name=f"{check_name}_same_article",
            severity="blocking",
            why=SAME_ARTICLE_WHY,
            scope="same_article",
        ),
        not_violated(
            "violates_across_articles",
            name=f"{check_name}_across_articles",
            severity="warning",
            why=ACROSS_ARTICLES_WHY,
            scope="across_articles",
        ),
    ]
