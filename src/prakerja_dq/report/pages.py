"""HTML pages of the report. Pure functions from report data to strings; all data is escaped."""

from __future__ import annotations

import html
from collections.abc import Iterable

import pandas as pd

from prakerja_dq.report.quotes import Quote, locate_quote, render_quote

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
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


def page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


def nav() -> str:
    return (
        '<nav><a href="index.html">Run summary</a><a href="evidence.html">Evidence of failed checks</a>'
        '<a href="data_docs/index.html">GX Data Docs</a></nav>'
    )


def summary_table(run: dict) -> str:
    rows = [
        ("run", run["run_id"]),
        ("finished", run["finished_at"]),
        ("expectations evaluated", run["expectations_evaluated"]),
        ("passed", run["expectations_passed"]),
        ("failed", run["expectations_failed"]),
        ("findings (failed check instances)", run["findings"]),
        ("blocking findings", run["blocking_findings"]),
        ("figures quarantined", run["quarantined_figures"]),
    ]
    cells = "".join(f"<tr><th>{esc(name)}</th><td>{esc(value)}</td></tr>" for name, value in rows)
    return f"<table>{cells}</table>"


def checks_table(findings: pd.DataFrame, *, totals: dict[str, int] | None = None) -> str:
    if findings.empty:
        return "<p>No check failed in this run.</p>"
    counts = findings.groupby(["severity", "check_name"]).size().reset_index(name="instances")
    if totals:
        counts["instances"] = [
            totals.get(name, count) for name, count in zip(counts.check_name, counts.instances, strict=True)
        ]
    counts = counts.sort_values(["severity", "check_name"])
    rows = "".join(
        f'<tr><td class="{esc(row.severity)}">{esc(row.severity)}</td>'
        f'<td><a href="evidence.html#{esc(anchor(row.check_name))}">{esc(row.check_name)}</a></td>'
        f"<td>{esc(row.instances)}</td></tr>"
        for row in counts.itertuples()
    )
    return f"<table><tr><th>severity</th><th>failed check</th><th>instances</th></tr>{rows}</table>"


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


def render_index(
    run: dict,
    findings: pd.DataFrame,
    charts: dict[str, list[str]],
    *,
    suites: list[dict] | None = None,
    totals: dict[str, int] | None = None,
) -> str:
    chart_sections = []
    for metric, images in charts.items():
        # images are data: URLs rendered by vl-convert: nothing from the data reaches the HTML as markup
        content = (
            "".join(f"<figure>{image}</figure>" for image in images) or "<p>No national figures reported.</p>"
        )
        chart_sections.append(f"<h2>{esc(metric)}</h2>{content}")
    body = (
        f"<h1>Kartu Prakerja figures: validation run {esc(run['run_id'])}</h1>{nav()}"
        f"{summary_table(run)}<h2>Failed checks</h2>{checks_table(findings, totals=totals)}"
        f"{suites_table(suites or [])}"
        "<p>Each point is one reported value, coloured by outlet (the outlets behind most failed checks and "
        "the biggest reporters are named, the others are grey); crosses are figures behind a failed check. "
        "Wave charts draw each figure's wave range as a line ending at its last wave.</p>"
        + "".join(chart_sections)
    )
    return page(f"Validation run {run['run_id']}", body)


def finding_quotes(
    finding: pd.Series, texts: dict[str, str], spans: dict[str, tuple[str, int, int]]
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


def quote_rules(finding: pd.Series, spans: dict, rules: dict[str, str], article_id: str, quote: Quote) -> str:
    """The extraction rules (provenance) of the finding's figures quoted at this span, joined by commas."""
    found = [
        rules[figure_id]
        for figure_id in finding["figure_ids"]
        if rules.get(figure_id) and spans.get(figure_id) == (article_id, quote.start, quote.end)
    ]
    return ", ".join(dict.fromkeys(found))


def render_finding(
    number: int,
    finding: pd.Series,
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


def render_evidence(
    run: dict,
    findings: pd.DataFrame,
    texts: dict[str, str],
    spans: dict,
    sources: dict[str, str],
    *,
    totals: dict[str, int] | None = None,
    rules: dict[str, str] | None = None,
) -> str:
    """The evidence page; ``totals`` gives each check's full count when ``findings`` holds only a sample;
    ``rules`` the extraction rule of each figure id, shown under its quote (provenance)."""
    sections, number = [], 0
    ordered = findings.assign(order=findings["severity"].map({"blocking": 0, "warning": 1}))
    for check_name, group in ordered.sort_values(["order", "check_name"]).groupby("check_name", sort=False):
        items = []
        for _, finding in group.iterrows():
            number += 1
            items.append(render_finding(number, finding, texts, spans, sources, rules))
        total = (totals or {}).get(check_name, len(group))
        if total > len(group):
            items.append(
                f"<p>{total - len(group)} more instances of this check are not shown here: query them with "
                f'<code>prakerja sql "select * from marts.findings where check_name = '
                f'&#x27;{esc(check_name)}&#x27;"</code>.</p>'
            )
        sections.append(f'<h2 id="{esc(anchor(check_name))}">{esc(check_name)}</h2>{"".join(items)}')
    body = (
        f"<h1>Evidence for run {esc(run['run_id'])}</h1>{nav()}"
        "<p>Every failed check instance with the sentences it rests on; the reported figure is highlighted. "
        "Article text is quoted as plain text.</p>" + ("".join(sections) or "<p>No check failed.</p>")
    )
    return page(f"Evidence for run {run['run_id']}", body)
