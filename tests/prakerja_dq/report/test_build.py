"""Building the report from the warehouse's marts, including a run with nothing to show."""

from __future__ import annotations

from datetime import datetime

from prakerja_dq.report import build_claims_report
from prakerja_dq.settings import SEEDS_DIR
from prakerja_dq.warehouse import build_models, connect, create_base_tables


def test_empty_run_still_gets_a_report(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    con = connect(warehouse)
    con.execute("set variable seeds_dir = ?", [str(SEEDS_DIR)])
    con.execute("set variable run_id = 'empty'")
    create_base_tables(con)
    build_models(con, ["staging", "intermediate", "marts"])
    now = datetime(2026, 1, 1)
    con.execute(
        "insert into validation.runs values ('empty', ?, ?, 0, 0, 0, 0, 0, 0, true, null, null)", [now, now]
    )
    con.close()
    report_dir = tmp_path / "report"
    index = build_claims_report(
        warehouse,
        run_id="empty",
        report_dir=report_dir,
        data_docs_index=report_dir / "data_docs" / "index.html",
    )
    front = index.read_text(encoding="utf-8")
    assert "0 claims" in front
    assert (report_dir / "evidence.html").is_file()
