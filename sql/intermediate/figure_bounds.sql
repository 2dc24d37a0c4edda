-- intermediate.figure_bounds: each figure as the interval its qualifier allows, its wave span and its date,
--   the common base of every cross-figure check.
-- grain: one row per figure (figure_id).
-- inputs: staging.figures, staging.reference_programme_facts, staging.reference_metrics (over_time: how the
--   metric moves over time, and is_cumulative_metric).
-- Qualifiers: exact = [v, v]; more_than / at_least = [v, +inf); about = [v - tol, v + tol]; almost = [v - tol, v].
-- compare_upper: the upper bound other figures are compared with; an open interval ("lebih dari" v = [v, inf))
--   is closed at v * (1 + open_bound_tolerance): news copy says "more than" a figure just below the true one,
--   so "lebih dari 18 juta" does not vouch for 27 million.
-- Waves: an explicit range is [wave_from, wave_to]; a figure without waves is "all waves so far"
--   ([1, +inf)) when its year is unknown or the programme's first year, otherwise its span is unknown (null).
-- claim_id: the claim the figure reports (what a claim is: claim_reports.sql), null when it cannot be compared
--   (unit, scope, basis, date or value unknown, or a metric never compared); computed here, per figure, so
--   the claim models can read the figures of a few claims at the scan.
-- incremental by article_id: a row is one figure of staging.figures with reference tables (see warehouse.py).
with figures as (
    select * from staging.figures
),

facts as (
    select
        max(case when fact = 'about_tolerance' then cast(value as double) end) as about_tolerance,
        max(case when fact = 'open_bound_tolerance' then cast(value as double) end) as open_tolerance,
        max(case when fact = 'programme_start' then cast(value as date) end) as programme_start,
        max(case when fact = 'claim_window_days' then cast(value as integer) end) as window_days
    from staging.reference_programme_facts
),

bounded as (
    select
        figures.*,
        coalesce(metrics.over_time, 'varies') as over_time,
        coalesce(metrics.is_cumulative_metric, false) as is_cumulative_metric,
        coalesce(metrics.is_comparable, true) as is_comparable,
        cast(coalesce(figures.as_of_date, figures.published_date) as date) as effective_date,
        cast(
            case figures.qualifier
                when 'exact' then figures.value
                when 'more_than' then figures.value
                when 'at_least' then figures.value
                when 'about' then figures.value * (1 - facts.about_tolerance)
                when 'almost' then figures.value * (1 - facts.about_tolerance)
            end as double
        ) as lower_bound,
        cast(
            case figures.qualifier
                when 'exact' then figures.value
                when 'more_than' then 'inf'
                when 'at_least' then 'inf'
                when 'about' then figures.value * (1 + facts.about_tolerance)
                when 'almost' then figures.value
            end as double
        ) as upper_bound,
        facts.open_tolerance,
        cast(
            case
                when figures.wave_from is not null then figures.wave_from
                when figures.period_year is null or figures.period_year = year(facts.programme_start) then 1
            end as integer
        ) as wave_lo,
        cast(
            case
                when figures.wave_from is not null then coalesce(figures.wave_to, figures.wave_from)
                when figures.period_year is null or figures.period_year = year(facts.programme_start)
                    then 2147483647
            end as integer
        ) as wave_hi,
        floor(
            date_diff(
                'day', facts.programme_start, cast(coalesce(figures.as_of_date, figures.published_date) as date)
            ) / facts.window_days
        ) as window_number
    from figures
    cross join facts
    left join staging.reference_metrics as metrics using (metric)
),

final as (
    select
        figure_id,
        article_id,
        doc,
        outlet,
        coalesce(outlet, 'unknown outlet (' || doc || ')') as source_label,
        published_date,
        metric,
        value,
        unit,
        qualifier,
        scope,
        basis,
        period_year,
        wave_from,
        wave_to,
        wave_lo,
        wave_hi,
        wave_lo = 1 as is_cumulative,
        over_time,
        is_cumulative_metric,
        is_comparable,
        effective_date,
        lower_bound,
        upper_bound,
        case when isinf(upper_bound) then lower_bound * (1 + open_tolerance) else upper_bound end as compare_upper,
        evidence,
        start,
        "end",
        cast(
            metric || ' ' || coalesce(format('{:.0f}', value), '?') || ' ' || coalesce(unit, '?')
            || ' (' || coalesce(qualifier, '?')
            || case
                when wave_from is null then ', no waves'
                when wave_from = coalesce(wave_to, wave_from) then ', wave ' || wave_from
                else ', waves ' || wave_from || '-' || wave_to
            end
            || ', as of ' || coalesce(cast(effective_date as varchar), '?')
            || ', ' || coalesce(outlet, 'unknown outlet') || ' ' || doc || ': "' || coalesce(evidence, '') || '")'
            as varchar
        ) as label,
        -- the claim: metric, unit, scope, basis, wave range, period year and as-of window
        cast(
            case
                when
                    unit is not null
                    and scope is not null
                    and basis is not null
                    and effective_date is not null
                    and value is not null
                    and is_comparable
                    then md5(
                        concat_ws(
                            '|', metric, unit, scope, basis, coalesce(cast(wave_from as varchar), '-'),
                            coalesce(cast(wave_to as varchar), '-'), coalesce(cast(period_year as varchar), '-'),
                            cast(window_number as varchar)
                        )
                    )
            end as varchar
        ) as claim_id
    from bounded
)

select * from final
