"""Measure the staging + intermediate models and the validate stage on a synthetic corpus (not a test).

Build a corpus first, then load its truth records as the raw tables and time each model and validation::

    .venv/bin/prakerja synth --articles 100000 --out /dev/shm/val100k --seed 3
    .venv/bin/python -m tests.sql.intermediate.measure_scale /dev/shm/val100k --db /dev/shm/val100k.duckdb

Prints one JSON line per step (seconds, rows) so before/after runs can be compared.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import duckdb

from prakerja_dq.settings import SEEDS_DIR
from prakerja_dq.warehouse import create_base_tables, order_models, read_models


def report(step: str, seconds: float, **fields) -> None:
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    line = {"step": step, "seconds": round(seconds, 2), "max_rss_mib": rss_mib, **fields}
    print(json.dumps(line), flush=True)


def load_corpus(con: duckdb.DuckDBPyConnection, corpus: Path) -> None:
    """The synth truth records as raw.figure_mentions / raw.date_mentions, its texts as raw.articles."""
    create_base_tables(con)
    truth, dates, texts = corpus / "truth.jsonl", corpus / "truth_dates.jsonl", corpus / "articles"
    con.execute(
        f"""
        insert into raw.figure_mentions
        select doc, doc, metric, value, unit, qualifier, wave_from, wave_to, period_year, as_of, scope, basis,
            evidence, start, "end", 'measure'
        from read_json('{truth}', format = 'newline_delimited', columns = {{
            doc: 'varchar', outlet: 'varchar', metric: 'varchar', value: 'double', unit: 'varchar',
            qualifier: 'varchar', wave_from: 'integer', wave_to: 'integer', period_year: 'integer',
            as_of: 'varchar', scope: 'varchar', basis: 'varchar', evidence: 'varchar', start: 'bigint',
            "end": 'bigint'}})
        """
    )
    con.execute(
        f"""
        insert into raw.article_meta
        select doc, doc, any_value(outlet),
            max(try_cast(as_of as date)) filter (where length(as_of) = 10), null, 'measure'
        from read_json('{truth}', format = 'newline_delimited',
            columns = {{doc: 'varchar', outlet: 'varchar', as_of: 'varchar'}})
        group by doc
        """
    )
    con.execute(
        f"""
        insert into raw.date_mentions
        select doc, doc, text, start, "end", weekday_stated, date, weekday_actual, consistent, 'measure'
        from read_json('{dates}', format = 'newline_delimited', columns = {{
            doc: 'varchar', text: 'varchar', start: 'bigint', "end": 'bigint', weekday_stated: 'varchar',
            date: 'varchar', weekday_actual: 'varchar', consistent: 'boolean'}})
        """
    )
    con.execute(
        f"""
        insert into raw.articles
        select parse_filename(filename, true), parse_filename(filename, true), filename, md5(content),
            'utf-8', content, 'measure', now()
        from read_text('{texts}/**/*.txt')
        """
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--skip-validate", action="store_true")
    parser.add_argument("--memory-limit", default="2GB")
    args = parser.parse_args()
    args.db.unlink(missing_ok=True)
    con = duckdb.connect(str(args.db))
    con.execute("set variable seeds_dir = ?", [str(SEEDS_DIR)])
    started = time.perf_counter()
    load_corpus(con, args.corpus)  # loading is not measured: no memory limit
    con.execute("checkpoint")
    con.execute(f"set memory_limit = '{args.memory_limit}'")
    ((figures,),) = con.execute("select count(*) from raw.figure_mentions").fetchall()
    report("load_raw", time.perf_counter() - started, figures=figures)
    total = time.perf_counter()
    for model in order_models(read_models(["staging", "intermediate"])):
        started = time.perf_counter()
        con.execute(f"create or replace table {model.relation} as\n{model.sql}")
        ((rows,),) = con.execute(f"select count(*) from {model.relation}").fetchall()
        report(model.relation, time.perf_counter() - started, rows=rows)
    report("build_models(staging, intermediate)", time.perf_counter() - total)
    con.close()
    report("warehouse_file", 0, mib=round(args.db.stat().st_size / 2**20, 1))
    if args.skip_validate:
        return
    measure_validation(args.db)


def measure_validation(db: Path) -> None:
    """The steps of flows.validate_tables.validate_warehouse, timed one by one (report left out)."""
    from datetime import UTC, datetime

    from flows import validate_tables as validate
    from prakerja_dq.validation.plan import DEFAULT_WARNING_SAMPLE

    out = db.parent / f"{db.stem}-validation"
    started = time.perf_counter()
    frames = validate.read_validated_tables.fn(db, warning_sample=DEFAULT_WARNING_SAMPLE)
    rows = sum(map(len, frames.values()))
    report("validate: read the rows GX sees", time.perf_counter() - started, rows=rows)
    started = time.perf_counter()
    run_suites_without_docs(frames)
    report("validate: GX suites (without Data Docs)", time.perf_counter() - started)
    started = time.perf_counter()
    outcomes = validate.run_expectation_suites.fn(
        frames, run_id="measure", data_docs_dir=out / "docs", gx_dir=out / "gx"
    )
    report("validate: GX suites (with Data Docs)", time.perf_counter() - started)
    started = time.perf_counter()
    run = validate.store_validation.fn(
        db,
        outcomes,
        frames,
        run_id="measure",
        started_at=datetime.now(UTC),
        data_docs_index=out / "docs" / "index.html",
        report_index=out / "index.html",
    )
    report(
        "validate: count, findings, quarantine, store",
        time.perf_counter() - started,
        findings=run["findings"],
        blocking=run["blocking_findings"],
        quarantined=run["quarantined_figures"],
    )


def run_suites_without_docs(frames):
    from prakerja_dq.validation.gx_runner import run_suites

    return run_suites(frames, run_name="measure", data_docs_dir=None)


if __name__ == "__main__":
    main()
