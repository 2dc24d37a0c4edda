"""HTML of the claims report: front page, claim pages per metric, evidence pages per check.

Pure functions from Polars frames to strings. Everything taken from the data is escaped; the one script (the
claim filter) is inline, allowed by its hash in the Content-Security-Policy, and reads the claim index from a
JSON data block, writing it back with ``textContent`` only. No page loads anything from anywhere.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from datetime import date

import polars as pl

from prakerja_dq.report.claim_filter import FILTER_SCRIPT, claim_index, filter_form, json_block
from prakerja_dq.report.pages import STYLE, anchor, esc

CLAIMS_PER_PAGE = 100
FINDINGS_PER_PAGE = 50
FRONT_PAGE_DISPUTES = 15
FRONT_PAGE_SOURCES = 3
SIDES = {"supporting": "Supporting", "dissenting": "Dissenting", "not_comparable": "Not comparable"}
STATUS_LABELS = {
    "disputed": "disputed",
    "agreed": "agreed",
    "single_source": "single source",
    "not_comparable": "not comparable",
}
EXTRA_STYLE = """
.claim { border-left: 4px solid #ccc; padding: .2rem 1rem; margin: 1.2rem 0; }
.claim.disputed { border-color: #d89000; } .claim.sev-blocking { border-color: #a40000; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; } .sides h4 { margin: .3rem 0; }
.sides ul { padding-left: 1rem; margin: 0; } .sides li { margin: .3rem 0; font-size: .92em; }
form.filter label { margin-right: 1rem; } #claim-list li { margin: .2rem 0; } .muted { color: #666; }
.pager a { margin-right: .6rem; } img { max-width: 100%; height: auto; }
"""


def csp(script: str | None = None) -> str:
    """The pages' policy: nothing from anywhere; inline styles, data: images, and one script by hash."""
    policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    if script is not None:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
        policy += f"; script-src 'sha256-{digest}'"
    return policy


def page(title: str, body: str, *, script: str | None = None, data: str = "") -> str:
    scripts = f"{data}<script>{script}</script>" if script is not None else ""
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp(script)}">'
        f"<title>{esc(title)}</title><style>{STYLE}{EXTRA_STYLE}</style></head>\n<body>\n{body}\n"
        f"{scripts}</body></html>\n"
    )


def nav(prefix: str = "") -> str:
    return (
        f'<nav><a href="{prefix}index.html">Front page</a>'
        f'<a href="{prefix}claims/index.html">Claims by metric</a>'
        f'<a href="{prefix}evidence.html">Evidence by check</a>'
        f'<a href="{prefix}data_docs/index.html">GX Data Docs</a></nav>'
    )


def slug(value: str) -> str:
    """A file-name-safe form of a metric or check name.

    >>> slug("claim consensus/2")
    'claim-consensus-2'
    """
    return "".join(char if char.isalnum() or char == "_" else "-" for char in value)


def number(value: object) -> str:
    """A figure as people read it: thousands separated, at most two decimals.

    >>> number(5600000.0), number(0.125), number(None)
    ('5,600,000', '0.12', '')
    """
    if value is None:
        return ""
    as_float = float(value)  # type: ignore[arg-type]
    return f"{as_float:,.0f}" if abs(as_float) >= 100 or as_float.is_integer() else f"{as_float:,.2f}"


def waves(wave_from: int | None, wave_to: int | None) -> str:
    """
    >>> waves(1, 10), waves(4, 4), waves(None, None)
    ('waves 1-10', 'wave 4', '')
    """
    if wave_from is None:
        return ""
    return f"wave {wave_from}" if wave_from == wave_to or wave_to is None else f"waves {wave_from}-{wave_to}"


def claim_title(claim: dict) -> str:
    parts = [
        f"{claim['metric']} ({claim['unit']})",
        claim["scope"],
        claim["basis"],
        waves(claim["wave_from"], claim["wave_to"]),
        f"{claim['period_year']}" if claim["period_year"] is not None else "",
        f"as of {as_of_window(claim['as_of_from'], claim['as_of_to'])}",
    ]
    return " · ".join(part for part in parts if part)


def as_of_window(first: date | None, last: date | None) -> str:
    if first is None or first == last:
        return str(last or "")
    return f"{first} to {last}"


def claim_pages(claims: pl.DataFrame, *, per_page: int = CLAIMS_PER_PAGE) -> dict[str, str]:
    """``claim_id -> claims/<metric>-<n>.html``: the claims of a metric in report order, paginated."""
    pages = {}
    for metric in claims["metric"].unique().sort().to_list():
        ids = claims.filter(pl.col("metric") == metric)["claim_id"].to_list()
        for index, claim_id in enumerate(ids):
            pages[claim_id] = f"claims/{slug(metric)}-{index // per_page + 1}.html"
    return pages


def metric_pages(claims: pl.DataFrame, pages: dict[str, str]) -> dict[str, list[str]]:
    """``metric -> [its claim pages in order]``."""
    found: dict[str, list[str]] = {}
    for metric, claim_id in claims.select("metric", "claim_id").iter_rows():
        names = found.setdefault(metric, [])
        if not names or names[-1] != pages[claim_id]:
            names.append(pages[claim_id])
    return found


def claim_keys(claims: pl.DataFrame) -> dict[str, int]:
    """``claim_id -> position in report order``: the key the filter and the ``k<key>`` anchors use."""
    return {claim_id: position for position, claim_id in enumerate(claims["claim_id"].to_list())}


def source_item(source: dict, *, dissenting: bool) -> str:
    distance = (
        f" · distance {number(source['distance_from_consensus'])}"
        if dissenting and source["distance_from_consensus"] is not None
        else ""
    )
    said = source["sentence"] or f"<mark>{esc(source['evidence'])}</mark>"
    return (
        f"<li><b>{esc(source['outlet'])}</b>, {esc(source['published_date'])}: "
        f"<b>{esc(number(source['value']))}</b> {esc(source['unit'])}{esc(distance)}"
        f'<br><span class="source">{said}</span></li>'
    )


def sides(claim: dict, sources: list[dict], *, shown: int, more_href: str | None = None) -> str:
    """The reports on each side of a claim: the supporting ones, and the dissenting ones."""
    columns = []
    for side, heading in SIDES.items():
        rows = [source for source in sources if source["side"] == side]
        total = rows[0]["side_total"] if rows else 0
        if side == "not_comparable" and not rows:
            continue
        items = "".join(source_item(source, dissenting=side == "dissenting") for source in rows[:shown])
        more = ""
        if total > min(shown, len(rows)):
            hidden = total - min(shown, len(rows))
            where = f' (<a href="{esc(more_href)}">claim page</a>)' if more_href else ""
            more = f'<p class="muted">{hidden} more {side} reports{where}; all are in marts.figures.</p>'
        columns.append(
            f'<div class="side {side}"><h4>{heading} ({total})</h4>'
            f"{f'<ul>{items}</ul>' if items else '<p class=muted>none</p>'}{more}</div>"
        )
    return f'<div class="sides">{"".join(columns)}</div>'


def claim_body(claim: dict, sources: list[dict], *, shown: int, href: str | None = None) -> str:
    """A claim's heading, consensus and sources on each side: the part of its section that depends on the
    claim and its reports only (claim pages reuse it from the last build while the claim's digest holds)."""
    flagged = {0: " (blocking finding)", 1: " (warning finding)"}.get(claim.get("severity_rank", 3), "")
    title = esc(claim_title(claim))
    linked = f'<a href="{esc(href)}">{title}</a>' if href else title
    supporting = ", ".join(claim["supporting_outlets"] or [])
    dissenting = ", ".join(claim["dissenting_outlets"] or [])
    return (
        f"<h3>{linked}</h3>"
        f"<p><b>{esc(STATUS_LABELS.get(claim['status'], claim['status']))}</b>{flagged}: consensus "
        f"<b>{esc(number(claim['consensus_value']))}</b> (interval {esc(number(claim['consensus_low']))} to "
        f"{esc(number(claim['consensus_high']))}), {esc(claim['reports'])} reports from "
        f"{esc(claim['first_reported'])} to {esc(claim['last_reported'])}; "
        f"claim {esc(claim['claim_id'])}.</p>"
        f'<p class="source">supporting outlets: {esc(supporting) or "none"}'
        f"{' · dissenting outlets: ' + esc(dissenting) if dissenting else ''}</p>"
        f"{sides(claim, sources, shown=shown, more_href=href)}"
    )


def wrap_claim(claim: dict, body: str, *, anchor: int, key: int | None = None) -> str:
    """The claim's section around its body, with the anchor ``k<anchor>``; ``key`` (the claim's position
    in the filter's index) is set on the front page only, where the filter hides sections by it."""
    severity = {0: " sev-blocking", 1: " sev-warning"}.get(claim.get("severity_rank", 3), "")
    data_key = f' data-key="{key}"' if key is not None else ""
    return (
        f'<section class="claim {esc(claim["status"])}{severity}" id="claim-{esc(claim["claim_id"])}" '
        f'data-claim="{esc(claim["claim_id"])}"{data_key}><a id="k{anchor}"></a>{body}</section>'
    )


def claim_section(claim: dict, sources: list[dict], *, key: int, shown: int, href: str | None = None) -> str:
    """A claim as the front page shows it (anchor and ``data-key`` both its position in the index)."""
    return wrap_claim(claim, claim_body(claim, sources, shown=shown, href=href), anchor=key, key=key)


def claim_bodies(claims: list[dict], sources: dict[str, list[dict]]) -> dict[str, str]:
    """``claim_id -> body`` as a claim page shows it: every source read for the claim."""
    return {
        claim["claim_id"]: claim_body(
            claim, sources.get(claim["claim_id"], []), shown=len(sources.get(claim["claim_id"], []))
        )
        for claim in claims
    }


def findings_table(finding_counts: pl.DataFrame, evidence_pages: dict[str, list[str]]) -> str:
    if finding_counts.is_empty():
        return "<p>No check failed in this run.</p>"
    rows = "".join(
        f'<tr><td class="{esc(row["severity"])}">{esc(row["severity"])}</td>'
        f'<td><a href="{esc(evidence_pages.get(row["check_name"], ["evidence.html"])[0])}">'
        f"{esc(row['check_name'])}</a></td><td>{esc(row['findings'])}</td></tr>"
        for row in finding_counts.iter_rows(named=True)
    )
    return f"<table><tr><th>severity</th><th>check</th><th>findings</th></tr>{rows}</table>"


def status_summary(claims: pl.DataFrame) -> str:
    counts = dict(claims.group_by("status").len().iter_rows())
    parts = [f"{counts.get(status, 0)} {label}" for status, label in STATUS_LABELS.items()]
    return f"<p>{claims.height} claims: {', '.join(parts)}.</p>"


def chart_section(metric: str, chart: dict, other_outlets: int) -> str:
    named = ", ".join(chart["named"]) or "none"
    return (
        f'<h3 id="timeline-{esc(slug(metric))}">{esc(metric)} ({esc(chart["unit"])})</h3>'
        f"<figure>{chart['html']}<figcaption class=muted>{esc(chart['reports'])} reports. The line is the "
        "consensus value by date (no wave range), the band its interval; dashes are the consensus of a wave "
        "range; crosses are outliers. Named outlets: "
        f"{esc(named)}; other outlets drawn grey: {esc(other_outlets)}.</figcaption></figure>"
    )


def render_front_page(
    run: dict,
    claims: pl.DataFrame,
    charts: dict[str, dict],
    outlets_per_metric: dict[str, int],
    sources: pl.DataFrame | dict[str, list[dict]],
    finding_counts: pl.DataFrame,
    pages: dict[str, str],
    evidence_pages: dict[str, list[str]],
    *,
    suites_html: str = "",
) -> str:
    """index.html: timelines per metric, the claim filter, the worst disputed claims with their sources."""
    index = claim_index(claims, metric_pages(claims, pages), per_page=CLAIMS_PER_PAGE)
    keys = claim_keys(claims)
    disputed = claims.filter(pl.col("status") == "disputed")
    by_claim = sources if isinstance(sources, dict) else group_sources(sources)
    worst = "".join(
        claim_section(
            claim,
            by_claim.get(claim["claim_id"], []),
            key=keys[claim["claim_id"]],
            shown=FRONT_PAGE_SOURCES,
            href=f"{pages[claim['claim_id']]}#claim-{claim['claim_id']}",
        )
        for claim in disputed.head(FRONT_PAGE_DISPUTES).iter_rows(named=True)
    )
    charts_html = "".join(
        chart_section(metric, chart, max(outlets_per_metric.get(metric, 0) - len(chart["named"]), 0))
        for metric, chart in charts.items()
    )
    body = (
        f"<h1>Kartu Prakerja figures: run {esc(run['run_id'])}</h1>{nav()}"
        f"{status_summary(claims)}"
        '<p><a href="#findings">Findings by check</a> · <a href="#disputes">Disputed claims</a></p>'
        "<h2>Consensus timelines</h2>"
        f"{charts_html or '<p>No cumulative metric has a timeline.</p>'}"
        "<h2>Find a claim</h2><p>By metric, outlet (supporting or dissenting) or wave; claims are listed "
        "worst dispute first. Every claim is on its metric's "
        '<a href="claims/index.html">claim pages</a>.</p>'
        f"{filter_form(index, STATUS_LABELS)}"
        f'<h2 id="disputes">Disputed claims, worst first</h2><p>{disputed.height} disputed claims; the worst '
        f"{min(FRONT_PAGE_DISPUTES, disputed.height)} are below with their sources on each side, all are on "
        "the claim pages. Blocking disputes come first, then more dissenting outlets, then larger distance."
        "</p>"
        f"{worst or '<p>No claim is disputed.</p>'}"
        f'<h2 id="findings">Findings by check</h2>{findings_table(finding_counts, evidence_pages)}'
        f"{suites_html}"
    )
    return page(f"Run {run['run_id']}", body, script=FILTER_SCRIPT, data=json_block("claim-index", index))


def group_sources(sources: pl.DataFrame) -> dict[str, list[dict]]:
    """``claim_id -> its source rows`` (the front page and the claim pages share one grouping)."""
    grouped: dict[str, list[dict]] = {}
    for source in sources.iter_rows(named=True):
        grouped.setdefault(source["claim_id"], []).append(source)
    return grouped


def pager(names: list[str], current: int, *, prefix: str = "") -> str:
    links = "".join(
        f"<b>{number_}</b> " if number_ == current else f'<a href="{esc(prefix + name)}">{number_}</a>'
        for number_, name in enumerate(names, start=1)
    )
    return f'<p class="pager">pages: {links}</p>' if len(names) > 1 else ""


def render_claim_pages(
    run: dict, claims: pl.DataFrame, bodies: Iterator[tuple[str, str]], pages: dict[str, str]
) -> Iterator[tuple[str, str]]:
    """``(path, html)`` of every claim page (report order within a metric), then of claims/index.html: one
    page at a time, so a writer need not hold them all.

    ``bodies``: ``(claim_id, claim_body)`` of every claim (see ``claim_bodies``) in the order the pages show
    them: by metric, in report order within a metric; taken as the pages need them.
    """
    index_rows = []
    for metric in claims["metric"].unique().sort().to_list():
        metric_claims = claims.filter(pl.col("metric") == metric)
        names = sorted(
            {pages[c] for c in metric_claims["claim_id"]}, key=lambda name: int(name[:-5].rsplit("-")[-1])
        )
        disputed = metric_claims.filter(pl.col("status") == "disputed").height
        index_rows.append(
            f'<tr><td><a href="{esc(names[0].removeprefix("claims/"))}">{esc(metric)}</a></td>'
            f"<td>{metric_claims.height}</td><td>{disputed}</td><td>{len(names)}</td></tr>"
        )
        by_page: dict[str, list[dict]] = {}
        shown = ["claim_id", "status", "severity_rank"]
        for claim in metric_claims.select(shown).iter_rows(named=True):
            by_page.setdefault(pages[claim["claim_id"]], []).append(claim)
        for number_, name in enumerate(names, start=1):
            sections = "".join(
                wrap_claim(claim, next_body(bodies, claim["claim_id"]), anchor=slot)
                for slot, claim in enumerate(by_page[name])
            )
            short = [n.removeprefix("claims/") for n in names]
            body = (
                f"<h1>{esc(metric)} claims, page {number_} of {len(names)}</h1>{nav('../')}"
                f"{pager(short, number_)}<p>Disputed claims first, worst first; then the others. "
                "Each claim shows up to six reports per side, one per outlet first.</p>"
                f"{sections}{pager(short, number_)}"
            )
            yield name, page(f"{metric} claims {number_}", body)
    yield (
        "claims/index.html",
        page(
            f"Claims of run {run['run_id']}",
            f"<h1>Claims by metric</h1>{nav('../')}<table><tr><th>metric</th><th>claims</th><th>disputed</th>"
            f"<th>pages</th></tr>{''.join(index_rows)}</table>",
        ),
    )


def next_body(bodies: Iterator[tuple[str, str]], claim_id: str) -> str:
    """The next body of ``bodies``, which must be ``claim_id``'s.

    >>> next_body(iter([("c1", "<h3>one</h3>")]), "c1")
    '<h3>one</h3>'
    """
    found, body = next(bodies)
    if found != claim_id:
        raise ValueError(f"claim bodies out of page order: {found!r} where {claim_id!r} is shown")
    return body


def evidence_page_names(finding_counts: pl.DataFrame, shown: dict[str, int]) -> dict[str, list[str]]:
    """``check -> [evidence/<check>-1.html, ...]`` for the findings each check shows."""
    names = {}
    for check in finding_counts["check_name"].unique().sort().to_list():
        pages_needed = max(1, -(-shown.get(check, 0) // FINDINGS_PER_PAGE))
        names[check] = [f"evidence/{slug(check)}-{n}.html" for n in range(1, pages_needed + 1)]
    return names


def render_evidence_pages(
    run: dict,
    evidence: dict,
    finding_counts: pl.DataFrame,
    names: dict[str, list[str]],
    claim_hrefs: dict[str, str],
) -> Iterator[tuple[str, str]]:
    """``(path, html)`` of each check's paginated findings, then of evidence.html (checks and their pages).

    ``evidence`` is ``claims_data.read_findings``'s: each finding already cut to the spans its page quotes."""
    from prakerja_dq.report.pages import render_finding

    findings = evidence["findings"]
    totals = {row["check_name"]: row["findings"] for row in finding_counts.iter_rows(named=True)}
    severities = {row["check_name"]: row["severity"] for row in finding_counts.iter_rows(named=True)}
    by_check: dict[str, list[dict]] = {}
    for finding in findings.to_dict("records") if len(findings) else []:
        by_check.setdefault(finding["check_name"], []).append(finding)
    for check, check_pages in names.items():
        rows = by_check.get(check, [])
        counter = 0  # numbered within their check: other checks' findings leave this check's pages alone
        for number_, name in enumerate(check_pages, start=1):
            chunk = rows[(number_ - 1) * FINDINGS_PER_PAGE : number_ * FINDINGS_PER_PAGE]
            items = []
            for finding in chunk:
                counter += 1
                claim_id = finding.get("claim_id")
                link = ""
                if isinstance(claim_id, str) and claim_id in claim_hrefs:
                    link = (
                        f'<p><a href="../{esc(claim_hrefs[claim_id])}#claim-{esc(claim_id)}">'
                        f"claim {esc(claim_id)}: every source on each side</a></p>"
                    )
                items.append(
                    render_finding(
                        counter,
                        finding,
                        evidence["texts"],
                        evidence["spans"],
                        evidence["sources"],
                        evidence["rules"],
                    ).replace("</section>", f"{link}</section>", 1)
                )
            shown = len(rows)
            note = ""
            if totals.get(check, shown) > shown and number_ == len(check_pages):
                note = (
                    f"<p>{totals[check] - shown} more findings of this check are not shown: query them with "
                    f'<code>prakerja sql "select * from marts.findings where check_name = '
                    f'&#x27;{esc(check)}&#x27;"</code>.</p>'
                )
            short = [n.removeprefix("evidence/") for n in check_pages]
            body = (
                f'<h1 id="{esc(anchor(check))}">{esc(check)} ({esc(severities.get(check, ""))}), '
                f"page {number_} of {len(check_pages)}</h1>{nav('../')}{pager(short, number_)}"
                f"{''.join(items) or '<p>No finding.</p>'}{note}{pager(short, number_)}"
            )
            yield name, page(f"{check} {number_}", body)
    checks = "".join(
        f'<li><a href="{esc(check_pages[0])}">{esc(check)}</a> ({esc(severities.get(check, ""))}, '
        f"{esc(totals.get(check, 0))} findings, {len(check_pages)} pages)</li>"
        for check, check_pages in names.items()
    )
    yield (
        "evidence.html",
        page(
            f"Evidence of run {run['run_id']}",
            f"<h1>Evidence by check, run {esc(run['run_id'])}</h1>{nav()}"
            "<p>Each check's findings with the sentences they rest on, paginated.</p>"
            f"<ul>{checks or '<li>No check failed.</li>'}</ul>",
        ),
    )


def outlets_per_metric(outlet_reports: pl.DataFrame) -> dict[str, int]:
    return dict(outlet_reports.group_by("metric").len().iter_rows())
