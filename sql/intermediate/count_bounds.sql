-- intermediate.count_bounds: the dated total counts of people (or accounts) of metrics that only grow, the
--   figures every wave and cumulative pair model compares.
-- grain: one row per figure (figure_id), as in intermediate.figure_bounds.
-- Rule: basis total, unit persons or accounts, a date, and a cumulative metric (over_time = cumulative in
--   seeds/reference/metrics.csv, read through staging.reference_metrics).
-- inputs: intermediate.figure_bounds.
-- incremental by article_id: a row is one figure's row of intermediate.figure_bounds (see warehouse.py).
select *
from intermediate.figure_bounds
where
    basis = 'total'
    and unit in ('persons', 'accounts')
    and effective_date is not null
    and is_cumulative_metric
