"""Each suite passes a good fixture and fails a bad one on exactly the expected checks and keys."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from expectations import SUITES
from prakerja_dq.validation.gx_runner import run_suites
from tests.gold_warehouse import build_gold_warehouse

SPECS = {spec.table: spec for spec in SUITES}
PAIR_TABLES = (
    "intermediate.metric_order_pairs",
    "intermediate.wave_subrange_pairs",
    "intermediate.cumulative_pairs",
    "intermediate.wave_part_sums",
)


@pytest.fixture(scope="module")
def gold_frames() -> dict[str, pd.DataFrame]:
    con = duckdb.connect()
    build_gold_warehouse(con)
    frames = {table: con.sql(f"select * from {table}").df() for table in SPECS}
    con.close()
    return frames


def failures(table: str, frame: pd.DataFrame) -> dict[str, set]:
    """``check name -> failing keys`` for the suite of ``table`` run on ``frame``."""
    outcomes = run_suites({table: frame}, run_name="fixture", specs=[SPECS[table]])
    assert [outcome.error for outcome in outcomes if outcome.error] == []
    return {outcome.check_name: set(outcome.failing_keys) for outcome in outcomes if not outcome.success}


def bad_figures(gold: pd.DataFrame) -> pd.DataFrame:
    """Twelve plausible recipients figures, each but the last broken in one way (f11 repeats f0's key)."""
    bad = gold.head(12).copy().reset_index(drop=True)
    bad["figure_id"] = [f"f{i}" for i in range(len(bad))]
    bad["unit"], bad["metric"], bad["value"], bad["qualifier"] = "persons", "recipients", 1000.0, "exact"
    bad["wave_from"], bad["wave_to"] = pd.NA, pd.NA
    bad["as_of"], bad["as_of_date"] = "2020-06-08", pd.Timestamp("2020-06-08")
    bad["published_date"] = pd.Timestamp("2020-06-08")
    bad.loc[0, "value"] = -5.0
    bad.loc[1, ["unit", "metric", "value"]] = ["percent", "survey_share", 150.0]
    bad.loc[2, ["wave_from", "wave_to"]] = [5, 3]
    bad.loc[3, ["as_of", "as_of_date"]] = ["2019-12-01", pd.Timestamp("2019-12-01")]
    bad.loc[4, "metric"] = "pendaftar"
    bad.loc[5, "unit"] = "orang"
    bad.loc[6, "value"] = 300_000_000.0
    bad.loc[7, ["unit", "metric", "value"]] = ["wave", "current_wave", 500.0]
    bad.loc[8, "qualifier"] = "kira-kira"
    bad.loc[9, ["as_of", "as_of_date"]] = ["2020-07-01", pd.Timestamp("2020-07-01")]
    bad.loc[10, "as_of"] = "23/9/2021"
    bad.loc[11, "figure_id"] = "f0"
    return bad


def test_staging_figures_gold_passes(gold_frames):
    assert failures("staging.figures", gold_frames["staging.figures"]) == {}


def test_staging_figures_bad_rows_fail_on_their_keys(gold_frames):
    assert failures("staging.figures", bad_figures(gold_frames["staging.figures"])) == {
        "figure_id_unique": {"f0"},
        "value_positive": {"f0"},
        "percent_at_most_100": {"f1"},
        "wave_range_ordered": {"f2"},
        "as_of_after_programme_start": {"f3"},
        "metric_in_vocabulary": {"f4"},
        "unit_known": {"f5"},
        "count_plausible": {"f6"},
        "wave_value_known": {"f7"},
        "qualifier_known": {"f8"},
        "as_of_not_after_publication": {"f9"},
        "as_of_is_a_date": {"f10"},
    }


def test_staging_articles(gold_frames):
    articles = gold_frames["staging.articles"]
    named = articles[articles["outlet"].notna()]
    assert failures("staging.articles", named) == {}
    broken = named.copy()
    broken.loc[broken.index[0], "published_date"] = pd.NaT
    broken.loc[broken.index[1], "outlet"] = None
    first, second = broken["article_id"].iloc[0], broken["article_id"].iloc[1]
    assert failures("staging.articles", broken) == {
        "article_has_date": {first},
        "article_has_outlet": {second},
    }


def test_figure_reference_checks(gold_frames):
    frame = gold_frames["intermediate.figure_reference_checks"]
    assert failures("intermediate.figure_reference_checks", frame) == {}
    broken = frame.copy()
    first, second = broken["figure_id"].iloc[0], broken["figure_id"].iloc[1]
    broken.loc[broken.index[0], "unit_fits_metric"] = False
    broken.loc[broken.index[1], "incentive_matches_reference"] = False
    assert failures("intermediate.figure_reference_checks", broken) == {
        "unit_fits_metric": {first},
        "incentive_matches_scheme": {second},
    }


def test_date_mention_weekdays(gold_frames):
    frame = gold_frames["intermediate.date_mention_weekdays"]
    good = frame[frame["weekday_matches"]]
    assert failures("intermediate.date_mention_weekdays", good) == {}
    wrong = frame.loc[~frame["weekday_matches"], "check_key"]
    assert failures("intermediate.date_mention_weekdays", frame) == {"weekday_matches_date": set(wrong)}


def pair_frame(rows: list[tuple[str, bool]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["check_key", "violates_same_article"])


@pytest.mark.parametrize("table", PAIR_TABLES)
def test_pair_tables(table):
    prefix = SPECS[table].build_suite().expectations[1].meta["check"].removesuffix("_same_article")
    good = pair_frame([("p1", False), ("p2", False)])
    assert failures(table, good) == {}
    bad = pair_frame([("p1", False), ("p2", True), ("p3", False), ("p3", True)])
    assert failures(table, bad) == {
        f"{prefix}_pair_key_unique": {"p3"},
        f"{prefix}_same_article": {"p2", "p3"},
    }


def test_claims(gold_frames):
    frame = gold_frames["intermediate.claims"]
    assert not frame.empty
    assert failures("intermediate.claims", frame.assign(disputed=False)) == {}
    bad = frame.head(3).copy().reset_index(drop=True)
    bad["claim_id"] = ["c1", "c2", "c2"]
    bad["disputed"] = [True, False, False]
    bad["status"] = ["disputed", "agreed", "contested"]
    bad["consensus_low"], bad["consensus_high"] = [1.0, 5.0, 1.0], [2.0, 4.0, 1.0]
    bad["reports"] = [2, 1, 0]
    assert failures("intermediate.claims", bad) == {
        "claim_agreed": {"c1"},
        "claim_id_unique": {"c2"},
        "claim_status_known": {"c2"},
        "claim_interval_ordered": {"c2"},
        "claim_has_reports": {"c2"},
    }


def test_figure_claims(gold_frames):
    frame = gold_frames["intermediate.figure_claims"]
    assert not frame.empty
    assert failures("intermediate.figure_claims", frame) == {}
    bad = pd.DataFrame(
        {
            "figure_id": ["f1", "f2", "f2", "f3"],
            "claim_id": ["c1", "c1", "c1", None],
            "status": ["outlier", "agrees", "wrong", None],
            "distance_from_consensus": [0.4, None, -0.1, None],
        }
    )
    assert failures("intermediate.figure_claims", bad) == {
        "figure_status_unique": {"f2"},
        "figure_status_known": {"f2"},
        "figure_status_present": {"f3"},
        "distance_from_consensus_positive": {"f2"},
    }


@pytest.mark.parametrize(
    ("table", "column", "check_name", "key"),
    [
        ("intermediate.dates_without_year", "lacks_year", "date_states_year", "mention_id"),
        ("intermediate.programme_name_variants", "uses_variant", "programme_named_correctly", "check_key"),
    ],
)
def test_text_quality_notes(table, column, check_name, key):
    good = pd.DataFrame({key: ["k1"], column: [False]})
    assert failures(table, good) == {}
    bad = pd.DataFrame({key: ["k1", "k2"], column: [False, True]})
    assert failures(table, bad) == {check_name: {"k2"}}


def test_metric_timeline(gold_frames):
    frame = gold_frames["intermediate.metric_timeline"]
    assert not frame.empty
    assert failures("intermediate.metric_timeline", frame.assign(breaks=False)) == {}
    bad = frame.head(2).copy().reset_index(drop=True)
    bad["claim_id"], bad["breaks"] = ["t1", "t2"], [False, True]
    assert failures("intermediate.metric_timeline", bad) == {"cumulative_holds_on_timeline": {"t2"}}


def test_suites_and_data_docs_run_offline(gold_frames, tmp_path, monkeypatch):
    import socket

    attempts = []

    def refuse(self, address, *args):
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    outcomes = run_suites(gold_frames, run_name="offline", data_docs_dir=tmp_path / "docs")
    assert attempts == []
    assert len(outcomes) == sum(len(spec.build_suite().expectations) for spec in SUITES)
    assert (tmp_path / "docs" / "index.html").is_file()
    assert len(list((tmp_path / "docs" / "validations").glob("*/offline/*/*.html"))) == len(SUITES)
