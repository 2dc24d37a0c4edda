"""Suite for intermediate.metric_order_pairs: a subset metric never exceeds its superset.

The SQL model names the rule of each pair in ``check_name`` (recipients_le_registrants, ...); the suite
checks the violation columns, and findings carry the rule's name from the row.
"""

from __future__ import annotations

import great_expectations as gx

from expectations._pairs import pair_expectations
from expectations._spec import SuiteSpec


def build_expectations() -> list[gx.expectations.Expectation]:
    return pair_expectations(
        "metric_order",
        kind="order_violation",
        compared="each subset figure is compared with the least superset figure of its article dated no "
        "earlier whose waves cover it",
    )


SPEC = SuiteSpec(
    name="intermediate_metric_order_pairs",
    table="intermediate.metric_order_pairs",
    key="check_key",
    build_expectations=build_expectations,
)
