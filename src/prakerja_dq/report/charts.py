"""Timeline charts of the cumulative metrics of a run without claim marts, rendered offline as JPEG images.

The legend names the outlets behind most failed checks and the ones reporting most; the others are drawn
grey as "other outlets" (a 20.000-article run has close to 900 outlets).
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import polars as pl

from prakerja_dq.report.timeline import OTHER_COLOUR, OTHER_OUTLETS, PALETTE, legend_outlets, render

CUMULATIVE_METRICS: tuple[str, ...] = ("registrants", "recipients")
FLAG_LABELS = {True: "behind a failed check", False: "no failed check"}


def chart_frame(figures: pd.DataFrame, metric: str, unit: str) -> pd.DataFrame:
    """Plot rows for one metric in one unit: every reported national value, its source and check status."""
    chosen = (figures["metric"] == metric) & (figures["unit"] == unit) & (figures["scope"] == "national")
    rows = figures[chosen].copy()
    if rows.empty:
        return rows
    rows["date"] = pd.to_datetime(rows["effective_date"]).dt.strftime("%Y-%m-%d")
    outlets = pl.from_pandas(
        rows.groupby("source_label")
        .agg(reports=("value", "size"), outliers=("flagged", "sum"))
        .reset_index()
        .rename(columns={"source_label": "outlet"})
    )
    named = legend_outlets(outlets)
    rows["source"] = rows["source_label"].where(rows["source_label"].isin(named), OTHER_OUTLETS)
    rows["status"] = rows["flagged"].map(FLAG_LABELS)
    rows["waves"] = [
        "no waves" if pd.isna(lo) else (f"wave {int(lo)}" if lo == hi else f"waves {int(lo)}-{int(hi)}")
        for lo, hi in zip(rows["wave_from"], rows["wave_to"].fillna(rows["wave_from"]), strict=True)
    ]
    rows["wave_to_plot"] = rows["wave_to"].fillna(rows["wave_from"])
    columns = ["date", "value", "unit", "qualifier", "source", "status", "waves", "wave_from", "wave_to_plot"]
    return rows[[*columns, "evidence", "checks"]].reset_index(drop=True)


def _colour(frame: pd.DataFrame) -> alt.Color:
    named = [name for name in dict.fromkeys(frame["source"]) if name != OTHER_OUTLETS]
    return alt.Color(
        "source:N",
        title="outlet",
        scale=alt.Scale(domain=[*named, OTHER_OUTLETS], range=[*PALETTE[: len(named)], OTHER_COLOUR]),
    )


def _encodings(frame: pd.DataFrame) -> dict:
    return {
        "color": _colour(frame),
        "shape": alt.Shape(
            "status:N",
            title="check status",
            scale=alt.Scale(domain=list(FLAG_LABELS.values()), range=["cross", "circle"]),
        ),
        "tooltip": [
            "source:N",
            "value:Q",
            "unit:N",
            "qualifier:N",
            "waves:N",
            "date:N",
            "evidence:N",
            "checks:N",
        ],
    }


def by_date_chart(frame: pd.DataFrame, title: str) -> alt.Chart:
    return (
        alt.Chart(frame, title=f"{title}: every reported value by date")
        .mark_point(size=120, filled=True, opacity=0.85)
        .encode(
            x=alt.X("date:T", title="as of"),
            y=alt.Y("value:Q", title=title),
            **_encodings(frame),
        )
        .properties(width=640, height=260)
    )


def by_wave_chart(frame: pd.DataFrame, title: str) -> alt.LayerChart | None:
    with_waves = frame.dropna(subset=["wave_from"])
    if with_waves.empty:
        return None
    base = alt.Chart(with_waves, title=f"{title}: every reported value by wave range")
    ranges = base.mark_rule(strokeWidth=3, opacity=0.6).encode(
        x=alt.X("wave_from:Q", title="wave range (gelombang)", scale=alt.Scale(domainMin=1)),
        x2="wave_to_plot:Q",
        y=alt.Y("value:Q", title=title),
        color=_colour(with_waves),
    )
    points = base.mark_point(size=120, filled=True, opacity=0.85).encode(
        x="wave_to_plot:Q", y="value:Q", **_encodings(with_waves)
    )
    return (ranges + points).properties(width=640, height=260)


def metric_charts(figures: pd.DataFrame) -> dict[str, list[str]]:
    """``"metric (unit)" -> [<img>, ...]`` per cumulative metric and unit (units never share an axis)."""
    charts: dict[str, list[str]] = {}
    for metric in CUMULATIVE_METRICS:
        units = sorted(figures.loc[figures["metric"] == metric, "unit"].dropna().unique())
        if not units:
            charts[metric] = []
        for unit in units:
            title = f"{metric} ({unit})"
            frame = chart_frame(figures, metric, unit)
            if frame.empty:
                charts[title] = []
                continue
            rendered = [render(by_date_chart(frame, title))]
            wave_chart = by_wave_chart(frame, title)
            if wave_chart is not None:
                rendered.append(render(wave_chart))
            charts[title] = rendered
    return charts
