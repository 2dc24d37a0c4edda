"""Building blocks of the suites: one ``SuiteSpec`` per validated table, reference data, JSON snapshots."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import great_expectations as gx
from great_expectations.expectations.metadata_types import FailureSeverity

from prakerja_dq.settings import SEEDS_DIR

Severity = Literal["blocking", "warning", "info"]
SNAPSHOT_DIR = Path(__file__).resolve().parent / "snapshots"
REFERENCE_DIR = SEEDS_DIR / "reference"
_GX_SEVERITY: dict[str, FailureSeverity] = {
    "blocking": FailureSeverity.CRITICAL,
    "warning": FailureSeverity.WARNING,
    "info": FailureSeverity.INFO,
}


@dataclass(frozen=True)
class SuiteSpec:
    """A suite for one warehouse table; ``key`` is the column that routes failing rows back to figures."""

    name: str
    table: str
    key: str
    build_expectations: Callable[[], list[gx.expectations.Expectation]]

    def build_suite(self) -> gx.ExpectationSuite:
        return gx.ExpectationSuite(name=self.name, expectations=self.build_expectations())

    @property
    def json_path(self) -> Path:
        return SNAPSHOT_DIR / f"{self.name}.json"

    def to_json(self) -> str:
        return json.dumps(self.build_suite().to_json_dict(), indent=2, sort_keys=True) + "\n"


def check(
    expectation: type[gx.expectations.Expectation],
    *,
    name: str,
    severity: Severity,
    why: str,
    scope: str | None = None,
    kind: str | None = None,
    **kwargs: Any,
) -> gx.expectations.Expectation:
    """An expectation labelled with our check name, its severity and the reason for that severity.

    ``scope`` (same_article) marks pair checks whose rows name their own rule; ``kind``
    is the defect kind its findings report (``synth.defects.KINDS``; a ``kind`` column of the row wins).
    """
    meta = {"check": name, "severity": severity, "why": why}
    meta |= ({"scope": scope} if scope else {}) | ({"kind": kind} if kind else {})
    return expectation(**kwargs, severity=_GX_SEVERITY[severity], meta=meta)


def not_violated(
    column: str,
    *,
    name: str,
    severity: Severity,
    why: str,
    scope: str | None = None,
    kind: str | None = None,
) -> gx.expectations.Expectation:
    """A boolean column computed by a SQL model that must never be true."""
    return check(
        gx.expectations.ExpectColumnValuesToBeInSet,
        name=name,
        severity=severity,
        why=why,
        scope=scope,
        kind=kind,
        column=column,
        value_set=[False],
    )


def read_programme_facts(reference_dir: Path = REFERENCE_DIR) -> dict[str, str]:
    """``fact -> value`` from seeds/reference/programme_facts.csv."""
    with (reference_dir / "programme_facts.csv").open(encoding="utf-8", newline="") as handle:
        return {row["fact"]: row["value"] for row in csv.DictReader(handle)}


def read_metric_units(reference_dir: Path = REFERENCE_DIR) -> dict[str, list[str]]:
    """``metric -> allowed units`` from seeds/reference/metrics.csv."""
    with (reference_dir / "metrics.csv").open(encoding="utf-8", newline="") as handle:
        return {row["metric"]: row["unit"].split("|") for row in csv.DictReader(handle)}
