-- marts changed articles: the article_ids whose marts.articles row may differ from the one the last build
--   (run variable previous_run_id) left, now that the run in variable run_id has been validated.
-- grain: one row per article_id.
-- inputs: touched_articles (the articles with raw rows landed after the last build: the temp table
--   warehouse.TOUCHED_ARTICLES_SQL makes, made by marts.py), quarantine.figures (of both runs).
-- Exact: a marts.articles row is a function of its article's staging.articles row, its article's
--   staging.figures rows and which of those figures the run quarantined. Staging rows change only for the
--   articles with raw rows landed since the last build (the models are extended by those, warehouse.py); a
--   figure's quarantine changes only if it is quarantined in one run and not the other. Every other
--   article's inputs, so its row, are those of the last build.
with quarantined_now as (
    select figure_id, article_id from quarantine.figures where run_id = getvariable('run_id')
),

quarantined_before as (
    select figure_id, article_id from quarantine.figures where run_id = getvariable('previous_run_id')
),

requarantined as (
    (select * from quarantined_now except select * from quarantined_before)
    union
    (select * from quarantined_before except select * from quarantined_now)
)

select article_id from touched_articles
union
select article_id from requarantined where article_id is not null
