"""Real `prakerja run` subprocesses killed mid-run (SIGKILL), run twice at once, fed a poisoned article.

Failpoints (src/prakerja_dq/failpoints.py) pick the exact moment: ``extract.after_batch`` (after the first
extraction batch is committed), ``publish.before_swap`` (snapshot file written, not yet swapped in),
``:stop`` variants that SIGSTOP the run while it holds the run lock, and ``extract.poison`` (a batch holding
the marker fails).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest

from prakerja_dq.failpoints import DEFAULT_MARKER
from tests.conftest import SEED_ARTICLES
from tests.robustness.conftest import query

pytestmark = [pytest.mark.timeout(600), pytest.mark.usefixtures("prefect_harness")]

BATCH_SIZE = "2"
POISONED_DOC = "racun artikel"


def add_articles(inbox: Path, copies: int = 2) -> list[Path]:
    """Distinct new articles: each seed with a unique closing line, so they extract like the seeds."""
    inbox.mkdir(parents=True, exist_ok=True)
    added = []
    for copy in range(copies):
        for seed in sorted(SEED_ARTICLES.glob("*.txt")):
            path = inbox / f"{seed.stem}-edisi-{copy}.txt"
            path.write_text(seed.read_text(encoding="utf-8") + f"\nCatatan redaksi edisi {copy}.\n", "utf-8")
            added.append(path)
    return added


def seed_inbox(root: Path) -> Path:
    inbox = root / "inbox"
    shutil.copytree(SEED_ARTICLES, inbox)
    return inbox


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def published_state(home: Path) -> tuple:
    """What a reader of the published marts sees: the publishing run and the rows per contract table."""
    return query(
        home / "published.duckdb",
        "select (select run_id from marts.publication), (select count(*) from marts.figures), "
        "(select count(*) from marts.findings), (select count(*) from marts.ingest_ledger)",
    )[0]


class PublishedReader:
    """Queries the published marts in a loop on a thread, recording every answer and every error."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.states: set[tuple] = set()
        self.errors: list[str] = []
        self.reads = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.states.add(published_state(self.home))
                self.reads += 1
            except Exception as error:
                self.errors.append(repr(error))
            time.sleep(0.05)

    def __enter__(self) -> PublishedReader:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)


def wait_until_stopped(pid: int, timeout: float = 400) -> None:
    """Wait for a process to stop itself at a ``:stop`` failpoint (state T in /proc)."""
    deadline = time.monotonic() + timeout
    stat = Path(f"/proc/{pid}/stat")
    while time.monotonic() < deadline:
        if not stat.exists():
            pytest.fail(f"process {pid} exited before reaching its failpoint")
        if stat.read_text().rsplit(")", 1)[1].split()[0] == "T":
            return
        time.sleep(0.1)
    pytest.fail(f"process {pid} did not reach its failpoint within {timeout} s")


def seed_of(doc: str) -> str:
    """The seed article a test article was made from (its doc without the added suffix)."""
    if doc == POISONED_DOC:
        return sorted(SEED_ARTICLES.glob("*.txt"))[0].stem
    return doc.split("-edisi-")[0]


def inbox_entries(inbox: Path) -> set[str]:
    return {str(Path(root) / name) for root, _, names in os.walk(inbox) for name in names}


def assert_consistent(home: Path, inbox: Path) -> None:
    """Nothing lost, nothing twice: ledger, articles, extraction and the published marts agree."""
    warehouse = home / "warehouse.duckdb"
    ledger = query(warehouse, "select path, content_sha256, status from raw.ingest_ledger")
    assert {row[0] for row in ledger} == inbox_entries(inbox)
    assert len(ledger) == len({(path, digest) for path, digest, _ in ledger}), "a file recorded twice"
    accepted = sum(status == "accepted" for _, _, status in ledger)
    assert query(warehouse, "select count(*), count(distinct article_id) from raw.articles") == [
        (accepted, accepted)
    ]
    assert query(warehouse, "select count(*), count(distinct article_id) from raw.article_meta") == [
        (accepted, accepted)
    ], "an accepted article was never extracted, or extracted twice"
    duplicated = query(
        warehouse,
        'select count(*) from (select article_id, start, "end", metric from raw.figure_mentions '
        "group by all having count(*) > 1)",
    )
    assert duplicated == [(0,)], "figures landed twice"
    figures = query(
        warehouse,
        'select articles.doc, list(struct_pack(metric, value, start, "end") order by start, metric) '
        "from raw.articles left join raw.figure_mentions using (article_id) group by all",
    )
    by_doc = dict(figures)
    for doc, landed in by_doc.items():
        # every article here is a seed plus a closing line without figures: it must extract like its seed
        assert landed == by_doc[seed_of(doc)], f"{doc} landed other figures than {seed_of(doc)}"
    assert all(by_doc[path.stem] for path in SEED_ARTICLES.glob("*.txt")), "a seed lost its figures"
    published = home / "published.duckdb"
    assert query(published, "select count(*) = count(distinct figure_id) from marts.figures") == [(True,)]
    assert query(published, "select count(*) from marts.ingest_ledger") == [(len(ledger),)]


def test_a_run_killed_during_extraction_keeps_the_marts_and_the_next_run_completes(
    cli_env, processes, tmp_path
):
    """SIGKILL after the first extraction batch: the published marts stay untouched, the next run recovers."""
    inbox = seed_inbox(tmp_path)
    first = processes.run(["run", "--input", str(inbox)], cli_env)
    assert first.returncode == 0, first.stderr
    home = Path(cli_env["PRAKERJA_HOME"])
    before, before_bytes = published_state(home), sha256(home / "published.duckdb")
    add_articles(inbox)
    env = cli_env | {"PRAKERJA_FAILPOINT": "extract.after_batch", "PRAKERJA_BATCH_SIZE": BATCH_SIZE}
    with PublishedReader(home) as reader:
        killed = processes.run(["run", "--input", str(inbox)], env)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert reader.errors == [] and reader.reads > 0 and reader.states == {before}
    assert sha256(home / "published.duckdb") == before_bytes
    warehouse = home / "warehouse.duckdb"
    assert query(warehouse, "select count(*) from raw.articles") == [(15,)]
    assert query(warehouse, "select count(*) from raw.article_meta") == [(5 + int(BATCH_SIZE),)]

    resumed = processes.run(["run", "--input", str(inbox)], cli_env | {"PRAKERJA_BATCH_SIZE": BATCH_SIZE})
    assert resumed.returncode == 0, resumed.stderr
    assert "articles ingested     0 new" in resumed.stdout
    assert f"from {15 - 5 - int(BATCH_SIZE)} articles" in resumed.stdout
    assert_consistent(home, inbox)
    assert published_state(home)[0] != before[0]


def test_a_run_killed_before_the_snapshot_swap_keeps_the_marts_and_cleans_up(cli_env, processes, tmp_path):
    """SIGKILL with the new snapshot written but not swapped in: the old one stays; the next run publishes."""
    inbox = seed_inbox(tmp_path)
    assert processes.run(["run", "--input", str(inbox)], cli_env).returncode == 0
    home = Path(cli_env["PRAKERJA_HOME"])
    before, before_bytes = published_state(home), sha256(home / "published.duckdb")
    add_articles(inbox, copies=1)
    with PublishedReader(home) as reader:
        killed = processes.run(
            ["run", "--input", str(inbox)], cli_env | {"PRAKERJA_FAILPOINT": "publish.before_swap"}
        )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert reader.errors == [] and reader.states == {before}
    assert sha256(home / "published.duckdb") == before_bytes
    leftovers = list(home.glob(".published.*.tmp*"))
    assert leftovers, "the failpoint should have left the unswapped snapshot behind"

    resumed = processes.run(["run", "--input", str(inbox)], cli_env)
    assert resumed.returncode == 0, resumed.stderr
    assert list(home.glob(".published.*.tmp*")) == []
    assert published_state(home)[0] != before[0]
    docs = {row[0] for row in query(home / "published.duckdb", "select distinct doc from marts.figures")}
    assert any(doc.endswith("-edisi-0") for doc in docs)
    assert_consistent(home, inbox)


def test_a_second_run_is_refused_while_one_holds_the_lock(cli_env, processes, tmp_path):
    """A run paused mid-extraction holds the lock: a second run exits 2 with a message; the first finishes."""
    inbox = seed_inbox(tmp_path)
    add_articles(inbox, copies=1)
    holder = processes.start(
        ["run", "--input", str(inbox)],
        cli_env | {"PRAKERJA_FAILPOINT": "extract.after_batch:stop", "PRAKERJA_BATCH_SIZE": BATCH_SIZE},
    )
    wait_until_stopped(holder.pid)
    started = time.monotonic()
    refused = processes.run(["run", "--input", str(inbox)], cli_env, timeout=120)
    assert refused.returncode == 2
    assert "prakerja run: another pipeline run is in progress in" in refused.stderr
    assert f"(process {holder.pid})" in refused.stderr and "wait for it to finish" in refused.stderr
    assert time.monotonic() - started < 120
    os.kill(holder.pid, signal.SIGCONT)
    finished = holder.wait(timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert_consistent(Path(cli_env["PRAKERJA_HOME"]), inbox)


def test_two_runs_started_at_once_do_not_corrupt_anything(cli_env, processes, tmp_path):
    """Both start together: each either completes or is refused with the message; the result is consistent."""
    inbox = seed_inbox(tmp_path)
    add_articles(inbox, copies=1)
    env = cli_env | {"PRAKERJA_BATCH_SIZE": BATCH_SIZE}
    runs = [processes.start(["run", "--input", str(inbox)], env) for _ in range(2)]
    results = [run.wait(timeout=400) for run in runs]
    codes = sorted(result.returncode for result in results)
    assert codes in ([0, 0], [0, 2]), [result.stderr[-2000:] for result in results]
    for result in results:
        if result.returncode == 2:
            assert "another pipeline run is in progress" in result.stderr
    assert_consistent(Path(cli_env["PRAKERJA_HOME"]), inbox)


def test_a_poisoned_article_fails_alone_and_is_named(cli_env, processes, tmp_path):
    """A batch failing on one article: the rest of it and every other batch land; the summary names it."""
    inbox = seed_inbox(tmp_path)
    add_articles(inbox, copies=1)
    seed = sorted(SEED_ARTICLES.glob("*.txt"))[0].read_text(encoding="utf-8")
    poisoned = inbox / f"{POISONED_DOC}.txt"
    poisoned.write_text(seed + f"\nKode {DEFAULT_MARKER}.\n", encoding="utf-8")
    env = cli_env | {"PRAKERJA_FAILPOINT": "extract.poison", "PRAKERJA_BATCH_SIZE": "4"}
    failed = processes.run(["run", "--input", str(inbox)], env)
    assert failed.returncode == 1, failed.stderr
    assert "FAILED (the rest of the run was kept):" in failed.stdout
    failure_lines = [line for line in failed.stdout.splitlines() if "extraction batch" in line]
    assert len(failure_lines) == 1, failed.stdout
    assert f"article {POISONED_DOC} ({poisoned}" in failure_lines[0]
    assert "InjectedFailure" in failure_lines[0] or "poisoned article" in failure_lines[0]
    home = Path(cli_env["PRAKERJA_HOME"])
    warehouse = home / "warehouse.duckdb"
    unextracted = query(
        warehouse,
        "select doc from raw.articles where article_id not in (select article_id from raw.article_meta)",
    )
    assert unextracted == [(POISONED_DOC,)]
    assert query(home / "published.duckdb", "select count(*) > 0 from marts.figures") == [(True,)]

    healed = processes.run(["run", "--input", str(inbox)], cli_env | {"PRAKERJA_BATCH_SIZE": "4"})
    assert healed.returncode == 0, healed.stdout + healed.stderr
    assert "figures extracted" in healed.stdout and "from 1 articles" in healed.stdout
    assert_consistent(home, inbox)
