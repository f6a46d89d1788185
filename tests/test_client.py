"""The command line as a client of `ea-repo serve` (ea_repo/client.py, ea_repo/cli/client_cmds.py): one real server
on 127.0.0.1 for the module, over the examples Alver (4631, XLSX) and Osterøy (4630, CSV), accounts made with
`ea-repo users`. Sign-in keeps a private token file; import, check, report, diff and export with --server answer as
the same commands do on the repository itself (compared with them run on the server's repository folder while the
server is stopped); refusals (a wrong password, a reader's write, a server that is not there or not ea-repo's, a
certificate that cannot be verified) are one line and exit code 2."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from ea_repo.cli import cli

from conftest import DATA, EXAMPLES, free_port, wait_until_up

TODAY = "2026-12-01"
PASSWORD = "correct horse battery staple"
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def ea(*args, input=None, env=None, expect: int | None = 0):
    """`ea-repo ARGS` in this process; asserts the exit code and that no traceback reached the user."""
    res = CliRunner().invoke(cli, [str(a) for a in args], input=input, env=env, catch_exceptions=False)
    assert expect is None or res.exit_code == expect, f"exit {res.exit_code}, expected {expect}:\n{res.output}"
    assert "Traceback" not in res.output
    return res


def one_error_line(res) -> str:
    """The user saw exactly one line, an error (exit 2)."""
    assert res.exit_code == 2 and res.stdout == "", res.output
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(("error: ", "feil: ")), res.stderr
    return lines[0]


class Served:
    """`ea-repo serve` in a process of its own, on one port for the module (stopped and started again around the
    local commands that read its repository folder)."""

    def __init__(self, base: Path):
        self.base, self.repo, self.accounts = base, base / "repo", base / "accounts.sqlite3"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def start(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "ea_repo", "serve", "--repo", str(self.repo), "--accounts",
                                      str(self.accounts), "--port", str(self.port), "--date", TODAY],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_until_up(f"{self.url}/api/health", self.proc, "ea-repo serve")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)

    @contextlib.contextmanager
    def stopped(self):
        self.stop()
        try:
            yield
        finally:
            self.start()

    def history(self, kommune: str) -> dict:
        token = self.token("lesar")
        return requests.get(f"{self.url}/api/kommuner/{kommune}/history", headers={"Authorization": f"Bearer {token}"},
                            timeout=30).json()

    def token(self, user: str) -> str:
        return ea("users", "token", user, "--accounts", self.accounts).stdout.strip()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    s = Served(tmp_path_factory.mktemp("served"))
    ea("import", EXAMPLES / "4631-alver.xlsx", "--kommune", "4631", "--repo", s.repo)
    ea("import", EXAMPLES / "4630-osteroy", "--kommune", "4630", "--repo", s.repo)
    ea("users", "add", "kari", "--role", "kommune-architect", "-k", "4631", "-k", "4630", "--accounts", s.accounts,
       "--password-stdin", input=PASSWORD + "\n")
    for reader in ("lesar", "ola"):
        ea("users", "add", reader, "--role", "reader", "--accounts", s.accounts, "--password-stdin", input=PASSWORD + "\n")
    ea("cooperation", "import", EXAMPLES / "fjordnett-ikt.yaml", "--repo", s.repo)
    ea("users", "add", "ivar", "--role", "coop-admin", "--cooperation", "fjordnett-ikt", "--accounts", s.accounts,
       "--password-stdin", input=PASSWORD + "\n")
    s.start()
    yield s
    s.stop()


@pytest.fixture(autouse=True)
def config(tmp_path, monkeypatch) -> Path:
    """Each test its own config folder (where login keeps tokens), and no token from the environment."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("EA_REPO_TOKEN", raising=False)
    monkeypatch.delenv("EA_REPO", raising=False)
    return tmp_path / "config" / "ea-repo"


def login(served: Served, user: str) -> None:
    ea("login", served.url, "--user", user, "--password-stdin", input=PASSWORD + "\n")


# --- signing in ------------------------------------------------------------------------------------------------


def test_login_keeps_the_token_in_a_private_file_and_logout_forgets_it(served, config):
    res = ea("login", served.url + "/", "--user", "kari", input=PASSWORD + "\n")  # the password asked, hidden
    assert PASSWORD not in res.output
    assert f"Signed in to {served.url} as kari (kommune-architect) until 20" in res.stdout
    file = config / "servers.json"
    assert oct(file.stat().st_mode & 0o777) == "0o600" and oct(config.stat().st_mode & 0o777) == "0o700"
    assert [p.name for p in config.iterdir()] == ["servers.json"]  # written atomically: no temporary file left
    entry = json.loads(file.read_text())[served.url]
    assert entry["user"] == "kari" and entry["role"] == "kommune-architect" and entry["expires"].endswith("Z")
    assert entry["token"] not in res.output
    ok = requests.get(f"{served.url}/api/kommuner", headers={"Authorization": f"Bearer {entry['token']}"}, timeout=30)
    assert [k["kommune"] for k in ok.json()] == ["4630", "4631"]
    entry["expires"] = "2026-01-01T08:00:00Z"
    file.write_text(json.dumps({served.url: entry}))
    late = ea("check", "--kommune", "4630", "--server", served.url, expect=2)
    assert one_error_line(late).startswith(f"error: your sign-in at {served.url} ran out at 2026-01-01")
    file.write_text(json.dumps({served.url: {**entry, "expires": "2099-01-01T08:00:00Z", "token": "es_revoked"}}))
    revoked = ea("check", "--kommune", "4630", "--server", served.url, expect=2)
    assert one_error_line(revoked) == (f"error: {served.url} no longer accepts your sign-in (it ran out or was revoked): "
                                       f"run `ea-repo login {served.url}` again")
    assert "Signed out of" in ea("logout", served.url).stdout
    assert served.url not in json.loads(file.read_text())
    line = one_error_line(ea("diff", "--kommune", "4630", "--server", served.url, expect=2))
    assert f"you are not signed in to {served.url}: run `ea-repo login {served.url}`" in line


def test_a_wrong_password_a_throttled_sign_in_and_wrong_servers_are_one_line_exit_2(served, config):
    wrong = ea("login", served.url, "--user", "ola", "--password-stdin", input="not the password\n", expect=2)
    assert one_error_line(wrong) == f"error: wrong user name or password for {served.url}"
    for _ in range(4):
        ea("login", served.url, "--user", "ola", "--password-stdin", input="not the password\n", expect=2)
    throttled = ea("login", served.url, "--user", "ola", "--password-stdin", input=PASSWORD + "\n", expect=2)
    assert one_error_line(throttled).startswith(f"error: too many failed sign-ins at {served.url}; wait 10 minutes")
    nobody = f"http://127.0.0.1:{free_port()}"
    gone = ea("login", nobody, "--user", "kari", "--password-stdin", input=PASSWORD + "\n", expect=2)
    assert one_error_line(gone).startswith(f"error: cannot reach {nobody} (")
    other = ea("login", served.url + "/static", "--user", "kari", "--password-stdin", input=PASSWORD + "\n", expect=2)
    assert "does not answer as an ea-repo server" in one_error_line(other)
    assert not (config / "servers.json").exists()  # nothing kept from a failed sign-in
    nb = ea("login", nobody, "--user", "kari", "--password-stdin", "--lang", "nb", input=PASSWORD + "\n", expect=2)
    assert one_error_line(nb).startswith(f"feil: får ikke kontakt med {nobody} (")


def _background(server: ThreadingHTTPServer):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture
def redirecting():
    """A server on 127.0.0.1 that sends every request on to localhost (another host name, so another host)."""

    class Redirect(BaseHTTPRequestHandler):
        def do_POST(self):
            self.send_response(307)
            self.send_header("Location", f"http://localhost:{self.server.server_port}/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = _background(ThreadingHTTPServer(("127.0.0.1", 0), Redirect))
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def self_signed(tmp_path):
    """An HTTPS server on 127.0.0.1 with a self-signed certificate (one no CA vouches for)."""
    import datetime as dt
    import ssl

    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    pem = tmp_path / "cert.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pem)

    class Answer(BaseHTTPRequestHandler):
        def do_POST(self):
            self.send_response(500)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    _background(server)
    yield f"https://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_no_redirect_to_another_host_and_no_unverified_certificate(redirecting, self_signed):
    res = ea("login", redirecting, "--user", "kari", "--password-stdin", input=PASSWORD + "\n", expect=2)
    assert "ea-repo follows no redirect to another host" in one_error_line(res) and "localhost" in res.stderr
    res = ea("login", self_signed, "--user", "kari", "--password-stdin", input=PASSWORD + "\n", expect=2)
    assert one_error_line(res).startswith(f"error: the TLS certificate of {self_signed} cannot be verified")


# --- import ------------------------------------------------------------------------------------------------------


def _broken_osteroy(folder: Path) -> Path:
    shutil.copytree(EXAMPLES / "4630-osteroy", folder)
    systems = folder / "systems.csv"
    systems.write_text(systems.read_text(encoding="utf-8").replace(",production,", ",prod,", 1), encoding="utf-8")
    integrations = folder / "integrations.csv"
    lines = integrations.read_text(encoding="utf-8").splitlines(keepends=True)
    head = lines[0].rstrip("\n").split(",")
    row = lines[1].split(",")
    row[head.index("provider")] = "websak"
    integrations.write_text("".join([lines[0], ",".join(row), *lines[2:]]), encoding="utf-8")
    return folder


def test_import_through_the_server_reports_every_error_writes_nothing_and_then_imports(served, tmp_path, monkeypatch):
    login(served, "kari")
    monkeypatch.chdir(tmp_path)  # relative names, so the local and the served import name the files alike
    ea("export", "--kommune", "4631", "--server", served.url, "--format", "xlsx", "--out", "alver.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook("alver.xlsx")
    ws = wb["systems"]
    head = [c.value for c in ws[1]]
    ws.cell(row=2, column=head.index("lifecycle") + 1).value = "prod"
    ws.cell(row=3, column=head.index("lifecycle") + 1).value = "sometimes"
    wb.save("bad.xlsx")
    before = {k: served.history(k) for k in ("4630", "4631")}

    remote = ea("import", "bad.xlsx", "--kommune", "4631", "--server", served.url, expect=2)
    local = ea("import", "bad.xlsx", "--kommune", "4631", "--repo", "scratch", expect=2)
    assert remote.output == local.output and remote.output.startswith("error: 2 problems in the input; nothing was written")
    assert "bad.xlsx, sheet 'systems':" in remote.output and "'sometimes' is not an allowed value" in remote.output

    _broken_osteroy(tmp_path / "osteroy")  # a folder: sent as one zip, its errors named by the files in it
    remote = ea("import", "osteroy", "--kommune", "4630", "--server", served.url, expect=2)
    local = ea("import", "osteroy", "--kommune", "4630", "--repo", "scratch", expect=2)
    assert remote.output == local.output
    assert "osteroy/systems.csv, sheet 'systems':" in remote.output and "osteroy/integrations.csv" in remote.output
    nb = ea("import", "osteroy", "--kommune", "4630", "--server", served.url, "--lang", "nb", expect=2)
    assert nb.output == ea("import", "osteroy", "--kommune", "4630", "--repo", "scratch", "--lang", "nb", expect=2).output
    assert "er ikke en tillatt verdi" in nb.output
    as_json = ea("import", "osteroy", "--kommune", "4630", "--server", served.url, "--format", "json", expect=2)
    local_json = ea("import", "osteroy", "--kommune", "4630", "--repo", "scratch", "--format", "json", expect=2)
    assert json.loads(as_json.stdout)["errors"] == json.loads(local_json.stdout)["errors"]
    assert not (tmp_path / "scratch").exists()
    assert {k: served.history(k) for k in ("4630", "4631")} == before  # nothing written on the server

    dry = ea("import", EXAMPLES / "4630-osteroy", "--kommune", "4630", "--server", served.url, "--dry-run")
    assert dry.stdout == ea("import", EXAMPLES / "4630-osteroy", "--kommune", "4630", "--dry-run").stdout
    assert dry.stdout.endswith("nothing written (--dry-run). Encoding: UTF-8.\n")
    done = ea("import", "alver.xlsx", "--kommune", "4631", "--server", served.url)
    assert done.stdout == f"Imported 450 rows (9790 triples) for kommune 4631 into {served.url}.\n"
    after = served.history("4631")
    assert len(after["imports"]) == len(before["4631"]["imports"]) + 1
    assert after["writes"][-1]["user"] == "kari" and after["writes"][-1]["file"] == "alver.xlsx"


def test_a_reader_may_not_write(served, tmp_path):
    login(served, "lesar")
    before = served.history("4630")
    res = ea("import", EXAMPLES / "4630-osteroy", "--kommune", "4630", "--server", served.url, expect=2)
    assert one_error_line(res).startswith(f"error: you may not write kommune 4630 on {served.url} (the server says: "
                                          "lesar (reader) may not write kommune 4630)")
    assert served.history("4630") == before


def test_a_zip_of_an_inventory_folder_imports_as_the_folder(tmp_path):
    """What the server reads when the client sends a folder: the zip as that folder, its errors named ZIP!member."""
    zipped, broken = tmp_path / "osteroy.zip", _broken_osteroy(tmp_path / "broken")
    with zipfile.ZipFile(zipped, "w") as z:
        for f in sorted((EXAMPLES / "4630-osteroy").iterdir()):
            z.write(f, f"4630-osteroy/{f.name}")
        z.writestr("../../outside/notes.txt", "a member named outside the folder is unpacked by its file name only")
    assert ea("import", zipped, "--kommune", "4630", "--dry-run").stdout == \
        ea("import", EXAMPLES / "4630-osteroy", "--kommune", "4630", "--dry-run").stdout
    assert not (tmp_path.parent.parent / "outside").exists() and not (tmp_path.parent / "outside").exists()
    with zipfile.ZipFile(zipped, "w") as z:
        for f in sorted(broken.iterdir()):
            z.write(f, f.name)
    got = json.loads(ea("import", zipped, "--kommune", "4630", "--dry-run", "--format", "json", expect=2).stdout)
    assert {e["file"] for e in got["errors"]} == {f"{zipped}!systems.csv", f"{zipped}!integrations.csv"}
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("notes.txt", "no inventory")
    assert "the zip holds no inventory files" in one_error_line(ea("import", zipped, "--kommune", "4630", expect=2))


# --- check, report, diff, export ---------------------------------------------------------------------------------


def test_check_through_the_server_equals_the_local_check(served):
    from ea_repo.writers import read_json, write_json

    login(served, "lesar")
    text = ea("check", "--all", "--server", served.url, expect=1)
    as_json = ea("check", "--all", "--server", served.url, "--format", "json", expect=1)
    one = ea("check", "--kommune", "4630", "--server", served.url, "--format", "sarif", expect=1)
    assert ea("check", "--kommune", "4630", "--server", served.url, "--fail-on", "never", "-q").exit_code == 0
    other_day = ea("check", "--kommune", "4630", "--server", served.url, "--date", "2026-01-01", expect=2)
    assert f"{served.url} checks as of {TODAY}, not --date 2026-01-01" in one_error_line(other_day)
    en = ea("check", "--kommune", "4630", "--server", served.url, "--date", TODAY, "--lang", "en", expect=1)
    with served.stopped():
        local_text = ea("check", "--all", "--repo", served.repo, "--date", TODAY, expect=1)
        local_json = ea("check", "--all", "--repo", served.repo, "--date", TODAY, "--format", "json", expect=1)
        local_one = ea("check", "--kommune", "4630", "--repo", served.repo, "--date", TODAY, "--format", "sarif", expect=1)
        local_en = ea("check", "--kommune", "4630", "--repo", served.repo, "--date", TODAY, "--lang", "en", expect=1)
    assert en.stdout == local_en.stdout and "Severity" in en.stdout  # the server answers in the language asked for
    assert not en.stderr
    assert text.stdout == local_text.stdout and "Kommune 4631" in text.stdout
    doc, local_doc = json.loads(as_json.stdout), json.loads(local_json.stdout)
    assert doc.pop("checked_at") and local_doc.pop("checked_at")
    assert doc == local_doc and doc["kommuner"] == ["4630", "4631"] and doc["findings"]
    assert STAMP.sub("T", one.stdout) == STAMP.sub("T", local_one.stdout)
    assert write_json(read_json(local_json.stdout)) == local_json.stdout  # JSON -> CheckResult -> JSON


def test_report_through_the_server_writes_the_page_that_opens_offline(served, tmp_path):
    from ea_repo import paths

    login(served, "lesar")
    res = ea("report", "--kommune", "4630", "--server", served.url, "--out", tmp_path / "served")
    assert res.stdout == f"wrote {tmp_path / 'served' / '4630-plan.html'}\nwrote {tmp_path / 'served' / '4630.html'}\n"
    page = (tmp_path / "served" / "4630.html").read_text(encoding="utf-8")
    script = (paths.reports_dir() / "report.js").read_text(encoding="utf-8")
    assert f"<script>{script}</script>" in page and page.count("<script") == 1  # the script inline again
    assert not re.search(r"""(src|href)=["']?/|127\.0\.0\.1""", page)  # nothing to fetch from the server
    every = ea("report", "--all", "--server", served.url, "--out", tmp_path / "all")
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == ["4630-plan.html", "4630.html", "4631-plan.html", "4631.html", "index.html"], every.stdout
    index = (tmp_path / "all" / "index.html").read_text(encoding="utf-8")
    assert 'href="4630.html"' in index and 'href="4631.html"' in index and f"<script>{script}</script>" in index
    with served.stopped():
        ea("report", "--kommune", "4630", "--repo", served.repo, "--date", TODAY, "--out", tmp_path / "local")
        ea("report", "--all", "--repo", served.repo, "--date", TODAY, "--out", tmp_path / "local-all")
    assert STAMP.sub("T", page) == STAMP.sub("T", (tmp_path / "local" / "4630.html").read_text(encoding="utf-8"))
    plan = (tmp_path / "served" / "4630-plan.html").read_text(encoding="utf-8")
    assert 'href="4630.html"' in plan and 'href="4630-plan.html"' in page
    assert STAMP.sub("T", plan) == STAMP.sub("T", (tmp_path / "local" / "4630-plan.html").read_text(encoding="utf-8"))
    assert STAMP.sub("T", index) == STAMP.sub("T", (tmp_path / "local-all" / "index.html").read_text(encoding="utf-8"))


def test_diff_and_export_through_the_server(served, tmp_path):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    login(served, "kari")
    changed = tmp_path / "osteroy"
    shutil.copytree(EXAMPLES / "4630-osteroy", changed)
    systems = changed / "systems.csv"
    rows = list(csv.reader(systems.read_text(encoding="utf-8").splitlines()))
    system = rows[1][rows[0].index("id")]
    rows[1][rows[0].index("name")] = "Et nytt namn"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    systems.write_text(buf.getvalue(), encoding="utf-8")
    ea("import", changed, "--kommune", "4630", "--server", served.url)
    table = ea("diff", "--kommune", "4630", "--server", served.url)
    as_json = ea("diff", "--kommune", "4630", "--server", served.url, "--format", "json")
    assert json.loads(as_json.stdout)["summary"]["systems"]["changed"] == 1
    assert f"~ {system}" in table.stdout and "→ Et nytt namn" in table.stdout
    ttl = ea("export", "--kommune", "4630", "--server", served.url)
    ea("export", "--kommune", "4630", "--server", served.url, "--format", "csv", "--out", tmp_path / "served-csv")
    with served.stopped():
        local_table = ea("diff", "--kommune", "4630", "--repo", served.repo)
        local_json = ea("diff", "--kommune", "4630", "--repo", served.repo, "--format", "json")
        local_ttl = ea("export", "--kommune", "4630", "--repo", served.repo)
        ea("export", "--kommune", "4630", "--repo", served.repo, "--format", "csv", "--out", tmp_path / "local-csv")
    assert table.stdout == local_table.stdout and as_json.stdout == local_json.stdout
    assert isomorphic(Graph().parse(data=ttl.stdout, format="turtle"), Graph().parse(data=local_ttl.stdout, format="turtle"))
    files = sorted(p.name for p in (tmp_path / "local-csv").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "served-csv").iterdir()) and "systems.csv" in files
    for name in files:
        assert (tmp_path / "served-csv" / name).read_bytes() == (tmp_path / "local-csv" / name).read_bytes(), name


def test_the_token_in_EA_REPO_TOKEN_is_used(served, config):
    token = served.token("lesar")
    res = ea("check", "--kommune", "4630", "--server", served.url, "--format", "json", env={"EA_REPO_TOKEN": token},
             expect=1)
    assert json.loads(res.stdout)["kommuner"] == ["4630"]
    assert not config.exists()  # no sign-in needed, none kept
    bad = ea("check", "--kommune", "4630", "--server", served.url, env={"EA_REPO_TOKEN": "ea_not-a-token"}, expect=2)
    assert one_error_line(bad) == (f"error: {served.url} does not accept the token in $EA_REPO_TOKEN (revoked, or for "
                                   "another server); get a new one with `ea-repo users token`")
    held = ea("check", "--kommune", "3301", "--server", served.url, env={"EA_REPO_TOKEN": token}, expect=2)
    assert one_error_line(held) == f"error: {served.url} holds no inventory for kommune 3301 (it holds: 4630, 4631)"


@pytest.mark.parametrize("args,why", [
    (["check", "--kommune", "4630", "--waivers", "w.yaml"], "--waivers does not go with --server: the server applies"),
    (["check", "--kommune", "4630", "--engine", "pyshacl"], "--engine does not go with --server"),
    (["check", "--kommune", "4630", "--format", "ttl"], "--format ttl does not go with --server"),
    (["check", "inventory.xlsx"], "inventory FILEs are checked here, not on a server"),
    (["check", "--kommune", "4630", "--repo", "somewhere"], "--repo does not go with --server"),
    (["report", "--kommune", "4630", "--out", "r", "--waivers", "w.yaml"], "--waivers does not go with --server"),
    (["report", "--kommune", "4630", "--out", "r", "--date", TODAY], "--date does not go with --server"),
    (["import", "inventory.xlsx", "--kommune", "4630", "--mode", "merge"], "--mode does not go with --server"),
    (["import", "inventory.xlsx"], "against a server, say which kommune the inventory is for: --kommune NNNN"),
    (["diff", "--kommune", "4630", "--repo", "somewhere"], "--repo does not go with --server"),
])
def test_what_only_a_repository_does_is_a_usage_error_with_a_server(args, why):
    res = ea(*args, "--server", "http://127.0.0.1:1", expect=2)  # said before any request: nothing listens there
    assert why in one_error_line(res)


def test_a_cooperations_shared_installations_through_the_server(served):
    shared = DATA / "coop" / "shared"
    login(served, "kari")  # a kommune architect of both members: not the co-operation's admin
    refused = ea("import", shared, "--cooperation", "fjordnett-ikt", "--server", served.url, expect=2)
    assert "may not write co-operation fjordnett-ikt" in one_error_line(refused)
    login(served, "ivar")
    dry = ea("import", shared, "--cooperation", "fjordnett-ikt", "--server", served.url, "--dry-run")
    with served.stopped():
        local = ea("import", shared, "--cooperation", "fjordnett-ikt", "--repo", served.repo, "--dry-run")
    assert dry.stdout == local.stdout and "for co-operation fjordnett-ikt; nothing written" in dry.stdout
    done = ea("import", shared, "--cooperation", "fjordnett-ikt", "--server", served.url)
    checked = re.match(r"OK: (\d+) rows, (\d+) triples for co-operation fjordnett-ikt;", dry.stdout)
    written = re.fullmatch(rf"Imported (\d+) rows \((\d+) triples\) for co-operation fjordnett-ikt into {served.url}\.\n",
                           done.stdout)
    assert checked and written and checked.groups() == written.groups() and int(checked[1]) > 0, (dry.stdout, done.stdout)
