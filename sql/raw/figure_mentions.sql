-- raw.figure_mentions: figure records as the extractor landed them (DESIGN.md section 3).
-- grain: one row per figure mention (article_id, start, end, metric).
-- inputs: raw.articles, read by flows/extract_figures.py.
-- rule (last, so warehouses made before it existed gain it by `alter table ... add column`): the id of the
-- rule or cue that decided the metric; null in rows landed before it existed.
create table if not exists raw.figure_mentions (
    article_id varchar not null,
    doc varchar not null,
    metric varchar,
    value double,
    unit varchar,
    qualifier varchar,
    wave_from integer,
    wave_to integer,
    period_year integer,
    as_of varchar,
    scope varchar,
    basis varchar,
    evidence varchar,
    start bigint,
    "end" bigint,
    run_id varchar not null,
    rule varchar
);
