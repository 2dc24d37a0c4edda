"""Scoring extracted figure records against gold records (same rules as the reference ``score_figures.py``).

A predicted record matches a gold record when ``doc``, ``metric`` and ``value`` (rounded to 4 places) agree;
each gold record is used once. Wave range, qualifier and ``as_of`` agreement are measured on matched pairs.

Two options of the reference scorer: ``distinct`` (for gold that lists each distinct figure of an article
once, like the dev set: predictions are reduced to the first record per doc, metric and value) and
``vocabulary`` (score only gold lines whose metric is in a given vocabulary).
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

Record = Mapping[str, Any]
_SHOWN = ("doc", "metric", "value", "evidence")


def read_records(path: Path) -> list[dict[str, Any]]:
    """Records of a JSON-lines file; ``doc`` falls back to ``id`` and is always a string."""
    rows = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.strip()
            if not line:
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not JSON: {error}") from None
            row["doc"] = str(row.get("doc", row.get("id")))
            rows.append(row)
    return rows


def value_key(value: Any) -> float | None:
    """The value as compared: a float rounded to 4 places, None if it is not a number.

    >>> value_key("3550000"), value_key(5.90000001), value_key(None)
    (3550000.0, 5.9, None)
    """
    try:
        return round(float(value), 4)
    except (TypeError, ValueError):
        return None


def distinct_records(records: Iterable[Record]) -> list[Record]:
    """The first record of each (doc, metric, value), in input order (the reference scorer's ``--distinct``).

    >>> rows = [{"doc": "a", "metric": "m", "value": 1}, {"doc": "a", "metric": "m", "value": 1.0},
    ...         {"doc": "a", "metric": "n", "value": 1}]
    >>> [row["metric"] for row in distinct_records(rows)]
    ['m', 'n']
    """
    seen: set[tuple] = set()
    kept = []
    for row in records:
        key = (row["doc"], row.get("metric"), value_key(row.get("value")))
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept


def read_vocabulary(path: Path) -> set[str]:
    """Metric names of a vocabulary CSV with a ``metric`` column (like ``gold/metrics.csv``)."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if rows and "metric" not in rows[0]:
        raise ValueError(f"{path}: no `metric` column")
    return {row["metric"] for row in rows}


def match_records(
    gold: Iterable[Record], pred: Iterable[Record]
) -> tuple[list[tuple[Record, Record]], list, list]:
    """(matched gold/pred pairs, unmatched predictions, unmatched gold) in input order.

    >>> g = [{"doc": "a", "metric": "m", "value": 1}, {"doc": "a", "metric": "m", "value": 1}]
    >>> p = [{"doc": "a", "metric": "m", "value": 1.0}, {"doc": "a", "metric": "n", "value": 1}]
    >>> [len(part) for part in match_records(g, p)]
    [1, 1, 1]
    """
    pool: dict[tuple, list[Record]] = defaultdict(list)
    for row in gold:
        pool[(row["doc"], row["metric"], value_key(row["value"]))].append(row)
    matched, false_positives = [], []
    for row in pred:
        key = (row["doc"], row.get("metric"), value_key(row.get("value")))
        if pool.get(key):
            matched.append((pool[key].pop(0), row))
        else:
            false_positives.append(row)
    false_negatives = [row for rows in pool.values() for row in rows]
    return matched, false_positives, false_negatives


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_records(
    gold: list[Record],
    pred: list[Record],
    *,
    distinct: bool = False,
    vocabulary: set[str] | None = None,
) -> dict[str, Any]:
    """Precision, recall, F1, per-metric counts, field agreement; predictions outside gold docs are ignored.

    ``vocabulary`` keeps only gold lines of those metrics; ``distinct`` then reduces the predictions to one
    per doc, metric and value (both in the order of the reference scorer).

    >>> gold = [{"doc": "a", "metric": "recipients", "value": 9, "qualifier": "exact", "as_of": "2021-09"}]
    >>> pred = [{"doc": "a", "metric": "recipients", "value": 9.0, "qualifier": "about", "as_of": "2021-09"},
    ...         {"doc": "b", "metric": "recipients", "value": 1}]
    >>> result = score_records(gold, pred)
    >>> result["f1"], result["qualifier_agreement"], result["as_of_agreement"], result["pred"]
    (1.0, 0.0, 1.0, 1)
    """
    if vocabulary is not None:
        gold = [row for row in gold if row["metric"] in vocabulary]
    docs = {row["doc"] for row in gold}
    pred = [row for row in pred if row["doc"] in docs]
    if distinct:
        pred = distinct_records(pred)
    matched, false_positives, false_negatives = match_records(gold, pred)
    tp = len(matched)
    precision, recall = _ratio(tp, len(pred)), _ratio(tp, len(gold))
    gold_counts = Counter(row["metric"] for row in gold)
    pred_counts = Counter(row.get("metric") for row in pred)
    tp_counts = Counter(row["metric"] for row, _ in matched)
    per_metric = {}
    for metric in sorted(set(gold_counts) | set(pred_counts), key=str):
        g, p, t = gold_counts[metric], pred_counts[metric], tp_counts[metric]
        mp, mr = _ratio(t, p), _ratio(t, g)
        per_metric[str(metric)] = {
            "gold": g,
            "pred": p,
            "tp": t,
            "precision": round(mp, 4),
            "recall": round(mr, 4),
            "f1": round(_f1(mp, mr), 4),
        }

    def agreement(field) -> float | None:
        if not matched:
            return None
        return round(sum(field(g) == field(p) for g, p in matched) / len(matched), 4)

    return {
        "gold": len(gold),
        "pred": len(pred),
        "tp": tp,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(_f1(precision, recall), 4),
        "wave_range_agreement": agreement(lambda r: (r.get("wave_from"), r.get("wave_to"))),
        "qualifier_agreement": agreement(lambda r: r.get("qualifier")),
        "as_of_agreement": agreement(lambda r: r.get("as_of")),
        "per_metric": per_metric,
        "false_positives": [{k: row.get(k) for k in _SHOWN} for row in false_positives],
        "false_negatives": [{k: row.get(k) for k in _SHOWN} for row in false_negatives],
        "field_mismatches": [
            {
                "doc": g["doc"],
                "metric": g["metric"],
                "value": g["value"],
                **{
                    field: {"gold": g.get(field), "pred": p.get(field)}
                    for field in (
                        "wave_from",
                        "wave_to",
                        "qualifier",
                        "as_of",
                        "period_year",
                        "unit",
                        "basis",
                        "scope",
                    )
                    if g.get(field) != p.get(field)
                },
            }
            for g, p in matched
            if any(
                g.get(field) != p.get(field)
                for field in (
                    "wave_from",
                    "wave_to",
                    "qualifier",
                    "as_of",
                    "period_year",
                    "unit",
                    "basis",
                    "scope",
                )
            )
        ],
    }


def format_score(result: Mapping[str, Any]) -> str:
    """A score as a text report."""
    lines = [f"gold {result['gold']}  predicted {result['pred']}  matched {result['tp']}"]
    lines.append(f"{'metric':34s} {'gold':>4s} {'pred':>4s} {'tp':>4s} {'P':>6s} {'R':>6s} {'F1':>6s}")
    for metric, c in result["per_metric"].items():
        lines.append(
            f"{metric:34s} {c['gold']:4d} {c['pred']:4d} {c['tp']:4d} "
            f"{c['precision']:6.3f} {c['recall']:6.3f} {c['f1']:6.3f}"
        )
    lines += [f"extra:   {row}" for row in result["false_positives"]]
    lines += [f"missed:  {row}" for row in result["false_negatives"]]
    lines += [f"differs: {row}" for row in result["field_mismatches"]]
    lines.append(
        f"wave range {result['wave_range_agreement']}  qualifier {result['qualifier_agreement']}  "
        f"as_of {result['as_of_agreement']}"
    )
    lines.append(f"precision {result['precision']}  recall {result['recall']}  F1 {result['f1']}")
    return "\n".join(lines)
