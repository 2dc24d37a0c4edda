-- marts changed figures: the figure_ids whose marts.figures row may differ from the one the last build
--   (run variable previous_run_id) left, now that the run in variable run_id has been validated.
-- grain: one row per figure_id.
-- inputs: touched_articles (the articles with raw rows landed after the last build: the temp table
--   warehouse.TOUCHED_ARTICLES_SQL makes, made by marts.py), staging.figures, quarantine.figures and
--   validation.findings (of both runs), intermediate.figure_claims, marts.figures (as the last build
--   left it).
-- Exact: a marts.figures row is a function of its figure's staging.figures row, whether the run quarantined
--   it, the warning checks that named it and its intermediate.figure_claims row (claim_id, status,
--   distance_from_consensus). Staging rows change only for the articles with raw rows landed since the last
--   build (their figures now and their rows in the last build, so a figure that is gone is removed); the
--   quarantine and the warnings are compared between the two runs; the claim columns of a figure not
--   quarantined now are compared, both ways, with those its row of the last build holds (a figure without
--   one was new, or quarantined then: taken again). A figure quarantined now has no row; if it had one, the
--   quarantine comparison lists it.
--   The claim columns of a figure change when its claim's consensus moves, which a claim key alone would
--   over-count: a new article touches claims holding ~40% of all figures, of which ~0.1% change status.
with quarantined_now as (
    select figure_id from quarantine.figures where run_id = getvariable('run_id')
),

quarantined_before as (
    select figure_id from quarantine.figures where run_id = getvariable('previous_run_id')
),

warned_now as (
    select unnest(figure_ids) as figure_id, check_name
    from validation.findings
    where run_id = getvariable('run_id') and severity = 'warning'
),

warned_before as (
    select unnest(figure_ids) as figure_id, check_name
    from validation.findings
    where run_id = getvariable('previous_run_id') and severity = 'warning'
),

placed_now as (
    select
        figure_id,
        cast(claim_id as varchar) as claim_id,
        cast(coalesce(status, 'not_comparable') as varchar) as status,
        cast(distance_from_consensus as double) as distance_from_consensus
    from intermediate.figure_claims
    where figure_id not in (select figure_id from quarantined_now)
),

placed_before as (
    select figure_id, claim_id, status, distance_from_consensus from marts.figures
)

select figure_id from staging.figures where article_id in (select article_id from touched_articles)
union
select figure_id from marts.figures where article_id in (select article_id from touched_articles)
union
(select figure_id from quarantined_now except select figure_id from quarantined_before)
union
(select figure_id from quarantined_before except select figure_id from quarantined_now)
union
(select figure_id from (select * from warned_now except select * from warned_before))
union
(select figure_id from (select * from warned_before except select * from warned_now))
union
(select figure_id from (select * from placed_now except select * from placed_before))
union
(select figure_id from (select * from placed_before except select * from placed_now))
