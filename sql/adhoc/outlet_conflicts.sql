-- Answers: where do different outlets contradict each other, and what exactly did each one say?
-- grain: one row per failed check instance that involves more than one outlet.
-- inputs: marts.findings (list_distinct drops unnamed outlets). Blocking first; `evidence` holds the sentences.
with findings as (
    select *
    from marts.findings
),

final as (
    select
        check_name,
        severity,
        list_sort(list_distinct(outlets)) as outlets,
        len(figure_ids) as figures_involved,
        detail,
        evidence
    from findings
    where len(list_distinct(outlets)) > 1
)

select * from final
order by case severity when 'blocking' then 0 else 1 end, check_name, detail
