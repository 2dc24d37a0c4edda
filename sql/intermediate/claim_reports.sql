-- intermediate.claim_reports: each comparable figure with the claim it reports and its support in that claim.
-- grain: one row per figure that can be compared (metric, unit, scope, basis and a date known).
-- A claim is the quantity a figure reports: metric, unit, scope, basis, wave range, period year and an
--   as-of window: the window of claim_window_days days (counted from the programme start) holding the
--   figure's date. Even a metric fixed for a period (the benefit per participant) is claimed per window:
--   a change of scheme or a revised budget then starts new claims instead of disputing old ones.
-- Support: the reports of the same claim whose qualifier intervals, widened by the agreement tolerance,
--   overlap this figure's interval (itself included), counted as reports, distinct outlets and articles.
--   To compare reports, an open interval ("lebih dari" v = [v, inf)) is closed at v * (1 +
--   open_bound_tolerance) (compare_upper): news copy says "more than" a figure just below the true one, so
--   "lebih dari 18 juta" does not vouch for 27 million.
-- inputs: intermediate.figure_bounds (its claim_id), staging.reference_programme_facts.
-- incremental by claim_id: a row depends on the figures of its own claim only (support is counted within
--   claim_id), so a run recomputes the claims its new figures fall in and keeps every other row; the
--   figures are read at the scan as those of the touched claims (see warehouse.py).
with facts as (
    select
        max(case when fact = 'agreement_tolerance' then cast(value as double) end) as tolerance,
        max(case when fact = 'open_bound_tolerance' then cast(value as double) end) as open_tolerance
    from staging.reference_programme_facts
),

-- the figures with a claim: intermediate.figure_bounds keys each comparable figure by its claim
reports as (
    select
        bounds.*,
        bounds.period_year as claim_year,
        case
            when isinf(bounds.upper_bound) then bounds.lower_bound * (1 + facts.open_tolerance)
            else bounds.upper_bound
        end as compare_upper
    from intermediate.figure_bounds as bounds
    cross join facts
    where bounds.claim_id is not null
),

keyed as (
    select * from reports
),

-- Reports of a claim mostly repeat a few values, so support is counted per distinct interval of a claim:
-- the intervals a figure's interval overlaps, then the reports holding those intervals (comparing every
-- pair of reports needed ~90 million rows for one claim key at 100.000 articles).
intervals as (
    select distinct claim_id, lower_bound, compare_upper
    from keyed
),

overlapping_intervals as (
    select
        this.claim_id,
        this.lower_bound,
        this.compare_upper,
        other.lower_bound as other_lower_bound,
        other.compare_upper as other_compare_upper
    from intervals as this
    cross join facts
    inner join intervals as other
        on other.claim_id = this.claim_id
        and other.lower_bound <= this.compare_upper * (1 + facts.tolerance)
        and this.lower_bound <= other.compare_upper * (1 + facts.tolerance)
),

interval_support as (
    select
        overlapping.claim_id,
        overlapping.lower_bound,
        overlapping.compare_upper,
        count(*) as supporting_reports,
        count(distinct other.source_label) as supporting_outlets,
        count(distinct other.article_id) as supporting_articles
    from overlapping_intervals as overlapping
    inner join keyed as other
        on other.claim_id = overlapping.claim_id
        and other.lower_bound = overlapping.other_lower_bound
        and other.compare_upper = overlapping.other_compare_upper
    group by overlapping.claim_id, overlapping.lower_bound, overlapping.compare_upper
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

final as (
    select
        keyed.claim_id,
        keyed.figure_id,
        keyed.article_id,
        keyed.doc,
        keyed.outlet,
        keyed.source_label,
        keyed.published_date,
        keyed.metric,
        keyed.value,
        keyed.unit,
        keyed.qualifier,
        keyed.scope,
        keyed.basis,
        keyed.wave_from,
        keyed.wave_to,
        cast(keyed.claim_year as integer) as period_year,
        keyed.over_time,
        keyed.is_cumulative_metric,
        keyed.is_cumulative,
        keyed.wave_hi,
        keyed.effective_date,
        keyed.lower_bound,
        keyed.upper_bound,
        keyed.compare_upper,
        keyed.evidence,
        keyed.label,
        coalesce(support.supporting_reports, 1) as supporting_reports,
        coalesce(support.supporting_outlets, 1) as supporting_outlets,
        coalesce(support.supporting_articles, 1) as supporting_articles
    from keyed
    left join support using (figure_id)
)

select * from final
