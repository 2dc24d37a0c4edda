"""Scoring, and the acceptance target on the seed articles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from prakerja_dq.commands.extract import to_records
from prakerja_dq.extraction import extract_files
from prakerja_dq.extraction.evaluate import format_score, match_records, read_records, score_records
from tests.conftest import GOLD_FIGURES, SCORER

REPO_ROOT = Path(__file__).resolve().parents[3]
SEED_ARTICLES = REPO_ROOT / "seeds" / "articles"


@pytest.fixture(scope="module")
def gold():
    return read_records(GOLD_FIGURES)


@pytest.fixture(scope="module")
def predicted():
    return to_records(extract_files(sorted(SEED_ARTICLES.glob("*.txt"))).figures)


def test_seed_target(gold, predicted):
    result = score_records(gold, predicted)
    assert result["f1"] >= 0.95, format_score(result)
    assert result["wave_range_agreement"] >= 0.9, format_score(result)
    assert result["qualifier_agreement"] >= 0.9, format_score(result)
    assert result["as_of_agreement"] >= 0.9, format_score(result)


def test_scores_like_the_shared_scorer(gold, predicted, tmp_path):
    degraded = [*predicted[::2], {**predicted[1], "metric": "quota"}]
    pred_file = tmp_path / "pred.jsonl"
    pred_file.write_text("".join(json.dumps(r) + "\n" for r in degraded), encoding="utf-8")
    shared = json.loads(
        subprocess.run(
            [sys.executable, str(SCORER), str(GOLD_FIGURES), str(pred_file), "--json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    ours = score_records(gold, degraded)
    for key in (
        "gold",
        "pred",
        "tp",
        "precision",
        "recall",
        "f1",
        "wave_range_agreement",
        "qualifier_agreement",
    ):
        assert ours[key] == shared[key], key
    assert ours["as_of_agreement"] == shared["as_of_agreement"]
    assert {m: {k: c[k] for k in ("gold", "pred", "tp")} for m, c in ours["per_metric"].items()} == shared[
        "per_metric"
    ]


def test_each_gold_line_is_used_once():
    gold = [{"doc": "a", "metric": "m", "value": 5}]
    pred = [{"doc": "a", "metric": "m", "value": 5.0}, {"doc": "a", "metric": "m", "value": 5}]
    matched, extra, missed = match_records(gold, pred)
    assert (len(matched), len(extra), len(missed)) == (1, 1, 0)
    result = score_records(gold, pred)
    assert (result["precision"], result["recall"]) == (0.5, 1.0)


def test_predictions_for_docs_outside_gold_are_ignored():
    gold = [{"doc": "a", "metric": "m", "value": 1}]
    result = score_records(gold, [{"doc": "zzz", "metric": "m", "value": 1}])
    assert result["pred"] == 0 and result["f1"] == 0.0


def test_values_match_when_equal_to_four_places():
    gold = [{"doc": "a", "metric": "m", "value": 0.1234}]
    assert score_records(gold, [{"doc": "a", "metric": "m", "value": 0.1236}])["tp"] == 0
    assert score_records(gold, [{"doc": "a", "metric": "m", "value": 0.12341}])["tp"] == 1


def test_bad_gold_lines_are_reported(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"doc": "a"}\nnot json\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"gold\.jsonl:2"):
        read_records(path)
