-- intermediate.outlet_agreement_pairs: each figure against the most distant report of it by another source.
-- grain: one row per figure that has a report of the same figure by another source within the window at or
--   before its date (first figure_id = that figure, second figure_id = the other source's figure).
-- Rule: each figure against the most distant report of the same figure (metric, unit, scope, basis, waves,
--   year) by another source dated at most the agreement window before it (or the same day); they conflict when
--   their qualifier intervals, widened by the agreement tolerance, do not overlap. A conflict names both
--   sources.
-- inputs: intermediate.figure_bounds, staging.reference_programme_facts.
-- Most distant: among the other sources' reports in the window, the greatest lower bound when it lies above
--   this figure's widened upper bound, else the least upper bound when this figure's lower bound lies above
--   its widened value, else (no conflict) the greatest lower bound. Every conflicting pair of reports within
--   the window is seen from the later of the two (or from both on the same day), so every figure in a
--   conflict with an earlier or same-day report is flagged, one row per figure instead of one per pair.
-- Cost: reports are reduced to one per (claim, source, day); a sliding window over the days of each claim
--   keeps the five greatest lower bounds and the five least upper bounds (ties: by figure_id), so this
--   figure's own source can be skipped: figures times log, never pairs. A source with five reports in the
--   window ranking above every other source hides the others on that side (accepted: rare, and the other
--   side's extreme is still compared).
with bounds as (
    select
        *,
        date_diff('day', date '2000-01-01', effective_date) as day_number
    from intermediate.figure_bounds
    where
        effective_date is not null
        and unit is not null
        and scope is not null
        and basis is not null
),

facts as (
    select
        max(case when fact = 'agreement_tolerance' then cast(value as double) end) as tolerance,
        max(case when fact = 'agreement_window_days' then cast(value as integer) end) as window_days
    from staging.reference_programme_facts
),

source_days as (
    select
        metric,
        unit,
        scope,
        basis,
        wave_from,
        wave_to,
        period_year,
        source_label,
        day_number,
        max(lower_bound) as lower_bound,
        arg_max(figure_id, lower_bound) as highest_figure_id,
        min(upper_bound) as upper_bound,
        arg_min(figure_id, upper_bound) as lowest_figure_id
    from bounds
    group by metric, unit, scope, basis, wave_from, wave_to, period_year, source_label, day_number
),

windowed as (
    select
        source_days.*,
        max_by(
            {'lower_bound': source_days.lower_bound, 'figure_id': highest_figure_id, 'source': source_label},
            {'lower_bound': source_days.lower_bound, 'figure_id': highest_figure_id},
            5
        ) over claim_window as highest,
        max_by(
            {'upper_bound': source_days.upper_bound, 'figure_id': lowest_figure_id, 'source': source_label},
            {'negated_upper_bound': -source_days.upper_bound, 'figure_id': lowest_figure_id},
            5
        ) over claim_window as lowest
    from source_days
    cross join facts
    window claim_window as (
        partition by metric, unit, scope, basis, wave_from, wave_to, period_year
        order by day_number
        range between facts.window_days preceding and current row
    )
),

-- per (claim, day): the extremes of the window ending that day, over all sources
day_extremes as (
    select
        metric,
        unit,
        scope,
        basis,
        wave_from,
        wave_to,
        period_year,
        day_number,
        any_value(highest) as highest,
        any_value(lowest) as lowest
    from windowed
    group by metric, unit, scope, basis, wave_from, wave_to, period_year, day_number
),

candidates as (
    select
        bounds.figure_id,
        bounds.lower_bound,
        bounds.upper_bound,
        facts.tolerance,
        list_filter(
            day_extremes.highest, lambda candidate: candidate.source <> bounds.source_label
        )[1] as highest,
        list_filter(
            day_extremes.lowest, lambda candidate: candidate.source <> bounds.source_label
        )[1] as lowest
    from bounds
    cross join facts
    inner join day_extremes
        on day_extremes.metric = bounds.metric
        and day_extremes.unit = bounds.unit
        and day_extremes.scope = bounds.scope
        and day_extremes.basis = bounds.basis
        and day_extremes.wave_from is not distinct from bounds.wave_from
        and day_extremes.wave_to is not distinct from bounds.wave_to
        and day_extremes.period_year is not distinct from bounds.period_year
        and day_extremes.day_number = bounds.day_number
),

chosen as (
    select
        figure_id as first_figure_id,
        case
            when highest.lower_bound > upper_bound * (1 + tolerance) then highest.figure_id
            when lower_bound > lowest.upper_bound * (1 + tolerance) then lowest.figure_id
            else coalesce(highest.figure_id, lowest.figure_id)
        end as second_figure_id
    from candidates
    where highest is not null or lowest is not null
),

pairs as (
    select
        first_figure.figure_id as first_figure_id,
        second_figure.figure_id as second_figure_id,
        first_figure.lower_bound > second_figure.upper_bound * (1 + facts.tolerance)
        or second_figure.lower_bound > first_figure.upper_bound * (1 + facts.tolerance) as violates,
        [first_figure.figure_id, second_figure.figure_id] as figure_ids,
        [first_figure.article_id, second_figure.article_id] as article_ids,
        [first_figure.source_label, second_figure.source_label] as outlets,
        [first_figure.evidence, second_figure.evidence] as evidence,
        first_figure.source_label || ' and ' || second_figure.source_label
        || case
            when first_figure.lower_bound > second_figure.upper_bound * (1 + facts.tolerance)
                or second_figure.lower_bound > first_figure.upper_bound * (1 + facts.tolerance)
                then ' conflict: '
            else ' agree: '
        end
        || first_figure.label || ' vs ' || second_figure.label as detail
    from chosen
    cross join facts
    inner join bounds as first_figure on first_figure.figure_id = chosen.first_figure_id
    inner join bounds as second_figure on second_figure.figure_id = chosen.second_figure_id
),

final as (
    select
        cast(md5(concat_ws('|', 'agreement', first_figure_id)) as varchar) as check_key,
        cast(first_figure_id as varchar) as first_figure_id,
        cast(second_figure_id as varchar) as second_figure_id,
        cast(coalesce(violates, false) as boolean) as violates,
        cast(figure_ids as varchar[]) as figure_ids,
        cast(article_ids as varchar[]) as article_ids,
        cast(outlets as varchar[]) as outlets,
        cast(evidence as varchar[]) as evidence,
        cast(detail as varchar) as detail
    from pairs
)

select * from final
