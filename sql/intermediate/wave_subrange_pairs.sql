-- intermediate.wave_subrange_pairs: each wave sub-range against the tightest enclosing wave range.
-- grain: one row per (inner figure_id, comparison) where comparison is same_article or across_articles, and
--   only when an enclosing figure exists.
-- Rule: each figure over a wave sub-range against the tightest figure of the same metric over an enclosing
--   range (wave 3 against waves I-III), once within its own article and once across the other articles; the
--   enclosing count, dated no earlier, must be at least as large. Pairs where both ranges start at wave 1
--   belong to intermediate.cumulative_pairs.
-- inputs: intermediate.count_bounds.
-- Comparable: the same metric, unit and scope, basis total, the outer figure dated no earlier than the inner,
--   its wave span strictly enclosing the inner's. Tightest: the least upper bound (ties: smallest figure_id);
--   an inner figure that exceeds any enclosing figure also exceeds the tightest, so every violating inner
--   figure is found, with one row instead of one per pair.
-- Cost: within an article, all pairs. Across articles, the three least upper bounds at or after each date
--   per (metric, unit, scope, wave span, article-day) are a window over dates; each distinct (metric, unit,
--   scope, wave span, date) of the inner figures meets every enclosing span by an ASOF join on the date, so
--   the work grows with figures times log plus the vocabulary of spans and dates, never with pairs. The
--   inner figure's own article is skipped among the three; an article holding the three least on three days
--   hides a fourth article (accepted: it is then flagged within that article if the rule breaks there).
with bounds as (
    select *
    from intermediate.count_bounds
    where
        wave_from is not null
),

same_article_tightest as (
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

outer_days as (
    select
        metric,
        unit,
        scope,
        wave_lo,
        wave_hi,
        effective_date,
        article_id,
        min(upper_bound) as upper_bound,
        arg_min(figure_id, (upper_bound, figure_id)) as figure_id
    from bounds
    group by metric, unit, scope, wave_lo, wave_hi, effective_date, article_id
),

outer_suffix as (
    select
        metric,
        unit,
        scope,
        wave_lo,
        wave_hi,
        effective_date,
        min_by(
            {'upper_bound': upper_bound, 'figure_id': figure_id, 'article_id': article_id}, upper_bound, 3
        ) over (
            partition by metric, unit, scope, wave_lo, wave_hi
            order by effective_date desc
            range between unbounded preceding and current row
        ) as tightest
    from outer_days
    qualify row_number() over (partition by metric, unit, scope, wave_lo, wave_hi, effective_date) = 1
),

inner_keys as (
    select distinct metric, unit, scope, wave_lo, wave_hi, effective_date
    from bounds
),

spans as (
    select distinct metric, unit, scope, wave_lo, wave_hi
    from bounds
),

enclosing as (
    select
        inner_keys.*,
        spans.wave_lo as outer_wave_lo,
        spans.wave_hi as outer_wave_hi
    from inner_keys
    inner join spans
        on spans.metric = inner_keys.metric
        and spans.unit = inner_keys.unit
        and spans.scope = inner_keys.scope
        and spans.wave_lo <= inner_keys.wave_lo
        and spans.wave_hi >= inner_keys.wave_hi
        and (spans.wave_lo, spans.wave_hi) <> (inner_keys.wave_lo, inner_keys.wave_hi)
    where not (inner_keys.wave_lo = 1 and spans.wave_lo = 1)
),

key_candidates as (
    select
        enclosing.metric,
        enclosing.unit,
        enclosing.scope,
        enclosing.wave_lo,
        enclosing.wave_hi,
        enclosing.effective_date,
        flatten(list(outer_suffix.tightest)) as candidates
    from enclosing
    asof inner join outer_suffix
        on outer_suffix.metric = enclosing.metric
        and outer_suffix.unit = enclosing.unit
        and outer_suffix.scope = enclosing.scope
        and outer_suffix.wave_lo = enclosing.outer_wave_lo
        and outer_suffix.wave_hi = enclosing.outer_wave_hi
        and outer_suffix.effective_date >= enclosing.effective_date
    group by
        enclosing.metric, enclosing.unit, enclosing.scope, enclosing.wave_lo, enclosing.wave_hi,
        enclosing.effective_date
),

across_articles_tightest as (
    select
        inner_figure.figure_id as inner_figure_id,
        list_sort(
            list_filter(
                key_candidates.candidates, lambda candidate: candidate.article_id <> inner_figure.article_id
            )
        )[1].figure_id as outer_figure_id
    from bounds as inner_figure
    inner join key_candidates
        on key_candidates.metric = inner_figure.metric
        and key_candidates.unit = inner_figure.unit
        and key_candidates.scope = inner_figure.scope
        and key_candidates.wave_lo = inner_figure.wave_lo
        and key_candidates.wave_hi = inner_figure.wave_hi
        and key_candidates.effective_date = inner_figure.effective_date
),

tightest as (
    select *, 'same_article' as comparison from same_article_tightest
    union all
    select *, 'across_articles' as comparison
    from across_articles_tightest
    where outer_figure_id is not null
),

pairs as (
    select
        tightest.comparison,
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
        || 'its tightest enclosing range ' || replace(tightest.comparison, '_', ' ') || ' '
        || outer_figure.label as detail
    from tightest
    inner join bounds as inner_figure on inner_figure.figure_id = tightest.inner_figure_id
    inner join bounds as outer_figure on outer_figure.figure_id = tightest.outer_figure_id
),

final as (
    select
        cast(md5(concat_ws('|', 'wave_subrange', comparison, inner_figure_id)) as varchar) as check_key,
        cast(comparison as varchar) as comparison,
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
