"""Writing a corpus: byte-identical for a seed whatever the workers, subfolders or flat, the command."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from prakerja_dq.cli import main
from prakerja_dq.synth import DEFECTS_FILE, MANIFEST_FILE, TRUTH_DATES_FILE, TRUTH_FILE, write_corpus


def _tree(root):
    return {
        str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()
    }


def test_same_seed_byte_identical_whatever_the_workers(tmp_path):
    one = write_corpus(tmp_path / "a", articles=120, seed=4, per_folder=50, workers=1)
    two = write_corpus(tmp_path / "b", articles=120, seed=4, per_folder=50, workers=2)
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert one.articles == two.articles == 120 and one.figures == two.figures > 0
    other = write_corpus(tmp_path / "c", articles=120, seed=5, per_folder=50, workers=1)
    assert _tree(tmp_path / "c") != _tree(tmp_path / "a") and other.articles == 120


def test_layout_and_truth_offsets(tmp_path):
    write_corpus(tmp_path, articles=60, seed=1, per_folder=20)
    folders = sorted(p.name for p in (tmp_path / "articles").iterdir())
    assert folders == ["00000", "00001", "00002"]
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (tmp_path / "articles").rglob("*.txt")}
    assert len(texts) == 60
    for name in (TRUTH_FILE, TRUTH_DATES_FILE):
        for line in (tmp_path / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            span = record.get("evidence", record.get("text"))
            assert texts[record["doc"]][record["start"] : record["end"]] == span
    defects = [
        json.loads(line) for line in (tmp_path / DEFECTS_FILE).read_text(encoding="utf-8").splitlines()
    ]
    assert defects and all(d["doc"] in texts for d in defects)
    for defect in defects:
        for figure in defect["figures"]:
            assert texts[defect["doc"]][figure["start"] : figure["end"]] == figure["evidence"]
        for span in defect["spans"]:
            assert texts[defect["doc"]][span["start"] : span["end"]] == span["text"]
    manifest = json.loads((tmp_path / MANIFEST_FILE).read_text())
    assert manifest["articles"] == 60 and manifest["seed"] == 1 and manifest["defects"] == len(defects)


def test_flat_and_append(tmp_path):
    write_corpus(tmp_path, articles=5, seed=2, flat=True)
    write_corpus(tmp_path, articles=5, seed=2, start=5, flat=True, append=True)
    assert len(list((tmp_path / "articles").glob("*.txt"))) == 10
    assert json.loads((tmp_path / MANIFEST_FILE).read_text())["articles"] == 10
    docs = {json.loads(line)["doc"] for line in (tmp_path / TRUTH_FILE).read_text().splitlines()}
    assert docs == {p.stem for p in (tmp_path / "articles").glob("*.txt")}


def test_prefix_of_a_bigger_corpus_is_the_smaller_corpus(tmp_path):
    write_corpus(tmp_path / "small", articles=20, seed=3, per_folder=10)
    write_corpus(tmp_path / "big", articles=40, seed=3, per_folder=10)
    small = _tree(tmp_path / "small" / "articles")
    big = _tree(tmp_path / "big" / "articles")
    assert all(big[name] == data for name, data in small.items())


def test_synth_command(tmp_path, capsys):
    assert main(["synth", "--articles", "12", "--out", str(tmp_path / "out"), "--seed", "9"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["articles"] == 12
    assert len(list((tmp_path / "out" / "articles").rglob("*.txt"))) == 12
    # A second run into the same folder refuses instead of mixing corpora.
    assert main(["synth", "--articles", "3", "--out", str(tmp_path / "out")]) == 2
    assert "not empty" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--articles", "-1"], ["--articles", "3", "--per-folder", "0"]])
def test_synth_command_rejects_bad_arguments(tmp_path, capsys, argv):
    assert main(["synth", *argv, "--out", str(tmp_path / "o")]) == 2
    assert "prakerja synth:" in capsys.readouterr().err


def test_synth_help_runs():
    completed = subprocess.run(
        [sys.executable, "-m", "prakerja_dq.cli", "synth", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0 and "--flat" in completed.stdout
