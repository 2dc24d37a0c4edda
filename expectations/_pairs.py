"""Expectations shared by the pair tables: a rule broken inside one article blocks.

Across articles, reports are judged against the consensus of their claim (``intermediate_claims``) and the
cumulative timeline (``intermediate_metric_timeline``), not pair by pair: a pair across articles no longer
makes a finding on its own.

The pair tables hold one row per figure against the tightest comparable figure of its own article, not one
row per pair: a figure that breaks the rule with any figure breaks it with the tightest, so the failing
figures are the same while the tables grow linearly with the corpus.
"""

from __future__ import annotations

import great_expectations as gx

from expectations._spec import check, not_violated

SAME_ARTICLE_WHY = (
    "an article that contradicts itself cannot be trusted on either figure, and we cannot tell "
    "which is wrong: both are quarantined"
)


def pair_expectations(check_name: str, *, compared: str, kind: str) -> list[gx.expectations.Expectation]:
    """Key and same-article checks of a table with one row per compared figure; ``kind`` of the findings.

    ``compared`` says which single figure each row compares with (the tightest one), so a reader of the
    results knows that one row stands for every pair that figure would form.
    """
    return [
        check(
            gx.expectations.ExpectColumnValuesToBeUnique,
            name=f"{check_name}_pair_key_unique",
            severity="warning",
            why="a duplicate check key means the model's grain (one row per compared figure) is broken",
            column="check_key",
        ),
        not_violated(
            "violates_same_article",
            name=f"{check_name}_same_article",
            severity="blocking",
            why=f"{SAME_ARTICLE_WHY}; {compared}",
            scope="same_article",
            kind=kind,
        ),
    ]
