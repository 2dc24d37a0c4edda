"""End to end (real flow, DuckDB file, GX): what the seeds and the dev set raise, and nothing else."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from flows.pipeline import run_pipeline
from tests.conftest import SEED_ARTICLES

pytestmark = pytest.mark.usefixtures("prefect_harness")

DEV_ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "gold" / "dev" / "articles"


def findings_of(home: Path) -> list[tuple]:
    """``(doc, check_name, severity, kind, evidence)`` of every finding of the published run."""
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(
            """
            with latest as (select run_id from validation.runs order by finished_at desc limit 1)
            select
                list_sort(list_distinct(list_transform(findings.article_ids, lambda a: articles.doc_of[a]))),
                findings.check_name,
                findings.severity,
                findings.kind,
                findings.evidence
            from validation.findings as findings
            cross join (select map(list(article_id), list(doc)) as doc_of from staging.articles) as articles
            where findings.run_id = (select run_id from latest)
            """
        ).fetchall()


@pytest.fixture(scope="module")
def seed_findings(tmp_path_factory, prefect_harness) -> list[tuple]:
    home = tmp_path_factory.mktemp("seeds")
    run_pipeline(input_dir=str(SEED_ARTICLES), home=str(home))
    return findings_of(home)


@pytest.fixture(scope="module")
def dev_findings(tmp_path_factory, prefect_harness) -> list[tuple]:
    home = tmp_path_factory.mktemp("dev")
    run_pipeline(input_dir=str(DEV_ARTICLES), home=str(home))
    return findings_of(home)


def raised(findings: list[tuple], kind: str, doc: str, *spans: str) -> bool:
    """Does a finding of ``kind`` name ``doc`` and quote every span?"""
    return any(
        found_kind == kind and doc in docs and set(spans) <= set(evidence)
        for docs, _, _, found_kind, evidence in findings
    )


def test_the_seeds_raise_what_a_careful_reader_finds(seed_findings):
    seed = {path.stem[:3]: path.stem for path in SEED_ARTICLES.glob("*.txt")}
    assert raised(seed_findings, "missing_outlet", seed["003"])
    assert raised(seed_findings, "weekday_mismatch", seed["003"], "Rabu, 3 November")
    assert raised(seed_findings, "cumulative_fall", seed["002"], "5,5 juta peserta", "5,6 juta orang")
    assert raised(seed_findings, "unit_conflict", seed["004"], "lebih dari 7 juta orang")
    assert raised(seed_findings, "programme_name_variant", seed["000"])
    assert raised(seed_findings, "programme_name_variant", seed["003"])
    assert raised(seed_findings, "date_without_year", seed["004"], "Jumat (17/4)")


def test_the_seeds_raise_nothing_that_holds(seed_findings):
    checks = {(check, severity, kind) for _, check, severity, kind, _ in seed_findings}
    assert checks == {
        ("article_has_outlet", "warning", "missing_outlet"),
        ("weekday_matches_date", "warning", "weekday_mismatch"),
        ("cumulative_holds_on_timeline", "warning", "cumulative_fall"),
        ("figure_has_one_unit", "warning", "unit_conflict"),
        ("programme_named_correctly", "info", "programme_name_variant"),
        ("date_states_year", "info", "date_without_year"),
    }
    # one finding per contradiction: the fall, the unit and the weekday once each
    kinds = [kind for _, _, _, kind, _ in seed_findings]
    assert kinds.count("cumulative_fall") == kinds.count("unit_conflict") == 1
    assert kinds.count("weekday_mismatch") == 1


@pytest.mark.parametrize(
    ("kind", "doc", "spans"),
    [
        ("weekday_mismatch", "a05", ("Kamis (8/7/2020)",)),
        ("cumulative_fall", "a10", ("12.486 Warga", "12.310 orang")),
        ("cumulative_fall", "a12", ("sekitar 5,5 juta orang", "5,59 juta orang")),
        ("weekday_mismatch", "b09", ("Selasa (5/9/2022)",)),
        ("cumulative_fall", "b11", ("mencapai 1,87 juta orang", "1,91 juta orang")),
        ("scheme_parts_sum", "c02", ("Rp 100.000",)),
        ("cumulative_fall", "c09", ("tembus 19,1 juta orang", "mencapai 18,9 juta orang")),
        ("weekday_mismatch", "c10", ("Kamis (14/8/2024)",)),
    ],
)
def test_every_planted_inconsistency_of_the_dev_set_is_found(dev_findings, kind, doc, spans):
    assert raised(dev_findings, kind, doc, *spans), [f for f in dev_findings if doc in f[0]]
