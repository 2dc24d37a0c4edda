"""Building the report from the warehouse's marts, including a run with nothing to show."""

from __future__ import annotations

import json
import time
from datetime import datetime

import duckdb
import polars as pl

from prakerja_dq.report import build_claims_report
from prakerja_dq.report.build import (
    BODIES_CACHE,
    PAGES_LISTING,
    BodiesCache,
    full_cap_if_needed,
    valid_bodies,
    write_pages,
)
from prakerja_dq.settings import SEEDS_DIR
from prakerja_dq.warehouse import build_models, connect, create_base_tables
from tests.prakerja_dq.report.claims_marts import RUN_ID, write_claims_warehouse


def test_empty_run_still_gets_a_report(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    con = connect(warehouse)
    con.execute("set variable seeds_dir = ?", [str(SEEDS_DIR)])
    con.execute("set variable run_id = 'empty'")
    create_base_tables(con)
    build_models(con, ["staging", "intermediate", "marts"])
    now = datetime(2026, 1, 1)
    con.execute(
        "insert into validation.runs values ('empty', ?, ?, 0, 0, 0, 0, 0, 0, true, null, null)", [now, now]
    )
    con.close()
    report_dir = tmp_path / "report"
    index = build_claims_report(
        warehouse,
        run_id="empty",
        report_dir=report_dir,
        data_docs_index=report_dir / "data_docs" / "index.html",
    )
    front = index.read_text(encoding="utf-8")
    assert "0 claims" in front
    assert (report_dir / "evidence.html").is_file()


def build(warehouse, report_dir):
    return build_claims_report(
        warehouse,
        run_id=RUN_ID,
        report_dir=report_dir,
        data_docs_index=report_dir / "data_docs" / "index.html",
    )


def report_files(report_dir) -> dict[str, bytes]:
    return {
        path.relative_to(report_dir).as_posix(): path.read_bytes()
        for path in sorted(report_dir.rglob("*"))
        if path.is_file()
    }


def test_a_report_built_over_an_older_one_equals_one_built_afresh(tmp_path):
    """Pages of the older report that stay, change or go: the result is the fresh build, file by file."""
    report_dir = tmp_path / "report"
    build(write_claims_warehouse(tmp_path / "old.duckdb", articles=160, seed=5), report_dir)
    (report_dir / "claims" / "not-a-page-any-more.html").write_text("stale", encoding="utf-8")
    newer = write_claims_warehouse(tmp_path / "new.duckdb", articles=120, seed=6)
    build(newer, report_dir)
    build(newer, tmp_path / "fresh")
    updated, fresh = report_files(report_dir), report_files(tmp_path / "fresh")
    assert len(fresh) > 8 and updated == fresh


def test_only_pages_whose_content_changed_are_written_again(tmp_path):
    warehouse = write_claims_warehouse(tmp_path / "warehouse.duckdb", articles=160, seed=5)
    report_dir = tmp_path / "report"
    build(warehouse, report_dir)
    before = {path: path.stat().st_mtime_ns for path in report_dir.rglob("*.html")}
    con = connect(warehouse)
    try:  # one finding says something else: its evidence page changes, nothing else does
        first = con.execute(
            "select check_name, detail from marts.findings order by check_name, detail limit 1"
        ).fetchone()
        con.execute(
            "update marts.findings set detail = detail || ' (reworded)' where check_name = ? and detail = ?",
            list(first),
        )
    finally:
        con.close()
    time.sleep(0.01)
    build(warehouse, report_dir)
    changed = sorted(
        path.relative_to(report_dir).as_posix()
        for path, mtime in before.items()
        if path.stat().st_mtime_ns != mtime
    )
    assert len(changed) == 1 and changed[0].startswith("evidence/"), changed
    assert "(reworded)" in (report_dir / changed[0]).read_text(encoding="utf-8")
    assert len(before) > 8
    build(warehouse, tmp_path / "fresh")
    assert report_files(report_dir) == report_files(tmp_path / "fresh")


def test_a_build_that_died_half_way_leaves_no_listing_and_the_next_writes_every_page(tmp_path):
    warehouse = write_claims_warehouse(tmp_path / "warehouse.duckdb", articles=80, seed=5)
    report_dir = tmp_path / "report"
    build(warehouse, report_dir)
    listing = json.loads((report_dir / PAGES_LISTING).read_text(encoding="utf-8"))
    assert "index.html" in listing and any(name.startswith("claims/") for name in listing)
    page = report_dir / next(name for name in listing if name.startswith("claims/") and "index" not in name)
    original = page.read_bytes()
    (report_dir / PAGES_LISTING).unlink()  # as after a crash between the first write and the listing
    page.write_bytes(original.replace(b"claims", b"CLAIMS", 1))  # the same size, other content
    build(warehouse, report_dir)
    assert page.read_bytes() == original


def claim_page_holding(report_dir, claim_id: str) -> str:
    return next(
        path.read_text(encoding="utf-8")
        for path in sorted((report_dir / "claims").glob("*.html"))
        if f'id="claim-{claim_id}"' in path.read_text(encoding="utf-8")
    )


def test_a_claim_body_is_taken_from_the_last_build_until_what_it_shows_changes(tmp_path):
    """The cached body of a claim is reused while its digest holds, and rendered again once a report of it
    changes in marts.figures: then the report is the fresh build again."""
    warehouse = write_claims_warehouse(tmp_path / "warehouse.duckdb", articles=120, seed=5)
    report_dir = tmp_path / "report"
    build(warehouse, report_dir)
    con = connect(warehouse)
    try:
        claim_id, figure_id = con.execute(
            "select claim_id, min(figure_id) from marts.figures where claim_id is not null "
            "group by claim_id order by claim_id limit 1"
        ).fetchone()
    finally:
        con.close()
    cache = pl.read_parquet(report_dir / BODIES_CACHE)
    marked = cache.with_columns(
        body=pl.when(pl.col("claim_id") == claim_id)
        .then(pl.lit("<p>cached body</p>") + pl.col("body"))
        .otherwise(pl.col("body"))
    )
    marked.write_parquet(report_dir / BODIES_CACHE)
    build(warehouse, report_dir)
    assert "<p>cached body</p>" in claim_page_holding(report_dir, claim_id)

    con = connect(warehouse)
    try:
        con.execute("update marts.figures set outlet = 'Kabar Baru Sekali' where figure_id = ?", [figure_id])
    finally:
        con.close()
    build(warehouse, report_dir)
    page = claim_page_holding(report_dir, claim_id)
    assert "<p>cached body</p>" not in page and "Kabar Baru Sekali" in page
    build(warehouse, tmp_path / "fresh")
    assert report_files(report_dir) == report_files(tmp_path / "fresh")


def test_pages_taken_one_at_a_time_are_kept_written_and_removed_as_a_whole_set_would_be(tmp_path):
    """``write_pages`` reads its pages from a generator: each page is written or kept as it comes, the pages
    no longer given are removed after the last, and the listing is written once all are done."""
    report_dir = tmp_path / "report"
    given: list[str] = []

    def pages(contents: dict[str, str]):
        for name, content in contents.items():
            assert not (report_dir / PAGES_LISTING).exists()  # the listing is gone while pages are written
            given.append(name)
            yield name, content

    first = {"index.html": "front", "claims/a-1.html": "a", "claims/b-1.html": "b", "evidence/c-1.html": "c"}
    assert write_pages(report_dir, pages(first)) == {"written": 4, "kept": 0, "removed": 0}
    assert given == list(first)
    second = {"index.html": "front", "claims/a-1.html": "a, again", "evidence/c-1.html": "c"}
    assert write_pages(report_dir, pages(second)) == {"written": 1, "kept": 2, "removed": 1}
    assert report_files(report_dir) == {
        PAGES_LISTING: (report_dir / PAGES_LISTING).read_bytes(),
        **{name: content.encode() for name, content in second.items()},
    }
    assert sorted(json.loads((report_dir / PAGES_LISTING).read_text(encoding="utf-8"))) == sorted(second)


def test_a_bodies_cache_left_by_an_error_keeps_the_older_cache(tmp_path):
    path = tmp_path / BODIES_CACHE
    keys = {"c1": "v:1", "c2": "v:2", "c3": "v:3"}
    with BodiesCache(path, keys, batch=2) as cache:
        assert list(cache.keeping(iter([("c1", "one"), ("c2", "two"), ("c3", "three")]))) == [
            ("c1", "one"),
            ("c2", "two"),
            ("c3", "three"),
        ]
    assert list(valid_bodies(path, keys | {"c2": "v:changed"})) == [("c1", "one"), ("c3", "three")]
    try:
        with BodiesCache(path, keys) as cache:
            cache.add("c1", "other")
            raise RuntimeError("the build died")
    except RuntimeError:
        pass
    assert dict(valid_bodies(path, keys)) == {"c1": "one", "c2": "two", "c3": "three"}
    assert sorted(item.name for item in tmp_path.iterdir()) == [BODIES_CACHE]


def test_a_read_that_runs_out_of_the_lowered_cap_runs_again_under_the_configured_one(tmp_path):
    con = connect(tmp_path / "warehouse.duckdb")
    try:
        configured = con.execute("select current_setting('memory_limit')").fetchall()[0][0]
        con.execute("set memory_limit = '64MB'")
        calls = []

        def read() -> str:
            calls.append(con.execute("select current_setting('memory_limit')").fetchall()[0][0])
            if len(calls) == 1:
                raise duckdb.OutOfMemoryException("out of the lowered cap")
            return "read"

        assert full_cap_if_needed(con, read) == "read"
        assert calls[1] == configured != calls[0]
    finally:
        con.close()
