"""The web pages' writes over HTTP against a real `ea-repo serve`: a form POST needs the session cookie and the CSRF
token made for that session; roles are those of the API, on the kommune of the URL, whatever the form says; an
upload previewed by one user cannot be confirmed by another; the JSON API still takes no cookie for a write."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import requests

from conftest import DATA, free_port, stop, wait_until_up

PASSWORD = "correct horse battery staple"
TODAY = "2026-12-01"


def _ea(*args, input=None):
    p = subprocess.run([sys.executable, "-m", "ea_repo", *map(str, args)], capture_output=True, text=True, input=input)
    assert p.returncode == 0, p.stderr
    return p.stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("pages")
    repo, accounts = base / "repo", base / "accounts.sqlite3"
    _ea("import", DATA / "mini", "--kommune", "4631", "--repo", repo)
    _ea("import", DATA / "sparse", "--kommune", "4630", "--repo", repo)
    for name, role in (("kari", ["kommune-architect", "-k", "4631"]), ("per", ["kommune-architect", "-k", "4631"]),
                       ("osa", ["kommune-architect", "-k", "4630"]), ("ola", ["reader"])):
        _ea("users", "add", name, "--role", *role, "--accounts", accounts, "--password-stdin", input=PASSWORD + "\n")
    token = _ea("users", "token", "kari", "--accounts", accounts).strip()
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "ea_repo", "serve", "--repo", str(repo), "--accounts", str(accounts),
                             "--port", str(port), "--date", TODAY], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(f"{url}/api/health", proc, "ea-repo serve")
    yield {"url": url, "token": token, "repo": repo}
    stop(proc)


class Browser:
    """A signed-in browser's cookie and the CSRF token its pages carry."""

    def __init__(self, url: str, name: str):
        self.url = url
        r = requests.get(f"{url}/signin", timeout=10)
        nonce, csrf = r.cookies["ea_csrf"], _csrf(r.text)
        r = requests.post(f"{url}/signin", data={"csrf": csrf, "user": name, "password": PASSWORD},
                          cookies={"ea_csrf": nonce}, allow_redirects=False, timeout=30)
        assert r.status_code == 303, r.text
        self.cookies = {"ea_session": r.cookies["ea_session"]}
        self.csrf = _csrf(self.get("/kommuner/4631/").text, "page")

    def get(self, path: str, **kw):
        return requests.get(self.url + path, cookies=self.cookies, allow_redirects=False, timeout=60, **kw)

    def post(self, path: str, data=None, files=None, csrf: str | None = None):
        fields = {"csrf": self.csrf if csrf is None else csrf, **(data or {})}
        return requests.post(self.url + path, data=fields, files=files, cookies=self.cookies, allow_redirects=False,
                             timeout=60)


def _csrf(html: str, which: str = "") -> str:
    """The CSRF token of the page's first form (which="page": of the language switch, the pages' own forms)."""
    pattern = r'action="/language"[^>]*>\s*<input type="hidden" name="csrf" value="([^"]+)"' if which else \
        r'name="csrf" value="([^"]+)"'
    return re.search(pattern, html).group(1)


def _waivers(b: Browser, code: str) -> int:
    return b.get(f"/kommuner/{code}/waivers").text.count('data-status="')


PROPOSAL = {"rule": "EA-GAP-002", "system": "okonomi", "justification": "Hentes fra Enhetsregisteret fra 2027.",
            "expires": "2027-06-30"}


def test_a_form_post_needs_the_sessions_csrf_token(server):
    kari, per = Browser(server["url"], "kari"), Browser(server["url"], "per")
    before = _waivers(kari, "4631")
    assert kari.post("/kommuner/4631/waivers", PROPOSAL, csrf="").status_code == 403  # none
    assert kari.post("/kommuner/4631/waivers", PROPOSAL, csrf=per.csrf).status_code == 403  # another session's
    assert kari.post("/kommuner/4631/waivers", PROPOSAL, csrf=kari.csrf[:-1] + ("1" if kari.csrf.endswith("0") else "0")).status_code == 403  # forged
    r = requests.post(f"{server['url']}/kommuner/4631/waivers", data={"csrf": kari.csrf, **PROPOSAL},  # no cookie
                      headers={"Authorization": f"Bearer {server['token']}"}, allow_redirects=False, timeout=30)
    assert r.status_code == 403
    assert _waivers(kari, "4631") == before
    # the JSON API takes no cookie for a write
    r = requests.post(f"{server['url']}/api/kommuner/4631/waivers", json=PROPOSAL, cookies=kari.cookies, timeout=30)
    assert r.status_code == 401 and _waivers(kari, "4631") == before
    r = kari.post("/kommuner/4631/waivers", PROPOSAL)
    assert r.status_code == 303 and _waivers(kari, "4631") == before + 1


def test_roles_are_checked_on_the_kommune_of_the_url_whatever_the_form_says(server):
    osa, ola = Browser(server["url"], "osa"), Browser(server["url"], "ola")
    before = _waivers(osa, "4631")
    forged = {**PROPOSAL, "kommune": "4630"}
    assert osa.post("/kommuner/4631/waivers", forged).status_code == 403  # another kommune's architect
    assert ola.post("/kommuner/4631/waivers", PROPOSAL).status_code == 403  # a reader
    assert osa.post("/kommuner/4631/waivers/1/approve", {"kommune": "4630"}).status_code == 403
    assert _waivers(osa, "4631") == before
    files = {"file": ("systems.csv", (DATA / "mini" / "systems.csv").read_bytes(), "text/csv")}
    assert osa.post("/kommuner/4631/upload", {"kommune": "4630"}, files=files).status_code == 403
    assert ola.get("/kommuner/4631/upload").status_code == 403
    assert ola.post("/kommuner/4631/upload", files=files).status_code == 403
    assert "/upload" not in ola.get("/kommuner/4631/").text
    assert osa.post("/kommuner/9999/waivers", PROPOSAL).status_code == 404


def test_an_upload_is_confirmed_only_by_its_user_on_its_kommune(server, tmp_path):
    from ea_repo.inventory import load_files

    kari, per, osa = (Browser(server["url"], n) for n in ("kari", "per", "osa"))
    (tmp_path / "alver.zip").write_bytes(_zip())
    expected = load_files([tmp_path / "alver.zip"], "4631")  # what the import will say it wrote
    history = kari.get("/kommuner/4631/").text.count(">import<")
    files = {"file": ("alver.zip", _zip(), "application/zip")}
    r = kari.post("/kommuner/4631/upload", files=files)
    assert r.status_code == 200 and 'id="confirm"' in r.text, r.text[-2000:]
    ticket = re.search(r'name="ticket" value="([^"]+)"', r.text).group(1)
    assert per.post("/kommuner/4631/upload/confirm", {"ticket": ticket}).status_code == 409  # not per's upload
    assert osa.post("/kommuner/4630/upload/confirm", {"ticket": ticket}).status_code == 409  # nor on 4630
    assert osa.post("/kommuner/4631/upload/confirm", {"ticket": ticket}).status_code == 403
    assert kari.get("/kommuner/4631/").text.count(">import<") == history  # nothing written yet
    r = kari.post("/kommuner/4631/upload/confirm", {"ticket": ticket})
    assert r.status_code == 303 and r.headers["location"] == "/kommuner/4631/?stored=1"
    stored = f"alver.zip ({expected.rows} rows, {len(expected.graph)} triples), importert av kari."
    assert stored in kari.get(r.headers["location"]).text
    assert kari.get("/kommuner/4631/").text.count(">import<") == history + 1
    assert kari.post("/kommuner/4631/upload/confirm", {"ticket": ticket}).status_code == 409  # used once


def test_an_upload_previewed_before_another_import_is_not_written(server):
    kari, per = Browser(server["url"], "kari"), Browser(server["url"], "per")
    files = {"file": ("mini.zip", _zip(), "application/zip")}
    first = re.search(r'name="ticket" value="([^"]+)"', kari.post("/kommuner/4631/upload", files=files).text).group(1)
    second = re.search(r'name="ticket" value="([^"]+)"', per.post("/kommuner/4631/upload", files=files).text).group(1)
    assert per.post("/kommuner/4631/upload/confirm", {"ticket": second}).status_code == 303
    writes = kari.get("/kommuner/4631/").text.count(">import<")
    r = kari.post("/kommuner/4631/upload/confirm", {"ticket": first})
    assert r.status_code == 409 and "importert på nytt siden du så endringene" in r.text
    assert kari.get("/kommuner/4631/").text.count(">import<") == writes


def test_the_language_is_kept_for_the_user_and_the_switch_stays_on_this_server(server):
    ola = Browser(server["url"], "ola")
    r = ola.post("/language", {"lang": "en", "next": "https://example.org/"})
    assert r.status_code == 303 and r.headers["location"] == "/"
    assert '<html lang="en">' in ola.get("/kommuner/4631/findings").text
    assert '<html lang="nb">' in ola.get("/kommuner/4631/findings?lang=nb").text
    assert ola.post("/language", {"lang": "nb", "next": "/kommuner/4631/"}).headers["location"] == "/kommuner/4631/"
    page = ola.get("/kommuner/4631/findings?severity=violation&lang=en").text  # the switch comes back to the same list
    assert 'name="next" value="/kommuner/4631/findings?severity=violation"' in page


def _zip() -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for p in sorted((DATA / "mini").glob("*.csv")):
            text = p.read_text(encoding="utf-8")
            z.writestr(p.name, text.replace("Visma Enterprise,Visma,Visma Enterprise,2024", "Visma Enterprise,Visma,Visma Enterprise,2025"))
    return out.getvalue()


def test_a_waiver_is_rejected_only_with_a_reason_and_the_trail_shows_it(server):
    kari, per = Browser(server["url"], "kari"), Browser(server["url"], "per")
    before = _waivers(kari, "4631")
    r = per.post("/kommuner/4631/waivers", {**PROPOSAL, "system": "nope", "justification": " ", "expires": "2020-01-01"})
    assert r.status_code == 422 and _waivers(kari, "4631") == before  # every mistake at once, nothing kept
    alert = re.search(r'<div class="error" role="alert" id="errors"><ul>(.*?)</ul>', r.text, re.S).group(1)
    assert alert.count("<li>") == 3 and "nope" in alert and "begrunnelsen er tom" in alert and "2020-01-01" in alert
    r = per.post("/kommuner/4631/waivers", {**PROPOSAL, "justification": "Midlertidig, til ny avtale"})
    assert r.status_code == 303
    n = r.headers["location"].rsplit("-", 1)[-1]
    r = kari.post(f"/kommuner/4631/waivers/{n}/reject", {"reason": "  "})
    assert r.status_code == 409 and 'role="alert"' in r.text and "en avvisning må ha en begrunnelse" in r.text  # in bokmål
    r = kari.post(f"/kommuner/4631/waivers/{n}/reject", {"reason": "Avtalen er alt fornyet <b>"})
    assert r.status_code == 303
    row = re.search(rf'<tr id="waiver-{n}" data-status="(\w+)">(.*?)</tr>', kari.get("/kommuner/4631/waivers").text, re.S)
    assert row.group(1) == "rejected"
    assert "avslått – kari (Avtalen er alt fornyet &lt;b&gt;)" in row.group(2) and "foreslått – per" in row.group(2)
    assert kari.post(f"/kommuner/4631/waivers/{n}/approve").status_code == 409  # decided already


def test_the_vendored_libraries_are_the_npm_packages_the_lock_file_pins():
    """reports/vendor/ holds the files of the packages package-lock.json pins, byte for byte, and its README names
    each with its version and SHA-256."""
    import hashlib
    import json

    from ea_repo.server.pages import VENDORED

    root = DATA.parent.parent
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    readme = (root / "reports" / "vendor" / "README.md").read_text(encoding="utf-8")
    origin = {"cytoscape.min.js": ("cytoscape", "dist/cytoscape.min.js"), "elk.bundled.js": ("elkjs", "lib/elk.bundled.js"),
              "cytoscape-elk.js": ("cytoscape-elk", "dist/cytoscape-elk.js")}
    assert set(origin) == set(VENDORED)
    for name, (package, path) in origin.items():
        vendored = (root / "reports" / "vendor" / name).read_bytes()
        assert f"| {name} | {package} | {lock[f'node_modules/{package}']['version']} | {path} |" in readme
        assert f"{hashlib.sha256(vendored).hexdigest()}  {name}" in readme
        installed = root / "node_modules" / package / path
        if installed.exists():  # (after scripts/test-setup.sh)
            assert installed.read_bytes() == vendored, name
