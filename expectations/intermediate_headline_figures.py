"""Suite for intermediate.headline_figures: a headline figure is one its article's body supports."""

from __future__ import annotations

import great_expectations as gx

from expectations._spec import SuiteSpec, not_violated


def build_expectations() -> list[gx.expectations.Expectation]:
    return [
        not_violated(
            "unsupported",
            name="headline_supported_by_body",
            severity="warning",
            kind="headline_unsupported",
            why="a headline figure that no figure of the body agrees with is what readers remember and what "
            "the article does not back; it is published with a flag, the body's figures shown beside it",
        ),
    ]


SPEC = SuiteSpec(
    name="intermediate_headline_figures",
    table="intermediate.headline_figures",
    key="figure_id",
    build_expectations=build_expectations,
)
