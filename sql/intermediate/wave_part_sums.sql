-- intermediate.wave_part_sums: each wave range against the two largest disjoint wave ranges inside it.
-- grain: one row per (whole figure_id, comparison) where comparison is same_article (all three figures in
--   the whole's article) or across_articles (the largest pair anywhere, when not all in the whole's article),
--   and only when two disjoint parts exist.
-- Rule: each figure over a wave range (the whole) against the two disjoint wave ranges inside it (wave 1 and
--   wave 3 inside waves 1-3) of the same metric, dated no later than the whole, whose lower bounds add up to
--   the most, once within its own article and once across all articles; the parts cannot add up to more than
--   the whole.
-- inputs: intermediate.count_bounds.
-- Largest pair: parts that break the whole make the largest pair break it too, so every whole figure that
--   is exceeded is found, one row per whole instead of one per triple.
-- Cost: within an article, all triples (an article has few figures). Across articles, each part span keeps
--   a running maximum of lower bounds over dates (window function); each distinct (metric, unit, scope,
--   span, date) of the wholes meets the spans inside it by an ASOF join on the date, and the best second
--   part after each first part comes from a running maximum over the spans' first waves and a second ASOF
--   join: figures times log plus the vocabulary of spans and dates, never triples. When the largest pair
--   lies in the whole's own article the across row is left out (the same-article row already holds a pair
--   at least as large).
with bounds as (
    select *
    from intermediate.count_bounds
    where
        wave_from is not null
),

same_article_largest as (
    select
        whole.figure_id as whole_figure_id,
        first_part.figure_id as first_part_figure_id,
        second_part.figure_id as second_part_figure_id
    from bounds as whole
    inner join bounds as first_part
        on first_part.article_id = whole.article_id
        and first_part.metric = whole.metric
        and first_part.unit = whole.unit
        and first_part.scope = whole.scope
        and first_part.effective_date <= whole.effective_date
        and first_part.wave_lo >= whole.wave_lo
    inner join bounds as second_part
        on second_part.article_id = whole.article_id
        and second_part.metric = whole.metric
        and second_part.unit = whole.unit
        and second_part.scope = whole.scope
        and second_part.effective_date <= whole.effective_date
        and second_part.wave_hi <= whole.wave_hi
        and second_part.wave_lo > first_part.wave_hi
    qualify
        row_number() over (
            partition by whole.figure_id
            order by first_part.lower_bound + second_part.lower_bound desc, first_part.figure_id,
                second_part.figure_id
        ) = 1
),

-- the largest lower bound of each part span at or before each date
part_prefix as (
    select
        metric,
        unit,
        scope,
        wave_lo,
        wave_hi,
        effective_date,
        max(lower_bound) over span_dates as lower_bound,
        arg_max(figure_id, lower_bound) over span_dates as figure_id
    from bounds
    window span_dates as (
        partition by metric, unit, scope, wave_lo, wave_hi
        order by effective_date
        range between unbounded preceding and current row
    )
    qualify row_number() over (partition by metric, unit, scope, wave_lo, wave_hi, effective_date) = 1
),

whole_keys as (
    select distinct metric, unit, scope, wave_lo, wave_hi, effective_date
    from bounds
),

spans as (
    select distinct metric, unit, scope, wave_lo, wave_hi
    from bounds
),

inside as (
    select
        whole_keys.*,
        spans.wave_lo as part_wave_lo,
        spans.wave_hi as part_wave_hi
    from whole_keys
    inner join spans
        on spans.metric = whole_keys.metric
        and spans.unit = whole_keys.unit
        and spans.scope = whole_keys.scope
        and spans.wave_lo >= whole_keys.wave_lo
        and spans.wave_hi <= whole_keys.wave_hi
        and (spans.wave_lo, spans.wave_hi) <> (whole_keys.wave_lo, whole_keys.wave_hi)
),

-- the largest part of each span inside each whole key, dated no later than the whole
part_values as (
    select
        inside.*,
        part_prefix.lower_bound as part_lower_bound,
        part_prefix.figure_id as part_figure_id
    from inside
    asof inner join part_prefix
        on part_prefix.metric = inside.metric
        and part_prefix.unit = inside.unit
        and part_prefix.scope = inside.scope
        and part_prefix.wave_lo = inside.part_wave_lo
        and part_prefix.wave_hi = inside.part_wave_hi
        and part_prefix.effective_date <= inside.effective_date
),

-- the largest part starting at or after each part's first wave, per whole key
later_parts as (
    select
        metric,
        unit,
        scope,
        wave_lo,
        wave_hi,
        effective_date,
        part_wave_lo,
        max_by(
            {'lower_bound': part_lower_bound, 'figure_id': part_figure_id}, part_lower_bound
        ) over (
            partition by metric, unit, scope, wave_lo, wave_hi, effective_date
            order by part_wave_lo desc
            range between unbounded preceding and current row
        ) as best
    from part_values
    qualify
        row_number() over (
            partition by metric, unit, scope, wave_lo, wave_hi, effective_date, part_wave_lo
        ) = 1
),

key_largest as (
    select
        part_values.metric,
        part_values.unit,
        part_values.scope,
        part_values.wave_lo,
        part_values.wave_hi,
        part_values.effective_date,
        arg_max(
            [part_values.part_figure_id, later_parts.best.figure_id],
            part_values.part_lower_bound + later_parts.best.lower_bound
        ) as part_figure_ids
    from part_values
    asof inner join later_parts
        on later_parts.metric = part_values.metric
        and later_parts.unit = part_values.unit
        and later_parts.scope = part_values.scope
        and later_parts.wave_lo = part_values.wave_lo
        and later_parts.wave_hi = part_values.wave_hi
        and later_parts.effective_date = part_values.effective_date
        and later_parts.part_wave_lo >= part_values.part_wave_hi + 1
    group by all
),

across_articles_largest as (
    select
        whole.figure_id as whole_figure_id,
        key_largest.part_figure_ids[1] as first_part_figure_id,
        key_largest.part_figure_ids[2] as second_part_figure_id
    from bounds as whole
    inner join key_largest
        on key_largest.metric = whole.metric
        and key_largest.unit = whole.unit
        and key_largest.scope = whole.scope
        and key_largest.wave_lo = whole.wave_lo
        and key_largest.wave_hi = whole.wave_hi
        and key_largest.effective_date = whole.effective_date
),

largest as (
    select *, 'same_article' as comparison from same_article_largest
    union all
    select across_articles_largest.*, 'across_articles' as comparison
    from across_articles_largest
    inner join bounds as whole on whole.figure_id = across_articles_largest.whole_figure_id
    inner join bounds as first_part on first_part.figure_id = across_articles_largest.first_part_figure_id
    inner join bounds as second_part on second_part.figure_id = across_articles_largest.second_part_figure_id
    where not (whole.article_id = first_part.article_id and whole.article_id = second_part.article_id)
),

triples as (
    select
        largest.comparison,
        whole.figure_id as whole_figure_id,
        first_part.figure_id as first_part_figure_id,
        second_part.figure_id as second_part_figure_id,
        whole.article_id = first_part.article_id and whole.article_id = second_part.article_id
            as same_article,
        first_part.lower_bound + second_part.lower_bound > whole.upper_bound as violates,
        [whole.figure_id, first_part.figure_id, second_part.figure_id] as figure_ids,
        [whole.article_id, first_part.article_id, second_part.article_id] as article_ids,
        [whole.source_label, first_part.source_label, second_part.source_label] as outlets,
        [whole.evidence, first_part.evidence, second_part.evidence] as evidence,
        'the largest parts ' || replace(largest.comparison, '_', ' ') || ' ' || first_part.label || ' + '
        || second_part.label
        || case
            when first_part.lower_bound + second_part.lower_bound > whole.upper_bound
                then ' add up to more than '
            else ' fit within '
        end
        || 'the whole ' || whole.label as detail
    from largest
    inner join bounds as whole on whole.figure_id = largest.whole_figure_id
    inner join bounds as first_part on first_part.figure_id = largest.first_part_figure_id
    inner join bounds as second_part on second_part.figure_id = largest.second_part_figure_id
),

final as (
    select
        cast(md5(concat_ws('|', 'wave_parts', comparison, whole_figure_id)) as varchar) as check_key,
        cast(comparison as varchar) as comparison,
        cast(whole_figure_id as varchar) as whole_figure_id,
        cast(first_part_figure_id as varchar) as first_part_figure_id,
        cast(second_part_figure_id as varchar) as second_part_figure_id,
        cast(same_article as boolean) as same_article,
        cast(coalesce(violates, false) as boolean) as violates,
        cast(coalesce(violates, false) and same_article as boolean) as violates_same_article,
        cast(coalesce(violates, false) and not same_article as boolean) as violates_across_articles,
        cast(figure_ids as varchar[]) as figure_ids,
        cast(article_ids as varchar[]) as article_ids,
        cast(outlets as varchar[]) as outlets,
        cast(evidence as varchar[]) as evidence,
        cast(detail as varchar) as detail
    from triples
)

select * from final
