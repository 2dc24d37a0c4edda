"""The inbox is incremental: a rerun adds nothing, a new article file is ingested alone and published."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from flows.pipeline import run_pipeline

# Indonesian thousands-grouped numbers (680.000, 11.000.000): the programme counts in the seeds.
GROUPED_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d,]|\.\d)")


def with_other_numbers(text: str, *, factor: float) -> str:
    """The article with every thousands-grouped count scaled by ``factor`` and regrouped.

    >>> with_other_numbers("ada 360.000 peserta dan 11.000.000 pendaftar", factor=1.5)
    'ada 540.000 peserta dan 16.500.000 pendaftar'
    """

    def scaled(match: re.Match) -> str:
        value = round(int(match.group().replace(".", "")) * factor)
        return f"{value:,}".replace(",", ".")

    return GROUPED_NUMBER.sub(scaled, text)


def published(home: Path) -> dict:
    """What the published snapshot holds: figure ids, ledger rows and the publishing run."""
    with duckdb.connect(str(home / "published.duckdb"), read_only=True) as con:
        return {
            "figure_ids": sorted(
                row[0] for row in con.execute("select figure_id from marts.figures").fetchall()
            ),
            "ledger": sorted(
                con.execute(
                    "select path, content_sha256, status, article_id from marts.ingest_ledger"
                ).fetchall()
            ),
            "run_id": con.execute("select run_id from marts.publication").fetchone()[0],
        }


@pytest.fixture(scope="module")
def three_runs(tmp_path_factory, prefect_harness) -> dict:
    """Seeds, the same inbox again, then the inbox plus one rewritten article: summaries and snapshots."""
    from tests.conftest import SEED_ARTICLES

    root = tmp_path_factory.mktemp("incremental")
    home, inbox = root / "home", root / "inbox"
    shutil.copytree(SEED_ARTICLES, inbox)
    first = run_pipeline(input_dir=str(inbox), home=str(home))
    after_first = published(home)
    second = run_pipeline(input_dir=str(inbox), home=str(home))
    after_second = published(home)
    source = sorted(inbox.iterdir())[0]
    rewritten = inbox / f"{source.stem}_rewritten.txt"
    rewritten.write_text(
        with_other_numbers(source.read_text(encoding="utf-8"), factor=1.05), encoding="utf-8"
    )
    third = run_pipeline(input_dir=str(inbox), home=str(home))
    return {
        "home": home,
        "rewritten": rewritten,
        "summaries": (first, second, third),
        "snapshots": (after_first, after_second, published(home)),
    }


def test_a_second_run_over_the_same_inbox_adds_nothing(three_runs):
    first, second, _ = three_runs["summaries"]
    before, after, _ = three_runs["snapshots"]
    assert first.articles_ingested == 5 and before["figure_ids"]
    assert (second.files_seen, second.articles_ingested, second.duplicates, second.rejected) == (5, 0, 0, 0)
    assert second.figures_extracted == 0
    assert after["ledger"] == before["ledger"]
    assert after["figure_ids"] == before["figure_ids"]
    assert after["run_id"] == second.run_id != before["run_id"]


def test_a_new_article_file_is_ingested_alone_and_its_figures_are_published(three_runs):
    summary = three_runs["summaries"][2]
    _, before, after = three_runs["snapshots"]
    assert (summary.files_seen, summary.articles_ingested, summary.duplicates, summary.rejected) == (
        6,
        1,
        0,
        0,
    )
    assert summary.articles_extracted == 1 and summary.figures_extracted > 0
    new_rows = [row for row in after["ledger"] if row not in before["ledger"]]
    assert [(row[0], row[2]) for row in new_rows] == [(str(three_runs["rewritten"]), "accepted")]
    new_article = new_rows[0][3]
    with duckdb.connect(str(three_runs["home"] / "published.duckdb"), read_only=True) as con:
        new_figures = {
            row[0]
            for row in con.execute(
                "select figure_id from marts.figures where article_id = ?", [new_article]
            ).fetchall()
        }
    assert new_figures, "none of the new article's figures were published"
    assert new_figures.isdisjoint(before["figure_ids"])
    assert set(after["figure_ids"]) > new_figures
