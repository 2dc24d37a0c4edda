-- intermediate.metric_timeline: for each cumulative metric, the best-supported value by claim window, kept
--   non-decreasing, with the reports that break it.
-- grain: one row per claim of a cumulative count (staging.reference_metrics over_time = 'cumulative', waves
--   from 1 or all waves so far): a series is (metric, unit, scope, basis, wave range), a point its claim's
--   window (as_of = first date).
-- Best-supported: a claim anchors the timeline when its supporting reports outnumber its dissenters; the
--   value at a point is the greatest anchored consensus of its series at or before it (so it never falls),
--   or the point's own consensus before the first anchor.
-- Breaking: a report whose upper bound lies more than cumulative_fall_tolerance below the lower consensus
--   bound of an anchor of the same metric, unit, scope and basis that covers no more waves and is dated
--   earlier (or the same day for fewer waves): the count fell. An anchor is trusted unless a later anchor
--   lies below it with more support, or with as much support while more later reports fall below the
--   anchor than support it (then it is the high outlier, not the later reports the falls). The trusted
--   earlier anchor with the greatest lower bound is named.
-- inputs: intermediate.claims, intermediate.claim_reports, staging.reference_programme_facts.
with facts as (
    select max(case when fact = 'cumulative_fall_tolerance' then cast(value as double) end) as fall_tolerance
    from staging.reference_programme_facts
),

points as (
    select
        *,
        len(supporting_figure_ids) > dissenting_reports as anchors,
        date_diff('day', date '2000-01-01', as_of_from) as day_number
    from intermediate.claims
    where is_cumulative_metric and is_cumulative
),

running as (
    select
        points.*,
        max(case when anchors then consensus_value end) over (
            partition by metric, unit, scope, basis, wave_from, wave_to
            order by day_number
            range between unbounded preceding and current row
        ) as anchored_value
    from points
),

-- the reports of the points, with the columns compared with the anchors (their evidence is read for the
-- breaking reports only)
reports as (
    select
        claim_reports.claim_id,
        claim_reports.figure_id,
        claim_reports.metric,
        claim_reports.unit,
        claim_reports.scope,
        claim_reports.basis,
        claim_reports.wave_hi,
        claim_reports.effective_date,
        claim_reports.upper_bound
    from intermediate.claim_reports as claim_reports
    inner join points using (claim_id)
),

-- every report below an earlier anchor covering no more waves. Reports of a series repeat a few (waves,
-- date, upper bound): the anchors are compared with each distinct one, then its reports are listed (an anchor
-- of a busy series met each of ~90.000 reports, ~200 million comparisons at 100.000 articles; ~3.7x fewer so)
report_values as (
    select distinct metric, unit, scope, basis, wave_hi, effective_date, upper_bound
    from reports
),

values_below as (
    select
        anchor.claim_id as anchor_claim_id,
        anchor.consensus_low as anchor_low,
        len(anchor.supporting_figure_ids) as anchor_support,
        report_values.*
    from points as anchor
    cross join facts
    inner join report_values
        on report_values.metric = anchor.metric
        and report_values.unit = anchor.unit
        and report_values.scope = anchor.scope
        and report_values.basis = anchor.basis
        and anchor.wave_hi <= report_values.wave_hi
        and (
            anchor.last_reported < report_values.effective_date
            or (anchor.wave_hi < report_values.wave_hi and anchor.last_reported <= report_values.effective_date)
        )
        and report_values.upper_bound < anchor.consensus_low * (1 - facts.fall_tolerance)
    where anchor.anchors
),

below as (
    select
        values_below.anchor_claim_id,
        values_below.anchor_low,
        values_below.anchor_support,
        reports.claim_id,
        reports.figure_id
    from values_below
    inner join reports
        on reports.metric = values_below.metric
        and reports.unit = values_below.unit
        and reports.scope = values_below.scope
        and reports.basis = values_below.basis
        and reports.wave_hi = values_below.wave_hi
        and reports.effective_date = values_below.effective_date
        and reports.upper_bound = values_below.upper_bound
),

below_counts as (
    select anchor_claim_id as claim_id, count(distinct figure_id) as reports_below
    from below
    group by anchor_claim_id
),

-- an anchor a later anchor lies below is itself the odd one out (a high outlier) when that later anchor has
-- more support, or as much support while more later reports fall below it than support it
contradicted as (
    select distinct anchor.claim_id
    from points as anchor
    cross join facts
    inner join below_counts using (claim_id)
    inner join points as later
        on later.metric = anchor.metric
        and later.unit = anchor.unit
        and later.scope = anchor.scope
        and later.basis = anchor.basis
        and later.anchors
        and later.wave_hi >= anchor.wave_hi
        and later.first_reported > anchor.last_reported
        and later.consensus_high < anchor.consensus_low * (1 - facts.fall_tolerance)
    where
        anchor.anchors
        and (
            len(later.supporting_figure_ids) > len(anchor.supporting_figure_ids)
            or (
                len(later.supporting_figure_ids) = len(anchor.supporting_figure_ids)
                and below_counts.reports_below > len(anchor.supporting_figure_ids)
            )
        )
),

trusted as (
    select below.*
    from below
    where below.anchor_claim_id not in (select claim_id from contradicted)
),

earlier_anchor as (
    select
        claim_id,
        max(anchor_low) as earlier_low,
        -- ties (anchors of the same lower bound): the greatest claim_id, so the row does not depend on scan order
        arg_max(anchor_claim_id, {'low': anchor_low, 'claim_id': anchor_claim_id}) as earlier_claim_id,
        list(distinct figure_id) as breaking_ids
    from trusted
    group by claim_id
),

-- the breaking reports listed once unordered, then sorted by figure_id (unique): an ordered aggregate holds
-- memory blocks of its own per claim and aggregate (see intermediate.claims)
breaking_reports as (
    select
        reports.claim_id,
        list_sort(
            list(
                {
                    'figure_id': reports.figure_id,
                    'article_id': reports.article_id,
                    'evidence': reports.evidence,
                    'label': reports.label
                }
            )
        ) as sorted,
        list_sort(list(distinct reports.source_label), 'asc', 'nulls last') as outlets
    -- a report is one figure of one claim, so each breaking id meets one row
    from intermediate.claim_reports as reports
    inner join (
        select claim_id, unnest(breaking_ids) as figure_id from earlier_anchor
    ) as breaking_ids using (claim_id, figure_id)
    group by reports.claim_id
),

breaking as (
    select
        claim_id,
        list_transform(sorted, lambda report: report.figure_id) as figure_ids,
        list_transform(sorted, lambda report: report.article_id) as article_ids,
        outlets,
        list_transform(sorted, lambda report: report.evidence) as evidence,
        list_aggr(list_transform(sorted, lambda report: report.label), 'string_agg', '; ') as falls
    from breaking_reports
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
        earlier_anchor.earlier_claim_id,
        cast(coalesce(breaking.figure_ids, []) as varchar[]) as figure_ids,
        cast(coalesce(list_concat(breaking.article_ids, earlier.supporting_article_ids), []) as varchar[])
            as article_ids,
        cast(coalesce(list_concat(breaking.outlets, earlier.supporting_outlets), []) as varchar[]) as outlets,
        cast(coalesce(list_concat(breaking.evidence, earlier.supporting_evidence), []) as varchar[]) as evidence,
        cast(
            case
                when breaking.figure_ids is not null
                    then running.metric || ' in ' || running.unit || ' (' || running.scope || ') falls on '
                    || running.as_of_from || ': ' || len(breaking.figure_ids) || ' report(s) below the '
                    || format('{:,.0f}', earlier_anchor.earlier_low) || ' supported by '
                    || array_to_string(earlier.supporting_outlets, ', ') || ' as of ' || earlier.as_of_from
                    || ': ' || breaking.falls
                else ''
            end as varchar
        ) as detail
    from running
    left join earlier_anchor using (claim_id)
    left join breaking using (claim_id)
    left join intermediate.claims as earlier on earlier.claim_id = earlier_anchor.earlier_claim_id
)

select * from final
