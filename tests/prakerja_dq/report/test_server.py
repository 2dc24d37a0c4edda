"""The report server serves the report folder and nothing outside it."""

from __future__ import annotations

import http.client
import threading

import pytest

from prakerja_dq.report.server import make_report_server


@pytest.fixture
def served(tmp_path):
    report = tmp_path / "report"
    (report / "data_docs").mkdir(parents=True)
    (report / "index.html").write_text("<h1>report</h1>", encoding="utf-8")
    (report / "data_docs" / "index.html").write_text("docs", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("do not serve", encoding="utf-8")
    server = make_report_server(report, port=0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.putrequest("GET", path, skip_host=False, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_serves_report_files(served):
    assert get(served, "/index.html") == (200, b"<h1>report</h1>")
    assert get(served, "/data_docs/index.html") == (200, b"docs")
    assert get(served, "/")[0] == 200


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/data_docs/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..\\secret.txt",
    ],
)
def test_refuses_path_traversal(served, path):
    status, body = get(served, path)
    assert status == 404
    assert b"do not serve" not in body


def test_no_directory_listing_without_index(served, tmp_path):
    (tmp_path / "report" / "empty").mkdir()
    assert get(served, "/empty/")[0] == 404
