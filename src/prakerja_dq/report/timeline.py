"""Consensus timeline charts: the best-supported value of a metric by date, with every report as a point.

Points arrive binned on a grid finer than the chart's pixels (see ``claims_data.CHART_POINTS``); outlets are
grouped so the legend names only the outlets that matter: the ones that dissent most, then the ones that
report most; everything else is "other outlets". Charts are rendered offline by vl-convert as JPEG images
(quality 80) by default: their size depends on the pixels, not on the number of reports. Measured on the
20.000-article fixture, one chart: inline SVG 0.8-2.3 MB (it grows with every mark), PNG ~180 KB, JPEG ~70 KB
(base64 included).
"""

from __future__ import annotations

import base64
from typing import Literal

import altair as alt
import polars as pl
import vl_convert as vlc

OTHER_OUTLETS = "other outlets"
NAMED_DISSENTERS = 4
NAMED_REPORTERS = 3
STATUS_SHAPES = {
    "agrees": "circle",
    "single_source": "square",
    "not_comparable": "triangle-up",
    "outlier": "cross",
}
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]
OTHER_COLOUR = "#b8b8b8"
WIDTH, HEIGHT = 640, 260
Format = Literal["png", "svg", "jpeg"]


def legend_outlets(
    outlet_reports: pl.DataFrame, *, dissenters: int = NAMED_DISSENTERS, reporters: int = NAMED_REPORTERS
) -> list[str]:
    """The outlets a metric's legend names: most outlier reports first, then most reports.

    >>> frame = pl.DataFrame(
    ...     {"outlet": ["A", "B", "C", "D"], "reports": [90, 5, 40, 1], "outliers": [0, 3, 0, 1]}
    ... )
    >>> legend_outlets(frame, dissenters=1, reporters=2)
    ['B', 'A', 'C']
    """
    dissenting = (
        outlet_reports.filter(pl.col("outliers") > 0)
        .sort(["outliers", "reports", "outlet"], descending=[True, True, False])
        .head(dissenters)["outlet"]
        .to_list()
    )
    reporting = (
        outlet_reports.filter(~pl.col("outlet").is_in(dissenting))
        .sort(["reports", "outlet"], descending=[True, False])
        .head(reporters)["outlet"]
        .to_list()
    )
    return [*dissenting, *reporting]


def grouped_points(points: pl.DataFrame, named: list[str]) -> pl.DataFrame:
    """Points with outlets outside ``named`` merged into one "other outlets" group, outliers drawn last."""
    if points.is_empty():
        return points.with_columns(group=pl.lit(OTHER_OUTLETS))
    grouped = points.with_columns(
        group=pl.when(pl.col("outlet").is_in(named)).then(pl.col("outlet")).otherwise(pl.lit(OTHER_OUTLETS))
    )
    return (
        grouped.group_by("x_cell", "y_cell", "group", "status")
        .agg(pl.col("as_of").min(), pl.col("value").mean(), pl.col("reports").sum())
        .with_columns(
            drawn_last=(pl.col("status") == "outlier").cast(pl.Int8) * 2 + (pl.col("group") != OTHER_OUTLETS)
        )
        # a total order: group_by returns groups in any order, and ties would draw the same chart differently
        .sort("drawn_last", "as_of", "value", "group", "status", "x_cell", "y_cell")
    )


def finite(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """Infinite or NaN values as nulls (an open interval's bound is infinite; JSON has no infinity).

    >>> finite(pl.DataFrame({"high": [1.0, float("inf"), float("nan")]}), "high")["high"].to_list()
    [1.0, None, None]
    """
    return frame.with_columns(
        pl.when(pl.col(column).is_finite()).then(pl.col(column)).otherwise(None).alias(column)
        for column in columns
    )


def timeline_chart(metric: str, unit: str, timeline: pl.DataFrame, points: pl.DataFrame, named: list[str]):
    """Consensus band and line, and every report as a point coloured by its (grouped) outlet."""
    domain = [*named, OTHER_OUTLETS]
    colours = [*PALETTE[: len(named)], OTHER_COLOUR]
    x = alt.X("as_of:T", title="as of")
    y = alt.Y("value:Q", title=f"{metric} ({unit})")
    frame = finite(grouped_points(points, named), "value").with_columns(pl.col("as_of").cast(pl.String))
    reports = (
        alt.Chart(frame.select("as_of", "value", "group", "status", "drawn_last"))
        .mark_point(filled=True, opacity=1)
        .encode(
            x=x,
            y=y,
            size=alt.condition(alt.datum.status == "outlier", alt.value(70), alt.value(20)),
            color=alt.Color("group:N", title="outlet", scale=alt.Scale(domain=domain, range=colours)),
            shape=alt.Shape(
                "status:N",
                title="report",
                scale=alt.Scale(domain=list(STATUS_SHAPES), range=list(STATUS_SHAPES.values())),
            ),
            order=alt.Order("drawn_last:Q"),
        )
    )
    # the line follows the series with no wave range (the count so far); each wave range's consensus is a
    # short dash, so ranges of different widths on one day do not zigzag the line
    timeline = finite(timeline, "value", "low", "high").with_columns(pl.col("as_of").cast(pl.String))
    no_waves = pl.col("wave_from").is_null() & pl.col("wave_to").is_null()
    overall = alt.Chart(timeline.filter(no_waves).select("as_of", "value", "low", "high"))
    band = overall.mark_area(opacity=0.25, color="#444", interpolate="step-after").encode(
        x=x, y="low:Q", y2="high:Q"
    )
    line = overall.mark_line(color="#111", strokeWidth=2, interpolate="step-after").encode(x=x, y=y)
    ranges = alt.Chart(timeline.filter(~no_waves).select("as_of", "value"))
    dashes = ranges.mark_tick(color="#111", thickness=2, size=9, orient="horizontal").encode(x=x, y=y)
    return (
        alt.layer(band, reports, dashes, line, title=f"{metric}: consensus (line, band) and every report")
        .resolve_scale(color="independent")
        .properties(width=WIDTH, height=HEIGHT)
    )


def render(chart: alt.TopLevelMixin, fmt: Format = "jpeg") -> str:
    """The chart as an HTML fragment: an inline SVG, or a PNG/JPEG data URL image."""
    # points are already binned to the chart's grid: thousands of rows, inline; validating every row against
    # the schema took most of the build (35 s of 60 at 20.000 articles)
    with alt.data_transformers.disable_max_rows():
        spec = chart.to_dict(validate=False)
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec)
    data = vlc.vegalite_to_png(spec) if fmt == "png" else vlc.vegalite_to_jpeg(spec, quality=80)
    encoded = base64.b64encode(data).decode("ascii")
    return f'<img alt="consensus timeline chart" src="data:image/{fmt};base64,{encoded}">'


def metric_timelines(
    timeline: pl.DataFrame, points: pl.DataFrame, outlet_reports: pl.DataFrame, *, fmt: Format = "jpeg"
) -> dict[str, dict]:
    """Per timeline metric, most reported first: unit, the outlets its legend names, the rendered chart."""
    charts = {}
    by_reports = (
        points.group_by("metric")
        .agg(pl.col("reports").sum())
        .sort(["reports", "metric"], descending=[True, False])
    )
    ordered = [*by_reports["metric"].to_list(), *sorted(set(timeline["metric"]) - set(by_reports["metric"]))]
    for metric in ordered:
        metric_points = points.filter(pl.col("metric") == metric)
        unit = metric_points["unit"][0] if metric_points.height else ""
        named = legend_outlets(outlet_reports.filter(pl.col("metric") == metric))
        chart = timeline_chart(
            metric, unit, timeline.filter(pl.col("metric") == metric), metric_points, named
        )
        charts[metric] = {
            "unit": unit,
            "named": named,
            "reports": int(metric_points["reports"].sum()) if metric_points.height else 0,
            "html": render(chart, fmt),
        }
    return charts
