"""Building the report from the warehouse, including a run with nothing to show."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from prakerja_dq.report import build_report
from prakerja_dq.report.charts import chart_frame, metric_charts
from prakerja_dq.settings import SEEDS_DIR
from prakerja_dq.warehouse import build_models, connect, create_base_tables


def test_empty_run_still_gets_a_report(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    con = connect(warehouse)
    con.execute("set variable seeds_dir = ?", [str(SEEDS_DIR)])
    create_base_tables(con)
    build_models(con, ["staging", "intermediate"])
    now = datetime(2026, 1, 1)
    con.execute(
        "insert into validation.runs values ('empty', ?, ?, 0, 0, 0, 0, 0, 0, true, null, null)", [now, now]
    )
    con.close()
    index = build_report(
        warehouse, run_id="empty", report_dir=tmp_path / "report", data_docs_index=tmp_path / "report" / "x"
    )
    assert "No check failed in this run." in index.read_text(encoding="utf-8")
    assert "No check failed." in (tmp_path / "report" / "evidence.html").read_text(encoding="utf-8")


def test_charts_keep_units_apart_and_mark_flagged_points():
    figures = pd.DataFrame(
        {
            "metric": ["registrants", "registrants", "recipients"],
            "unit": ["persons", "accounts", "persons"],
            "scope": ["national"] * 3,
            "value": [7_000_000.0, 75_000_000.0, 5_600_000.0],
            "qualifier": ["exact"] * 3,
            "effective_date": pd.to_datetime(["2020-04-23", "2021-09-23", "2020-11-03"]),
            "source_label": ["Republika", "Kontan", "unknown outlet (003)"],
            "wave_from": [None, None, 1],
            "wave_to": [None, None, 10],
            "evidence": ["a", "b", "c"],
            "checks": ["", "", "cumulative_non_decreasing_across_articles"],
            "flagged": [False, False, True],
        }
    )
    assert chart_frame(figures, "registrants", "persons")["value"].tolist() == [7_000_000.0]
    assert chart_frame(figures, "recipients", "persons")["status"].tolist() == ["behind a failed check"]
    charts = metric_charts(figures)
    assert set(charts) == {"registrants (accounts)", "registrants (persons)", "recipients (persons)"}
    assert len(charts["recipients (persons)"]) == 2
    assert all(
        image.startswith('<img alt="consensus timeline chart" src="data:image/jpeg;base64,')
        for images in charts.values()
        for image in images
    )
