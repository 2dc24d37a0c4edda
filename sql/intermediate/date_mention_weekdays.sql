-- intermediate.date_mention_weekdays: every date mention that states a weekday, with the weekday its date
--   really falls on (recomputed here, not taken from the extractor) and the article's figures dated that day.
-- grain: one row per date mention with a stated weekday and a full date (mention_id).
-- inputs: staging.date_mentions, intermediate.figure_bounds.
-- incremental by article_id: a row is one date mention with the figures of its own article (joined on article_id) (see warehouse.py).
with mentions as (
    select *
    from staging.date_mentions
    where weekday_stated is not null and mentioned_date is not null
),

bounds as (
    select * from intermediate.figure_bounds
),

computed as (
    select
        mentions.*,
        -- dayofweek: 0 = Sunday (Minggu)
        ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'][dayofweek(mentions.mentioned_date) + 1]
            as weekday_computed,
        case lower(replace(replace(trim(mentions.weekday_stated), '''', ''), '’', ''))
            when 'ahad' then 'Minggu'
            else upper(left(trim(mentions.weekday_stated), 1))
                || lower(substr(replace(replace(trim(mentions.weekday_stated), '''', ''), '’', ''), 2))
        end as weekday_normalised
    from mentions
),

dated_figures as (
    select
        computed.mention_id,
        list(bounds.figure_id order by bounds.figure_id) filter (where bounds.figure_id is not null)
            as figure_ids
    from computed
    left join bounds
        on bounds.article_id = computed.article_id
        and bounds.effective_date = computed.mentioned_date
    group by computed.mention_id
),

final as (
    select
        cast(computed.mention_id as varchar) as check_key,
        cast(computed.article_id as varchar) as article_id,
        cast(coalesce(computed.outlet, 'unknown outlet (' || computed.doc || ')') as varchar) as outlet,
        cast(computed.text as varchar) as mention_text,
        cast(computed.mentioned_date as date) as mentioned_date,
        cast(computed.weekday_stated as varchar) as weekday_stated,
        cast(computed.weekday_computed as varchar) as weekday_computed,
        cast(computed.weekday_normalised = computed.weekday_computed as boolean) as weekday_matches,
        cast(coalesce(dated_figures.figure_ids, []) as varchar[]) as figure_ids,
        cast([computed.article_id] as varchar[]) as article_ids,
        cast([coalesce(computed.outlet, 'unknown outlet (' || computed.doc || ')')] as varchar[]) as outlets,
        cast([computed.text] as varchar[]) as evidence,
        cast(
            '"' || computed.text || '" states ' || computed.weekday_stated
            || case when computed.weekday_normalised = computed.weekday_computed then ' and ' else ' but ' end
            || cast(computed.mentioned_date as varchar) || ' is a ' || computed.weekday_computed
            || ' (' || coalesce(computed.outlet, 'unknown outlet') || ' ' || computed.doc || ')'
            as varchar
        ) as detail
    from computed
    left join dated_figures using (mention_id)
)

select * from final
