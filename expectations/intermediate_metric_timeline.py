"""Suite for intermediate.metric_timeline: cumulative counts never fall below an earlier agreed value."""

from __future__ import annotations

import great_expectations as gx

from expectations._spec import SuiteSpec, check, not_violated


def build_expectations() -> list[gx.expectations.Expectation]:
    return [
        check(
            gx.expectations.ExpectColumnValuesToBeUnique,
            name="timeline_point_unique",
            severity="warning",
            why="a duplicate point means the timeline's grain (one row per claim) is broken, not a figure",
            column="claim_id",
        ),
        not_violated(
            "breaks",
            name="cumulative_holds_on_timeline",
            severity="warning",
            kind="cumulative_fall",
            why="a cumulative count below the best-supported value of an earlier date (beyond the tolerance "
            "in programme_facts.csv) contradicts a value several reports agree on, not a single other "
            "report; the falling reports are published with a flag, since a reader must judge whether they "
            "are stale or misread; one finding per point of the timeline",
        ),
    ]


SPEC = SuiteSpec(
    name="intermediate_metric_timeline",
    table="intermediate.metric_timeline",
    key="claim_id",
    build_expectations=build_expectations,
)
