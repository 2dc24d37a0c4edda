"""The naive per-article regex loop the extractor is measured against."""

from __future__ import annotations

import json
from pathlib import Path

from prakerja_dq.bench.naive import extract, paths_of
from prakerja_dq.bench.naive import main as naive_main

REPO_ROOT = Path(__file__).resolve().parents[3]
SEED_ARTICLES = REPO_ROOT / "seeds" / "articles"


def test_naive_loop_is_the_shared_tool_and_reads_a_list(tmp_path, capsys):
    records = extract("d", "Pendaftar gelombang 3 capai 5,9 juta. Penerima Rp600 ribu.")
    assert [(r["metric"], r["value"]) for r in records] == [
        ("registrants", 3.0),
        ("registrants", 5_900_000.0),
        ("recipients", 600_000.0),
    ]
    listing = tmp_path / "list.txt"
    paths = sorted(SEED_ARTICLES.glob("*.txt"))
    listing.write_text("\n".join(str(p) for p in paths) + "\n", encoding="utf-8")
    assert paths_of(["--list", str(listing)]) == [str(p) for p in paths]
    naive_main(["--list", str(listing)])
    lines = capsys.readouterr().out.splitlines()
    assert {json.loads(line)["doc"] for line in lines} == {p.stem for p in paths}
