-- raw.ingest_ledger: what happened to every input file the pipeline has looked at.
-- grain: one row per (run, input file); status is accepted | duplicate | rejected, with a reason.
-- inputs: the inbox folder, listed by flows/ingest.py.
create table if not exists raw.ingest_ledger (
    run_id varchar not null,
    path varchar not null,
    content_sha256 varchar,
    article_id varchar,
    size_bytes bigint,
    status varchar not null check (status in ('accepted', 'duplicate', 'rejected')),
    reason varchar,
    seen_at timestamp not null
);
