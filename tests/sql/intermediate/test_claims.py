"""Claims, consensus, figure status and the cumulative timeline on a few rows."""

from __future__ import annotations

import duckdb
import pytest

from tests.gold_warehouse import build_synthetic_warehouse, make_figure


@pytest.fixture
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


def recipients(doc: str, value: float, evidence: str, **fields) -> dict:
    return make_figure(doc, "recipients", value, evidence=evidence, **fields)


def statuses(con) -> dict[str, tuple]:
    """``evidence -> (status, distance_from_consensus rounded)`` of every staged figure."""
    rows = con.sql(
        "select figures.evidence, claims.status, round(claims.distance_from_consensus, 2) "
        "from intermediate.figure_claims as claims inner join staging.figures as figures using (figure_id)"
    ).fetchall()
    return {evidence: (status, distance) for evidence, status, distance in rows}


def test_the_report_most_others_agree_with_is_the_consensus(con):
    figures = [
        recipients("a", 18_100_000, "a 18,1 juta", as_of="2024-06-07", outlet="Kompas.com"),
        recipients("b", 18_110_000, "b lebih dari 18,11", qualifier="more_than", as_of="2024-06-07"),
        recipients("c", 18_111_475, "c 18.111.475", as_of="2024-06-08", outlet="Kontan"),
        recipients("d", 26_920_000, "d 26,92 juta", as_of="2024-06-08", outlet="Antara"),
    ]
    build_synthetic_warehouse(con, figures)
    (claim,) = con.sql(
        "select status, reports, consensus_low, consensus_high, dissenting_outlets, len(figure_ids) "
        "from intermediate.claims"
    ).fetchall()
    # 18.100.000 and 18.111.475 do not intersect (rounding): the interval spans the two bounds
    assert claim == ("disputed", 4, 18_100_000.0, 18_111_475.0, ["Antara"], 1)
    assert statuses(con)["d 26,92 juta"] == ("outlier", 0.49)
    assert statuses(con)["a 18,1 juta"] == ("agrees", None)


def test_more_than_a_lower_figure_holds(con):
    """'lebih dari 500.000' and 680.000 in one article agree: the open interval holds the higher value."""
    figures = [
        recipients("a", 500_000, "lebih dari 500.000", qualifier="more_than", wave_from=1, wave_to=3),
        recipients("a", 680_000, "mencapai 680.000", wave_from=1, wave_to=3),
    ]
    build_synthetic_warehouse(con, figures)
    assert con.sql("select status from intermediate.claims").fetchall() == [("single_source",)]
    assert set(statuses(con).values()) == {("single_source", None)}


def test_a_report_many_times_off_is_another_quantity(con):
    figures = [
        recipients("a", 12_000_000, "a 12 juta", wave_from=23, wave_to=24, outlet="A"),
        recipients("b", 12_100_000, "b 12,1 juta", wave_from=23, wave_to=24, outlet="B"),
        recipients("c", 851_000, "c 851.000", wave_from=23, wave_to=24, outlet="C"),
    ]
    build_synthetic_warehouse(con, figures)
    assert con.sql("select status from intermediate.claims").fetchall() == [("agreed",)]
    assert statuses(con)["c 851.000"] == ("not_comparable", None)


def test_reports_in_other_windows_are_other_claims(con):
    figures = [
        recipients("a", 5_000_000, "a 5 juta", as_of="2020-11-03"),
        recipients("b", 6_000_000, "b 6 juta", as_of="2021-03-03"),
    ]
    build_synthetic_warehouse(con, figures)
    assert con.sql("select count(*) from intermediate.claims").fetchall() == [(2,)]


def test_a_count_below_an_earlier_agreed_value_breaks_the_timeline(con):
    figures = [
        recipients("a", 5_600_000, "a 5,6 juta", as_of="2020-11-03", outlet="A"),
        recipients("b", 5_600_000, "b 5,6 juta", as_of="2020-11-03", outlet="B"),
        recipients("c", 5_000_000, "c 5 juta", as_of="2021-01-10", outlet="C"),
        recipients("d", 6_000_000, "d 6 juta", as_of="2021-03-03", outlet="D"),
    ]
    build_synthetic_warehouse(con, figures)
    rows = con.sql(
        "select as_of, value, evidence, breaks from intermediate.metric_timeline order by as_of"
    ).fetchall()
    assert [(str(as_of), value, breaks) for as_of, value, _, breaks in rows] == [
        ("2020-11-03", 5_600_000.0, False),
        ("2021-01-10", 5_600_000.0, True),
        ("2021-03-03", 6_000_000.0, False),
    ]
    assert rows[1][2][0] == "c 5 juta" and set(rows[1][2][1:]) == {"a 5,6 juta", "b 5,6 juta"}


def test_a_high_outlier_is_not_a_timeline_anchor(con):
    """A lone high report, then two agreeing lower ones: the high one is the outlier, not they the falls."""
    figures = [
        recipients("a", 9_000_000, "a 9 juta", as_of="2020-11-03", outlet="A"),
        recipients("b", 5_700_000, "b 5,7 juta", as_of="2021-01-10", outlet="B"),
        recipients("c", 5_700_000, "c 5,7 juta", as_of="2021-01-10", outlet="C"),
    ]
    build_synthetic_warehouse(con, figures)
    assert con.sql("select count(*) from intermediate.metric_timeline where breaks").fetchall() == [(0,)]


def test_a_claim_with_many_reports_fits_a_small_memory_cap(con):
    """Each figure's status is found by joining its claim's figure lists as rows: looking each report up in
    its claim's list (list_contains) held reports x dissenters ids, and one 10 MB article of figure-like
    numbers ran the model stage out of DuckDB's memory."""
    figures = [
        recipients(f"d{number % 50}", 18_100_000 if number % 2 else 26_920_000, f"r{number}", outlet="A")
        for number in range(12_000)
    ]
    con.execute("set memory_limit = '150MB'")
    con.execute("set threads = 1")
    build_synthetic_warehouse(con, figures)
    (claim,) = con.sql("select reports, len(dissenting_figure_ids) from intermediate.claims").fetchall()
    assert claim == (12_000, 6_000)
    counts = con.sql("select status, count(*) from intermediate.figure_claims group by status").fetchall()
    assert sorted(counts) == [("outlier", 6_000), ("single_source", 6_000)]
