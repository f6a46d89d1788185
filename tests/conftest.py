from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from ea_repo.cli import cli
from ea_repo.store import Repository

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = ROOT / "examples"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (for a server a test starts)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SPARQL_PROBE = {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}


def wait_until_up(url: str, proc: subprocess.Popen, what: str, params: dict | None = None, tries: int = 300) -> None:
    """Poll URL until it answers 2xx; fail with the process's stderr when it exits or does not answer in ~15 s."""
    for _ in range(tries):
        if proc.poll() is not None:
            break
        try:
            if requests.get(url, params=params, timeout=1).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.05)
    proc.kill()
    proc.wait(timeout=10)
    pytest.fail(f"{what} did not start: {(proc.stderr.read() if proc.stderr else b'').decode()[:1000]}")


# --- SPARQL servers the tests start on 127.0.0.1 (tests/test_remote.py, tests/test_server.py) ---------------

OXIGRAPH = shutil.which("oxigraph")
VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


# The test instance's own virtuoso.ini: its own database folder, both ports on 127.0.0.1, and answers as large as
# the repository (ResultSetMaxRows: Virtuoso's default of 10,000 rows cuts the catalogue's graph short).
VIRTUOSO_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = {db}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {db}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 600
"""
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "earepo", "ea-repo-test"


def start_oxigraph(folder):
    """An Oxigraph server with its database in FOLDER, on a free port of 127.0.0.1: (url, process)."""
    if OXIGRAPH is None:
        pytest.fail("the Oxigraph server is missing: run `bash scripts/test-setup.sh` (it installs PyPI's oxigraph)")
    port = free_port()
    proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(folder / "oxigraph"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(f"{url}/query", proc, "oxigraph serve", params=SPARQL_PROBE)
    return url, proc


def start_virtuoso(folder):
    """A Virtuoso with its own ini and database in FOLDER, on free ports of 127.0.0.1, and a user who may update:
    (url, process, the environment ea-repo needs to use it)."""
    if VIRTUOSO is None or ISQL is None:
        pytest.fail("Virtuoso is missing: run `bash scripts/test-setup.sh` (it installs Debian's virtuoso-opensource)")
    db = folder / "virtuoso"
    db.mkdir()
    sql, http = free_port(), free_port()
    ini = db / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=db, sql=sql, http=http), encoding="utf-8")
    proc = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)], cwd=db,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{http}"
    wait_until_up(f"{url}/sparql", proc, "virtuoso-t", params=SPARQL_PROBE)
    # A user of its own who may update (SPARQL_UPDATE), through the digest-authenticated endpoints; a fresh
    # database's dba password is dba, on 127.0.0.1 only, for this instance's few seconds.
    grant = (f"DB.DBA.USER_CREATE('{VIRTUOSO_USER}', '{VIRTUOSO_PASSWORD}'); "
             f'GRANT SPARQL_UPDATE TO "{VIRTUOSO_USER}";')
    out = subprocess.run([ISQL, f"127.0.0.1:{sql}", "dba", "dba", f"exec={grant}"], capture_output=True, text=True,
                         timeout=60)
    if out.returncode != 0 or "Error" in out.stdout + out.stderr:
        stop(proc)
        pytest.fail(f"isql could not set up the Virtuoso user: {(out.stdout + out.stderr)[:500]}")
    env = {"EA_REPO_QUERY_URL": f"{url}/sparql-auth", "EA_REPO_UPDATE_URL": f"{url}/sparql-auth",
           "EA_REPO_STORE_URL": f"{url}/sparql-graph-crud-auth", "EA_REPO_USER": VIRTUOSO_USER,
           "EA_REPO_PASSWORD": VIRTUOSO_PASSWORD, "EA_REPO_AUTH": "digest"}
    return url, proc, env



@contextlib.contextmanager
def sparql_server(kind: str, folder, monkeypatch):
    """A fresh SPARQL server of KIND ("oxigraph" or "virtuoso") with its database in FOLDER: its URL, with the
    environment ea-repo needs for it set through MONKEYPATCH; stopped after."""
    if kind == "oxigraph":
        url, proc = start_oxigraph(folder)
    else:
        url, proc, env = start_virtuoso(folder)
        for k, v in env.items():
            monkeypatch.setenv(k, v)
    try:
        yield url
    finally:
        stop(proc)


@pytest.fixture(autouse=True)
def _messages_in_english(monkeypatch):
    """Error messages follow the user's locale; the tests read them in English on any machine (tests/test_messages.py
    asks for bokmål where it tests it)."""
    monkeypatch.setenv("EA_REPO_LANG", "en")


class Cli:
    def __init__(self, repo: Path):
        self.repo = repo
        self.runner = CliRunner()

    def __call__(self, *args, expect: int | None = 0):
        result = self.runner.invoke(cli, [str(a) for a in args], env={"EA_REPO": str(self.repo)}, catch_exceptions=False)
        if expect is not None:
            assert result.exit_code == expect, f"exit {result.exit_code}, expected {expect}:\n{result.output}"
        return result


@pytest.fixture
def repo_path(tmp_path) -> Path:
    return tmp_path / "repo"


@pytest.fixture
def run(repo_path) -> Cli:
    return Cli(repo_path)


@pytest.fixture
def mini(tmp_path) -> Path:
    """A writable copy of the minimal CSV inventory (kommune 4631)."""
    dst = tmp_path / "mini"
    shutil.copytree(DATA / "mini", dst)
    return dst


def snapshot(repo_path: Path) -> list[str]:
    repo = Repository(repo_path, read_only=True)
    try:
        return repo.snapshot()
    finally:
        repo.close()
