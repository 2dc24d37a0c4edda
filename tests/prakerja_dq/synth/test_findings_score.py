"""Findings against planted defects: the matching rules, and `prakerja eval --findings` on DuckDB files."""

from __future__ import annotations

import json

import duckdb
import pytest

from prakerja_dq.cli import main
from prakerja_dq.synth.findings_score import (
    KIND_SOURCE_COLUMN,
    KIND_SOURCE_FALLBACK,
    Figure,
    Finding,
    fallback_kind,
    names_defect,
    score_findings,
)


def planted(doc, metric, value, start, end, role="planted"):
    return {"doc": doc, "metric": metric, "value": value, "start": start, "end": end, "role": role}


OUTLIER = {
    "doc": "a",
    "kind": "outlier",
    "also": [],
    "figures": [planted("a", "recipients", 8_000_000, 100, 120)],
    "spans": [],
}
STALE = {
    "doc": "b",
    "kind": "cumulative_fall",
    "also": ["outlier"],
    "figures": [planted("b", "recipients", 680_000, 40, 55)],
    "spans": [],
}
UNITS = {
    "doc": "c",
    "kind": "unit_conflict",
    "also": [],
    "figures": [planted("c", "registrants", 5e6, 10, 20), planted("c", "registrants", 5e6, 60, 70)],
    "spans": [],
}
WEEKDAY = {
    "doc": "d",
    "kind": "weekday_mismatch",
    "also": [],
    "figures": [],
    "spans": [{"text": "Senin (9/6/2020)"}],
}
ORDER = {
    "doc": "e",
    "kind": "order_violation",
    "also": ["outlier"],
    "figures": [
        planted("e", "training_completed", 7e6, 5, 15),
        planted("e", "recipients", 6e6, 30, 40, "reference"),
    ],
    "spans": [],
}


def finding(kind, *figures, docs=(), check="check"):
    return Finding(check, kind, "warning", tuple(figures), tuple(docs) or tuple({f.doc for f in figures}))


def test_a_figure_is_named_by_metric_and_value_or_by_overlapping_offsets():
    by_value = finding("outlier", Figure("a", "recipients", 8e6, 0, 5))
    by_offsets = finding("outlier", Figure("a", "registrants", 1.0, 110, 130))
    elsewhere = finding("outlier", Figure("z", "recipients", 8e6, 100, 120))
    assert names_defect(by_value, OUTLIER) and names_defect(by_offsets, OUTLIER)
    assert not names_defect(elsewhere, OUTLIER)
    # every planted figure must be named; a reference figure need not be
    one = finding("unit_conflict", Figure("c", "registrants", 5e6, 10, 20))
    both = finding(
        "unit_conflict", Figure("c", "registrants", 5e6, 10, 20), Figure("c", "registrants", 5e6, 60, 70)
    )
    assert not names_defect(one, UNITS) and names_defect(both, UNITS)
    assert names_defect(finding("order_violation", Figure("e", "training_completed", 7e6, 5, 15)), ORDER)
    # a defect without figures is named by its article
    assert names_defect(finding("weekday_mismatch", docs=("d",)), WEEKDAY)


def test_recall_needs_the_defects_kind_and_precision_accepts_what_it_also_raises():
    stale_as_outlier = finding("outlier", Figure("b", "recipients", 680_000, 40, 55))
    stale_as_fall = finding(
        "cumulative_fall", Figure("b", "recipients", 680_000, 40, 55), Figure("q", "x", 1, 0, 1)
    )
    weekday = finding("weekday_mismatch", docs=("d",))
    false_alarm = finding("outlier", Figure("q", "recipients", 5.6e6, 0, 9), check="outlets_agree")
    unscored = finding(None, Figure("a", "recipients", 8e6, 100, 120), check="figure_id_unique")
    defects = [OUTLIER, STALE, UNITS, WEEKDAY, ORDER]
    score = score_findings(defects, [stale_as_outlier, weekday, false_alarm, unscored], articles=10)
    assert (score.planted, score.found, score.findings, score.scored_findings, score.matched) == (
        5,
        1,
        4,
        3,
        2,
    )
    assert score.per_kind["cumulative_fall"].found == 0  # named, but only as an outlier
    assert score.per_kind["outlier"].precision == 0.5 and score.per_kind["weekday_mismatch"].recall == 1.0
    assert score.unmatched_by_check == {"outlets_agree": 1} and score.other_by_check == {
        "figure_id_unique": 1
    }
    assert score.unmatched_naming_planted_by_check == {}
    side_effect = finding(
        "order_violation", Figure("b", "recipients", 680_000, 40, 55), check="x_le_recipients"
    )
    assert score_findings(defects, [side_effect], articles=10).unmatched_naming_planted_by_check == {
        "x_le_recipients": 1
    }
    assert score.findings_per_article == 0.4
    assert {"unit_conflict", "order_violation", "outlier", "cumulative_fall"} <= set(score.missed_examples)
    better = score_findings(defects, [stale_as_fall, weekday], articles=10)
    assert better.per_kind["cumulative_fall"].recall == 1.0 and better.precision == 1.0


def test_defects_of_articles_outside_the_workspace_are_not_scored():
    score = score_findings([OUTLIER, STALE], [], articles=1, docs={"a"})
    assert (score.planted, score.defects_outside, score.recall) == (1, 1, 0.0)
    assert score.to_dict()["per_kind"]["outlier"] == {
        "planted": 1,
        "found": 0,
        "recall": 0.0,
        "findings": 0,
        "matched": 0,
        "precision": None,
    }


@pytest.mark.parametrize(
    ("check", "kind"),
    [
        ("outlets_agree", "outlier"),
        ("cumulative_non_decreasing_across_articles", "cumulative_fall"),
        ("cumulative_non_decreasing_same_article", "cumulative_fall"),
        ("recipients_le_registrants_same_article", "order_violation"),
        ("training_completed_le_recipients_across_articles", "order_violation"),
        ("wave_subrange_across_articles", "order_violation"),
        ("wave_parts_within_whole_same_article", "order_violation"),
        ("incentive_matches_scheme", "scheme_value"),
        ("weekday_matches_date", "weekday_mismatch"),
        ("article_has_outlet", "missing_outlet"),
        ("article_has_date", "missing_date"),
        ("outlet_agreement_pair_key_unique", None),
        ("unit_fits_metric", None),
        ("value_positive", None),
    ],
)
def test_fallback_kinds_of_the_checks_before_the_claims_layer(check, kind):
    assert fallback_kind(check) == kind


# ---------------------------------------------------------------- the command, on real DuckDB files

FINDINGS_DDL = """
    create schema marts;
    create table marts.findings (
        check_name varchar, severity varchar, {kind} figure_ids varchar[], article_ids varchar[],
        outlets varchar[], evidence varchar[], detail varchar
    );
    create table marts.figures (
        figure_id varchar, article_id varchar, doc varchar, outlet varchar, metric varchar, value double,
        unit varchar, qualifier varchar, evidence varchar, start bigint, "end" bigint
    );
    create table marts.articles (article_id varchar, doc varchar, outlet varchar);
"""


def write_workspace(home, *, with_kind: bool) -> None:
    """published.duckdb and warehouse.duckdb as the pipeline writes them (the contract's columns)."""
    home.mkdir(parents=True)
    con = duckdb.connect(str(home / "published.duckdb"))
    con.execute(FINDINGS_DDL.format(kind="kind varchar," if with_kind else ""))
    con.execute(
        """insert into marts.articles values ('A1', 'a', 'Kontan'), ('A2', 'b', 'Antara'), ('A3', 'd', null),
        ('A4', 'q', 'Detik')"""
    )
    con.execute(
        """insert into marts.figures values
        ('f1', 'A1', 'a', 'Kontan', 'recipients', 8000000, 'persons', 'exact', '8 juta orang', 100, 112),
        ('f2', 'A4', 'q', 'Detik', 'recipients', 5600000, 'persons', 'exact', '5,6 juta orang', 0, 14),
        ('f3', 'A2', 'b', 'Antara', 'recipients', 680000, 'persons', 'exact', '680.000 orang', 40, 53)"""
    )
    rows = [
        ("outlets_agree", "warning", "outlier", ["f1", "f2"], ["A1", "A4"]),
        (
            "cumulative_non_decreasing_across_articles",
            "warning",
            "cumulative_fall",
            ["f2", "f3"],
            ["A4", "A2"],
        ),
        ("weekday_matches_date", "warning", "weekday_mismatch", [], ["A3"]),
        ("incentive_matches_scheme", "blocking", "scheme_value", ["q1"], ["A4"]),
        ("figure_id_unique", "blocking", None, ["f2"], ["A4"]),
    ]
    for check, severity, kind, figures, articles in rows:
        values = [check, severity, *([kind] if with_kind else []), figures, articles, [], [], "detail"]
        con.execute(f"insert into marts.findings values ({', '.join('?' * len(values))})", values)
    con.close()
    warehouse = duckdb.connect(str(home / "warehouse.duckdb"))
    warehouse.execute("create schema staging")
    warehouse.execute(
        """create table staging.figures as select * from (values
        ('q1', 'A4', 'q', 'incentive_per_participant', 4200000.0, 30::bigint, 42::bigint),
        ('f2', 'A4', 'q', 'recipients', 5600000.0, 0::bigint, 14::bigint))
        as t(figure_id, article_id, doc, metric, value, start, "end")"""
    )
    warehouse.close()


def write_corpus(corpus) -> None:
    corpus.mkdir()
    defects = [
        OUTLIER | {"figures": [planted("a", "recipients", 8_000_000, 100, 112)]},
        STALE | {"figures": [planted("b", "recipients", 680_000, 40, 53)]},
        WEEKDAY,
        {"doc": "q", "kind": "scheme_value", "also": ["outlier"], "figures": [planted("q", "x", 1, 30, 42)]},
        {"doc": "zz", "kind": "missing_outlet", "also": [], "figures": [], "spans": []},
    ]
    (corpus / "defects.jsonl").write_text("".join(json.dumps(d) + "\n" for d in defects), encoding="utf-8")


@pytest.mark.parametrize("with_kind", [True, False], ids=["kind column", "fallback from check_name"])
def test_eval_findings_on_a_workspace(tmp_path, capsys, with_kind):
    write_workspace(tmp_path / "home", with_kind=with_kind)
    write_corpus(tmp_path / "corpus")
    argv = [
        "eval",
        "--findings",
        str(tmp_path / "corpus"),
        "--home",
        str(tmp_path / "home"),
        "--format",
        "json",
    ]
    assert main(argv) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["kind_source"] == (KIND_SOURCE_COLUMN if with_kind else KIND_SOURCE_FALLBACK)
    assert result["articles"] == 4 and result["defects_outside_workspace"] == 1
    # the outlier, the falling count named by a cumulative finding, the weekday, and the quarantined incentive
    # (named through the warehouse's staged figures) are found
    assert (result["planted_defects"], result["found"], result["recall"]) == (4, 4, 1.0)
    assert (result["findings"], result["scored_findings"], result["matched_findings"]) == (5, 4, 4)
    assert result["precision"] == 1.0 and result["other_findings_by_check"] == {"figure_id_unique": 1}
    assert main(argv[:-2]) == 0
    text = capsys.readouterr().out
    assert "recall 1.000" in text and "precision 1.000" in text and "weekday_mismatch" in text


def test_eval_findings_refuses_what_it_cannot_score(tmp_path, capsys):
    write_corpus(tmp_path / "corpus")
    assert main(["eval", "--findings", str(tmp_path / "corpus"), "--home", str(tmp_path / "none")]) == 2
    assert "run `prakerja run" in capsys.readouterr().err
    assert main(["eval", "--findings", str(tmp_path), "--home", str(tmp_path)]) == 2
    assert "defects.jsonl" in capsys.readouterr().err
    assert main(["eval", "--findings", str(tmp_path / "corpus"), "--gold", "x.jsonl"]) == 2
    assert "no --gold" in capsys.readouterr().err
    assert main(["eval"]) == 2
    assert "--gold FILE and --articles DIR" in capsys.readouterr().err
