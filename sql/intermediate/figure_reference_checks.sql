-- intermediate.figure_reference_checks: each figure against the versioned reference data.
-- grain: one row per figure (figure_id).
-- Rule: is its unit one its metric allows (seeds/reference/metrics.csv), and is an incentive per participant
--   the scheme's value for its period (Rp 3.550.000 for 2020-04-11..2022-12-31, Rp 4.200.000 from 2023)?
-- inputs: intermediate.figure_bounds, staging.reference_metrics, staging.reference_incentive_schemes.
-- incremental by article_id: a row is one figure's row of intermediate.figure_bounds against reference tables (see warehouse.py).
with bounds as (
    select * from intermediate.figure_bounds
),

metrics as (
    select * from staging.reference_metrics
),

schemes as (
    select * from staging.reference_incentive_schemes
),

dated as (
    select
        bounds.*,
        coalesce(bounds.effective_date, make_date(bounds.period_year, 7, 1)) as period_date,
        metrics.allowed_units
    from bounds
    left join metrics using (metric)
),

with_scheme as (
    select
        dated.*,
        schemes.scheme,
        schemes.per_participant_idr as reference_value
    from dated
    left join schemes
        on dated.metric = 'incentive_per_participant'
        and dated.period_date >= schemes.valid_from
        and (schemes.valid_to is null or dated.period_date <= schemes.valid_to)
),

final as (
    select
        cast(figure_id as varchar) as figure_id,
        cast(article_id as varchar) as article_id,
        cast(source_label as varchar) as outlet,
        cast(metric as varchar) as metric,
        cast(value as double) as value,
        cast(unit as varchar) as unit,
        cast(allowed_units as varchar[]) as allowed_units,
        cast(coalesce(list_contains(allowed_units, unit), false) as boolean) as unit_fits_metric,
        cast(scheme as varchar) as scheme,
        cast(reference_value as double) as reference_value,
        cast(
            metric <> 'incentive_per_participant'
            or coalesce(reference_value between lower_bound and upper_bound, false)
            as boolean
        ) as incentive_matches_reference,
        cast([figure_id] as varchar[]) as figure_ids,
        cast([article_id] as varchar[]) as article_ids,
        cast([source_label] as varchar[]) as outlets,
        cast([evidence] as varchar[]) as evidence,
        cast(
            label || '; allowed units: ' || coalesce(array_to_string(allowed_units, '|'), 'metric not in vocabulary')
            || case
                when metric = 'incentive_per_participant'
                    then '; reference: ' || coalesce(scheme || ' Rp ' || format('{:.0f}', reference_value),
                        'no scheme for ' || coalesce(cast(period_date as varchar), 'an unknown date'))
                else ''
            end
            as varchar
        ) as detail
    from with_scheme
)

select * from final
