"""Suite for intermediate.outlet_agreement_pairs: two sources reporting the same figure agree."""

from __future__ import annotations

import great_expectations as gx

from expectations._spec import SuiteSpec, check, not_violated


def build_expectations() -> list[gx.expectations.Expectation]:
    return [
        check(
            gx.expectations.ExpectColumnValuesToBeUnique,
            name="outlet_agreement_pair_key_unique",
            severity="warning",
            why="a duplicate check key means the model's grain (one row per figure) is broken",
            column="check_key",
        ),
        not_violated(
            "violates",
            name="outlets_agree",
            severity="warning",
            why="a conflict between two outlets is recorded with both sources; which one is right "
            "is for a reader to judge, so both figures are published with a flag; each figure is compared "
            "with the most distant report of the same figure by another source at most the agreement "
            "window before it",
        ),
    ]


SPEC = SuiteSpec(
    name="intermediate_outlet_agreement_pairs",
    table="intermediate.outlet_agreement_pairs",
    key="check_key",
    build_expectations=build_expectations,
)
