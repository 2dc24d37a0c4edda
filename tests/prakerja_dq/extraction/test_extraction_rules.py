"""The rule data: every pattern compiles in both engines, every metric it names is in the vocabulary."""

from __future__ import annotations

import csv
import itertools
import re

import polars as pl
import pytest

from prakerja_dq.extraction.rules import (
    KINDS,
    NOT_A_FIGURE,
    context_cues,
    count_nouns,
    metric_cues,
    metric_rules,
    patterns,
    read_data_csv,
    regions,
)
from prakerja_dq.extraction.scan import rx
from tests.conftest import GOLD_DIR


@pytest.fixture(scope="module")
def vocabulary() -> set[str]:
    with (GOLD_DIR / "metrics.csv").open(encoding="utf-8", newline="") as handle:
        return {row["metric"] for row in csv.DictReader(handle)}


def test_every_metric_the_rules_name_is_in_the_vocabulary(vocabulary):
    assert set(metric_rules()) == vocabulary
    named = {metric for cue in metric_cues() for kind in KINDS for metric in getattr(cue, kind)}
    assert named - {NOT_A_FIGURE} <= vocabulary
    assert {row["metric"] for row in count_nouns().values() if row["metric"]} <= vocabulary
    assert {row["as_of"] if "as_of" in row else row["dated"] for row in metric_rules().values()} <= {
        "none",
        "article",
        "stated",
    }


def test_every_pattern_compiles_in_python_and_in_polars():
    frame = pl.DataFrame({"text": ["Sebanyak 5 juta orang mendaftar, kata Denni, Senin (8/6/2020)."]})
    for name, pattern in patterns().items():
        re.compile(pattern)
        frame.select(pl.col("text").str.contains(rx()[name]))
    for cue in metric_cues():
        re.compile(cue.pattern)
    for pattern in context_cues().values():
        re.compile(pattern)


def test_cue_names_are_unique_and_regions_name_provinces():
    names = [cue.cue for cue in metric_cues()] + list(context_cues())
    assert len(names) == len(set(names))
    assert regions()["Jatim"] == regions()["Jawa Timur"] == "Provinsi Jawa Timur"


def test_waves_by_year_run_on_without_gaps():
    rows = read_data_csv("waves_by_year.csv")
    assert rows[0]["first_wave"] == "1"
    for earlier, later in itertools.pairwise(rows):
        assert int(later["year"]) == int(earlier["year"]) + 1
        assert int(later["first_wave"]) == int(earlier["last_wave"]) + 1
