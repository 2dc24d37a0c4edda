-- intermediate.scheme_part_sums: the parts of a benefit an article states, added up against its stated total.
-- grain: one row per article stating a benefit total that matches a scheme (staging.reference_incentive_schemes)
--   and all three of its parts (training budget, post-training incentive, survey incentive).
-- Rule: training budget + post-training incentive (times the scheme's payments when stated per month) +
--   survey incentive (times the scheme's surveys when stated per survey) equals the total within
--   scheme_sum_tolerance. Each part is the one stated nearest the total in the article.
-- inputs: intermediate.figure_bounds, staging.reference_incentive_schemes, staging.reference_programme_facts.
-- incremental by article_id: a row adds up figures of one article (joined and ranked by article_id) and lists it in article_ids (see warehouse.py).
with facts as (
    select max(case when fact = 'scheme_sum_tolerance' then cast(value as double) end) as tolerance
    from staging.reference_programme_facts
),

totals as (
    select
        bounds.*,
        schemes.scheme,
        schemes.post_training_payments,
        schemes.surveys
    from intermediate.figure_bounds as bounds
    inner join staging.reference_incentive_schemes as schemes
        on bounds.value = schemes.per_participant_idr
    where bounds.metric = 'incentive_per_participant' and bounds.unit = 'IDR'
    qualify row_number() over (partition by bounds.article_id order by bounds.start, bounds.figure_id) = 1
),

parts as (
    select
        totals.figure_id as total_figure_id,
        part.metric,
        part.figure_id,
        part.label,
        part.evidence,
        case
            when part.metric = 'post_training_incentive' and part.basis = 'per_month'
                then part.value * totals.post_training_payments
            when part.metric = 'survey_incentive' and part.basis = 'per_survey'
                then part.value * totals.surveys
            else part.value
        end as amount
    from totals
    inner join intermediate.figure_bounds as part
        on part.article_id = totals.article_id
        and part.unit = 'IDR'
        and part.metric in ('training_budget_per_participant', 'post_training_incentive', 'survey_incentive')
    qualify
        row_number() over (
            partition by totals.figure_id, part.metric order by abs(part.start - totals.start), part.figure_id
        ) = 1
),

sums as (
    select
        total_figure_id,
        count(*) as parts,
        sum(amount) as parts_sum,
        list(figure_id order by metric) as part_ids,
        list(label order by metric) as part_labels,
        list(evidence order by metric) as part_evidence,
        string_agg(metric || ' ' || format('{:,.0f}', amount), ' + ' order by metric) as addition
    from parts
    group by total_figure_id
    having count(*) = 3
),

final as (
    select
        cast(totals.figure_id as varchar) as check_key,
        cast(totals.scheme as varchar) as scheme,
        cast(sums.parts_sum as double) as parts_sum,
        cast(totals.value as double) as stated_total,
        abs(sums.parts_sum - totals.value) > totals.value * facts.tolerance as parts_miss_total,
        cast(list_concat(sums.part_ids, [totals.figure_id]) as varchar[]) as figure_ids,
        cast([totals.article_id] as varchar[]) as article_ids,
        cast([totals.source_label] as varchar[]) as outlets,
        cast(list_concat([totals.evidence], sums.part_evidence) as varchar[]) as evidence,
        cast(
            'the parts of the ' || format('{:,.0f}', totals.value) || ' benefit (' || totals.scheme || ') add up to '
            || format('{:,.0f}', sums.parts_sum) || ': ' || sums.addition || ' in ' || totals.doc || ' ('
            || totals.source_label || ')' as varchar
        ) as detail
    from totals
    cross join facts
    inner join sums on sums.total_figure_id = totals.figure_id
)

select * from final
