-- intermediate.cumulative_pairs: each cumulative count against the largest earlier count of its own article.
-- grain: one row per later figure_id, only when an earlier figure of the same article exists.
-- Rule: each cumulative count (from wave 1, or all waves so far) against the largest earlier cumulative
--   count of the same metric, unit and scope within its own article. Earlier means covering no more waves
--   and dated no later, and not the same (waves, date); cumulative counts only grow, so the later one must
--   not be smaller (recipients of waves 1-10 in Nov 2020 cannot exceed recipients of waves 1-11 in Sep 2021).
--   Ranges not starting at wave 1 (waves 12-21) are not cumulative and are left out.
--   'sekitar' hedges rounding, not direction: a later 'about' count whose stated value is below an earlier
--   exact or 'about' count falls too ("sekitar 5,5 juta" for waves 1-11 after 5,59 juta for waves 1-10).
--   Across articles, counts are judged by their claims' consensus (intermediate.claims) and the cumulative
--   timeline (intermediate.metric_timeline), not pair by pair.
-- inputs: intermediate.count_bounds.
-- incremental by article_id: a row compares figures of one article (joined on article_id) and lists it in article_ids (see warehouse.py).
-- Largest: the earlier figure with the greatest lower bound (ties: smallest figure_id); a later figure
--   smaller than any earlier one is smaller than the largest, so every fall is found, one row per later
--   figure instead of one per pair. Cost: all pairs within each article (an article has few figures).
with bounds as (
    select *
    from intermediate.count_bounds
    where
        is_cumulative
),

largest as (
    select
        earlier.figure_id as earlier_figure_id,
        later.figure_id as later_figure_id
    from bounds as later
    inner join bounds as earlier
        on earlier.article_id = later.article_id
        and earlier.metric = later.metric
        and earlier.unit = later.unit
        and earlier.scope = later.scope
        and later.wave_hi >= earlier.wave_hi
        and later.effective_date >= earlier.effective_date
        and (later.wave_hi > earlier.wave_hi or later.effective_date > earlier.effective_date)
    qualify
        row_number() over (
            partition by later.figure_id order by earlier.lower_bound desc, earlier.figure_id
        ) = 1
),

pairs as (
    select
        earlier.figure_id as earlier_figure_id,
        later.figure_id as later_figure_id,
        earlier.lower_bound > later.upper_bound
        or (
            later.qualifier = 'about'
            and earlier.qualifier in ('exact', 'about')
            and earlier.value > later.value
        ) as violates,
        [earlier.figure_id, later.figure_id] as figure_ids,
        [earlier.article_id, later.article_id] as article_ids,
        [earlier.source_label, later.source_label] as outlets,
        [earlier.evidence, later.evidence] as evidence,
        earlier.label,
        later.label as later_label
    from largest
    inner join bounds as earlier on earlier.figure_id = largest.earlier_figure_id
    inner join bounds as later on later.figure_id = largest.later_figure_id
),

final as (
    select
        -- 'same_article' stays in the key so keys match those of earlier runs
        cast(md5(concat_ws('|', 'cumulative', 'same_article', later_figure_id)) as varchar) as check_key,
        cast(earlier_figure_id as varchar) as earlier_figure_id,
        cast(later_figure_id as varchar) as later_figure_id,
        cast(coalesce(violates, false) as boolean) as violates_same_article,
        cast(figure_ids as varchar[]) as figure_ids,
        cast(article_ids as varchar[]) as article_ids,
        cast(outlets as varchar[]) as outlets,
        cast(evidence as varchar[]) as evidence,
        cast(
            case
                when coalesce(violates, false) then 'cumulative count falls: '
                else 'cumulative count holds: '
            end
            || 'the largest earlier figure same article ' || label || ' then ' || later_label as varchar
        ) as detail
    from pairs
)

select * from final
