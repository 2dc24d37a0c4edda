"""The extraction process the benchmark times: every listed file read, as the naive loop reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from prakerja_dq.bench.extract import extract_listed, read_text

REPO_ROOT = Path(__file__).resolve().parents[3]
SEED_ARTICLES = REPO_ROOT / "seeds" / "articles"


def test_extraction_process_reads_every_listed_file(tmp_path):
    listing = tmp_path / "files.txt"
    paths = sorted(SEED_ARTICLES.glob("*.txt"))
    listing.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
    result = extract_listed(listing, tmp_path / "figures.parquet", batch_size=2)
    size = sum(len(p.read_text(encoding="utf-8").encode()) for p in paths) / 1e6
    assert result["articles"] == len(paths) and result["mb"] == pytest.approx(size, abs=0.01)
    assert result["figures"] >= 35  # the seeds hold 39 gold figures
    import polars as pl

    assert pl.read_parquet(tmp_path / "figures.parquet").height == result["figures"]


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"plain text\n",
        b"line one\r\nline two\rline three\n",
        "Rp600 ribu \u2013 \u201ckata\u201d".encode(),
        b"bad \xff\xfe byte",
        b"x" * 70_000,
    ],
)
def test_files_read_as_the_naive_loop_reads_them(tmp_path, raw):
    path = tmp_path / "a.txt"
    path.write_bytes(raw)
    with open(path, encoding="utf-8", errors="replace") as handle:
        assert read_text(str(path)) == handle.read()
