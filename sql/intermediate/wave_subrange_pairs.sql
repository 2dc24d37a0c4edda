-- intermediate.wave_subrange_pairs: each wave sub-range against the tightest enclosing wave range of its
--   own article.
-- grain: one row per inner figure_id, only when an enclosing figure exists in the inner figure's article.
-- Rule: each figure over a wave sub-range against the tightest figure of the same metric over an enclosing
--   range (wave 3 against waves I-III) within its own article; the enclosing count, dated no earlier, must be
--   at least as large. Pairs where both ranges start at wave 1 belong to intermediate.cumulative_pairs.
--   Across articles, figures are judged by their claims' consensus (intermediate.claims) and the cumulative
--   timeline (intermediate.metric_timeline), not pair by pair.
-- inputs: intermediate.count_bounds.
-- incremental by article_id: a row compares figures of one article (joined on article_id) and lists it in article_ids (see warehouse.py).
-- Comparable: the same metric, unit and scope, basis total, the outer figure dated no earlier than the inner,
--   its wave span strictly enclosing the inner's. Tightest: the least upper bound (ties: smallest figure_id);
--   an inner figure that exceeds any enclosing figure also exceeds the tightest, so every violating inner
--   figure is found, with one row instead of one per pair. Cost: all pairs within each article.
with bounds as (
    select *
    from intermediate.count_bounds
    where
        wave_from is not null
),

tightest as (
    select
        inner_figure.figure_id as inner_figure_id,
        outer_figure.figure_id as outer_figure_id
    from bounds as inner_figure
    inner join bounds as outer_figure
        on outer_figure.article_id = inner_figure.article_id
        and outer_figure.metric = inner_figure.metric
        and outer_figure.unit = inner_figure.unit
        and outer_figure.scope = inner_figure.scope
        and outer_figure.effective_date >= inner_figure.effective_date
        and outer_figure.wave_lo <= inner_figure.wave_lo
        and outer_figure.wave_hi >= inner_figure.wave_hi
        and (outer_figure.wave_lo, outer_figure.wave_hi) <> (inner_figure.wave_lo, inner_figure.wave_hi)
    where not (inner_figure.wave_lo = 1 and outer_figure.wave_lo = 1)
    qualify
        row_number() over (
            partition by inner_figure.figure_id order by outer_figure.upper_bound, outer_figure.figure_id
        ) = 1
),

pairs as (
    select
        inner_figure.figure_id as inner_figure_id,
        outer_figure.figure_id as outer_figure_id,
        inner_figure.lower_bound > outer_figure.upper_bound as violates,
        [inner_figure.figure_id, outer_figure.figure_id] as figure_ids,
        [inner_figure.article_id, outer_figure.article_id] as article_ids,
        [inner_figure.source_label, outer_figure.source_label] as outlets,
        [inner_figure.evidence, outer_figure.evidence] as evidence,
        inner_figure.label
        || case when inner_figure.lower_bound > outer_figure.upper_bound then ' exceeds ' else ' <= ' end
        || 'its tightest enclosing range same article ' || outer_figure.label as detail
    from tightest
    inner join bounds as inner_figure on inner_figure.figure_id = tightest.inner_figure_id
    inner join bounds as outer_figure on outer_figure.figure_id = tightest.outer_figure_id
),

final as (
    select
        -- 'same_article' stays in the key so keys match those of earlier runs
        cast(md5(concat_ws('|', 'wave_subrange', 'same_article', inner_figure_id)) as varchar) as check_key,
        cast(inner_figure_id as varchar) as inner_figure_id,
        cast(outer_figure_id as varchar) as outer_figure_id,
        cast(coalesce(violates, false) as boolean) as violates_same_article,
        cast(figure_ids as varchar[]) as figure_ids,
        cast(article_ids as varchar[]) as article_ids,
        cast(outlets as varchar[]) as outlets,
        cast(evidence as varchar[]) as evidence,
        cast(detail as varchar) as detail
    from pairs
)

select * from final
