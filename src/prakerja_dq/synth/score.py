"""Score extracted figures against planted truth: the gold README's rule, as a pure function.

A predicted record matches a truth record when ``doc``, ``metric`` and ``value`` agree (each truth record
used once); precision, recall and F1 are over all records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Score:
    """Matches of predicted against truth records."""

    truth: int
    predicted: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.truth if self.truth else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _key(record: Mapping) -> tuple[str, str, float]:
    return (str(record["doc"]), str(record["metric"]), round(float(record["value"]), 6))


def score(predicted: Iterable[Mapping], truth: Iterable[Mapping]) -> Score:
    """Count (doc, metric, value) matches, each truth record used at most once.

    >>> t = [{"doc": "a", "metric": "recipients", "value": 680000}]
    >>> p = [{"doc": "a", "metric": "recipients", "value": 680000.0}]
    >>> p.append({"doc": "a", "metric": "quota", "value": 1})
    >>> s = score(p, t); (s.matched, s.precision, s.recall)
    (1, 0.5, 1.0)
    """
    truth_counts = Counter(_key(record) for record in truth)
    predicted_counts = Counter(_key(record) for record in predicted)
    matched = sum(min(n, truth_counts[key]) for key, n in predicted_counts.items())
    return Score(truth=sum(truth_counts.values()), predicted=sum(predicted_counts.values()), matched=matched)


def misses_by_metric(predicted: Iterable[Mapping], truth: Iterable[Mapping]) -> dict[str, tuple[int, int]]:
    """Per metric: (truth records, of which matched), to see where recall is lost."""
    predicted_counts = Counter(_key(record) for record in predicted)
    per_metric: dict[str, list[int]] = {}
    for record in truth:
        key = _key(record)
        slot = per_metric.setdefault(key[1], [0, 0])
        slot[0] += 1
        if predicted_counts[key] > 0:
            predicted_counts[key] -= 1
            slot[1] += 1
    return {metric: (total, hit) for metric, (total, hit) in sorted(per_metric.items())}
