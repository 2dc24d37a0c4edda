-- intermediate.metric_order_pairs: each subset-metric figure against the tightest superset-metric figure
--   of its own article.
-- grain: one row per (check_name, lesser figure_id), only when a comparable greater figure exists in the
--   lesser figure's article.
-- Rule: each figure of a metric that counts a subset of another (recipients <= registrants,
--   training_completed <= recipients, ...) against the tightest comparable figure of the superset metric
--   within its own article; a row violates when the lesser figure's lower bound exceeds that tightest greater
--   figure's upper bound widened by the agreement tolerance (rounding: 12,3 juta completed after 12,2 juta
--   recipients), unless the lesser is more than same_quantity_ratio times the greater (a misread wave range
--   or scope, another quantity, as in intermediate.claims). Across articles, figures are judged by their
--   claims' consensus (intermediate.claims) and the cumulative timeline (intermediate.metric_timeline), not
--   pair by pair.
-- inputs: intermediate.figure_bounds, staging.reference_programme_facts.
-- incremental by article_id: a row compares figures of one article (joined on article_id) and lists it in article_ids (see warehouse.py).
-- Comparable: the same unit (persons: 'accounts' count sign-ups by e-mail, not people), the same scope (a
--   district is never compared with national totals), basis total, the greater figure dated no earlier than
--   the lesser, and the greater figure's wave span covering the lesser's.
-- Tightest: the comparable greater figure with the least upper bound (ties: smallest figure_id). Since a
--   violation against any comparable figure is also one against the tightest, checking the tightest finds
--   every lesser figure that breaks the rule, with one row instead of one per pair. Cost: all pairs within
--   each article (an article has few figures).
with bounds as (
    select *
    from intermediate.figure_bounds
    where
        unit = 'persons'
        and basis = 'total'
        and effective_date is not null
        and wave_lo is not null
),

facts as (
    select
        max(case when fact = 'agreement_tolerance' then cast(value as double) end) as tolerance,
        max(case when fact = 'same_quantity_ratio' then cast(value as double) end) as same_quantity_ratio
    from staging.reference_programme_facts
),

rules as (
    select *
    from (
        values
            ('recipients', 'registrants', 'recipients_le_registrants'),
            ('registrants_verified', 'registrants', 'registrants_verified_le_registrants'),
            ('training_started', 'recipients', 'training_started_le_recipients'),
            ('training_completed', 'recipients', 'training_completed_le_recipients'),
            ('training_completed', 'training_started', 'training_completed_le_training_started'),
            ('incentive_recipients', 'recipients', 'incentive_recipients_le_recipients'),
            ('incentive_pending', 'recipients', 'incentive_pending_le_recipients')
    ) as rule (lesser_metric, greater_metric, check_name)
),

lesser as (
    select
        rules.check_name,
        bounds.*
    from rules
    inner join bounds on bounds.metric = rules.lesser_metric
),

greater as (
    select
        rules.check_name,
        bounds.*
    from rules
    inner join bounds on bounds.metric = rules.greater_metric
),

tightest as (
    select
        lesser.check_name,
        lesser.figure_id as lesser_figure_id,
        greater.figure_id as greater_figure_id
    from lesser
    inner join greater
        on greater.check_name = lesser.check_name
        and greater.article_id = lesser.article_id
        and greater.scope = lesser.scope
        and greater.effective_date >= lesser.effective_date
        and greater.wave_lo <= lesser.wave_lo
        and greater.wave_hi >= lesser.wave_hi
    qualify
        row_number() over (
            partition by lesser.check_name, lesser.figure_id order by greater.upper_bound, greater.figure_id
        ) = 1
),

pairs as (
    select
        tightest.check_name,
        lesser.figure_id as lesser_figure_id,
        greater.figure_id as greater_figure_id,
        lesser.lower_bound > greater.upper_bound * (1 + facts.tolerance)
        and lesser.value <= greater.value * facts.same_quantity_ratio as violates,
        [lesser.figure_id, greater.figure_id] as figure_ids,
        [lesser.article_id, greater.article_id] as article_ids,
        [lesser.source_label, greater.source_label] as outlets,
        [lesser.evidence, greater.evidence] as evidence,
        lesser.label as lesser_label,
        greater.label as greater_label
    from tightest
    cross join facts
    inner join bounds as lesser on lesser.figure_id = tightest.lesser_figure_id
    inner join bounds as greater on greater.figure_id = tightest.greater_figure_id
),

final as (
    select
        -- 'same_article' stays in the key so keys match those of earlier runs
        cast(md5(concat_ws('|', check_name, 'same_article', lesser_figure_id)) as varchar) as check_key,
        cast(check_name as varchar) as check_name,
        cast(lesser_figure_id as varchar) as lesser_figure_id,
        cast(greater_figure_id as varchar) as greater_figure_id,
        cast(coalesce(violates, false) as boolean) as violates_same_article,
        cast(figure_ids as varchar[]) as figure_ids,
        cast(article_ids as varchar[]) as article_ids,
        cast(outlets as varchar[]) as outlets,
        cast(evidence as varchar[]) as evidence,
        cast(
            lesser_label || case when coalesce(violates, false) then ' exceeds ' else ' <= ' end
            || 'the tightest same article figure ' || greater_label as varchar
        ) as detail
    from pairs
)

select * from final
