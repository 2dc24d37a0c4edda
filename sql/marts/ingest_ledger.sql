-- marts.ingest_ledger: every input file the pipeline has seen and what became of it.
-- grain: one row per input file version (path, content_sha256); unreadable files have no hash.
-- inputs: raw.ingest_ledger, raw.articles.
-- extended by path: a row depends on its file's rows of raw.ingest_ledger and on the doc of its article in
--   raw.articles (read whole); sql/marts/changed/ingest_ledger.sql lists the files whose inputs changed
--   since the last build (see src/prakerja_dq/marts.py).
with ledger as (
    select * from raw.ingest_ledger
),

articles as (
    select article_id, doc from raw.articles
),

final as (
    select
        ledger.path,
        ledger.content_sha256,
        ledger.status,
        ledger.reason,
        ledger.article_id,
        articles.doc,
        ledger.size_bytes,
        ledger.run_id as first_seen_run_id,
        ledger.seen_at as first_seen_at
    from ledger
    left join articles using (article_id)
    order by ledger.seen_at, ledger.path
)

select * from final
