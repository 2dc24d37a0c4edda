"""A real pipeline run over bad input next to the seeds: the good is published, every file accounted for.

The folder (tests/robustness/inbox.py) holds empty, blank, binary, cp1252, BOM+CRLF, HTML, 50 MB, duplicate,
unreadable (broken link, named pipe, link to a folder), hidden, oddly named, script/SQL and absurd-number
files. Unreadable-by-permission is covered in tests/flows/test_ingest.py (root reads anything, so that test
drops privileges in a forked child).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from tests.conftest import SEED_ARTICLES
from tests.robustness.conftest import query
from tests.robustness.inbox import ABSURD_SPANS, CP1252_ARTICLE

pytestmark = pytest.mark.timeout(600)

MOJIBAKE = re.compile(r"Ã[\x80-\xbf©¡­³¼]|Â[\xa0-\xbf]|â€")
INDONESIA_POPULATION = 300_000_000


def test_the_run_finishes_and_counts_every_outcome(hostile_run):
    """The summary's file, duplicate and rejected counts match the oracle; no stage failed."""
    summary, expected = hostile_run.summary, hostile_run.expected
    statuses = [outcome.status for outcome in expected.values()]
    assert summary.files_seen == len(expected)
    assert summary.articles_ingested == statuses.count("accepted")
    assert summary.duplicates == statuses.count("duplicate")
    assert summary.rejected == statuses.count("rejected")
    assert summary.failures == []


def test_every_file_has_one_ledger_row_with_status_and_reason(hostile_run):
    """Ledger paths are exactly the folder's entries, each with its status and, unless accepted, a reason."""
    rows = query(hostile_run.published, "select path, status, reason from marts.ingest_ledger")
    assert sorted(row[0] for row in rows) == sorted(str(path) for path in hostile_run.expected)
    for path, status, reason in rows:
        outcome = hostile_run.expected[Path(path)]
        assert status == outcome.status, (path, status, reason)
        if status != "accepted":
            assert reason and reason.startswith(outcome.reason), (path, reason)


def test_the_seed_articles_are_published(hostile_run):
    """Every seed article has published figures, as in a run over the seeds alone."""
    published_docs = {
        row[0] for row in query(hostile_run.published, "select distinct doc from marts.figures")
    }
    assert {path.stem for path in SEED_ARTICLES.glob("*.txt")} <= published_docs


def test_every_accepted_article_was_extracted(hostile_run):
    """Each accepted article has its metadata row (extraction ran over it), exactly once."""
    accepted = query(hostile_run.warehouse, "select count(*) from raw.articles")[0][0]
    assert accepted == sum(outcome.status == "accepted" for outcome in hostile_run.expected.values())
    assert query(
        hostile_run.warehouse, "select count(*), count(distinct article_id) from raw.article_meta"
    ) == [(accepted, accepted)]


def test_no_mojibake_in_the_warehouse_or_the_marts(hostile_run):
    """The cp1252 article lands with its curly quotes and accents, and no text anywhere holds mojibake."""
    texts = dict(query(hostile_run.warehouse, "select doc, text from raw.articles"))
    assert texts["windows-1252"] == CP1252_ARTICLE
    for doc, text in texts.items():
        assert not MOJIBAKE.search(text), doc
    for table, column in [("figures", "evidence"), ("articles", "headline"), ("articles", "outlet")]:
        values = [row[0] for row in query(hostile_run.published, f"select {column} from marts.{table}")]
        assert not any(MOJIBAKE.search(value or "") for value in values), (table, column)


def test_the_html_page_lands_as_text_without_tags(hostile_run):
    """The HTML file's article keeps its sentences and has no markup, script or style left."""
    (text,) = query(hostile_run.warehouse, "select text from raw.articles where doc = 'halaman'")[0]
    assert "Jumlah penerima Kartu Prakerja gelombang 9 mencapai 800.000 orang" in text
    assert not re.search(r"</?[a-zA-Z!]", text)
    assert "tracker" not in text and "display:none" not in text


def test_script_and_sql_text_is_stored_verbatim_and_harmless(hostile_run):
    """The article with <script> and SQL-looking strings lands as text; the tables it names are intact."""
    (text,) = query(hostile_run.warehouse, "select text from raw.articles where doc = 'script and sql'")[0]
    assert "<script>alert('xss')</script>" in text and "'; DROP TABLE marts.figures; --" in text
    assert query(hostile_run.published, "select count(*) > 0 from marts.figures") == [(True,)]
    assert query(hostile_run.warehouse, "select count(*) from raw.articles")[0][0] >= 5


def test_absurd_and_malformed_numbers_are_never_published(hostile_run):
    """`1.2.3 juta`, `Rp -5 juta` and `999.999 triliun` yield no published figure."""
    evidence = [row[0] for row in query(hostile_run.published, "select evidence from marts.figures")]
    leaked = [span for span in evidence for bad in ABSURD_SPANS if bad in span]
    assert leaked == []
    text = query(hostile_run.warehouse, "select text from raw.articles where doc = 'angka aneh'")[0][0]
    spans = [(text.index(bad), text.index(bad) + len(bad)) for bad in ABSURD_SPANS]
    figures = query(
        hostile_run.published, "select evidence, start, \"end\" from marts.figures where doc = 'angka aneh'"
    )
    overlapping = [row for row in figures for start, end in spans if row[1] < end and row[2] > start]
    assert overlapping == []


def test_published_values_are_finite_positive_and_plausible(hostile_run):
    """No published figure is negative, zero, infinite, or a head count above Indonesia's population."""
    rows = query(hostile_run.published, "select doc, evidence, value, unit from marts.figures")
    bad = [
        row
        for row in rows
        if row[2] is None
        or not math.isfinite(row[2])
        or row[2] <= 0
        or (row[3] in {"persons", "accounts"} and row[2] > INDONESIA_POPULATION)
        or (row[3] == "percent" and row[2] > 100)
    ]
    assert bad == []
