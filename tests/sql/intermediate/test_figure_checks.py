"""intermediate.figure_bounds, figure_reference_checks and date_mention_weekdays on a few rows."""

from __future__ import annotations

import duckdb
import pytest

from tests.gold_warehouse import build_synthetic_warehouse, make_date, make_figure


@pytest.fixture
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


def by_evidence(con, table: str, columns: str) -> dict:
    rows = con.sql(
        f"select f.evidence, {columns} from {table} as t join staging.figures as f using (figure_id)"
    ).fetchall()
    return {row[0]: row[1:] for row in rows}


def test_bounds_follow_qualifiers_and_wave_spans(con):
    figures = [
        make_figure("a", "recipients", 100, evidence="tepat 100"),
        make_figure("a", "recipients", 100, qualifier="more_than", evidence="lebih dari 100"),
        make_figure("a", "recipients", 100, qualifier="about", evidence="sekitar 100"),
        make_figure("a", "recipients", 100, qualifier="almost", evidence="hampir 100"),
        make_figure("a", "recipients", 100, period_year=2021, evidence="tahun 2021 100"),
        make_figure("a", "recipients", 100, wave_from=12, wave_to=21, evidence="gelombang 12-21"),
    ]
    build_synthetic_warehouse(con, figures)
    rows = by_evidence(
        con, "intermediate.figure_bounds", "t.lower_bound, t.upper_bound, t.wave_lo, t.wave_hi"
    )
    assert rows["tepat 100"] == (100, 100, 1, 2147483647)
    assert rows["lebih dari 100"] == (100, float("inf"), 1, 2147483647)
    assert rows["sekitar 100"] == pytest.approx((95, 105, 1, 2147483647))
    assert rows["hampir 100"] == pytest.approx((95, 100, 1, 2147483647))
    assert rows["tahun 2021 100"][2:] == (None, None)
    assert rows["gelombang 12-21"][2:] == (12, 21)


def test_incentive_is_checked_against_the_scheme_of_its_period(con):
    figures = [
        make_figure(
            "a", "incentive_per_participant", 3_550_000, unit="IDR", as_of="2020-04-23", evidence="e1"
        ),
        make_figure(
            "a", "incentive_per_participant", 4_200_000, unit="IDR", as_of="2021-09-23", evidence="e2"
        ),
        make_figure(
            "a", "incentive_per_participant", 4_200_000, unit="IDR", as_of="2023-02-01", evidence="e3"
        ),
        make_figure(
            "a", "incentive_per_participant", 3_550_000, unit="IDR", as_of="2024-01-05", evidence="e4"
        ),
        make_figure(
            "a",
            "incentive_per_participant",
            3_500_000,
            unit="IDR",
            qualifier="about",
            as_of="2020-05-01",
            evidence="e5",
        ),
        make_figure("a", "recipients", 3_550_000, unit="IDR", evidence="e6"),
    ]
    build_synthetic_warehouse(con, figures)
    rows = by_evidence(
        con,
        "intermediate.figure_reference_checks",
        "t.incentive_matches_reference, t.unit_fits_metric, t.scheme",
    )
    assert rows["e1"] == (True, True, "semi_bansos")
    assert rows["e2"] == (False, True, "semi_bansos")
    assert rows["e3"] == (True, True, "skema_normal")
    assert rows["e4"] == (False, True, "skema_normal")
    assert rows["e5"][0] is True
    assert rows["e6"] == (True, False, None)


def test_weekday_is_recomputed_from_the_date(con):
    figures = [make_figure("a", "recipients", 5_600_000, as_of="2020-11-03", evidence="5,6 juta orang")]
    dates = [
        make_date("a", "Rabu, 3 November", "2020-11-03", "Rabu"),
        make_date("a", "Selasa (3/11/2020)", "2020-11-03", "Selasa"),
        make_date("a", "Jum'at (17/4)", "2020-04-17", "Jum'at"),
        make_date("a", "April 2020", "2020-04", None),
    ]
    build_synthetic_warehouse(con, figures, dates)
    rows = dict(
        con.sql(
            "select mention_text, (weekday_matches, weekday_computed, len(figure_ids)) "
            "from intermediate.date_mention_weekdays"
        ).fetchall()
    )
    assert rows == {
        "Rabu, 3 November": (False, "Selasa", 1),
        "Selasa (3/11/2020)": (True, "Selasa", 1),
        "Jum'at (17/4)": (True, "Jumat", 0),
    }
