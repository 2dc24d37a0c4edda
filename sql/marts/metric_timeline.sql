-- marts.metric_timeline: for each cumulative metric, its best-supported value by date and wave range
--   (non-decreasing), with the reports that break it.
-- grain: one row per claim of a cumulative metric: (metric, unit, scope, basis, wave range, as_of); most
--   readers want unit 'persons', scope 'national', basis 'total'.
-- inputs: intermediate.metric_timeline.
with timeline as (
    select * from intermediate.metric_timeline
),

final as (
    select
        cast(metric as varchar) as metric,
        cast(wave_from as integer) as wave_from,
        cast(wave_to as integer) as wave_to,
        cast(as_of as date) as as_of,
        cast(value as double) as value,
        cast(low as double) as low,
        cast(high as double) as high,
        cast(reports as bigint) as reports,
        cast(supporting_outlets as varchar[]) as supporting_outlets,
        cast(breaking_figure_ids as varchar[]) as breaking_figure_ids,
        cast(unit as varchar) as unit,
        cast(scope as varchar) as scope,
        cast(basis as varchar) as basis,
        cast(claim_id as varchar) as claim_id
    from timeline
    order by metric, unit, scope, basis, wave_from nulls first, wave_to nulls first, as_of, claim_id
)

select * from final
