"""Build the report folder of one validation run from the warehouse."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import pandas as pd

from prakerja_dq.report.claims_data import read_claims_data, read_findings, read_sources
from prakerja_dq.report.claims_pages import (
    claim_pages,
    evidence_page_names,
    group_sources,
    outlets_per_metric,
    render_claim_pages,
    render_evidence_pages,
    render_front_page,
)
from prakerja_dq.report.pages import suites_table
from prakerja_dq.report.timeline import Format, metric_timelines
from prakerja_dq.warehouse import connect

PAGES_LISTING = ".pages.json"


def data_docs_links(
    results: pd.DataFrame, *, report_dir: Path, data_docs_index: Path, run_id: str
) -> list[dict]:
    """Per suite: its counts and relative links to its Data Docs pages (latest validation of this run)."""
    docs_dir = data_docs_index.parent
    links = []
    for row in results.itertuples():
        pages = sorted((docs_dir / "validations" / row.suite / run_id).glob("*/*.html"))
        suite_page = docs_dir / "expectations" / f"{row.suite}.html"
        links.append(
            {
                "suite": row.suite,
                "table": row.validated_table,
                "evaluated": int(row.evaluated),
                "failed": int(row.failed),
                "validation_href": _relative(pages[-1], report_dir) if pages else None,
                "suite_href": _relative(suite_page, report_dir) if suite_page.is_file() else None,
            }
        )
    return links


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def build_claims_report(
    warehouse_path: Path,
    *,
    run_id: str,
    report_dir: Path,
    data_docs_index: Path,
    chart_format: Format = "jpeg",
) -> Path:
    """``write_claims_report`` on a connection of its own to the warehouse file; returns the index path."""
    con = connect(warehouse_path)
    try:
        return write_claims_report(
            con,
            run_id=run_id,
            report_dir=report_dir,
            data_docs_index=data_docs_index,
            chart_format=chart_format,
        )
    finally:
        con.close()


def write_claims_report(
    con: duckdb.DuckDBPyConnection,
    *,
    run_id: str,
    report_dir: Path,
    data_docs_index: Path,
    chart_format: Format = "jpeg",
) -> Path:
    """The claims report: ``index.html`` (timelines, claim filter, worst disputes), ``claims/*.html``,
    ``evidence.html`` and ``evidence/*.html``.

    It reads the claim marts (all queries are in ``claims_data``), so call it once ``marts`` is built for
    ``run_id``, e.g. right after ``build_models(con, ["marts"])`` in the publish stage.
    """
    runs = con.execute("select * from validation.runs where run_id = ?", [run_id]).df()
    if runs.empty:
        raise LookupError(f"no validation run {run_id!r} in the warehouse")
    data = read_claims_data(con, run=runs.iloc[0].to_dict())
    sources = group_sources(read_sources(con, data.claims["claim_id"].to_list()))
    evidence = read_findings(con)
    results = con.execute(
        "select suite, validated_table, count(*) as evaluated, "
        "count(*) filter (where not success) as failed from validation.results "
        "where run_id = ? group by all order by suite",
        [run_id],
    ).df()
    report_dir.mkdir(parents=True, exist_ok=True)
    pages = claim_pages(data.claims)
    shown = (
        dict(evidence["findings"]["check_name"].value_counts().items()) if len(evidence["findings"]) else {}
    )
    evidence_names = evidence_page_names(data.finding_counts, shown)
    files = {
        **render_claim_pages(data.run, data.claims, sources, pages),
        **render_evidence_pages(data.run, evidence, data.finding_counts, evidence_names, pages),
    }
    suites = data_docs_links(results, report_dir=report_dir, data_docs_index=data_docs_index, run_id=run_id)
    charts = metric_timelines(data.timeline, data.points, data.outlet_reports, fmt=chart_format)
    files["index.html"] = render_front_page(
        data.run,
        data.claims,
        charts,
        outlets_per_metric(data.outlet_reports),
        sources,
        data.finding_counts,
        pages,
        evidence_names,
        suites_html=suites_table(suites),
    )
    write_pages(report_dir, files)
    return report_dir / "index.html"


def write_pages(report_dir: Path, files: dict[str, str]) -> dict[str, int]:
    """Write the pages whose content differs from the last build's, remove the pages it no longer has.

    ``<report_dir>/.pages.json`` lists each page the last build wrote with the SHA-256 and size of its
    content; a page listed with the same digest and still of that size is left as it is. The list is
    removed before the first write and written after the last, so a build that dies half-way leaves none
    and the next build writes every page. Returns the pages ``written``, ``kept`` and ``removed``.
    """
    listing = report_dir / PAGES_LISTING
    try:
        previous = json.loads(listing.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    listing.unlink(missing_ok=True)
    current: dict[str, list] = {}
    counts = {"written": 0, "kept": 0, "removed": 0}
    for name, content in files.items():
        data = content.encode("utf-8")
        current[name] = [hashlib.sha256(data).hexdigest(), len(data)]
        target = report_dir / name
        if previous.get(name) == current[name] and _size(target) == len(data):
            counts["kept"] += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        counts["written"] += 1
    for stale in [*report_dir.glob("claims/*.html"), *report_dir.glob("evidence/*.html")]:
        if stale.relative_to(report_dir).as_posix() not in current:
            stale.unlink()
            counts["removed"] += 1
    temporary = listing.with_name(f"{listing.name}.tmp")
    temporary.write_text(json.dumps(current, sort_keys=True), encoding="utf-8")
    temporary.replace(listing)
    return counts


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None
