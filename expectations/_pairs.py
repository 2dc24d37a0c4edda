"""Expectations shared by the pair tables: a rule broken inside one article blocks, across articles warns.

The pair tables hold one row per figure and comparison (same_article, across_articles) against the tightest
comparable figure, not one row per pair: a figure that breaks the rule with any figure breaks it with the
tightest, so the failing figures are the same while the tables grow linearly with the corpus.
"""

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


def pair_expectations(check_name: str, *, compared: str) -> list[gx.expectations.Expectation]:
    """Key, same-article and across-article checks of a table with one row per (figure, comparison).

    ``compared`` says which single figure each row compares with (the tightest one), so a reader of the
    results knows that one row stands for every pair that figure would form.
    """
    return [
        check(
            gx.expectations.ExpectColumnValuesToBeUnique,
            name=f"{check_name}_pair_key_unique",
            severity="warning",
            why="a duplicate check key means the model's grain (one row per figure and comparison) is broken",
            column="check_key",
        ),
        not_violated(
            "violates_same_article",
            name=f"{check_name}_same_article",
            severity="blocking",
            why=f"{SAME_ARTICLE_WHY}; {compared}",
            scope="same_article",
        ),
        not_violated(
            "violates_across_articles",
            name=f"{check_name}_across_articles",
            severity="warning",
            why=f"{ACROSS_ARTICLES_WHY}; {compared}",
            scope="across_articles",
        ),
    ]
