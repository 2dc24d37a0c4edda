-- intermediate.programme_name_variants: sentences that call the programme's card by another name.
-- grain: one row per (article, variant) found; validated as an info note (text quality, not a contradiction).
-- Rule: a sentence matching a variant's pattern (staging.reference_programme_name_variants), unless it also
--   matches the variant's unless_context (KTP about identity documents is the identity card).
-- inputs: raw.articles, staging.articles, staging.reference_programme_name_variants.
-- incremental by article_id: a row is the sentences of one article (grouped by article_id), listed in article_ids (see warehouse.py).
with sentences as (
    select
        articles.article_id,
        unnest(regexp_extract_all(articles.text, '[^.\n]+')) as sentence
    from raw.articles as articles
    where regexp_matches(articles.text, 'Kartu Pekerja|KTP')
),

matched as (
    select
        sentences.article_id,
        variants.variant,
        variants.note,
        list(trim(sentences.sentence)) as sentences
    from sentences
    inner join staging.reference_programme_name_variants as variants
        on regexp_matches(sentences.sentence, variants.pattern)
        and not coalesce(regexp_matches(sentences.sentence, variants.unless_context), false)
    group by sentences.article_id, variants.variant, variants.note
),

final as (
    select
        cast(md5(concat_ws('|', matched.article_id, matched.variant)) as varchar) as check_key,
        cast(matched.variant as varchar) as variant,
        true as uses_variant,
        cast([] as varchar[]) as figure_ids,
        cast([matched.article_id] as varchar[]) as article_ids,
        cast([coalesce(articles.outlet, 'unknown outlet (' || articles.doc || ')')] as varchar[]) as outlets,
        cast(matched.sentences as varchar[]) as evidence,
        cast(
            'the card is called ''' || matched.variant || ''' in article ' || articles.doc || ': '
            || matched.note as varchar
        ) as detail
    from matched
    inner join staging.articles as articles using (article_id)
)

select * from final
