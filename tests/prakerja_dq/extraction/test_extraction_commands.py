"""``prakerja extract`` and ``prakerja eval``."""

from __future__ import annotations

import json
from pathlib import Path

from prakerja_dq.cli import main
from prakerja_dq.contract import FIGURE_RECORD_FIELDS
from tests.conftest import DEV_DIR, GOLD_DIR, GOLD_FIGURES

REPO_ROOT = Path(__file__).resolve().parents[3]
SEED_ARTICLES = REPO_ROOT / "seeds" / "articles"


def test_extract_prints_contract_records(capsys):
    path = SEED_ARTICLES / "004_0ea286e896933c06.txt"
    assert main(["extract", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert records and all(tuple(r) == FIGURE_RECORD_FIELDS for r in records)
    assert {
        "doc": "004_0ea286e896933c06",
        "metric": "incentive_per_participant",
        "value": 3550000,
    }.items() <= next(r for r in records if r["metric"] == "incentive_per_participant").items()
    assert all("\\u" not in line for line in lines)
    assert all(r["rule"] for r in records)


def test_extract_table(capsys):
    assert main(["extract", str(SEED_ARTICLES / "003_75dccba2dc8e8b2c.txt"), "--format", "table"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["doc", "metric", "value"]
    assert any("digital_platforms" in line for line in out)


def test_extract_writes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    main(["extract", str(SEED_ARTICLES / "003_75dccba2dc8e8b2c.txt")])
    assert list(tmp_path.iterdir()) == []


def test_extract_missing_file_exits_2(capsys, tmp_path):
    assert main(["extract", str(tmp_path / "nope.txt")]) == 2
    assert "nope.txt: no such file" in capsys.readouterr().err


def test_extract_unreadable_file_exits_2(capsys, tmp_path):
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    assert main(["extract", str(binary)]) == 2
    assert "binary" in capsys.readouterr().err


def test_eval_text_and_json(capsys):
    assert main(["eval", "--gold", str(GOLD_FIGURES), "--articles", str(SEED_ARTICLES)]) == 0
    text = capsys.readouterr().out
    assert "precision" in text and "wave range" in text and "recipients" in text
    assert (
        main(["eval", "--gold", str(GOLD_FIGURES), "--articles", str(SEED_ARTICLES), "--format", "json"]) == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert result["f1"] >= 0.95
    assert set(result["per_metric"]["recipients"]) == {"gold", "pred", "tp", "precision", "recall", "f1"}


def test_eval_user_errors_exit_2(capsys, tmp_path):
    assert main(["eval", "--gold", str(tmp_path / "g.jsonl"), "--articles", str(SEED_ARTICLES)]) == 2
    assert "no such gold file" in capsys.readouterr().err
    gold = tmp_path / "g.jsonl"
    gold.write_text("", encoding="utf-8")
    assert main(["eval", "--gold", str(gold), "--articles", str(tmp_path)]) == 2
    assert "no *.txt articles" in capsys.readouterr().err


def test_eval_distinct_and_vocab_on_the_dev_set(capsys):
    args = ["eval", "--gold", str(DEV_DIR / "figures.jsonl"), "--articles", str(DEV_DIR / "articles")]
    assert main([*args, "--format", "json"]) == 0
    every_mention = json.loads(capsys.readouterr().out)
    assert main([*args, "--distinct", "--format", "json"]) == 0
    distinct = json.loads(capsys.readouterr().out)
    assert distinct["pred"] < every_mention["pred"] and distinct["precision"] > every_mention["precision"]
    assert distinct["f1"] >= 0.95
    assert main([*args, "--distinct", "--vocab", str(GOLD_DIR / "metrics.csv")]) == 0
    assert "precision" in capsys.readouterr().out


def test_eval_missing_vocabulary_exits_2(capsys, tmp_path):
    args = ["eval", "--gold", str(GOLD_FIGURES), "--articles", str(SEED_ARTICLES)]
    assert main([*args, "--vocab", str(tmp_path / "none.csv")]) == 2
    assert "no such vocabulary file" in capsys.readouterr().err
