"""Suite for intermediate.unit_conflicts: one figure is not stated in two units in one article."""

from __future__ import annotations

import great_expectations as gx

from expectations._spec import SuiteSpec, not_violated


def build_expectations() -> list[gx.expectations.Expectation]:
    return [
        not_violated(
            "unit_differs",
            name="figure_has_one_unit",
            severity="warning",
            kind="unit_conflict",
            why="the same number called people in one sentence and accounts in another cannot be both; the "
            "number itself may be right, so its statements are published with a flag for a reader to check "
            "the unit",
        ),
    ]


SPEC = SuiteSpec(
    name="intermediate_unit_conflicts",
    table="intermediate.unit_conflicts",
    key="check_key",
    build_expectations=build_expectations,
)
