"""Build the report folder of one validation run from the warehouse."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from prakerja_dq.report import claims_data, claims_pages, quotes
from prakerja_dq.report import pages as page_parts
from prakerja_dq.report.claims_data import (
    has_texts,
    read_claim_digests,
    read_claims_data,
    read_findings,
    read_sources,
)
from prakerja_dq.report.claims_pages import (
    FRONT_PAGE_DISPUTES,
    claim_bodies,
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
from prakerja_dq.warehouse import connect, memory_limit, streaming_memory

T = TypeVar("T")

PAGES_LISTING = ".pages.json"
BODIES_CACHE = ".claim-bodies.parquet"
CLAIMS_PER_READ = 5000  # claims whose sources are read and rendered at once
BODIES_PER_WRITE = 5000  # cached claim bodies read or written at once
BODIES_SCHEMA = pa.schema([("claim_id", pa.string()), ("key", pa.string()), ("body", pa.string())])


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
    # DuckDB's heaviest queries first, while Python holds little; the rest runs under the lower streaming
    # cap, which evicts the buffers they leave: DuckDB would otherwise keep its whole cap (1 GB at 1.000.000
    # articles) beside the claims and their bodies. A read that needs more gets the whole cap back.
    evidence = read_findings(con)
    keys = body_keys(read_claim_digests(con), renderer_version(with_texts=has_texts(con)))
    results = con.execute(
        "select suite, validated_table, count(*) as evaluated, "
        "count(*) filter (where not success) as failed from validation.results "
        "where run_id = ? group by all order by suite",
        [run_id],
    ).df()
    report_dir.mkdir(parents=True, exist_ok=True)
    with streaming_memory(con):
        data = full_cap_if_needed(con, lambda: read_claims_data(con, run=runs.iloc[0].to_dict()))
        worst = data.claims.filter(pl.col("status") == "disputed").head(FRONT_PAGE_DISPUTES)["claim_id"]
        sources = group_sources(full_cap_if_needed(con, lambda: read_sources(con, worst.to_list())))
        pages = claim_pages(data.claims)
        shown = (
            dict(evidence["findings"]["check_name"].value_counts().items())
            if len(evidence["findings"])
            else {}
        )
        evidence_names = evidence_page_names(data.finding_counts, shown)
        suites = data_docs_links(
            results, report_dir=report_dir, data_docs_index=data_docs_index, run_id=run_id
        )
        charts = metric_timelines(data.timeline, data.points, data.outlet_reports, fmt=chart_format)
        front_page = render_front_page(
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
        del charts, sources
        with BodiesCache(report_dir / BODIES_CACHE, keys) as cache:
            bodies = cache.keeping(
                ordered_bodies(con, data.claims, page_order(data.claims), report_dir / BODIES_CACHE, keys)
            )
            write_pages(
                report_dir,
                chain(
                    render_claim_pages(data.run, data.claims, bodies, pages),
                    render_evidence_pages(data.run, evidence, data.finding_counts, evidence_names, pages),
                    [("index.html", front_page)],
                ),
            )
    return report_dir / "index.html"


def full_cap_if_needed(con: duckdb.DuckDBPyConnection, read: Callable[[], T]) -> T:
    """``read()``; if it runs out of DuckDB's memory under a lowered cap, again under the configured cap
    (which then stays)."""
    try:
        return read()
    except duckdb.OutOfMemoryException:
        con.execute("set memory_limit = ?", [memory_limit()])
        return read()


def page_order(claims: pl.DataFrame) -> list[str]:
    """The claim ids in the order the claim pages show them: by metric, in report order within a metric."""
    return claims.select("metric", "claim_id").sort("metric", maintain_order=True)["claim_id"].to_list()


def ordered_bodies(
    con: duckdb.DuckDBPyConnection,
    claims: pl.DataFrame,
    order: list[str],
    cache: Path,
    keys: dict[str, str],
    *,
    batch: int = CLAIMS_PER_READ,
) -> Iterator[tuple[str, str]]:
    """``(claim_id, body)`` of the claims in ``order``: the last build's body while its key holds, else
    rendered, ``batch`` claims read and rendered at a time; one batch of bodies is held, not all of them.

    The cache lists the last build's bodies in its page order, and the claims whose key holds keep their
    order (their key covers all that orders them), so both are walked side by side. A cached body found out
    of that order is rendered again."""
    cached = cached_in_order(cache, keys, order)
    stale = [claim_id for claim_id in order if claim_id not in cached]
    rows = valid_bodies(cache, keys)
    rendered: dict[str, str] = {}
    rendered_up_to = 0
    for claim_id in order:
        if claim_id in cached:
            yield claim_id, next(body for found, body in rows if found == claim_id)
            continue
        if claim_id not in rendered:
            rendered = render_bodies(con, claims, stale[rendered_up_to : rendered_up_to + batch])
            rendered_up_to += batch
        yield claim_id, rendered.pop(claim_id)


def cached_in_order(cache: Path, keys: dict[str, str], order: list[str]) -> set[str]:
    """The claims of ``order`` whose cached body holds and comes in that order (``ordered_bodies``).

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "bodies.parquet"
    >>> keys = {"a": "v:1", "b": "v:2", "c": "v:3", "d": "v:4"}
    >>> with BodiesCache(path, keys | {"c": "v:old"}) as cache:
    ...     for claim_id in ["a", "c", "d", "b"]:
    ...         cache.add(claim_id, f"<p>{claim_id}</p>")
    >>> sorted(cached_in_order(path, keys, ["a", "b", "c", "d"]))  # c's key changed; b comes after d
    ['a', 'd']
    """
    position = {claim_id: index for index, claim_id in enumerate(order)}
    found: set[str] = set()
    last = -1
    for claim_id, _ in valid_bodies(cache, keys, columns=["claim_id", "key"]):
        if position.get(claim_id, -1) > last:
            found.add(claim_id)
            last = position[claim_id]
    return found


def render_bodies(
    con: duckdb.DuckDBPyConnection, claims: pl.DataFrame, claim_ids: list[str]
) -> dict[str, str]:
    """``claim_id -> body`` of the given claims, with the sources read for them."""
    sources = group_sources(full_cap_if_needed(con, lambda: read_sources(con, claim_ids)))
    return claim_bodies(claims.filter(pl.col("claim_id").is_in(claim_ids)).to_dicts(), sources)


def renderer_version(*, with_texts: bool) -> str:
    """A digest of the code that renders a claim's body, and of whether article texts are quoted: a body
    cached under another version is rendered again."""
    digest = hashlib.sha256(b"texts" if with_texts else b"spans")
    for module in (claims_data, claims_pages, page_parts, quotes):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:16]


def body_keys(digests: dict[str, str], version: str) -> dict[str, str]:
    """``claim_id -> key`` of its body: the renderer's version and the digest of what the body shows."""
    return {claim_id: f"{version}:{digest}" for claim_id, digest in digests.items()}


def valid_bodies(
    path: Path, keys: dict[str, str], *, batch: int = BODIES_PER_WRITE, columns: list[str] | None = None
) -> Iterator[tuple[str, str | None]]:
    """``(claim_id, body)`` of the last build's bodies whose key still holds, in the cache's order, read
    ``batch`` rows at a time (the body is None when ``columns`` leaves it out); none past a part of the cache
    that is missing or unreadable."""
    columns = columns or list(BODIES_SCHEMA.names)
    try:
        for rows in pq.ParquetFile(path).iter_batches(batch_size=batch, columns=columns):
            read = rows.to_pydict()
            bodies = read.get("body") or [None] * len(read["claim_id"])
            for claim_id, key, body in zip(read["claim_id"], read["key"], bodies, strict=True):
                if keys.get(claim_id) == key:
                    yield claim_id, body
    except (OSError, ValueError, pa.ArrowException):
        return


class BodiesCache:
    """Keeps this build's claim bodies for the next build, ``batch`` rows to a row group, swapped in whole
    when the block ends without error (a crash keeps the older cache, whose keys still say which bodies
    hold)."""

    def __init__(self, path: Path, keys: dict[str, str], *, batch: int = BODIES_PER_WRITE) -> None:
        self.path, self.keys, self.batch = path, keys, batch
        self.temporary = path.with_name(f"{path.name}.tmp")
        self.waiting: list[tuple[str, str]] = []

    def __enter__(self) -> BodiesCache:
        self.writer = pq.ParquetWriter(
            self.temporary, BODIES_SCHEMA, compression="lz4", write_statistics=False
        )
        return self

    def keeping(self, bodies: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
        """``bodies`` as they pass, each kept in the cache."""
        for claim_id, body in bodies:
            self.add(claim_id, body)
            yield claim_id, body

    def add(self, claim_id: str, body: str) -> None:
        self.waiting.append((claim_id, body))
        if len(self.waiting) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if self.waiting:
            claim_ids = [claim_id for claim_id, _ in self.waiting]
            self.writer.write_table(
                pa.table(
                    {
                        "claim_id": claim_ids,
                        "key": [self.keys[claim_id] for claim_id in claim_ids],
                        "body": [body for _, body in self.waiting],
                    },
                    schema=BODIES_SCHEMA,
                )
            )
        self.waiting = []

    def __exit__(self, error_type: type[BaseException] | None, *_: object) -> None:
        if error_type is None:
            self.flush()
        self.writer.close()
        if error_type is None:
            self.temporary.replace(self.path)
        else:
            self.temporary.unlink(missing_ok=True)


def write_pages(report_dir: Path, files: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Write the ``(path, content)`` pages whose content differs from the last build's (taken one at a time:
    pass a generator and no more than one page is held), remove the pages it no longer has.

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
    for name, content in files:
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
