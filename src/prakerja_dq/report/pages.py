"""HTML pieces the report pages share: the style, escaping, the suites table and a finding with its quotes.

Pure functions from report data to strings; all data is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

from prakerja_dq.report.quotes import Quote, locate_quote, render_quote

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 62rem; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; } td, th { border: 1px solid #ccc; padding: .3rem .6rem; }
th { background: #f3f3f3; text-align: left; } .blocking { color: #a40000; } .warning { color: #8a5a00; }
.finding { border-left: 4px solid #ccc; padding: .2rem 1rem; margin: 1.2rem 0; }
.finding.blocking { border-color: #a40000; } .finding.warning { border-color: #d89000; }
blockquote { margin: .4rem 0; padding: .3rem .8rem; background: #fafafa; border-left: 3px solid #ddd; }
mark { background: #ffe27a; padding: 0 .1rem; } .source { color: #555; font-size: .9em; }
nav a { margin-right: 1rem; } svg { max-width: 100%; height: auto; }
"""


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def anchor(check_name: str) -> str:
    return "check-" + "".join(char if char.isalnum() else "-" for char in check_name)


def suites_table(suites: list[dict]) -> str:
    if not suites:
        return ""
    rows = "".join(
        f"<tr><td>{esc(suite['suite'])}</td><td>{esc(suite['table'])}</td><td>{esc(suite['evaluated'])}</td>"
        f"<td>{esc(suite['failed'])}</td><td>{_link(suite['validation_href'], 'validation result')} "
        f"{_link(suite['suite_href'], 'suite')}</td></tr>"
        for suite in suites
    )
    return (
        "<h2>Suites</h2><table><tr><th>suite</th><th>table</th><th>expectations</th><th>failed</th>"
        f"<th>GX Data Docs</th></tr>{rows}</table>"
    )


def _link(href: str | None, label: str) -> str:
    return f'<a href="{esc(href)}">{esc(label)}</a>' if href else ""


def finding_quotes(
    finding: Mapping, texts: dict[str, str], spans: dict[str, tuple[str, int, int]]
) -> Iterable[tuple[str, Quote]]:
    """Each evidence span of a finding located in its article, preferring the figures' own offsets."""
    article_ids = list(finding["article_ids"])
    figure_spans = [spans[fid] for fid in finding["figure_ids"] if fid in spans]
    seen = set()
    for index, evidence in enumerate(finding["evidence"]):
        candidates = [article_ids[index]] if index < len(article_ids) else article_ids
        for article_id in dict.fromkeys([*candidates, *article_ids]):
            text = texts.get(article_id)
            if text is None:
                continue
            near = next(
                (
                    start
                    for aid, start, end in figure_spans
                    if aid == article_id and text[start:end] == evidence
                ),
                None,
            )
            quote = locate_quote(text, article_id, evidence, near=near)
            if quote is not None:
                if (article_id, quote.start) not in seen:
                    seen.add((article_id, quote.start))
                    yield article_id, quote
                break


def quote_rules(finding: Mapping, spans: dict, rules: dict[str, str], article_id: str, quote: Quote) -> str:
    """The extraction rules (provenance) of the finding's figures quoted at this span, joined by commas."""
    found = [
        rules[figure_id]
        for figure_id in finding["figure_ids"]
        if rules.get(figure_id) and spans.get(figure_id) == (article_id, quote.start, quote.end)
    ]
    return ", ".join(dict.fromkeys(found))


def render_finding(
    number: int,
    finding: Mapping,
    texts: dict[str, str],
    spans: dict,
    sources: dict[str, str],
    rules: dict[str, str] | None = None,
) -> str:
    def source_line(article_id: str, quote: Quote) -> str:
        rule = quote_rules(finding, spans, rules or {}, article_id, quote)
        extracted = f' · extracted by <code class="rule">{esc(rule)}</code>' if rule else ""
        return f'<div class="source">{esc(sources.get(article_id, article_id))}{extracted}</div>'

    quotes = (
        "".join(
            f"<blockquote>{render_quote(texts[article_id], quote)}"
            f"{source_line(article_id, quote)}</blockquote>"
            for article_id, quote in finding_quotes(finding, texts, spans)
        )
        or "<p>(no source sentence could be located)</p>"
    )
    return (
        f'<section class="finding {esc(finding["severity"])}" id="finding-{number}">'
        f'<h3><span class="{esc(finding["severity"])}">{esc(finding["severity"])}</span> '
        f"{esc(finding['check_name'])}</h3><p>{esc(finding['detail'])}</p>"
        f'<p class="source">outlets: {esc(", ".join(finding["outlets"]))}</p>{quotes}</section>'
    )
