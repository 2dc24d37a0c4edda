"""Every suite is built from expectation objects, labelled with a severity and a reason, and snapshotted."""

from __future__ import annotations

import json

import pytest

from expectations import SUITES

SPECS = {spec.name: spec for spec in SUITES}


@pytest.mark.parametrize("name", sorted(SPECS))
def test_json_snapshot_matches_the_suite_built_in_python(name):
    spec = SPECS[name]
    assert spec.json_path.is_file(), f"run `python -m expectations` to write {spec.json_path.name}"
    assert json.loads(spec.json_path.read_text(encoding="utf-8")) == json.loads(spec.to_json())


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_expectation_says_how_severe_it_is_and_why(name):
    suite = SPECS[name].build_suite()
    assert suite.expectations
    for expectation in suite.expectations:
        assert expectation.meta["severity"] in {"blocking", "warning", "info"}
        assert len(expectation.meta["why"]) > 20
        assert expectation.meta["check"]
        assert (
            expectation.severity.value
            == {"blocking": "critical", "warning": "warning", "info": "info"}[expectation.meta["severity"]]
        )


def test_check_names_are_unique_and_tables_have_one_suite():
    names = [e.meta["check"] for spec in SUITES for e in spec.build_suite().expectations]
    assert len(names) == len(set(names))
    tables = [spec.table for spec in SUITES]
    assert len(tables) == len(set(tables))
