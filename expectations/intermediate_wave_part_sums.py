"""Suite for intermediate.wave_part_sums: disjoint wave parts never add up to more than their whole."""

from __future__ import annotations

import great_expectations as gx

from expectations._pairs import pair_expectations
from expectations._spec import SuiteSpec


def build_expectations() -> list[gx.expectations.Expectation]:
    return pair_expectations(
        "wave_parts_within_whole",
        kind="order_violation",
        compared="each whole is compared with the two disjoint parts inside it of its article, dated no "
        "later, that add up to the most",
    )


SPEC = SuiteSpec(
    name="intermediate_wave_part_sums",
    table="intermediate.wave_part_sums",
    key="check_key",
    build_expectations=build_expectations,
)
