-- marts changed ingest_ledger: the paths whose marts.ingest_ledger rows may differ from those the last
--   build (run variable previous_run_id) left.
-- grain: one row per path.
-- inputs: raw.ingest_ledger, raw.articles (rows landed after the last build).
-- Exact: a marts.ingest_ledger row is a function of its raw.ingest_ledger row (all but mtime_ns, the only
--   column ingest updates in place) and its article's raw.articles rows (doc). Both tables only grow, and
--   rows landed since the last build have a greater run_id: a path gets a new ledger row, or its article a
--   new raw.articles row, only then.
with articles_since as (
    select article_id from raw.articles where run_id > getvariable('previous_run_id')
)

select path from raw.ingest_ledger where run_id > getvariable('previous_run_id')
union
select path from raw.ingest_ledger where article_id in (select article_id from articles_since)
