-- intermediate.metric_order_pairs: each subset-metric figure against the tightest superset-metric figure.
-- grain: one row per (check_name, lesser figure_id, comparison) where comparison is same_article or
--   across_articles, and only when a comparable greater figure exists.
-- Rule: each figure of a metric that counts a subset of another (recipients <= registrants,
--   training_completed <= recipients, ...) against the tightest comparable figure of the superset metric, once
--   within its own article and once across the other articles; a row violates when the lesser figure's lower
--   bound exceeds that tightest greater figure's upper bound widened by the agreement tolerance (rounding:
--   12,3 juta completed after 12,2 juta recipients), unless the lesser is more than same_quantity_ratio times
--   the greater (a misread wave range or scope, another quantity, as in intermediate.claims).
-- inputs: intermediate.figure_bounds, staging.reference_programme_facts.
-- Comparable: the same unit (persons: 'accounts' count sign-ups by e-mail, not people), the same scope (a
--   district is never compared with national totals), basis total, the greater figure dated no earlier than
--   the lesser, and the greater figure's wave span covering the lesser's.
-- Tightest: the comparable greater figure with the least upper bound (ties: smallest figure_id). Since a
--   violation against any comparable figure is also one against the tightest, checking the tightest finds
--   every lesser figure that breaks the rule, with one row instead of one per pair.
-- Cost: within an article, all pairs (an article has few figures). Across articles, greater figures are
--   reduced to a suffix minimum over dates per (rule, unit, scope, basis, wave span): the three least upper
--   bounds at or after each date (window function); each distinct (rule, unit, scope, wave span, date) of
--   the lesser figures meets every covering wave span by an ASOF join on the date, so the work grows with
--   the number of figures times log, plus the vocabulary of spans and dates, never with pairs. The three
--   least are kept per (article, day) so the lesser figure's own article can be skipped; an article that
--   holds the three least on three different days hides a fourth article (accepted: it is also flagged
--   within that article if it breaks the rule there).
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

-- within one article: every comparable pair, keeping the tightest greater figure per lesser figure
same_article_tightest as (
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

-- across articles: the least upper bound of each (rule, scope, wave span, article, day)
greater_days as (
    select
        check_name,
        scope,
        wave_lo,
        wave_hi,
        effective_date,
        article_id,
        min(upper_bound) as upper_bound,
        arg_min(figure_id, (upper_bound, figure_id)) as figure_id
    from greater
    group by check_name, scope, wave_lo, wave_hi, effective_date, article_id
),

-- the three least upper bounds at or after each date, per (rule, scope, wave span)
greater_suffix as (
    select
        check_name,
        scope,
        wave_lo,
        wave_hi,
        effective_date,
        min_by(
            {'upper_bound': upper_bound, 'figure_id': figure_id, 'article_id': article_id}, upper_bound, 3
        ) over (
            partition by check_name, scope, wave_lo, wave_hi
            order by effective_date desc
            range between unbounded preceding and current row
        ) as tightest
    from greater_days
    qualify row_number() over (partition by check_name, scope, wave_lo, wave_hi, effective_date) = 1
),

lesser_keys as (
    select distinct check_name, scope, wave_lo, wave_hi, effective_date
    from lesser
),

greater_spans as (
    select distinct check_name, scope, wave_lo, wave_hi
    from greater_days
),

covering as (
    select
        lesser_keys.*,
        greater_spans.wave_lo as greater_wave_lo,
        greater_spans.wave_hi as greater_wave_hi
    from lesser_keys
    inner join greater_spans
        on greater_spans.check_name = lesser_keys.check_name
        and greater_spans.scope = lesser_keys.scope
        and greater_spans.wave_lo <= lesser_keys.wave_lo
        and greater_spans.wave_hi >= lesser_keys.wave_hi
),

key_candidates as (
    select
        covering.check_name,
        covering.scope,
        covering.wave_lo,
        covering.wave_hi,
        covering.effective_date,
        flatten(list(greater_suffix.tightest)) as candidates
    from covering
    asof inner join greater_suffix
        on greater_suffix.check_name = covering.check_name
        and greater_suffix.scope = covering.scope
        and greater_suffix.wave_lo = covering.greater_wave_lo
        and greater_suffix.wave_hi = covering.greater_wave_hi
        and greater_suffix.effective_date >= covering.effective_date
    group by covering.check_name, covering.scope, covering.wave_lo, covering.wave_hi, covering.effective_date
),

across_articles_tightest as (
    select
        lesser.check_name,
        lesser.figure_id as lesser_figure_id,
        list_sort(
            list_filter(
                key_candidates.candidates, lambda candidate: candidate.article_id <> lesser.article_id
            )
        )[1].figure_id as greater_figure_id
    from lesser
    inner join key_candidates
        on key_candidates.check_name = lesser.check_name
        and key_candidates.scope = lesser.scope
        and key_candidates.wave_lo = lesser.wave_lo
        and key_candidates.wave_hi = lesser.wave_hi
        and key_candidates.effective_date = lesser.effective_date
),

tightest as (
    select *, 'same_article' as comparison from same_article_tightest
    union all
    select *, 'across_articles' as comparison
    from across_articles_tightest
    where greater_figure_id is not null
),

pairs as (
    select
        tightest.check_name,
        tightest.comparison,
        lesser.figure_id as lesser_figure_id,
        greater.figure_id as greater_figure_id,
        lesser.article_id = greater.article_id as same_article,
        lesser.lower_bound > greater.upper_bound * (1 + facts.tolerance)
        and lesser.value <= greater.value * facts.same_quantity_ratio as violates,
        [lesser.figure_id, greater.figure_id] as figure_ids,
        [lesser.article_id, greater.article_id] as article_ids,
        [lesser.source_label, greater.source_label] as outlets,
        [lesser.evidence, greater.evidence] as evidence,
        lesser.label
        || case
            when
                lesser.lower_bound > greater.upper_bound * (1 + facts.tolerance)
                and lesser.value <= greater.value * facts.same_quantity_ratio
                then ' exceeds '
            else ' <= '
        end
        || 'the tightest ' || replace(tightest.comparison, '_', ' ') || ' figure ' || greater.label as detail
    from tightest
    cross join facts
    inner join bounds as lesser on lesser.figure_id = tightest.lesser_figure_id
    inner join bounds as greater on greater.figure_id = tightest.greater_figure_id
),

final as (
    select
        cast(md5(concat_ws('|', check_name, comparison, lesser_figure_id)) as varchar) as check_key,
        cast(check_name as varchar) as check_name,
        cast(comparison as varchar) as comparison,
        cast(lesser_figure_id as varchar) as lesser_figure_id,
        cast(greater_figure_id as varchar) as greater_figure_id,
        cast(same_article as boolean) as same_article,
        cast(coalesce(violates, false) as boolean) as violates,
        cast(coalesce(violates, false) and same_article as boolean) as violates_same_article,
        cast(coalesce(violates, false) and not same_article as boolean) as violates_across_articles,
        cast(figure_ids as varchar[]) as figure_ids,
        cast(article_ids as varchar[]) as article_ids,
        cast(outlets as varchar[]) as outlets,
        cast(evidence as varchar[]) as evidence,
        cast(detail as varchar) as detail
    from pairs
)

select * from final
