"""The measured cases: the corpus, the extraction process against the naive loop, ``prakerja run`` at a
size (full, rerun, add), and the seeds run with its import-time breakdown."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from prakerja_dq.bench.extract import article_files
from prakerja_dq.bench.machine import current_load
from prakerja_dq.bench.measure import Timed, run_timed, write_path_list
from prakerja_dq.bench.report import Report, Row

INCREMENT = 1_000
IMPORT_GROUPS: tuple[str, ...] = (
    "prefect",
    "great_expectations",
    "polars",
    "duckdb",
    "pandas",
    "pyarrow",
    "altair",
    "sqlalchemy",
    "pydantic",
    "flows",
    "expectations",
)


@dataclass
class Bench:
    """One benchmark run: where it works, the environment of its processes, and what it found so far."""

    work: Path
    report: Report
    env: dict[str, str]
    batch_size: int
    log: Callable[[str], None] = print
    on_row: Callable[[Report], None] | None = None
    flow_timeout: float | None = None

    @property
    def corpus(self) -> Path:
        return self.work / "corpus" / "articles"

    @property
    def inbox(self) -> Path:
        return self.work / "inbox"

    def add(self, row: Row) -> None:
        self.report.rows.append(row)
        if self.on_row is not None:
            self.on_row(self.report)


def generate_corpus(bench: Bench, largest: int, *, seed: int, per_folder: int) -> None:
    """Write the largest corpus once; smaller sizes are its first subfolders."""
    from prakerja_dq.synth import write_corpus

    bench.log(f"generating {largest:,} articles in {bench.work / 'corpus'} ...")
    stats = write_corpus(
        bench.work / "corpus", articles=largest, seed=seed, per_folder=per_folder, truth=False
    )
    bench.report.corpus = {
        "articles": stats.articles,
        "mb": round(stats.text_bytes / 1e6, 1),
        "seconds": stats.seconds,
        "workers": stats.workers,
        "where": str(bench.work),
    }
    bench.log(f"  {stats.articles:,} articles, {stats.text_bytes / 1e6:.0f} MB in {stats.seconds:.1f} s")


def _checked(timed: Timed, what: str) -> Timed:
    if timed.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {timed.returncode}):\n{timed.stderr_tail}")
    return timed


def extraction_case(bench: Bench, articles: int, *, repeat: int) -> None:
    """Our extraction process and the naive loop on the same files, alternately, best of ``repeat`` each."""
    files = article_files(bench.inbox)[:articles]
    listing = write_path_list(files, bench.work / "extract-files.txt")
    out = bench.work / "extract-figures.parquet"
    ours_command = [sys.executable, "-m", "prakerja_dq.bench", "_extract", "--list", str(listing)]
    ours_command += ["--out", str(out), "--batch-size", str(bench.batch_size)]
    naive_command = [sys.executable, "-m", "prakerja_dq.bench.naive", "--list", str(listing)]
    bench.log(f"extraction: ours and the naive loop on {len(files):,} articles, {repeat}x each ...")
    ours: list[Timed] = []
    naive: list[Timed] = []
    for _ in range(repeat):
        naive.append(_checked(run_timed(naive_command, env=bench.env, keep_stdout=False), "the naive loop"))
        ours.append(_checked(run_timed(ours_command, env=bench.env), "extraction"))
    best_ours, best_naive = min(ours, key=lambda t: t.seconds), min(naive, key=lambda t: t.seconds)
    inside = json.loads(best_ours.stdout.strip().splitlines()[-1])
    mb = inside["mb"]
    ratio = best_naive.seconds / best_ours.seconds if best_ours.seconds else 0.0
    runs = f"best of {repeat}: ours " + ", ".join(f"{t.seconds:.2f}" for t in ours)
    runs += " s; naive " + ", ".join(f"{t.seconds:.2f}" for t in naive) + " s"
    bench.add(
        Row(
            "naive loop (whole process)",
            len(files),
            len(files),
            mb,
            best_naive.seconds,
            best_naive.peak_rss_mb,
            note="src/prakerja_dq/bench/naive.py (per-article Python re loop, JSON lines out)",
        )
    )
    bench.add(
        Row(
            "extract (whole process)",
            len(files),
            inside["articles"],
            mb,
            best_ours.seconds,
            best_ours.peak_rss_mb,
            ratio=f"{ratio:.1f}x naive",
            note=f"{inside['figures']:,} figures; up to {inside['in_flight']} batches in flight; in process: "
            f"reading {inside['read_seconds']:.1f} s, {inside['cpu_seconds']:.1f} CPU s "
            f"({mb / max(inside['cpu_seconds'], 1e-9):.1f} MB per CPU s); {runs}; load {current_load()}",
        )
    )
    out.unlink(missing_ok=True)


def stage_note(stage_seconds: dict[str, float]) -> str:
    """``ingest 1.2 s, extract 3.4 s, ...`` for the note column.

    >>> stage_note({"ingest": 1.234, "model": 20.0})
    'ingest 1.2 s, model 20.0 s'
    """
    return ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in stage_seconds.items())


def _run_env(bench: Bench, home: Path) -> dict[str, str]:
    return bench.env | {
        "PRAKERJA_HOME": str(home),
        "PREFECT_LOGGING_LEVEL": bench.env.get("PREFECT_LOGGING_LEVEL", "WARNING"),
    }


def time_run(bench: Bench, home: Path) -> tuple[Timed, dict]:
    """``prakerja run`` over the inbox into ``home`` in a fresh process; its JSON summary."""
    command = [
        sys.executable,
        "-m",
        "prakerja_dq.cli",
        "run",
        "--input",
        str(bench.inbox),
        "--format",
        "json",
    ]
    timed = run_timed(command, env=_run_env(bench, home), timeout=bench.flow_timeout)
    if timed.returncode not in (0, 1):  # 1: the run finished and found blocking problems in the data
        raise RuntimeError(f"prakerja run failed (exit {timed.returncode}):\n{timed.stderr_tail}")
    return timed, json.loads(timed.stdout)


def _run_row(case: str, size: int, mb: float, timed: Timed, summary: dict, full: Row | None) -> Row:
    ratio = f"{timed.seconds / full.seconds:.2f}x full" if full is not None and full.seconds else ""
    return Row(
        case,
        size,
        summary.get("articles_extracted", 0),
        round(mb, 2),
        timed.seconds,
        timed.peak_rss_mb,
        ratio=ratio,
        note=f"{summary.get('files_seen', 0):,} files, {summary.get('articles_ingested', 0):,} ingested, "
        f"{summary.get('figures_extracted', 0):,} figures; flow {summary.get('seconds', 0):.1f} s: "
        + stage_note(summary.get("stage_seconds", {}))
        + (f"; FAILED: {summary['failures']}" if summary.get("failures") else ""),
    )


def run_cases(bench: Bench, size: int, *, seed: int, largest: int) -> None:
    """Full run on a fresh workspace, rerun over the unchanged inbox, then a rerun with 1.000 new articles
    (written once, moved into the inbox for the run and out again so that larger sizes stay prefixes)."""
    home = bench.work / f"home-{size}"
    mb = bench.report.corpus["mb"] * size / largest
    previous = bench.report.find("run: full", size)
    for case in ("run: full", "run: rerun"):
        bench.log(f"{case}, {size:,} articles ...")
        timed, summary = time_run(bench, home)
        bench.add(_run_row(case, size, mb if case == "run: full" else 0.0, timed, summary, previous))
        previous = bench.report.find("run: full", size)
    extra = bench.work / "extra" / "articles"
    if not extra.exists():
        from prakerja_dq.synth import write_corpus

        write_corpus(bench.work / "extra", articles=INCREMENT, seed=seed, start=largest, truth=False)
    moved = [bench.inbox / f"extra-{folder.name}" for folder in sorted(extra.iterdir())]
    for folder, target in zip(sorted(extra.iterdir()), moved, strict=True):
        os.replace(folder, target)
    try:
        bench.log(f"run: add {INCREMENT:,} to {size:,} articles ...")
        timed, summary = time_run(bench, home)
        increment_mb = bench.report.corpus["mb"] / largest * INCREMENT
        bench.add(_run_row("run: add", size, increment_mb, timed, summary, previous))
    finally:
        for target in moved:
            os.replace(target, extra / target.name.removeprefix("extra-"))
    shutil.rmtree(home, ignore_errors=True)


def import_breakdown() -> dict[str, float]:
    """Import time (s) of ``flows.pipeline`` per top-level package (``python -X importtime``, self times)."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import flows.pipeline"],
        capture_output=True,
        text=True,
        check=False,
    )
    totals: dict[str, float] = {}
    overall = 0.0
    for line in completed.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if not match:
            continue
        own = int(match.group(1)) / 1e6
        root = match.group(4).split(".")[0]
        key = root if root in IMPORT_GROUPS else "other"
        totals[key] = totals.get(key, 0.0) + own
        overall += own
    result = {key: round(value, 2) for key, value in sorted(totals.items(), key=lambda kv: -kv[1])}
    result["total"] = round(overall, 2)
    return result


def time_seeds_run(workdir: Path) -> dict:
    """``prakerja run`` on the seeds in fresh processes: cold (new workspace) then warm (same workspace)."""
    env = dict(os.environ) | {"PRAKERJA_HOME": str(workdir / "seeds-home")}
    env.pop("PREFECT_HOME", None)
    env.pop("PREFECT_API_URL", None)
    timings = {}
    for label in ("cold", "warm"):
        timed = run_timed([sys.executable, "-m", "prakerja_dq.cli", "run", "--format", "json"], env=env)
        timings[label] = round(timed.seconds, 2)
        if timed.returncode not in (0, 1):
            raise RuntimeError(
                f"prakerja run on the seeds failed (exit {timed.returncode}):\n{timed.stderr_tail}"
            )
        with contextlib.suppress(json.JSONDecodeError):
            timings[f"{label}_flow_seconds"] = json.loads(timed.stdout).get("seconds")
    return timings
