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

:func:`targets` compares the rows with issue 13's table. The private entry point ``python -m
prakerja_dq.bench _extract --list PATHS --out FIGURES.parquet`` prints one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from prakerja_dq.bench.measure import Timed, run_timed, write_path_list

DEFAULT_SIZES: tuple[int, ...] = (100_000, 1_000_000)
QUICK_SIZES: tuple[int, ...] = (2_000,)
# the extraction case reads at most this many articles (the naive loop runs ~2 MB/s on a loaded machine)
EXTRACT_MAX = 100_000
INCREMENT = 1_000
KEY_PACKAGES: tuple[str, ...] = ("polars", "duckdb", "prefect", "great_expectations", "pandas", "pyarrow")
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
GIB_MB = 1024.0


# ---------------------------------------------------------------- the extraction process itself


def article_files(inbox: Path) -> list[Path]:
    """The ``.txt`` files under ``inbox`` in a stable order."""
    files = []
    for root, dirs, names in os.walk(inbox):
        dirs.sort()
        files.extend(Path(root) / name for name in sorted(names) if name.endswith(".txt"))
    return files


def read_text(path: str) -> str:
    """A file's text as the naive loop reads it (UTF-8, bad bytes replaced, universal newlines), with two
    system calls and no text-mode wrapper: half the CPU of ``open(...).read()`` on small files."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(descriptor).st_size
        data = os.read(descriptor, size + 1)
        while len(data) > size:  # the file grew while being read
            more = os.read(descriptor, 1 << 16)
            if not more:
                break
            data += more
    finally:
        os.close(descriptor)
    text = data.decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _read_listed(chunk: list[str]):
    """A batch frame of the files (``doc``: the file name without its extension)."""
    import polars as pl

    return pl.DataFrame({"doc": [Path(p).stem for p in chunk], "text": [read_text(p) for p in chunk]})


def extract_listed(listing: Path, out: Path, *, batch_size: int, in_flight: int | None = None) -> dict:
    """Read the listed files, extract them in batches, write the figures to ``out`` (Parquet), as the
    pipeline's extract stage does: ``in_flight`` batches (default: one per core) are extracted at once on
    threads while the next is read. Reports the seconds spent reading and the CPU seconds of the process."""
    from concurrent.futures import Future, ThreadPoolExecutor

    import polars as pl

    from prakerja_dq.extraction import extract_articles

    paths = [line for line in listing.read_text(encoding="utf-8").splitlines() if line]
    in_flight = in_flight or os.cpu_count() or 1
    read_seconds, text_bytes = 0.0, 0
    cpu = time.process_time()
    figures: list[pl.DataFrame] = []
    pending: list[Future] = []
    with ThreadPoolExecutor(max_workers=in_flight) as pool:
        for start in range(0, len(paths), batch_size):
            clock = time.perf_counter()
            frame = _read_listed(paths[start : start + batch_size])
            read_seconds += time.perf_counter() - clock
            text_bytes += int(frame.get_column("text").str.len_bytes().sum())
            pending.append(pool.submit(extract_articles, frame))
            if len(pending) >= in_flight:
                figures.append(pending.pop(0).result().figures)
        figures.extend(future.result().figures for future in pending)
    result = pl.concat(figures) if figures else pl.DataFrame()
    result.write_parquet(out)
    return {
        "articles": len(paths),
        "mb": round(text_bytes / 1e6, 2),
        "figures": result.height,
        "read_seconds": round(read_seconds, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3),
        "in_flight": in_flight,
    }


# ---------------------------------------------------------------- results


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


# ---------------------------------------------------------------- the machine and the workdir


def describe_machine() -> dict[str, str]:
    """CPU model, cores, RAM, OS, Python, key package versions and the load average."""
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), cpu
            )
    except OSError:
        pass
    ram = "unknown"
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            ram = f"{int(handle.readline().split()[1]) / 1024**2:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    versions = []
    for package in KEY_PACKAGES:
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} (not installed)")
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "packages": ", ".join(versions),
        "load": current_load(),
    }


def current_load() -> str:
    """The load averages (1, 5, 15 min) of ``/proc/loadavg``, or an empty string."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return ""


def choose_workdir(requested: Path | None) -> Path:
    """A fresh folder for the corpus and the workspaces, on real disk: under ``requested``, else under the
    workspace home (``PRAKERJA_HOME``, by default ``./warehouse``). Never tmpfs: memory used by files
    would count against the 2 GiB the runs are measured against, and a million files would fill it."""
    from prakerja_dq.settings import get_settings

    parent = requested if requested is not None else get_settings().home / "bench"
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="prakerja-bench-", dir=parent))


def folder_size(sizes: list[int]) -> int:
    """Articles per subfolder: 1000, or smaller so that every size is a whole number of folders.

    >>> folder_size([10_000, 100_000]), folder_size([50]), folder_size([1234])
    (1000, 50, 2)
    """
    size = 1000
    for n in sizes:
        size = math.gcd(size, n)
    return max(size, 1)


def grow_inbox(corpus: Path, inbox: Path, *, articles: int, per_folder: int) -> None:
    """Move the corpus's first subfolders into the inbox until it holds ``articles`` articles."""
    inbox.mkdir(parents=True, exist_ok=True)
    for number in range(articles // per_folder):
        name = f"{number:05d}"
        if (corpus / name).exists():
            os.replace(corpus / name, inbox / name)


def stage_note(stage_seconds: dict[str, float]) -> str:
    """``ingest 1.2 s, extract 3.4 s, ...`` for the note column.

    >>> stage_note({"ingest": 1.234, "model": 20.0})
    'ingest 1.2 s, model 20.0 s'
    """
    return ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in stage_seconds.items())


# ---------------------------------------------------------------- Prefect for the run cases


class PrefectServer:
    """One Prefect API server for all ``prakerja run`` processes of a benchmark (started once, stopped at
    the end): each would otherwise start its own temporary server, 10-40 s on a loaded machine; that cost
    is measured once, by ``seeds``."""

    def __init__(self, home: Path) -> None:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        home.mkdir(parents=True, exist_ok=True)
        env = os.environ | {
            "PREFECT_HOME": str(home),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_UI_ENABLED": "false",
            "PREFECT_LOGGING_LEVEL": "WARNING",
        }
        env.pop("PREFECT_API_URL", None)
        self.log = (home / "server.log").open("w")
        command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1"]
        self.process = subprocess.Popen(
            [*command, "--port", str(self.port)], env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        self.api_url = f"http://127.0.0.1:{self.port}/api"

    def wait(self, timeout: float = 300.0) -> float:
        import urllib.request

        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Prefect server exited with code {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=5) as response:
                    if response.status == 200:
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"the Prefect server did not answer within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


# ---------------------------------------------------------------- the cases


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


# ---------------------------------------------------------------- the report

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


# ---------------------------------------------------------------- private entry point


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m prakerja_dq.bench")
    sub = parser.add_subparsers(dest="mode", required=True)
    extract = sub.add_parser("_extract", help="extract the listed files, write the figures, print counts")
    extract.add_argument("--list", type=Path, required=True, help="file of article paths, one a line")
    extract.add_argument("--out", type=Path, required=True, help="figures (Parquet)")
    extract.add_argument("--batch-size", type=int, default=5000)
    extract.add_argument("--in-flight", type=int, help="batches extracted at once (default: one per core)")
    args = parser.parse_args(argv)
    result = extract_listed(args.list, args.out, batch_size=args.batch_size, in_flight=args.in_flight)
    print(json.dumps(result))
    return 0
