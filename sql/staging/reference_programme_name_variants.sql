-- staging.reference_programme_name_variants: names used for the Kartu Prakerja card that are not its name.
-- grain: one row per variant; pattern and unless_context are regular expressions (RE2) over a sentence.
-- inputs: seeds/reference/programme_name_variants.csv, found through the `seeds_dir` DuckDB variable.
with source as (
    select *
    from read_csv(
        coalesce(getvariable('seeds_dir'), 'seeds') || '/reference/programme_name_variants.csv',
        header = true,
        all_varchar = true
    )
),

final as (
    select
        cast(variant as varchar) as variant,
        cast(pattern as varchar) as pattern,
        cast(unless_context as varchar) as unless_context,
        cast(note as varchar) as note
    from source
)

select * from final
