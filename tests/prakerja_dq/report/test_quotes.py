"""Quoting article text: sentence bounds, highlighting, and escaping of untrusted text."""

from __future__ import annotations

import pandas as pd

from prakerja_dq.report.pages import render_finding
from prakerja_dq.report.quotes import locate_quote, render_quote

TEXT = (
    'Satu. Rudy berujar <script>window.pwned=1</script>, ada 5,6 juta orang penerima. "Tiga" & <b>empat</b>.'
)


def test_quote_highlights_the_span_inside_its_sentence_and_escapes_markup():
    quote = locate_quote(TEXT, "a", "5,6 juta orang")
    html = render_quote(TEXT, quote)
    assert html == (
        "Rudy berujar &lt;script&gt;window.pwned=1&lt;/script&gt;, ada <mark>5,6 juta orang</mark> penerima."
    )


def test_quote_prefers_the_given_offset_and_falls_back_to_search():
    text = "7 juta user. Lagi: 7 juta user."
    assert locate_quote(text, "a", "7 juta user", near=19).start == 19
    assert locate_quote(text, "a", "7 juta user", near=3).start == 0
    assert locate_quote(text, "a", "tidak ada") is None


def test_evidence_page_escapes_every_field():
    findings = pd.DataFrame(
        [
            {
                "check_name": "weekday_<i>matches</i>",
                "severity": "warning",
                "figure_ids": [],
                "article_ids": ["a"],
                "outlets": ["<img src=x onerror=alert(1)>"],
                "evidence": ['"Tiga" & <b>empat</b>'],
                "detail": "<script>alert(1)</script>",
            }
        ]
    )
    page = render_finding(1, findings.iloc[0], {"a": TEXT}, {}, {"a": "<outlet>"})
    assert "<script>" not in page and "<img" not in page and "<b>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<mark>&quot;Tiga&quot; &amp; &lt;b&gt;empat&lt;/b&gt;</mark>" in page
