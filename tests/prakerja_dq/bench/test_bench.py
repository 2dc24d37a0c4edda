"""``prakerja bench`` as a smoke run: correctness of the command and its report, not timings."""

from __future__ import annotations

from pathlib import Path

import pytest

from prakerja_dq.bench import Report, Row, folder_size, format_report, grow_inbox, write_report
from prakerja_dq.bench import runner as bench
from prakerja_dq.cli import main


def test_bench_quick_writes_the_expected_rows(tmp_path, capsys):
    """The real command, with its real subprocesses, on 50 articles (the flow is stubbed below: starting
    Prefect's temporary server in a subprocess costs 10-40 s on a busy machine)."""
    out = tmp_path / "BENCHMARKS.md"
    argv = ["bench", "--sizes", "50", "--quick", "--stages", "baseline,extract"]
    code = main([*argv, "--workdir", str(tmp_path / "work"), "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    assert "## Machine" in text and "CPU:" in text and "polars" in text
    rows = [line for line in text.splitlines() if line.startswith("| 50 |")]
    assert [row.split("|")[2].strip() for row in rows] == ["baseline (per-article re)", "extract"]
    for row in rows:
        assert row.split("|")[3].strip() == "50"  # every article went through
    assert rows[1].split("|")[9].strip().endswith("x")  # the ratio against the baseline
    assert not any((tmp_path / "work").iterdir())  # the temporary corpus is cleaned up


def test_flow_and_incremental_rows(tmp_path, monkeypatch):
    """The driver's flow and incremental steps, with the subprocess replaced by a stub that counts files."""
    calls = []

    def fake_run_json(args, *, env=None, timeout=None):
        inbox = Path(args[1])
        files = sum(1 for _ in inbox.rglob("*.txt"))
        calls.append((args[0], files, env.get("PRAKERJA_HOME") if env else None))
        return {
            "articles": files,
            "ingested": files,
            "files": files,
            "figures": 9 * files,
            "quarantined": 0,
            "findings": 0,
            "failures": [],
            "import_seconds": 1.0,
            "seconds": 2.0,
            "flow_seconds": 2.0,
            "peak_rss_mb": 100.0,
            "children_peak_rss_mb": 50.0,
            "process_seconds": 3.0,
        }

    monkeypatch.setattr(bench, "_run_json", fake_run_json)
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")  # no server is started for the stub
    report = bench.run_benchmarks(
        [20, 40], workdir=tmp_path, stages={"flow", "incremental"}, log=lambda message: None
    )
    assert [(row.size, row.stage) for row in report.rows] == [
        (20, "flow (run_pipeline)"),
        (40, "flow (run_pipeline)"),
        (40 + bench.INCREMENT, f"incremental (+{bench.INCREMENT:,})"),
    ]
    assert [files for _, files, _ in calls] == [20, 40, 40 + bench.INCREMENT]
    assert calls[1][2] == calls[2][2]  # the incremental run reuses the largest workspace
    assert report.corpus["articles"] == 40
    assert not any(tmp_path.iterdir())


def test_report_keeps_hand_written_findings(tmp_path):
    out = tmp_path / "B.md"
    out.write_text("# Benchmarks\nold table\n\n## Findings\n\nkeep me\n", encoding="utf-8")
    report = Report(
        machine={k: "x" for k in ("cpu", "cores", "ram", "os", "python", "packages", "load")},
        started="2026-01-01 00:00 UTC",
    )
    report.rows.append(Row(10, "extract", 10, 1.0, 0.5, 100.0, "3.0x"))
    write_report(report, out)
    text = out.read_text(encoding="utf-8")
    assert "old table" not in text and "keep me" in text
    assert "| 10 | extract | 10 | 1.0 | 0.50 | 2.0 | 20 | 100 | 3.0x |" in format_report(report)


def test_prefixes_move_whole_folders(tmp_path):
    corpus, inbox = tmp_path / "corpus", tmp_path / "inbox"
    for number in range(3):
        (corpus / f"{number:05d}").mkdir(parents=True)
    grow_inbox(corpus, inbox, articles=20, per_folder=10)
    assert sorted(p.name for p in inbox.iterdir()) == ["00000", "00001"]
    grow_inbox(corpus, inbox, articles=30, per_folder=10)
    assert len(list(inbox.iterdir())) == 3 and not any(corpus.iterdir())
    assert folder_size([10_000, 100_000, 1_000_000]) == 1000


@pytest.mark.parametrize("argv", [["--stages", "nope"], ["--articles", "0"], ["--sizes", "x"]])
def test_bench_rejects_bad_arguments(argv, capsys):
    with pytest.raises(SystemExit) if argv[0] == "--sizes" else _no_raise():
        assert main(["bench", *argv]) == 2


class _no_raise:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
