-- intermediate.cumulative_pairs: each cumulative count against the largest earlier cumulative count.
-- grain: one row per (later figure_id, comparison) where comparison is same_article or across_articles, and
--   only when an earlier figure exists.
-- Rule: each cumulative count (from wave 1, or all waves so far) against the largest earlier cumulative
--   count of the same metric, unit and scope, once within its own article and once across the other articles.
--   Earlier means covering no more waves and dated no later, and not the same (waves, date); cumulative counts
--   only grow, so the later one must not be smaller (recipients of waves 1-10 in Nov 2020 cannot exceed
--   recipients of waves 1-11 in Sep 2021). Ranges not starting at wave 1 (waves 12-21) are not cumulative and
--   are left out.
--   Within one article, 'sekitar' hedges rounding, not direction: a later 'about' count whose stated value
--   is below an earlier exact or 'about' count of the same article falls too ("sekitar 5,5 juta" for waves 1-11 after 5,59 juta for waves 1-10).
-- inputs: intermediate.count_bounds.
-- Largest: the earlier figure with the greatest lower bound (ties: smallest figure_id); a later figure
--   smaller than any earlier one is smaller than the largest, so every fall is found, one row per later
--   figure instead of one per pair.
-- Cost: within an article, all pairs. Across articles, the three greatest lower bounds at or before each
--   date per (metric, unit, scope, last wave, article-day) are a running window over dates; each distinct
--   (metric, unit, scope, last wave, date) of the later figures meets every last wave up to its own by an
--   ASOF join on the date (dated at or before it for fewer waves, strictly before it for the same waves),
--   so the work grows with figures times log plus the vocabulary of waves and dates, never with pairs. The
--   later figure's own article is skipped among the three; an article holding the three greatest on three
--   days hides a fourth article (accepted: it is then flagged within that article if the count falls there).
with bounds as (
    select *
    from intermediate.count_bounds
    where
        is_cumulative
),

same_article_largest as (
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

earlier_days as (
    select
        metric,
        unit,
        scope,
        wave_hi,
        effective_date,
        article_id,
        max(lower_bound) as lower_bound,
        arg_max(figure_id, lower_bound) as figure_id
    from bounds
    group by metric, unit, scope, wave_hi, effective_date, article_id
),

-- the three greatest lower bounds at or before each date, per (metric, unit, scope, last wave)
earlier_prefix as (
    select
        metric,
        unit,
        scope,
        wave_hi,
        effective_date,
        max_by(
            {'lower_bound': lower_bound, 'figure_id': figure_id, 'article_id': article_id}, lower_bound, 3
        ) over (
            partition by metric, unit, scope, wave_hi
            order by effective_date
            range between unbounded preceding and current row
        ) as largest
    from earlier_days
    qualify row_number() over (partition by metric, unit, scope, wave_hi, effective_date) = 1
),

later_keys as (
    select distinct metric, unit, scope, wave_hi, effective_date
    from bounds
),

last_waves as (
    select distinct metric, unit, scope, wave_hi
    from bounds
),

fewer_waves as (
    select
        later_keys.*,
        last_waves.wave_hi as earlier_wave_hi
    from later_keys
    inner join last_waves
        on last_waves.metric = later_keys.metric
        and last_waves.unit = later_keys.unit
        and last_waves.scope = later_keys.scope
        and last_waves.wave_hi < later_keys.wave_hi
),

candidate_lists as (
    -- fewer waves, dated at or before
    select
        fewer_waves.metric,
        fewer_waves.unit,
        fewer_waves.scope,
        fewer_waves.wave_hi,
        fewer_waves.effective_date,
        earlier_prefix.largest
    from fewer_waves
    asof inner join earlier_prefix
        on earlier_prefix.metric = fewer_waves.metric
        and earlier_prefix.unit = fewer_waves.unit
        and earlier_prefix.scope = fewer_waves.scope
        and earlier_prefix.wave_hi = fewer_waves.earlier_wave_hi
        and earlier_prefix.effective_date <= fewer_waves.effective_date
    union all
    -- the same waves, dated strictly before
    select
        later_keys.metric,
        later_keys.unit,
        later_keys.scope,
        later_keys.wave_hi,
        later_keys.effective_date,
        earlier_prefix.largest
    from later_keys
    asof inner join earlier_prefix
        on earlier_prefix.metric = later_keys.metric
        and earlier_prefix.unit = later_keys.unit
        and earlier_prefix.scope = later_keys.scope
        and earlier_prefix.wave_hi = later_keys.wave_hi
        and earlier_prefix.effective_date < later_keys.effective_date
),

key_candidates as (
    select
        metric,
        unit,
        scope,
        wave_hi,
        effective_date,
        flatten(list(largest)) as candidates
    from candidate_lists
    group by metric, unit, scope, wave_hi, effective_date
),

across_articles_largest as (
    select
        list_sort(
            list_transform(
                list_filter(
                    key_candidates.candidates, lambda candidate: candidate.article_id <> later.article_id
                ),
                lambda candidate: {
                    'negated_lower_bound': -candidate.lower_bound, 'figure_id': candidate.figure_id
                }
            )
        )[1].figure_id as earlier_figure_id,
        later.figure_id as later_figure_id
    from bounds as later
    inner join key_candidates
        on key_candidates.metric = later.metric
        and key_candidates.unit = later.unit
        and key_candidates.scope = later.scope
        and key_candidates.wave_hi = later.wave_hi
        and key_candidates.effective_date = later.effective_date
),

largest as (
    select *, 'same_article' as comparison from same_article_largest
    union all
    select *, 'across_articles' as comparison
    from across_articles_largest
    where earlier_figure_id is not null
),

pairs as (
    select
        largest.comparison,
        earlier.figure_id as earlier_figure_id,
        later.figure_id as later_figure_id,
        earlier.article_id = later.article_id as same_article,
        earlier.lower_bound > later.upper_bound
        or (
            earlier.article_id = later.article_id
            and later.qualifier = 'about'
            and earlier.qualifier in ('exact', 'about')
            and earlier.value > later.value
        ) as violates,
        [earlier.figure_id, later.figure_id] as figure_ids,
        [earlier.article_id, later.article_id] as article_ids,
        [earlier.source_label, later.source_label] as outlets,
        [earlier.evidence, later.evidence] as evidence,
        case
            when earlier.lower_bound > later.upper_bound
                or (
                    earlier.article_id = later.article_id
                    and later.qualifier = 'about'
                    and earlier.qualifier in ('exact', 'about')
                    and earlier.value > later.value
                ) then 'cumulative count falls: '
            else 'cumulative count holds: '
        end
        || 'the largest earlier figure ' || replace(largest.comparison, '_', ' ') || ' ' || earlier.label
        || ' then ' || later.label as detail
    from largest
    inner join bounds as earlier on earlier.figure_id = largest.earlier_figure_id
    inner join bounds as later on later.figure_id = largest.later_figure_id
),

final as (
    select
        cast(md5(concat_ws('|', 'cumulative', comparison, later_figure_id)) as varchar) as check_key,
        cast(comparison as varchar) as comparison,
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
