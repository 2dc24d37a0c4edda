-- Answers: what happened to every input file: how many were accepted, duplicates or rejected, and why?
-- grain: one row per status and reason (reason is null for accepted files).
-- inputs: marts.ingest_ledger.
with ledger as (
    select *
    from marts.ingest_ledger
),

final as (
    select
        status,
        reason,
        count(*) as files,
        sum(size_bytes) as bytes,
        min(first_seen_at) as first_seen_at,
        max(first_seen_at) as last_seen_at,
        list(path order by path)[1:5] as example_paths
    from ledger
    group by status, reason
)

select * from final
order by case status when 'accepted' then 0 when 'duplicate' then 1 else 2 end, files desc
