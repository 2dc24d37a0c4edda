-- intermediate.metric_timeline: for each cumulative metric, the best-supported value by claim window, kept
--   non-decreasing, with the reports that break it.
-- grain: one row per claim of a cumulative metric (staging.reference_metrics over_time = 'cumulative'):
--   a series is (metric, unit, scope, basis, wave range), a point its claim's window (as_of = first date).
-- Best-supported: a claim anchors the timeline when two or more reports support its consensus and they
--   outnumber its dissenters; the value at a point is the greatest anchored consensus at or before it (so
--   it never falls), or the point's own consensus before the first anchor.
-- Breaking: a report of the series whose upper bound lies more than cumulative_fall_tolerance below the
--   greatest anchored lower consensus bound of a strictly earlier window: the count fell.
-- inputs: intermediate.claims, intermediate.claim_reports, staging.reference_programme_facts.
with facts as (
    select max(case when fact = 'cumulative_fall_tolerance' then cast(value as double) end) as fall_tolerance
    from staging.reference_programme_facts
),

points as (
    select
        *,
        len(supporting_figure_ids) >= 2 and len(supporting_figure_ids) > dissenting_reports as anchors,
        date_diff('day', date '2000-01-01', as_of_from) as day_number
    from intermediate.claims
    where is_cumulative_metric
),

running as (
    select
        points.*,
        max(case when anchors then consensus_value end) over series_to_here as anchored_value,
        max(case when anchors then consensus_low end) over series_before as earlier_anchored_low,
        arg_max(case when anchors then claim_id end, case when anchors then consensus_low end)
            over series_before as earlier_anchor_claim_id
    from points
    window
        series as (
            partition by metric, unit, scope, basis, wave_from, wave_to
            order by day_number
        ),
        series_to_here as (series range between unbounded preceding and current row),
        series_before as (series range between unbounded preceding and 1 preceding)
),

breaking as (
    select
        reports.claim_id,
        list(reports.figure_id order by reports.figure_id) as figure_ids,
        list(reports.article_id order by reports.figure_id) as article_ids,
        list(distinct reports.source_label) as outlets,
        list('falls: ' || reports.label order by reports.figure_id) as evidence
    from intermediate.claim_reports as reports
    cross join facts
    inner join running using (claim_id)
    where reports.upper_bound < running.earlier_anchored_low * (1 - facts.fall_tolerance)
    group by reports.claim_id
),

final as (
    select
        cast(running.claim_id as varchar) as claim_id,
        running.metric,
        running.unit,
        running.scope,
        running.basis,
        running.wave_from,
        running.wave_to,
        running.as_of_from as as_of,
        cast(coalesce(running.anchored_value, running.consensus_value) as double) as value,
        running.consensus_low as low,
        running.consensus_high as high,
        running.reports,
        running.supporting_outlets,
        cast(coalesce(breaking.figure_ids, []) as varchar[]) as breaking_figure_ids,
        breaking.figure_ids is not null as breaks,
        running.earlier_anchor_claim_id,
        cast(coalesce(breaking.figure_ids, []) as varchar[]) as figure_ids,
        cast(coalesce(breaking.article_ids, []) as varchar[]) as article_ids,
        cast(coalesce(list_concat(breaking.outlets, earlier.supporting_outlets), []) as varchar[]) as outlets,
        cast(
            coalesce(
                list_concat(
                    breaking.evidence,
                    ['earlier best-supported: ' || earlier.detail]
                ),
                []
            ) as varchar[]
        ) as evidence,
        cast(
            case
                when breaking.figure_ids is not null
                    then running.metric || ' in ' || running.unit || ' (' || running.scope || ') falls on '
                    || running.as_of_from || ': ' || len(breaking.figure_ids) || ' report(s) below the '
                    || format('{:,.0f}', running.earlier_anchored_low) || ' agreed by '
                    || array_to_string(earlier.supporting_outlets, ', ') || ' as of ' || earlier.as_of_from
                else ''
            end as varchar
        ) as detail
    from running
    left join breaking using (claim_id)
    left join intermediate.claims as earlier on earlier.claim_id = running.earlier_anchor_claim_id
)

select * from final
