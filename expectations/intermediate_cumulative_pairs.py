"""Suite for intermediate.cumulative_pairs: cumulative counts never fall as waves and dates advance."""

from __future__ import annotations

import great_expectations as gx

from expectations._pairs import pair_expectations
from expectations._spec import SuiteSpec


def build_expectations() -> list[gx.expectations.Expectation]:
    return pair_expectations(
        "cumulative_non_decreasing",
        kind="cumulative_fall",
        compared="each cumulative count is compared with the largest earlier count of its article (no more "
        "waves, no later date)",
    )


SPEC = SuiteSpec(
    name="intermediate_cumulative_pairs",
    table="intermediate.cumulative_pairs",
    key="check_key",
    build_expectations=build_expectations,
)
