"""`ea-repo serve`, started by the test as a user would (a uvicorn process on 127.0.0.1), with accounts made by
`ea-repo users`: tokens and sessions, roles on every write (a forged kommune in the URL is refused), a bad
workbook answered with every error and nothing written, the findings equal to `check --format json`, the
report page without inline script, security headers, a rate-limited sign-in."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
import sys

import pytest
import requests
from click.testing import CliRunner

from ea_repo.cli import cli

from conftest import DATA, free_port, start_oxigraph, start_virtuoso, stop, wait_until_up

ROOT = DATA.parent.parent
TODAY = "2026-12-01"
PASSWORD = "correct horse battery staple"


def _run(*args, input=None, expect=0):
    res = CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)
    assert expect is None or res.exit_code == expect, res.output
    return res.output


def _serve(repo, accounts) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "ea_repo", "serve", "--repo", str(repo), "--accounts", str(accounts),
                             "--port", str(port), "--date", TODAY], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(f"{url}/api/health", proc, "ea-repo serve")
    return proc, url


@pytest.fixture(scope="module", params=["embedded", "oxigraph", "virtuoso"])
def server(request, tmp_path_factory):
    """The server over an embedded repository, and over one on an Oxigraph and on a Virtuoso server: the same
    tests for all three."""
    base = tmp_path_factory.mktemp("server")
    accounts = base / "accounts.sqlite3"
    store, env = None, {}
    if request.param == "embedded":
        repo = base / "repo"
    elif request.param == "oxigraph":
        repo, store = start_oxigraph(base)
    else:
        repo, store, env = start_virtuoso(base)
    patch = pytest.MonkeyPatch()  # the server process and the commands the tests run read the endpoints from here
    for k, v in env.items():
        patch.setenv(k, v)
    _run("import", DATA / "mini", "--kommune", "4631", "--repo", repo)
    _run("import", DATA / "sparse", "--kommune", "4630", "--repo", repo)
    _run("cooperation", "import", ROOT / "examples" / "fjordnett-ikt.yaml", "--repo", repo)
    _run("users", "add", "kari", "--role", "kommune-architect", "-k", "4631", "--accounts", accounts, "--password-stdin",
         input=PASSWORD + "\n")
    _run("users", "add", "lesar", "--role", "reader", "--accounts", accounts, "--no-password")
    _run("users", "add", "ola", "--role", "reader", "--accounts", accounts, "--password-stdin", input=PASSWORD + "\n")
    tokens = {u: _run("users", "token", u, "--accounts", accounts).strip() for u in ("kari", "lesar")}
    proc, url = _serve(repo, accounts)
    yield {"url": url, "repo": repo, "tokens": tokens, "base": base}
    proc.terminate()
    proc.wait(timeout=10)
    if store is not None:
        stop(store)
    patch.undo()


def _h(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_every_answer_has_security_headers_and_reads_need_an_account(server):
    url = server["url"]
    r = requests.get(f"{url}/api/kommuner", timeout=10)
    assert r.status_code == 401
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert requests.get(f"{url}/api/kommuner", headers=_h("ea_forged"), timeout=10).status_code == 401
    rows = requests.get(f"{url}/api/kommuner", headers=_h(server["tokens"]["lesar"]), timeout=10).json()
    assert [r["kommune"] for r in rows] == ["4630", "4631"]
    spec = requests.get(f"{url}/api/openapi.json", timeout=10).json()
    assert spec["openapi"].startswith("3.1") and "/api/kommuner/{k}/inventory" in spec["paths"]


def test_an_architect_writes_her_kommune_only_and_a_reader_writes_nothing(server, tmp_path):
    url, tokens = server["url"], server["tokens"]
    body = (DATA / "mini" / "systems.csv").read_bytes()
    for who, code, status in (("kari", "4630", 403), ("lesar", "4631", 403), (None, "4631", 401)):
        r = requests.put(f"{url}/api/kommuner/{code}/inventory", params={"filename": "systems.csv", "kommune": "4631"},
                         data=body, headers=_h(tokens[who]) if who else {}, timeout=30)
        assert r.status_code == status, (who, code, r.text)
    history = requests.get(f"{url}/api/kommuner/4630/history", headers=_h(tokens["lesar"]), timeout=10).json()
    assert history["writes"] == [] and len(history["imports"]) == 1


def test_a_cooperations_admin_writes_its_shared_installations_and_no_one_else(server, tmp_path):
    """Issue 17's co-operation admin: the shared installations (the co-operation's own inventory) are written by
    the co-operation's admin (or an admin) only; a kommune architect, a reader and another co-operation's admin get
    403, and a bad file gets every error with nothing written."""
    import zipfile

    url, tokens, accounts = server["url"], server["tokens"], server["base"] / "accounts.sqlite3"
    for name, coop in (("ivar", "fjordnett-ikt"), ("unn", "testnett")):
        _run("users", "add", name, "--role", "coop-admin", "--cooperation", coop, "--accounts", accounts, "--no-password")
    ivar, unn = (_run("users", "token", u, "--accounts", accounts).strip() for u in ("ivar", "unn"))
    shared = tmp_path / "shared.zip"
    with zipfile.ZipFile(shared, "w") as z:
        for f in sorted((DATA / "coop" / "shared").iterdir()):
            z.write(f, f.name)
    body = shared.read_bytes()
    coops = lambda: {c["id"]: c for c in requests.get(f"{url}/api/cooperations", headers=_h(tokens["lesar"]), timeout=30).json()}  # noqa: E731

    def put(who, coop="fjordnett-ikt", data=body, **params):
        return requests.put(f"{url}/api/cooperations/{coop}/inventory", params={"filename": "shared.zip", **params},
                            data=data, headers=_h(who) if who else {}, timeout=120)

    for who, status in ((tokens["kari"], 403), (tokens["lesar"], 403), (unn, 403), (None, 401)):
        assert put(who).status_code == status
    assert put(ivar, coop="no-such-coop").status_code == 404
    dry = put(ivar, dry_run="1")
    assert dry.status_code == 200 and not dry.json()["written"] and dry.json()["rows"] > 0, dry.text
    assert not coops()["fjordnett-ikt"]["shared_inventory"]
    bad = put(ivar, data=b"id,name,lifecycle\nsak,,sometimes\n", filename="systems.csv")
    assert bad.status_code == 422 and not bad.json()["written"] and len(bad.json()["errors"]) >= 2, bad.text
    assert not coops()["fjordnett-ikt"]["shared_inventory"]
    ok = put(ivar)
    assert ok.status_code == 200 and ok.json()["written"] and ok.json()["by"] == "ivar", ok.text
    assert coops()["fjordnett-ikt"]["shared_inventory"]


def test_a_bad_workbook_gets_every_error_and_a_fixed_one_is_written_and_logged(server, tmp_path):
    url, token = server["url"], server["tokens"]["kari"]
    good = tmp_path / "alver.xlsx"
    _run("export", "--kommune", "4631", "--repo", server["repo"], "--format", "xlsx", "--out", good)
    from openpyxl import load_workbook

    wb = load_workbook(good)
    ws = wb["systems"]
    head = [c.value for c in ws[1]]
    ws.cell(row=2, column=head.index("lifecycle") + 1).value = "prod"
    ws.cell(row=3, column=head.index("lifecycle") + 1).value = "sometimes"
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    expected = json.loads(_run("import", bad, "--kommune", "4631", "--dry-run", "--format", "json", expect=2))["errors"]
    before = requests.get(f"{url}/api/kommuner/4631/history", headers=_h(token), timeout=10).json()
    r = requests.put(f"{url}/api/kommuner/4631/inventory", params={"filename": "bad.xlsx"}, data=bad.read_bytes(),
                     headers=_h(token), timeout=60)
    assert r.status_code == 422 and not r.json()["written"]
    got = r.json()["errors"]
    assert [(e["cell"], e["problem"]) for e in got] == [(e["cell"], e["problem"]) for e in expected] and len(got) == 2
    assert all(e["file"] == "bad.xlsx" for e in got)  # the server's temporary folder is not shown
    assert requests.get(f"{url}/api/kommuner/4631/history", headers=_h(token), timeout=10).json() == before
    r = requests.put(f"{url}/api/kommuner/4631/inventory", params={"filename": "alver.xlsx"}, data=good.read_bytes(),
                     headers=_h(token), timeout=60)
    assert r.status_code == 200 and r.json()["written"], r.text
    history = requests.get(f"{url}/api/kommuner/4631/history", headers=_h(token), timeout=10).json()
    assert len(history["imports"]) == len(before["imports"]) + 1
    write = history["writes"][-1]
    assert write["user"] == "kari" and write["file"] == "alver.xlsx"
    assert write["sha256"] == hashlib.sha256(good.read_bytes()).hexdigest()


def test_findings_are_the_checks_json_and_the_report_page_has_no_inline_script(server):
    url, token = server["url"], server["tokens"]["lesar"]
    api = requests.get(f"{url}/api/kommuner/4630/findings", headers=_h(token), timeout=120).json()
    cli_doc = json.loads(_run("check", "--kommune", "4630", "--repo", server["repo"], "--format", "json", "--date", TODAY,
                              expect=None))
    for d in (api, cli_doc):
        d.pop("checked_at")
    assert api == cli_doc
    en = requests.get(f"{url}/api/kommuner/4630/findings", params={"lang": "en"}, headers=_h(token), timeout=120).json()
    cli_en = json.loads(_run("check", "--kommune", "4630", "--repo", server["repo"], "--format", "json", "--date", TODAY,
                             "--lang", "en", expect=None))
    en.pop("checked_at"), cli_en.pop("checked_at")
    assert en == cli_en and en["lang"] == "en" and en["findings"] != api["findings"]
    only = requests.get(f"{url}/api/kommuner/4630/findings", params={"severity": "info"}, headers=_h(token), timeout=120).json()
    assert only["findings"] and {f["severity"] for f in only["findings"]} == {"info"}
    page = requests.get(f"{url}/kommuner/4630/report.html", headers=_h(token), timeout=120)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert '<script src="/static/report.js"></script>' in page.text and "<script>" not in page.text
    assert requests.get(f"{url}/static/report.js", timeout=10).headers["Content-Type"].startswith("text/javascript")
    assert requests.get(f"{url}/kommuner/9999/report.html", headers=_h(token), timeout=10).status_code == 404
    # the plan page, from the same check, and the two pages link each other as the server serves them
    assert 'href="plan.html"' in page.text and 'href="4630-plan.html"' not in page.text
    plan = requests.get(f"{url}/kommuner/4630/plan.html", headers=_h(token), timeout=120)
    assert plan.status_code == 200 and 'href="report.html"' in plan.text and "<script>" not in plan.text
    assert requests.get(f"{url}/kommuner/4630/plan.html", timeout=10).status_code == 401


def test_sign_in_gives_a_session_and_failures_are_rate_limited(server):
    url = server["url"]
    ok = requests.post(f"{url}/api/session", json={"user": "ola", "password": PASSWORD}, timeout=30)
    assert ok.status_code == 200 and ok.json()["role"] == "reader"
    assert requests.get(f"{url}/api/kommuner", headers=_h(ok.json()["token"]), timeout=10).status_code == 200
    codes = [requests.post(f"{url}/api/session", json={"user": "ola", "password": "wrong"}, timeout=30).status_code
             for _ in range(6)]
    assert codes == [401] * 5 + [429]
    # the right password is refused too while the limit holds
    assert requests.post(f"{url}/api/session", json={"user": "ola", "password": PASSWORD}, timeout=30).status_code == 429
    assert requests.post(f"{url}/api/session", data="not json", timeout=30).status_code == 400


def test_accounts_hold_no_secret_in_the_clear(server):
    import sqlite3

    db = sqlite3.connect(server["base"] / "accounts.sqlite3")
    dump = "\n".join(db.iterdump())
    assert PASSWORD not in dump and server["tokens"]["kari"] not in dump and "$argon2id$" in dump
    assert oct((server["base"] / "accounts.sqlite3").stat().st_mode & 0o777) == "0o600"


def test_diff_and_catalogue_through_the_api(server):
    url, token = server["url"], server["tokens"]["lesar"]
    d = requests.get(f"{url}/api/kommuner/4631/diff", headers=_h(token), timeout=30)
    assert d.status_code in (200, 409), d.text  # 409: imported once only (the write test may not have run yet)
    if d.status_code == 200:
        assert d.json()["kommune"] == "4631" and set(d.json()["summary"]) == {"systems", "interfaces", "integrations"}
    assert requests.get(f"{url}/api/kommuner/4630/diff", headers=_h(token), timeout=30).status_code == 409
    comps = requests.get(f"{url}/api/catalog/components", headers=_h(token), timeout=30).json()
    assert {"id-porten", "altinn-2"} <= {c["id"] for c in comps}
    assert requests.get(f"{url}/api/catalog/nothing", headers=_h(token), timeout=30).status_code == 404
    coops = requests.get(f"{url}/api/cooperations", headers=_h(token), timeout=30).json()
    fjord = next(c for c in coops if c["id"] == "fjordnett-ikt")
    assert fjord["members"] == ["4630", "4631"] and fjord["declared_in"] == "repository" and fjord["fictional"]
    assert requests.get(f"{url}/api/cooperations", timeout=30).status_code == 401


def test_a_killed_server_loses_no_committed_import(tmp_path):
    repo, accounts = tmp_path / "repo", tmp_path / "accounts.sqlite3"
    _run("import", DATA / "sparse", "--kommune", "4630", "--repo", repo)
    _run("users", "add", "admin", "--role", "admin", "--accounts", accounts, "--no-password")
    token = _run("users", "token", "admin", "--accounts", accounts).strip()
    xlsx = tmp_path / "mini.xlsx"
    _run("import", DATA / "mini", "--kommune", "4631", "--repo", tmp_path / "other")
    _run("export", "--kommune", "4631", "--repo", tmp_path / "other", "--format", "xlsx", "--out", xlsx)
    proc, url = _serve(repo, accounts)
    r = requests.put(f"{url}/api/kommuner/4631/inventory", params={"filename": "mini.xlsx"}, data=xlsx.read_bytes(),
                     headers=_h(token), timeout=60)
    assert r.status_code == 200 and r.json()["written"], r.text
    proc.kill()  # kill -9 right after the answer
    proc.wait(timeout=10)
    proc, url = _serve(repo, accounts)
    try:
        rows = requests.get(f"{url}/api/kommuner", headers=_h(token), timeout=30).json()
        assert [(k["kommune"], k["systems"]) for k in rows] == [("4630", 11), ("4631", 3)]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_schemathesis_finds_no_server_error(tmp_path):
    """Generated requests from the OpenAPI description (every operation, as an admin who may write, against a
    server of its own): none is answered with a 5xx."""
    import shutil

    st = shutil.which("st") or shutil.which("schemathesis")
    assert st, "schemathesis is missing: run `bash scripts/test-setup.sh`"
    repo, accounts = tmp_path / "repo", tmp_path / "accounts.sqlite3"
    _run("import", DATA / "mini", "--kommune", "4631", "--repo", repo)
    _run("users", "add", "admin", "--role", "admin", "--accounts", accounts, "--no-password")
    token = _run("users", "token", "admin", "--accounts", accounts).strip()
    proc, url = _serve(repo, accounts)
    try:
        out = subprocess.run([st, "run", f"{url}/api/openapi.json", "-H", f"Authorization: Bearer {token}",
                              "--checks", "not_a_server_error", "--max-examples", "15", "--seed", "1"],
                             capture_output=True, text=True, timeout=600, cwd=tmp_path)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    import re

    selected = re.search(r"Selected: (\d+)/(\d+)", out.stdout)
    tested = re.search(r"Tested: (\d+)", out.stdout)
    cases = re.search(r"(\d+) generated, (\d+) passed", out.stdout)
    assert selected and tested and cases, out.stdout[-2000:]
    assert int(tested[1]) == int(selected[2]) == len(_operations())
    assert int(cases[1]) == int(cases[2]) > 100


def _operations() -> list[str]:
    from ea_repo.server.app import OPENAPI

    return [f"{m} {p}" for p, ops in OPENAPI["paths"].items() for m in ops]


def test_the_sparql_endpoint_reads_and_never_writes(server):
    url, token = server["url"], server["tokens"]["lesar"]
    g = "https://w3id.org/ea-repo/graph/inventory/4630"
    count = f"SELECT (COUNT(?s) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s a <https://w3id.org/ea-repo/ont#System> }} }}"
    r = requests.get(f"{url}/api/sparql", params={"query": count}, headers=_h(token), timeout=30)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/sparql-results+json")
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "11"
    ask = requests.post(f"{url}/api/sparql", data=f"ASK {{ GRAPH <{g}> {{ ?s ?p ?o }} }}",
                        headers={**_h(token), "Content-Type": "application/sparql-query"}, timeout=30)
    assert ask.json() == {"head": {}, "boolean": True}
    con = requests.get(f"{url}/api/sparql", params={"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }} LIMIT 5"},
                       headers=_h(token), timeout=30)
    assert con.status_code == 200 and len(con.text.strip().splitlines()) == 5
    for update in (f"DROP GRAPH <{g}>", f"INSERT DATA {{ GRAPH <{g}> {{ <urn:a> <urn:b> <urn:c> }} }}",
                   "SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"):
        r = requests.get(f"{url}/api/sparql", params={"query": update}, headers=_h(token), timeout=30)
        assert r.status_code == 400, (update, r.text)
    r = requests.get(f"{url}/api/sparql", params={"query": count}, headers=_h(token), timeout=30)
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "11"  # nothing dropped or added
    assert requests.get(f"{url}/api/sparql", params={"query": count}, timeout=30).status_code == 401


def test_concurrent_writes_both_land_and_a_check_never_sees_half_an_inventory(tmp_path):
    """Two imports of two kommuner at once both land; a check while an inventory is replaced answers exactly as
    on the old inventory or exactly as on the new one."""
    from concurrent.futures import ThreadPoolExecutor

    repo, accounts = tmp_path / "repo", tmp_path / "accounts.sqlite3"
    big = tmp_path / "alver.xlsx"
    shutil.copy(ROOT / "examples" / "4631-alver.xlsx", big)
    small = tmp_path / "mini.xlsx"
    _run("import", DATA / "mini", "--kommune", "4631", "--repo", tmp_path / "other")
    _run("export", "--kommune", "4631", "--repo", tmp_path / "other", "--format", "xlsx", "--out", small)
    sparse = tmp_path / "sparse.xlsx"
    _run("import", DATA / "sparse", "--kommune", "4630", "--repo", tmp_path / "other")
    _run("export", "--kommune", "4630", "--repo", tmp_path / "other", "--format", "xlsx", "--out", sparse)
    expected = {}
    for name, f in (("old", small), ("new", big)):
        one = tmp_path / f"only-{name}"
        _run("import", f, "--kommune", "4631", "--repo", one)
        doc = json.loads(_run("check", "--kommune", "4631", "--repo", one, "--format", "json", "--date", TODAY, expect=None))
        expected[name] = sorted((x["rule"], x["focus"], x["answer"]) for x in doc["findings"] + doc["not_known"])
    _run("import", small, "--kommune", "4631", "--repo", repo)
    _run("users", "add", "admin", "--role", "admin", "--accounts", accounts, "--no-password")
    h = _h(_run("users", "token", "admin", "--accounts", accounts).strip())
    proc, url = _serve(repo, accounts)
    try:
        def put(code, f):
            return requests.put(f"{url}/api/kommuner/{code}/inventory", params={"filename": f.name}, data=f.read_bytes(),
                                headers=h, timeout=300)

        def findings():
            doc = requests.get(f"{url}/api/kommuner/4631/findings", headers=h, timeout=300).json()
            return sorted((x["rule"], x["focus"], x["answer"]) for x in doc["findings"] + doc["not_known"])

        with ThreadPoolExecutor(4) as pool:
            writes = [pool.submit(put, "4631", big), pool.submit(put, "4630", sparse)]
            reads = [pool.submit(findings) for _ in range(2)]
            assert [w.result().status_code for w in writes] == [200, 200]
            seen = [r.result() for r in reads]
        assert all(s in (expected["old"], expected["new"]) for s in seen)
        assert findings() == expected["new"]
        rows = requests.get(f"{url}/api/kommuner", headers=h, timeout=30).json()
        assert [(k["kommune"], k["systems"]) for k in rows] == [("4630", 11), ("4631", 171)]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _violation_on_a_system(doc: dict) -> dict:
    """A not-met finding on one of the inventory's systems (a waiver names a rule and a system id)."""
    return next(f for f in doc["findings"] if f["answer"] == "not-met" and "/system/" in f["focus"] and not f["waived"])


def test_a_waiver_is_proposed_approved_by_another_user_and_waives_the_finding(server):
    """Issue 17's day of an architect: sign in, propose a waiver (a bad proposal gets every mistake), it waives
    nothing until a second user of the kommune approves it (never the proposer, a reader or another kommune's
    architect), then the finding is waived, the trail and the write log show who did what, and expiring it makes
    the finding count again."""
    url, tokens, accounts = server["url"], server["tokens"], server["base"] / "accounts.sqlite3"
    _run("users", "add", "per", "--role", "kommune-architect", "-k", "4631", "--accounts", accounts, "--password-stdin",
         input=PASSWORD + "\n")
    _run("users", "add", "siv", "--role", "kommune-architect", "-k", "4630", "--accounts", accounts, "--no-password")
    siv = _run("users", "token", "siv", "--accounts", accounts).strip()
    per = requests.post(f"{url}/api/session", json={"user": "per", "password": PASSWORD}, timeout=30).json()["token"]
    kari = tokens["kari"]
    findings = lambda: requests.get(f"{url}/api/kommuner/4631/findings", headers=_h(tokens["lesar"]), timeout=120).json()  # noqa: E731
    before = findings()
    f = _violation_on_a_system(before)
    system = f["focus"].rsplit("/", 1)[-1]
    wurl = f"{url}/api/kommuner/4631/waivers"

    bad = requests.post(wurl, json={"rule": "EA-NOPE-999", "system": "no-such-system", "justification": " ",
                                    "expires": "2026-01-01"}, headers=_h(kari), timeout=30)
    assert bad.status_code == 422 and not bad.json()["written"]
    assert sorted(e["column"] for e in bad.json()["errors"]) == ["expires", "justification", "rule", "system"]
    proposal = {"rule": f["rule"], "system": system, "justification": "Ny versjon er bestilt; leveres i mars.",
                "expires": "2027-06-30"}
    for who, status in ((tokens["lesar"], 403), (siv, 403), (None, 401)):
        assert requests.post(wurl, json=proposal, headers=_h(who) if who else {}, timeout=30).status_code == status
    assert requests.get(f"{url}/api/kommuner/4631/waivers", headers=_h(kari), timeout=30).json()["waivers"] == []

    made = requests.post(wurl, json=proposal, headers=_h(kari), timeout=30)
    assert made.status_code == 201, made.text
    n = made.json()["id"]
    assert made.json()["status"] == "proposed" and made.json()["proposed_by"] == "kari"
    same = lambda d: next(g for g in d["findings"] if (g["rule"], g["focus"]) == (f["rule"], f["focus"]))  # noqa: E731
    assert not same(findings())["waived"]  # a proposal waives nothing
    for who, status in ((kari, 403), (tokens["lesar"], 403), (siv, 403)):  # not the proposer, a reader, another kommune
        r = requests.post(f"{wurl}/{n}/approve", json={}, headers=_h(who), timeout=30)
        assert r.status_code == status, r.text
    assert requests.post(f"{url}/api/kommuner/4630/waivers/{n}/approve", json={}, headers=_h(per), timeout=30).status_code == 403
    no_reason = requests.post(f"{wurl}/{n}/reject", json={}, headers=_h(per), timeout=30)
    assert no_reason.status_code == 409  # needs a reason, said in both languages
    assert "reason" in no_reason.json()["error"] and "begrunnelse" in no_reason.json()["error_nb"], no_reason.text
    lesar_says = requests.post(f"{wurl}/{n}/approve", json={}, headers=_h(tokens["lesar"]), timeout=30).json()
    assert "may not write kommune 4631" in lesar_says["error"] and "skrivetilgang" in lesar_says["error_nb"]

    ok = requests.post(f"{wurl}/{n}/approve", json={}, headers=_h(per), timeout=30)
    assert ok.status_code == 200 and ok.json()["status"] == "approved" and ok.json()["approved_by"] == "per"
    assert ok.json()["in_force"] and [e["action"] for e in ok.json()["events"]] == ["proposed", "approved"]
    after = findings()
    waived = same(after)
    assert waived["waived"] and waived["waiver"]["approved_by"] == "per" and waived["waiver"]["system"] == system
    assert after["summary"] != before["summary"]  # the waived finding no longer counts
    assert requests.post(f"{wurl}/{n}/approve", json={}, headers=_h(per), timeout=30).status_code == 409  # decided once

    writes = requests.get(f"{url}/api/kommuner/4631/history", headers=_h(kari), timeout=30).json()["writes"]
    assert [(w["user"], w["action"]) for w in writes if w["action"].startswith("waiver")][-2:] == \
        [("kari", "waiver-propose"), ("per", "waiver-approve")]
    end = requests.post(f"{wurl}/{n}/expire", json={"reason": "Rettet"}, headers=_h(kari), timeout=30)
    assert end.status_code == 200 and end.json()["status"] == "expired" and not end.json()["in_force"]
    assert end.json()["events"][-1] == {**end.json()["events"][-1], "action": "expired", "by": "kari", "reason": "Rettet"}
    assert not same(findings())["waived"]


def test_sessions_expire(tmp_path):
    from ea_repo.server.accounts import Accounts

    acc = Accounts(tmp_path / "a.sqlite3")
    acc.add("ola", "reader", PASSWORD)
    live, _ = acc.new_session("ola", 1)
    gone, expires = acc.new_session("ola", -1 / 3600)  # a session that ended a second ago
    assert acc.by_token(live).name == "ola" and acc.by_token(gone) is None
    assert expires < dt.datetime.now(dt.UTC).isoformat()


def test_uploads_are_size_limited_and_parsed_without_external_entities(server, tmp_path):
    from ea_repo.server.app import MAX_UPLOAD

    url, token = server["url"], server["tokens"]["kari"]
    big = requests.put(f"{url}/api/kommuner/4631/inventory", params={"filename": "big.csv"},
                       data=b"x" * (MAX_UPLOAD + 1), headers=_h(token), timeout=120)
    assert big.status_code == 413

    def chunks():  # no Content-Length: the server counts as the upload comes
        for _ in range(MAX_UPLOAD // 2**20 + 1):
            yield b"y" * 2**20

    assert requests.put(f"{url}/api/kommuner/4631/inventory", params={"filename": "big.csv"}, data=chunks(),
                        headers=_h(token), timeout=120).status_code == 413
    secret = tmp_path / "secret.txt"
    secret.write_text("PASSORD-9f3a1c", encoding="utf-8")
    model = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE model [<!ENTITY xxe SYSTEM "file://{secret}">]>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" identifier="m1">
  <name xml:lang="nb">&xxe;</name>
  <elements><element identifier="e1" xsi:type="ApplicationComponent"
     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><name xml:lang="nb">Sak &xxe;</name></element></elements>
</model>"""
    r = requests.put(f"{url}/api/kommuner/4631/inventory", params={"filename": "model.xml", "dry_run": "1"},
                     data=model.encode(), headers=_h(token), timeout=60)
    assert r.status_code in (200, 422) and "PASSORD-9f3a1c" not in r.text
    assert "PASSORD-9f3a1c" not in requests.get(f"{url}/api/kommuner/4631/inventory", headers=_h(token), timeout=30).text


def test_the_sign_in_form_needs_its_csrf_token_and_a_session_cookie_only_reads(server):
    import re

    url = server["url"]
    _run("users", "add", "tove", "--role", "reader", "--accounts", server["base"] / "accounts.sqlite3", "--password-stdin",
         input=PASSWORD + "\n")  # (the rate-limit test locks ola out for a while)
    form = requests.get(f"{url}/signin", timeout=10)
    nonce, csrf = form.cookies.get("ea_csrf"), re.search(r'name="csrf" value="([^"]+)"', form.text)[1]
    fields = {"user": "tove", "password": PASSWORD}
    for cookies, token in (({}, csrf), ({"ea_csrf": nonce}, "forged"), ({"ea_csrf": "other"}, csrf), ({"ea_csrf": nonce}, "")):
        r = requests.post(f"{url}/signin", data={**fields, "csrf": token}, cookies=cookies, allow_redirects=False, timeout=30)
        assert r.status_code == 403 and "ea_session" not in r.headers.get("set-cookie", "")
    ok = requests.post(f"{url}/signin", data={**fields, "csrf": csrf}, cookies={"ea_csrf": nonce}, allow_redirects=False,
                       timeout=30)
    assert ok.status_code == 303 and "HttpOnly" in ok.headers["set-cookie"] and "SameSite=strict" in ok.headers["set-cookie"]
    session = re.search(r"ea_session=([^;]+)", ok.headers["set-cookie"])[1]
    assert requests.get(f"{url}/api/kommuner", cookies={"ea_session": session}, timeout=10).status_code == 200
    # a cookie never writes (a page elsewhere could make the browser send it): writes carry their token
    kari = requests.post(f"{url}/api/session", json={"user": "kari", "password": PASSWORD}, timeout=30).json()["token"]
    r = requests.put(f"{url}/api/kommuner/4631/inventory", params={"filename": "systems.csv"},
                     data=(DATA / "mini" / "systems.csv").read_bytes(), cookies={"ea_session": kari}, timeout=30)
    assert r.status_code == 401
    home = requests.get(f"{url}/", cookies={"ea_session": session}, timeout=30)
    out_csrf = re.search(r'name="csrf" value="([^"]+)"', home.text)[1]
    assert requests.post(f"{url}/signout", data={"csrf": csrf}, cookies={"ea_session": session}, timeout=30,
                         allow_redirects=False).status_code == 403  # the sign-in form's token does not sign out
    assert requests.post(f"{url}/signout", data={"csrf": out_csrf}, cookies={"ea_session": session}, timeout=30,
                         allow_redirects=False).status_code == 303
    assert requests.get(f"{url}/api/kommuner", cookies={"ea_session": session}, timeout=10).status_code == 401


def test_a_kommunes_state_changes_with_its_own_writes_only(tmp_path):
    """The server keeps a kommune's findings and page until that kommune's state changes: its imports and waivers
    change it, another kommune's do not (the repository's whole state changes with every write)."""
    import datetime as dt

    from ea_repo import rules
    from ea_repo.inventory import import_inventory
    from ea_repo.store import using
    from ea_repo.waivers import propose_waiver

    with using(tmp_path / "repo", read_only=False) as repo:
        import_inventory(repo, [DATA / "mini"], "4631")
        import_inventory(repo, [DATA / "sparse"], "4630")
        whole, k30, k31 = repo.state(), repo.state("4630"), repo.state("4631")
        import_inventory(repo, [DATA / "mini"], "4631")
        assert repo.state() != whole and repo.state("4631") != k31 and repo.state("4630") == k30
        k31 = repo.state("4631")
        propose_waiver(repo, "4630", rule=next(iter(rules.load_rules())), system="*", justification="Avklart",
                       expires="2027-01-01", by="kari", today=dt.date(2026, 12, 1), known_rules=set(rules.load_rules()))
        assert repo.state("4630") != k30 and repo.state("4631") == k31
