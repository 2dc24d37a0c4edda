-- marts changed findings: the instance_keys whose marts.findings rows may differ, run_id aside, from those
--   the last build (run variable previous_run_id) left.
-- grain: one row per instance_key.
-- inputs: selected_rows (the temp view of sql/marts/findings.sql, made by marts.py), marts.findings (as the
--   last build left it).
-- Exact: rows are compared without run_id, which marts.py sets to this run on every row afterwards (the
--   mart's run column: every row the SQL selects has it). An instance key is listed when, for some check,
--   the (check_name, instance_key) has a different number of rows in what the mart's SQL selects now and in
--   the mart, or a row of it now differs from a row of it in the mart (joined by both, a pair on one side
--   only meets a null row). So for an unlisted key, each of its checks' rows are n on both sides and each
--   equal to every row of the other side: the same multiset, and replacing only the listed keys' rows gives
--   the mart built whole. Compared rather than derived from validation's changed keys: validation carries
--   findings forward, re-checks some, and may find a failure again with another detail (counts of
--   reports); the comparison catches each whatever made it. A join and a comparison of row pairs, not
--   `except all` of whole rows: that hashes every list column, ~6x slower.
with now_rows as (
    select * exclude (run_id) from selected_rows
),

last_rows as (
    select * exclude (run_id) from marts.findings
),

now_counts as (
    select check_name, instance_key, count(*) as rows_of_key from now_rows group by check_name, instance_key
),

last_counts as (
    select check_name, instance_key, count(*) as rows_of_key from last_rows group by check_name, instance_key
)

select instance_key
from now_rows full join last_rows using (check_name, instance_key)
where now_rows is distinct from last_rows
union
select instance_key from (
    (select * from now_counts except select * from last_counts)
    union all
    (select * from last_counts except select * from now_counts)
)
