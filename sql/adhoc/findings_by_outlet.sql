-- Answers: which outlets' figures fail validation most often, and on which checks?
-- grain: one row per outlet and severity; an article naming no outlet counts as 'unknown outlet (<doc>)'.
-- inputs: marts.findings, marts.figures (figures published per outlet, to put the findings in proportion).
with findings_per_outlet as (
    select
        outlet,
        severity,
        check_name
    from (select unnest(outlets) as outlet, severity, check_name from marts.findings)
),

published as (
    select
        coalesce(outlet, 'unknown outlet (' || doc || ')') as outlet,
        count(*) as figures_published
    from marts.figures
    group by all
),

final as (
    select
        findings_per_outlet.outlet,
        findings_per_outlet.severity,
        count(*) as findings,
        list(distinct findings_per_outlet.check_name order by findings_per_outlet.check_name) as checks,
        coalesce(any_value(published.figures_published), 0) as figures_published
    from findings_per_outlet
    left join published using (outlet)
    group by findings_per_outlet.outlet, findings_per_outlet.severity
)

select * from final
order by findings desc, outlet, severity
