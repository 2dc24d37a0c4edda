"""Suite for intermediate.figure_claims: every staged figure has one status against its claim."""

from __future__ import annotations

import great_expectations as gx

from expectations._spec import SuiteSpec, check

FIGURE_STATUSES = ["agrees", "outlier", "single_source", "not_comparable"]
STRUCTURE_WHY = (
    "a figure without one known status, or with a negative distance, means the status model is broken, "
    "not the figure: it is flagged for the maintainer and nothing is quarantined"
)


def build_expectations() -> list[gx.expectations.Expectation]:
    e = gx.expectations
    return [
        check(
            e.ExpectColumnValuesToBeUnique,
            name="figure_status_unique",
            severity="warning",
            why=STRUCTURE_WHY,
            column="figure_id",
        ),
        check(
            e.ExpectColumnValuesToBeInSet,
            name="figure_status_known",
            severity="warning",
            why=STRUCTURE_WHY,
            column="status",
            value_set=FIGURE_STATUSES,
        ),
        check(
            e.ExpectColumnValuesToNotBeNull,
            name="figure_status_present",
            severity="warning",
            why=STRUCTURE_WHY,
            column="status",
        ),
        check(
            e.ExpectColumnValuesToBeBetween,
            name="distance_from_consensus_positive",
            severity="warning",
            why=STRUCTURE_WHY,
            column="distance_from_consensus",
            min_value=0,
        ),
    ]


SPEC = SuiteSpec(
    name="intermediate_figure_claims",
    table="intermediate.figure_claims",
    key="figure_id",
    build_expectations=build_expectations,
)
