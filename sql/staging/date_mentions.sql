-- staging.date_mentions: date mentions typed, with the article's outlet, for the weekday check.
-- grain: one row per date mention; mention_id = md5(article_id, start, end).
-- inputs: raw.date_mentions, raw.article_meta.
-- incremental by article_id: a row depends on its own article's raw rows only (see warehouse.py).
with mentions as (
    select * from raw.date_mentions
),

meta as (
    select * from raw.article_meta
),

final as (
    select
        md5(concat_ws('|', mentions.article_id, mentions.start, mentions."end")) as mention_id,
        mentions.article_id,
        mentions.doc,
        meta.outlet,
        mentions.text,
        cast(mentions.start as bigint) as start,
        cast(mentions."end" as bigint) as "end",
        mentions.weekday_stated,
        mentions.date,
        try_cast(mentions.date as date) as mentioned_date,
        mentions.weekday_actual,
        mentions.consistent
    from mentions
    left join meta using (article_id)
)

select * from final
