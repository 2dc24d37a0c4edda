-- staging.reference_programme_facts: programme constants the checks compare against (seeds/reference).
-- grain: one row per fact (programme_start, last_known_wave, population_bound, tolerances, ...).
-- inputs: seeds/reference/programme_facts.csv, found through the `seeds_dir` DuckDB variable
--   (`set variable seeds_dir = '<repo>/seeds'` before building models; defaults to ./seeds).
with source as (
    select *
    from read_csv(
        coalesce(getvariable('seeds_dir'), 'seeds') || '/reference/programme_facts.csv',
        header = true,
        all_varchar = true
    )
),

final as (
    select
        cast(fact as varchar) as fact,
        cast(value as varchar) as value,
        cast(unit as varchar) as unit,
        cast(note as varchar) as note,
        cast(version as integer) as version
    from source
)

select * from final
