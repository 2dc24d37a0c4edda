"""Load the hand-checked gold records of the seed articles into the raw tables (until extraction lands).

Used by the validation, intermediate-model and report tests: ``article_id`` is the doc stem, the article's
``published_date`` is the latest full ``as_of`` of its figures, and date mentions get offsets by search.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from prakerja_dq.settings import SEEDS_DIR
from prakerja_dq.warehouse import build_models, create_base_tables

GOLD_DIR = Path(__file__).resolve().parent / "fixtures" / "gold"
GOLD_FIGURES = GOLD_DIR / "seed_figures.jsonl"
GOLD_DATES = GOLD_DIR / "seed_dates.jsonl"
SEED_ARTICLES = SEEDS_DIR / "articles"
RUN_ID = "gold"
_SPAN_NUMBERS = itertools.count(1)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_seed_texts(articles_dir: Path = SEED_ARTICLES) -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(articles_dir.glob("*.txt"))}


def locate(text: str, span: str, *, near: int = 0) -> int:
    """Offset of the occurrence of ``span`` in ``text`` closest to ``near`` (-1 when absent)."""
    offsets, position = [], text.find(span)
    while position >= 0:
        offsets.append(position)
        position = text.find(span, position + 1)
    return min(offsets, key=lambda offset: abs(offset - near)) if offsets else -1


def _figure_rows(figures: list[dict], texts: Mapping[str, str]) -> pd.DataFrame:
    rows = []
    for record in figures:
        text = texts[record["doc"]]
        start = record["start"]
        if text[start : record["end"]] != record["evidence"]:
            start = locate(text, record["evidence"], near=start)
        rows.append(
            {
                "article_id": record["doc"],
                "doc": record["doc"],
                **{key: record.get(key) for key in ("metric", "value", "unit", "qualifier")},
                **{key: record.get(key) for key in ("wave_from", "wave_to", "period_year", "as_of")},
                **{key: record.get(key) for key in ("scope", "basis", "evidence")},
                "start": start,
                "end": start + len(record["evidence"]),
                "run_id": RUN_ID,
            }
        )
    return pd.DataFrame(rows)


def _date_rows(dates: list[dict], texts: Mapping[str, str]) -> pd.DataFrame:
    rows, searched_from = [], {}
    for record in dates:
        text, key = texts[record["doc"]], (record["doc"], record["text"])
        start = text.find(record["text"], searched_from.get(key, 0))
        searched_from[key] = start + 1
        rows.append(
            {
                "article_id": record["doc"],
                "doc": record["doc"],
                "text": record["text"],
                "start": start,
                "end": start + len(record["text"]),
                **{key: record[key] for key in ("weekday_stated", "date", "weekday_actual", "consistent")},
                "run_id": RUN_ID,
            }
        )
    return pd.DataFrame(rows)


def _published_date(figures: list[dict], doc: str) -> date | None:
    dates = [f["as_of"] for f in figures if f["doc"] == doc and f.get("as_of") and len(f["as_of"]) == 10]
    return date.fromisoformat(max(dates)) if dates else None


def _article_rows(figures: list[dict], texts: Mapping[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    outlets = {f["doc"]: f.get("outlet") for f in figures}
    now = datetime(2026, 1, 1)
    articles = pd.DataFrame(
        [
            {
                "article_id": doc,
                "doc": doc,
                "source_path": f"seeds/articles/{doc}.txt",
                "content_sha256": doc,
                "encoding": "utf-8",
                "text": text,
                "run_id": RUN_ID,
                "ingested_at": now,
            }
            for doc, text in texts.items()
        ]
    )
    meta = pd.DataFrame(
        [
            {
                "article_id": doc,
                "doc": doc,
                "outlet": outlets.get(doc),
                "published_date": _published_date(figures, doc),
                "headline": text.strip().splitlines()[0][:200],
                "run_id": RUN_ID,
            }
            for doc, text in texts.items()
        ]
    )
    return articles, meta


def load_gold(
    con: duckdb.DuckDBPyConnection,
    *,
    figures: list[dict] | None = None,
    dates: list[dict] | None = None,
    texts: Mapping[str, str] | None = None,
) -> None:
    """Create the raw tables and fill them with the gold records (or the given variants of them)."""
    figures = read_jsonl(GOLD_FIGURES) if figures is None else figures
    dates = read_jsonl(GOLD_DATES) if dates is None else dates
    texts = read_seed_texts() if texts is None else texts
    create_base_tables(con)
    articles, meta = _article_rows(figures, texts)
    tables = {
        "raw.articles": articles,
        "raw.article_meta": meta,
        "raw.figure_mentions": _figure_rows(figures, texts),
        "raw.date_mentions": _date_rows(dates, texts),
    }
    for table, frame in tables.items():
        if frame.empty:
            continue
        con.register("incoming", frame)
        columns = ", ".join(f'"{column}"' for column in frame.columns)
        con.execute(f"insert into {table} ({columns}) select {columns} from incoming")
        con.unregister("incoming")


def build_gold_warehouse(con: duckdb.DuckDBPyConnection, **variants) -> list[str]:
    """Gold records in the raw tables, then the staging and intermediate models built on them."""
    con.execute("set variable seeds_dir = ?", [str(SEEDS_DIR)])
    load_gold(con, **variants)
    return build_models(con, ["staging", "intermediate"])


def make_figure(doc: str, metric: str, value: float, **fields) -> dict:
    """A figure record with national/total/exact defaults; evidence defaults to a unique span."""
    record = {
        "doc": doc,
        "outlet": fields.pop("outlet", f"Outlet {doc}"),
        "metric": metric,
        "value": value,
        "unit": "persons",
        "qualifier": "exact",
        "wave_from": None,
        "wave_to": None,
        "period_year": None,
        "as_of": "2020-06-08",
        "scope": "national",
        "basis": "total",
        "evidence": f"{metric} {value:g} (#{next(_SPAN_NUMBERS)})",
    }
    record.update(fields)
    return record


def make_date(doc: str, text: str, date_iso: str, weekday_stated: str | None) -> dict:
    return {
        "doc": doc,
        "text": text,
        "weekday_stated": weekday_stated,
        "date": date_iso,
        "weekday_actual": None,
        "consistent": None,
    }


def synthetic_texts(figures: list[dict], dates: list[dict] = ()) -> dict[str, str]:
    """Article texts made of the records' evidence spans, one sentence each."""
    sentences: dict[str, list[str]] = {}
    for record in [*figures, *dates]:
        span = record.get("evidence") or record["text"]
        sentences.setdefault(record["doc"], []).append(f"Kalimat tentang {span} di sini.")
    return {doc: "\n".join([f"Judul {doc}", *lines]) for doc, lines in sentences.items()}


def build_synthetic_warehouse(
    con: duckdb.DuckDBPyConnection, figures: list[dict], dates: list[dict] = ()
) -> list[str]:
    """Raw tables filled from synthetic records, then the staging and intermediate models."""
    for record in figures:
        record.setdefault("start", 0)
        record.setdefault("end", 0)
    return build_gold_warehouse(
        con, figures=figures, dates=list(dates), texts=synthetic_texts(figures, list(dates))
    )
