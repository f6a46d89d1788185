"""The handlingsplan and the måltavle (ea_repo/plan) over the three example kommuner, imported twice for Osterøy:
dated actions whose deadlines come from the catalogue and the inventory (one test per kind), owners, years from
the injected start, the XLSX round trip of the kommune's edits (and a bad file: located errors, nothing written),
actions closed at a later import, and the måltavle's change between two imports."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from rdflib import URIRef

from ea_repo import catalog, check
from ea_repo.inventory.api import EXAMPLE_INVENTORIES, import_inventory
from ea_repo.namespaces import EA, META_GRAPH
from ea_repo.plan import import_plan, plan_imports, plan_of, scoreboard_of
from ea_repo.plan.actions import DEADLINE_KINDS
from ea_repo.plan.decisions import plan_graph, read_decisions
from ea_repo.plan.output import COLUMNS, WRITERS, to_xlsx
from ea_repo.report import render_reports
from ea_repo.store import Repository

from conftest import EXAMPLES, Cli, snapshot

START = dt.date(2026, 11, 23)  # the examples' reference date (examples/README.md)
CHECKED_AT = "2026-11-23T12:00:00Z"
FIRST, SECOND = "2025-11-20T10:00:00Z", "2026-11-20T10:00:00Z"  # the import times, injected


def osteroy_fixed(tmp: Path) -> Path:
    """Osterøy a year later: its website now meets WCAG 2.1 and has a fresh accessibility statement."""
    dst = tmp / "4630-osteroy-2026"
    shutil.copytree(EXAMPLES / "4630-osteroy", dst)
    systems = dst / "systems.csv"
    text = systems.read_text(encoding="utf-8")
    old = "HTML5,2025-03-10,document,,utf-8;https;tls-1.2;hsts;html5;wcag-2.0-aa,wcag-2.1-aa,"
    assert old in text
    systems.write_text(text.replace(old, "HTML5,2026-06-01,document,,utf-8;https;tls-1.2;hsts;html5;wcag-2.0-aa;wcag-2.1-aa,,"),
                       encoding="utf-8")
    return dst


def history_repo(path: Path, tmp: Path) -> Path:
    """The three examples imported (at FIRST), then Osterøy again with its website fixed (at SECOND)."""
    repo = Repository(path)
    try:
        for code, rel in EXAMPLE_INVENTORIES:
            import_inventory(repo, [EXAMPLES / rel], code, now=FIRST)
        import_inventory(repo, [osteroy_fixed(tmp)], "4630", now=SECOND)
    finally:
        repo.close()
    return path


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The repository and ONE check of it (with the previous imports), as the report and the plan consume it."""
    base = tmp_path_factory.mktemp("plan")
    repo_path = history_repo(base / "repo", base)
    result = check.run(check.CheckRequest(today=START, repo_path=repo_path, previous=True, checked_at=CHECKED_AT))
    repo = Repository(repo_path, read_only=True)
    try:
        plans = {code: plan_of(result, repo, code, start=START) for code, _ in EXAMPLE_INVENTORIES}
        boards = {code: scoreboard_of(result, repo, code) for code, _ in EXAMPLE_INVENTORIES}
        inventories = {code: repo.inventory(code) for code, _ in EXAMPLE_INVENTORIES}
    finally:
        repo.close()
    return {"base": base, "repo": repo_path, "result": result, "plans": plans, "boards": boards, "inv": inventories}


def action(plan, ident):
    return next(a for a in plan.actions if a.id == ident)


def system_value(inv, code: str, system: str, prop) -> str:
    return str(inv.value(URIRef(f"https://w3id.org/ea-repo/id/{code}/system/{system}"), prop))


# --- one test per kind of deadline -------------------------------------------------------------------


def test_every_example_gets_a_plan_with_legal_deadlines(world):
    sizes = {}
    for code, plan in world["plans"].items():
        s = plan.summary()
        sizes[code] = (s["actions"], s["deadlines"]["legal"])
        assert s["actions"] > 30 and s["deadlines"]["legal"] >= 4, (code, s)
        # every legal deadline is a duty at level krav whose requirement's ea:validFrom is the date
        cat = catalog.core_graph()
        for a in plan.actions:
            if a.deadline_kind == "legal":
                rule = world["result"].rules[a.rule]
                assert a.level == "krav" and a.legal_basis
                req = next(f.requirement for f in world["result"].findings if f.kommune == code and f.rule == a.rule
                           and f.focus in {s for s, _ in a.subjects})
                assert str(cat.value(URIRef(req), EA.validFrom)) == a.deadline.isoformat(), (a.id, rule.code)
    print("plan sizes (actions, with a legal deadline):", sizes)


def test_legal_deadline_from_the_catalogue_kjernejournal(world):
    a = action(world["plans"]["4630"], "EA-HEL-005/profil")
    valid_from = catalog.core_graph().value(URIRef("https://w3id.org/ea-repo/catalog/requirement/helse-10-kjernejournal"),
                                            EA.validFrom)
    assert a.deadline == dt.date.fromisoformat(str(valid_from)) == dt.date(2026, 1, 1)
    assert a.deadline_kind == "legal" and a.overdue and "§ 10" in a.legal_basis
    assert a.year == 2026 and a.owner == "Kommunalsjef helse og omsorg" and a.kind == "fix"


def test_retirement_of_a_national_component_altinn_2(world):
    a = action(world["plans"]["4631"], "EA-COMP-005/skjenkeloyve")
    retirement = catalog.core_graph().value(URIRef("https://w3id.org/ea-repo/catalog/component/altinn-2"), EA.retirementDate)
    assert a.deadline == dt.date.fromisoformat(str(retirement)) and a.deadline_kind == "retirement"
    assert a.legal_basis is None  # Altinn II's end is Digdir's decision, not a legal duty
    assert a.source_url and a.source_url.startswith("https://")
    # one change (the move to Altinn 3) fixes the flow: the flow's finding is in the system's action
    assert [label for _, label in a.subjects] == ["Søknader om skjenkeløyve frå Altinn II"]


def test_contract_end_and_end_of_life_from_the_inventory(world):
    plan, inv = world["plans"]["4631"], world["inv"]["4631"]
    contract = action(plan, "EA-LC-001/kommunekart")
    assert contract.deadline_kind == "contract-end"
    assert contract.deadline.isoformat() == system_value(inv, "4631", "kommunekart", EA.contractEnd) == "2025-12-31"
    eol = action(plan, "EA-LC-002/filtenar-2012")
    assert eol.deadline_kind == "end-of-life" and eol.effort == "large"
    assert eol.deadline.isoformat() == system_value(inv, "4631", "filtenar-2012", EA.endOfLife)
    assert eol.owner == system_value(inv, "4631", "filtenar-2012", EA.owner)
    assert {a.deadline_kind for p in world["plans"].values() for a in p.actions} >= set(DEADLINE_KINDS)


def test_documentation_gaps_are_one_action_per_rule_and_owner(world):
    result, plan = world["result"], world["plans"]["3301"]
    gaps = [f for f in result.findings if f.kommune == "3301" and f.rule == "EA-LC-002" and f.answer == "not-known"]
    docs = [a for a in plan.actions if a.rule == "EA-LC-002" and a.kind == "document"]
    assert sum(len(a.subjects) for a in docs) == len(gaps) > 50
    owners = {a.owner for a in docs}
    assert len(docs) == len(owners) > 5
    assert all(a.effort == "small" and a.year == START.year and "endOfLife" in a.missing for a in docs)


def test_years_follow_the_injected_start_never_the_clock(world):
    result, inv = world["result"], world["inv"]["4630"]
    from ea_repo.plan.actions import make_plan

    later = make_plan(result, "4630", inv, start=dt.date(2028, 3, 1), years=2)
    assert {a.year for a in later.actions} <= {2028, 2029}
    undated = [a for a in later.actions if a.deadline is None and a.kind == "fix"]
    assert {a.year for a in undated if a.severity == "violation"} <= {2028}
    assert {a.year for a in undated if a.severity == "info"} == {2029}  # clamped to the plan's last year
    again = make_plan(result, "4630", inv, start=dt.date(2028, 3, 1), years=2)
    assert WRITERS["json"](later) == WRITERS["json"](again)
    assert to_xlsx(later) == to_xlsx(again)  # the workbook's bytes carry no clock


# --- closing and the måltavle ---------------------------------------------------------------------------


def test_an_action_closes_when_its_finding_is_gone_at_a_later_import(world):
    plan = world["plans"]["4630"]
    closed = {a.id: a for a in plan.closed}
    assert set(closed) == {"EA-UU-001/nettstad", "EA-UU-002/nettstad"}
    assert all(a.status == "closed" and a.closed_at == SECOND for a in closed.values())
    assert not {a.id for a in plan.actions} & set(closed)
    assert plan.closed_since(START - dt.timedelta(days=365)) == plan.closed
    assert plan.closed_since(dt.date(2026, 12, 1)) == []
    assert world["plans"]["4631"].closed == []  # imported once: nothing to compare with


def test_the_scoreboard_shows_two_imports_change(world):
    points = world["boards"]["4630"]
    assert [p.time for p in points] == [FIRST, SECOND]
    before, after = points
    assert after.violations == before.violations - 2  # the two website violations are gone
    assert after.score > before.score
    assert after.components == before.components and after.api_share == before.api_share
    assert len(world["boards"]["4631"]) == 1
    assert world["boards"]["4631"][0].end_of_life == 1  # Filtenar 2012, past its end of support


def test_report_pages_show_plan_and_scoreboard(world):
    pages = render_reports(world["result"], world["repo"], lang="en").pages
    assert {"4630-plan.html", "4631-plan.html", "3301-plan.html"} <= set(pages)
    page = pages["4630.html"]
    assert 'id="scoreboard"' in page and 'href="4630-plan.html"' in page
    assert page.count('class="point"') == 8  # four percentage lines, two imports each
    table = page[page.index('id="scoreboard-table"'):]
    assert 'data-indicator="violations"' in table and 'data-delta="-2"' in table
    plan = pages["4630-plan.html"]
    assert 'data-action="EA-HEL-005/profil"' in plan and 'data-kind="legal"' in plan
    closed = plan[plan.index('id="closed"'):]
    assert 'data-action="EA-UU-001/nettstad"' in closed
    index = pages["index.html"]
    assert 'id="scoreboard-index"' in index and 'data-kommune="4630"' in index


# --- the XLSX round trip ----------------------------------------------------------------------------------


@pytest.fixture
def writable(world, tmp_path):
    dst = tmp_path / "repo"
    shutil.copytree(world["repo"], dst)
    return dst


def _edit(src: bytes, path: Path, edits: dict[str, dict]) -> Path:
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(src))
    ws = wb["plan"]
    col = {c.value: c.column for c in ws[1]}
    for row in ws.iter_rows(min_row=2):
        for name, value in edits.get(row[0].value, {}).items():
            ws.cell(row=row[0].row, column=col[name]).value = value
    wb.save(path)
    return path


def test_xlsx_round_trip_keeps_the_kommunes_edits(world, writable, tmp_path):
    plan = world["plans"]["4630"]
    data = to_xlsx(plan, "nb")
    edited = _edit(data, tmp_path / "plan.xlsx", {
        "EA-HEL-005/profil": {"owner": "Rådmannen", "year": 2027, "cost": 450000, "status": "pågår"},
        "EA-STD-001/gebyrregister": {"status": "done"},
    })
    other = snapshot(writable)
    got = import_plan(writable, "4630", edited, by="anne", now="2026-11-24T09:00:00Z")
    assert got["changed"] == ["EA-HEL-005/profil", "EA-STD-001/gebyrregister"] and got["from"] == START.isoformat()
    repo = Repository(writable, read_only=True)
    try:
        decisions = read_decisions(repo, "4630")
        again = plan_of(world["result"], repo, "4630", start=START)
        records = plan_imports(repo, "4630")
        changed = set(repo.snapshot()) ^ set(other)
    finally:
        repo.close()
    d = decisions["EA-HEL-005/profil"]
    assert (d.owner, d.year, d.cost, d.status, d.by, d.at) == ("Rådmannen", 2027, 450000.0, "in-progress", "anne",
                                                                "2026-11-24T09:00:00Z")
    assert decisions["EA-STD-001/gebyrregister"].owner is None  # only the edited cell is a decision
    a = action(again, "EA-HEL-005/profil")
    assert (a.owner, a.year, a.cost, a.status, a.edited) == ("Rådmannen", 2027, 450000.0, "in-progress",
                                                             ("owner", "year", "cost", "status"))
    assert action(again, "EA-STD-001/gebyrregister").status == "done"
    assert action(again, "EA-STD-001/gebyrregister").owner == "Leiar eigedomsskatt"
    assert [(r.by, r.file, r.changed) for r in records] == [("anne", "plan.xlsx", 2)]
    # only the plan graph and its record were written: no inventory, no other kommune
    assert all(f"<{plan_graph('4630')}>" in q or f"<{META_GRAPH}>" in q for q in changed)
    # the workbook written again carries the decisions, and reading it back changes nothing
    rewritten = tmp_path / "again.xlsx"
    rewritten.write_bytes(to_xlsx(again, "en"))
    assert import_plan(writable, "4630", rewritten, by="anne", now="2026-11-25T09:00:00Z")["changed"] == []


def test_xlsx_text_is_never_a_formula(world, tmp_path):
    from dataclasses import replace

    from openpyxl import load_workbook

    plan = world["plans"]["4630"]
    evil = replace(plan, actions=[replace(plan.actions[0], owner='=HYPERLINK("http://x","y")')] + plan.actions[1:])
    path = tmp_path / "evil.xlsx"
    path.write_bytes(to_xlsx(evil))
    ws = load_workbook(path)["plan"]
    cell = ws.cell(row=2, column=COLUMNS.index("owner") + 1)
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


def test_a_bad_workbook_is_located_errors_exit_2_nothing_written(world, writable, tmp_path):
    data = to_xlsx(world["plans"]["4630"], "nb")
    bad = _edit(data, tmp_path / "bad.xlsx", {
        "EA-HEL-005/profil": {"year": "neste år", "cost": -5},
        "EA-STD-001/gebyrregister": {"status": "kanskje", "owner": "x" * 300},
    })
    before = snapshot(writable)
    result = Cli(writable)("plan", "import", bad, "--kommune", "4630", "--by", "anne", expect=2)
    out = result.output
    assert "4 problems" in out and "nothing was written" in out
    for where in ("column 'year' (C", "column 'cost' (D", "column 'status' (E", "column 'owner' (B"):
        assert where in out, out
    assert "Traceback" not in out
    assert snapshot(writable) == before
    # the workbook of another kommune is refused as well
    other = tmp_path / "other.xlsx"
    other.write_bytes(to_xlsx(world["plans"]["4631"], "nb"))
    out = Cli(writable)("plan", "import", other, "--kommune", "4630", "--by", "anne", expect=2).output
    assert "kommune 4631, not 4630" in out
    assert snapshot(writable) == before


def test_plan_command_formats(world, writable, tmp_path):
    run = Cli(writable)
    doc = json.loads(run("plan", "--kommune", "4631", "--from", "2026-11-23", "--format", "json", "--lang", "en").output)
    assert doc["from"] == "2026-11-23" and doc["summary"]["actions"] == world["plans"]["4631"].summary()["actions"]
    ids = [a["id"] for a in doc["actions"]]
    assert ids == sorted(set(ids), key=ids.index) and "EA-COMP-005/skjenkeloyve" in ids
    table = run("plan", "--kommune", "4631", "--from", "2026-11-23", "--lang", "en").output
    assert "EA-LC-001/kommunekart" in table and "contract end" in table
    assert "--out" in run("plan", "--kommune", "4631", "--format", "xlsx", expect=2).output
    run("plan", "--kommune", "4631", "--from", "2026-11-23", "--format", "xlsx", "--out", tmp_path / "p.xlsx")
    assert (tmp_path / "p.xlsx").read_bytes()[:2] == b"PK"
    assert "whose plan" in run("plan", expect=2).output


def test_the_scoreboard_keeps_its_history_past_the_two_inventories(world, writable, tmp_path):
    """A plan import keeps the måltavle points of its imports, so a third import still shows the first."""
    workbook = tmp_path / "plan.xlsx"
    workbook.write_bytes(to_xlsx(world["plans"]["4630"]))
    assert import_plan(writable, "4630", workbook, by="anne", now="2026-11-24T09:00:00Z")["changed"] == []
    repo = Repository(writable)
    try:
        import_inventory(repo, [EXAMPLES / "4630-osteroy"], "4630", now="2027-11-20T10:00:00Z")  # the website regressed
    finally:
        repo.close()
    result = check.run(check.CheckRequest(today=dt.date(2027, 11, 23), repo_path=writable, kommuner=("4630",),
                                          previous=True, checked_at=CHECKED_AT))
    repo = Repository(writable, read_only=True)
    try:
        points = scoreboard_of(result, repo, "4630")
        plan = plan_of(result, repo, "4630", start=dt.date(2027, 11, 23))
    finally:
        repo.close()
    assert [p.time for p in points] == [FIRST, SECOND, "2027-11-20T10:00:00Z"]
    assert points[0].as_dict() == world["boards"]["4630"][0].as_dict()  # the first import's point, as it was kept
    # checked as of 2027-11-23, both later inventories are judged that day: the website's WCAG breach is back
    assert points[2].violations == points[1].violations + 1 and points[2].score < points[1].score
    assert "EA-UU-001/nettstad" in {a.id for a in plan.actions}  # open again
