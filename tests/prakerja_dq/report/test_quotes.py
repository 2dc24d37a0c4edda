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


def sentence_bounds_scanning_everything(text: str, start: int, end: int) -> tuple[int, int]:
    """The plain definition: the last sentence end before the span, the first after, then capped."""
    from prakerja_dq.report.quotes import _SENTENCE_END, MAX_CONTEXT

    ends = [match.end() for match in _SENTENCE_END.finditer(text, 0, start)]
    following = _SENTENCE_END.search(text, end)
    left = max(ends[-1] if ends else 0, start - MAX_CONTEXT)
    right = min(following.end() if following else len(text), end + MAX_CONTEXT)
    while left < start and text[left].isspace():
        left += 1
    return left, right


def test_sentence_bounds_searching_only_near_the_span_equal_the_plain_definition():
    import random

    from prakerja_dq.report.quotes import sentence_bounds

    rng = random.Random(7)
    for _ in range(20000):
        length = rng.choice([3, 60, 300, 700])
        text = "".join(
            rng.choice(rng.choice(["ab .", "ab  .!?\n", "abcdefg ", "a.\n"])) for _ in range(length)
        )
        start = rng.randrange(length)
        end = rng.randrange(start, length + 1)
        assert sentence_bounds(text, start, end) == sentence_bounds_scanning_everything(text, start, end)
