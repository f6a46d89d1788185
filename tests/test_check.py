"""`ea-repo check`: exit codes, formats agreeing with each other, waivers, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import snapshot


@pytest.fixture
def loaded(run, mini):
    run("import", mini, "--kommune", "4631")
    return run


def _json(run, *args, expect=None):
    return json.loads(run("check", "--kommune", "4631", "--format", "json", "--jobs", "1", "--date", "2026-11-23",
                          *args, expect=expect).output)


def test_exit_codes_follow_fail_on(loaded):
    doc = _json(loaded, "--fail-on", "never", expect=0)
    s = doc["summary"]
    # the mini inventory has a windows-1252 A-melding file (violation) and master data keyed in twice (info)
    assert s["violation"] >= 1 and s["info"] >= 1
    loaded("check", "--kommune", "4631", "--jobs", "1", expect=1)
    loaded("check", "--kommune", "4631", "--jobs", "1", "--fail-on", "never", expect=0)
    rules_hit = {f["rule"] for f in doc["findings"]}
    assert "EA-STD-001" in rules_hit or any(f["area"] == "tegnsett" for f in doc["findings"])


def test_summary_counts_equal_findings_and_csv_rows(loaded, tmp_path):
    doc = _json(loaded, "--fail-on", "never")
    s = doc["summary"]
    assert s["violation"] + s["warning"] + s["info"] + s["waived"] == len(doc["findings"])
    assert s["not-known"] == len(doc["not_known"])
    assert all(f["answer"] == "not-met" for f in doc["findings"])
    assert all(f["answer"] == "not-known" and f["missing"] for f in doc["not_known"])
    loaded("check", "--kommune", "4631", "--format", "csv", "--out", tmp_path / "f.csv", "--fail-on", "never", "--jobs", "1",
           "--date", "2026-11-23")
    rows = (tmp_path / "f.csv").read_text(encoding="utf-8").strip().splitlines()
    assert len(rows) - 1 == len(doc["findings"]) + len(doc["not_known"])


def test_check_a_file_without_importing(run, mini, repo_path):
    doc = json.loads(run("check", mini, "--format", "json", "--fail-on", "never", "--date", "2026-11-23").output)
    assert doc["kommuner"] == ["4631"] and doc["findings"]
    assert not repo_path.exists()


def test_engines_agree_on_the_mini_inventory(loaded):
    turbo = _json(loaded, "--engine", "turbo", "--fail-on", "never")
    ref = _json(loaded, "--engine", "pyshacl", "--fail-on", "never")
    key = lambda f: (f["rule"], f["focus"], f["path"], f["severity"], f["answer"], repr(f["evidence"]))  # noqa: E731
    assert sorted(map(key, turbo["findings"] + turbo["not_known"])) == sorted(map(key, ref["findings"] + ref["not_known"]))
    assert turbo["answers"] == ref["answers"]


def _waiver_file(tmp_path, entries):
    import yaml

    p = tmp_path / "waivers.yaml"
    p.write_text(yaml.safe_dump({"waivers": entries}, allow_unicode=True), encoding="utf-8")
    return p


def test_waivers_waive_expire_and_go_stale(loaded, tmp_path):
    doc = _json(loaded, "--fail-on", "never")
    violations = [f for f in doc["findings"] if f["severity"] == "violation"]
    entries = [
        {"rule": f["rule"], "kommune": "4631", "system": f["focus"].rsplit("/", 1)[-1], "justification": "Utskiftes 2027",
         "approved_by": "IKT-sjef", "expires": "2027-06-30"}
        for f in violations
    ]
    w = _waiver_file(tmp_path, entries)
    waived = _json(loaded, "--waivers", w, "--fail-on", "violation", expect=0)
    assert waived["summary"]["waived"] == len(violations)
    assert waived["summary"]["violation"] == 0
    marked = [f for f in waived["findings"] if f["waived"]]
    assert all(f["waiver"]["justification"] == "Utskiftes 2027" for f in marked)

    expired = _waiver_file(tmp_path, [{**entries[0], "expires": "2026-01-31"}])
    out = _json(loaded, "--waivers", expired, "--fail-on", "never")
    assert any(f["rule"] == "EA-WAIVER-EXPIRED" for f in out["findings"])
    assert not any(f["waived"] for f in out["findings"])

    stale = _waiver_file(tmp_path, [{**entries[0], "system": "no-such-system"}])
    out = _json(loaded, "--waivers", stale, "--fail-on", "never")
    assert [f["rule"] for f in out["findings"] if f["origin"] == "waiver"] == ["EA-WAIVER-STALE"]


def test_waivers_in_turtle(loaded, tmp_path):
    doc = _json(loaded, "--fail-on", "never")
    f = next(f for f in doc["findings"] if f["severity"] == "violation")
    ttl = tmp_path / "w.ttl"
    ttl.write_text(f"""@prefix ea: <https://w3id.org/ea-repo/ont#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:w1> a ea:Waiver ; ea:rule "{f['rule']}" ; ea:kommune <https://w3id.org/ea-repo/id/kommune/4631> ;
  ea:system "*" ; ea:justification "Avklart med arkivet" ; ea:approvedBy "Rådmann" ; ea:expires "2027-01-01"^^xsd:date .
""", encoding="utf-8")
    out = _json(loaded, "--waivers", ttl, "--fail-on", "never")
    assert any(x["waived"] and x["rule"] == f["rule"] for x in out["findings"])


@pytest.mark.parametrize(
    "entry,expected",
    [
        ({"rule": "EA-NOPE-999"}, "unknown rule 'EA-NOPE-999'"),
        ({"expires": "30.06.2027"}, "'30.06.2027' is not a date"),
        ({"justification": ""}, "missing justification"),
    ],
)
def test_bad_waivers_exit_2(loaded, tmp_path, entry, expected):
    base = {"rule": "EA-DQ-001", "kommune": "4631", "system": "*", "justification": "x", "approved_by": "y", "expires": "2027-01-01"}
    w = _waiver_file(tmp_path, [{**base, **entry}])
    out = loaded("check", "--kommune", "4631", "--waivers", w, expect=2).output
    assert expected in out and "waivers.yaml" in out and "waivers[0]" in out


def test_empty_repository_and_unknown_kommune(run, tmp_path, mini):
    out = run("check", "--all", expect=2).output
    assert "no repository" in out or "holds no inventories" in out
    run("import", mini, "--kommune", "4631")
    out = run("check", "--kommune", "0301", expect=2).output
    assert "holds no inventory for kommune 0301" in out and "4631" in out
    assert "not a kommune" in run("check", "--kommune", "9999", expect=2).output


def test_check_leaves_repository_unchanged(loaded, repo_path):
    before = snapshot(repo_path)
    _json(loaded, "--fail-on", "never")
    assert snapshot(repo_path) == before


def test_rules_command_lists_and_shows(run):
    listing = run("rules").output
    codes = [line.split()[0] for line in listing.splitlines() if line.strip()]
    assert len(codes) >= 25 and all(c.startswith("EA-") for c in codes)
    shown = run("rules", codes[0], "--lang", "en").output
    assert shown.startswith(codes[0]) and "remedy:" in shown and "severity:" in shown
    assert "unknown rule" in run("rules", "EA-NOPE-999", expect=2).output


def test_waivers_kept_in_the_repository_waive_once_approved_and_lapse_on_their_date(loaded, repo_path):
    """A waiver the server keeps lives in the repository: the local check applies it too, but only once a second
    user approved it, and reports it as expired after its date, like a waiver in a file."""
    import datetime as dt

    from ea_repo import rules
    from ea_repo.errors import UsageError
    from ea_repo.store import using
    from ea_repo.waivers import decide_waiver, propose_waiver, stored_waivers

    doc = _json(loaded, "--fail-on", "never")
    f = next(f for f in doc["findings"] if f["severity"] == "violation" and "/system/" in f["focus"])
    system = f["focus"].rsplit("/", 1)[-1]
    with using(repo_path, read_only=False) as repo:
        w = propose_waiver(repo, "4631", rule=f["rule"], system=system, justification="Utskiftes 2027",
                           expires="2027-06-30", by="kari", today=dt.date(2026, 11, 23), known_rules=set(rules.load_rules()))
    same = lambda d: next(g for g in d["findings"] if (g["rule"], g["focus"]) == (f["rule"], f["focus"]))  # noqa: E731
    assert not same(_json(loaded, "--fail-on", "never"))["waived"]  # proposed: not yet in force
    with using(repo_path, read_only=False) as repo:
        with pytest.raises(UsageError, match="another user must approve"):
            decide_waiver(repo, "4631", w.id, "approve", by="kari", today=dt.date(2026, 11, 23))
        decide_waiver(repo, "4631", w.id, "approve", by="per", today=dt.date(2026, 11, 23))
        assert [e.action for e in stored_waivers(repo, "4631")[0].events] == ["proposed", "approved"]
    out = _json(loaded, "--fail-on", "never")
    assert same(out)["waived"] and same(out)["waiver"]["approved_by"] == "per"
    assert out["summary"]["waived"] == doc["summary"]["waived"] + 1
    late = json.loads(loaded("check", "--kommune", "4631", "--format", "json", "--jobs", "1", "--date", "2027-07-01",
                             "--fail-on", "never").output)
    assert not same(late)["waived"] and any(g["rule"] == "EA-WAIVER-EXPIRED" for g in late["findings"])


def test_the_engine_compiled_from_the_cache_reports_what_the_public_compile_reports(tmp_path, monkeypatch):
    """The fast engine compiles from pyshacl-turbo's canonical shapes kept in the cache (ea_repo.engines
    ._cached_program): built on first use, read back on the second, and both validate an inventory to the same
    results as shapes compiled through pyshacl-turbo's public API."""
    import datetime as dt

    import pyshacl_turbo

    from ea_repo import compiled, engines, rules
    from ea_repo.check import _graph_quads
    from ea_repo.inventory import load_files

    monkeypatch.setenv(compiled.ENV, str(tmp_path / "cache"))
    compiled.digest.cache_clear()
    try:
        first = engines.TurboEngine()
        assert isinstance(first.program, engines._NativeProgram)
        assert list((tmp_path / "cache").glob("*/shapes-turbo-*.json"))
        second = engines.TurboEngine()  # from the entry written by the first
        public = engines.TurboEngine()
        public.program = pyshacl_turbo.compile_shapes(rules.shapes_ntriples().decode("utf-8"),
                                                      shacl_graph_format="nt", advanced=True)
        inv = load_files([Path(__file__).parent.parent / "examples" / "4630-osteroy"]).graph
        quads, day = _graph_quads(inv, "4630"), dt.date(2026, 11, 23)
        got = [e.validate(quads, day)[0].results for e in (first, second, public)]
        assert got[0] == got[1] == got[2] and len(got[0]) > 500
    finally:
        compiled.digest.cache_clear()
