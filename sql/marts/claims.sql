-- marts.claims: the published claims: which quantity was reported, its best-supported value and who dissents.
-- grain: one row per claim (claim_id); see intermediate.claim_reports for what a claim is and
--   intermediate.claims for the consensus.
-- inputs: intermediate.claims.
-- Rows come in no set order (an extended build appends the changed keys' rows): order them in the query.
-- extended by claim_id: a row depends on its claim's row of intermediate.claims only.
-- changed rows compared by claim_id: the claims whose row now differs from the last build's are replaced.
--   Compared rather than derived from the touched articles: a claim changes when a figure leaves it too,
--   and the claim a quarantined figure was in is kept nowhere (see src/prakerja_dq/marts.py).
with claims as (
    select * from intermediate.claims
),

final as (
    select
        cast(claim_id as varchar) as claim_id,
        cast(metric as varchar) as metric,
        cast(unit as varchar) as unit,
        cast(scope as varchar) as scope,
        cast(basis as varchar) as basis,
        cast(wave_from as integer) as wave_from,
        cast(wave_to as integer) as wave_to,
        cast(period_year as integer) as period_year,
        cast(as_of_from as date) as as_of_from,
        cast(as_of_to as date) as as_of_to,
        cast(consensus_value as double) as consensus_value,
        cast(consensus_low as double) as consensus_low,
        cast(consensus_high as double) as consensus_high,
        cast(status as varchar) as status,
        cast(reports as bigint) as reports,
        cast(supporting_outlets as varchar[]) as supporting_outlets,
        cast(dissenting_outlets as varchar[]) as dissenting_outlets,
        cast(dissenting_figure_ids as varchar[]) as dissenting_figure_ids,
        cast(first_reported as date) as first_reported,
        cast(last_reported as date) as last_reported,
        cast(dissenting_reports as bigint) as dissenting_reports,
        cast(evenly_split as boolean) as evenly_split,
        cast(supporting_figure_ids as varchar[]) as supporting_figure_ids,
        cast(detail as varchar) as detail
    from claims
)

select * from final
