"""The results of a run: issue 13's targets and the generated section of BENCHMARKS.md."""

from __future__ import annotations

from prakerja_dq.bench import Report, Row, format_report, targets, write_report


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
