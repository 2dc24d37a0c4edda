-- intermediate.outlet_agreement_pairs: the same figure (metric, unit, scope, basis, waves, year) reported by
--   two different sources within a few days; they conflict when their qualifier intervals, widened by the
--   agreement tolerance, do not overlap. A conflict names both sources.
-- grain: one row per unordered pair of figures (first figure_id < second figure_id).
-- inputs: intermediate.figure_bounds, staging.reference_programme_facts.
with bounds as (
    select * from intermediate.figure_bounds
),

facts as (
    select
        max(case when fact = 'agreement_tolerance' then cast(value as double) end) as tolerance,
        max(case when fact = 'agreement_window_days' then cast(value as integer) end) as window_days
    from staging.reference_programme_facts
),

pairs as (
    select
        first_figure.figure_id as first_figure_id,
        second_figure.figure_id as second_figure_id,
        first_figure.lower_bound > second_figure.upper_bound * (1 + facts.tolerance)
        or second_figure.lower_bound > first_figure.upper_bound * (1 + facts.tolerance) as violates,
        [first_figure.figure_id, second_figure.figure_id] as figure_ids,
        [first_figure.article_id, second_figure.article_id] as article_ids,
        [first_figure.source_label, second_figure.source_label] as outlets,
        [first_figure.evidence, second_figure.evidence] as evidence,
        first_figure.source_label || ' and ' || second_figure.source_label
        || case
            when first_figure.lower_bound > second_figure.upper_bound * (1 + facts.tolerance)
                or second_figure.lower_bound > first_figure.upper_bound * (1 + facts.tolerance)
                then ' conflict: '
            else ' agree: '
        end
        || first_figure.label || ' vs ' || second_figure.label as detail
    from bounds as first_figure
    cross join facts
    inner join bounds as second_figure
        on second_figure.figure_id > first_figure.figure_id
        and second_figure.article_id <> first_figure.article_id
        and second_figure.source_label <> first_figure.source_label
        and second_figure.metric = first_figure.metric
        and second_figure.unit = first_figure.unit
        and second_figure.scope = first_figure.scope
        and second_figure.basis = first_figure.basis
        and second_figure.wave_from is not distinct from first_figure.wave_from
        and second_figure.wave_to is not distinct from first_figure.wave_to
        and second_figure.period_year is not distinct from first_figure.period_year
        and abs(date_diff('day', first_figure.effective_date, second_figure.effective_date))
        <= facts.window_days
),

final as (
    select
        cast(md5(concat_ws('|', 'agreement', first_figure_id, second_figure_id)) as varchar) as check_key,
        cast(first_figure_id as varchar) as first_figure_id,
        cast(second_figure_id as varchar) as second_figure_id,
        cast(coalesce(violates, false) as boolean) as violates,
        cast(figure_ids as varchar[]) as figure_ids,
        cast(article_ids as varchar[]) as article_ids,
        cast(outlets as varchar[]) as outlets,
        cast(evidence as varchar[]) as evidence,
        cast(detail as varchar) as detail
    from pairs
)

select * from final
