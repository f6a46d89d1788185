"""Commands that read right (what a newcomer tripped over): the demo keeps to a repository of its own, -V,
export says what it wrote, an export's file name is accepted back."""

from __future__ import annotations

from conftest import DATA


def test_the_demo_never_writes_into_a_repository_it_did_not_make(run, tmp_path, monkeypatch):
    own = tmp_path / "own"
    run("import", DATA / "mini", "--repo", own)
    monkeypatch.setenv("EA_REPO", str(own))
    out = run("demo", "--repo", own, "--out", tmp_path / "r", expect=2).output
    assert "did not make" in out and "--replace" in out
    assert [line.split()[0] for line in run("list", "--repo", own).output.splitlines()[2:]] == ["4631"]
    demo = tmp_path / "demo"
    out = run("demo", "--repo", demo, "--out", tmp_path / "r").output
    assert f"ea-repo list --repo {demo}" in out
    run("demo", "--repo", demo, "--out", tmp_path / "r")  # its own repository: running it again is fine


def test_version_and_export_say_what_they_did(run, tmp_path):
    assert "version" in run("-V").output
    run("import", DATA / "mini")
    out = run("export", "--kommune", "4631", "--format", "archimate", "--out", tmp_path / "model.archimate").output
    assert f"wrote {tmp_path / 'model.archimate'}" in out
    # what the export wrote is accepted back, under the name it was given
    assert "OK:" in run("import", tmp_path / "model.archimate", "--kommune", "4631", "--dry-run").output


def test_an_unknown_file_type_lists_every_accepted_form(run, tmp_path):
    f = tmp_path / "inventory.ods"
    f.write_text("x")
    out = run("import", f, "--kommune", "4631", "--dry-run", expect=2).output
    for form in (".xlsx", ".csv", ".json", ".ttl", ".jsonld", ".xml or .archimate", "Archi CSV"):
        assert form in out


def test_the_check_table_fits_the_terminal_and_the_machine_formats_keep_every_text(run, monkeypatch):
    import json

    run("import", DATA / "mini")
    monkeypatch.setenv("COLUMNS", "100")
    table = run("check", "--kommune", "4631", expect=1).output
    assert max(len(line) for line in table.splitlines()) <= 100
    flat = " ".join(table.split())
    doc = json.loads(run("check", "--kommune", "4631", "--format", "json", expect=1).output)
    messages = [f["message"] for f in doc["findings"] if f["answer"] == "not-met"]
    assert max(map(len, messages)) > 100  # long enough to need wrapping; none lost or cut
    assert all(" ".join(m.split()) in flat for m in messages)
    monkeypatch.delenv("COLUMNS")
    piped = run("check", "--kommune", "4631", expect=1).output  # not a terminal: whole lines, for grep
    assert any(" ".join(messages[0].split()) in line for line in piped.splitlines())


def test_excel_csv_has_a_bom_semicolons_and_the_same_cells(run, tmp_path):
    import csv
    import io

    run("import", DATA / "mini")
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    run("check", "--kommune", "4631", "--format", "csv", "--out", plain, expect=1)
    run("check", "--kommune", "4631", "--format", "csv", "--excel", "--out", excel, expect=1)
    raw = excel.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and "ø".encode() in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows == list(csv.reader(io.StringIO(plain.read_text(encoding="utf-8"), newline="")))
    assert len(rows) > 2 and len(rows[0]) > 5
    # an export for Excel is read back by the import as it is
    run("export", "--kommune", "4631", "--format", "csv", "--excel", "--out", tmp_path / "x")
    assert (tmp_path / "x" / "systems.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert "OK:" in run("import", tmp_path / "x", "--kommune", "4631", "--dry-run").output
    out = run("check", "--kommune", "4631", "--excel", expect=2).output
    assert "--format csv" in out


def test_rules_and_import_answer_in_json_and_the_demo_help_names_its_own_default(run, tmp_path):
    import json

    rules = json.loads(run("rules", "--format", "json").output)
    codes = [r["code"] for r in rules]
    assert len(codes) >= 25 and codes == sorted(codes) and all(r["message"]["nb"] and r["message"]["en"] for r in rules)
    one = json.loads(run("rules", "EA-GAP-008", "--format", "json").output)
    assert one["code"] == "EA-GAP-008" and one["kind"] == "gap"
    done = json.loads(run("import", DATA / "mini", "--kommune", "4631", "--format", "json").output)
    assert (done["ok"], done["written"], done["kommune"], done["errors"]) == (True, True, "4631", [])
    dry = json.loads(run("import", DATA / "mini", "--kommune", "4631", "--format", "json", "--dry-run").output)
    assert (dry["ok"], dry["written"]) == (True, False)
    helptext = " ".join(run("demo", "--help").output.split())
    assert "default: ./ea-repo- demo/repo" in helptext or "default: ./ea-repo-demo/repo" in helptext
    assert "$EA_REPO is not used" in helptext
