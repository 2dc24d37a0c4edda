-- intermediate.cumulative_pairs: cumulative counts (from wave 1, or all waves so far) of the same metric,
--   unit and scope, ordered so that the later one covers no fewer waves and no earlier date; cumulative
--   counts only grow, so the later one must not be smaller (recipients of waves 1-10 in Nov 2020 cannot
--   exceed recipients of waves 1-11 in Sep 2021). Ranges not starting at wave 1 (waves 12-21) are not
--   cumulative and are left out.
-- grain: one row per (earlier figure_id, later figure_id).
-- inputs: intermediate.figure_bounds.
with bounds as (
    select *
    from intermediate.figure_bounds
    where
        basis = 'total'
        and unit in ('persons', 'accounts')
        and is_cumulative
        and effective_date is not null
        and metric in (
            'registrants', 'registrants_verified', 'recipients', 'training_started', 'training_completed',
            'incentive_recipients'
        )
),

pairs as (
    select
        earlier.figure_id as earlier_figure_id,
        later.figure_id as later_figure_id,
        earlier.article_id = later.article_id as same_article,
        earlier.lower_bound > later.upper_bound as violates,
        [earlier.figure_id, later.figure_id] as figure_ids,
        [earlier.article_id, later.article_id] as article_ids,
        [earlier.source_label, later.source_label] as outlets,
        [earlier.evidence, later.evidence] as evidence,
        case
            when earlier.lower_bound > later.upper_bound then 'cumulative count falls: '
            else 'cumulative count holds: '
        end
        || earlier.label || ' then ' || later.label as detail
    from bounds as earlier
    inner join bounds as later
        on later.metric = earlier.metric
        and later.unit = earlier.unit
        and later.scope = earlier.scope
        and later.wave_hi >= earlier.wave_hi
        and later.effective_date >= earlier.effective_date
        and (later.wave_hi > earlier.wave_hi or later.effective_date > earlier.effective_date)
),

final as (
    select
        cast(md5(concat_ws('|', 'cumulative', earlier_figure_id, later_figure_id)) as varchar) as check_key,
        cast(earlier_figure_id as varchar) as earlier_figure_id,
        cast(later_figure_id as varchar) as later_figure_id,
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
