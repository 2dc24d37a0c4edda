"""Every query of the claims front page, in one place: what it reads from the claim marts.

The front page reads ``marts.claims``, ``marts.metric_timeline``, ``marts.figures`` (with ``claim_id``,
``status`` and ``distance_from_consensus``), ``marts.findings`` (with ``kind`` and ``claim_id``),
``marts.articles`` and, when the connection has them, the article texts in ``raw.articles`` (the published
snapshot holds no texts: sources are then quoted by their figure's evidence span only). Work is bounded by
the number of claims, not of figures: chart points come back binned by SQL, sources capped per claim side.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

SOURCES_PER_SIDE = 6
QUOTES_PER_FINDING = 8  # evidence spans an evidence page quotes per finding
TEXTS_PER_READ = 2000  # article texts held at once while quoting sources
EVIDENCE_PER_CHECK = 1000

# each claim's worst finding: 0 blocking, 1 warning
SEVERITY = """severity as (
    select claim_id,
        min(case severity when 'blocking' then 0 when 'warning' then 1 else 2 end) as severity_rank
    from marts.findings
    where claim_id is not null
    group by claim_id
),"""

# Worst disputes first: blocking before warning, more dissenting outlets, then the largest relative
# distance of a dissenting report from the consensus, then more reports.
CLAIMS = f"""
with {SEVERITY}
deviation as (
    select figures.claim_id,
        max(abs(figures.value - claims.consensus_value) / nullif(abs(claims.consensus_value), 0)) as deviation
    from marts.figures as figures
    join marts.claims as claims using (claim_id)
    where figures.status = 'outlier'
    group by figures.claim_id
)
select
    claims.*,
    coalesce(severity.severity_rank, 3) as severity_rank,
    coalesce(deviation.deviation, 0) as deviation
from (
    -- the claim's figure lists grow with its reports and no page shows them: SOURCES reads the few it shows;
    -- no page shows its detail either (its finding's evidence page does), the longest of its strings
    select columns(lambda name: name not in ('supporting_figure_ids', 'dissenting_figure_ids', 'detail'))
    from marts.claims
) as claims
left join severity using (claim_id)
left join deviation using (claim_id)
order by
    claims.status <> 'disputed',
    severity_rank,
    len(claims.dissenting_outlets) desc,
    deviation desc,
    claims.reports desc,
    claims.claim_id
"""

# The one series each timeline metric is drawn for: national scope first, then the most reports. When the
# timeline has unit, scope and basis columns the series is one of its own; otherwise it is read off the
# figures of the timeline's metrics. Each query below starts from `series`.


def _series(source: str, weight: str, where: str = "") -> str:
    """The ``series`` CTE: per metric of ``source``, one (unit, scope, basis), national first, then by
    ``weight``."""
    return f"""
series as (
    select metric, unit, scope, basis
    from (
        select metric, unit, scope, basis,
            row_number() over (
                partition by metric
                order by coalesce(scope = 'national', false) desc, {weight} desc, unit, basis
            ) as series_rank
        from {source}{where}
        group by metric, unit, scope, basis
    )
    where series_rank = 1
)"""


SERIES_FROM_TIMELINE = _series("marts.metric_timeline", "sum(reports)")
SERIES_FROM_FIGURES = _series(
    "marts.figures",
    "count(*)",
    "\n        where metric in (select distinct metric from marts.metric_timeline) and value is not null",
)

SERIES_JOIN = """
    join series on figures.metric = series.metric
        and figures.unit is not distinct from series.unit
        and figures.scope is not distinct from series.scope
        and figures.basis is not distinct from series.basis"""

TIMELINE_OF_SERIES = """
with {series}
select timeline.metric, timeline.wave_from, timeline.wave_to, timeline.as_of, timeline.value, timeline.low,
    timeline.high, timeline.reports, len(timeline.breaking_figure_ids) as breaking
from marts.metric_timeline as timeline
join series on timeline.metric = series.metric and timeline.unit is not distinct from series.unit
    and timeline.scope is not distinct from series.scope and timeline.basis is not distinct from series.basis
order by timeline.metric, timeline.as_of, timeline.wave_to nulls first, timeline.wave_from nulls first
"""

TIMELINE = """
select metric, wave_from, wave_to, as_of, value, low, high, reports, len(breaking_figure_ids) as breaking
from marts.metric_timeline
order by metric, as_of, wave_to nulls first, wave_from nulls first
"""

# Every report of a timeline metric's series as (date, value, outlet, status) counts per cell of a grid finer
# than the chart's pixels: the chart draws cells, not 300.000 marks.
CHART_POINTS = """
with {series},
reports as (
    select figures.metric, figures.unit,
        coalesce(try_cast(figures.as_of as date), figures.published_date) as as_of,
        figures.value, coalesce(figures.outlet, 'unknown outlet') as outlet,
        coalesce(figures.status, 'not_comparable') as status
    from marts.figures as figures {join}
    where figures.value is not null
        and coalesce(try_cast(figures.as_of as date), figures.published_date) is not null
),
ranges as (
    select metric, min(as_of) as first_day, max(as_of) as last_day, min(value) as low, max(value) as high
    from reports
    group by metric
)
select
    reports.metric, any_value(reports.unit) as unit, reports.outlet, reports.status,
    floor(date_diff('day', ranges.first_day, reports.as_of) * $columns
        / greatest(date_diff('day', ranges.first_day, ranges.last_day), 1)) as x_cell,
    floor((reports.value - ranges.low) * $rows / greatest(ranges.high - ranges.low, 1e-9)) as y_cell,
    min(reports.as_of) as as_of, avg(reports.value) as value, count(*) as reports
from reports
join ranges using (metric)
group by all
"""

OUTLET_REPORTS = """
with {series}
select figures.metric, coalesce(figures.outlet, 'unknown outlet') as outlet, count(*) as reports,
    count(*) filter (where figures.status = 'outlier') as outliers
from marts.figures as figures {join}
group by all
"""

# Up to $per_side reports on each side of each claim, one per outlet first (earliest report of each).
# Dissenting: the claim's dissenting figures (or outliers); supporting: the rest, unless not comparable.
SOURCES = """
with sided as (
    select figures.* replace (coalesce(figures.outlet, 'unknown outlet') as outlet),
        case
            when list_contains(claims.dissenting_figure_ids, figures.figure_id) or figures.status = 'outlier'
                then 'dissenting'
            when figures.status = 'not_comparable' then 'not_comparable'
            else 'supporting'
        end as side
    from marts.figures as figures
    -- the given claims only: joined whole, their figure lists took DuckDB's memory in step with the corpus
    join (
        select claim_id, dissenting_figure_ids
        from marts.claims
        where claim_id in (select unnest($claim_ids))
    ) as claims using (claim_id)
    where figures.claim_id in (select unnest($claim_ids))
),
ranked as (
    select *,
        row_number() over (
            partition by claim_id, side, outlet order by published_date, figure_id
        ) as outlet_rank,
        count(*) over (partition by claim_id, side) as side_total
    from sided
),
picked as (
    select *,
        row_number() over (
            partition by claim_id, side order by outlet_rank, published_date, figure_id
        ) as side_rank
    from ranked
)
select claim_id, side, side_rank, side_total, figure_id, article_id, doc, outlet, published_date, as_of,
    value, unit, qualifier, distance_from_consensus, evidence, start, "end"
from picked
where side_rank <= $per_side
order by claim_id, side, side_rank
"""

# What a claim's body on its claim page is made of, as one digest per claim: its row, its severity, and every
# field of its figures that a source line shows or that picks the sources (article texts are named by their
# SHA-256, so the article id stands for its text). bit_xor makes the figures' digest independent of order.
CLAIM_DIGESTS = f"""
with {SEVERITY}
reports as (
    select claim_id,
        bit_xor(hash(figure_id, article_id, doc, outlet, published_date, as_of, value, unit, qualifier,
            status, distance_from_consensus, evidence, start, "end")) as figures_digest,
        count(*) as figures
    from marts.figures
    where claim_id is not null
    group by claim_id
)
select claims.claim_id,
    md5(concat_ws('|', to_json(claims)::varchar, coalesce(severity.severity_rank, 3),
        coalesce(reports.figures_digest, 0), coalesce(reports.figures, 0))) as digest
from marts.claims as claims
left join severity using (claim_id)
left join reports using (claim_id)
"""

FINDING_COUNTS = """
select check_name, any_value(severity) as severity, count(*) as findings,
    min(case severity when 'blocking' then 0 when 'warning' then 1 else 2 end) as severity_rank
from marts.findings
group by check_name
order by severity_rank, check_name
"""

# The evidence pages: up to $limit findings per check, blocking first, then the ones with more outlets (ties
# by instance_key: the mart's row order differs between a build extended by key and one made whole).
# Ranked on the findings' narrow columns, then only the shown rows are read: ranking every row with its
# evidence lists ran out of DuckDB's 1 GB at 1.000.000 articles. A shown finding keeps its first $quotes
# evidence spans (all a page quotes) and the lengths of its lists; its article_ids become, per kept span, the
# article that span is quoted from (``pages.finding_quotes``: the article at the span's position, else the
# first of the finding's articles whose text holds the span), and its figure_ids those of the finding's
# figures in these articles, in list order. So Python never reads a claim finding's thousands of reports.
FINDINGS = """
with ranked as (
    select rowid as finding_row,
        row_number() over (
            partition by check_name
            order by case severity when 'blocking' then 0 when 'warning' then 1 else 2 end,
                len(outlets) desc, detail, claim_id, instance_key
        ) as check_rank
    from marts.findings
    qualify check_rank <= $limit
),
shown as (
    select ranked.finding_row, ranked.check_rank, findings.*
    from ranked
    inner join marts.findings as findings on findings.rowid = ranked.finding_row
),
{texts}
spans as (
    select finding_row, position, evidence[position] as span,
        case when position <= len(article_ids) then article_ids[position] end as aligned_article
    from (
        select finding_row, evidence, article_ids,
            unnest(range(1, least(len(evidence), $quotes) + 1)) as position
        from shown
    )
),
aligned as (
    select spans.*, articles.article_id is not null as found
    from spans
    left join raw_texts as articles
        on articles.article_id = spans.aligned_article and contains(articles.text, spans.span)
),
fallback as (
    select finding_row, position, article_id
    from (
        select aligned.finding_row, aligned.position, candidates.article_id, candidates.candidate_rank
        from aligned
        inner join (
            select finding_row, unnest(article_ids) as article_id,
                unnest(range(1, len(article_ids) + 1)) as candidate_rank
            from shown
            where finding_row in (select finding_row from aligned where not found)
        ) as candidates using (finding_row)
        inner join raw_texts as articles
            on articles.article_id = candidates.article_id and contains(articles.text, aligned.span)
        where not aligned.found
    )
    qualify row_number() over (partition by finding_row, position order by candidate_rank) = 1
),
quoted as (
    select aligned.finding_row, aligned.position, aligned.span,
        case when aligned.found then aligned.aligned_article else fallback.article_id end as article_id
    from aligned
    left join fallback using (finding_row, position)
),
quoted_lists as (
    select finding_row,
        list(span order by position) as evidence,
        list(article_id order by position) as article_ids
    from quoted
    group by finding_row
),
quoted_figures as (
    select finding_row, list(figure_id order by list_position(figure_ids, figure_id)) as figure_ids
    from (
        select distinct shown.finding_row, shown.figure_ids, figures.figure_id
        from (select distinct finding_row, article_id from quoted where article_id is not null) as chosen
        inner join shown using (finding_row)
        inner join marts.figures as figures on figures.article_id = chosen.article_id
        where list_contains(shown.figure_ids, figures.figure_id)
    )
    group by finding_row
)
select shown.check_name, shown.severity,
    coalesce(quoted_figures.figure_ids, []::varchar[]) as figure_ids,
    coalesce(quoted_lists.article_ids, []::varchar[]) as article_ids,
    shown.outlets,
    coalesce(quoted_lists.evidence, []::varchar[]) as evidence,
    shown.* exclude (
        finding_row, check_rank, check_name, severity, figure_ids, article_ids, outlets, evidence
    ),
    len(shown.evidence) as evidence_count, len(shown.article_ids) as article_count,
    len(shown.figure_ids) as figure_count
from shown
left join quoted_lists using (finding_row)
left join quoted_figures using (finding_row)
order by shown.check_name, shown.check_rank
"""

# Without article texts (the published snapshot) nothing is quoted: the texts the queries above read are then
# an empty table.
RAW_TEXTS = """raw_texts as (
    select article_id, text
    from raw.articles
    where article_id in (select unnest(article_ids) from shown)
),"""
NO_TEXTS = "raw_texts as (select null::varchar as article_id, null::varchar as text where false),"

FIGURE_SPANS = """
select figure_id, article_id, start, "end", rule
from marts.figures
where figure_id in (select unnest($figure_ids))
"""

ARTICLE_SOURCES = """
select article_id, coalesce(outlet, 'unknown outlet') || ', ' || doc as source
from marts.articles
where article_id in (select unnest($article_ids))
"""

TEXTS = "select article_id, text from raw.articles where article_id in (select unnest($article_ids))"


@dataclass(frozen=True)
class ClaimsData:
    """What the claims report shows: Polars frames read from the claim marts."""

    run: dict
    claims: pl.DataFrame
    timeline: pl.DataFrame
    points: pl.DataFrame
    outlet_reports: pl.DataFrame
    finding_counts: pl.DataFrame


def has_claim_marts(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the connection holds the claim marts (``marts.claims`` and ``marts.metric_timeline``)."""
    found = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts' "
        "and table_name in ('claims', 'metric_timeline')"
    ).fetchall()
    return found[0][0] == 2


def has_texts(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'raw' and table_name = 'articles'"
    ).fetchall()
    return found[0][0] > 0


def read_claims_data(
    con: duckdb.DuckDBPyConnection, *, run: dict, chart_columns: int = 320, chart_rows: int = 130
) -> ClaimsData:
    """Claims worst first, the timelines, binned chart points, reports per outlet and findings per check."""
    by_series = timeline_has_series(con)
    parts = {"series": SERIES_FROM_TIMELINE if by_series else SERIES_FROM_FIGURES, "join": SERIES_JOIN}
    timeline = TIMELINE_OF_SERIES.format(**parts) if by_series else TIMELINE
    return ClaimsData(
        run=run,
        claims=con.sql(CLAIMS).pl(),
        timeline=con.sql(timeline).pl(),
        points=con.sql(
            CHART_POINTS.format(**parts), params={"columns": chart_columns, "rows": chart_rows}
        ).pl(),
        outlet_reports=con.sql(OUTLET_REPORTS.format(**parts)).pl(),
        finding_counts=con.sql(FINDING_COUNTS).pl(),
    )


def timeline_has_series(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether ``marts.metric_timeline`` says which unit, scope and basis each of its rows is in."""
    found = con.execute(
        "select count(*) from information_schema.columns where table_schema = 'marts' "
        "and table_name = 'metric_timeline' and column_name in ('unit', 'scope', 'basis')"
    ).fetchall()
    return found[0][0] == 3


def read_claim_digests(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """``claim_id -> digest`` of what its claim page body shows (``CLAIM_DIGESTS``)."""
    return dict(con.execute(CLAIM_DIGESTS).fetchall())


def read_sources(
    con: duckdb.DuckDBPyConnection, claim_ids: list[str], *, per_side: int = SOURCES_PER_SIDE
) -> pl.DataFrame:
    """Reports on each side of the given claims (capped per side), with their sentence when texts exist."""
    sources = con.sql(SOURCES, params={"claim_ids": claim_ids, "per_side": per_side}).pl()
    return sources.with_columns(sentence=pl.Series(sentences(con, sources), dtype=pl.String))


def sentences(
    con: duckdb.DuckDBPyConnection, figures: pl.DataFrame, *, batch: int = TEXTS_PER_READ
) -> list[str | None]:
    """The sentence around each figure's span as safe HTML, or None without article texts.

    The texts are read ``batch`` articles at a time: a build's first report quotes most articles."""
    from prakerja_dq.report.quotes import Quote, render_quote, sentence_bounds

    if figures.is_empty() or not has_texts(con):
        return [None] * figures.height
    rows = figures.select("article_id", "start", "end", "evidence").rows()
    rows_of: dict[str, list[int]] = {}
    for index, (article_id, *_) in enumerate(rows):
        if article_id is not None:
            rows_of.setdefault(article_id, []).append(index)
    article_ids = list(rows_of)
    found: list[str | None] = [None] * len(rows)
    for offset in range(0, len(article_ids), batch):
        texts = con.execute(TEXTS, {"article_ids": article_ids[offset : offset + batch]}).fetchall()
        for article_id, text in texts:
            for index in rows_of.get(article_id, []):
                _, start, end, evidence = rows[index]
                if text is None or start is None or end is None or text[start:end] != evidence:
                    continue
                left, right = sentence_bounds(text, start, end)
                found[index] = render_quote(text, Quote(article_id, left, start, end, right))
    return found


def read_findings(
    con: duckdb.DuckDBPyConnection, *, limit: int = EVIDENCE_PER_CHECK, quotes: int = QUOTES_PER_FINDING
) -> dict:
    """Findings for the evidence pages (each cut to the ``quotes`` spans it shows, see ``FINDINGS``) with the
    texts, spans, sources and rules that quote them."""
    with_texts = has_texts(con)
    findings = con.sql(
        FINDINGS.format(texts=RAW_TEXTS if with_texts else NO_TEXTS),
        params={"limit": limit, "quotes": quotes},
    ).df()
    figure_ids = sorted({fid for ids in findings["figure_ids"] for fid in ids}) if len(findings) else []
    article_ids = (
        sorted({aid for ids in findings["article_ids"] for aid in ids if aid is not None})
        if len(findings)
        else []
    )
    spans, rules = {}, {}
    for figure_id, article_id, start, end, rule in con.execute(
        FIGURE_SPANS, {"figure_ids": figure_ids}
    ).fetchall():
        if start is not None and end is not None:
            spans[figure_id] = (article_id, int(start), int(end))
        if rule:
            rules[figure_id] = rule
    texts = dict(con.execute(TEXTS, {"article_ids": article_ids}).fetchall()) if with_texts else {}
    sources = dict(con.execute(ARTICLE_SOURCES, {"article_ids": article_ids}).fetchall())
    return {"findings": findings, "texts": texts, "spans": spans, "rules": rules, "sources": sources}
