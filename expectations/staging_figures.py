"""Suite for staging.figures: every figure on its own (keys, vocabulary, ranges, dates, magnitudes)."""

from __future__ import annotations

import datetime as dt

import great_expectations as gx
from great_expectations.expectations.row_conditions import Column

from expectations._spec import SuiteSpec, check, read_metric_units, read_programme_facts
from prakerja_dq.contract import QUALIFIERS, UNITS

COUNT_UNITS = ["persons", "accounts", "count"]
KEY_WHY = "a figure without a unique key cannot be routed, quarantined or published"


def build_expectations() -> list[gx.expectations.Expectation]:
    facts = read_programme_facts()
    metrics = sorted(read_metric_units())
    last_wave = int(facts["last_known_wave"])
    first_wave = int(facts["first_wave"])
    e = gx.expectations
    return [
        check(
            e.ExpectColumnValuesToNotBeNull,
            name="figure_id_present",
            severity="blocking",
            why=KEY_WHY,
            column="figure_id",
        ),
        check(
            e.ExpectColumnValuesToBeUnique,
            name="figure_id_unique",
            severity="blocking",
            why=KEY_WHY,
            column="figure_id",
        ),
        check(
            e.ExpectColumnValuesToNotBeNull,
            name="figure_article_id_present",
            severity="blocking",
            why="a figure must trace back to the article it was read from",
            column="article_id",
        ),
        check(
            e.ExpectColumnValuesToBeInSet,
            name="metric_in_vocabulary",
            severity="blocking",
            why="a metric outside seeds/reference/metrics.csv has no meaning for consumers",
            column="metric",
            value_set=metrics,
            mostly=1.0,
        ),
        check(
            e.ExpectColumnValuesToNotBeNull,
            name="metric_present",
            severity="blocking",
            why="a figure without a metric cannot be compared or published",
            column="metric",
        ),
        check(
            e.ExpectColumnValuesToBeInSet,
            name="unit_known",
            severity="blocking",
            why="values in an unknown unit cannot be compared with anything",
            column="unit",
            value_set=list(UNITS),
        ),
        check(
            e.ExpectColumnValuesToBeInSet,
            name="qualifier_known",
            severity="blocking",
            why="the qualifier decides the interval every cross-figure check compares",
            column="qualifier",
            value_set=list(QUALIFIERS),
        ),
        check(
            e.ExpectColumnValuesToNotBeNull,
            name="value_present",
            severity="blocking",
            why="a figure without a value is not a figure",
            column="value",
        ),
        check(
            e.ExpectColumnValuesToBeBetween,
            name="value_positive",
            severity="blocking",
            why="counts, amounts, shares and waves are all > 0; zero or less is a misread number",
            column="value",
            min_value=0,
            strict_min=True,
        ),
        check(
            e.ExpectColumnValuesToBeBetween,
            name="percent_at_most_100",
            severity="blocking",
            why="a share above 100% is impossible (decimal comma misread, or not a percent)",
            column="value",
            max_value=100,
            row_condition=Column("unit") == "percent",
        ),
        check(
            e.ExpectColumnValuesToBeBetween,
            name="count_plausible",
            severity="blocking",
            why="no count of people, accounts or things can exceed Indonesia's population",
            column="value",
            max_value=float(facts["population_bound"]),
            row_condition=Column("unit").is_in(COUNT_UNITS),
        ),
        check(
            e.ExpectColumnValuesToBeBetween,
            name="wave_value_known",
            severity="blocking",
            why="a wave number outside the known waves is a misread number",
            column="value",
            min_value=first_wave,
            max_value=last_wave,
            row_condition=Column("unit") == "wave",
        ),
        check(
            e.ExpectColumnPairValuesAToBeGreaterThanB,
            name="wave_range_ordered",
            severity="blocking",
            why="wave_from > wave_to is an impossible range; every range check would misfire",
            column_A="wave_to",
            column_B="wave_from",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
        check(
            e.ExpectColumnValuesToBeBetween,
            name="wave_from_known",
            severity="blocking",
            why="waves are numbered from 1 up to the last known wave",
            column="wave_from",
            min_value=first_wave,
            max_value=last_wave,
        ),
        check(
            e.ExpectColumnValuesToBeBetween,
            name="wave_to_known",
            severity="blocking",
            why="waves are numbered from 1 up to the last known wave",
            column="wave_to",
            min_value=first_wave,
            max_value=last_wave,
        ),
        check(
            e.ExpectColumnValuesToMatchRegex,
            name="as_of_is_a_date",
            severity="blocking",
            why="as_of must be an ISO date or month; anything else cannot be placed in time",
            column="as_of",
            regex=r"^\d{4}-\d{2}(?:-\d{2})?$",
        ),
        check(
            e.ExpectColumnValuesToBeBetween,
            name="as_of_after_programme_start",
            severity="blocking",
            why="no programme figure can be dated before registration opened",
            column="as_of_date",
            min_value=dt.datetime.fromisoformat(facts["programme_start"]),
        ),
        check(
            e.ExpectColumnPairValuesAToBeGreaterThanB,
            name="as_of_not_after_publication",
            severity="blocking",
            why="an article cannot report a figure dated after it was published",
            column_A="published_date",
            column_B="as_of_date",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
        check(
            e.ExpectColumnValuesToBeBetween,
            name="period_year_in_programme",
            severity="blocking",
            why="the programme started in 2020; earlier years are misreads",
            column="period_year",
            min_value=int(facts["programme_start"][:4]),
            max_value=2100,
        ),
        check(
            e.ExpectColumnValuesToNotBeNull,
            name="evidence_present",
            severity="warning",
            why="without the source span the figure cannot be checked by a reader; the value may still hold",
            column="evidence",
        ),
    ]


SPEC = SuiteSpec(
    name="staging_figures", table="staging.figures", key="figure_id", build_expectations=build_expectations
)
