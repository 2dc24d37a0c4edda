-- staging.reference_metrics: the metric vocabulary, its units, how it moves over time (seeds/reference).
-- grain: one row per metric.
-- over_time: cumulative (only grows), varies, or fixed for a period; comparable = no for metrics whose
--   figures measure different things (survey shares), never compared with each other.
-- inputs: seeds/reference/metrics.csv, found through the `seeds_dir` DuckDB variable
--   (`set variable seeds_dir = '<repo>/seeds'` before building models; defaults to ./seeds).
with source as (
    select *
    from read_csv(
        coalesce(getvariable('seeds_dir'), 'seeds') || '/reference/metrics.csv',
        header = true,
        all_varchar = true
    )
),

final as (
    select
        cast(metric as varchar) as metric,
        string_split(cast(unit as varchar), '|') as allowed_units,
        cast(meaning as varchar) as meaning,
        cast(coalesce(over_time, 'varies') as varchar) as over_time,
        coalesce(over_time = 'cumulative', false) as is_cumulative_metric,
        coalesce(comparable <> 'no', true) as is_comparable
    from source
)

select * from final
