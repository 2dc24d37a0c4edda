-- marts changed claims: the claim_ids whose marts.claims rows may differ from those the last build (run
--   variable previous_run_id) left.
-- grain: one row per claim_id.
-- inputs: selected_rows (the temp view of sql/marts/claims.sql, made by marts.py), marts.claims (as the
--   last build left it).
-- Exact: a claim is listed when it has a different number of rows in what the mart's SQL selects now and
--   in the mart, or when a row of it now differs from a row of it in the mart (joined by claim_id, a claim
--   on one side only meets a null row). So for an unlisted claim both sides hold n rows each equal to every
--   row of the other side: the same multiset, and replacing only the listed claims' rows gives the mart
--   built whole. Compared rather than derived from the touched articles: a claim changes when a figure
--   leaves it too, and the claim a quarantined figure was in is kept nowhere. A join on the key and a
--   comparison of row pairs, not `except all` of whole rows: that hashes every list column, ~10x slower.
with now_rows as (
    select * from selected_rows
),

last_rows as (
    select * from marts.claims
),

now_counts as (
    select claim_id, count(*) as rows_of_key from now_rows group by claim_id
),

last_counts as (
    select claim_id, count(*) as rows_of_key from last_rows group by claim_id
)

select claim_id
from now_rows full join last_rows using (claim_id)
where now_rows is distinct from last_rows
union
select claim_id from (
    (select * from now_counts except select * from last_counts)
    union all
    (select * from last_counts except select * from now_counts)
)
