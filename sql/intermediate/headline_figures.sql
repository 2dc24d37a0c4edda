-- intermediate.headline_figures: each figure of a headline against the figures of its article's body.
-- grain: one row per headline figure whose article's body states the same metric in the same unit.
-- Rule: a headline figure is supported when a body figure of the same metric and unit agrees with it
--   (qualifier intervals overlapping after widening by the agreement tolerance; an open interval closed at
--   its compare_upper, see intermediate.figure_bounds).
-- inputs: intermediate.figure_bounds, raw.articles, staging.articles, staging.reference_programme_facts.
-- incremental by article_id: a row compares the headline and body figures of one article (joined on article_id) and lists it in article_ids (see warehouse.py).
with facts as (
    select
        max(case when fact = 'agreement_tolerance' then cast(value as double) end) as tolerance
    from staging.reference_programme_facts
),

headlines as (
    select
        articles.article_id,
        strpos(raw_articles.text, articles.headline) - 1 + length(articles.headline) as headline_end
    from staging.articles as articles
    inner join raw.articles as raw_articles using (article_id)
    where coalesce(articles.headline, '') <> '' and strpos(raw_articles.text, articles.headline) > 0
),

figures as (
    select
        bounds.*,
        headlines.headline_end
    from intermediate.figure_bounds as bounds
    inner join headlines using (article_id)
    where bounds.unit is not null and bounds.value is not null
),

compared as (
    select
        headline.figure_id,
        any_value(headline.article_id) as article_id,
        any_value(headline.source_label) as source_label,
        any_value(headline.doc) as doc,
        any_value(headline.label) as label,
        any_value(headline.evidence) as headline_evidence,
        bool_or(
            body.lower_bound <= headline.compare_upper * (1 + facts.tolerance)
            and headline.lower_bound <= body.compare_upper * (1 + facts.tolerance)
        ) as supported,
        list(body.evidence order by body.start) as body_evidence,
        list(format('{:,.0f}', body.value) order by body.start) as body_values
    from figures as headline
    cross join facts
    inner join figures as body
        on body.article_id = headline.article_id
        and body.metric = headline.metric
        and body.unit = headline.unit
        and body.start >= headline.headline_end
    where headline."end" <= headline.headline_end
    group by headline.figure_id
),

final as (
    select
        cast(figure_id as varchar) as figure_id,
        not supported as unsupported,
        cast([figure_id] as varchar[]) as figure_ids,
        cast([article_id] as varchar[]) as article_ids,
        cast([source_label] as varchar[]) as outlets,
        cast(list_concat(['headline: ' || headline_evidence], body_evidence) as varchar[]) as evidence,
        cast(
            'the headline states ' || label || ' but the body reports ' || array_to_string(body_values, '; ')
            as varchar
        ) as detail
    from compared
)

select * from final
