"""The evidence page names, under each quoted figure, the extraction rule that decided its metric."""

from __future__ import annotations

import pandas as pd

from prakerja_dq.report.pages import render_finding

TEXT = "Kuota gelombang 12 sebanyak 600.000 orang. Hingga Maret, penerima mencapai 700.000 orang."


def finding(figure_ids: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "check_name": ["recipients_within_quota"],
            "severity": ["warning"],
            "figure_ids": [figure_ids],
            "article_ids": [["a1", "a1"]],
            "outlets": [["Kontan"]],
            "evidence": [["600.000 orang", "700.000 orang"]],
            "detail": ["recipients above the quota"],
        }
    )


def test_each_quote_shows_the_rule_of_its_figure():
    spans = {"f1": ("a1", 28, 41), "f2": ("a1", 75, 88)}
    rules = {"f1": "cue:quota", "f2": "cue:recipients@clause"}
    page = render_finding(
        1, finding(["f1", "f2"]).iloc[0], {"a1": TEXT}, spans, {"a1": "Kontan, doc1"}, rules
    )
    assert 'extracted by <code class="rule">cue:quota</code>' in page
    assert 'extracted by <code class="rule">cue:recipients@clause</code>' in page


def test_figures_without_a_rule_show_no_rule():
    spans = {"f1": ("a1", 28, 41), "f2": ("a1", 75, 88)}
    page = render_finding(1, finding(["f1", "f2"]).iloc[0], {"a1": TEXT}, spans, {"a1": "Kontan, doc1"})
    assert "extracted by" not in page and "Kontan, doc1" in page
