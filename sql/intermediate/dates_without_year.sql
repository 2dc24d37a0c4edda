-- intermediate.dates_without_year: date mentions that state day and month but no year, with the year read.
-- grain: one row per article and text of a date mention without a stated year (the first mention stands
--   for its repeats); validated as an info note.
-- Rule: the mention's text holds no four-digit year and no d/m/yy form; the extractor inferred the year
--   from the article's context, and the reason shown is the article's date and whether the stated weekday
--   fits the date read.
-- inputs: staging.date_mentions, staging.articles.
-- incremental by article_id: a row is one article's date mention (distinct per article) with that article's date, listed in article_ids (see warehouse.py).
with mentions as (
    select distinct on (article_id, text) *
    from staging.date_mentions
    where
        text is not null
        and not regexp_matches(text, '\d{4}')
        and not regexp_matches(text, '\d{1,2}/\d{1,2}/\d{2}\b')
    order by article_id, text, start, mention_id
),

final as (
    select
        cast(mentions.mention_id as varchar) as mention_id,
        cast(try_cast(left(mentions.date, 4) as integer) as integer) as inferred_year,
        true as lacks_year,
        cast([] as varchar[]) as figure_ids,
        cast([mentions.article_id] as varchar[]) as article_ids,
        cast([coalesce(mentions.outlet, 'unknown outlet (' || mentions.doc || ')')] as varchar[]) as outlets,
        cast([mentions.text] as varchar[]) as evidence,
        cast(
            '"' || mentions.text || '" states no year; read as ' || coalesce(mentions.date, '?') || ' ('
            || coalesce(left(mentions.date, 4), 'year unknown')
            || ' inferred: the article is dated '
            || coalesce(cast(cast(articles.published_date as date) as varchar), 'unknown')
            || case when mentions.consistent then ', and the stated weekday fits that date' else '' end
            || ') in article ' || mentions.doc as varchar
        ) as detail
    from mentions
    left join staging.articles as articles using (article_id)
)

select * from final
