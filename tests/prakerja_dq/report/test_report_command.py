"""``prakerja report``: prints the report path, or says how to make one."""

from __future__ import annotations

from prakerja_dq.cli import main


def test_report_without_a_run_explains_what_to_do(workspace, capsys):
    assert main(["report"]) == 2
    assert "no validation report" in capsys.readouterr().err


def test_report_prints_the_index_path(workspace, capsys):
    index = workspace / "report" / "index.html"
    index.parent.mkdir(parents=True)
    index.write_text("<h1>report</h1>", encoding="utf-8")
    assert main(["report"]) == 0
    assert capsys.readouterr().out.strip() == str(index)


def test_report_serve_rejects_a_bad_port(workspace, capsys):
    index = workspace / "report" / "index.html"
    index.parent.mkdir(parents=True)
    index.write_text("<h1>report</h1>", encoding="utf-8")
    assert main(["report", "--serve", "--port", "70000"]) == 2
    assert "--port" in capsys.readouterr().err
