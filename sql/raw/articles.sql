-- raw.articles: article text as landed by ingest, never updated.
-- grain: one row per distinct article (article_id = sha256 of the normalised text).
-- inputs: files of the inbox folder, decoded by flows/ingest_inbox.py.
create table if not exists raw.articles (
    article_id varchar primary key,
    doc varchar not null,
    source_path varchar not null,
    content_sha256 varchar not null,
    encoding varchar not null,
    text varchar not null,
    run_id varchar not null,
    ingested_at timestamp not null
);
