"""Benchmark baseline: the extraction rules run the plain way, one article at a time with Python ``re``.

This is what the vectorised extractor (``extractor.py``) is measured against. It uses the same lexicons and
patterns and produces comparable figure records, but it is deliberately straightforward: a Python loop over
articles, ``re.finditer`` per article and a nearest-cue search per number. It leaves out the cross-sentence
rules of the batch extractor (wave inheritance, restatements, waves of a year), so it scores a little lower.
Do not use it in the pipeline.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from functools import cache

import polars as pl

from prakerja_dq.contract import ARTICLE_META_SCHEMA, DATE_MENTION_SCHEMA, FIGURE_SCHEMA
from prakerja_dq.extraction.dates import parse_date_parts, parse_weekday, weekday_name
from prakerja_dq.extraction.extractor import Extraction
from prakerja_dq.extraction.meta import is_title_line, parse_outlet
from prakerja_dq.extraction.noise import is_noise_line
from prakerja_dq.extraction.numbers import parse_number
from prakerja_dq.extraction.rules import count_nouns, lexicon, metric_cues, metric_rules, patterns
from prakerja_dq.extraction.waves import parse_wave_range


@cache
def _compiled() -> dict[str, re.Pattern]:
    return {name: re.compile(body) for name, body in patterns().items()}


def _cue_targets() -> dict[tuple[str, str], tuple[str, int]]:
    # the first metric a cue gives each kind of number (the batch extractor also tries the others, and
    # reads "-" as "not a programme figure")
    return {
        (f"m_{c.cue}", kind): (getattr(c, kind)[0], c.weight)
        for c in metric_cues()
        for kind in ("persons", "percent", "idr")
        if getattr(c, kind) and getattr(c, kind)[0] != "-"
    }


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(b[0] - a[1], a[0] - b[1], 0)


def _noise_spans(text: str) -> list[tuple[int, int]]:
    spans, offset = [], 0
    lines = text.split("\n")
    counts: dict[str, int] = {}
    for line in lines:
        if line.strip():
            counts[line] = counts.get(line, 0) + 1
    for index, line in enumerate(lines):
        before_photo = index + 1 < len(lines) and re.match(r"^\s*(?i:foto)\s*:", lines[index + 1])
        if is_noise_line(line) or counts.get(line, 0) > 1 or before_photo:
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def extract_article(doc: str, text: str) -> tuple[list[dict], list[dict], dict]:
    """Figures, date mentions and metadata of one article."""
    rx = _compiled()
    rules = metric_rules()
    nouns = count_nouns()
    lex = lexicon()
    qualifiers = {" ".join(k.split()): v for k, v in lex["qualifiers"].items()}
    noise = _noise_spans(text)
    noise_starts = [s for s, _ in noise]

    def in_noise(pos: int) -> bool:
        i = bisect.bisect_right(noise_starts, pos) - 1
        return i >= 0 and noise[i][0] <= pos <= noise[i][1]

    ends = [m.end() for m in rx["sentence_end"].finditer(text)]

    def sentence(pos: int) -> int:
        return bisect.bisect_right(ends, pos)

    tokens = [(m.lastgroup, m.start(), m.end(), m.group()) for m in rx["token"].finditer(text)]
    cues = [
        (m.lastgroup, m.start(), m.end(), m.group())
        for m in rx["cues"].finditer(text)
        if not in_noise(m.start())
    ]

    # dates and the article date
    years = [
        int(re.search(r"\d{4}", t).group())
        for kind, s, e, t in tokens
        if kind == "year" and not rx["future_before"].search(text[max(0, s - 60) : s])
    ]
    dates = []
    for index, (kind, s, e, t) in enumerate(tokens):
        if kind != "date":
            continue
        day, month, year = parse_date_parts(t)
        if year:
            years.append(year)
        nxt = tokens[index + 1] if index + 1 < len(tokens) else None
        dateline = nxt is not None and nxt[0] == "time" and not text[e : nxt[1]].strip(" ,|-")
        dates.append(
            {"s": s, "e": e, "text": t, "day": day, "month": month, "year": year, "dateline": dateline}
        )
    ref_year = max(years) if years else None
    dateline_year = next((d["year"] for d in dates if d["dateline"] and d["year"]), None)
    for d in dates:
        d["year"] = d["year"] or dateline_year or ref_year
        d["weekday"] = parse_weekday(d["text"])
        d["value"] = None
        if d["month"] and d["year"]:
            if d["day"]:
                try:
                    d["value"] = dt.date(d["year"], d["month"], d["day"])
                except ValueError:
                    d["value"] = None
            else:
                d["value"] = f"{d['year']:04d}-{d['month']:02d}"
    speech = [s for name, s, _, _ in cues if name == "x_speech"]
    published = None
    for d in dates:
        if isinstance(d["value"], dt.date) and d["dateline"]:
            published = d["value"]
            break
    if published is None:
        for d in dates:
            said = any(sentence(s) == sentence(d["s"]) and s < d["s"] for s in speech)
            if isinstance(d["value"], dt.date) and said and not in_noise(d["s"]):
                published = d["value"]
                break
    if published is None:
        days = [d["value"] for d in dates if isinstance(d["value"], dt.date) and d["weekday"]]
        published = max(days) if days else None
    article_year = published.year if published else (dateline_year or ref_year)

    waves = []
    for kind, s, e, t in tokens:
        if kind in ("wave", "program") and not in_noise(s):
            span = parse_wave_range(t)
            if span:
                waves.append((s, e, span, t))

    figures = []
    targets = _cue_targets()
    for kind, s, e, t in tokens:
        if in_noise(s) or sentence(s) is None:
            continue
        sid = sentence(s)
        if kind in ("wave", "program"):
            span = parse_wave_range(t)
            before, after = text[max(0, s - 60) : s], text[e : e + 60]
            event = rx["event_before"].search(before) or rx["event_after"].search(after)
            if kind == "program":
                event = rx["event_after"].search(after)
            if not span or span[0] != span[1] or not event or rx["modifier_before"].search(before):
                continue
            pending = any(name == "x_pending" and sentence(cs) == sid for name, cs, _, _ in cues)
            figures.append(
                _record(
                    doc,
                    "pending_wave" if pending else "current_wave",
                    span[0],
                    "wave",
                    "exact",
                    span,
                    t,
                    s,
                    e,
                )
            )
            continue
        if kind not in ("num", "word"):
            continue
        value = parse_number(t)
        parts = rx["number_parts"].match(t) if kind == "num" else rx["word_parts"].match(t)
        if value is None or parts is None:
            continue
        groups = parts.groupdict()
        noun = " ".join(groups["noun"].lower().split()) if groups.get("noun") else None
        before, after = text[max(0, s - 60) : s], text[e : e + 60]
        if re.search(r"(?:[-/]|\d[.,])$", before) or re.match(r"(?:/|[.,]\d)", after):
            continue
        if noun is None and rx["time_noun_after"].match(after):
            continue
        if groups.get("rp"):
            form = "idr"
        elif groups.get("pct"):
            form = "percent"
        elif noun:
            form = nouns[noun]["kind"]
        elif groups.get("scale") or re.match(r"^\d{1,3}(?:\.\d{3})+$", groups.get("digits") or ""):
            form = "persons"
        else:
            continue
        metric = None
        if noun and nouns[noun]["metric"] and form in ("count", "persons"):
            metric = nouns[noun]["metric"]
            if metric == "participation_limit" and not any(
                name == "x_once" and sentence(cs) == sid for name, cs, _, _ in cues
            ):
                metric = None
        else:
            best = None
            for name, cs, ce, _ in cues:
                target = targets.get((name, form))
                if target is None or sentence(cs) != sid:
                    continue
                rule = rules[target[0]]
                if not float(rule["min_value"]) <= value <= float(rule["max_value"]):
                    continue
                score = _distance((s, e), (cs, ce)) + target[1] + (15 if form == "idr" and cs >= e else 0)
                if best is None or score < best[0]:
                    best = (score, target[0])
            metric = best[1] if best else None
        if metric is None:
            continue
        unit = {"idr": "IDR", "percent": "percent"}.get(form) or (nouns[noun]["unit"] if noun else "persons")
        qualifier = qualifiers.get(" ".join((groups.get("qual") or "").lower().split()), "exact")
        near = [w for w in waves if sentence(w[0]) == sid]
        span = min(near, key=lambda w: _distance((s, e), w[:2]))[2] if near else None
        record = _record(doc, metric, value, unit, qualifier, span, t, s, e)
        record["basis"] = rules[metric]["basis"]
        stated = [(cs, ce, d) for d in dates for cs, ce in [(d["s"], d["e"])] if sentence(cs) == sid]
        as_of = published.isoformat() if published else None
        if stated:
            cs, ce, d = min(stated, key=lambda x: _distance((s, e), x[:2]))
            if _distance((s, e), (cs, ce)) <= 100 and d["value"] is not None:
                as_of = d["value"].isoformat() if isinstance(d["value"], dt.date) else d["value"]
        record["as_of"] = as_of
        record["period_year"] = None if rules[metric]["timeless"] == "true" else article_year
        figures.append(record)

    meta = {
        "doc": doc,
        "outlet": parse_outlet(text),
        "published_date": published,
        "headline": next(
            (
                ln.strip()
                for ln in text.split("\n")
                if ln.strip() and not is_noise_line(ln) and is_title_line(ln)
            ),
            None,
        ),
    }
    date_rows = [
        {
            "doc": doc,
            "text": d["text"],
            "start": d["s"],
            "end": d["e"],
            "weekday_stated": d["weekday"],
            "date": d["value"].isoformat() if isinstance(d["value"], dt.date) else d["value"],
            "weekday_actual": weekday_name(d["value"]) if isinstance(d["value"], dt.date) else None,
            "consistent": (d["weekday"] == weekday_name(d["value"]))
            if d["weekday"] and isinstance(d["value"], dt.date)
            else None,
        }
        for d in dates
    ]
    return figures, date_rows, meta


def _record(doc, metric, value, unit, qualifier, span, evidence, start, end) -> dict:
    return {
        "doc": doc,
        "metric": metric,
        "value": float(value),
        "unit": unit,
        "qualifier": qualifier,
        "wave_from": span[0] if span else None,
        "wave_to": span[1] if span else None,
        "period_year": None,
        "as_of": None,
        "scope": "national",
        "basis": "total",
        "evidence": evidence,
        "start": start,
        "end": end,
    }


def extract_articles_baseline(articles: pl.DataFrame) -> Extraction:
    """The benchmark baseline over a frame of articles (``doc``, ``text``): a Python loop per article."""
    figures, dates, metas = [], [], []
    for doc, text in articles.select("doc", "text").iter_rows():
        f, d, m = extract_article(doc, text or "")
        figures += f
        dates += d
        metas.append(m)
    return Extraction(
        figures=pl.DataFrame(figures, schema=FIGURE_SCHEMA),
        dates=pl.DataFrame(dates, schema=DATE_MENTION_SCHEMA),
        meta=pl.DataFrame(metas, schema=ARTICLE_META_SCHEMA),
    )
