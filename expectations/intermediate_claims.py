"""Suite for intermediate.claims: one row per claim, a consistent consensus, and no disputed claim.

A disputed claim is one finding listing every source on each side (``evidence``), naming the dissenting
figures (both sides when the reports are evenly split); a pair of figures no longer makes a finding.
"""

from __future__ import annotations

import great_expectations as gx

from expectations._spec import SuiteSpec, check, not_violated

CLAIM_STATUSES = ["agreed", "disputed", "single_source", "not_comparable"]
STRUCTURE_WHY = (
    "a broken claim table (duplicate claim, unknown status, inverted interval) means the model is wrong, "
    "not the figures: it is flagged for the maintainer and nothing is quarantined"
)


def build_expectations() -> list[gx.expectations.Expectation]:
    e = gx.expectations
    return [
        check(
            e.ExpectColumnValuesToBeUnique,
            name="claim_id_unique",
            severity="warning",
            why=STRUCTURE_WHY,
            column="claim_id",
        ),
        check(
            e.ExpectColumnValuesToBeInSet,
            name="claim_status_known",
            severity="warning",
            why=STRUCTURE_WHY,
            column="status",
            value_set=CLAIM_STATUSES,
        ),
        check(
            e.ExpectColumnPairValuesAToBeGreaterThanB,
            name="claim_interval_ordered",
            severity="warning",
            why=STRUCTURE_WHY,
            column_A="consensus_high",
            column_B="consensus_low",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
        check(
            e.ExpectColumnValuesToBeBetween,
            name="claim_has_reports",
            severity="warning",
            why=STRUCTURE_WHY,
            column="reports",
            min_value=1,
        ),
        not_violated(
            "disputed",
            name="claim_agreed",
            severity="warning",
            kind="outlier",
            why="reports of one quantity that do not agree with its best-supported value: which side is "
            "right is for a reader to judge, so the figures are published with a flag and the finding lists "
            "every source on each side; one finding per disputed claim",
        ),
    ]


SPEC = SuiteSpec(
    name="intermediate_claims",
    table="intermediate.claims",
    key="claim_id",
    build_expectations=build_expectations,
)
