"""What one ``prakerja bench`` run measured (rows of cases at sizes), issue 13's targets against it, and the
generated section of BENCHMARKS.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

GIB_MB = 1024.0


@dataclass
class Row:
    """One line of the results table: a case at a size."""

    case: str
    size: int
    articles: int
    mb: float
    seconds: float
    peak_rss_mb: float | None = None
    ratio: str = ""
    note: str = ""

    @property
    def mb_per_s(self) -> float:
        return self.mb / self.seconds if self.seconds else 0.0


@dataclass
class Report:
    """Everything ``prakerja bench`` measured in one run."""

    machine: dict[str, str]
    started: str
    rows: list[Row] = field(default_factory=list)
    corpus: dict = field(default_factory=dict)
    startup: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def find(self, case: str, size: int | None = None) -> Row | None:
        """The first row of a case (at a size), if it was measured."""
        return next((r for r in self.rows if r.case == case and (size is None or r.size == size)), None)


@dataclass(frozen=True)
class Target:
    """One line of issue 13's targets table, as measured."""

    case: str
    target: str
    measured: str
    met: bool | None  # None: not measured in this run


def _ratio_target(case: str, target: str, part: Row | None, whole: Row | None, limit: float) -> Target:
    if part is None or whole is None or not whole.seconds:
        return Target(case, target, "not measured", None)
    ratio = part.seconds / whole.seconds
    return Target(
        case, target, f"{part.seconds:.1f} s / {whole.seconds:.1f} s = {ratio:.2f}x", ratio <= limit
    )


def targets(report: Report, *, small: int = 100_000, large: int = 1_000_000) -> list[Target]:
    """Issue 13's targets against this run's rows (sizes ``small`` and ``large``).

    >>> r = Report(machine={}, started="")
    >>> r.rows += [Row("run: full", 100_000, 100_000, 200.0, 50.0), Row("run: rerun", 100_000, 0, 0, 4.0)]
    >>> [(t.case, t.met) for t in targets(r)][:3]
    [('100.000 full run', True), ('unchanged rerun at 100.000', True), ('adding 1.000 to 100.000', None)]
    """
    full_small, full_large = report.find("run: full", small), report.find("run: full", large)
    add_large = report.find("run: add", large)
    extract, naive = report.find("extract (whole process)"), report.find("naive loop (whole process)")
    rows = [
        Target("100.000 full run", "<= 60 s", *_limit(full_small, 60.0)),
        _ratio_target(
            "unchanged rerun at 100.000",
            "<= 0.1x the full run",
            report.find("run: rerun", small),
            full_small,
            0.1,
        ),
        _ratio_target(
            "adding 1.000 to 100.000",
            "<= 0.15x the full run",
            report.find("run: add", small),
            full_small,
            0.15,
        ),
        _ratio_target("1.000.000 full run", "<= 11x the 100.000 run", full_large, full_small, 11.0),
        Target("1.000.000 full run, peak RSS", "<= 2 GiB", *_rss(full_large)),
        Target("adding 1.000 to 1.000.000", "<= 20 s", *_limit(add_large, 20.0)),
        Target("extraction, whole process", ">= 50 MB/s", *_rate(extract)),
        Target("extraction vs the naive loop", ">= 10x", *_versus(extract, naive)),
    ]
    return rows


def _limit(row: Row | None, seconds: float) -> tuple[str, bool | None]:
    return ("not measured", None) if row is None else (f"{row.seconds:.1f} s", row.seconds <= seconds)


def _rss(row: Row | None) -> tuple[str, bool | None]:
    if row is None or row.peak_rss_mb is None:
        return "not measured", None
    return f"{row.peak_rss_mb:,.0f} MB", row.peak_rss_mb <= 2 * GIB_MB


def _rate(row: Row | None) -> tuple[str, bool | None]:
    return ("not measured", None) if row is None else (f"{row.mb_per_s:.1f} MB/s", row.mb_per_s >= 50.0)


def _versus(ours: Row | None, naive: Row | None) -> tuple[str, bool | None]:
    if ours is None or naive is None or not ours.seconds:
        return "not measured", None
    ratio = naive.seconds / ours.seconds * (ours.mb / naive.mb if naive.mb else 1.0)
    return f"{ratio:.1f}x ({ours.mb_per_s:.1f} vs {naive.mb_per_s:.1f} MB/s)", ratio >= 10.0


START, END = "<!-- prakerja bench: start -->", "<!-- prakerja bench: end -->"


def format_report(report: Report) -> str:
    """The generated part of BENCHMARKS.md: machine, corpus, results, targets, start-up."""
    m = report.machine
    lines = [
        START,
        "## Latest `prakerja bench` run",
        "",
        f"Measured {report.started} (this section is rewritten by the command; the rest of the file is not).",
        "",
        f"- CPU: {m.get('cpu')}, {m.get('cores')} cores; RAM {m.get('ram')}; {m.get('os')}",
        f"- load average when the run started: {m.get('load')} (the machine is shared)",
        f"- Python {m.get('python')}; {m.get('packages')}",
    ]
    if report.corpus:
        c = report.corpus
        lines.append(
            f"- corpus: `prakerja synth`, {c['articles']:,} articles, {c['mb']:,} MB of text, written in "
            f"{c['seconds']:.1f} s by {c['workers']} processes under {c['where']}; smaller sizes are prefixes"
        )
    lines += [
        "",
        "| case | size | articles | MB | wall s | MB/s | peak RSS MB | ratio | note |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in report.rows:
        rss = f"{row.peak_rss_mb:,.0f}" if row.peak_rss_mb is not None else ""
        lines.append(
            f"| {row.case} | {row.size:,} | {row.articles:,} | {row.mb:,.1f} | {row.seconds:,.2f} | "
            f"{row.mb_per_s:,.1f} | {rss} | {row.ratio} | {row.note} |"
        )
    lines += ["", "| issue 13 target | wanted | measured | met |", "|---|---|---|---|"]
    for target in targets(report):
        met = {True: "yes", False: "**no**", None: ""}[target.met]
        lines.append(f"| {target.case} | {target.target} | {target.measured} | {met} |")
    if report.startup:
        s = report.startup
        imports = s.get("imports", {})
        lines += [
            "",
            f"Seeds (`make run`): cold {s.get('cold')} s (flow {s.get('cold_flow_seconds')} s), warm "
            f"{s.get('warm')} s (flow {s.get('warm_flow_seconds')} s). Import time of `flows.pipeline`: "
            + ", ".join(f"{name} {seconds} s" for name, seconds in imports.items()),
        ]
    if report.notes:
        lines += ["", *report.notes]
    return "\n".join([*lines, END]) + "\n"


def write_report(report: Report, out: Path) -> None:
    """Replace the generated section of ``out`` (between the markers), keeping everything else; a file
    without the markers gets the section at the end."""
    section = format_report(report)
    existing = out.read_text(encoding="utf-8") if out.exists() else "# Benchmarks\n"
    start, end = existing.find(START), existing.find(END)
    if start >= 0 and end > start:
        text = existing[:start] + section + existing[end + len(END) :].lstrip("\n")
    else:
        text = existing.rstrip("\n") + "\n\n" + section
    out.write_text(text, encoding="utf-8")
