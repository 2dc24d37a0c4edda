-- intermediate.claim_reports: each comparable figure with the claim it reports and its support in that claim.
-- grain: one row per figure that can be compared (metric, unit, scope, basis and a date known).
-- A claim is the quantity a figure reports: metric, unit, scope, basis, wave range, period year and an
--   as-of window: the window of claim_window_days days (counted from the programme start) holding the
--   figure's date. Even a metric fixed for a period (the benefit per participant) is claimed per window:
--   a change of scheme or a revised budget then starts new claims instead of disputing old ones.
-- Support: the reports of the same claim whose qualifier intervals, widened by the agreement tolerance,
--   overlap this figure's interval (itself included), counted as reports, distinct outlets and articles.
--   Reports are compared by their compare_upper (an open interval closed, see intermediate.figure_bounds).
-- inputs: intermediate.figure_bounds (its claim_id), staging.reference_programme_facts.
-- incremental by claim_id: a row depends on the figures of its own claim only (support is counted within
--   claim_id), so a run recomputes the claims its new figures fall in and keeps every other row; the
--   figures are read at the scan as those of the touched claims (see warehouse.py).
with facts as (
    select
        max(case when fact = 'agreement_tolerance' then cast(value as double) end) as tolerance
    from staging.reference_programme_facts
),

-- the figures with a claim: intermediate.figure_bounds keys each comparable figure by its claim. Support is
-- counted on the few columns it compares (the whole rows, with their evidence and labels, are read once more
-- at the end: carrying them through the CTEs buffered ~1.3 GB at 100.000 articles and spilled)
keyed as (
    select
        bounds.claim_id,
        bounds.figure_id,
        bounds.article_id,
        bounds.source_label,
        bounds.lower_bound,
        bounds.compare_upper
    from intermediate.figure_bounds as bounds
    where bounds.claim_id is not null
),

-- Reports of a claim mostly repeat a few values, so support is counted per distinct interval of a claim:
-- the intervals a figure's interval overlaps, then what those intervals hold. Nothing joins the pairs of
-- intervals with the reports themselves (that grew with the corpus: ~90 million rows for one claim key at
-- 100.000 articles with pairs of reports, and out of DuckDB's memory cap at 1.000.000 with intervals x
-- reports): reports are counted per interval, outlets deduplicated per interval, and articles split in two
-- exact parts: the articles reporting one interval of the claim (the usual case) are counted per interval
-- and summed, and the few reporting several intervals are deduplicated explicitly. Distinct counts are
-- grouped twice (distinct rows, then rows per interval) so DuckDB can spill them to disk.
intervals as (
    select claim_id, lower_bound, compare_upper, count(*) as reports
    from keyed
    group by claim_id, lower_bound, compare_upper
),

overlapping_intervals as (
    select
        this.claim_id,
        this.lower_bound,
        this.compare_upper,
        other.lower_bound as other_lower_bound,
        other.compare_upper as other_compare_upper,
        other.reports as other_reports
    from intervals as this
    cross join facts
    inner join intervals as other
        on other.claim_id = this.claim_id
        and other.lower_bound <= this.compare_upper * (1 + facts.tolerance)
        and this.lower_bound <= other.compare_upper * (1 + facts.tolerance)
),

interval_outlets as (
    select distinct claim_id, lower_bound, compare_upper, source_label
    from keyed
    where source_label is not null
),

article_intervals as (
    select distinct claim_id, lower_bound, compare_upper, article_id
    from keyed
    where article_id is not null
),

article_claims as (
    select
        claim_id,
        article_id,
        count(*) as interval_count,
        min(lower_bound) as lower_bound,
        min(compare_upper) as compare_upper
    from article_intervals
    group by claim_id, article_id
),

-- articles whose reports of the claim all share one interval, per interval
single_interval_articles as (
    select claim_id, lower_bound, compare_upper, count(*) as articles
    from article_claims
    where interval_count = 1
    group by claim_id, lower_bound, compare_upper
),

multi_interval_articles as (
    select article_intervals.*
    from article_intervals
    semi join article_claims
        on article_claims.claim_id = article_intervals.claim_id
        and article_claims.article_id = article_intervals.article_id
        and article_claims.interval_count > 1
),

interval_counts as (
    select
        overlapping.claim_id,
        overlapping.lower_bound,
        overlapping.compare_upper,
        sum(overlapping.other_reports) as supporting_reports,
        sum(coalesce(single.articles, 0)) as single_interval_articles
    from overlapping_intervals as overlapping
    left join single_interval_articles as single
        on single.claim_id = overlapping.claim_id
        and single.lower_bound = overlapping.other_lower_bound
        and single.compare_upper = overlapping.other_compare_upper
    group by overlapping.claim_id, overlapping.lower_bound, overlapping.compare_upper
),

supporting_outlets as (
    select claim_id, lower_bound, compare_upper, count(*) as outlets
    from (
        select distinct overlapping.claim_id, overlapping.lower_bound, overlapping.compare_upper, outlets.source_label
        from overlapping_intervals as overlapping
        inner join interval_outlets as outlets
            on outlets.claim_id = overlapping.claim_id
            and outlets.lower_bound = overlapping.other_lower_bound
            and outlets.compare_upper = overlapping.other_compare_upper
    )
    group by claim_id, lower_bound, compare_upper
),

supporting_multi_interval_articles as (
    select claim_id, lower_bound, compare_upper, count(*) as articles
    from (
        select distinct overlapping.claim_id, overlapping.lower_bound, overlapping.compare_upper, multi.article_id
        from overlapping_intervals as overlapping
        inner join multi_interval_articles as multi
            on multi.claim_id = overlapping.claim_id
            and multi.lower_bound = overlapping.other_lower_bound
            and multi.compare_upper = overlapping.other_compare_upper
    )
    group by claim_id, lower_bound, compare_upper
),

interval_support as (
    select
        counts.claim_id,
        counts.lower_bound,
        counts.compare_upper,
        cast(counts.supporting_reports as bigint) as supporting_reports,
        coalesce(outlets.outlets, 0) as supporting_outlets,
        cast(counts.single_interval_articles + coalesce(multi.articles, 0) as bigint) as supporting_articles
    from interval_counts as counts
    left join supporting_outlets as outlets
        on outlets.claim_id = counts.claim_id
        and outlets.lower_bound = counts.lower_bound
        and outlets.compare_upper = counts.compare_upper
    left join supporting_multi_interval_articles as multi
        on multi.claim_id = counts.claim_id
        and multi.lower_bound = counts.lower_bound
        and multi.compare_upper = counts.compare_upper
),

support as (
    select
        keyed.figure_id,
        interval_support.supporting_reports,
        interval_support.supporting_outlets,
        interval_support.supporting_articles
    from keyed
    inner join interval_support
        on interval_support.claim_id = keyed.claim_id
        and interval_support.lower_bound = keyed.lower_bound
        and interval_support.compare_upper = keyed.compare_upper
),

reports as (
    select
        bounds.*,
        bounds.period_year as claim_year
    from intermediate.figure_bounds as bounds
    where bounds.claim_id is not null
),

final as (
    select
        reports.claim_id,
        reports.figure_id,
        reports.article_id,
        reports.doc,
        reports.outlet,
        reports.source_label,
        reports.published_date,
        reports.metric,
        reports.value,
        reports.unit,
        reports.qualifier,
        reports.scope,
        reports.basis,
        reports.wave_from,
        reports.wave_to,
        cast(reports.claim_year as integer) as period_year,
        reports.over_time,
        reports.is_cumulative_metric,
        reports.is_cumulative,
        reports.wave_hi,
        reports.effective_date,
        reports.lower_bound,
        reports.upper_bound,
        reports.compare_upper,
        reports.evidence,
        reports.label,
        coalesce(support.supporting_reports, 1) as supporting_reports,
        coalesce(support.supporting_outlets, 1) as supporting_outlets,
        coalesce(support.supporting_articles, 1) as supporting_articles
    from reports
    left join support using (figure_id)
)

select * from final
