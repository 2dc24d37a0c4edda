-- intermediate.unit_conflicts: one figure stated in two units in one article (persons and accounts).
-- grain: one row per (article, metric, value) stated with more than one unit.
-- Rule: the same value of the same metric in one article carries one unit; registrants as 122.616.000
--   'orang' and 122.616.000 'user' cannot both be right (people are not accounts).
-- inputs: intermediate.figure_bounds.
-- incremental by article_id: a row groups figures of one article (grouped by article_id) and lists it in article_ids (see warehouse.py).
with stated as (
    select
        article_id,
        doc,
        source_label,
        metric,
        value,
        count(distinct unit) as units,
        list(distinct unit order by unit) as unit_list,
        list(figure_id order by start) as figure_ids,
        list(evidence order by start) as evidence
    from intermediate.figure_bounds
    where unit is not null and value is not null
    group by article_id, doc, source_label, metric, value
    having count(*) > 1
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
