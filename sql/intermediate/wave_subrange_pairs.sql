-- intermediate.wave_subrange_pairs: a figure over a wave sub-range against the same metric over an
--   enclosing range (wave 3 against waves I-III); the enclosing count, dated no earlier, must be at least
--   as large. Pairs where both ranges start at wave 1 belong to intermediate.cumulative_pairs.
-- grain: one row per (inner figure_id, outer figure_id).
-- inputs: intermediate.figure_bounds.
with bounds as (
    select *
    from intermediate.figure_bounds
    where
        basis = 'total'
        and unit in ('persons', 'accounts')
        and wave_from is not null
        -- counts that only grow: a later count over more waves can never be smaller
        and metric in (
            'registrants', 'registrants_verified', 'recipients', 'training_started', 'training_completed',
            'incentive_recipients'
        )
),

pairs as (
    select
        inner_figure.figure_id as inner_figure_id,
        outer_figure.figure_id as outer_figure_id,
        inner_figure.article_id = outer_figure.article_id as same_article,
        inner_figure.lower_bound > outer_figure.upper_bound as violates,
        [inner_figure.figure_id, outer_figure.figure_id] as figure_ids,
        [inner_figure.article_id, outer_figure.article_id] as article_ids,
        [inner_figure.source_label, outer_figure.source_label] as outlets,
        [inner_figure.evidence, outer_figure.evidence] as evidence,
        inner_figure.label
        || case when inner_figure.lower_bound > outer_figure.upper_bound then ' exceeds ' else ' <= ' end
        || 'its enclosing range ' || outer_figure.label as detail
    from bounds as inner_figure
    inner join bounds as outer_figure
        on outer_figure.metric = inner_figure.metric
        and outer_figure.unit = inner_figure.unit
        and outer_figure.scope = inner_figure.scope
        and outer_figure.effective_date >= inner_figure.effective_date
        and outer_figure.wave_lo <= inner_figure.wave_lo
        and outer_figure.wave_hi >= inner_figure.wave_hi
        and (outer_figure.wave_lo, outer_figure.wave_hi) <> (inner_figure.wave_lo, inner_figure.wave_hi)
    where not (inner_figure.wave_lo = 1 and outer_figure.wave_lo = 1)
),

final as (
    select
        cast(md5(concat_ws('|', 'wave_subrange', inner_figure_id, outer_figure_id)) as varchar) as check_key,
        cast(inner_figure_id as varchar) as inner_figure_id,
        cast(outer_figure_id as varchar) as outer_figure_id,
        cast(same_article as boolean) as same_article,
        cast(coalesce(violates, false) as boolean) as violates,
        cast(coalesce(violates, false) and same_article as boolean) as violates_same_article,
        cast(coalesce(violates, false) and not same_article as boolean) as violates_across_articles,
        cast(figure_ids as varchar[]) as figure_ids,
        cast(article_ids as varchar[]) as article_ids,
        cast(outlets as varchar[]) as outlets,
        cast(evidence as varchar[]) as evidence,
        cast(detail as varchar) as detail
    from pairs
)

select * from final
