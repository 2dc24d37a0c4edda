-- intermediate.wave_part_sums: each wave range against the two largest disjoint wave ranges inside it, all
--   three in one article.
-- grain: one row per whole figure_id, only when two disjoint parts exist in the whole's article.
-- Rule: each figure over a wave range (the whole) against the two disjoint wave ranges inside it (wave 1 and
--   wave 3 inside waves 1-3) of the same metric and article, dated no later than the whole, whose lower
--   bounds add up to the most; the parts cannot add up to more than the whole. Across articles, figures are
--   judged by their claims' consensus (intermediate.claims) and the cumulative timeline
--   (intermediate.metric_timeline), not triple by triple.
-- inputs: intermediate.count_bounds.
-- incremental by article_id: a row compares figures of one article (joined on article_id) and lists it in article_ids (see warehouse.py).
-- Largest pair: parts that break the whole make the largest pair break it too, so every whole figure that
--   is exceeded is found, one row per whole instead of one per triple. Cost: all triples within each article
--   (an article has few figures).
with bounds as (
    select *
    from intermediate.count_bounds
    where
        wave_from is not null
),

largest as (
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

triples as (
    select
        whole.figure_id as whole_figure_id,
        first_part.figure_id as first_part_figure_id,
        second_part.figure_id as second_part_figure_id,
        first_part.lower_bound + second_part.lower_bound > whole.upper_bound as violates,
        [whole.figure_id, first_part.figure_id, second_part.figure_id] as figure_ids,
        [whole.article_id, first_part.article_id, second_part.article_id] as article_ids,
        [whole.source_label, first_part.source_label, second_part.source_label] as outlets,
        [whole.evidence, first_part.evidence, second_part.evidence] as evidence,
        'the largest parts same article ' || first_part.label || ' + ' || second_part.label
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
        -- 'same_article' stays in the key so keys match those of earlier runs
        cast(md5(concat_ws('|', 'wave_parts', 'same_article', whole_figure_id)) as varchar) as check_key,
        cast(whole_figure_id as varchar) as whole_figure_id,
        cast(first_part_figure_id as varchar) as first_part_figure_id,
        cast(second_part_figure_id as varchar) as second_part_figure_id,
        cast(coalesce(violates, false) as boolean) as violates_same_article,
        cast(figure_ids as varchar[]) as figure_ids,
        cast(article_ids as varchar[]) as article_ids,
        cast(outlets as varchar[]) as outlets,
        cast(evidence as varchar[]) as evidence,
        cast(detail as varchar) as detail
    from triples
)

select * from final
