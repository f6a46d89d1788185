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
