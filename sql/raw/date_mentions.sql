-- raw.date_mentions: every date the extractor found, with the weekday the text states.
-- grain: one row per date mention (article_id, start).
-- inputs: raw.articles, read by flows/extract_figures.py.
create table if not exists raw.date_mentions (
    article_id varchar not null,
    doc varchar not null,
    text varchar,
    start bigint,
    "end" bigint,
    weekday_stated varchar,
    date varchar,
    weekday_actual varchar,
    consistent boolean,
    run_id varchar not null
);
