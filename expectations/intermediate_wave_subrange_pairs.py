"""Suite for intermediate.wave_subrange_pairs: a wave sub-range never exceeds its enclosing range."""

from __future__ import annotations

import great_expectations as gx

from expectations._pairs import pair_expectations
from expectations._spec import SuiteSpec


def build_expectations() -> list[gx.expectations.Expectation]:
    return pair_expectations(
        "wave_subrange",
        kind="order_violation",
        compared="each wave sub-range is compared with the least enclosing range of its article dated no "
        "earlier",
    )


SPEC = SuiteSpec(
    name="intermediate_wave_subrange_pairs",
    table="intermediate.wave_subrange_pairs",
    key="check_key",
    build_expectations=build_expectations,
)
