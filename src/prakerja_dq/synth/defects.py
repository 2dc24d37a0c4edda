"""The defects the generator plants, one clear instance of a kind each, and how often.

The kinds are shared with the checks (``marts.findings.kind``): a planted defect is found when a finding of
its kind names its figures (``prakerja eval --findings``). A defect record (one line of ``defects.jsonl``)::

    {"doc": ..., "kind": "outlier", "also": [...], "detail": "...",
     "figures": [{"doc", "metric", "value", "start", "end", "evidence", "role"}, ...],
     "spans": [{"text", "start", "end"}, ...]}

``figures`` are the figure mentions involved, with their character offsets in the article text: ``role``
``planted`` for the figures that are wrong (or, for a unit conflict, both statements of the figure),
``reference`` for true figures the defect contradicts in the same article. ``spans`` are the text of a
defect without figures (a date mention, a programme-name variant). ``also`` lists the other kinds a check
may rightly raise for the same planted figure: a stale low cumulative count also disagrees with the other
reports of its quantity, so it is an outlier too.
"""

from __future__ import annotations

# Contradictions: figures that cannot all be true.
CONTRADICTION_KINDS: tuple[str, ...] = (
    "outlier",
    "cumulative_fall",
    "order_violation",
    "scheme_parts_sum",
    "scheme_value",
    "weekday_mismatch",
)
# Per article: what an article must carry.
ARTICLE_KINDS: tuple[str, ...] = ("missing_outlet", "missing_date")
# Text quality: notes for a reader, not contradictions.
TEXT_KINDS: tuple[str, ...] = (
    "unit_conflict",
    "headline_unsupported",
    "date_without_year",
    "programme_name_variant",
)
KINDS: tuple[str, ...] = CONTRADICTION_KINDS + ARTICLE_KINDS + TEXT_KINDS
# Kinds whose defects name figures (the others name an article, and a span of its text where there is one).
FIGURE_KINDS: frozenset[str] = frozenset(
    {"outlier", "cumulative_fall", "order_violation", "scheme_parts_sum", "scheme_value", "unit_conflict"}
    | {"headline_unsupported"}
)

# Chance that an article carries a defect of each kind (each drawn independently, at most one per kind):
# mostly contradictions, about 0.3 defects per article in all. Real copy has wrong weekdays and dates without
# a year more often than this; they are kept rare so that the findings stay a short list worth reading.
RATES: dict[str, float] = {
    "outlier": 0.07,
    "cumulative_fall": 0.035,
    "order_violation": 0.025,
    "scheme_parts_sum": 0.015,
    "scheme_value": 0.02,
    "weekday_mismatch": 0.035,
    "missing_outlet": 0.02,
    "missing_date": 0.01,
    "unit_conflict": 0.015,
    "headline_unsupported": 0.015,
    "date_without_year": 0.03,
    "programme_name_variant": 0.02,
}

# Other kinds a check may rightly raise for the figures of a defect of each kind.
ALSO: dict[str, tuple[str, ...]] = {
    "cumulative_fall": ("outlier",),
    "order_violation": ("outlier",),
    "scheme_parts_sum": ("scheme_value", "outlier"),
    "scheme_value": ("outlier",),
    "headline_unsupported": ("outlier",),
}
