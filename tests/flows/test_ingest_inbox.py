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
import polars as pl
import pytest

import flows.ingest_inbox
import prakerja_dq.ingest
from flows.ingest_inbox import ingest_inbox
from prakerja_dq.ingest import list_inbox, read_files, scan_inbox, scan_inbox_chunks, write_ingest
from prakerja_dq.textio import article_id_for
from prakerja_dq.warehouse import open_warehouse
from tests.conftest import SEED_ARTICLES
from tests.robustness.inbox import BOM_CRLF_ARTICLE, CP1252_ARTICLE, build_hostile_inbox

LIMIT = 20_000_000
MOJIBAKE = re.compile(r"Ã.|Â.|â€")


def ingest(warehouse: Path, paths: list[Path], *, run_id: str, batch_size: int = 1000) -> dict[str, int]:
    """Read and land ``paths`` in batches, as the ingest flow does; returns ledger rows added by status."""
    added: dict[str, int] = {}
    with open_warehouse(warehouse) as con:
        for start in range(0, len(paths), batch_size):
            result = read_files(paths[start : start + batch_size], run_id=run_id, max_file_bytes=LIMIT)
            for status, count in write_ingest(con, result).items():
                added[status] = added.get(status, 0) + count
    return added


def query(warehouse: Path, sql: str, parameters: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, parameters or []).fetchall()


def age(*paths: Path, seconds: float = 3600) -> None:
    """Set the mtime ``seconds`` in the past: files written just now are not trusted as unchanged."""
    when = time.time() - seconds
    for path in paths:
        os.utime(path, (when, when), follow_symlinks=False)


def run_flow(inbox: Path, warehouse: Path, run_id: str, batch_size: int = 4) -> dict[str, int]:
    return ingest_inbox(inbox, warehouse, run_id=run_id, batch_size=batch_size, max_file_bytes=LIMIT)


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """Every path the ingest stage opens, in order (read through ``prakerja_dq.ingest._read_one``)."""
    opened: list[str] = []
    read_one = prakerja_dq.ingest._read_one

    def counted(path: str, **options) -> dict:
        opened.append(path)
        return read_one(path, **options)

    monkeypatch.setattr(prakerja_dq.ingest, "_read_one", counted)
    return opened


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
            row = read_files([secret], run_id="r", max_file_bytes=LIMIT).ledger.row(0, named=True)
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
    row = read_files([fifo], run_id="r", max_file_bytes=LIMIT).ledger.row(0, named=True)
    assert (row["status"], row["reason"]) == ("rejected", "not a regular file (a named pipe)")


def test_a_file_over_the_limit_is_rejected_with_its_hash(tmp_path):
    """Oversized files are not decoded; the ledger keeps their size and hash so a re-run skips them."""
    big = tmp_path / "big.txt"
    big.write_bytes(b"Peserta 5 juta orang.\n" * 1000)
    row = read_files([big], run_id="r", max_file_bytes=10_000).ledger.row(0, named=True)
    assert row["status"] == "rejected"
    assert row["reason"] == "file too large: 0.0 MB, the limit is 0.01 MB (PRAKERJA_MAX_FILE_MB)"
    assert row["size_bytes"] == 22_000 and len(row["content_sha256"]) == 64


def test_same_article_with_other_bytes_is_a_duplicate_in_one_batch(tmp_path):
    """CRLF + BOM and trailing spaces do not make a new article."""
    plain = tmp_path / "a.txt"
    plain.write_text(BOM_CRLF_ARTICLE, encoding="utf-8")
    windows = tmp_path / "b.txt"
    windows.write_bytes(BOM_CRLF_ARTICLE.replace("\n", "  \r\n").encode("utf-8-sig"))
    result = read_files([plain, windows], run_id="r", max_file_bytes=LIMIT)
    assert result.ledger["status"].to_list() == ["accepted", "duplicate"]
    assert result.ledger["article_id"].to_list() == [article_id_for(BOM_CRLF_ARTICLE)] * 2
    assert result.articles.height == 1


@pytest.mark.usefixtures("prefect_harness")
@pytest.mark.timeout(120)
def test_the_ingest_flow_accounts_for_every_entry(hostile, tmp_path, reads):
    """The Prefect flow over the hostile inbox, in small batches, twice: counts add up, then nothing new.

    The second run opens only the entries that have no content hash in the ledger (links, the pipe, the
    hidden file); every regular file it has read is skipped as unchanged.
    """
    inbox, expected = hostile
    age(*expected)
    warehouse = tmp_path / "warehouse.duckdb"
    first = run_flow(inbox, warehouse, "r1")
    statuses = [outcome.status for outcome in expected.values()]
    assert first == {
        "accepted": statuses.count("accepted"),
        "duplicate": statuses.count("duplicate"),
        "rejected": statuses.count("rejected"),
        "unchanged": 0,
        "files": len(expected),
    }
    assert sorted(reads) == sorted(str(path) for path in expected)
    reads.clear()
    second = run_flow(inbox, warehouse, "r2")
    regular = {str(path) for path in expected if path.is_file() and not path.is_symlink()}
    hidden = {str(path) for path in expected if path.name.startswith(".")}
    assert second == {
        "accepted": 0,
        "duplicate": 0,
        "rejected": 0,
        "unchanged": len(regular - hidden),
        "files": len(expected),
    }
    assert sorted(reads) == sorted({str(path) for path in expected} - (regular - hidden))
    assert query(warehouse, "select count(*) from raw.ingest_ledger") == [(len(expected),)]


def test_the_listing_has_size_and_mtime_of_regular_files_only(hostile):
    """Sizes and mtimes come from lstat; links, pipes and folders have none, so they are never skipped."""
    inbox, _ = hostile
    listing = scan_inbox(inbox)
    assert listing.get_column("path").to_list() == [str(path) for path in list_inbox(inbox)]
    for path, size, mtime_ns in listing.iter_rows():
        if Path(path).is_symlink() or not Path(path).is_file():
            assert (size, mtime_ns) == (None, None), path
        else:
            info = os.lstat(path)
            assert (size, mtime_ns) == (info.st_size, info.st_mtime_ns), path


def test_the_listing_order_is_the_order_of_sorted_paths(tmp_path, monkeypatch):
    """Depth first by name is the order of sorted Paths ("a/b" before "a-c"), also for a relative inbox."""
    inbox = tmp_path / "inbox"
    for name in ("a/b.txt", "a-c.txt", "a.txt", "a/z/q.txt", "A.txt", "é.txt", "a b/c.txt", ".h/x.txt"):
        (inbox / name).parent.mkdir(parents=True, exist_ok=True)
        (inbox / name).write_text("Peserta 5 juta orang.\n", encoding="utf-8")
    walked = []
    for root, dirs, names in os.walk(inbox):
        walked += [
            Path(root) / name for name in names + [folder for folder in dirs if folder.startswith(".")]
        ]
        dirs[:] = [folder for folder in dirs if not folder.startswith(".")]
    assert list_inbox(inbox) == sorted(walked)
    monkeypatch.chdir(inbox)
    assert list_inbox(Path(".")) == sorted(path.relative_to(inbox) for path in walked)


@pytest.mark.usefixtures("prefect_harness")
@pytest.mark.timeout(120)
def test_an_unchanged_file_is_not_read_again(tmp_path, reads):
    """Same path, size and mtime as the ledger: not opened, counted as unchanged, nothing added.

    Proved twice: the reader is never called for it, and a same-size rewrite put back at the recorded mtime
    goes unnoticed (had the file been read, its new bytes would be a new ledger row and a new article).
    """
    inbox = tmp_path / "inbox"
    shutil.copytree(SEED_ARTICLES, inbox)
    seeds = sorted(inbox.iterdir())
    age(*seeds)
    warehouse = tmp_path / "warehouse.duckdb"
    assert run_flow(inbox, warehouse, "r1")["accepted"] == len(seeds)
    assert len(reads) == len(seeds)
    reads.clear()
    target = seeds[0]
    recorded = os.stat(target).st_mtime_ns
    target.write_bytes(target.read_bytes().swapcase())
    os.utime(target, ns=(recorded, recorded))
    second = run_flow(inbox, warehouse, "r2")
    assert second == {"accepted": 0, "duplicate": 0, "rejected": 0, "unchanged": len(seeds), "files": 5}
    assert reads == []
    assert query(warehouse, "select count(*), count(distinct run_id) from raw.ingest_ledger") == [(5, 1)]


@pytest.mark.usefixtures("prefect_harness")
@pytest.mark.timeout(120)
def test_a_file_modified_in_place_is_read_again(tmp_path, reads):
    """Another size or mtime: the file is read again; new bytes land, the same bytes refresh the mtime."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    grown, rewritten, touched, kept = (
        inbox / f"{name}.txt" for name in ("grown", "rewritten", "touched", "kept")
    )
    for number, path in enumerate((grown, rewritten, touched, kept)):
        path.write_text(f"Peserta gelombang {number} mencapai 5 juta orang.\n", encoding="utf-8")
    age(grown, rewritten, touched, kept, seconds=7200)
    warehouse = tmp_path / "warehouse.duckdb"
    assert run_flow(inbox, warehouse, "r1")["accepted"] == 4
    reads.clear()

    grown.write_text("Peserta gelombang 0 mencapai 5,5 juta orang.\n", encoding="utf-8")
    rewritten.write_text("Peserta gelombang 1 mencapai 6 juta orang.\n", encoding="utf-8")  # same size
    age(grown, rewritten, touched)  # new mtimes (an hour ago, not two); touched keeps its bytes
    assert (
        os.path.getsize(rewritten)
        == query(warehouse, "select size_bytes from raw.ingest_ledger where path = ?", [str(rewritten)])[0][0]
    )
    second = run_flow(inbox, warehouse, "r2")
    assert second == {"accepted": 2, "duplicate": 0, "rejected": 0, "unchanged": 1, "files": 4}
    assert sorted(reads) == sorted(str(path) for path in (grown, rewritten, touched))
    texts = [
        row[0] for row in query(warehouse, "select text from raw.articles where run_id = 'r2' order by 1")
    ]
    assert texts == [
        "Peserta gelombang 0 mencapai 5,5 juta orang.\n",
        "Peserta gelombang 1 mencapai 6 juta orang.\n",
    ]
    (touched_mtime,) = query(
        warehouse, "select mtime_ns from raw.ingest_ledger where path = ?", [str(touched)]
    )
    assert touched_mtime == (os.stat(touched).st_mtime_ns,)

    reads.clear()
    third = run_flow(inbox, warehouse, "r3")
    assert third == {"accepted": 0, "duplicate": 0, "rejected": 0, "unchanged": 4, "files": 4}
    assert reads == []


def test_the_ledger_records_mtime_except_for_files_modified_just_before_reading(tmp_path):
    """mtime_ns is the file's when it was read; a file written in the last seconds has none (racily clean)."""
    old, fresh = tmp_path / "old.txt", tmp_path / "fresh.txt"
    old.write_text("Peserta 5 juta orang.\n", encoding="utf-8")
    fresh.write_text("Peserta 6 juta orang.\n", encoding="utf-8")
    age(old)
    warehouse = tmp_path / "warehouse.duckdb"
    ingest(warehouse, [old, fresh], run_id="r1")
    rows = query(warehouse, "select path, size_bytes, mtime_ns from raw.ingest_ledger order by path")
    assert rows == [
        (str(fresh), fresh.stat().st_size, None),
        (str(old), old.stat().st_size, old.stat().st_mtime_ns),
    ]
    columns = query(warehouse, "select column_name, column_type from (describe raw.ingest_ledger)")
    assert ("mtime_ns", "BIGINT") in columns


@pytest.mark.usefixtures("prefect_harness")
@pytest.mark.timeout(120)
def test_a_warehouse_from_before_mtime_ns_still_works(tmp_path, reads):
    """An old ledger gets the column; its files are read once more, add nothing, and are skipped after."""
    inbox = tmp_path / "inbox"
    shutil.copytree(SEED_ARTICLES, inbox)
    age(*inbox.iterdir())
    warehouse = tmp_path / "warehouse.duckdb"
    ingest(warehouse, list_inbox(inbox), run_id="r1")
    with duckdb.connect(str(warehouse)) as con:
        con.execute("alter table raw.ingest_ledger drop column mtime_ns")
    before = query(warehouse, "select * from raw.ingest_ledger order by path")
    reads.clear()

    second = run_flow(inbox, warehouse, "r2")
    assert second == {"accepted": 0, "duplicate": 0, "rejected": 0, "unchanged": 0, "files": 5}
    assert len(reads) == 5
    after = query(warehouse, "select * exclude (mtime_ns) from raw.ingest_ledger order by path")
    assert after == before
    assert query(warehouse, "select count(*) from raw.ingest_ledger where mtime_ns is null") == [(0,)]

    reads.clear()
    (inbox / "baru.txt").write_text("Peserta gelombang 13 mencapai 6 juta orang.\n", encoding="utf-8")
    third = run_flow(inbox, warehouse, "r3")
    assert third == {"accepted": 1, "duplicate": 0, "rejected": 0, "unchanged": 5, "files": 6}
    assert reads == [str(inbox / "baru.txt")]


def test_the_listing_in_chunks_is_the_listing(hostile):
    inbox, _ = hostile
    chunks = list(scan_inbox_chunks(inbox, rows=3))
    assert [chunk.height for chunk in chunks[:-1]] == [3] * (len(chunks) - 1)
    assert 0 < chunks[-1].height <= 3
    assert pl.concat(chunks).equals(scan_inbox(inbox))
    assert [chunk.height for chunk in scan_inbox_chunks(inbox, rows=scan_inbox(inbox).height)] == [
        scan_inbox(inbox).height
    ]


def test_an_empty_inbox_lists_one_empty_chunk(tmp_path):
    assert [chunk.height for chunk in scan_inbox_chunks(tmp_path, rows=3)] == [0]
    with pytest.raises(FileNotFoundError):
        next(scan_inbox_chunks(tmp_path / "missing", rows=3))


@pytest.mark.usefixtures("prefect_harness")
@pytest.mark.timeout(120)
def test_the_ingest_flow_listing_the_inbox_in_chunks_lands_the_same(hostile, tmp_path, monkeypatch):
    """Listed three entries at a time (batches then never span two chunks), the ledger and articles match."""
    inbox, expected = hostile
    age(*expected)
    whole = run_flow(inbox, tmp_path / "whole.duckdb", "r1")
    monkeypatch.setattr(flows.ingest_inbox, "LISTING_CHUNK_ROWS", 3)
    chunked = run_flow(inbox, tmp_path / "chunked.duckdb", "r1")
    assert chunked == whole and whole["files"] == len(expected) > 3
    sql = {
        "select path, content_sha256, article_id, status, reason from raw.ingest_ledger order by path",
        "select article_id, source_path, text from raw.articles order by article_id",
    }
    for statement in sql:
        assert query(tmp_path / "chunked.duckdb", statement) == query(tmp_path / "whole.duckdb", statement)
    monkeypatch.setattr(flows.ingest_inbox, "LISTING_CHUNK_ROWS", 100_000)
    again = run_flow(inbox, tmp_path / "whole.duckdb", "r2")
    monkeypatch.setattr(flows.ingest_inbox, "LISTING_CHUNK_ROWS", 3)
    assert run_flow(inbox, tmp_path / "chunked.duckdb", "r2") == again
    assert again["unchanged"] > 0


def test_an_article_with_more_numbers_than_any_news_article_is_rejected(tmp_path):
    """A table or data dump (here 1.001 numbers) gets a ledger row with its reason, not an article whose
    figures the within-article checks would compare in pairs and triples; 1.000 numbers still land."""
    limit = prakerja_dq.ingest.MAX_ARTICLE_NUMBERS
    dump, long_feature = tmp_path / "dump.txt", tmp_path / "feature.txt"
    dump.write_text("Peserta 5 juta orang.\n" * (limit + 1), encoding="utf-8")
    long_feature.write_text("Insentif Rp 600.000.\n" * limit, encoding="utf-8")
    result = read_files([dump, long_feature], run_id="r", max_file_bytes=10_000_000)
    rows = {Path(row["path"]).name: row for row in result.ledger.iter_rows(named=True)}
    assert rows["dump.txt"]["status"] == "rejected"
    assert rows["dump.txt"]["reason"] == (
        "too many numbers for one article: more than 1,000 (a table or data dump, not a news article)"
    )
    assert len(rows["dump.txt"]["content_sha256"]) == 64
    assert rows["feature.txt"]["status"] == "accepted"
    assert result.articles.get_column("doc").to_list() == ["feature"]
