"""Suite for intermediate.scheme_part_sums: the parts of a stated benefit add up to its total."""

from __future__ import annotations

import great_expectations as gx

from expectations._spec import SuiteSpec, not_violated


def build_expectations() -> list[gx.expectations.Expectation]:
    return [
        not_violated(
            "parts_miss_total",
            name="scheme_parts_add_up",
            severity="warning",
            kind="scheme_parts_sum",
            why="parts that do not add up to the stated benefit mean one amount in the article is wrong; "
            "each amount is also checked against the scheme on its own, so here the total and its parts are "
            "published with a flag and the finding shows the addition",
        ),
    ]


SPEC = SuiteSpec(
    name="intermediate_scheme_part_sums",
    table="intermediate.scheme_part_sums",
    key="check_key",
    build_expectations=build_expectations,
)
