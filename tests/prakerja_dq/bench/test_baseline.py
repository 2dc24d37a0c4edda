"""The per-article benchmark baseline produces comparable records."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from prakerja_dq.bench.baseline import extract_articles_baseline
from prakerja_dq.contract import FIGURE_SCHEMA
from prakerja_dq.extraction import extract_articles
from prakerja_dq.extraction.evaluate import read_records, score_records
from prakerja_dq.textio import read_article
from tests.conftest import GOLD_FIGURES

REPO_ROOT = Path(__file__).resolve().parents[3]
SEED_ARTICLES = REPO_ROOT / "seeds" / "articles"


@pytest.fixture(scope="module")
def seeds() -> pl.DataFrame:
    paths = sorted(SEED_ARTICLES.glob("*.txt"))
    return pl.DataFrame({"doc": [p.stem for p in paths], "text": [read_article(p).text for p in paths]})


def test_baseline_records_follow_the_contract(seeds):
    result = extract_articles_baseline(seeds)
    assert result.figures.schema == pl.Schema(FIGURE_SCHEMA)
    texts = dict(seeds.iter_rows())
    for row in result.figures.iter_rows(named=True):
        assert texts[row["doc"]][row["start"] : row["end"]] == row["evidence"]


def test_baseline_finds_mostly_the_same_figures(seeds):
    fast = {
        (r["doc"], r["metric"], r["value"]) for r in extract_articles(seeds).figures.iter_rows(named=True)
    }
    slow = {
        (r["doc"], r["metric"], r["value"])
        for r in extract_articles_baseline(seeds).figures.iter_rows(named=True)
    }
    assert len(fast & slow) >= 0.85 * len(fast)


def test_baseline_scores_reasonably(seeds):
    result = score_records(read_records(GOLD_FIGURES), extract_articles_baseline(seeds).figures.to_dicts())
    assert result["f1"] >= 0.85
