"""Benchmarks: extraction alone and the whole flow at several corpus sizes, one subprocess per measurement.

``prakerja bench`` (``make bench``) generates one synthetic corpus of the largest size (cached in a temp
folder, smaller sizes are prefixes of it: the first N/``per_folder`` subfolders, moved into the inbox as the
sizes grow), then for each size runs, each in a fresh ``python`` process:

- ``extract``: read the files, then time ``extract_articles`` over batches of ``PRAKERJA_BATCH_SIZE``;
- ``baseline``: the per-article ``re`` loop of ``src/prakerja_dq/bench/baseline.py`` on a subset (at most
  ``--baseline-max`` articles), scaled by MB to the size;
- ``flow``: ``run_pipeline`` (ingest, extract, model, validate, publish) into a fresh workspace;

then an ``incremental`` run adding 1.000 articles to the largest warehouse, and ``seeds``: a fresh
``prakerja run`` on the seed articles (the ``make run`` path, Prefect start-up included), twice (cold, warm),
with an import-time breakdown. Each process reports its own peak RSS (``ru_maxrss``, and that of its own
children such as Prefect's temporary server). The table goes to BENCHMARKS.md with the machine's description.

The private entry points (``python -m prakerja_dq.bench _extract|_baseline|_flow ...``) print one JSON object.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from prakerja_dq.runtime import configure_runtime
from prakerja_dq.settings import get_settings

DEFAULT_SIZES: tuple[int, ...] = (10_000, 100_000, 1_000_000)
QUICK_SIZES: tuple[int, ...] = (200,)
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


# ---------------------------------------------------------------- measurements inside a subprocess


def _peak_rss_mb() -> dict[str, float]:
    """Peak resident memory of this process and of its waited-for children (ru_maxrss is in KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_rss_mb": round(own, 1), "children_peak_rss_mb": round(children, 1)}


def _article_files(inbox: Path) -> list[Path]:
    files = []
    for root, dirs, names in os.walk(inbox):
        dirs.sort()
        files.extend(Path(root) / name for name in sorted(names) if name.endswith(".txt"))
    return files


def _read_batches(files: list[Path], batch_size: int):
    import polars as pl

    for start in range(0, len(files), batch_size):
        chunk = files[start : start + batch_size]
        texts = [path.read_text(encoding="utf-8") for path in chunk]
        yield pl.DataFrame({"doc": [path.stem for path in chunk], "text": texts})


def measure_extract(inbox: Path, *, articles: int | None, batch_size: int, baseline: bool) -> dict:
    """Time extraction alone over the inbox's articles (reading the files is timed separately)."""
    if baseline:
        from prakerja_dq.bench.baseline import extract_articles_baseline as extract
    else:
        from prakerja_dq.extraction import extract_articles as extract

    files = _article_files(inbox)[:articles] if articles else _article_files(inbox)
    text_bytes = figures = done = 0
    extract_seconds = read_seconds = 0.0
    clock = time.perf_counter()
    for frame in _read_batches(files, batch_size):
        now = time.perf_counter()
        read_seconds += now - clock
        result = extract(frame)
        clock = time.perf_counter()
        extract_seconds += clock - now
        text_bytes += int(frame.get_column("text").str.len_bytes().sum())
        figures += result.figures.height
        done += frame.height
    return {
        "articles": done,
        "mb": round(text_bytes / 1e6, 2),
        "seconds": round(extract_seconds, 3),
        "read_seconds": round(read_seconds, 3),
        "figures": figures,
    } | _peak_rss_mb()


def measure_flow(inbox: Path, *, home: Path, lift_chart_limit: bool = True) -> dict:
    """Run the whole pipeline once in this process; wall time includes Prefect's start-up."""
    started = time.perf_counter()
    from flows.pipeline import run_pipeline

    if lift_chart_limit:
        # Altair refuses to chart more than 5.000 rows and the report step fails above ~6.000 articles
        # (src/prakerja_dq/report/charts.py); lifted here so the rest of the flow can be measured at scale.
        import altair

        altair.data_transformers.disable_max_rows()
    imported = time.perf_counter()
    summary = run_pipeline(input_dir=str(inbox), home=str(home))
    finished = time.perf_counter()
    return {
        "articles": summary.articles_extracted,
        "ingested": summary.articles_ingested,
        "files": summary.files_seen,
        "figures": summary.figures_extracted,
        "quarantined": summary.figures_quarantined,
        "findings": summary.findings,
        "failures": summary.failures,
        "import_seconds": round(imported - started, 3),
        "seconds": round(finished - imported, 3),
        "flow_seconds": summary.seconds,
        "stage_seconds": summary.stage_seconds,
    } | _peak_rss_mb()


def stage_note(stage_seconds: dict[str, float]) -> str:
    """``ingest 1.2 s, extract 3.4 s, ...`` for the note column.

    >>> stage_note({"ingest": 1.234, "model": 20.0})
    'ingest 1.2 s, model 20.0 s'
    """
    return ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in stage_seconds.items())


# ---------------------------------------------------------------- the driver


@dataclass
class Row:
    """One line of the results table."""

    size: int
    stage: str
    articles: int
    mb: float
    seconds: float
    peak_rss_mb: float | None = None
    vs_baseline: str = ""
    note: str = ""

    @property
    def mb_per_s(self) -> float:
        return self.mb / self.seconds if self.seconds else 0.0

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


@dataclass
class Report:
    """Everything ``prakerja bench`` measured in one run."""

    machine: dict[str, str]
    started: str
    rows: list[Row] = field(default_factory=list)
    corpus: dict = field(default_factory=dict)
    startup: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _run_json(args: list[str], *, env: dict[str, str] | None = None, timeout: float | None = None) -> dict:
    """Run ``python -m prakerja_dq.bench <args>`` in a fresh process and parse the JSON it prints last."""
    command = [sys.executable, "-m", "prakerja_dq.bench", *args]
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout, check=False)
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        lines = completed.stderr.strip().splitlines()
        errors = [line for line in lines if re.search(r"\w+(Error|Exception)\b.*:", line)][:3]
        tail = "\n".join([*errors, "...", *lines[-8:]])
        raise RuntimeError(f"{' '.join(args[:1])} failed (exit {completed.returncode}):\n{tail}")
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    result["process_seconds"] = round(wall, 3)
    return result


def _flow_env(env: dict[str, str], home: Path) -> dict[str, str]:
    """The flow subprocess's environment: its own workspace (and so its own Prefect home, unless set)."""
    return env | {
        "PRAKERJA_HOME": str(home),
        "PREFECT_LOGGING_LEVEL": env.get("PREFECT_LOGGING_LEVEL", "WARNING"),
    }


class PrefectServer:
    """One Prefect API server for all flow runs of a benchmark (started once, stopped at the end).

    Each flow subprocess would otherwise start its own temporary server, which takes 10-40 s on a loaded
    machine (and sometimes more than Prefect's start-up timeout); that cost is measured once, by ``seeds``.
    """

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
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "prefect",
                "server",
                "start",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
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


def describe_machine() -> dict[str, str]:
    """CPU model, cores, RAM, OS, Python and key package versions."""
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    ram = "unknown"
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            kib = int(handle.readline().split()[1])
            ram = f"{kib / 1024**2:.1f} GiB"
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
        "load": " ".join(open("/proc/loadavg").read().split()[:3]) if Path("/proc/loadavg").exists() else "",
    }


def choose_workdir(requested: Path | None, largest: int) -> Path:
    """Where the corpus goes: the requested folder, else tmpfs when it has room (creating a million small
    files on this machine's disk costs about 0.5 ms each), else the system temp folder."""
    if requested is not None:
        requested.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix="prakerja-bench-", dir=requested))
    need = largest * 8_000 + 2e9  # file pages on tmpfs plus headroom
    shm = Path("/dev/shm")
    if shm.is_dir() and shutil.disk_usage(shm).free > need:
        return Path(tempfile.mkdtemp(prefix="prakerja-bench-", dir=shm))
    return Path(tempfile.mkdtemp(prefix="prakerja-bench-"))


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
        own_us, indent, name = int(match.group(1)), len(match.group(3)), match.group(4)
        del indent
        root = name.split(".")[0]
        key = root if root in IMPORT_GROUPS else "other"
        totals[key] = totals.get(key, 0.0) + own_us / 1e6
        overall += own_us / 1e6
    result = {key: round(value, 2) for key, value in sorted(totals.items(), key=lambda kv: -kv[1])}
    result["total"] = round(overall, 2)
    return result


def time_seeds_run(workdir: Path) -> dict:
    """``prakerja run`` on the seeds in fresh processes: cold (new workspace) then warm (same workspace)."""
    home = workdir / "seeds-home"
    env = _flow_env(dict(os.environ), home)
    env.pop("PREFECT_HOME", None)
    env.pop("PREFECT_API_URL", None)
    timings = {}
    for label in ("cold", "warm"):
        started = time.perf_counter()
        completed = subprocess.run(
            [sys.executable, "-m", "prakerja_dq.cli", "run", "--format", "json"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        timings[label] = round(time.perf_counter() - started, 2)
        if completed.returncode not in (0, 1):
            tail = "\n".join(completed.stderr.strip().splitlines()[-10:])
            raise RuntimeError(f"prakerja run on the seeds failed (exit {completed.returncode}):\n{tail}")
        try:
            summary = json.loads(completed.stdout)
            timings[f"{label}_flow_seconds"] = summary.get("seconds")
        except json.JSONDecodeError:
            pass
    return timings


def run_benchmarks(
    sizes: list[int],
    *,
    workdir: Path | None = None,
    seed: int = 0,
    baseline_max: int = 20_000,
    stages: set[str],
    keep: bool = False,
    flow_timeout: float | None = None,
    on_row=None,
    log=print,
) -> Report:
    """Generate the corpus once, then measure every stage at every size; returns the report."""
    from prakerja_dq.synth import write_corpus

    sizes = sorted(set(sizes))
    largest = sizes[-1]
    per_folder = folder_size(sizes)
    work = choose_workdir(workdir, largest)
    report = Report(machine=describe_machine(), started=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
    batch_size = get_settings().batch_size
    env = os.environ.copy()
    server: PrefectServer | None = None

    def add(row: Row) -> None:
        report.rows.append(row)
        if on_row is not None:
            on_row(report)

    try:
        corpus = work / "corpus"
        log(f"generating {largest:,} articles in {corpus} ...")
        stats = write_corpus(corpus, articles=largest, seed=seed, per_folder=per_folder, truth=False)
        report.corpus = {
            "articles": stats.articles,
            "mb": round(stats.text_bytes / 1e6, 1),
            "seconds": stats.seconds,
            "workers": stats.workers,
            "where": str(work),
        }
        log(f"  {stats.articles:,} articles, {stats.text_bytes / 1e6:.0f} MB in {stats.seconds:.1f} s")
        inbox = work / "inbox"
        if "flow" in stages and not env.get("PREFECT_API_URL"):
            server = PrefectServer(work / "prefect-server")
            log(f"starting a Prefect server for the flow runs on {server.api_url} ...")
            seconds = server.wait()
            report.notes.append(
                f"- Flow runs talk to one Prefect server started by the benchmark (ready in {seconds:.1f} s),"
                " as a deployment would; the temporary-server start-up is in the seeds row."
            )
            env["PREFECT_API_URL"] = server.api_url
        baseline_rate: float | None = None
        flow_failed = False
        if "baseline" in stages:
            # no larger than the smallest size: the inbox only grows, and each size's flow reads all of it
            subset = min(baseline_max, sizes[0])
            grow_inbox(corpus / "articles", inbox, articles=max(subset, per_folder), per_folder=per_folder)
            log(f"baseline on {subset:,} articles ...")
            result = _run_json(
                [
                    "_extract",
                    str(inbox),
                    "--articles",
                    str(subset),
                    "--batch-size",
                    str(batch_size),
                    "--baseline",
                ],
                env=env,
            )
            baseline_rate = result["mb"] / result["seconds"] if result["seconds"] else None
            add(
                Row(
                    subset,
                    "baseline (per-article re)",
                    result["articles"],
                    result["mb"],
                    result["seconds"],
                    result["peak_rss_mb"],
                    note="src/prakerja_dq/bench/baseline.py",
                )
            )
        for size in sizes:
            grow_inbox(corpus / "articles", inbox, articles=size, per_folder=per_folder)
            if "extract" in stages:
                log(f"extraction alone, {size:,} articles ...")
                result = _run_json(
                    ["_extract", str(inbox), "--articles", str(size), "--batch-size", str(batch_size)],
                    env=env,
                )
                ratio = ""
                if baseline_rate:
                    ratio = f"{result['mb'] / result['seconds'] / baseline_rate:.1f}x"
                add(
                    Row(
                        size,
                        "extract",
                        result["articles"],
                        result["mb"],
                        result["seconds"],
                        result["peak_rss_mb"],
                        vs_baseline=ratio,
                        note=f"reading files {result['read_seconds']:.1f} s, not counted",
                    )
                )
            if "flow" in stages:
                log(f"whole flow, {size:,} articles ...")
                home = work / f"home-{size}"
                mb = report.corpus["mb"] * size / largest
                try:
                    result = _run_json(
                        ["_flow", str(inbox), "--home", str(home)],
                        env=_flow_env(env, home),
                        timeout=flow_timeout,
                    )
                except RuntimeError as error:
                    log(f"  failed: {str(error).splitlines()[0]}")
                    add(
                        Row(
                            size,
                            "flow (run_pipeline)",
                            0,
                            round(mb, 2),
                            0.0,
                            note="FAILED: " + " / ".join(str(error).splitlines()[:2]),
                        )
                    )
                    flow_failed = True
                    stages = stages - {"flow", "incremental"}
                    shutil.rmtree(home, ignore_errors=True)
                    continue
                ratio = ""
                if baseline_rate:
                    ratio = f"baseline extraction alone: {mb / baseline_rate:.0f} s"
                add(
                    Row(
                        size,
                        "flow (run_pipeline)",
                        result["articles"],
                        round(mb, 2),
                        result["seconds"],
                        max(result["peak_rss_mb"], 0),
                        vs_baseline=ratio,
                        note=f"{result['figures']:,} figures, {result['quarantined']:,} quarantined; "
                        f"imports {result['import_seconds']:.1f} s, "
                        f"process {result['process_seconds']:.1f} s; "
                        + stage_note(result.get("stage_seconds", {}))
                        + (f"; FAILED: {result['failures']}" if result["failures"] else ""),
                    )
                )
                if size != largest and not keep:
                    shutil.rmtree(home, ignore_errors=True)
        if "incremental" in stages and "flow" in stages and not flow_failed:
            log(f"incremental: {INCREMENT:,} new articles onto the {largest:,}-article warehouse ...")
            write_corpus(
                work / "extra",
                articles=INCREMENT,
                seed=seed,
                start=largest,
                per_folder=INCREMENT,
                truth=False,
            )
            for folder in sorted((work / "extra" / "articles").iterdir()):
                os.replace(folder, inbox / f"extra-{folder.name}")
            home = work / f"home-{largest}"
            result = _run_json(["_flow", str(inbox), "--home", str(home)], env=_flow_env(env, home))
            add(
                Row(
                    largest + INCREMENT,
                    f"incremental (+{INCREMENT:,})",
                    result["articles"],
                    round(report.corpus["mb"] / largest * INCREMENT, 2),
                    result["seconds"],
                    result["peak_rss_mb"],
                    note=f"{result['files']:,} files listed, {result['ingested']:,} ingested; "
                    f"process {result['process_seconds']:.1f} s; "
                    + stage_note(result.get("stage_seconds", {})),
                )
            )
        if "seeds" in stages:
            log("seeds: prakerja run, cold and warm ...")
            try:
                report.startup = time_seeds_run(work) | {"imports": import_breakdown()}
            except RuntimeError as error:
                report.notes.append(f"- seeds run FAILED: {' / '.join(str(error).splitlines()[:2])}")
            if on_row is not None:
                on_row(report)
    finally:
        if server is not None:
            server.stop()
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    return report


# ---------------------------------------------------------------- the report


def format_report(report: Report) -> str:
    """BENCHMARKS.md: machine, corpus, the table, start-up."""
    m = report.machine
    lines = [
        "# Benchmarks",
        "",
        f"Measured {report.started} with `prakerja bench` (written by the command; see the end for notes).",
        "",
        "## Machine",
        "",
        f"- CPU: {m['cpu']}, {m['cores']} cores; RAM {m['ram']}; {m['os']}",
        f"- load average when the run started: {m['load']} (the machine is shared)",
        f"- Python {m['python']}; {m['packages']}",
        "",
    ]
    if report.corpus:
        c = report.corpus
        rate = c["articles"] / c["seconds"] if c["seconds"] else 0
        lines += [
            "## Corpus",
            "",
            f"Synthetic corpus (`prakerja synth`, {c['workers']} worker processes): {c['articles']:,} "
            f"articles, {c['mb']:,} MB of text generated and written in {c['seconds']:.1f} s "
            f"({rate:,.0f} articles/s) under {c['where']}; smaller sizes are prefixes of it.",
            "",
        ]
    lines += [
        "## Results",
        "",
        "| size | stage | articles | MB | wall s | MB/s | articles/s | peak RSS MB | vs baseline | note |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in report.rows:
        rss = f"{row.peak_rss_mb:,.0f}" if row.peak_rss_mb is not None else ""
        lines.append(
            f"| {row.size:,} | {row.stage} | {row.articles:,} | {row.mb:,.1f} | {row.seconds:,.2f} | "
            f"{row.mb_per_s:,.1f} | {row.articles_per_s:,.0f} | {rss} | {row.vs_baseline} | {row.note} |"
        )
    if report.startup:
        s = report.startup
        imports = s.get("imports", {})
        lines += [
            "",
            "## Start-up (`make run` on the seeds)",
            "",
            f"- `prakerja run` in a fresh process on a new workspace (cold): {s.get('cold')} s "
            f"(flow {s.get('cold_flow_seconds')} s); again on the same workspace (warm): {s.get('warm')} s "
            f"(flow {s.get('warm_flow_seconds')} s).",
            "- Import time of `flows.pipeline` by package (python -X importtime, self time summed): "
            + ", ".join(f"{name} {seconds} s" for name, seconds in imports.items()),
        ]
    if report.notes:
        lines += ["", "## Notes", "", *report.notes]
    return "\n".join(lines) + "\n"


def write_report(report: Report, out: Path, *, keep_notes: bool = True) -> None:
    """Write the report, keeping a hand-written ``## Findings`` section of an existing file."""
    text = format_report(report)
    if keep_notes and out.exists():
        existing = out.read_text(encoding="utf-8")
        marker = existing.find("\n## Findings")
        if marker >= 0:
            text += existing[marker:]
    out.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- private entry points


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m prakerja_dq.bench")
    sub = parser.add_subparsers(dest="mode", required=True)
    extract = sub.add_parser("_extract")
    extract.add_argument("inbox", type=Path)
    extract.add_argument("--articles", type=int)
    extract.add_argument("--batch-size", type=int, default=5000)
    extract.add_argument("--baseline", action="store_true")
    flow = sub.add_parser("_flow")
    flow.add_argument("inbox", type=Path)
    flow.add_argument("--home", type=Path, required=True)
    args = parser.parse_args(argv)
    configure_runtime()
    if args.mode == "_extract":
        result = measure_extract(
            args.inbox, articles=args.articles, batch_size=args.batch_size, baseline=args.baseline
        )
    else:
        os.environ["PRAKERJA_HOME"] = str(args.home)
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        result = measure_flow(args.inbox, home=args.home)
    print(json.dumps(result))
    return 0
