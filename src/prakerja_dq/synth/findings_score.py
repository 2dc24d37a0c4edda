"""Score the pipeline's findings against the defects a synthetic corpus plants (``prakerja eval --findings``).

- A planted defect is **found** when a finding of its kind names it: for a defect about figures, the finding
  names (``figure_ids``) every figure planted wrong, each by a figure of its own: a named figure matches a
  planted one when it is in the same article and has the same metric and value, or its character offsets
  overlap the planted figure's;
  for a defect about an article or its text (a wrong weekday, no outlet, a date without a year, ...), the
  finding names the article (``article_ids``).
- A finding **matches** a planted defect when it names it as above and its kind is the defect's kind or one
  of the kinds the defect also rightly raises (``also`` in ``defects.jsonl``: a stale low cumulative count is
  an outlier too).
- **Recall** = found / planted defects (of the articles in the workspace); **precision** = matching findings
  / findings of the scored kinds (contradictions, article checks and text quality: ``synth.defects.KINDS``).
  Findings of other checks (a key that is not unique, a unit a metric does not allow, ...) are listed apart.

The pure part (``score_findings``) takes plain records; ``read_workspace`` reads them from the published marts
(``marts.findings``, ``marts.figures``, ``marts.articles``) and, for quarantined figures, the warehouse's
``staging.figures``.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prakerja_dq.synth.defects import FIGURE_KINDS, KINDS

# FALLBACK, only while marts.findings has no ``kind`` column (before the claims layer tags every check):
# the kind of each check of the pipeline as it was when this was written, by check name.
FALLBACK_KIND_BY_CHECK: dict[str, str] = {
    "outlets_agree": "outlier",
    "cumulative_non_decreasing_same_article": "cumulative_fall",
    "cumulative_non_decreasing_across_articles": "cumulative_fall",
    "incentive_matches_scheme": "scheme_value",
    "weekday_matches_date": "weekday_mismatch",
    "article_has_outlet": "missing_outlet",
    "article_has_date": "missing_date",
}
# FALLBACK as above, by pattern: subset counts above their sets and wave parts above their whole.
_FALLBACK_ORDER_MARKERS = ("_le_", "metric_order_", "wave_subrange_", "wave_parts_within_whole_")
_NOT_A_FINDING_KIND = ("_pair_key_unique",)
KIND_SOURCE_COLUMN = "marts.findings.kind"
KIND_SOURCE_FALLBACK = "derived from check_name (FALLBACK: marts.findings has no kind column)"


def fallback_kind(check_name: str) -> str | None:
    """FALLBACK kind of a check from its name, for findings written before checks carried a kind.

    >>> fallback_kind("outlets_agree"), fallback_kind("recipients_le_registrants_across_articles")
    ('outlier', 'order_violation')
    >>> fallback_kind("metric_order_pair_key_unique") is None, fallback_kind("value_positive") is None
    (True, True)
    """
    if check_name in FALLBACK_KIND_BY_CHECK:
        return FALLBACK_KIND_BY_CHECK[check_name]
    if any(check_name.endswith(suffix) for suffix in _NOT_A_FINDING_KIND):
        return None
    if any(marker in check_name for marker in _FALLBACK_ORDER_MARKERS):
        return "order_violation"
    return None


@dataclass(frozen=True)
class Figure:
    """A figure a finding names, as extracted: its article, metric, value and offsets."""

    doc: str
    metric: str | None
    value: float | None
    start: int | None
    end: int | None


@dataclass(frozen=True)
class Finding:
    """One finding with the figures and articles it names (articles as ``doc``)."""

    check_name: str
    kind: str | None
    severity: str
    figures: tuple[Figure, ...]
    docs: tuple[str, ...]


def same_value(a: float | None, b: float | None) -> bool:
    """Values equal up to float noise.

    >>> same_value(5_900_000, 5_900_000.0000001), same_value(5.9, 5.8), same_value(None, 1)
    (True, False, False)
    """
    if a is None or b is None:
        return False
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-6)


def figure_matches(found: Figure, planted: Mapping[str, Any]) -> bool:
    """Is ``found`` the planted figure: same article, and same metric and value or overlapping offsets?

    >>> planted = {"doc": "a", "metric": "recipients", "value": 680000, "start": 10, "end": 24}
    >>> figure_matches(Figure("a", "recipients", 680000.0, 3, 9), planted)
    True
    >>> figure_matches(Figure("a", "registrants", 680000.0, 12, 30), planted)
    True
    >>> figure_matches(Figure("b", "recipients", 680000.0, 10, 24), planted)
    False
    """
    if found.doc != str(planted["doc"]):
        return False
    if found.metric == planted["metric"] and same_value(found.value, planted["value"]):
        return True
    if found.start is None or found.end is None:
        return False
    return found.start < int(planted["end"]) and int(planted["start"]) < found.end


def planted_figures(defect: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [figure for figure in defect.get("figures", ()) if figure.get("role", "planted") == "planted"]


def names_defect(finding: Finding, defect: Mapping[str, Any]) -> bool:
    """Does ``finding`` name ``defect``: every planted figure, or its article for a defect without figures?"""
    wanted = planted_figures(defect)
    if not (defect["kind"] in FIGURE_KINDS and wanted):
        return str(defect["doc"]) in finding.docs
    # each planted figure by a named figure of its own (a unit conflict states one value twice); the figure
    # with the fewest candidates picks first
    unused = list(finding.figures)
    for figure in sorted(wanted, key=lambda f: sum(figure_matches(found, f) for found in unused)):
        match = next((found for found in unused if figure_matches(found, figure)), None)
        if match is None:
            return False
        unused.remove(match)
    return True


def accepted_kinds(defect: Mapping[str, Any]) -> set[str]:
    return {defect["kind"], *defect.get("also", ())}


@dataclass
class KindScore:
    """Recall of the defects of one kind and precision of the findings of that kind."""

    kind: str
    planted: int = 0
    found: int = 0
    findings: int = 0
    matched: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.planted if self.planted else None

    @property
    def precision(self) -> float | None:
        return self.matched / self.findings if self.findings else None


@dataclass
class FindingsScore:
    """Findings against planted defects, overall and per kind."""

    articles: int
    planted: int
    found: int
    findings: int
    scored_findings: int
    matched: int
    kind_source: str
    per_kind: dict[str, KindScore]
    unmatched_by_check: Counter = field(default_factory=Counter)
    # unmatched findings that name a planted figure all the same: of another kind than the defect's, or
    # blaming a true figure for disagreeing with a planted one (a check comparing reports, not consensus)
    unmatched_naming_planted_by_check: Counter = field(default_factory=Counter)
    other_by_check: Counter = field(default_factory=Counter)
    missed_examples: dict[str, list[str]] = field(default_factory=dict)
    defects_outside: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.planted if self.planted else None

    @property
    def precision(self) -> float | None:
        return self.matched / self.scored_findings if self.scored_findings else None

    @property
    def findings_per_article(self) -> float | None:
        return self.findings / self.articles if self.articles else None

    @property
    def findings_per_found_defect(self) -> float | None:
        """Matching findings per defect found: 1 when each defect is reported once."""
        return self.matched / self.found if self.found else None

    def to_dict(self) -> dict[str, Any]:
        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 4)

        return {
            "articles": self.articles,
            "planted_defects": self.planted,
            "found": self.found,
            "recall": rounded(self.recall),
            "findings": self.findings,
            "findings_per_article": rounded(self.findings_per_article),
            "scored_findings": self.scored_findings,
            "matched_findings": self.matched,
            "precision": rounded(self.precision),
            "findings_per_found_defect": rounded(self.findings_per_found_defect),
            "kind_source": self.kind_source,
            "defects_outside_workspace": self.defects_outside,
            "per_kind": {
                kind: {
                    "planted": score.planted,
                    "found": score.found,
                    "recall": rounded(score.recall),
                    "findings": score.findings,
                    "matched": score.matched,
                    "precision": rounded(score.precision),
                }
                for kind, score in self.per_kind.items()
            },
            "unmatched_findings_by_check": dict(self.unmatched_by_check.most_common()),
            "unmatched_findings_naming_a_planted_figure_by_check": dict(
                self.unmatched_naming_planted_by_check.most_common()
            ),
            "other_findings_by_check": dict(self.other_by_check.most_common()),
            "missed_examples": self.missed_examples,
        }


def score_findings(
    defects: Sequence[Mapping[str, Any]],
    findings: Iterable[Finding],
    *,
    articles: int,
    kind_source: str = KIND_SOURCE_COLUMN,
    docs: set[str] | None = None,
    examples: int = 3,
) -> FindingsScore:
    """Score ``findings`` against ``defects``; only defects of ``docs`` (the articles ingested) count.

    >>> defect = {"doc": "a", "kind": "missing_outlet", "also": [], "figures": [], "spans": []}
    >>> hit = Finding("article_has_outlet", "missing_outlet", "warning", (), ("a",))
    >>> miss = Finding("outlets_agree", "outlier", "warning", (Figure("b", "recipients", 1.0, 0, 3),), ("b",))
    >>> s = score_findings([defect], [hit, miss], articles=2)
    >>> (s.recall, s.precision, s.findings_per_article)
    (1.0, 0.5, 1.0)
    """
    per_kind = {kind: KindScore(kind) for kind in KINDS}
    kept = [defect for defect in defects if docs is None or str(defect["doc"]) in docs]
    by_doc: dict[str, list[int]] = defaultdict(list)
    for number, defect in enumerate(kept):
        by_doc[str(defect["doc"])].append(number)
        per_kind.setdefault(defect["kind"], KindScore(defect["kind"])).planted += 1
    found = [False] * len(kept)
    total = scored = matched = 0
    unmatched: Counter = Counter()
    naming_planted: Counter = Counter()
    other: Counter = Counter()
    for finding in findings:
        total += 1
        if finding.kind not in per_kind:
            other[finding.check_name] += 1
            continue
        scored += 1
        per_kind[finding.kind].findings += 1
        candidates = {
            number for doc in {*finding.docs, *(f.doc for f in finding.figures)} for number in by_doc[doc]
        }
        hit = False
        for number in sorted(candidates):
            defect = kept[number]
            if finding.kind not in accepted_kinds(defect) or not names_defect(finding, defect):
                continue
            hit = True
            if finding.kind == defect["kind"]:
                found[number] = True
        if hit:
            matched += 1
            per_kind[finding.kind].matched += 1
        else:
            unmatched[finding.check_name] += 1
            if any(
                figure_matches(found_figure, figure)
                for number in candidates
                for figure in planted_figures(kept[number])
                for found_figure in finding.figures
            ):
                naming_planted[finding.check_name] += 1
    missed: dict[str, list[str]] = defaultdict(list)
    for number, defect in enumerate(kept):
        if found[number]:
            per_kind[defect["kind"]].found += 1
        elif len(missed[defect["kind"]]) < examples:
            missed[defect["kind"]].append(f"{defect['doc']}: {defect.get('detail', '')}")
    return FindingsScore(
        articles=articles,
        planted=len(kept),
        found=sum(found),
        findings=total,
        scored_findings=scored,
        matched=matched,
        kind_source=kind_source,
        per_kind=per_kind,
        unmatched_by_check=unmatched,
        unmatched_naming_planted_by_check=naming_planted,
        other_by_check=other,
        missed_examples=dict(missed),
        defects_outside=len(defects) - len(kept),
    )


def read_defects(path: Path) -> list[dict[str, Any]]:
    """The planted defects of a corpus (``defects.jsonl``)."""
    rows = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not JSON: {error}") from None
            if "doc" not in row or "kind" not in row:
                raise ValueError(f"{path}:{number}: a defect needs doc and kind")
            rows.append(row)
    return rows


@dataclass
class Workspace:
    """What scoring needs from a workspace: the findings, the docs of its articles and the kind's source."""

    findings: list[Finding]
    docs: set[str]
    kind_source: str
    unresolved_figures: int


_FIGURE_COLUMNS = 'figure_id, doc, metric, cast(value as double) as value, start, "end"'


def read_workspace(published: Path, warehouse: Path | None) -> Workspace:
    """Findings with their named figures resolved (published figures, else the warehouse's staged ones)."""
    import duckdb

    con = duckdb.connect(str(published), read_only=True)
    try:
        if warehouse is not None and warehouse.exists():
            quoted = str(warehouse).replace("'", "''")
            con.execute(f"attach '{quoted}' as warehouse (read_only)")
            staged = f"""
                union all
                select {_FIGURE_COLUMNS} from warehouse.staging.figures
                where figure_id not in (select figure_id from marts.figures)"""
        else:
            staged = ""
        columns = {row[0] for row in con.execute("describe marts.findings").fetchall()}
        has_kind = "kind" in columns
        kind = "kind" if has_kind else "cast(null as varchar) as kind"
        rows = con.execute(
            f"select check_name, {kind}, severity, figure_ids, article_ids from marts.findings"
        ).fetchall()
        figures = {
            figure_id: Figure(str(doc), metric, value, start, end)
            for figure_id, doc, metric, value, start, end in con.execute(
                f"""
                with named as (select distinct unnest(figure_ids) as figure_id from marts.findings),
                every_figure as (select {_FIGURE_COLUMNS} from marts.figures {staged})
                select every_figure.* from every_figure inner join named using (figure_id)
                """
            ).fetchall()
        }
        marts_tables = con.execute(
            "select table_name from duckdb_tables() where database_name = current_database() "
            "and schema_name = 'marts'"
        ).fetchall()
        tables = {row[0] for row in marts_tables}
        if "articles" in tables:
            article_rows = con.execute("select article_id, doc from marts.articles").fetchall()
        else:
            article_rows = con.execute("select distinct article_id, doc from marts.figures").fetchall()
    finally:
        con.close()
    doc_of = {article_id: str(doc) for article_id, doc in article_rows}
    findings = []
    unresolved = 0
    for check_name, kind_value, severity, figure_ids, article_ids in rows:
        named = []
        for figure_id in figure_ids or ():
            if figure_id in figures:
                named.append(figures[figure_id])
            else:
                unresolved += 1
        kind_value = kind_value if has_kind else fallback_kind(check_name)
        docs = tuple(doc_of[a] for a in article_ids or () if a in doc_of)
        findings.append(Finding(check_name, kind_value, severity, tuple(named), docs))
    return Workspace(
        findings=findings,
        docs=set(doc_of.values()),
        kind_source=KIND_SOURCE_COLUMN if has_kind else KIND_SOURCE_FALLBACK,
        unresolved_figures=unresolved,
    )


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_findings_score(score: FindingsScore, *, top: int = 10) -> str:
    """The score as a short text report."""
    per_article = score.planted / score.articles if score.articles else 0
    lines = [
        f"articles            {score.articles:,}",
        f"planted defects     {score.planted:,} ({per_article:.2f} per article), "
        f"found {score.found:,}: recall {_ratio(score.recall)}",
        f"findings            {score.findings:,} ({_ratio(score.findings_per_article)} per article); "
        f"{score.scored_findings:,} of the scored kinds, {score.matched:,} match a planted defect: "
        f"precision {_ratio(score.precision)}",
        f"matching findings   {_ratio(score.findings_per_found_defect)} per defect found (1 = reported once)",
        f"finding kinds       {score.kind_source}",
    ]
    if score.defects_outside:
        lines.append(
            f"not scored          {score.defects_outside:,} planted defects of articles not in the workspace"
        )
    lines.append("")
    lines.append(
        f"{'kind':<24}{'planted':>8}{'found':>8}{'recall':>8}{'findings':>10}{'matched':>9}{'precision':>10}"
    )
    for kind, row in score.per_kind.items():
        lines.append(
            f"{kind:<24}{row.planted:>8,}{row.found:>8,}{_ratio(row.recall):>8}{row.findings:>10,}"
            f"{row.matched:>9,}{_ratio(row.precision):>10}"
        )
    if score.unmatched_by_check:
        lines += [
            "",
            "findings that match no planted defect, by check (of which name a planted figure all the same):",
        ]
        lines += [
            f"  {name:<48}{n:>9,} ({score.unmatched_naming_planted_by_check[name]:,})"
            for name, n in score.unmatched_by_check.most_common(top)
        ]
    if score.other_by_check:
        lines += ["", "findings of other checks (not scored), by check:"]
        lines += [f"  {name:<48}{n:>9,}" for name, n in score.other_by_check.most_common(top)]
    if score.missed_examples:
        lines += ["", "missed defects, a few per kind:"]
        for kind, examples in score.missed_examples.items():
            lines += [f"  {kind}: {example}" for example in examples]
    return "\n".join(lines)
