"""The KLASS client (ea_repo.klass) against a real HTTP server on 127.0.0.1 serving recorded answers in
KLASS's shape (tests/data/klass/), plus a timeout, a 500 and malformed JSON.

Run from the repository root: PYTHONPATH=. python3 -m pytest tests/test_klass.py -q
"""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from ea_repo import history, klass

DATA = Path(__file__).parent / "data" / "klass"
TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


class Server:
    """mode: ok | slow | error | garbage; records every request path and query."""

    def __init__(self):
        self.mode = "ok"
        self.requests: list[tuple[str, dict, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                u = urlparse(self.path)
                outer.requests.append((u.path, parse_qs(u.query), self.headers.get("Accept", "")))
                if outer.mode == "slow":
                    time.sleep(1.5)
                if outer.mode == "error":
                    body, status = b'{"error": "boom"}', 500
                elif outer.mode == "garbage":
                    body, status = b"<html>not json", 200
                else:
                    name = "codes.json" if u.path.endswith("/codes") else "changes.json"
                    # the recorded answer, with "still valid" dated to the requested end, as KLASS does
                    to = parse_qs(u.query).get("to", ["2026-11-24"])[0].encode()
                    body, status = (DATA / name).read_bytes().replace(b"2026-11-24", to), 200
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api/klass/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("EA_REPO_CACHE", str(d))
    return d


def _update(server, **kw):
    return klass.update(today=TODAY, now=NOW, start_year=2023, url=server.url, timeout=kw.pop("timeout", 5),
                        retries=kw.pop("retries", 0), backoff=0, **kw)


def test_update_fetches_validates_and_caches(server, cache):
    r = _update(server)
    assert r.path == cache / klass.CACHE_FILE and r.path.exists()
    assert r.changes == 3 and r.current == 4  # 1508, 1580, 3201, 0301 (9999 "Uoppgitt" is not a kommune)
    paths = [p for p, _, _ in server.requests]
    assert paths == ["/api/klass/v1/classifications/131/codes", "/api/klass/v1/classifications/131/changes"]
    for _, q, accept in server.requests:
        assert q == {"from": ["2023-01-01"], "to": ["2026-11-24"]} and accept == "application/json"
    h = history.load()  # prefers the valid cached copy
    assert h.source.startswith("KLASS http://127.0.0.1")
    assert h.follow("1507") == ("1508", "1580") and "3201" in h.current and "1507" not in h.current
    assert len([c for c in h.changes if c.date.year < 2023]) == len([c for c in history.shipped().changes if c.date.year < 2023])


@pytest.mark.parametrize("mode,words", [("slow", "timeout"), ("error", "HTTP 500"), ("garbage", "not JSON")])
def test_failures_keep_the_previous_catalog_byte_for_byte(server, cache, run, mode, words):
    _update(server)
    before = (cache / klass.CACHE_FILE).read_bytes()
    server.mode = mode
    r = run("catalog", "update", "--from", "2023", "--url", server.url, "--timeout", "0.5", "--retries", "1", expect=2)
    assert words in r.output and "previous catalog is kept" in r.output
    assert (cache / klass.CACHE_FILE).read_bytes() == before
    assert sorted(p.name for p in cache.iterdir()) == [klass.CACHE_FILE]  # no temporary file left


def test_failure_without_cache_keeps_the_shipped_snapshot(server, cache, run):
    server.mode = "error"
    r = run("catalog", "update", "--url", server.url, "--retries", "0", expect=2)
    assert "shipped snapshot" in r.output and not (cache / klass.CACHE_FILE).exists()
    assert history.load().source == history.SHIPPED_SOURCE


@pytest.mark.parametrize("code", ["12x4", "1508\n"], ids=["letters", "newline"])  # a code is matched whole
def test_invalid_klass_data_is_refused(server, cache, tmp_path, monkeypatch, code):
    bad = tmp_path / "klass"
    bad.mkdir()
    entry = {"code": code, "name": "?", "validFromInRequestedRange": "2024-01-01"}
    (bad / "codes.json").write_text(json.dumps({"codes": [entry]}))
    (bad / "changes.json").write_bytes((DATA / "changes.json").read_bytes())
    monkeypatch.setitem(globals(), "DATA", bad)
    with pytest.raises(klass.KlassError, match=r"(?s)codes\[0\].*four-digit.*previous catalog is kept"):
        _update(server)
    assert not (cache / klass.CACHE_FILE).exists()


def test_corrupt_cache_falls_back_to_the_snapshot(cache):
    cache.mkdir()
    (cache / klass.CACHE_FILE).write_text("{ not json", encoding="utf-8")
    assert klass.read_cache() is None
    assert history.load().source == history.SHIPPED_SOURCE


def test_cli_update_success(server, cache, run):
    r = run("catalog", "update", "--from", "2023", "--url", server.url)
    assert "Cached" in r.output and (cache / klass.CACHE_FILE).exists()
    assert "1508" in run("catalog", "history", "1507").output
