"""Build the report folder of one validation run from the warehouse."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from flows.report.charts import metric_charts
from flows.report.pages import render_evidence, render_index
from flows.warehouse import connect


@dataclass(frozen=True)
class ReportData:
    """Everything the pages show, read from the warehouse in one go."""

    run: dict
    findings: pd.DataFrame
    figures: pd.DataFrame
    texts: dict[str, str]
    spans: dict[str, tuple[str, int, int]]
    sources: dict[str, str]
    results: pd.DataFrame


def read_report_data(warehouse_path: Path, *, run_id: str) -> ReportData:
    # a writer connection: a read-only one is refused while this process holds the file open elsewhere
    con = connect(warehouse_path)
    try:
        runs = con.execute("select * from validation.runs where run_id = ?", [run_id]).df()
        if runs.empty:
            raise LookupError(f"no validation run {run_id!r} in {warehouse_path}")
        findings = con.execute("select * from validation.findings where run_id = ?", [run_id]).df()
        results = con.execute(
            "select suite, validated_table, count(*) as evaluated, "
            "count(*) filter (where not success) as failed from validation.results "
            "where run_id = ? group by all order by suite",
            [run_id],
        ).df()
        figures = con.sql("select * from intermediate.figure_bounds").df()
        articles = con.sql(
            "select a.article_id, a.doc, a.text, m.outlet from raw.articles as a "
            "left join (select distinct article_id, outlet from raw.article_meta) as m using (article_id)"
        ).df()
    finally:
        con.close()
    flagged = (
        findings.explode("figure_ids")
        .groupby("figure_ids")["check_name"]
        .agg(lambda names: ", ".join(sorted(set(names))))
    )
    figures["checks"] = figures["figure_id"].map(flagged).fillna("")
    figures["flagged"] = figures["checks"] != ""
    return ReportData(
        run=runs.iloc[0].to_dict(),
        findings=findings,
        figures=figures,
        texts=dict(zip(articles["article_id"], articles["text"], strict=True)),
        spans={
            row.figure_id: (row.article_id, int(row.start), int(row.end))
            for row in figures.itertuples()
            if pd.notna(row.start) and pd.notna(row.end)
        },
        sources={
            row.article_id: f"{row.outlet if isinstance(row.outlet, str) else 'unknown outlet'}, {row.doc}"
            for row in articles.itertuples()
        },
        results=results,
    )


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


def build_report(warehouse_path: Path, *, run_id: str, report_dir: Path, data_docs_index: Path) -> Path:
    """Write ``index.html`` and ``evidence.html`` into ``report_dir``; returns the index path."""
    data = read_report_data(Path(warehouse_path), run_id=run_id)
    report_dir.mkdir(parents=True, exist_ok=True)
    index = report_dir / "index.html"
    evidence = render_evidence(data.run, data.findings, data.texts, data.spans, data.sources)
    (report_dir / "evidence.html").write_text(evidence, encoding="utf-8")
    suites = data_docs_links(
        data.results, report_dir=report_dir, data_docs_index=data_docs_index, run_id=run_id
    )
    index.write_text(
        render_index(data.run, data.findings, metric_charts(data.figures), suites=suites), encoding="utf-8"
    )
    return index
