-- staging.figures: typed figure mentions with their article's outlet and publication date.
-- grain: one row per figure mention; figure_id = md5(article_id, start, end, metric).
-- inputs: raw.figure_mentions, raw.article_meta.
-- incremental by article_id: a row depends on its own article's raw rows only (see warehouse.py).
with mentions as (
    select * from raw.figure_mentions
),

meta as (
    select * from raw.article_meta
),

final as (
    select
        md5(concat_ws('|', mentions.article_id, mentions.start, mentions."end", mentions.metric))
            as figure_id,
        mentions.article_id,
        mentions.doc,
        meta.outlet,
        meta.published_date,
        mentions.metric,
        cast(mentions.value as double) as value,
        mentions.unit,
        mentions.qualifier,
        cast(mentions.wave_from as integer) as wave_from,
        cast(mentions.wave_to as integer) as wave_to,
        cast(mentions.period_year as integer) as period_year,
        mentions.as_of,
        -- as_of may be a whole date or only a month ('2021-02'): the first day stands for the month.
        try_cast(
            case when length(mentions.as_of) = 7 then mentions.as_of || '-01' else mentions.as_of end
            as date
        ) as as_of_date,
        mentions.scope,
        mentions.basis,
        mentions.evidence,
        cast(mentions.start as bigint) as start,
        cast(mentions."end" as bigint) as "end",
        mentions.rule
    from mentions
    left join meta using (article_id)
)

select * from final
