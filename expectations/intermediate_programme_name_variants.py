"""Suite for intermediate.programme_name_variants: the card called by another name ("Kartu Pekerja")."""

from __future__ import annotations

import great_expectations as gx

from expectations._spec import SuiteSpec, not_violated


def build_expectations() -> list[gx.expectations.Expectation]:
    return [
        not_violated(
            "uses_variant",
            name="programme_named_correctly",
            severity="info",
            kind="programme_name_variant",
            why="a misspelt or borrowed name for the card (KTP is the identity card) is a text-quality note "
            "for a reader: no figure is wrong because of it, so nothing is flagged or quarantined",
        ),
    ]


SPEC = SuiteSpec(
    name="intermediate_programme_name_variants",
    table="intermediate.programme_name_variants",
    key="check_key",
    build_expectations=build_expectations,
)
