-- intermediate.figure_claims: each staged figure with its claim and its status against the claim's consensus.
-- grain: one row per staged figure (figure_id).
-- Status: outlier (it dissents from its claim's consensus; distance_from_consensus = |value - consensus| /
--   consensus), agrees (it supports a consensus that two or more outlets stand behind), single_source (it
--   supports a consensus only its own outlet states), not_comparable (no claim: unit, scope, basis or date
--   unknown, a metric never compared; or many times off its claim's consensus, see intermediate.claims).
-- inputs: intermediate.figure_bounds (one row per staged figure), intermediate.claim_reports,
--   intermediate.claims.
-- incremental by article_id, claim_id: a row depends on its figure's row of intermediate.figure_bounds (its
--   article) and on the report and claim of its claim_id, so it is recomputed when its article or its claim
--   is touched (see warehouse.py).
with figures as (
    select figure_id, article_id from intermediate.figure_bounds
),

-- the claims' figure lists as rows, joined to each report on its figure: a report looking itself up in its
-- claim's list (list_contains) copied the list into every report's row, quadratic in a claim's reports
dissenting as (
    select claim_id, unnest(dissenting_figure_ids) as figure_id from intermediate.claims
),

incomparable as (
    select claim_id, unnest(incomparable_figure_ids) as figure_id from intermediate.claims
),

reports as (
    select
        claim_reports.figure_id,
        claim_reports.claim_id,
        claim_reports.value,
        claims.consensus_value,
        dissenting.figure_id is not null as dissents,
        incomparable.figure_id is not null as incomparable,
        len(claims.supporting_outlets) as supporting_outlets
    from intermediate.claim_reports as claim_reports
    inner join intermediate.claims as claims using (claim_id)
    left join dissenting using (claim_id, figure_id)
    left join incomparable using (claim_id, figure_id)
),

final as (
    select
        cast(figures.figure_id as varchar) as figure_id,
        cast(figures.article_id as varchar) as article_id,
        cast(reports.claim_id as varchar) as claim_id,
        cast(
            case
                when reports.claim_id is null or reports.incomparable then 'not_comparable'
                when reports.dissents then 'outlier'
                when reports.supporting_outlets >= 2 then 'agrees'
                else 'single_source'
            end as varchar
        ) as status,
        cast(
            case
                when reports.dissents and reports.consensus_value <> 0
                    then abs(reports.value - reports.consensus_value) / abs(reports.consensus_value)
            end as double
        ) as distance_from_consensus
    from figures
    left join reports using (figure_id)
)

select * from final
