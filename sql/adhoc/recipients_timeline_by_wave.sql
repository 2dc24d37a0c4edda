-- Answers: how many card recipients did the news report, wave by wave, and who reported which number when?
-- grain: one row per published `recipients` figure, ordered by the last wave it covers, then by date.
-- inputs: marts.figures. `cumulative` rows count waves 1..n; `running_max` is the highest cumulative count
-- reported up to that wave: cumulative counts only grow, so a cumulative row below it deserves a second look.
with recipients as (
    select *
    from marts.figures
    where metric = 'recipients'
),

final as (
    select
        cast(coalesce(wave_to, wave_from) as integer) as up_to_wave,
        cast(wave_from as integer) as wave_from,
        cast(wave_to as integer) as wave_to,
        coalesce(try_cast(as_of as date), try_cast(published_date as date)) as reported_on,
        outlet,
        qualifier,
        cast(value as bigint) as recipients,
        coalesce(wave_from = 1, false) as cumulative,
        case when wave_from = 1 then
            max(cast(value as bigint)) filter (where wave_from = 1) over (
                order by coalesce(wave_to, wave_from) nulls last
                range between unbounded preceding and current row
            )
        end as running_max,
        evidence
    from recipients
)

select * from final
order by up_to_wave nulls last, reported_on, outlet
