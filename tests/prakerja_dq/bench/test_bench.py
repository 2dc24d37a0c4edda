"""``prakerja bench``: the quick run end to end (real processes) and the arguments it refuses."""

from __future__ import annotations

import time

import pytest

from prakerja_dq.cli import main


def test_bench_quick_measures_extraction_against_the_naive_loop(tmp_path, capsys):
    """The real command with its real subprocesses; it must stay well under a minute."""
    out = tmp_path / "BENCHMARKS.md"
    out.write_text("# Benchmarks\n\n## Extraction throughput\n\nhand-written\n", encoding="utf-8")
    started = time.perf_counter()
    code = main(
        ["bench", "--quick", "--sizes", "300", "--workdir", str(tmp_path / "work"), "--out", str(out)]
    )
    assert code == 0, capsys.readouterr().err
    assert time.perf_counter() - started < 60
    text = out.read_text(encoding="utf-8")
    assert "## Extraction throughput\n\nhand-written" in text  # the hand-written part is kept
    assert "CPU:" in text and "polars" in text and "load average" in text
    rows = {line.split("|")[1].strip(): line.split("|") for line in text.splitlines() if "| 300 |" in line}
    assert set(rows) == {"naive loop (whole process)", "extract (whole process)"}
    for cells in rows.values():
        assert cells[3].strip() == "300"  # every article went through
        assert float(cells[4]) > 0.5  # MB of text
    assert rows["extract (whole process)"][8].strip().endswith("x naive")
    assert "| extraction vs the naive loop | >= 10x |" in text
    assert not any((tmp_path / "work").iterdir())  # the corpus is cleaned up


@pytest.mark.parametrize("argv", [["--stages", "nope"], ["--articles", "0"], ["--repeat", "0"]])
def test_bench_rejects_bad_arguments(argv):
    assert main(["bench", *argv]) == 2


def test_bench_rejects_bad_sizes():
    with pytest.raises(SystemExit):
        main(["bench", "--sizes", "x"])
