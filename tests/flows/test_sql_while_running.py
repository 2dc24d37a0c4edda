"""Ad-hoc queries keep answering while `prakerja run` works, and always see one complete published run."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
# Near-copies of the seeds: enough articles that the run takes a while, few enough that the cross-article
# pair checks (quadratic in articles reporting the same metric) stay quick.
COPIES_PER_SEED = 8
SNAPSHOT_QUERY = (
    "select (select count(*) from marts.figures) as figures, "
    "(select count(*) from marts.ingest_ledger) as ledger, "
    "(select run_id from marts.publication) as run_id"
)
GROUPED_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d,]|\.\d)")


def prakerja_command() -> list[str]:
    """The installed `prakerja` console script, or the same entry point when the project is not installed."""
    script = Path(sys.executable).with_name("prakerja")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from prakerja_dq.cli import main; sys.exit(main())"]


def write_varied_copies(seeds: Path, inbox: Path, *, copies: int) -> int:
    """``copies`` rewrites of every seed, each with its grouped numbers scaled differently; returns files."""
    inbox.mkdir()
    written = 0
    for seed in sorted(seeds.iterdir()):
        text = seed.read_text(encoding="utf-8")
        for copy in range(1, copies + 1):
            factor = 1 + copy / 997

            def scaled(match: re.Match, factor: float = factor) -> str:
                return f"{round(int(match.group().replace('.', '')) * factor):,}".replace(",", ".")

            (inbox / f"{seed.stem}_{copy:04d}.txt").write_text(
                GROUPED_NUMBER.sub(scaled, text), encoding="utf-8"
            )
            written += 1
    return written


def read_snapshot(published: Path) -> tuple[int, int, str]:
    with duckdb.connect(str(published), read_only=True) as con:
        return con.execute(SNAPSHOT_QUERY).fetchone()


def read_snapshot_via_cli(env: dict[str, str]) -> tuple[int, int, str]:
    result = subprocess.run(
        [*prakerja_command(), "sql", "--format", "csv", SNAPSHOT_QUERY],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    return int(row["figures"]), int(row["ledger"]), row["run_id"]


@pytest.mark.timeout(600)
def test_queries_during_a_run_always_see_one_complete_snapshot(tmp_path, seed_inbox, prefect_harness):
    from prefect.settings import PREFECT_API_URL

    from flows.pipeline import run_pipeline

    home = tmp_path / "home"
    published = home / "published.duckdb"
    run_pipeline(input_dir=str(seed_inbox), home=str(home))
    before = read_snapshot(published)
    big_inbox = tmp_path / "big-inbox"
    files = write_varied_copies(seed_inbox, big_inbox, copies=COPIES_PER_SEED)

    env = os.environ | {"PRAKERJA_HOME": str(home), "PREFECT_API_URL": PREFECT_API_URL.value()}
    log = tmp_path / "run.log"
    observed: list[tuple[str, tuple[int, int, str]]] = []
    slowest = 0.0
    started = time.monotonic()
    with log.open("wb") as out:
        writer = subprocess.Popen(
            [*prakerja_command(), "run", "--input", str(big_inbox)],
            env=env,
            cwd=REPO_ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        last_cli = time.monotonic()
        while writer.poll() is None:
            asked = time.monotonic()
            observed.append(("duckdb", read_snapshot(published)))
            slowest = max(slowest, time.monotonic() - asked)
            if time.monotonic() - last_cli > 3:
                observed.append(("prakerja sql", read_snapshot_via_cli(env)))
                last_cli = time.monotonic()
            time.sleep(0.02)
    finally:
        if writer.poll() is None:
            writer.kill()
        writer.wait(timeout=30)
    run_seconds = time.monotonic() - started
    assert writer.returncode == 0, log.read_text()[-3000:]

    after = read_snapshot(published)
    assert after[1] == before[1] + files and after[2] != before[2]
    assert len(observed) >= 20, f"only {len(observed)} queries during a {run_seconds:.1f} s run"
    assert any(source == "prakerja sql" for source, _ in observed)
    assert ("duckdb", before) in observed, "no query saw the previous snapshot while the run worked"
    torn = [(source, snapshot) for source, snapshot in observed if snapshot not in (before, after)]
    assert not torn, f"queries saw a state that is neither {before} nor {after}: {torn[:5]}"
    assert slowest < 30, f"a query waited {slowest:.1f} s"
    print(
        f"\n{len(observed)} queries during a {run_seconds:.1f} s run over {files} files; "
        f"slowest {slowest * 1000:.0f} ms; saw {sorted({s[2] for _, s in observed})}"
    )
