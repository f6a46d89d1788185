"""Hardening: one error boundary in the command line (no traceback, a crash never exits 1), one output helper
for every --out (atomic, no .part left, OS errors as messages), formula-safe CSV and XLSX outputs."""

from __future__ import annotations

import csv
import io
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ea_repo import catalog
from ea_repo.cli import EXIT_BUG
from ea_repo.inventory.cells import csv_writer, xlsx_append

from conftest import DATA

ROOT = Path(__file__).resolve().parent.parent


def test_an_unexpected_failure_is_one_line_and_exit_3(run, monkeypatch):
    def broken():
        raise RuntimeError("something inside broke")

    monkeypatch.setattr(catalog, "kommuner", broken)
    result = run("catalog", "kommuner", expect=EXIT_BUG)
    assert "unexpected RuntimeError: something inside broke" in result.output
    assert "Traceback" not in result.output
    result = run("--debug", "catalog", "kommuner", expect=EXIT_BUG)
    assert "Traceback" in result.output and "def broken" not in result.output.split("Traceback")[0]


@pytest.mark.parametrize("where", ["missing-folder/out.json", "a-folder", "read-only/out.json"])
def test_out_failures_are_messages_and_leave_no_part_file(run, tmp_path, where):
    run("import", DATA / "mini")
    (tmp_path / "a-folder").mkdir()
    ro = tmp_path / "read-only"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        if where.startswith("read-only") and os.access(ro, os.W_OK):
            pytest.skip("running as a user who may write anywhere")
        out = run("check", "--kommune", "4631", "--format", "json", "--out", tmp_path / where, expect=2).output
        assert ("error: cannot write" in out or "is a directory" in out) and "Traceback" not in out
        assert not list(tmp_path.rglob("*.part"))
    finally:
        ro.chmod(0o700)


def test_a_full_disk_on_stdout_is_a_message_not_a_traceback():
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "ea_repo", "catalog", "kommuner", "--json"], stdout=full,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.returncode == 2, proc.stderr
    assert "the disk is full" in proc.stderr and "Traceback" not in proc.stderr


def test_a_closed_pipe_stops_quietly():
    proc = subprocess.run(f"{sys.executable} -m ea_repo catalog kommuner | head -1", shell=True, capture_output=True,
                          text=True, cwd=ROOT)
    assert proc.stdout.startswith("0301") and "Traceback" not in proc.stderr and "Error" not in proc.stderr


def test_version_has_a_short_option(run):
    assert "version" in run("-V").output


def test_csv_writer_and_xlsx_append_never_write_a_formula():
    buf = io.StringIO()
    w = csv_writer(buf)
    w.writerow(["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "plain", 3, None])
    row = next(csv.reader(io.StringIO(buf.getvalue())))
    assert row[:5] == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "plain"] and row[5] == "3"
    from openpyxl import Workbook

    wb = Workbook()
    xlsx_append(wb.active, ["=1+1", "text", 4])
    out = io.BytesIO()
    wb.save(out)
    cells = list(load_workbook(io.BytesIO(out.getvalue())).active.iter_rows(values_only=True))[0]
    assert cells == ("=1+1", "text", 4)
    assert load_workbook(io.BytesIO(out.getvalue())).active["A1"].data_type == "s"


def test_procurement_comparison_csv_and_annex_xlsx_are_formula_safe(tmp_path):
    from ea_repo.procure import documents

    class Profile:  # the annex reads these fields of a profile's rows
        pass

    rows = [{"id": "=cmd|' /C calc'!A0", "title": "@t", "text": "+x", "condition": "", "obligation": "shall",
             "weight": 1, "level": "krav", "legal_basis": "-", "source": "", "requirement": ""}]
    original = documents.annex_rows
    documents.annex_rows = lambda profile, lang: rows
    try:
        data = documents.annex_xlsx(Profile(), "en")
    finally:
        documents.annex_rows = original
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A2"].value == "=cmd|' /C calc'!A0" and ws["A2"].data_type == "s"


# --- the HTTP client (catalog update) against a hostile server on 127.0.0.1 ------------------------------------


class Hostile:
    """A server on 127.0.0.1 whose answer depends on the path: big, bomb, drip, redirect, chunks, code."""

    def __init__(self):
        import gzip
        import json
        import threading
        import time
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        outer = self
        self.requests: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                kind = self.path.strip("/").split("?")[0]
                outer.requests.append(kind)
                try:
                    if kind == "big":
                        body = b'{"x": "' + b"a" * 3_000_000 + b'"}'
                        self._send(200, body)
                    elif kind == "bomb":
                        body = gzip.compress(b'{"x": "' + b"0" * 20_000_000 + b'"}')
                        self._send(200, body, {"Content-Encoding": "gzip"})
                    elif kind == "drip":
                        self.send_response(200)
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", "100")
                        self.end_headers()
                        for _ in range(100):
                            self.wfile.write(b" ")
                            self.wfile.flush()
                            time.sleep(0.1)
                    elif kind == "redirect":
                        self.send_response(302)
                        self.send_header("Location", f"http://127.0.0.1:{outer.other}/ok")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                    elif kind == "chunks":
                        self.send_response(200)
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Transfer-Encoding", "chunked")
                        self.end_headers()
                        self.wfile.write(b"5\r\n{\"a\":\r\nzz\r\n")  # a broken chunk size
                    elif kind == "deep":
                        self._send(200, b"[" * 100_000 + b"]" * 100_000)
                    else:
                        self._send(200, json.dumps({"ok": True}).encode())
                except OSError:
                    pass

            def _send(self, status, body, headers=None):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.other_httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port, self.other = self.httpd.server_address[1], self.other_httpd.server_address[1]
        for h in (self.httpd, self.other_httpd):
            threading.Thread(target=h.serve_forever, daemon=True).start()

    def url(self, kind: str) -> str:
        return f"http://127.0.0.1:{self.port}/{kind}"

    def close(self):
        for h in (self.httpd, self.other_httpd):
            h.shutdown()
            h.server_close()


@pytest.fixture(scope="module")
def hostile():
    h = Hostile()
    yield h
    h.close()


@pytest.mark.parametrize("kind, says", [("big", "larger than"), ("bomb", "larger than"), ("drip", "time allowed"),
                                        ("redirect", "another host"), ("chunks", "broke off"), ("deep", "not JSON")])
def test_the_http_client_refuses_what_a_hostile_server_sends(hostile, monkeypatch, kind, says):
    import time

    from ea_repo import klass

    monkeypatch.setattr(klass, "MAX_ANSWER_BYTES", 2 * 2**20)
    t0 = time.monotonic()
    with pytest.raises(klass.KlassError) as exc:
        klass.get_json(hostile.url(kind), {}, timeout=2, retries=0)
    assert says in str(exc.value)
    assert time.monotonic() - t0 < 6  # the deadline holds, whatever the server does
    assert klass.get_json(hostile.url("ok"), {}, timeout=2, retries=0) == {"ok": True}


def test_codes_are_matched_whole():
    from ea_repo.history import CODE
    from ea_repo.namespaces import ID_PATTERN

    assert CODE.match("1508") and not CODE.match("1508\n")
    assert ID_PATTERN.match("sak") and not ID_PATTERN.match("sak\n")


# --- one bar for every loader; nothing fetched that a file names ------------------------------------------------

_TTL = """@prefix ea: <https://w3id.org/ea-repo/ont#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/ea-repo/id/4631/system/{sid}> a ea:System ; ea:id "a" ; ea:name "{name}" {extra}.
"""


@pytest.mark.parametrize("sid, name, extra, says", [
    ("a%20b", "A", "", None),  # a percent-escaped IRI is fine
    ("a b", "A", "", "not a valid IRI"),
    ("a|b", "A", "", "not a valid IRI"),
    ("a", "A\\u0001", "", "control character U+0001"),
    ("a", "A", '; ea:contractEnd "2027-02-30"^^xsd:date ', "not a valid date"),
])
def test_what_the_dry_run_accepts_the_import_stores(run, tmp_path, sid, name, extra, says):
    f = tmp_path / "inv.ttl"
    f.write_text(_TTL.format(sid=sid, name=name, extra=extra), encoding="utf-8")
    if says is None:
        run("import", f, "--kommune", "4631", "--dry-run")
        run("import", f, "--kommune", "4631")
        return
    out = run("import", f, "--kommune", "4631", "--dry-run", expect=2).output
    assert says in out and "Traceback" not in out and "Failed to convert" not in out
    out = run("import", f, "--kommune", "4631", expect=2).output
    assert says in out
    assert not (run.repo / "CURRENT").exists() or run("list", "--json").output.strip() == "[]"


def test_a_lone_surrogate_in_json_is_an_input_error(run, tmp_path):
    import json

    doc = json.loads((ROOT / "examples" / "3301-drammen.json").read_text(encoding="utf-8"))
    doc["systems"][0]["name"] = "Sak\ud800"
    f = tmp_path / "inv.json"
    f.write_text(json.dumps(doc), encoding="utf-8")  # json.dumps writes the surrogate as \ud800
    out = run("import", f, "--dry-run", expect=2).output
    assert "lone surrogate" in out and doc["systems"][0]["id"] in out


def test_a_json_ld_context_a_file_names_is_never_fetched(run, tmp_path, hostile):
    hostile.requests.clear()
    for ctx in (hostile.url("ctx"), "file:///etc/passwd", ["https://schema.org/", {"ea": "https://w3id.org/ea-repo/ont#"}]):
        f = tmp_path / "inv.jsonld"
        f.write_text(json.dumps({"@context": ctx, "@id": "https://w3id.org/ea-repo/id/4631/system/a"}), encoding="utf-8")
        out = run("import", f, "--kommune", "4631", "--dry-run", expect=2).output
        assert "does not fetch" in out
    assert hostile.requests == []


def test_named_graphs_are_refused_not_dropped(run, tmp_path):
    f = tmp_path / "inv.trig"
    f.write_text(_TTL.format(sid="a", name="A", extra="").replace("<https://w3id.org/ea-repo/id/4631/system/a>",
                                                                  "<urn:g> { <https://w3id.org/ea-repo/id/4631/system/a>")
                 .rstrip() + " }\n", encoding="utf-8")
    out = run("import", f, "--kommune", "4631", "--dry-run", expect=2).output
    assert "named graphs (urn:g)" in out
    f = tmp_path / "inv.jsonld"
    f.write_text(json.dumps({"@id": "urn:g", "@graph": [{"@id": "https://w3id.org/ea-repo/id/4631/system/a",
                                                       "@type": "https://w3id.org/ea-repo/ont#System"}]}), encoding="utf-8")
    assert "named graphs" in run("import", f, "--kommune", "4631", "--dry-run", expect=2).output


# --- bounds: regular files only, caps on size, unzipped size, sheet dimensions, CSV cells ------------------------


def test_a_device_linked_as_an_inventory_file_is_not_read(run, tmp_path):
    folder = tmp_path / "inv"
    shutil.copytree(DATA / "mini", folder)
    (folder / "systems.csv").unlink()
    os.symlink("/dev/zero", folder / "systems.csv")
    out = run("import", folder, "--kommune", "4631", "--dry-run", expect=2).output
    assert "not a regular file" in out and "systems.csv" in out


def test_a_device_given_as_a_waiver_or_assignment_file_is_not_read(run, tmp_path):
    from ea_repo.errors import InputError
    from ea_repo.merger import load_assignments

    run("import", DATA / "mini")
    (tmp_path / "waivers.yaml").symlink_to("/dev/zero")
    for args in (("check", "--kommune", "4631"), ("report", "--kommune", "4631", "--out", tmp_path / "r")):
        out = run(*args, "--waivers", tmp_path / "waivers.yaml", expect=2).output
        assert "not a regular file" in out and "waivers.yaml" in out
    with pytest.raises(InputError, match="not a regular file"):
        load_assignments(Path("/dev/zero"))


def test_a_stray_cell_far_out_is_refused_at_once(run, tmp_path):
    import time

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "systems"
    ws.append(["id", "name"])
    ws.append(["sak", "Sak"])
    ws["XFD1048576"] = "x"
    wb.save(tmp_path / "inv.xlsx")
    t0 = time.monotonic()
    out = run("import", tmp_path / "inv.xlsx", "--kommune", "4631", "--dry-run", expect=2).output
    assert "column XFD" in out and "EA_REPO_MAX_COLUMNS" in out
    assert time.monotonic() - t0 < 30


def test_a_workbook_that_unpacks_too_large_is_refused(run, tmp_path, monkeypatch):
    import zipfile

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "systems"
    wb.active.append(["id", "name"])
    wb.active.append(["sak", "Sak"])
    wb.save(tmp_path / "inv.xlsx")
    with zipfile.ZipFile(tmp_path / "inv.xlsx", "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/padding.bin", b"\0" * (3 * 2**20))
    monkeypatch.setenv("EA_REPO_MAX_UNZIPPED_MB", "2")
    out = run("import", tmp_path / "inv.xlsx", "--kommune", "4631", "--dry-run", expect=2).output
    assert "unpacks to 3 MB, more than 2 MB" in out and "EA_REPO_MAX_UNZIPPED_MB" in out


def test_a_csv_cell_over_the_field_limit_is_located(run, tmp_path):
    folder = tmp_path / "inv"
    shutil.copytree(DATA / "mini", folder)
    with open(folder / "systems.csv", "a", encoding="utf-8") as fh:
        fh.write('huge,"' + "x" * 200_000 + '"\n')
    out = run("import", folder, "--kommune", "4631", "--dry-run", expect=2).output
    assert "field larger than field limit" in out and "systems.csv" in out and "Traceback" not in out


def test_broken_sheet_xml_and_bytes_no_encoding_has_are_located_errors(run, tmp_path):
    import zipfile

    good = _workbook(tmp_path / "good.xlsx")
    src, broken = zipfile.ZipFile(good), tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as out:
        for n in src.namelist():
            data = src.read(n)
            out.writestr(n, data.replace(b"</sheetData>", b"<row><c") if n.startswith("xl/worksheets/sheet") else data)
    out = run("import", broken, "--kommune", "4631", "--dry-run", expect=2).output
    assert "sheet 'systems': the sheet cannot be read (ParseError" in out and "Traceback" not in out, out
    for byte in (b"\x81", b"\x8d"):  # undefined in Windows-1252 too
        folder = tmp_path / f"cp-{byte.hex()}"
        shutil.copytree(DATA / "mini", folder)
        data = (folder / "systems.csv").read_bytes().replace(b"Visma,", b"Vis" + byte + b"ma,", 1)
        (folder / "systems.csv").write_bytes(data)
        out = run("import", folder, "--kommune", "4631", "--dry-run", expect=2).output
        assert f"byte 0x{byte.hex()}" in out and "systems.csv, line 3" in out and "Traceback" not in out, out


def test_an_archi_csv_row_shorter_than_its_header_is_read(tmp_path):
    from ea_repo.interop.archi_csv import _rows

    rows = list(_rows("elements.csv", '"ID","Type","Name","Documentation","Specialization"\n"id-1","ApplicationComponent"\n',
                      ("ID", "Type", "Name", "Documentation", "Specialization")))
    assert rows == [(2, {"ID": "id-1", "Type": "ApplicationComponent", "Name": "", "Documentation": "", "Specialization": ""})]


@pytest.mark.parametrize("column, value, says", [
    ("name", {"x": 1}, "an object is not a value"),
    ("citizenFacing", [True], "takes one value, not a list"),
    ("supportsStandard", [["utf-8"]], "a list of lists"),
    ("name", float("nan"), "NaN"),
])
def test_json_cells_that_are_no_value_are_input_errors(run, tmp_path, column, value, says):
    doc = json.loads((ROOT / "examples" / "3301-drammen.json").read_text(encoding="utf-8"))
    doc["systems"][0][column] = value
    f = tmp_path / "inv.json"
    f.write_text(json.dumps(doc), encoding="utf-8")  # NaN is written as NaN, which Python's json reads
    out = run("import", f, "--dry-run", expect=2).output
    assert says in out and column in out


def test_a_folder_of_other_files_is_never_made_a_repository(run, tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "letter.txt").write_text("keep me")
    out = run("import", DATA / "mini", "--repo", folder, expect=2).output
    assert "not an ea-repo repository" in out
    assert sorted(p.name for p in folder.iterdir()) == ["letter.txt"]


def test_a_refused_import_to_a_new_path_leaves_nothing_behind(run, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(DATA / "mini", bad)
    systems = bad / "systems.csv"
    systems.write_text(systems.read_text(encoding="utf-8").replace(",production,", ",sometimes,", 1), encoding="utf-8")
    for args in (["import", bad], ["import", "--each", bad]):
        target = tmp_path / "new-repo"
        run(*args, "--repo", target, expect=2)
        assert not target.exists()


def test_a_report_refuses_pages_from_two_states_of_the_repository(run, tmp_path, monkeypatch):
    from ea_repo import check
    from ea_repo import report as report_mod

    run("import", DATA / "mini")
    real = check.run

    def check_then_import(req):
        result = real(req)
        run("import", DATA / "mini")  # someone imports while the report is being made
        return result

    monkeypatch.setattr(check, "run", check_then_import)
    from ea_repo.errors import UsageError

    with pytest.raises(UsageError) as exc:
        report_mod.build_reports(run.repo, kommuner=["4631"])
    assert "changed while the report was being made" in str(exc.value)
    monkeypatch.setattr(check, "run", real)
    assert "4631.html" in report_mod.build_reports(run.repo, kommuner=["4631"]).pages


# --- a blank-node organisation, a full disk and kill -9 during an import ------------------------------------


def test_a_blank_node_organisation_is_stored_and_every_command_reads_it(run, tmp_path):
    from rdflib import BNode, Literal
    from rdflib.namespace import RDF, RDFS

    from ea_repo.inventory import load_files
    from ea_repo.namespaces import EA

    g = load_files([DATA / "mini"], "4631").graph
    system = sorted(g.subjects(RDF.type, EA.System))[0]
    org = BNode()
    g.add((system, EA.operatedBy, org))
    g.add((org, RDF.type, EA.Organisation))
    g.add((org, RDFS.label, Literal("Et samarbeid uten IRI")))
    (tmp_path / "inv.ttl").write_text(g.serialize(format="turtle"), encoding="utf-8")
    run("import", tmp_path / "inv.ttl", "--kommune", "4631")
    for args, codes in ((("gaps", "--kommune", "4631"), (0,)), (("check", "--kommune", "4631"), (0, 1)),
                        (("report", "--kommune", "4631", "--out", tmp_path / "r"), (0,)),
                        (("export", "--kommune", "4631", "--format", "archimate"), (0,))):
        res = run(*args, expect=None)
        assert res.exit_code in codes, (args, res.output)


def _sh(script: str, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "EA_REPO_LANG": "en", "PYTHONPATH": str(ROOT)}
    return subprocess.run(["bash", "-c", script, "sh", *args], capture_output=True, text=True, timeout=timeout, env=env)


FULL_DISK = r"""
set -u
D=$1
mount -t tmpfs -o size=96m tmpfs "$D" || exit 97
ea() { "$PYTHON" -m ea_repo "$@" --repo "$D/repo"; }
ea import "$2" --kommune 4631 -q || exit 98
avail=$(df --output=avail -B1 "$D" | tail -1)
fallocate -l $((avail - 300000)) "$D/filler" || exit 99
ea import "$3" --kommune 4631 -q; echo "full-exit=$?"
rm -f "$D/filler"
ea list --json > "$4/before.json"; echo "list-exit=$?"
ea import "$3" --kommune 4631 -q; echo "after-exit=$?"
ea list --json > "$4/after.json"
mount -t tmpfs -o size=1m tmpfs "$5" || exit 96
cat /dev/zero > "$5/filler" 2>/dev/null
ea export --kommune 4631 --format xlsx --out "$5/out.xlsx" 2> "$4/out-err.txt"; echo "out-exit=$?"
echo "out-files=$(ls "$5" | tr '\n' ' ')"
"""


def test_a_full_disk_during_an_import_is_one_message_and_the_store_stays_as_it_was(tmp_path):
    """On a real full file system (a small tmpfs, mounted in a mount namespace of its own so nothing outlives the test)."""
    if not shutil.which("unshare"):
        pytest.skip("unshare is not installed")
    # a mount namespace of its own: as root, or as a user through a user namespace where the kernel allows it
    prefix = next((p for p in ("unshare -m", "unshare -r -m")
                   if subprocess.run(f"{p} true", shell=True, capture_output=True).returncode == 0), None)
    if prefix is None:
        pytest.skip("no mount namespace here (needs root or unprivileged user namespaces)")
    (tmp_path / "fs").mkdir()
    (tmp_path / "out").mkdir()
    script = f"PYTHON={sys.executable}\n" + FULL_DISK
    proc = _sh(f"{prefix} bash -c {shlex.quote(script)} sh \"$@\"", str(tmp_path / "fs"), str(DATA / "mini"),
               str(ROOT / "examples" / "4631-alver.xlsx"), str(tmp_path), str(tmp_path / "out"))
    if proc.returncode == 97:
        pytest.skip(f"cannot mount a tmpfs here (needs root or user namespaces): {proc.stderr.strip()[:200]}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out, err = proc.stdout, proc.stderr
    assert "full-exit=2" in out and "list-exit=0" in out and "after-exit=0" in out, out + err
    assert "the disk is full" in err and "--out" not in err and "Traceback" not in err, err
    before = json.loads((tmp_path / "before.json").read_text())
    after = json.loads((tmp_path / "after.json").read_text())
    assert [(k["kommune"], k["systems"]) for k in before] == [("4631", 3)]  # the mini inventory, as it was
    assert [(k["kommune"], k["systems"]) for k in after] == [("4631", 171)]  # and the next import, once there is room
    # an --out onto a full disk: one message, no .part file left, exit 2
    assert "out-exit=2" in out and "out-files=filler \n" in out + "\n", out
    err = (tmp_path / "out-err.txt").read_text()
    assert "the disk is full" in err and "out.xlsx" in err and "Traceback" not in err, err


def test_kill_9_during_an_import_leaves_the_old_inventory_or_the_new_one(tmp_path):
    import time

    from ea_repo.store import Repository

    repo_path, big = tmp_path / "repo", ROOT / "examples" / "4631-alver.xlsx"
    env = {**os.environ, "EA_REPO_LANG": "en"}
    cmd = [sys.executable, "-m", "ea_repo", "import", str(big), "--kommune", "4631", "--repo", str(repo_path), "-q"]
    subprocess.run([sys.executable, "-m", "ea_repo", "import", str(DATA / "mini"), "--kommune", "4631", "--repo",
                    str(repo_path), "-q"], check=True, env=env)

    def state() -> tuple[int, int]:
        r = Repository(repo_path, read_only=True)
        try:
            return len(r.inventory("4631")), len(r.imports("4631"))
        finally:
            r.close()

    old = state()
    t0 = time.monotonic()
    subprocess.run(cmd, check=True, env=env)
    whole = time.monotonic() - t0
    new = state()
    subprocess.run([sys.executable, "-m", "ea_repo", "import", str(DATA / "mini"), "--kommune", "4631", "--repo",
                    str(repo_path), "-q"], check=True, env=env)
    seen = set()
    for fraction in (0.4, 0.7, 0.85, 0.97):
        before = state()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(whole * fraction)
        proc.kill()
        proc.wait()
        triples, imports = state()  # the store opens (no stale lock) and holds one whole state
        assert (triples, imports) in ((before[0], before[1]), (new[0], before[1] + 1)), (fraction, before, triples, imports)
        seen.add("new" if triples == new[0] else "old")
        if triples == new[0]:  # back to the small inventory for the next kill
            subprocess.run([sys.executable, "-m", "ea_repo", "import", str(DATA / "mini"), "--kommune", "4631", "--repo",
                            str(repo_path), "-q"], check=True, env=env)
    assert old[0] < new[0] and "old" in seen, seen


def test_a_json_inventory_nested_100000_deep_is_a_located_error(run, tmp_path):
    f = tmp_path / "inv.json"
    f.write_text('{"systems": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    out = run("import", f, "--kommune", "4631", "--dry-run", expect=2).output
    assert "nested too deeply" in out and str(f) in out and "Traceback" not in out


# --- each cap raised by its command option, or by its environment variable ----------------------------------


def _workbook(path: Path, rows: int = 3, stray: str | None = None) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "systems"
    ws.append(["id", "name"])
    for i in range(rows):
        ws.append([f"sys-{i}", f"System {i}"])
    if stray:  # an empty cell with a style of its own: the sheet then claims to reach it, as Excel often leaves one
        from openpyxl.styles import Font

        ws[stray].font = Font(bold=True)
    wb.save(path)
    return path


def test_each_cap_is_raised_by_its_option_or_its_environment_variable(run, tmp_path, monkeypatch):
    import zipfile

    wide = _workbook(tmp_path / "wide.xlsx", stray="AZ2")  # claims 52 columns
    long = _workbook(tmp_path / "long.xlsx", rows=5)
    padded = _workbook(tmp_path / "padded.xlsx")
    with zipfile.ZipFile(padded, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/padding.bin", b"\0" * (3 * 2**20))
    doc = json.loads((ROOT / "examples" / "3301-drammen.json").read_text(encoding="utf-8"))
    big = tmp_path / "big.json"
    big.write_text(json.dumps(doc) + " " * (2 * 2**20), encoding="utf-8")  # 2 MB, most of it trailing blanks
    cases = [(wide, "--max-columns", "EA_REPO_MAX_COLUMNS", "10", "60", "reaches column AZ (52 columns), more than 10"),
             (long, "--max-rows", "EA_REPO_MAX_ROWS", "3", "10", "reaches row 6, more than 3"),
             (padded, "--max-unzipped-mb", "EA_REPO_MAX_UNZIPPED_MB", "2", "5", "unpacks to 3 MB, more than 2 MB"),
             (big, "--max-file-mb", "EA_REPO_MAX_FILE_MB", "1", "3", "the file is 2 MB, more than the 1 MB")]
    for f, option, env, low, high, says in cases:
        run("import", f, "--kommune", "3301", "--dry-run")  # within the defaults
        for args in (("import", f, "--kommune", "3301", "--dry-run"), ("check", f, "--kommune", "3301")):
            out = run(*args, option, low, expect=2).output
            assert says in out and f"{option} <" in out and f"{env}=<" in out, out  # the hint names both ways
            monkeypatch.setenv(env, low)
            assert says in run(*args, expect=2).output  # the environment variable alone
            assert run(*args, option, high, expect=None).exit_code in (0, 1)  # the option wins over the variable
            assert run("import", f, "--kommune", "3301", "--dry-run", option, high).exit_code == 0
            monkeypatch.delenv(env)
        assert env not in os.environ  # the option set it for its command only
    out = run("import", wide, "--kommune", "3301", "--dry-run", "--max-columns", "0", expect=2).output
    assert "--max-columns" in out and "x>=1" in out  # a cap is a positive whole number


def test_a_procurement_spec_workbook_is_bounded_like_an_inventory(run, tmp_path):
    import time

    from openpyxl import load_workbook

    spec = tmp_path / "spec.xlsx"
    run("procure", "template", spec, "-p", "sak-arkiv")
    wb = load_workbook(spec)
    wb["product"]["XFD1048576"] = "x"
    wb.save(spec)
    t0 = time.monotonic()
    for args in (("procure", "check", spec, "-p", "sak-arkiv"), ("procure", "compare", spec, spec, "-p", "sak-arkiv")):
        out = run(*args, expect=2).output
        assert "reaches column XFD" in out and "--max-columns" in out and "Traceback" not in out, out
    assert time.monotonic() - t0 < 30
    (tmp_path / "zero.xlsx").symlink_to("/dev/zero")
    assert "not a regular file" in run("procure", "check", tmp_path / "zero.xlsx", "-p", "sak-arkiv", expect=2).output


@pytest.mark.parametrize("bad, says", [(" ", "holds a space"), ("|", "not a valid IRI"), ("{", "not a valid IRI"),
                                       (">", "not a valid IRI"), ('"', "not a valid IRI"), ("\0", "control character U+0000")])
def test_a_json_ld_iri_the_store_refuses_is_refused_by_the_dry_run_once_and_never_dropped(run, tmp_path, bad, says):
    ea = "https://w3id.org/ea-repo/ont#"
    nodes = [{"@id": f"https://w3id.org/ea-repo/id/4631/system/{sid}", "@type": f"{ea}System", f"{ea}id": sid.replace(bad, "-"),
              f"{ea}name": "Sak"} for sid in (f"a{bad}b", "c")]
    f = tmp_path / "inv.jsonld"
    f.write_text(json.dumps({"@graph": nodes}), encoding="utf-8")
    for args in (("import", f, "--kommune", "4631", "--dry-run"), ("check", f, "--kommune", "4631"),
                 ("import", f, "--kommune", "4631")):
        out = run(*args, expect=2).output
        assert says in out and "Traceback" not in out, out
        assert out.count(says) == 1, out  # one error for the node, not one per property
    assert not run.repo.exists()  # nothing written, not even a repository


@pytest.mark.parametrize("sid", ["a{b", "a>b", 'a"b', "a\\u0000b"])
def test_a_turtle_iri_the_store_refuses_is_refused_by_the_dry_run_too(run, tmp_path, sid):
    f = tmp_path / "inv.ttl"
    f.write_text(_TTL.format(sid=sid, name="A", extra=""), encoding="utf-8")
    dry = run("import", f, "--kommune", "4631", "--dry-run", expect=2).output
    real = run("import", f, "--kommune", "4631", expect=2).output
    assert "Traceback" not in dry + real and dry.splitlines()[0] == real.splitlines()[0], (dry, real)


def test_a_network_error_of_catalog_update_is_its_own_message(run, tmp_path, monkeypatch):
    from conftest import free_port

    monkeypatch.setenv("EA_REPO_CACHE", str(tmp_path / "cache"))
    nobody = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    out = run("catalog", "update", "--url", nobody, "--retries", "0", "--timeout", "2", expect=2).output
    assert "connection failed" in out and nobody in out and "Traceback" not in out, out
    assert "shipped snapshot" in out and not (tmp_path / "cache" / "klass-131.json").exists()


def test_the_procurement_comparison_csv_never_holds_a_formula(run, tmp_path):
    spec = json.loads((ROOT / "examples" / "procurement" / "sak-arkiv-compliant.json").read_text(encoding="utf-8"))
    spec |= {"product": '=HYPERLINK("http://evil.example","klikk")', "vendor": "@SUM(1+1)", "version": "+1"}
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(spec), encoding="utf-8")
    other = ROOT / "examples" / "procurement" / "sak-arkiv-must-gap.json"
    for extra, delimiter, encoding in (((), ",", "utf-8"), (("--excel", "--format", "csv"), ";", "utf-8-sig")):
        out = tmp_path / "compare.csv"
        run("procure", "compare", hostile, other, "-p", "sak-arkiv", "--out", out, *extra)
        cells = [c for row in csv.reader(io.StringIO(out.read_text(encoding=encoding)), delimiter=delimiter) for c in row]
        assert "'=HYPERLINK(\"http://evil.example\",\"klikk\")" in cells, cells[:20]
        assert not [c for c in cells if c[:1] in ("=", "+", "@") or (c[:1] == "-" and not c[1:2].isdigit())], cells


def test_a_control_character_in_a_csv_name_is_refused_before_any_export_meets_it(run, tmp_path):
    folder = tmp_path / "inv"
    shutil.copytree(DATA / "mini", folder)
    systems = folder / "systems.csv"
    systems.write_text(systems.read_text(encoding="utf-8").replace("Public 360", "Public\x01 360", 1), encoding="utf-8")
    for extra in (("--dry-run",), ()):
        out = run("import", folder, "--kommune", "4631", *extra, expect=2).output
        assert "control character U+0001" in out and "system/sak" in out and "Traceback" not in out
    assert not run.repo.exists()


@pytest.mark.parametrize("tag", ["en ", "n b", "en_GB"])
def test_an_archimate_language_tag_that_is_none_is_a_located_error(run, tmp_path, tag):
    """Found by the long fuzz run: xml:lang="en " ended in rdflib's ValueError (exit 3)."""
    text = (DATA / "archimate" / "kommune-model.xml").read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), start=1) if 'xml:lang="nb"' in t)
    f = tmp_path / "model.xml"
    f.write_text(text.replace('xml:lang="nb"', f'xml:lang="{tag}"', 1), encoding="utf-8")
    for args in (("import", f, "--kommune", "4631", "--dry-run"), ("check", f, "--kommune", "4631")):
        out = run(*args, expect=2).output
        assert f"line {line}" in out and f"xml:lang '{tag}'" in out and "not a language tag" in out, out
