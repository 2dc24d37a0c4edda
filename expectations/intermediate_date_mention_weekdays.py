"""Suite for intermediate.date_mention_weekdays: a stated weekday matches its date."""

from __future__ import annotations

import great_expectations as gx

from expectations._spec import SuiteSpec, check


def build_expectations() -> list[gx.expectations.Expectation]:
    return [
        check(
            gx.expectations.ExpectColumnValuesToBeInSet,
            name="weekday_matches_date",
            kind="weekday_mismatch",
            severity="warning",
            why="a wrong weekday shows a sloppy date line; figures dated that day are flagged, not removed",
            column="weekday_matches",
            value_set=[True],
        ),
    ]


SPEC = SuiteSpec(
    name="intermediate_date_mention_weekdays",
    table="intermediate.date_mention_weekdays",
    key="check_key",
    build_expectations=build_expectations,
)
