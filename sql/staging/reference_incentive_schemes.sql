-- staging.reference_incentive_schemes: the versioned benefit per participant by period (seeds/reference).
-- grain: one row per scheme (valid_from .. valid_to; valid_to null = still in force).
-- inputs: seeds/reference/incentive_schemes.csv, found through the `seeds_dir` DuckDB variable
--   (`set variable seeds_dir = '<repo>/seeds'` before building models; defaults to ./seeds).
with source as (
    select *
    from read_csv(
        coalesce(getvariable('seeds_dir'), 'seeds') || '/reference/incentive_schemes.csv',
        header = true,
        all_varchar = true
    )
),

final as (
    select
        cast(scheme as varchar) as scheme,
        cast(valid_from as date) as valid_from,
        cast(nullif(valid_to, '') as date) as valid_to,
        cast(per_participant_idr as double) as per_participant_idr,
        cast(made_of as varchar) as made_of,
        cast(source as varchar) as source,
        cast(version as integer) as version,
        -- how many post-training payments and paid surveys make up the benefit (scheme parts add up)
        cast(post_training_payments as integer) as post_training_payments,
        cast(surveys as integer) as surveys
    from source
)

select * from final
