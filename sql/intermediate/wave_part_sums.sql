-- intermediate.wave_part_sums: two disjoint wave ranges inside an enclosing range of the same metric
--   (wave 1 and wave 3 inside waves 1-3); the parts, dated no later than the whole, cannot add up to more.
-- grain: one row per (whole figure_id, first part figure_id, second part figure_id).
-- inputs: intermediate.figure_bounds.
with bounds as (
    select *
    from intermediate.figure_bounds
    where
        basis = 'total'
        and unit in ('persons', 'accounts')
        and wave_from is not null
        and metric in (
            'registrants', 'registrants_verified', 'recipients', 'training_started', 'training_completed',
            'incentive_recipients'
        )
),

triples as (
    select
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
        'parts ' || first_part.label || ' + ' || second_part.label
        || case
            when first_part.lower_bound + second_part.lower_bound > whole.upper_bound then ' add up to more than '
            else ' fit within '
        end
        || 'the whole ' || whole.label as detail
    from bounds as whole
    inner join bounds as first_part
        on first_part.metric = whole.metric
        and first_part.unit = whole.unit
        and first_part.scope = whole.scope
        and first_part.effective_date <= whole.effective_date
        and first_part.wave_lo >= whole.wave_lo
    inner join bounds as second_part
        on second_part.metric = whole.metric
        and second_part.unit = whole.unit
        and second_part.scope = whole.scope
        and second_part.effective_date <= whole.effective_date
        and second_part.wave_hi <= whole.wave_hi
        and second_part.wave_lo > first_part.wave_hi
),

final as (
    select
        cast(
            md5(concat_ws('|', 'wave_parts', whole_figure_id, first_part_figure_id, second_part_figure_id))
            as varchar
        ) as check_key,
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
