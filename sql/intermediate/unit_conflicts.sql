-- intermediate.unit_conflicts: one figure stated in two units in one article (persons and accounts).
-- grain: one row per (article, metric, value) stated with more than one unit.
-- Rule: the same value of the same metric in one article carries one unit; registrants as 122.616.000
--   'orang' and 122.616.000 'user' cannot both be right (people are not accounts).
-- inputs: intermediate.figure_bounds.
-- incremental by article_id: a row groups figures of one article (grouped by article_id) and lists it in article_ids (see warehouse.py).
-- Repeated values are found first, so only their figures are listed (listing every group's evidence before
-- the count could drop it held ~9 million lists at 1.000.000 articles and ran out of DuckDB's memory).
with repeated as (
    select article_id, doc, source_label, metric, value
    from intermediate.figure_bounds
    where unit is not null and value is not null
    group by article_id, doc, source_label, metric, value
    having count(*) > 1
),

stated as (
    select
        bounds.article_id,
        bounds.doc,
        bounds.source_label,
        bounds.metric,
        bounds.value,
        count(distinct bounds.unit) as units,
        list(distinct bounds.unit order by bounds.unit) as unit_list,
        list(bounds.figure_id order by bounds.start) as figure_ids,
        list(bounds.evidence order by bounds.start) as evidence
    from intermediate.figure_bounds as bounds
    semi join repeated
        on repeated.article_id = bounds.article_id
        and repeated.doc is not distinct from bounds.doc
        and repeated.source_label is not distinct from bounds.source_label
        and repeated.metric is not distinct from bounds.metric
        and repeated.value = bounds.value
    where bounds.unit is not null and bounds.value is not null
    group by bounds.article_id, bounds.doc, bounds.source_label, bounds.metric, bounds.value
),

final as (
    select
        cast(md5(concat_ws('|', article_id, metric, value)) as varchar) as check_key,
        units > 1 as unit_differs,
        cast(figure_ids as varchar[]) as figure_ids,
        cast([article_id] as varchar[]) as article_ids,
        cast([source_label] as varchar[]) as outlets,
        cast(evidence as varchar[]) as evidence,
        cast(
            metric || ' ' || format('{:,.0f}', value) || ' is stated as ' || array_to_string(unit_list, ' and as ')
            || ' in ' || doc || ' (' || source_label || ')' as varchar
        ) as detail
    from stated
)

select * from final
