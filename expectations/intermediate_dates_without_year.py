"""Suite for intermediate.dates_without_year: dates stated with day and month only."""

from __future__ import annotations

import great_expectations as gx

from expectations._spec import SuiteSpec, not_violated


def build_expectations() -> list[gx.expectations.Expectation]:
    return [
        not_violated(
            "lacks_year",
            name="date_states_year",
            severity="info",
            kind="date_without_year",
            why="a date without a year is read with an inferred year (given in the finding with its reason); "
            "a text-quality note for a reader, not a contradiction, so nothing is flagged or quarantined",
        ),
    ]


SPEC = SuiteSpec(
    name="intermediate_dates_without_year",
    table="intermediate.dates_without_year",
    key="mention_id",
    build_expectations=build_expectations,
)
