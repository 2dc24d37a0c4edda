-- raw.article_meta: outlet, publication date and headline the extractor read from each article.
-- grain: one row per article.
-- inputs: raw.articles, read by flows/extract_figures.py.
create table if not exists raw.article_meta (
    article_id varchar not null,
    doc varchar not null,
    outlet varchar,
    published_date date,
    headline varchar,
    run_id varchar not null
);
