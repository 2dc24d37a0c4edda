-- intermediate.claims: each claim with its consensus, its supporting and dissenting reports, and its status.
-- grain: one row per claim (claim_id, see intermediate.claim_reports).
-- Consensus: the anchor is the report the most other reports agree with (their widened intervals overlap;
--   ties: more outlets, more articles, a closed interval before an open one, then the value nearest the
--   claim's median, then figure_id). The reports that agree with the anchor support the consensus; every
--   other report dissents. A report agrees when its interval meets the anchor's, the anchor's closed at
--   open_bound_tolerance (compare_upper) and its own left open: "lebih dari 500.000" agrees with 680.000, but
--   27 million does not agree with an anchor "lebih dari 18 juta". The consensus
--   interval is the intersection of the supporting reports' qualifier intervals ("lebih dari" v = [v, inf),
--   "sekitar" v = v +- about_tolerance), or, when rounding leaves it empty, the span between its two
--   bounds; the consensus value is the median of the supporting values, inside that interval.
-- Same quantity: a report more than same_quantity_ratio times above or below the anchor is not a report of
--   this quantity (news copy does not disagree tenfold: a wave's count read as the total, a misread scope);
--   it is listed in incomparable_figure_ids and neither supports nor dissents.
-- Status: disputed (some report dissents), single_source (one outlet behind every report), agreed.
--   evenly_split: a dissenting report has as much support as the anchor (nobody can tell which side is right;
--   the finding then names the figures of both sides).
-- Finding columns (figure_ids, article_ids, outlets, evidence, detail) describe a dispute for validation:
--   the dissenting figures (both sides when evenly split); the evidence spans of every report, dissenting
--   first, each with its article; the outlets of both sides; the consensus and each dissent in the detail.
-- inputs: intermediate.claim_reports, staging.reference_programme_facts.
-- incremental by claim_id: a row aggregates the reports of its own claim only (every CTE is grouped by or
--   joined on claim_id; the anchor is one of the claim's reports), see warehouse.py.
-- built in buckets: for the same reason a full build may run per hash bucket of claim_id, each bucket
--   holding its claims' ordered lists of evidence only (see warehouse.py).
-- the columns the consensus compares; the evidence, articles and labels of the reports (most of a row's
-- bytes) are read only where the sides list them (sided_evidence)
with reports as (
    select
        claim_id,
        figure_id,
        source_label,
        value,
        lower_bound,
        upper_bound,
        compare_upper,
        effective_date,
        supporting_reports,
        supporting_outlets,
        supporting_articles
    from intermediate.claim_reports
),

facts as (
    select
        max(case when fact = 'agreement_tolerance' then cast(value as double) end) as tolerance,
        max(case when fact = 'same_quantity_ratio' then cast(value as double) end) as same_quantity_ratio
    from staging.reference_programme_facts
),

medians as (
    select claim_id, median(value) as median_value
    from reports
    group by claim_id
),

anchors as (
    select
        reports.claim_id,
        arg_max(
            reports.figure_id,
            {
                'reports': reports.supporting_reports,
                'outlets': reports.supporting_outlets,
                'articles': reports.supporting_articles,
                'closed': not isinf(reports.upper_bound),
                'nearness': -abs(reports.value - medians.median_value),
                'figure_id': reports.figure_id
            }
        ) as anchor_figure_id
    from reports
    inner join medians using (claim_id)
    group by reports.claim_id
),

-- each claim's anchor report, as many rows as the anchor's figure_id has
anchor_reports as (
    select
        anchors.claim_id,
        anchor.supporting_reports as anchor_support,
        anchor.lower_bound as anchor_lower_bound,
        anchor.compare_upper as anchor_compare_upper,
        anchor.value as anchor_value
    from anchors
    inner join reports as anchor on anchor.figure_id = anchors.anchor_figure_id
),

compared as (
    select
        reports.*,
        anchor_reports.anchor_support,
        reports.lower_bound <= anchor_reports.anchor_compare_upper * (1 + facts.tolerance)
        and anchor_reports.anchor_lower_bound <= reports.upper_bound * (1 + facts.tolerance) as supports,
        reports.value * facts.same_quantity_ratio >= anchor_reports.anchor_value
        and reports.value <= anchor_reports.anchor_value * facts.same_quantity_ratio as same_quantity
    from reports
    cross join facts
    inner join anchor_reports using (claim_id)
),

-- a report many times off the anchor is another quantity (a misread scope or wave range), not a dissent
sided as (
    select * from compared where supports or same_quantity
),

incomparable as (
    select claim_id, list_sort(list(figure_id), 'asc', 'nulls last') as incomparable_figure_ids
    from compared
    where not (supports or same_quantity)
    group by claim_id
),

consensus as (
    select
        claim_id,
        max(lower_bound) filter (where supports) as intersection_low,
        min(upper_bound) filter (where supports) as intersection_high,
        median(value) filter (where supports) as supporting_median,
        count(*) as reports,
        count(*) filter (where not supports) as dissenting_reports,
        bool_or(not supports and supporting_reports >= anchor_support) as evenly_split,
        count(distinct source_label) as outlets,
        list_sort(list(distinct source_label) filter (where supports), 'asc', 'nulls last') as supporting_outlets,
        coalesce(
            list_sort(list(distinct source_label) filter (where not supports), 'asc', 'nulls last'), []
        ) as dissenting_outlets,
        coalesce(list_sort(list(figure_id) filter (where not supports), 'asc', 'nulls last'), [])
            as dissenting_figure_ids,
        list_sort(list(figure_id) filter (where supports), 'asc', 'nulls last') as supporting_figure_ids,
        min(effective_date) as first_reported,
        max(effective_date) as last_reported
    from sided
    group by claim_id
),

claim_keys as (
    select distinct on (claim_id)
        claim_id, metric, unit, scope, basis, wave_from, wave_to, period_year, over_time, is_cumulative_metric,
        is_cumulative, wave_hi
    from intermediate.claim_reports
    order by claim_id
),

-- the reports of sided with what the sides list of them, compared with the anchor as in compared; a label
-- is kept only where it is shown, in the dissent (not for a supporting report)
sided_evidence as (
    select
        claim_reports.claim_id,
        claim_reports.figure_id,
        claim_reports.effective_date,
        claim_reports.evidence,
        claim_reports.article_id,
        supports,
        case when not supports then claim_reports.label end as label
    from (
        select
            claim_reports.*,
            claim_reports.lower_bound <= anchor_reports.anchor_compare_upper * (1 + facts.tolerance)
            and anchor_reports.anchor_lower_bound <= claim_reports.upper_bound * (1 + facts.tolerance)
                as supports,
            claim_reports.value * facts.same_quantity_ratio >= anchor_reports.anchor_value
            and claim_reports.value <= anchor_reports.anchor_value * facts.same_quantity_ratio as same_quantity
        from intermediate.claim_reports as claim_reports
        cross join facts
        inner join anchor_reports using (claim_id)
    ) as claim_reports
    where supports or same_quantity
),

-- every source on each side, dissenting first, as finding evidence (spans aligned with their articles).
-- Each claim's reports are listed once unordered and sorted as a list: an ordered aggregate (list(... order
-- by ...)) buffers every claim's rows in memory blocks of its own per aggregate, which at 100.000 articles
-- ran a bucket of 2.000 claims out of 100 MB and at 1.000.000 spilled tens of GB. The struct sorts as the
-- aggregates ordered: by supports, effective_date (nulls last, hence the flags), then figure_id (unique).
sorted_reports as (
    select
        claim_id,
        list_sort(
            list(
                {
                    'supports_unknown': supports is null,
                    'supports': supports,
                    'date_unknown': effective_date is null,
                    'effective_date': effective_date,
                    'figure_id': figure_id,
                    'evidence': evidence,
                    'article_id': article_id,
                    'label': label
                }
            )
        ) as reports
    from sided_evidence
    group by claim_id
),

sides as (
    select
        claim_id,
        list_transform(reports, lambda report: report.evidence) as evidence,
        list_transform(reports, lambda report: report.article_id) as article_ids,
        nullif(
            list_transform(list_filter(reports, lambda report: report.supports), lambda report: report.evidence),
            []
        ) as supporting_evidence,
        nullif(
            list_transform(
                list_filter(reports, lambda report: report.supports), lambda report: report.article_id
            ),
            []
        ) as supporting_article_ids,
        list_aggr(
            list_transform(list_filter(reports, lambda report: not report.supports), lambda report: report.label),
            'string_agg',
            '; '
        ) as dissent
    from sorted_reports
),

final as (
    select
        consensus.claim_id,
        claim_keys.metric,
        claim_keys.unit,
        claim_keys.scope,
        claim_keys.basis,
        cast(claim_keys.wave_from as integer) as wave_from,
        cast(claim_keys.wave_to as integer) as wave_to,
        cast(claim_keys.period_year as integer) as period_year,
        claim_keys.over_time,
        claim_keys.is_cumulative_metric,
        claim_keys.is_cumulative,
        claim_keys.wave_hi,
        consensus.first_reported as as_of_from,
        consensus.last_reported as as_of_to,
        cast(
            least(
                greatest(
                    consensus.supporting_median,
                    least(consensus.intersection_low, consensus.intersection_high)
                ),
                greatest(consensus.intersection_low, consensus.intersection_high)
            ) as double
        ) as consensus_value,
        cast(least(consensus.intersection_low, consensus.intersection_high) as double) as consensus_low,
        cast(greatest(consensus.intersection_low, consensus.intersection_high) as double) as consensus_high,
        cast(
            case
                when consensus.dissenting_reports > 0 then 'disputed'
                when consensus.outlets = 1 then 'single_source'
                else 'agreed'
            end as varchar
        ) as status,
        coalesce(consensus.evenly_split, false) as evenly_split,
        consensus.dissenting_reports > 0 as disputed,
        cast(consensus.reports as bigint) as reports,
        cast(consensus.dissenting_reports as bigint) as dissenting_reports,
        cast(consensus.supporting_outlets as varchar[]) as supporting_outlets,
        cast(consensus.dissenting_outlets as varchar[]) as dissenting_outlets,
        cast(consensus.dissenting_figure_ids as varchar[]) as dissenting_figure_ids,
        cast(consensus.supporting_figure_ids as varchar[]) as supporting_figure_ids,
        cast(coalesce(incomparable.incomparable_figure_ids, []) as varchar[]) as incomparable_figure_ids,
        consensus.first_reported,
        consensus.last_reported,
        -- the finding of a disputed claim: the dissenting figures (both sides when evenly split)
        cast(
            case
                when consensus.evenly_split
                    then list_concat(consensus.dissenting_figure_ids, consensus.supporting_figure_ids)
                else consensus.dissenting_figure_ids
            end as varchar[]
        ) as figure_ids,
        cast(sides.article_ids as varchar[]) as article_ids,
        cast(list_concat(consensus.dissenting_outlets, consensus.supporting_outlets) as varchar[]) as outlets,
        cast(sides.evidence as varchar[]) as evidence,
        cast(
            claim_keys.metric || ' in ' || claim_keys.unit || ' (' || claim_keys.scope || ', '
            || claim_keys.basis
            || case
                when claim_keys.wave_from is null then ', no waves'
                when claim_keys.wave_from = coalesce(claim_keys.wave_to, claim_keys.wave_from)
                    then ', wave ' || claim_keys.wave_from
                else ', waves ' || claim_keys.wave_from || '-' || claim_keys.wave_to
            end
            || coalesce(', ' || claim_keys.period_year, '')
            || ', as of ' || consensus.first_reported
            || case
                when consensus.last_reported > consensus.first_reported then ' to ' || consensus.last_reported
                else ''
            end
            || '): '
            || case
                when consensus.evenly_split then 'reports are evenly split; '
                else ''
            end
            || 'consensus ' || format('{:,.0f}', consensus.supporting_median) || ' from '
            || len(consensus.supporting_figure_ids) || ' report(s) by '
            || array_to_string(consensus.supporting_outlets, ', ')
            || '; ' || consensus.dissenting_reports || ' dissenting report(s) by '
            || array_to_string(consensus.dissenting_outlets, ', ')
            || coalesce(': ' || sides.dissent, '')
            as varchar
        ) as detail,
        cast(sides.supporting_evidence as varchar[]) as supporting_evidence,
        cast(sides.supporting_article_ids as varchar[]) as supporting_article_ids
    from consensus
    inner join claim_keys using (claim_id)
    inner join sides using (claim_id)
    left join incomparable using (claim_id)
)

select * from final
