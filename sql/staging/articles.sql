-- staging.articles: one row per ingested article with what the extractor read about it.
-- grain: one row per article_id.
-- inputs: raw.articles, raw.article_meta, raw.figure_mentions.
-- incremental by article_id: a row depends on its own article's raw rows only (see warehouse.py).
with articles as (
    select * from raw.articles
),

meta as (
    select * from raw.article_meta
),

figure_counts as (
    select article_id, count(*) as figure_count
    from raw.figure_mentions
    group by article_id
),

final as (
    select
        articles.article_id,
        articles.doc,
        articles.source_path,
        meta.outlet,
        meta.published_date,
        meta.headline,
        length(articles.text) as text_length,
        coalesce(figure_counts.figure_count, 0) as figure_count,
        articles.run_id,
        articles.ingested_at
    from articles
    left join meta using (article_id)
    left join figure_counts using (article_id)
)

select * from final
