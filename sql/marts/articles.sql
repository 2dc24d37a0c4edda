-- marts.articles: every ingested article with its outlet, date, headline and how its figures fared.
-- grain: one row per article_id.
-- inputs: staging.articles, staging.figures, quarantine.figures (for the run in variable run_id).
-- extended by article_id: a row depends on its article's rows of staging.articles, staging.figures and
--   quarantine.figures only; sql/marts/changed/articles.sql lists the articles whose inputs changed since
--   the last build (see src/prakerja_dq/marts.py).
with articles as (
    select * from staging.articles
),

quarantined as (
    select figure_id
    from quarantine.figures
    where run_id = getvariable('run_id')
),

figure_status as (
    select
        figures.article_id,
        count(*) as figures_extracted,
        count(*) filter (where figures.figure_id in (select figure_id from quarantined))
            as figures_quarantined
    from staging.figures as figures
    group by figures.article_id
),

final as (
    select
        articles.article_id,
        articles.doc,
        articles.outlet,
        articles.published_date,
        articles.headline,
        articles.source_path,
        articles.text_length,
        coalesce(figure_status.figures_extracted, 0) as figures_extracted,
        coalesce(figure_status.figures_quarantined, 0) as figures_quarantined,
        coalesce(figure_status.figures_extracted, 0) - coalesce(figure_status.figures_quarantined, 0)
            as figures_published
    from articles
    left join figure_status using (article_id)
)

select * from final
