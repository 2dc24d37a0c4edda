"""Benchmarks: issue 13's targets, each measured in fresh processes and stated as a ratio within one run.

``prakerja bench`` (``make bench``) generates one synthetic corpus of the largest size (smaller sizes are
prefixes of it: its first subfolders, moved into the inbox as the sizes grow) under a workdir on real disk,
then measures these cases:

- ``extract``: the whole extraction process (start-up, reading the files, extracting, writing the figures as
  Parquet) against the naive per-article regex loop of :mod:`prakerja_dq.bench.naive` on the same files, one
  after the other, ``repeat`` times each (best of); the ratio is the naive loop's wall time over ours;
- ``run``: per size, ``prakerja run`` on a fresh workspace (full), again on the unchanged inbox (rerun), then
  with 1.000 new articles added (add); wall time and the peak RSS of each ``prakerja run`` process;
- ``seeds``: ``prakerja run`` on the seed articles (the ``make run`` path, Prefect start-up included), cold
  and warm, with an import-time breakdown.

The cases are in :mod:`.cases`, the extraction process they time (and its private entry point ``python -m
prakerja_dq.bench _extract``) in :mod:`.extract`; :func:`.report.targets` compares the rows with issue 13's
table and :mod:`.report` writes them to BENCHMARKS.md.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from prakerja_dq.bench.cases import (
    Bench,
    extraction_case,
    generate_corpus,
    import_breakdown,
    run_cases,
    time_seeds_run,
)
from prakerja_dq.bench.machine import choose_workdir, describe_machine, folder_size, grow_inbox
from prakerja_dq.bench.prefect_server import PrefectServer
from prakerja_dq.bench.report import Report

DEFAULT_SIZES: tuple[int, ...] = (100_000, 1_000_000)
QUICK_SIZES: tuple[int, ...] = (2_000,)
# the extraction case reads at most this many articles (the naive loop runs ~2 MB/s on a loaded machine)
EXTRACT_MAX = 100_000


def _start_prefect(bench: Bench) -> PrefectServer | None:
    if bench.env.get("PREFECT_API_URL"):
        return None
    server = PrefectServer(bench.work / "prefect-server")
    bench.log(f"starting a Prefect server for the runs on {server.api_url} ...")
    seconds = server.wait()
    bench.report.notes.append(
        f"- The `prakerja run` processes talk to one Prefect server started by the benchmark (ready in "
        f"{seconds:.1f} s), as a deployment would; the temporary-server start-up is in the seeds line."
    )
    bench.env["PREFECT_API_URL"] = server.api_url
    return server


def run_benchmarks(
    sizes: list[int],
    *,
    workdir: Path | None = None,
    seed: int = 0,
    stages: set[str],
    repeat: int = 2,
    extract_max: int = EXTRACT_MAX,
    keep: bool = False,
    flow_timeout: float | None = None,
    on_row: Callable[[Report], None] | None = None,
    log: Callable[[str], None] = print,
) -> Report:
    """Generate the corpus once, then measure the chosen stages (``extract``, ``run``, ``seeds``)."""
    from prakerja_dq.settings import get_settings

    sizes = sorted(set(sizes))
    per_folder = folder_size([*sizes, min(sizes[0], extract_max)])
    report = Report(machine=describe_machine(), started=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
    bench = Bench(
        work=choose_workdir(workdir),
        report=report,
        env=os.environ.copy(),
        batch_size=get_settings().batch_size,
        log=log,
        on_row=on_row,
        flow_timeout=flow_timeout,
    )
    server = None
    try:
        generate_corpus(bench, sizes[-1], seed=seed, per_folder=per_folder)
        if "extract" in stages:
            articles = min(sizes[0], extract_max)
            grow_inbox(bench.corpus, bench.inbox, articles=articles, per_folder=per_folder)
            extraction_case(bench, articles, repeat=repeat)
        if "run" in stages:
            server = _start_prefect(bench)
            for size in sizes:
                grow_inbox(bench.corpus, bench.inbox, articles=size, per_folder=per_folder)
                run_cases(bench, size, seed=seed, largest=sizes[-1])
        if "seeds" in stages:
            log("seeds: prakerja run, cold and warm ...")
            report.startup = time_seeds_run(bench.work) | {"imports": import_breakdown()}
            if on_row is not None:
                on_row(report)
    finally:
        if server is not None:
            server.stop()
        if not keep:
            shutil.rmtree(bench.work, ignore_errors=True)
    return report
