"""Great Expectations suites, one per validated warehouse table (``SUITES``), with JSON snapshots beside them.

Regenerate the snapshots after changing a suite or the reference data: ``python -m expectations``.
"""

from __future__ import annotations

from expectations import (
    intermediate_claims,
    intermediate_cumulative_pairs,
    intermediate_date_mention_weekdays,
    intermediate_dates_without_year,
    intermediate_figure_claims,
    intermediate_figure_reference_checks,
    intermediate_headline_figures,
    intermediate_metric_order_pairs,
    intermediate_metric_timeline,
    intermediate_programme_name_variants,
    intermediate_scheme_part_sums,
    intermediate_unit_conflicts,
    intermediate_wave_part_sums,
    intermediate_wave_subrange_pairs,
    staging_articles,
    staging_figures,
)
from expectations._spec import SuiteSpec

SUITES: tuple[SuiteSpec, ...] = (
    staging_figures.SPEC,
    staging_articles.SPEC,
    intermediate_figure_reference_checks.SPEC,
    intermediate_date_mention_weekdays.SPEC,
    intermediate_metric_order_pairs.SPEC,
    intermediate_wave_subrange_pairs.SPEC,
    intermediate_cumulative_pairs.SPEC,
    intermediate_wave_part_sums.SPEC,
    intermediate_claims.SPEC,
    intermediate_figure_claims.SPEC,
    intermediate_metric_timeline.SPEC,
    intermediate_dates_without_year.SPEC,
    intermediate_programme_name_variants.SPEC,
    intermediate_unit_conflicts.SPEC,
    intermediate_headline_figures.SPEC,
    intermediate_scheme_part_sums.SPEC,
)

__all__ = ["SUITES", "SuiteSpec"]
