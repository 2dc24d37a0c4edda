"""The model runner: partitioned models extended by article and claim equal models built at once."""

from __future__ import annotations

import duckdb
import psutil
import pytest

from prakerja_dq import warehouse
from prakerja_dq.settings import SEEDS_DIR
from prakerja_dq.warehouse import (
    MODEL_LAYERS,
    TABLE_LAYERS,
    Bucket,
    Touched,
    bucket_count,
    build_models,
    read_models,
    separate_filtered_scans,
    size_in_bytes,
    touched_sql,
)
from tests.gold_warehouse import (
    GOLD_DATES,
    GOLD_FIGURES,
    load_gold,
    make_figure,
    read_jsonl,
    read_seed_texts,
    synthetic_texts,
)

LAYERS = ["staging", "intermediate"]


def recipients(doc: str, value: float, **fields) -> dict:
    return make_figure(doc, "recipients", value, start=0, end=0, **fields)


# Each step is the articles (figures) one run adds. Step 2 joins claims of step 1 (a dissent in a's claim,
# an agreeing report in b's, which changes the status of step 1's figures) and makes a new claim; step 3
# adds reports to a step-2 claim, a cumulative count that falls below an earlier one (timeline) and an
# article whose figures all lack a claim.
STEPS: list[list[dict]] = [
    [
        recipients("a", 5_600_000, as_of="2020-11-03", outlet="A", wave_from=1, wave_to=10),
        recipients("a", 5_000_000, as_of="2020-11-03", outlet="A", wave_from=1, wave_to=9),
        recipients("b", 18_100_000, as_of="2024-06-07", outlet="B"),
        make_figure("b", "registrants", 20_000_000, as_of="2024-06-07", outlet="B", start=0, end=0),
    ],
    [
        recipients("c", 9_600_000, as_of="2020-11-04", outlet="C", wave_from=1, wave_to=10),
        recipients("c", 18_110_000, as_of="2024-06-08", outlet="C", qualifier="more_than"),
        recipients("c", 6_000_000, as_of="2021-03-03", outlet="C"),
        make_figure("c", "registrants", 17_000_000, as_of="2024-06-08", outlet="C", start=0, end=0),
    ],
    [
        recipients("d", 6_100_000, as_of="2021-03-04", outlet="D"),
        recipients("d", 5_100_000, as_of="2021-06-01", outlet="D"),
        recipients("e", 7_000_000, as_of=None, outlet="E", unit=None),
        recipients("e", 7_000_000, as_of=None, outlet="E", unit="accounts"),
    ],
]


def load_step(con: duckdb.DuckDBPyConnection, figures: list[dict], run_id: str) -> None:
    """Land the step's articles in the raw tables under ``run_id``."""
    load_gold(con, figures=figures, dates=[], texts=synthetic_texts(figures))
    for table in ("articles", "article_meta", "figure_mentions", "date_mentions"):
        con.execute(f"update raw.{table} set run_id = ? where run_id = 'gold'", [run_id])


def table_rows(con: duckdb.DuckDBPyConnection, relation: str) -> list[tuple]:
    return (
        sorted(con.execute(f"select * exclude (run_id) from {relation}").fetchall(), key=repr)
        if ("run_id" in [row[0] for row in con.execute(f"describe {relation}").fetchall()])
        else sorted(con.execute(f"select * from {relation}").fetchall(), key=repr)
    )


def model_relations() -> list[str]:
    return [model.relation for model in read_models(LAYERS)]


@pytest.fixture
def stepped_and_whole():
    stepped, whole = duckdb.connect(), duckdb.connect()
    for con in (stepped, whole):
        con.execute("set variable seeds_dir = ?", [str(SEEDS_DIR)])
    since = None
    snapshots = []
    for number, figures in enumerate(STEPS, start=1):
        run_id = f"step-{number}"
        load_step(stepped, figures, run_id)
        build_models(stepped, LAYERS, since_run_id=since)
        snapshot = {relation: table_rows(stepped, relation) for relation in model_relations()}
        snapshot["status"] = dict(
            stepped.execute("select figure_id, status from intermediate.figure_claims").fetchall()
        )
        snapshots.append(snapshot)
        load_step(whole, figures, run_id)
        since = run_id
    build_models(whole, LAYERS)
    yield stepped, whole, snapshots
    stepped.close()
    whole.close()


def test_models_extended_step_by_step_equal_models_built_at_once(stepped_and_whole):
    stepped, whole, _ = stepped_and_whole
    for relation in model_relations():
        rows = table_rows(stepped, relation)
        assert rows == table_rows(whole, relation), f"{relation} differs"
    # the comparison covers the claim models, with claims several steps contributed to
    assert table_rows(whole, "intermediate.claims")
    assert table_rows(whole, "intermediate.metric_timeline")


def test_a_later_step_changes_rows_of_claims_an_earlier_step_made(stepped_and_whole):
    _, _, snapshots = stepped_and_whole
    first, second = snapshots[0], snapshots[1]
    old_claims = {row[0]: row for row in first["intermediate.claims"]}
    new_claims = {row[0]: row for row in second["intermediate.claims"]}
    changed = {
        claim for claim in old_claims.keys() & new_claims.keys() if old_claims[claim] != new_claims[claim]
    }
    assert changed, "step 2 joined no claim of step 1: the test would not cover extending a claim"
    assert new_claims.keys() - old_claims.keys(), "step 2 made no new claim"
    # a figure of step 1 whose status changed because step 2 joined its claim
    assert any(second["status"][figure] != status for figure, status in first["status"].items())


def test_the_gold_records_taken_in_article_by_article_equal_them_taken_in_at_once():
    figures, dates, texts = read_jsonl(GOLD_FIGURES), read_jsonl(GOLD_DATES), read_seed_texts()
    stepped, whole = duckdb.connect(), duckdb.connect()
    for con in (stepped, whole):
        con.execute("set variable seeds_dir = ?", [str(SEEDS_DIR)])
    since = None
    for number, doc in enumerate(sorted(texts), start=1):
        run_id = f"step-{number}"
        load_gold(
            stepped,
            figures=[record for record in figures if record["doc"] == doc],
            dates=[record for record in dates if record["doc"] == doc],
            texts={doc: texts[doc]},
        )
        for table in ("articles", "article_meta", "figure_mentions", "date_mentions"):
            stepped.execute(f"update raw.{table} set run_id = ? where run_id = 'gold'", [run_id])
        build_models(stepped, LAYERS, since_run_id=since)
        since = run_id
    load_gold(whole)
    build_models(whole, LAYERS)
    for relation in model_relations():
        assert table_rows(stepped, relation) == table_rows(whole, relation), f"{relation} differs"


def test_extended_models_read_the_touched_rows_at_the_scan():
    """The touched filter is applied where each keyed relation is read, not only to the model's output."""
    con = duckdb.connect()
    con.execute("set variable seeds_dir = ?", [str(SEEDS_DIR)])
    load_step(con, STEPS[0], "step-1")
    build_models(con, LAYERS)
    models = {model.relation: model for model in read_models(LAYERS)}
    touched = Touched(con, "step-0", list(models.values()))
    sql = touched_sql(con, models["intermediate.claim_reports"], touched)
    assert (
        "(select * from intermediate.figure_bounds where claim_id in (select claim_id from touched_claims))"
        in sql
    )
    assert "staging.reference_programme_facts\n" in sql  # reference tables are read whole
    sql = touched_sql(con, models["intermediate.cumulative_pairs"], touched)
    assert "(select * from intermediate.count_bounds where article_id in" in sql
    touched.drop()


def test_partitioned_models_read_only_partitioned_models_raw_or_reference_tables():
    """Rows of untouched keys are kept only if nothing they read can change at those keys."""
    models = {model.relation: model for model in read_models(MODEL_LAYERS)}
    for model in models.values():
        if not model.incremental_keys:
            continue
        for relation in model.reads():
            source = models.get(relation)
            assert (
                relation.split(".")[0] in TABLE_LAYERS
                or relation.startswith("staging.reference_")
                or (source is not None and source.incremental_keys)
            ), f"{model.relation} is partitioned but reads {relation}, which is rebuilt whole"


def test_a_full_build_in_hash_buckets_equals_the_build_at_once(monkeypatch):
    """A bucketed model (``-- built in buckets``) built in parts gives the rows built in one statement."""
    whole, bucketed = duckdb.connect(), duckdb.connect()
    for con in (whole, bucketed):
        con.execute("set variable seeds_dir = ?", [str(SEEDS_DIR)])
        load_gold(con)
    build_models(whole, LAYERS)
    claims = next(model for model in read_models(LAYERS) if model.relation == "intermediate.claims")
    assert bucket_count(whole, claims) == 1  # a small warehouse builds at once
    reports = whole.execute("select count(*) from intermediate.claim_reports").fetchone()[0]
    cap = size_in_bytes(whole.execute("select current_setting('memory_limit')").fetchone()[0])
    # as if the memory cap held a quarter of the reports: four buckets
    monkeypatch.setattr(warehouse, "BUCKET_ROWS_PER_BYTE", reports / 4 / cap)
    build_models(bucketed, LAYERS)
    assert bucket_count(bucketed, claims) == 4
    assert [model.relation for model in read_models(LAYERS) if model.bucketed] == ["intermediate.claims"]
    # each bucket reads only its claims' reports at the scan, so its aggregates hold a quarter of them
    assert (
        "(select * from intermediate.claim_reports where hash(claim_id) % 4 = 1) as claim_reports"
        in touched_sql(bucketed, claims, Bucket(1, 4))
    )
    for relation in model_relations():
        assert table_rows(bucketed, relation) == table_rows(whole, relation), f"{relation} differs"
    # the buckets split the claims, disputed and agreed ones alike
    spread = whole.execute(
        "select count(distinct hash(claim_id) % 4), count(distinct status) from intermediate.claims"
    ).fetchone()
    assert spread[0] > 1 and spread[1] > 1, spread


def test_an_extension_in_hash_buckets_equals_the_build_at_once(monkeypatch):
    """A bucketed model extended in buckets of its touched keys ends as the table built in one statement."""
    counts: list[int] = []

    def recorded_bucket_count(con, model, selected=None):
        count = bucket_count(con, model, selected)
        if selected is not None and model.bucketed:
            counts.append(count)
        return count

    stepped, whole = duckdb.connect(), duckdb.connect()
    for con in (stepped, whole):
        con.execute("set variable seeds_dir = ?", [str(SEEDS_DIR)])
    cap = size_in_bytes(stepped.execute("select current_setting('memory_limit')").fetchone()[0])
    monkeypatch.setattr(warehouse, "BUCKET_ROWS_PER_BYTE", 1 / cap)  # a bucket per report
    monkeypatch.setattr(warehouse, "bucket_count", recorded_bucket_count)
    since = None
    for number, figures in enumerate(STEPS, start=1):
        run_id = f"step-{number}"
        load_step(stepped, figures, run_id)
        build_models(stepped, LAYERS, since_run_id=since)
        load_step(whole, figures, run_id)
        since = run_id
    monkeypatch.undo()
    build_models(whole, LAYERS)
    assert counts and all(count > 1 for count in counts), counts
    for relation in model_relations():
        assert table_rows(stepped, relation) == table_rows(whole, relation), f"{relation} differs"


def test_filtered_scans_run_without_shared_subplans_then_the_optimizers_are_as_before():
    """Extensions and buckets run with DuckDB's common_subplan optimizer off, and the setting is restored."""
    con = duckdb.connect()
    con.execute("set disabled_optimizers = 'top_n'")
    setting = "select current_setting('disabled_optimizers')"
    with separate_filtered_scans(con):
        assert set(con.execute(setting).fetchone()[0].split(",")) == {"top_n", "common_subplan"}
    assert con.execute(setting).fetchone()[0] == "top_n"
    with pytest.raises(duckdb.Error), separate_filtered_scans(con):
        con.execute("select * from no_such_table")
    assert con.execute(setting).fetchone()[0] == "top_n"


def test_a_writer_gets_the_configured_cap_while_the_budget_leaves_room_for_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PRAKERJA_DUCKDB_MEMORY_LIMIT", "300MB")
    monkeypatch.setenv("PRAKERJA_MEMORY_BUDGET", "64GiB")
    con = warehouse.connect(tmp_path / "roomy.duckdb")
    cap = size_in_bytes(con.execute("select current_setting('memory_limit')").fetchone()[0])
    con.close()
    assert abs(cap - 300_000_000) < 2**20


def test_a_writer_cap_shrinks_to_what_the_budget_leaves_beside_the_process(tmp_path, monkeypatch):
    resident = psutil.Process().memory_info().rss
    budget = int((resident + 600 * 2**20) / (1 - warehouse.BUDGET_HEADROOM))
    monkeypatch.setenv("PRAKERJA_DUCKDB_MEMORY_LIMIT", "4GB")
    monkeypatch.setenv("PRAKERJA_MEMORY_BUDGET", f"{budget // 2**20}MiB")
    con = warehouse.connect(tmp_path / "tight.duckdb")
    with warehouse.streaming_memory(con):
        streaming = size_in_bytes(con.execute("select current_setting('memory_limit')").fetchone()[0])
    cap = size_in_bytes(con.execute("select current_setting('memory_limit')").fetchone()[0])
    con.close()
    assert 400 * 2**20 < cap < 700 * 2**20  # ~600 MiB left, less what opening DuckDB took
    assert abs(streaming - size_in_bytes(warehouse.STREAMING_MEMORY_LIMIT)) < 2**20
