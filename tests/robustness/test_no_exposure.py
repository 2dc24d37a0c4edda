"""Nothing exposed: the report server stays on loopback and in its folder, article text is escaped,
`prakerja sql` cannot change the marts, and no credentials are committed."""

from __future__ import annotations

import hashlib
import http.client
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from prakerja_dq.cli import main as prakerja
from prakerja_dq.report.server import make_report_server
from tests.robustness.conftest import REPO_ROOT, query

SECRET = "TOP-SECRET-7f3a"


@pytest.fixture
def served(tmp_path) -> Iterator[tuple[int, Path]]:
    """A report folder served by the real report server, with a secret file and a link just outside it."""
    report = tmp_path / "report"
    (report / "evidence").mkdir(parents=True)
    (report / "index.html").write_text("<html><body>laporan</body></html>", encoding="utf-8")
    (report / "evidence" / "a.html").write_text("<p>bukti</p>", encoding="utf-8")
    (report / "empty").mkdir()
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    (report / "leak.txt").symlink_to(tmp_path / "secret.txt")
    server = make_report_server(report)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], report
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def get(port: int, raw_path: str) -> tuple[int, str]:
    """Send the request line exactly as given (no client-side normalisation) and return status and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", raw_path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", "127.0.0.1")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def listening_addresses(port: int) -> set[str]:
    """Local addresses (kernel hex form) with a TCP socket listening on ``port``, IPv4 and IPv6."""
    addresses = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].rsplit(":", 1)
            if int(port_hex, 16) == port and fields[3] == "0A":
                addresses.add(address)
    return addresses


def test_the_report_server_binds_to_loopback_by_default():
    """The server and `prakerja report --serve` default to 127.0.0.1."""
    server = make_report_server(Path("."))
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()
    from prakerja_dq.cli import build_parser

    assert build_parser().parse_args(["report", "--serve"]).host == "127.0.0.1"


@pytest.mark.timeout(120)
def test_prakerja_report_serve_listens_on_loopback_only(hostile_run, cli_env, processes):
    """The real command, started as users start it, listens on 127.0.0.1 and serves the report."""
    env = cli_env | {"PRAKERJA_HOME": str(hostile_run.home)}
    server = processes.start(["report", "--serve", "--port", "0"], env)
    deadline = time.monotonic() + 90
    while not (match := re.search(r"at http://([\d.]+):(\d+)/", server.out.read_text(encoding="utf-8"))):
        assert server.process.poll() is None, server.err.read_text(encoding="utf-8")
        assert time.monotonic() < deadline, "prakerja report --serve did not start"
        time.sleep(0.2)
    host, port = match.group(1), int(match.group(2))
    assert host == "127.0.0.1"
    assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1 only, in /proc/net/tcp's hex form
    status, body = get(port, "/")
    assert status == 200 and "<html" in body.lower()


@pytest.mark.parametrize(
    "raw_path",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%2fsecret.txt",
        "/evidence/../../secret.txt",
        "/evidence/%2e%2e/%2e%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/..\\secret.txt",
        "/evidence/..%5c..%5csecret.txt",
        "/leak.txt",
        "//etc/passwd",
        "/../../../../../../etc/passwd",
        "/empty/",
    ],
)
def test_the_report_server_serves_nothing_outside_its_folder(served, raw_path):
    """Traversal (plain, encoded, double-encoded, backslash), links out and listings get 403/404."""
    port, _ = served
    status, body = get(port, raw_path)
    assert status in (403, 404), (raw_path, status)
    assert SECRET not in body and "root:" not in body


def test_the_report_server_still_serves_its_own_files(served):
    """The refusals above are not a server that refuses everything."""
    port, _ = served
    assert get(port, "/index.html") == (200, "<html><body>laporan</body></html>")
    assert get(port, "/evidence/a.html") == (200, "<p>bukti</p>")


def test_article_text_in_the_report_is_escaped(hostile_run):
    """The article holding `<script>alert('xss')</script>` shows up escaped, never as a live tag."""
    pages = {
        path: path.read_text(encoding="utf-8", errors="replace")
        for path in (hostile_run.home / "report").rglob("*.html")
    }
    assert pages, "the run wrote no report pages"
    raw = [path for path, page in pages.items() if "<script>alert(" in page]
    assert raw == []
    escaped = [path for path, page in pages.items() if re.search(r"&lt;script&gt;alert\(", page)]
    assert escaped, "the script article's sentence should be quoted (escaped) in the evidence pages"


def marts_fingerprint(published: Path) -> tuple:
    counts = query(
        published,
        "select table_name, estimated_size from duckdb_tables() where schema_name = 'marts' order by 1",
    )
    exact = [query(published, f"select count(*) from marts.{name}")[0][0] for name, _ in counts]
    return hashlib.sha256(published.read_bytes()).hexdigest(), [name for name, _ in counts], exact


@pytest.mark.parametrize(
    "statement",
    [
        "drop table marts.figures",
        "insert into marts.figures select * from marts.figures",
        "delete from marts.ingest_ledger",
        "update marts.figures set value = -1",
        "create table marts.evil as select 1 as x",
        "select 1; drop table marts.figures; --",
        "select * from marts.figures where doc = ''; DROP TABLE marts.figures; --'",
    ],
)
def test_prakerja_sql_cannot_change_the_marts(hostile_run, monkeypatch, capsys, statement):
    """Writes fail with a clear message and exit 2; the file and every table's rows are unchanged."""
    monkeypatch.setenv("PRAKERJA_HOME", str(hostile_run.home))
    before = marts_fingerprint(hostile_run.published)
    assert prakerja(["sql", statement]) == 2
    error = capsys.readouterr().err
    assert error.startswith("prakerja sql: the published marts are read-only"), error
    assert "Traceback" not in error
    assert marts_fingerprint(hostile_run.published) == before


def test_prakerja_sql_still_answers_queries(hostile_run, monkeypatch, capsys):
    """Reading works through the same command (so the refusals above are about writing)."""
    monkeypatch.setenv("PRAKERJA_HOME", str(hostile_run.home))
    assert prakerja(["sql", "select count(*) as n from marts.ingest_ledger", "--format", "csv"]) == 0
    assert capsys.readouterr().out.split() == ["n", str(len(hostile_run.expected))]


# Built from pieces so that this file does not match its own patterns.
SECRET_PATTERNS = {
    "password in a string": re.compile(
        r"(?i)(pass" r"word|passwd|pwd|secret|api_?key|token)\w*['\"]?\s*[:=]\s*(['\"])(?P<value>[^'\"\s]+)\2"
    ),
    "password in a config line": re.compile(
        r"(?m)^\s*(export\s+)?[A-Z0-9_]*(PASS"
        r"WORD|PASSWD|SECRET|API_KEY|TOKEN)[A-Z0-9_]*\s*[:=]\s*"
        r"(?P<value>[^\s#'\"]+)"
    ),
    "credentials in a URL": re.compile(r"[a-z][a-z0-9+.-]*://(?P<user>[^:/@\s]+):(?P<value>[^@/\s]+)@"),
    "AWS access key id": re.compile(r"\b(AK" r"IA|AS" r"IA)[0-9A-Z]{16}\b"),
    "AWS secret key": re.compile(r"(?i)aws_secret_access_key\s*[:=]\s*(?P<value>[^\s'\"]+)"),
    "private key": re.compile(r"-----BEGIN (RSA |EC |OPENSSH |DSA )?PRIV" r"ATE KEY-----"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
}
# Values that show where a secret goes without being one (docs, .env.example, compose interpolation).
PLACEHOLDER = re.compile(
    r"(?i)^(\$\{[^}]*\}?|\$[A-Z_]+|<[^>]*>|\{[^}]*\}?|change[-_]?me.*|your[-_].*|example.*|placeholder.*|"
    r"x+|\*+|\.\.\.|none|null|true|false|str|\w+\.\w+.*|os\.environ.*|settings\..*|getenv.*)$"
)


def find_secrets(text: str) -> list[str]:
    """Lines that look like they hold a real credential."""
    found = []
    for name, pattern in SECRET_PATTERNS.items():
        for match in pattern.finditer(text):
            value = match.groupdict().get("value")
            if value is not None and (PLACEHOLDER.match(value) or len(value) < 4):
                continue
            found.append(f"{name}: {match.group(0)[:60]}")
    return found


def repository_files() -> list[Path]:
    """Tracked files plus new files not ignored by git (colleagues' work not committed yet)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    return [REPO_ROOT / name.decode() for name in listed if name and (REPO_ROOT / name.decode()).is_file()]


def test_the_secret_scanner_finds_planted_credentials():
    """The scanner below is not blind: each planted credential is found, each placeholder is not."""
    planted = [
        'DB_PASSWORD = "hunter2hunter2"',
        "POSTGRES_PASSWORD=Xk9fh2Lq",
        "    POSTGRES_PASSWORD: Xk9fh2Lq",
        "url = postgresql+asyncpg://prefect:s3cr3tPw@db:5432/prefect",
        "aws_access_key_id = AK" + "IAIOSFODNN7EXAMPLE",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "-----BEGIN RSA PRIV" + "ATE KEY-----",
    ]
    for line in planted:
        assert find_secrets(line), line
    placeholders = [
        "POSTGRES_PASSWORD=change-me-before-use",
        'url: "postgresql+asyncpg://${POSTGRES_USER}:${POSTGRES_PASSWORD:?set it}@postgres:5432/db"',
        "password: <your password>",
        "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres",
    ]
    for line in placeholders:
        assert find_secrets(line) == [], line


def test_no_credentials_in_the_repository():
    """No committed (or about to be committed) file holds a password, a credentialed URL or a key."""
    files = repository_files()
    assert any(path.name == "docker-compose.yml" for path in files)
    leaks = {}
    for path in files:
        if path == Path(__file__) or path.suffix in {".png", ".jpg", ".duckdb", ".parquet", ".lock"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if found := find_secrets(text):
            leaks[str(path.relative_to(REPO_ROOT))] = found
    assert leaks == {}
