"""Synthetic Indonesian news about Kartu Prakerja, with the truth it plants, for tests and benchmarks.

``render_article(seed, index)`` is pure; ``write_corpus`` writes many articles quickly (worker processes,
subfolders of ``per_folder`` files) with ``truth.jsonl``, ``truth_dates.jsonl`` and ``defects.jsonl`` (the
defects it plants, ``synth.defects``) beside them.
"""

from prakerja_dq.synth.corpus import (
    ARTICLES_DIR,
    DEFECTS_FILE,
    MANIFEST_FILE,
    TRUTH_DATES_FILE,
    TRUTH_FILE,
    CorpusStats,
    write_corpus,
)
from prakerja_dq.synth.generate import Article, render_article

__all__ = [
    "ARTICLES_DIR",
    "DEFECTS_FILE",
    "MANIFEST_FILE",
    "TRUTH_DATES_FILE",
    "TRUTH_FILE",
    "Article",
    "CorpusStats",
    "render_article",
    "write_corpus",
]
