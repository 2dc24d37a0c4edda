"""Suite for intermediate.figure_reference_checks: units and incentives against the reference data."""

from __future__ import annotations

import great_expectations as gx

from expectations._spec import SuiteSpec, check


def build_expectations() -> list[gx.expectations.Expectation]:
    e = gx.expectations
    return [
        check(
            e.ExpectColumnValuesToBeInSet,
            name="unit_fits_metric",
            severity="blocking",
            why="a value in a unit its metric does not allow (recipients in IDR) is a misread figure",
            column="unit_fits_metric",
            value_set=[True],
        ),
        check(
            e.ExpectColumnValuesToBeInSet,
            name="incentive_matches_scheme",
            kind="scheme_value",
            severity="blocking",
            why="the benefit per participant is fixed by regulation for each period; another value is wrong",
            column="incentive_matches_reference",
            value_set=[True],
        ),
    ]


SPEC = SuiteSpec(
    name="intermediate_figure_reference_checks",
    table="intermediate.figure_reference_checks",
    key="figure_id",
    build_expectations=build_expectations,
)
