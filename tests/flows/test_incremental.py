"""Runs are incremental: a rerun over an unchanged inbox does no work, a new article is taken in alone, and a
warehouse built in steps publishes exactly the marts of one built at once."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from flows.pipeline import run_pipeline
from prakerja_dq.marts import STATE_TABLE, build_marts, extended_key
from prakerja_dq.run_ledger import published_counts
from prakerja_dq.settings import SQL_DIR
from prakerja_dq.warehouse import MODEL_LAYERS, open_warehouse, read_models

# Indonesian thousands-grouped numbers (680.000, 11.000.000): the programme counts in the seeds.
GROUPED_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d,]|\.\d)")


def with_other_numbers(text: str, *, factor: float) -> str:
    """The article with every thousands-grouped count scaled by ``factor`` and regrouped.

    >>> with_other_numbers("ada 360.000 peserta dan 11.000.000 pendaftar", factor=1.5)
    'ada 540.000 peserta dan 16.500.000 pendaftar'
    """

    def scaled(match: re.Match) -> str:
        value = round(int(match.group().replace(".", "")) * factor)
        return f"{value:,}".replace(",", ".")

    return GROUPED_NUMBER.sub(scaled, text)


def published(home: Path) -> dict:
    """What the published snapshot holds: figure ids, ledger rows and the publishing run."""
    with duckdb.connect(str(home / "published.duckdb"), read_only=True) as con:
        return {
            "figure_ids": sorted(
                row[0] for row in con.execute("select figure_id from marts.figures").fetchall()
            ),
            "ledger": sorted(
                con.execute(
                    "select path, content_sha256, status, article_id from marts.ingest_ledger"
                ).fetchall()
            ),
            "run_id": con.execute("select run_id from marts.publication").fetchone()[0],
        }


@pytest.fixture(scope="module")
def three_runs(tmp_path_factory, prefect_harness) -> dict:
    """Seeds, the same inbox again, then the inbox plus one rewritten article: summaries and snapshots."""
    from tests.conftest import SEED_ARTICLES

    root = tmp_path_factory.mktemp("incremental")
    home, inbox = root / "home", root / "inbox"
    shutil.copytree(SEED_ARTICLES, inbox)
    first = run_pipeline(input_dir=str(inbox), home=str(home))
    after_first = published(home)
    second = run_pipeline(input_dir=str(inbox), home=str(home))
    after_second = published(home)
    source = sorted(inbox.iterdir())[0]
    rewritten = inbox / f"{source.stem}_rewritten.txt"
    rewritten.write_text(
        with_other_numbers(source.read_text(encoding="utf-8"), factor=1.05), encoding="utf-8"
    )
    third = run_pipeline(input_dir=str(inbox), home=str(home))
    return {
        "home": home,
        "rewritten": rewritten,
        "summaries": (first, second, third),
        "snapshots": (after_first, after_second, published(home)),
    }


def test_a_second_run_over_the_same_inbox_adds_nothing(three_runs):
    first, second, _ = three_runs["summaries"]
    before, after, _ = three_runs["snapshots"]
    assert first.articles_ingested == 5 and before["figure_ids"]
    assert (second.files_seen, second.articles_ingested, second.duplicates, second.rejected) == (5, 0, 0, 0)
    assert second.figures_extracted == 0
    assert after["ledger"] == before["ledger"]
    assert after["figure_ids"] == before["figure_ids"]
    # nothing changed: no model, validation or publish work, and the first run's snapshot stays published
    assert (second.status, second.published_run_id) == ("unchanged", first.run_id)
    assert after["run_id"] == before["run_id"] == first.run_id
    assert not {"model", "validate", "publish"} & set(second.stage_seconds)
    assert second.marts == first.marts and second.findings == first.findings


def test_every_finished_run_is_in_the_run_ledger(three_runs):
    first, second, third = three_runs["summaries"]
    with duckdb.connect(str(three_runs["home"] / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute(
            "select run_id, status, published_run_id from raw.pipeline_runs order by finished_at"
        ).fetchall()
        validated = {row[0] for row in con.execute("select run_id from validation.runs").fetchall()}
    assert rows == [
        (first.run_id, "published", first.run_id),
        (second.run_id, "unchanged", first.run_id),
        (third.run_id, "published", third.run_id),
    ]
    assert validated == {first.run_id, third.run_id}


def test_a_new_article_file_is_ingested_alone_and_its_figures_are_published(three_runs):
    summary = three_runs["summaries"][2]
    _, before, after = three_runs["snapshots"]
    assert (summary.files_seen, summary.articles_ingested, summary.duplicates, summary.rejected) == (
        6,
        1,
        0,
        0,
    )
    assert summary.articles_extracted == 1 and summary.figures_extracted > 0
    new_rows = [row for row in after["ledger"] if row not in before["ledger"]]
    assert [(row[0], row[2]) for row in new_rows] == [(str(three_runs["rewritten"]), "accepted")]
    new_article = new_rows[0][3]
    with duckdb.connect(str(three_runs["home"] / "published.duckdb"), read_only=True) as con:
        new_figures = {
            row[0]
            for row in con.execute(
                "select figure_id from marts.figures where article_id = ?", [new_article]
            ).fetchall()
        }
    assert new_figures, "none of the new article's figures were published"
    assert new_figures.isdisjoint(before["figure_ids"])
    assert set(after["figure_ids"]) > new_figures


# columns that name the run or the time a row was written: they differ between two warehouses by design
RUN_COLUMNS = re.compile(r"(^|_)run_id$|_at$")
STEPS = 3


def comparable_rows(path: Path, relation: str) -> list[tuple]:
    """Every row of a relation without its run and timestamp columns, sorted (order-insensitive)."""
    with duckdb.connect(str(path), read_only=True) as con:
        columns = [row[0] for row in con.execute(f"describe {relation}").fetchall()]
        kept = ", ".join(f'"{column}"' for column in columns if not RUN_COLUMNS.search(column))
        rows = con.execute(f"select {kept} from {relation}").fetchall()
    return sorted(rows, key=repr)


@pytest.fixture(scope="module")
def step_and_whole(tmp_path_factory, prefect_harness) -> dict:
    """A synthetic corpus taken in over three runs, then the same inbox built at once in a new workspace."""
    from prakerja_dq.synth.corpus import write_corpus

    root = tmp_path_factory.mktemp("steps")
    write_corpus(root / "corpus", articles=60, seed=5, per_folder=20, workers=1, truth=False)
    folders = sorted((root / "corpus" / "articles").iterdir())
    assert len(folders) == STEPS
    inbox = root / "inbox"
    inbox.mkdir()
    steps, claims = [], []
    for folder in folders:
        shutil.copytree(folder, inbox / folder.name)
        steps.append(run_pipeline(input_dir=str(inbox), home=str(root / "steps")))
        with duckdb.connect(str(root / "steps" / "warehouse.duckdb"), read_only=True) as con:
            claims.append(dict(con.execute("select claim_id, reports from intermediate.claims").fetchall()))
    whole = run_pipeline(input_dir=str(inbox), home=str(root / "whole"))
    return {
        "steps": steps,
        "claims": claims,
        "whole": whole,
        "inbox": inbox,
        "step_home": root / "steps",
        "whole_home": root / "whole",
    }


def test_the_later_steps_extend_staging_instead_of_rebuilding_it(step_and_whole):
    steps = step_and_whole["steps"]
    assert [step.articles_ingested for step in steps] == [20, 20, 20]
    assert [step.status for step in steps] == ["published"] * STEPS
    with duckdb.connect(str(step_and_whole["step_home"] / "warehouse.duckdb"), read_only=True) as con:
        ledger = con.execute("select count(*) from raw.pipeline_runs where status = 'published'").fetchone()
    assert ledger == (STEPS,)


def published_marts(path: Path) -> list[str]:
    """Every mart of a published snapshot (the publication record aside)."""
    return sorted(published_counts(path))


def test_a_warehouse_built_in_steps_publishes_the_marts_of_one_built_at_once(step_and_whole):
    stepped_file = step_and_whole["step_home"] / "published.duckdb"
    whole_file = step_and_whole["whole_home"] / "published.duckdb"
    marts = published_marts(stepped_file)
    assert {"articles", "figures", "findings", "ingest_ledger"} <= set(marts)
    assert marts == published_marts(whole_file)
    for mart in marts:
        stepped = comparable_rows(stepped_file, f"marts.{mart}")
        assert stepped, f"marts.{mart} is empty: the comparison would prove nothing"
        assert stepped == comparable_rows(whole_file, f"marts.{mart}"), f"marts.{mart} differs"
    # run columns are left out above; a mart's run column holds the publishing run on every row
    last = step_and_whole["steps"][-1].run_id
    for path in (stepped_file, step_and_whole["step_home"] / "warehouse.duckdb"):
        with duckdb.connect(str(path), read_only=True) as con:
            runs = con.execute("select distinct run_id from marts.findings").fetchall()
        assert runs == [(last,)], f"{path}: marts.findings.run_id is not the last run's on every row"


@pytest.mark.parametrize("table", [model.relation for model in read_models(MODEL_LAYERS)])
def test_incremental_models_equal_models_built_at_once(step_and_whole, table):
    stepped = comparable_rows(step_and_whole["step_home"] / "warehouse.duckdb", table)
    assert stepped == comparable_rows(step_and_whole["whole_home"] / "warehouse.duckdb", table)


def marts_state(path: Path) -> tuple:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(f"select run_id, extended from {STATE_TABLE}").fetchone()


def test_the_later_steps_extend_the_marts_by_their_changed_keys(step_and_whole):
    """The last step extended every mart marked ``-- extended by`` (the comparisons above then test them)."""
    extendable = sorted(model.name for model in read_models(["marts"]) if extended_key(model))
    assert extendable == ["articles", "claims", "figures", "findings", "ingest_ledger"]
    last = step_and_whole["steps"][-1].run_id
    assert marts_state(step_and_whole["step_home"] / "warehouse.duckdb") == (last, extendable)


def test_marts_without_a_usable_last_build_are_built_whole_and_equal(step_and_whole, tmp_path):
    """No state, or one made with other code, builds every mart whole; an extension with nothing changed
    keeps every row; all three give the marts the steps built."""
    copy = tmp_path / "warehouse.duckdb"
    shutil.copyfile(step_and_whole["step_home"] / "warehouse.duckdb", copy)
    run_id = step_and_whole["steps"][-1].run_id
    before = {mart: comparable_rows(copy, f"marts.{mart}") for mart in published_marts_of(copy)}
    with open_warehouse(copy) as con:
        extended = build_marts(con, run_id=run_id)  # nothing changed since
        assert extended.previous_run_id == run_id
        assert extended.keys == {
            "articles": 0,
            "claims": 0,
            "figures": 0,
            "findings": 0,
            "ingest_ledger": 0,
            "metric_timeline": None,
        }
        con.execute(f"update {STATE_TABLE} set fingerprint = 'other code'")
        assert set(build_marts(con, run_id=run_id).keys.values()) == {None}
        con.execute(f"delete from {STATE_TABLE}")
        assert set(build_marts(con, run_id=run_id).keys.values()) == {None}
    assert {mart: comparable_rows(copy, f"marts.{mart}") for mart in before} == before


def test_a_marts_build_that_dies_leaves_the_next_one_building_every_mart_whole(step_and_whole, tmp_path):
    copy = tmp_path / "warehouse.duckdb"
    shutil.copyfile(step_and_whole["step_home"] / "warehouse.duckdb", copy)
    broken = tmp_path / "sql"
    shutil.copytree(SQL_DIR, broken)
    (broken / "marts" / "metric_timeline.sql").write_text("select * from intermediate.no_such_table\n")
    run_id = step_and_whole["steps"][-1].run_id
    with open_warehouse(copy) as con:
        with pytest.raises(duckdb.CatalogException):
            build_marts(con, run_id=run_id, sql_dir=broken)
        assert con.execute(f"select count(*) from {STATE_TABLE}").fetchone() == (0,)
        assert set(build_marts(con, run_id=run_id).keys.values()) == {None}


def published_marts_of(warehouse: Path) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("select table_name from duckdb_tables() where schema_name = 'marts'").fetchall()
    return sorted(name for (name,) in rows)


def test_the_later_steps_add_reports_to_earlier_claims_and_make_new_ones(step_and_whole):
    """The steps exercise both paths of the claim models: extending a claim and adding one."""
    claims = step_and_whole["claims"]
    grown = [
        claim
        for before, after in itertools.pairwise(claims)
        for claim, reports in before.items()
        if after[claim] > reports
    ]
    assert grown, "no later step added a report to an earlier claim"
    for before, after in itertools.pairwise(claims):
        assert before.keys() < after.keys(), "a later step made no new claim (or lost one)"


@pytest.mark.parametrize("mart", ["articles", "figures", "findings", "ingest_ledger"])
def test_every_mart_is_also_published_as_parquet(step_and_whole, mart):
    home = step_and_whole["step_home"]
    with duckdb.connect() as con:
        from_parquet = con.execute(
            f"select count(*) from '{home / 'parquet' / f'{mart}.parquet'}'"
        ).fetchone()
    with duckdb.connect(str(home / "published.duckdb"), read_only=True) as con:
        assert from_parquet == con.execute(f"select count(*) from marts.{mart}").fetchone()


def test_a_deleted_parquet_folder_is_published_again_by_the_next_run(step_and_whole):
    home = step_and_whole["whole_home"]
    shutil.rmtree(home / "parquet")
    summary = run_pipeline(input_dir=str(step_and_whole["inbox"]), home=str(home))
    assert summary.status == "published" and summary.articles_ingested == 0
    assert (home / "parquet" / "figures.parquet").is_file()


def last_validation(path: Path) -> str:
    with duckdb.connect(str(path), read_only=True) as con:
        latest = "select run_id from validation.runs order by finished_at desc limit 1"
        return con.execute(latest).fetchone()[0]


# GX's observed value is what it saw of the rows it validated this run (a sample of the failing values), and
# the expectation id is made anew with each suite: both differ between a run that validated every row and
# one that validated only the changed rows, by design
VALIDATION_TABLES = {
    "validation.findings": "",
    "quarantine.figures": "",
    "validation.results": "exclude (observed_value, expectation_id)",
    "validation.runs": "exclude (data_docs_index, report_index)",
}


def validation_rows(path: Path, relation: str, exclude: str) -> list[tuple]:
    """The rows of the latest validation run in ``relation``, without run and time columns, sorted."""
    run_id = last_validation(path)
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.sql(f"select * {exclude} from {relation} where run_id = ?", params=[run_id])
        kept = [index for index, column in enumerate(rows.columns) if not RUN_COLUMNS.search(column)]
        return sorted((tuple(row[index] for index in kept) for row in rows.fetchall()), key=repr)


@pytest.mark.parametrize("relation", sorted(VALIDATION_TABLES))
def test_incremental_validation_equals_validation_of_every_row(step_and_whole, relation):
    """The later steps validated only the changed rows and carried the rest: the same as validating all."""
    stepped_file = step_and_whole["step_home"] / "warehouse.duckdb"
    whole_file = step_and_whole["whole_home"] / "warehouse.duckdb"
    with duckdb.connect(str(stepped_file), read_only=True) as con:
        # the last step's validation could carry rows forward: a state from the step before was there
        assert con.execute("select count(*) from validation.checked_state").fetchone() == (1,)
    exclude = VALIDATION_TABLES[relation]
    stepped = validation_rows(stepped_file, relation, exclude)
    assert stepped, f"{relation} is empty: the comparison would prove nothing"
    assert stepped == validation_rows(whole_file, relation, exclude), f"{relation} differs"


@pytest.mark.parametrize("relation", ["validation.checked_rows", "validation.open_findings"])
def test_the_validation_state_of_the_steps_equals_the_state_built_at_once(step_and_whole, relation):
    stepped = comparable_rows(step_and_whole["step_home"] / "warehouse.duckdb", relation)
    assert stepped
    assert stepped == comparable_rows(step_and_whole["whole_home"] / "warehouse.duckdb", relation)
