"""Inter-municipal co-operations: declared once, a shared installation living once in the co-operation's own
inventory, members referring to it, checks of a member that see it, and the report (ea_repo/cooperation.py)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from ea_repo import check, cooperation, gaps
from ea_repo.inventory import EXAMPLE_INVENTORIES, import_inventory, load_files
from ea_repo.namespaces import ID
from ea_repo.report import build_cooperation_report, build_reports
from ea_repo.store import Repository, now_iso

from conftest import EXAMPLES, Cli, snapshot

DATA = Path(__file__).resolve().parent / "data" / "coop"
TODAY = dt.date(2026, 11, 1)
CHECKED_AT = "2026-11-01T12:00:00Z"
SAK = str(ID["cooperation/testnett/system/sak"])


def _build(path: Path, members=(("4631", "m4631"), ("4630", "m4630")), shared: bool = True) -> Path:
    repo = Repository(path)
    try:
        cooperation.import_declarations(repo, DATA / "cooperation.yaml", now_iso())
        if shared:
            cooperation.import_inventory(repo, [DATA / "shared"], "testnett", now_iso())
        for code, folder in members:
            import_inventory(repo, [DATA / folder], code)
    finally:
        repo.close()
    return path


@pytest.fixture(scope="module")
def coop_repo(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("coop") / "repo")


@pytest.fixture(scope="module")
def result(coop_repo):
    return check.run(check.CheckRequest(today=TODAY, repo_path=coop_repo, jobs=1, checked_at=CHECKED_AT))


@pytest.fixture
def scratch(tmp_path, coop_repo) -> tuple[Cli, Path]:
    """A writable copy of the co-operation repository, and a CLI on it."""
    dst = tmp_path / "repo"
    shutil.copytree(coop_repo, dst)
    return Cli(dst), dst


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- declaring a co-operation ---------------------------------------------------------------------------


def test_declare_and_list(run):
    out = run("cooperation", "import", DATA / "cooperation.yaml").output
    assert "Declared testnett" in out and "4630, 4631" in out
    rows = json.loads(run("cooperation", "list", "--json").output)
    assert [(r["id"], r["members"], r["origin"], r["fictional"]) for r in rows] == \
        [("testnett", ["4630", "4631"], "repository", True)]
    run("cooperation", "import", DATA / "cooperation.yaml")  # a re-declaration replaces the first
    repo = Repository(run.repo, read_only=True)
    try:
        assert repo.kommuner() == [] and cooperation.repository_ids(repo) == ["testnett"]
    finally:
        repo.close()


def test_csv_declaration_gives_the_same_graph(tmp_path):
    csv = _write(tmp_path / "c.csv", "id;name;members;fictional;source\n"
                 'testnett;Testnett IKT (fiktivt);"4631;4630";true;invented for ea-repo\'s tests\n')
    yaml_coop, = cooperation.read_declarations(DATA / "cooperation.yaml")
    csv_coop, = cooperation.read_declarations(csv)
    assert csv_coop == yaml_coop and isomorphic(csv_coop.graph(), yaml_coop.graph())


def test_catalogue_declarations_are_read_from_turtle():
    from rdflib import Graph

    g = Graph().parse(data="""@prefix ea: <https://w3id.org/ea-repo/ont#> . @prefix kommune: <https://w3id.org/ea-repo/id/kommune/> .
        <https://w3id.org/ea-repo/id/cooperation/x-ikt> a ea:InterMunicipalOrganisation ; ea:id "x-ikt" ; ea:name "X IKT" ;
            ea:member kommune:4630 , kommune:4631 .""", format="turtle")
    coops = cooperation.declared(None, cat=g)
    assert list(coops) == ["x-ikt"] and coops["x-ikt"].members == ("4630", "4631") and coops["x-ikt"].origin == "catalog"
    assert cooperation.declared(None) == {}  # the shipped catalogue declares none (catalog/cooperations.ttl says why)


BAD_DECLARATIONS = {
    "unknown kommune": ('cooperations:\n  - id: testnett\n    name: T\n    members: ["4631", "9999"]\n',
                        ["line 4", "'9999' is not a kommune", "members"]),
    "near miss": ('- id: testnett\n  name: T\n  members: ["4631", "463"]\n', ["line 3", "did you mean 4630 Osterøy"]),
    "duplicate member": ('- id: testnett\n  name: T\n  members:\n    - "4631"\n    - kommunenummer: "4631"\n',
                         ["line 4", "4631 is listed twice"]),
    "id starts with a digit": ('- id: 4630-ikt\n  name: T\n  members: ["4630", "4631"]\n',
                               ["line 1", "not a valid co-operation id", "never looks like a kommunenummer"]),
    "id with capitals and space": ('- id: Fjord Nett\n  name: T\n  members: ["4630", "4631"]\n',
                                   ["line 1", "'Fjord Nett' is not a valid", "suggestion: 'fjord-nett'"]),
    "one member": ('- id: solo\n  name: T\n  members: ["4630"]\n', ["line 3", "at least two"]),
    "bad orgnr": ('- id: solo\n  name: T\n  orgnr: "123456789"\n  members: ["4630", "4631"]\n',
                  ["line 3", "not an organisasjonsnummer"]),
    "unknown field": ('- id: solo\n  name: T\n  medlemmer: ["4630"]\n  members: ["4630", "4631"]\n',
                      ["line 3", "unknown field 'medlemmer'"]),
    "missing name": ('- id: solo\n  members: ["4630", "4631"]\n', ["'name' is missing"]),
    "twice": ('- id: solo\n  name: T\n  members: ["4630", "4631"]\n- id: solo\n  name: U\n  members: ["4630", "4631"]\n',
              ["line 4", "declared twice (first at line 1)"]),
    "broken yaml": ('- id: solo\n  name: [T\n', ["not valid YAML"]),
    "csv unknown kommune": ("id,name,members\nsolo,T,4630;4699\n", ["row 2", "column 'members'", "'4699' is not a kommune"]),
    "csv unknown column": ("id,name,members,kommune\n", ["row 1", "unknown column 'kommune'"]),
}


@pytest.mark.parametrize("case", sorted(BAD_DECLARATIONS))
def test_a_bad_declaration_is_a_located_error_and_changes_nothing(case, scratch, tmp_path):
    run, path = scratch
    text, expected = BAD_DECLARATIONS[case]
    f = _write(tmp_path / ("bad.csv" if case.startswith("csv") else "bad.yaml"), text)
    before = snapshot(path)
    res = run("cooperation", "import", f, expect=2)
    for part in expected:
        assert part in res.output, (case, res.output)
    assert str(f) in res.output and "Traceback" not in res.output
    assert snapshot(path) == before


def test_leaving_out_a_member_that_refers_to_a_shared_installation_is_refused(scratch, tmp_path):
    run, path = scratch
    f = _write(tmp_path / "c.yaml", '- id: testnett\n  name: T\n  members: ["4630", "4632"]\n')
    before = snapshot(path)
    res = run("cooperation", "import", f, expect=2)
    assert "kommune 4631 is not a member of 'testnett'" in res.output and "testnett:sak" in res.output and "bv-sak" in res.output
    assert snapshot(path) == before


# --- the co-operation's own inventory and the members' references ----------------------------------------


def test_the_shared_installation_lives_once_under_the_cooperation(coop_repo):
    repo = Repository(coop_repo, read_only=True)
    try:
        assert repo.kommuner() == ["4630", "4631"]  # the co-operation is no kommune
        inv = cooperation.inventory(repo, "testnett")
        member = repo.inventory("4631")
    finally:
        repo.close()
    systems = sorted({str(s) for s in inv.subjects() if "/system/" in str(s)})
    assert systems == [str(ID["cooperation/testnett/system/itsm"]), SAK]
    assert str(next(member.objects(ID["4631/integration/bv-sak"], cooperation.EA.consumer))) == SAK
    assert not any("/system/sak" in str(s) for s in member.subjects())  # the member has no copy of it


def test_cooperation_inventory_import_by_cli(run):
    run("cooperation", "import", DATA / "cooperation.yaml")
    assert "OK: 4 rows" in run("import", DATA / "shared", "--cooperation", "testnett", "--dry-run").output
    assert "co-operation testnett" in run("import", DATA / "shared", "--cooperation", "testnett").output
    run("import", DATA / "m4631", "--kommune", "4631")
    res = run("import", DATA / "shared", "--cooperation", "testnet", expect=2)
    assert "'testnet' is not a declared co-operation; did you mean 'testnett'?" in res.output


def _copy(folder: str, tmp_path: Path) -> Path:
    dst = tmp_path / folder
    shutil.copytree(DATA / folder, dst)
    return dst


def test_bad_cooperation_inventories_are_located_errors(scratch, tmp_path):
    run, path = scratch
    before = snapshot(path)
    outside = _copy("shared", tmp_path)
    systems = outside / "systems.csv"
    systems.write_text(systems.read_text(encoding="utf-8").replace("id,name,", "id,sharedWith,name,")
                       .replace("sak,Felles", "sak,4631;0301,Felles").replace("itsm,Felles", "itsm,,Felles"), encoding="utf-8")
    res = run("import", outside, "--cooperation", "testnett", expect=2)
    assert "systems.csv" in res.output and "row 2" in res.output and "column 'sharedWith'" in res.output
    assert "kommune 0301 is not a member of 'testnett'" in res.output
    dropped = _copy("shared", tmp_path / "d")
    (dropped / "systems.csv").write_text("id,name,category,lifecycle\nitsm,Felles brukarstøtte,itsm,production\n",
                                         encoding="utf-8")
    (dropped / "integrations.csv").write_text("id,provider,consumer\n", encoding="utf-8")
    res = run("import", dropped, "--cooperation", "testnett", expect=2)
    assert "kommune 4631's integration 'bv-sak' names the shared installation 'testnett:sak'" in res.output
    wrong = _copy("shared", tmp_path / "w")
    (wrong / "meta.csv").write_text("key,value\nkommune,4631\n", encoding="utf-8")
    res = run("import", wrong, "--cooperation", "testnett", expect=2)
    assert "meta.csv" in res.output and "element 'kommune'" in res.output
    assert snapshot(path) == before


def test_a_member_naming_an_unknown_shared_installation_is_a_located_error(scratch, tmp_path):
    run, path = scratch
    member = _copy("m4631", tmp_path)
    (member / "integrations.csv").write_text("id,provider,consumer,mode\nbv-sak,bv,testnett:saks,message\n", encoding="utf-8")
    before = snapshot(path)
    res = run("import", member, "--kommune", "4631", expect=2)
    assert "integrations.csv" in res.output and "row 2" in res.output and "column 'consumer'" in res.output
    assert "'testnett:saks' is not a shared installation" in res.output and "did you mean 'testnett:sak'?" in res.output
    oslo = _copy("m4631", tmp_path / "oslo")
    (oslo / "meta.csv").write_text("key,value\nname,Oslo\n", encoding="utf-8")
    res = run("import", oslo, "--kommune", "0301", expect=2)  # Oslo is no member: it may name none
    assert "'testnett:sak' is not a shared installation of a co-operation kommune 0301 is a member of" in res.output
    assert snapshot(path) == before
    # without a repository (a dry run) a well-formed reference is taken as written
    assert len(load_files([member], "4631").graph) > 0


# --- checks of a member see the shared installation -------------------------------------------------------


def _of(result, code: str, rule: str, focus_tail: str):
    return [f for f in result.findings if f.kommune == code and f.rule == rule and f.focus.endswith(focus_tail)]


def test_a_member_reaching_ks_fiks_through_the_shared_installation_has_no_path_finding(coop_repo, result):
    bv = "/4631/system/bv"
    assert not _of(result, "4631", "EA-GAP-001", bv) and not _of(result, "4631", "EA-GAP-003", bv)
    assert ("EA-GAP-001" in {a.rule for a in result.answers if a.focus.endswith(bv) and a.answer == "met"})
    # the same member inventory without the co-operation's inventory: no path to SvarUt, a stated gap
    repo = Repository(coop_repo, read_only=True)
    try:
        member = repo.inventory("4631")
    finally:
        repo.close()
    alone = check.check_inventory(member, "4631", check.CheckRequest(today=TODAY), context=[])
    missing = [f for f in alone.findings if f.rule == "EA-GAP-001" and f.focus.endswith(bv)]
    assert missing and {f.answer for f in missing} == {"not-met"}


def test_findings_on_the_shared_installation_belong_to_the_cooperations_own_check(result):
    assert result.kommuner == ["4630", "4631", "testnett"]
    for f in [*result.findings, *result.answers]:
        assert (f.kommune == "testnett") == f.focus.startswith(str(ID["cooperation/"])), f
    assert _of(result, "testnett", "EA-GAP-003", "/cooperation/testnett/system/itsm")  # its own island
    assert not _of(result, "testnett", "EA-GAP-003", "/cooperation/testnett/system/sak")
    assert result.assessment("testnett").applicable > 0


def test_a_shared_system_held_row_by_row_is_an_island_in_the_other_member(tmp_path, result):
    legacy = _build(tmp_path / "legacy", members=(("4630", "legacy4630"),), shared=False)
    res = check.run(check.CheckRequest(today=TODAY, repo_path=legacy, jobs=1, checked_at=CHECKED_AT))
    assert _of(res, "4630", "EA-GAP-003", "/4630/system/sak")
    assert not [f for f in result.findings if f.rule == "EA-GAP-003" and f.focus.endswith("/system/sak")]


def test_installations_not_shared_with_a_member_are_not_its_context(scratch, tmp_path):
    run, path = scratch
    only = _copy("shared", tmp_path)
    systems = only / "systems.csv"
    systems.write_text(systems.read_text(encoding="utf-8").replace("id,name,", "id,sharedWith,name,")
                       .replace("sak,Felles", "sak,4631,Felles").replace("itsm,Felles", "itsm,4631,Felles"), encoding="utf-8")
    run("import", only, "--cooperation", "testnett")
    repo = Repository(path, read_only=True)
    try:
        ctx_4630 = {q.subject.value for q in cooperation.iter_context_quads(repo, "4630")}
        ctx_4631 = {q.subject.value for q in cooperation.iter_context_quads(repo, "4631")}
    finally:
        repo.close()
    assert SAK in ctx_4631 and SAK not in ctx_4630 and str(ID["cooperation/testnett/integration/sak-svarut"]) not in ctx_4630


def test_overlap_across_the_cooperation_counts_the_shared_installation_once(coop_repo):
    repo = Repository(coop_repo, read_only=True)
    try:
        findings, _ = gaps.analyse_repository(repo, ["4630", "4631"], TODAY)
        coop = cooperation.get(repo, "testnett")
        overview = cooperation.overview(repo, coop, TODAY)
    finally:
        repo.close()
    iks = [f for f in findings if f.rule == "EA-GAP-009"]
    assert [(f.kommune, f.focus.rsplit("/", 1)[1], f.value) for f in iks] == [("4630", "websak", "sak-arkiv")]
    assert iks[0].extra["organisation"] == str(coop.iri) and "Testnett IKT (fiktivt)" in iks[0].text("message", "nb")
    assert [(o["category"], [(i["owner"], i["id"]) for i in o["installations"]]) for o in overview["overlaps"]] == \
        [("sak-arkiv", [("4630", "websak"), ("testnett", "sak")])]
    assert [r["id"] for r in overview["shared"]] == ["itsm", "sak"] and overview["shared"][1]["users"] == {"4630", "4631"}
    assert [r["id"] for r in overview["alone"]["4630"]] == ["websak"] and [r["id"] for r in overview["alone"]["4631"]] == ["bv"]


def test_the_examples_declared_cooperation_matches_their_operator_rows(tmp_path):
    repo_path = tmp_path / "demo"
    repo = Repository(repo_path)
    try:
        for code, rel in EXAMPLE_INVENTORIES:
            import_inventory(repo, [EXAMPLES / rel], code)
        before, _ = gaps.analyse_repository(repo, ["4630", "4631"], TODAY)
        cooperation.import_declarations(repo, EXAMPLES / "fjordnett-ikt.yaml", now_iso())
        after, _ = gaps.analyse_repository(repo, ["4630", "4631"], TODAY)
        overview = cooperation.overview(repo, cooperation.get(repo, "fjordnett-ikt"), TODAY)
        shared = cooperation.shared_of_kommune(repo, "4631")
    finally:
        repo.close()
    key = lambda fs: sorted((f.kommune, f.focus, f.value) for f in fs if f.rule == "EA-GAP-009")  # noqa: E731
    assert key(after) == key(before) and key(after)
    assert len(overview["shared"]) == 15 and all(r["users"] == {"4630", "4631"} for r in overview["shared"])
    assert {s.operator for s in shared if s.cooperation} == {"Fjordnett IKT (fiktivt samarbeid)"}


# --- the report ---------------------------------------------------------------------------------------------


def test_the_kommune_page_names_operator_and_partners(coop_repo):
    pages = build_reports(coop_repo, kommuner=["4631"], today=TODAY, checked_at=CHECKED_AT, jobs=1, trend=False).pages
    html = pages["4631.html"]
    section = html[html.index('id="shared"'):html.index("</section>", html.index('id="shared"'))]
    assert "Felles sak/arkiv" in section and "Testnett IKT (fiktivt)" in section and "4630 Osterøy" in section
    assert "felles installasjon i samarbeidets systemoversikt" in section
    en = build_reports(coop_repo, kommuner=["4631"], today=TODAY, checked_at=CHECKED_AT, jobs=1, trend=False,
                       lang="en").pages["4631.html"]
    assert "Operated by" in en and "Shared with" in en


def test_the_overview_page_from_one_check(coop_repo):
    rs = build_cooperation_report(coop_repo, "testnett", today=TODAY, checked_at=CHECKED_AT, jobs=1)
    assert sorted(rs.pages) == ["4630-plan.html", "4630.html", "4631-plan.html", "4631.html", "cooperation-testnett.html",
                               "testnett.html"]
    html = rs.pages["cooperation-testnett.html"]
    for k in ("4630", "4631", "testnett"):
        a = rs.result.assessment(k)
        row = html[html.index(f'data-member="{k}"'):]
        row = row[:row.index("</tr>")]
        assert f'data-sort="{a.score}"' in row and f'data-sort="{a.coverage}"' in row
    assert 'href="4630.html"' in html and "Eiga sak/arkiv" in html and "Felles brukarstøtte" in html
    assert "Overlapp per kategori" in html and "Samarbeid: Testnett IKT (fiktivt)" in html
    assert "(testnett)" in html and "Testnett IKT (fiktivt)</td>" in rs.pages["testnett.html"]


def test_inventory_text_in_the_overview_is_escaped(scratch, tmp_path):
    run, path = scratch
    xss = "<script>alert(1)</script>"
    run("cooperation", "import", _write(tmp_path / "c.yaml", f'- id: testnett\n  name: "{xss}"\n  members: ["4630", "4631"]\n'))
    member = _copy("m4630", tmp_path)
    (member / "systems.csv").write_text((member / "systems.csv").read_text(encoding="utf-8").replace("Eiga sak/arkiv", xss),
                                        encoding="utf-8")
    run("import", member, "--kommune", "4630")
    out = tmp_path / "www"
    run("report", "--cooperation", "testnett", "--out", out, "--date", "2026-11-01")
    for name in ("cooperation-testnett.html", "4630.html", "4631.html"):
        html = (out / name).read_text(encoding="utf-8")
        assert xss not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html, name


def test_report_cooperation_usage_errors(scratch):
    run, _ = scratch
    assert "not a declared co-operation" in run("report", "--cooperation", "nope", "--out", "x", expect=2).output
    assert "either --cooperation" in run("report", "--cooperation", "testnett", "--all", "--out", "x", expect=2).output
