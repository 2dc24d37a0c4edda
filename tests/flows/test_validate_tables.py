"""The validate stage on the gold records: what it flags, what it passes, what it stores, and reruns."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from flows.validate_tables import validate_warehouse
from prakerja_dq.warehouse import connect
from tests.gold_warehouse import GOLD_FIGURES, build_gold_warehouse, read_jsonl

REQUIRED_PASSES = (
    "metric_order_same_article",
    "incentive_matches_scheme",
    "wave_subrange_same_article",
    "claim_agreed",
    "scheme_parts_add_up",
    "headline_supported_by_body",
)


def gold_warehouse(tmp_path: Path, **variants) -> Path:
    path = tmp_path / "warehouse.duckdb"
    con = connect(path)
    build_gold_warehouse(con, **variants)
    con.close()
    return path


def run(path: Path, tmp_path: Path, run_id: str):
    return validate_warehouse(path, run_id=run_id, report_dir=tmp_path / "report", gx_dir=tmp_path / "gx")


def query(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def gold_run(prefect_harness, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("validate-gold")
    path = gold_warehouse(tmp_path)
    first = run(path, tmp_path, "run-1")
    again = run(path, tmp_path, "run-1")
    return path, tmp_path, first, again


def test_gold_seeds_flag_the_falling_cumulative_and_the_wrong_weekday(gold_run):
    path, _, summary, _ = gold_run
    findings = query(
        path,
        "select check_name, severity, evidence, outlets from validation.findings where run_id = 'run-1' "
        "order by check_name",
    )
    by_check = {check: (severity, evidence, outlets) for check, severity, evidence, outlets in findings}
    # the fall is judged against the timeline: the falling report first, then the earlier one it falls below
    assert by_check["cumulative_holds_on_timeline"] == (
        "warning",
        ["5,5 juta peserta", "5,6 juta orang"],
        ["Kontan", "unknown outlet (003_75dccba2dc8e8b2c)"],
    )
    assert by_check["weekday_matches_date"][1] == ["Rabu, 3 November"]
    assert by_check["article_has_outlet"][0] == "warning"
    assert by_check["figure_has_one_unit"][0] == "warning"
    assert set(by_check) == {
        "cumulative_holds_on_timeline",
        "weekday_matches_date",
        "article_has_outlet",
        "figure_has_one_unit",
        "date_states_year",
        "programme_named_correctly",
    }
    assert {severity for severity, *_ in by_check.values()} == {"warning", "info"}
    assert summary.findings == len(findings)
    assert summary.quarantined_figures == 0


def test_gold_seeds_pass_the_checks_they_satisfy(gold_run):
    path, *_ = gold_run
    results = dict(query(path, "select check_name, success from validation.results where run_id = 'run-1'"))
    assert all(results[check] for check in REQUIRED_PASSES)
    evaluated = dict(
        query(
            path,
            "select check_name, count(*) from intermediate.metric_order_pairs group by all "
            "union all select 'wave_subrange', count(*) from intermediate.wave_subrange_pairs "
            "union all select 'incentive', count(*) from intermediate.figure_reference_checks "
            "where metric = 'incentive_per_participant'",
        )
    )
    assert evaluated["recipients_le_registrants"] > 0
    assert evaluated["training_completed_le_recipients"] > 0
    assert evaluated["wave_subrange"] > 0
    assert evaluated["incentive"] == 1


def test_results_runs_and_reports_are_stored_once_per_run(gold_run):
    path, tmp_path, first, again = gold_run
    assert again == first
    assert first.expectations_evaluated == first.expectations_passed + first.expectations_failed
    assert query(path, "select count(*) from validation.runs") == [(1,)]
    assert query(path, "select count(*) from validation.results") == [(first.expectations_evaluated,)]
    assert query(path, "select count(*) from validation.findings") == [(first.findings,)]
    (run_row,) = query(path, "select run_id, started_at <= finished_at, success from validation.runs")
    assert run_row == ("run-1", True, True)
    # the browser report is written after publishing (flows.publish_marts.write_report), from the marts
    assert first.report_index == tmp_path / "report" / "index.html" and first.data_docs_index.is_file()
    assert (tmp_path / "gx" / "suites" / "staging_figures.json").is_file()


def test_blocking_failures_quarantine_their_figures(prefect_harness, tmp_path):
    figures = read_jsonl(GOLD_FIGURES)
    for record in figures:
        if record["metric"] == "incentive_per_participant":
            record["value"] = 4_200_000
        if record["evidence"] == "224.000 orang":
            record["value"] = 724_000
    summary = run(gold_warehouse(tmp_path, figures=figures), tmp_path, "run-bad")
    rows = query(
        tmp_path / "warehouse.duckdb",
        "select q.check_name, f.evidence from quarantine.figures as q "
        "join staging.figures as f using (figure_id) order by all",
    )
    assert rows == [
        ("incentive_matches_scheme", "Rp 3,55 juta"),
        ("wave_subrange_same_article", "224.000 orang"),
        ("wave_subrange_same_article", "mencapai 680.000 orang"),
    ]
    assert summary.quarantined_figures == 3
    assert summary.blocking_findings == 2
    (success,) = query(tmp_path / "warehouse.duckdb", "select success from validation.runs")[0]
    assert success is False


def validate_in_process(con: duckdb.DuckDBPyConnection, specs, *, warning_sample: int = 10_000) -> list:
    """The validate stage's steps on an open warehouse (no Prefect, no Data Docs); returns the outcomes."""
    from prakerja_dq.validation.findings import execute_named, insert_findings
    from prakerja_dq.validation.gx_runner import run_suites
    from prakerja_dq.validation.outcomes import count_outcomes
    from prakerja_dq.validation.plan import check_plans, plan_suite, read_gx_frame
    from prakerja_dq.validation.store import QUARANTINE_SQL
    from prakerja_dq.warehouse import create_base_tables

    create_base_tables(con)
    frames = {
        spec.table: read_gx_frame(con, plan_suite(spec), warning_sample=warning_sample) for spec in specs
    }
    plans = check_plans()
    outcomes = count_outcomes(con, run_suites(frames, run_name="t", specs=specs), frames, plans)
    insert_findings(con, outcomes, plans, run_id="t")
    execute_named(con, QUARANTINE_SQL, {"run_id": "t"})
    return outcomes


def test_pair_findings_carry_the_rule_and_quarantine_both_figures():
    from expectations import SUITES
    from tests.gold_warehouse import build_synthetic_warehouse, make_figure

    figures = [
        make_figure("a", "recipients", 680_000, wave_from=1, wave_to=3, evidence="680.000 penerima"),
        make_figure("a", "registrants", 500_000, evidence="500.000 pendaftar"),
        make_figure("b", "registrants", 600_000, as_of="2020-06-10", evidence="600.000 pendaftar"),
    ]
    con = duckdb.connect()
    build_synthetic_warehouse(con, figures)
    ids = dict(con.sql("select evidence, figure_id from staging.figures").fetchall())
    specs = [spec for spec in SUITES if spec.table == "intermediate.metric_order_pairs"]
    validate_in_process(con, specs)
    findings = con.execute(
        "select check_name, severity, evidence from validation.findings order by all"
    ).fetchall()
    # across articles a pair makes no finding on its own (claims and the timeline judge those reports)
    assert [(check, severity) for check, severity, _ in findings] == [
        ("recipients_le_registrants_same_article", "blocking"),
    ]
    assert findings[0][2] == ["680.000 penerima", "500.000 pendaftar"]
    quarantined = con.execute("select figure_id, check_name from quarantine.figures").fetchall()
    con.close()
    assert {figure_id for figure_id, _ in quarantined} == {ids["680.000 penerima"], ids["500.000 pendaftar"]}
    assert {check for _, check in quarantined} == {"recipients_le_registrants_same_article"}


def broken_figures_warehouse() -> duckdb.DuckDBPyConnection:
    """The gold warehouse with twelve broken figures added to staging.figures."""
    from prakerja_dq.validation.tables import FIGURE_TABLE
    from tests.expectations.test_fixtures import bad_figures

    con = duckdb.connect()
    build_gold_warehouse(con)
    bad = pd.concat(
        [
            bad_figures(con.sql(f"select * from {FIGURE_TABLE}").df()),
            con.sql(f"select * from {FIGURE_TABLE}").df(),
        ],
        ignore_index=True,
    )
    con.register("bad", bad)
    con.execute(f"create or replace table {FIGURE_TABLE} as select * from bad")
    con.unregister("bad")
    return con


def test_gx_on_the_rows_that_can_fail_finds_the_same_failures_as_on_the_whole_table():
    """The SQL cut (flows.validate_tables.plan_suite) keeps every failing row, even of broken figures.

    Outcomes on the cut are counted over the whole table (row-conditioned checks too).
    """
    from expectations import SUITES
    from prakerja_dq.validation.gx_runner import run_suites
    from prakerja_dq.validation.outcomes import count_outcomes
    from prakerja_dq.validation.plan import check_plans, plan_suite, read_gx_frame
    from prakerja_dq.validation.tables import FIGURE_TABLE

    spec = next(spec for spec in SUITES if spec.table == FIGURE_TABLE)
    con = broken_figures_warehouse()
    whole_table = con.sql(f"select * from {FIGURE_TABLE}").df()
    cut = read_gx_frame(con, plan_suite(spec), warning_sample=10_000)
    assert len(cut) < len(whole_table)

    def failing(frames):
        outcomes = count_outcomes(
            con, run_suites(frames, run_name="cut", specs=[spec]), frames, check_plans()
        )
        return {o.check_name: set(o.failing_keys) for o in outcomes if not o.success}, {
            o.element_count for o in outcomes
        }

    whole, _ = failing({FIGURE_TABLE: whole_table})
    on_cut, counts = failing({FIGURE_TABLE: cut})
    con.close()
    assert on_cut == whole
    assert len(whole) == 12
    assert counts == {len(whole_table)}


def test_sampled_warnings_are_counted_and_listed_over_the_whole_table():
    """With a sample of one row, a warning failing on many rows gets its exact count and every finding."""
    from expectations import SUITES
    from prakerja_dq.validation.plan import plan_suite
    from prakerja_dq.validation.tables import ARTICLE_TABLE

    spec = next(spec for spec in SUITES if spec.table == ARTICLE_TABLE)
    assert {c.check_name for c in plan_suite(spec).checks if c.sampled} == {
        "article_has_date",
        "article_has_outlet",
    }
    con = duckdb.connect()
    build_gold_warehouse(con)
    con.execute(f"update {ARTICLE_TABLE} set outlet = null")
    (articles,) = con.execute(f"select count(*) from {ARTICLE_TABLE}").fetchone()
    outcomes = {o.check_name: o for o in validate_in_process(con, [spec], warning_sample=1)}
    missing_outlet = outcomes["article_has_outlet"]
    assert not missing_outlet.success and missing_outlet.error is None
    assert (missing_outlet.unexpected_count, missing_outlet.element_count) == (articles, articles)
    assert len(missing_outlet.failing_keys) == 1  # what GX saw: the sample
    findings = con.execute(
        "select instance_key, outlets, detail from validation.findings "
        "where check_name = 'article_has_outlet'"
    ).fetchall()
    keys = {key for (key,) in con.execute(f"select article_id from {ARTICLE_TABLE}").fetchall()}
    con.close()
    assert {key for key, _, _ in findings} == keys
    assert all(outlets[0].startswith("unknown outlet (") for _, outlets, _ in findings)
    assert all(detail.startswith("outlet = missing; article ") for _, _, detail in findings)


def test_a_disagreement_between_gx_and_sql_on_the_sample_is_a_check_error():
    from dataclasses import replace

    from expectations import SUITES
    from prakerja_dq.validation.gx_runner import run_suites
    from prakerja_dq.validation.outcomes import count_outcomes
    from prakerja_dq.validation.plan import check_plans, plan_suite, read_gx_frame
    from prakerja_dq.validation.tables import ARTICLE_TABLE

    spec = next(spec for spec in SUITES if spec.table == ARTICLE_TABLE)
    con = duckdb.connect()
    build_gold_warehouse(con)
    frames = {ARTICLE_TABLE: read_gx_frame(con, plan_suite(spec), warning_sample=10_000)}
    outcomes = run_suites(frames, run_name="t", specs=[spec])
    plans = check_plans()
    wrong = (spec.name, "article_has_date")
    plans[wrong] = replace(plans[wrong], fails_on="true")  # SQL that fails every row, GX fails none
    counted = {o.check_name: o for o in count_outcomes(con, outcomes, frames, plans)}
    con.close()
    assert counted["article_has_date"].success is False
    assert "GX and SQL disagree" in counted["article_has_date"].error
