-- intermediate.metric_order_pairs: pairs of figures where one metric counts a subset of another
--   (recipients <= registrants, training_completed <= recipients, ...), within an article and across
--   articles by date; a pair violates when the lesser figure's lower bound exceeds the greater's upper bound.
-- grain: one row per (check_name, lesser figure_id, greater figure_id).
-- inputs: intermediate.figure_bounds.
-- Comparable only with the same unit (persons: 'accounts' count sign-ups by e-mail, not people), the same
--   scope (a district is never compared with national totals), basis total, the greater figure dated no
--   earlier than the lesser, and the greater figure's wave span covering the lesser's.
with bounds as (
    select * from intermediate.figure_bounds
),

rules as (
    select *
    from (
        values
            ('recipients', 'registrants', 'recipients_le_registrants'),
            ('registrants_verified', 'registrants', 'registrants_verified_le_registrants'),
            ('training_started', 'recipients', 'training_started_le_recipients'),
            ('training_completed', 'recipients', 'training_completed_le_recipients'),
            ('training_completed', 'training_started', 'training_completed_le_training_started'),
            ('incentive_recipients', 'recipients', 'incentive_recipients_le_recipients'),
            ('incentive_pending', 'recipients', 'incentive_pending_le_recipients')
    ) as rule (lesser_metric, greater_metric, check_name)
),

pairs as (
    select
        rules.check_name,
        lesser.figure_id as lesser_figure_id,
        greater.figure_id as greater_figure_id,
        lesser.article_id = greater.article_id as same_article,
        lesser.lower_bound > greater.upper_bound as violates,
        [lesser.figure_id, greater.figure_id] as figure_ids,
        [lesser.article_id, greater.article_id] as article_ids,
        [lesser.source_label, greater.source_label] as outlets,
        [lesser.evidence, greater.evidence] as evidence,
        lesser.label || case when lesser.lower_bound > greater.upper_bound then ' exceeds ' else ' <= ' end
        || greater.label as detail
    from rules
    inner join bounds as lesser on lesser.metric = rules.lesser_metric
    inner join bounds as greater
        on greater.metric = rules.greater_metric
        and greater.unit = lesser.unit
        and greater.scope = lesser.scope
        and greater.basis = lesser.basis
        and greater.effective_date >= lesser.effective_date
        and greater.wave_lo <= lesser.wave_lo
        and greater.wave_hi >= lesser.wave_hi
    where lesser.unit = 'persons' and lesser.basis = 'total'
),

final as (
    select
        cast(md5(concat_ws('|', check_name, lesser_figure_id, greater_figure_id)) as varchar) as check_key,
        cast(check_name as varchar) as check_name,
        cast(lesser_figure_id as varchar) as lesser_figure_id,
        cast(greater_figure_id as varchar) as greater_figure_id,
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
