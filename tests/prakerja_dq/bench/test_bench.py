"""``prakerja bench``: the quick run end to end (real processes), the measurements and the targets table."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from prakerja_dq.bench import Report, Row, folder_size, format_report, grow_inbox, targets, write_report
from prakerja_dq.bench.extract import extract_listed, read_text
from prakerja_dq.bench.naive import extract, paths_of
from prakerja_dq.bench.naive import main as naive_main
from prakerja_dq.cli import main

REPO_ROOT = Path(__file__).resolve().parents[3]
SEED_ARTICLES = REPO_ROOT / "seeds" / "articles"


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


def test_run_timed_reports_the_childs_own_peak_memory():
    # Linux starts a child's ru_maxrss at the high-water mark of the process it was spawned from, and a
    # test worker is large: measure from a fresh, small interpreter, as `prakerja bench` measures.
    probe = """
import json, sys
from prakerja_dq.bench.measure import run_timed
grow = "x = bytearray(150 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096]); print('done')"
big = run_timed([sys.executable, "-c", grow])
small = run_timed([sys.executable, "-c", "print('done')"])
failed = run_timed([sys.executable, "-c", "import sys; sys.exit('boom')"])
print(json.dumps([big.peak_rss_mb, small.peak_rss_mb, big.stdout, failed.returncode, failed.stderr_tail]))
"""
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    big_mb, small_mb, big_stdout, failed_code, failed_tail = json.loads(result.stdout)
    assert big_stdout.strip() == "done"
    assert big_mb > 150 > small_mb  # not the running maximum over all children
    assert failed_code == 1 and "boom" in failed_tail


def _report(*rows: Row) -> Report:
    report = Report(machine={}, started="2026-01-01 00:00 UTC")
    report.rows.extend(rows)
    return report


def test_targets_compare_each_case_with_issue_13():
    report = _report(
        Row("naive loop (whole process)", 100_000, 100_000, 200.0, 40.0),
        Row("extract (whole process)", 100_000, 100_000, 200.0, 5.0),
        Row("run: full", 100_000, 100_000, 200.0, 80.0, 1500.0),
        Row("run: rerun", 100_000, 0, 0.0, 6.0),
        Row("run: add", 100_000, 1000, 2.0, 16.0),
        Row("run: full", 1_000_000, 1_000_000, 2000.0, 800.0, 2100.0),
        Row("run: add", 1_000_000, 1000, 2.0, 19.0),
    )
    found = {t.case: (t.measured, t.met) for t in targets(report)}
    assert found["100.000 full run"] == ("80.0 s", False)
    assert found["unchanged rerun at 100.000"] == ("6.0 s / 80.0 s = 0.07x", True)
    assert found["adding 1.000 to 100.000"] == ("16.0 s / 80.0 s = 0.20x", False)
    assert found["1.000.000 full run"] == ("800.0 s / 80.0 s = 10.00x", True)
    assert found["1.000.000 full run, peak RSS"] == ("2,100 MB", False)
    assert found["adding 1.000 to 1.000.000"] == ("19.0 s", True)
    assert found["extraction, whole process"] == ("40.0 MB/s", False)
    assert found["extraction vs the naive loop"] == ("8.0x (40.0 vs 5.0 MB/s)", False)


def test_report_replaces_only_its_own_section(tmp_path):
    out = tmp_path / "B.md"
    out.write_text("# Benchmarks\n\nintro\n", encoding="utf-8")
    write_report(_report(Row("extract (whole process)", 10, 10, 1.0, 0.5, 100.0, "3.0x naive")), out)
    write_report(_report(Row("extract (whole process)", 10, 10, 1.0, 0.25, 100.0, "6.0x naive")), out)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nintro\n")
    assert text.count("## Latest `prakerja bench` run") == 1
    assert "| extract (whole process) | 10 | 10 | 1.0 | 0.25 | 4.0 | 100 | 6.0x naive |" in text
    assert "0.50" not in text
    assert format_report(_report()).count("| issue 13 target |") == 1


def test_prefixes_move_whole_folders(tmp_path):
    corpus, inbox = tmp_path / "corpus", tmp_path / "inbox"
    for number in range(3):
        (corpus / f"{number:05d}").mkdir(parents=True)
    grow_inbox(corpus, inbox, articles=20, per_folder=10)
    assert sorted(p.name for p in inbox.iterdir()) == ["00000", "00001"]
    grow_inbox(corpus, inbox, articles=30, per_folder=10)
    assert len(list(inbox.iterdir())) == 3 and not any(corpus.iterdir())
    assert folder_size([100_000, 1_000_000]) == 1000


@pytest.mark.parametrize("argv", [["--stages", "nope"], ["--articles", "0"], ["--repeat", "0"]])
def test_bench_rejects_bad_arguments(argv):
    assert main(["bench", *argv]) == 2


def test_bench_rejects_bad_sizes():
    with pytest.raises(SystemExit):
        main(["bench", "--sizes", "x"])


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
