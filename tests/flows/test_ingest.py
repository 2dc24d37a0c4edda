"""Ingest: every inbox entry gets one ledger row with a status and a reason; articles land once."""

from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
import time
from pathlib import Path

import duckdb
import pytest

from flows.ingest import ingest_inbox, list_inbox, read_files, write_ingest
from flows.textio import article_id_for
from flows.warehouse import open_warehouse
from tests.conftest import SEED_ARTICLES
from tests.robustness.inbox import BOM_CRLF_ARTICLE, CP1252_ARTICLE, build_hostile_inbox

LIMIT = 20_000_000
MOJIBAKE = re.compile(r"Ã.|Â.|â€")


def ingest(warehouse: Path, paths: list[Path], *, run_id: str, batch_size: int = 1000) -> dict[str, int]:
    """Read and land ``paths`` in batches, as the ingest flow does; returns ledger rows added by status."""
    added: dict[str, int] = {}
    with open_warehouse(warehouse) as con:
        for start in range(0, len(paths), batch_size):
            result = read_files.fn(paths[start : start + batch_size], run_id=run_id, max_file_bytes=LIMIT)
            for status, count in write_ingest(con, result).items():
                added[status] = added.get(status, 0) + count
    return added


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture
def hostile(tmp_path):
    inbox = tmp_path / "inbox"
    return inbox, build_hostile_inbox(inbox)


def test_list_inbox_lists_every_entry(hostile):
    """Files, links, pipes, hidden files and links to folders are all listed; real folders are walked."""
    inbox, expected = hostile
    assert set(list_inbox(inbox)) == set(expected)


@pytest.mark.timeout(60)
def test_every_entry_of_a_hostile_inbox_gets_its_ledger_row(hostile, tmp_path):
    """Each entry gets exactly one ledger row with the expected status and reason; nothing hangs."""
    inbox, expected = hostile
    warehouse = tmp_path / "warehouse.duckdb"
    started = time.monotonic()
    ingest(warehouse, list_inbox(inbox), run_id="r1")
    assert time.monotonic() - started < 30
    rows = query(warehouse, "select path, status, reason from raw.ingest_ledger")
    assert sorted(path for path, _, _ in rows) == sorted(str(path) for path in expected)
    for path, status, reason in rows:
        outcome = expected[Path(path)]
        assert status == outcome.status, (path, status, reason)
        if status == "accepted":
            assert reason is None
        else:
            assert reason and reason.startswith(outcome.reason), (path, reason)
    accepted = sum(outcome.status == "accepted" for outcome in expected.values())
    assert query(warehouse, "select count(*), count(distinct article_id) from raw.articles") == [
        (accepted, accepted)
    ]


def test_landed_text_is_decoded_cleanly(hostile, tmp_path):
    """cp1252 text lands without mojibake, BOM and CR are gone, the HTML page lands as text without tags."""
    inbox, _ = hostile
    warehouse = tmp_path / "warehouse.duckdb"
    ingest(warehouse, list_inbox(inbox), run_id="r1")
    texts = dict(query(warehouse, "select doc, text from raw.articles"))
    assert texts["windows-1252"] == CP1252_ARTICLE
    assert texts["bom-crlf"] == BOM_CRLF_ARTICLE
    for doc, text in texts.items():
        assert not MOJIBAKE.search(text), doc
        assert "\r" not in text and "\ufeff" not in text, doc
    page = texts["halaman"]
    assert "menembus 20 juta" in page and "800.000" in page
    assert not re.search(r"<[a-zA-Z!/]", page)
    assert "tracker" not in page and "display:none" not in page
    encodings = dict(query(warehouse, "select doc, encoding from raw.articles"))
    assert encodings["windows-1252"] == "cp1252"
    assert encodings["halaman"] == "utf-8+html"


def test_ingesting_again_adds_nothing(hostile, tmp_path):
    """A second pass over the same inbox is a no-op: no ledger rows, no articles."""
    inbox, _ = hostile
    warehouse = tmp_path / "warehouse.duckdb"
    ingest(warehouse, list_inbox(inbox), run_id="r1")
    before = query(
        warehouse, "select (select count(*) from raw.ingest_ledger), (select count(*) from raw.articles)"
    )
    assert ingest(warehouse, list_inbox(inbox), run_id="r2") == {}
    after = query(
        warehouse, "select (select count(*) from raw.ingest_ledger), (select count(*) from raw.articles)"
    )
    assert before == after


def test_a_copy_arriving_in_a_later_batch_is_recorded_as_a_duplicate(tmp_path):
    """Byte-identical copies in later batches or runs each get a duplicate row, not silence."""
    inbox = tmp_path / "inbox"
    shutil.copytree(SEED_ARTICLES, inbox)
    warehouse = tmp_path / "warehouse.duckdb"
    ingest(warehouse, list_inbox(inbox), run_id="r1", batch_size=2)
    seed = sorted(inbox.glob("*.txt"))[0]
    shutil.copyfile(seed, inbox / "zz copy.txt")
    shutil.copyfile(seed, inbox / "zz copy 2.txt")
    assert ingest(warehouse, list_inbox(inbox), run_id="r2", batch_size=1) == {"duplicate": 2}
    rows = query(
        warehouse, "select path, status, reason from raw.ingest_ledger where run_id = 'r2' order by 1"
    )
    assert rows == [
        (str(inbox / "zz copy 2.txt"), "duplicate", f"same article as {seed}"),
        (str(inbox / "zz copy.txt"), "duplicate", f"same article as {seed}"),
    ]
    assert query(warehouse, "select count(*) from raw.articles") == [(5,)]


def test_a_changed_file_is_recorded_again(tmp_path):
    """New bytes under a known path get a new ledger row; a new article from it lands."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = inbox / "a.txt"
    path.write_text("Peserta 5 juta orang.\n", encoding="utf-8")
    warehouse = tmp_path / "warehouse.duckdb"
    assert ingest(warehouse, [path], run_id="r1") == {"accepted": 1}
    path.write_text("Peserta 6 juta orang.\n", encoding="utf-8")
    assert ingest(warehouse, [path], run_id="r2") == {"accepted": 1}
    assert query(warehouse, "select count(*) from raw.articles") == [(2,)]


@pytest.fixture
def open_folder():
    """A folder outside pytest's private (0700) temp root, so an unprivileged child can reach it."""
    folder = Path(tempfile.mkdtemp(prefix="prakerja-perm-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.timeout(30)
def test_a_file_the_process_may_not_read_is_rejected(open_folder):
    """Permission denied (a real EACCES: as root, read in a forked child that dropped to nobody)."""
    secret = open_folder / "no-access.txt"
    secret.write_text("Peserta 5 juta orang.\n", encoding="utf-8")
    secret.chmod(0)
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        try:
            os.close(reader)
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            row = read_files.fn([secret], run_id="r", max_file_bytes=LIMIT).ledger.row(0, named=True)
            os.write(writer, f"{row['status']}|{row['reason']}".encode())
        except BaseException as error:
            os.write(writer, f"child failed: {error!r}".encode())
        finally:
            os._exit(0)
    os.close(writer)
    deadline = time.monotonic() + 20
    while os.waitpid(child, os.WNOHANG) == (0, 0):
        if time.monotonic() > deadline:
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
            pytest.fail("the child reading the file hangs")
        time.sleep(0.05)
    with os.fdopen(reader, "rb") as pipe:
        assert pipe.read().decode() == "rejected|cannot read file: Permission denied"


@pytest.mark.timeout(30)
def test_a_named_pipe_with_no_writer_does_not_block(tmp_path):
    """A FIFO is refused at once; reading it would block forever."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    row = read_files.fn([fifo], run_id="r", max_file_bytes=LIMIT).ledger.row(0, named=True)
    assert (row["status"], row["reason"]) == ("rejected", "not a regular file (a named pipe)")


def test_a_file_over_the_limit_is_rejected_with_its_hash(tmp_path):
    """Oversized files are not decoded; the ledger keeps their size and hash so a re-run skips them."""
    big = tmp_path / "big.txt"
    big.write_bytes(b"Peserta 5 juta orang.\n" * 1000)
    row = read_files.fn([big], run_id="r", max_file_bytes=10_000).ledger.row(0, named=True)
    assert row["status"] == "rejected"
    assert row["reason"] == "file too large: 0.0 MB, the limit is 0.01 MB (PRAKERJA_MAX_FILE_MB)"
    assert row["size_bytes"] == 22_000 and len(row["content_sha256"]) == 64


def test_same_article_with_other_bytes_is_a_duplicate_in_one_batch(tmp_path):
    """CRLF + BOM and trailing spaces do not make a new article."""
    plain = tmp_path / "a.txt"
    plain.write_text(BOM_CRLF_ARTICLE, encoding="utf-8")
    windows = tmp_path / "b.txt"
    windows.write_bytes(BOM_CRLF_ARTICLE.replace("\n", "  \r\n").encode("utf-8-sig"))
    result = read_files.fn([plain, windows], run_id="r", max_file_bytes=LIMIT)
    assert result.ledger["status"].to_list() == ["accepted", "duplicate"]
    assert result.ledger["article_id"].to_list() == [article_id_for(BOM_CRLF_ARTICLE)] * 2
    assert result.articles.height == 1


@pytest.mark.usefixtures("prefect_harness")
@pytest.mark.timeout(120)
def test_the_ingest_flow_accounts_for_every_entry(hostile, tmp_path):
    """The Prefect flow over the hostile inbox, in small batches, twice: counts add up, then nothing new."""
    inbox, expected = hostile
    warehouse = tmp_path / "warehouse.duckdb"
    first = ingest_inbox(inbox, warehouse, run_id="r1", batch_size=4, max_file_bytes=LIMIT)
    statuses = [outcome.status for outcome in expected.values()]
    assert first == {
        "accepted": statuses.count("accepted"),
        "duplicate": statuses.count("duplicate"),
        "rejected": statuses.count("rejected"),
        "files": len(expected),
    }
    second = ingest_inbox(inbox, warehouse, run_id="r2", batch_size=4, max_file_bytes=LIMIT)
    assert second == {"accepted": 0, "duplicate": 0, "rejected": 0, "files": len(expected)}
    assert query(warehouse, "select count(*) from raw.ingest_ledger") == [(len(expected),)]
