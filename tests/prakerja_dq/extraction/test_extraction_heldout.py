"""The held-out set (tests/fixtures/gold/heldout): 25 articles written for this test and annotated before the
extractor was run on them, to measure how the rules generalise beyond the development set.

Untouched score (commit f5fe2d7, before any rule change it prompted), scored distinct: P 0.941, R 0.901,
F1 0.921, wave ranges 0.758, qualifiers 0.992, as_of 0.750. The thresholds below are the level the extractor
meets after the general fixes that followed (P 0.993, R 1.0, F1 0.996, wave ranges 0.817, qualifiers 1.0,
as_of 0.739), less a small margin: a rule change that loses held-out figures while the dev set still passes
fits the dev set, not the news. (as_of is low partly because this set's gold carries a snapshot date stated in
the lead to the funnel figures after it, which the dev conventions do not.) Since its misses were studied to
find those fixes, this set is no longer unseen: measure generalisation again on a fresh set."""

from __future__ import annotations

import pytest

from prakerja_dq.commands.extract import to_records
from prakerja_dq.extraction import extract_files
from prakerja_dq.extraction.evaluate import format_score, read_records, score_records
from tests.conftest import GOLD_DIR

HELDOUT_DIR = GOLD_DIR / "heldout"
SECOND_DIR = GOLD_DIR / "heldout2"


@pytest.fixture(scope="module")
def heldout_score() -> dict:
    gold = read_records(HELDOUT_DIR / "figures.jsonl")
    predicted = to_records(extract_files(sorted((HELDOUT_DIR / "articles").glob("*.txt"))).figures)
    return score_records(gold, predicted, distinct=True)


def test_heldout_figures(heldout_score):
    assert heldout_score["gold"] == 142
    assert heldout_score["f1"] >= 0.98, format_score(heldout_score)
    assert heldout_score["precision"] >= 0.97, format_score(heldout_score)
    assert heldout_score["recall"] >= 0.98, format_score(heldout_score)


def test_heldout_attributes_of_matched_figures(heldout_score):
    assert heldout_score["wave_range_agreement"] >= 0.79, format_score(heldout_score)
    assert heldout_score["qualifier_agreement"] >= 0.97, format_score(heldout_score)
    assert heldout_score["as_of_agreement"] >= 0.71, format_score(heldout_score)


def test_second_heldout_set():
    """tests/fixtures/gold/heldout2: 10 articles written after the held-out fixes, annotated before the
    extractor ran on them. Untouched (commit 'gold: second held-out set'): P 0.980, R 0.960, F1 0.970, wave
    ranges 0.875, as_of 0.896 (the extractor before any held-out fix: F1 0.959). One general fix followed
    (a not-a-figure cue drops only the numbers of its own clause): P 0.980, R 1.0, F1 0.990, wave 0.88, as_of
    0.90. Its as_of misses are mostly articles whose text states no date of writing."""
    gold = read_records(SECOND_DIR / "figures.jsonl")
    predicted = to_records(extract_files(sorted((SECOND_DIR / "articles").glob("*.txt"))).figures)
    score = score_records(gold, predicted, distinct=True)
    assert score["gold"] == 50
    assert score["f1"] >= 0.96, format_score(score)
    assert score["wave_range_agreement"] >= 0.85, format_score(score)
    assert score["as_of_agreement"] >= 0.85, format_score(score)
