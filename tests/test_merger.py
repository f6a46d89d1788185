"""Renumbering impact and plans (ea_repo.merger): a hand-made landscape with a known answer, replays of the 2020
and 2024 reforms, the Ålesund split, a county change, the writers and `merger apply`.

Inventories under pre-2024 numbers cannot come through `ea-repo import` (it accepts only numbers valid now), so
these tests build the graphs directly (as tests/test_gaps.py does) and store them with
Repository.replace_inventory, the library path the import itself ends in.

Run from the repository root: PYTHONPATH=. python3 -m pytest tests/test_merger.py -q
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, XSD

from ea_repo import history
from ea_repo.errors import UsageError
from ea_repo.inventory import check_kommune
from ea_repo.merger import (
    build_plan,
    declared_kommuner,
    impact,
    plan_repository,
    reform_from_history,
    reform_what_if,
    to_data,
)
from ea_repo.merger.applying import KOMMUNER_GRAPH, history_graph
from ea_repo.merger.output import WRITERS
from ea_repo.merger.plan import affected_ids
from ea_repo.namespaces import COMPONENT, EA, ID, KOMMUNE, PROV, inventory_graph, vocab
from ea_repo.store import ImportRecord, Repository

DATA = Path(__file__).parent / "data" / "merger"
TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _no_user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("EA_REPO_CACHE", str(tmp_path / "empty-cache"))


@pytest.fixture(scope="module")
def h():
    return history.shipped()


def inventory(k: str, systems: dict, flows=(), interfaces=()) -> Graph:
    """systems: id -> (category, holds, lifecycle); flows: (id, provider, consumer, carries, flag, via_interface)
    with "c:<id>" for a national component; interfaces: (id, system)."""
    g = Graph()
    ref = lambda x: COMPONENT[x[2:]] if x.startswith("c:") else ID[f"{k}/system/{x}"]  # noqa: E731
    g.add((ID[f"{k}/inventory"], RDF.type, EA.Inventory))
    g.add((ID[f"{k}/inventory"], EA.kommune, KOMMUNE[k]))
    for sid, (cat, holds, *life) in systems.items():
        s = ref(sid)
        g.add((s, RDF.type, EA.System))
        g.add((s, EA.id, Literal(sid)))
        g.add((s, EA.name, Literal(f"{sid.upper()} {k}")))
        g.add((s, EA.category, vocab("category", cat)))
        g.add((s, EA.lifecycle, vocab("lifecycle", life[0] if life else "production")))
        g.add((s, EA.contractEnd, Literal("2028-06-30", datatype=XSD.date)))
        for o in holds:
            g.add((s, EA.holdsData, vocab("dataobject", o)))
    for iid, sid in interfaces:
        n = ID[f"{k}/interface/{iid}"]
        g.add((n, RDF.type, EA.Interface))
        g.add((n, EA.id, Literal(iid)))
        g.add((n, EA.providedBy, ref(sid)))
    for fid, prov, cons, carries, flag, *via in flows:
        i = ID[f"{k}/integration/{fid}"]
        g.add((i, RDF.type, EA.Integration))
        g.add((i, EA.id, Literal(fid)))
        g.add((i, EA.provider, ref(prov)))
        g.add((i, EA.consumer, ref(cons)))
        g.add((i, EA.mode, vocab("mode", "api")))
        for o in carries:
            g.add((i, EA.carries, vocab("dataobject", o)))
        if flag:
            g.add((i, EA.carriesKommunenummer, Literal(True)))
        for v in via:
            g.add((i, EA.viaInterface, ID[f"{k}/interface/{v}"]))
    return g


def landscape(k: str) -> Graph:
    return inventory(k, {
        "gis": ("plan-bygg-geodata", ("property", "address")), "eskatt": ("eiendomsskatt", ()),
        "sak": ("sak-arkiv", ("document", "case")), "okonomi": ("okonomi", ("invoice",)),
        "epj": ("epj-helse-omsorg", ("patient",)), "portal": ("innbyggerportal", ("person",)),
        "lonn": ("lonn-hr", ("employee",)), "old": ("plan-bygg-geodata", ("property",), "retired"),
    }, flows=[
        ("matr-gis", "c:matrikkelen", "gis", ("property",), False),
        ("gis-sak", "gis", "sak", ("property",), False, "gis-api"),
        ("sak-gis", "sak", "gis", ("address",), False),  # a cycle gis <-> sak
        ("sak-okonomi", "sak", "okonomi", ("document",), False),  # no number: no propagation
        ("eskatt-okonomi", "eskatt", "okonomi", ("invoice",), True),  # stated: carries the kommunenummer
        ("okonomi-kostra", "okonomi", "c:kostra", ("accounting",), True),
        ("sak-portal", "sak", "portal", (), False),  # data not stated: to verify
        ("epj-portal", "epj", "portal", (), False),
        ("lonn-amelding", "lonn", "c:a-ordningen", ("employee",), False),
    ], interfaces=[("gis-api", "gis"), ("sak-api", "sak"), ("lonn-api", "lonn")])


def store(repo: Repository, graphs: dict[str, Graph]) -> None:
    for code, g in graphs.items():
        repo.replace_inventory(code, g, ImportRecord(code, "2026-11-23T00:00:00Z", (), 0, len(g), "test"))


# --------------------------------------------------------------------------------------------------------
# Impact on a hand-made landscape


def test_known_affected_set():
    imp = impact(landscape("4631"), "4631")
    ids = lambda d: {imp.graph.nodes[n]["id"] for n in d}  # noqa: E731
    assert ids(imp.systems) == {"gis", "eskatt", "sak", "okonomi"}
    assert ids(imp.integrations) == {"matr-gis", "gis-sak", "sak-gis", "eskatt-okonomi", "okonomi-kostra"}
    assert ids(imp.interfaces) == {"gis-api", "sak-api"}  # used by a carrying flow / provided by a keyed system
    assert ids(imp.verify) == {"portal"}
    assert {str(c).rsplit("/", 1)[-1] for c in imp.components} == {"kostra"}
    assert any("receives" in r for r in imp.systems[str(ID["4631/system/okonomi"])])


def test_plan_order_is_valid_with_cycle_and_critical_path(h):
    reform = reform_what_if(["4631"], "4699", "Prøvekommune", date(2028, 1, 1), h)
    plan = build_plan({"4631": landscape("4631")}, reform, today=TODAY)
    pos = {t.id: t.order for t in plan.tasks}
    by = {t.id: t for t in plan.tasks}
    for t in plan.tasks:
        for d in t.depends:
            assert pos[d] < pos[t.id] and by[d].ef <= t.es, (d, t.id)
    assert plan.cycles == [["4631/gis", "4631/sak"]]
    assert "4699:system:4631/gis+sak" in by
    assert "4699:system:4631/eskatt" in by["4699:system:4631/okonomi"].depends  # consumer after provider
    D = date(2028, 1, 1)
    assert by["4699:matrikkel-freeze"].es == D - timedelta(days=19)  # 13 Dec relative to 1 Jan
    assert by["4699:grunnbok-freeze"].es == D - timedelta(days=5)
    assert by["4699:matrikkel-tinglysing"].lf == D - timedelta(days=33)  # 29 Nov
    assert by["4699:go-live"].lf == D and plan.critical_path[-1] == "4699:go-live"
    assert all(by[k].critical for k in plan.critical_path)
    assert by["4699:kostra-pai"].es >= D  # only after the previous year's extract
    assert "4699:archive-close" not in by  # a pure renumbering forms no new entity
    assert plan.tasks[0].es == max(D - timedelta(days=548), TODAY)  # 18 months, or today when later
    early = build_plan({"4631": landscape("4631")}, reform, today=date(2025, 1, 1))
    assert early.tasks[0].es == D - timedelta(days=548) and not early.warnings


def test_late_plan_warns(h):
    reform = reform_what_if(["4631"], "4699", "Prøvekommune", date(2027, 1, 1), h)
    plan = build_plan({"4631": landscape("4631")}, reform, today=date(2026, 11, 1))
    assert plan.warnings and "late" in plan.warnings[0]


def test_what_if_merger_overlaps_and_archive_duties(h):
    reform = reform_what_if(["4630", "4631"], "4699", "Nordhordland", date(2028, 1, 1), h)
    plan = build_plan({"4630": landscape("4630"), "4631": landscape("4631")}, reform, today=TODAY)
    tg = plan.targets[0]
    cats = {o["category"] for o in tg["overlaps"]}
    # the overlap categories are EA-GAP-008's: one system per kommune is the norm there, not in a broad
    # category (økonomi, skole, plan/bygg hold tools for different functions)
    assert cats == {"sak-arkiv", "epj-helse-omsorg", "eiendomsskatt"}
    assert all(o["same_product"] is False or o["systems"] for o in tg["overlaps"])
    by = {t.id: t for t in plan.tasks}
    assert "4699:choose-systems" in by["4699:system:4630/gis+sak"].depends
    close = by["4699:archive-close"]
    assert "kapittel 9" in close.legal_basis and "arkivlova" in close.legal_basis and "§ 21" not in close.legal_basis
    assert by["4699:enhetsregisteret"].systems == [] and by["4699:a-melding"].systems  # lonn reaches A-ordningen


def test_bad_what_ifs(h):
    with pytest.raises(UsageError, match="already"):
        reform_what_if(["4631"], "4630", "X", date(2028, 1, 1), h)
    with pytest.raises(UsageError, match="four-digit"):
        reform_what_if(["4631"], "46x9", "X", date(2028, 1, 1), h)


# --------------------------------------------------------------------------------------------------------
# Replaying real reforms


@pytest.mark.parametrize("year,held", [
    (2020, {"1504", "1523", "0219", "5012", "1850", "0301"}),
    (2024, {"3024", "1507", "3005", "0301"}),
])
def test_replay_gives_exactly_ssb_numbers(h, tmp_path, year, held):
    repo = Repository(tmp_path / "repo")
    try:
        store(repo, {k: landscape(k) for k in held})
        reform = reform_from_history(h, year, set(repo.kommuner()))
        expected = {c.new_code for c in h.changes_in(year) if c.old_code in held}
        assert {t.code for t in reform.targets} == expected
        plan = plan_repository(repo, reform, today=TODAY)
    finally:
        repo.close()
    touched = {p for tg in plan.targets for p in tg["held"]}
    assert touched == held - {"0301"}
    for tg in plan.targets:  # every renumbered predecessor gets its affected systems
        for p in tg["held"]:
            if p != tg["target"].code:
                assert affected_ids(plan)[p]["systems"] == {"gis", "eskatt", "sak", "okonomi"}


def test_county_change_bærum(h):
    reform = reform_from_history(h, 2024, {"3024"})
    (t,) = reform.targets
    assert (t.code, t.name, t.kind, t.predecessors) == ("3201", "Bærum", "county-change", ("3024",))
    plan = build_plan({"3024": landscape("3024")}, reform, today=TODAY)
    ids = {t.template for t in plan.tasks}
    assert {"matrikkel-freeze", "kostra-pai", "folkeregisteret", "system-change"} <= ids
    assert not ids & {"choose-systems", "archive-close", "enhetsregisteret", "matrikkel-must"}  # same entity


def test_alesund_split_with_assignment_file(h, tmp_path):
    reform = reform_from_history(h, 2024, {"1507"})
    assert {t.code for t in reform.targets} == {"1508", "1580"} and reform.parts["1507"] == ("1508", "1580")
    assign = tmp_path / "a.yaml"
    assign.write_text("gis: '1580'\nsak: 1508\n", encoding="utf-8")
    from ea_repo.merger import load_assignments

    plan = build_plan({"1507": landscape("1507")}, reform, today=TODAY, assignments=load_assignments(assign))
    by_target = {tg["target"].code: tg for tg in plan.targets}
    assert [r["id"] for r in by_target["1580"]["split_assigned"]] == ["gis"]
    assert {r["id"] for r in by_target["1508"]["split_undecided"]} == {"eskatt", "okonomi", "epj", "portal", "lonn", "old"}
    assert any(t.template == "assign-split" for t in plan.tasks)
    assign.write_text("gis: '1599'\n", encoding="utf-8")
    with pytest.raises(UsageError, match="split into 1508, 1580"):
        build_plan({"1507": landscape("1507")}, reform, today=TODAY, assignments=load_assignments(assign))


# --------------------------------------------------------------------------------------------------------
# Writers and CLI


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_writers(h, tmp_path):
    reform = reform_what_if(["4630", "4631"], "4699", "Nordhordland", date(2028, 1, 1), h)
    plan = build_plan({"4630": landscape("4630"), "4631": landscape("4631")}, reform, today=TODAY)
    data = json.loads(WRITERS["json"](plan))
    assert data == json.loads(json.dumps(to_data(plan), default=str))
    assert data["targets"][0]["code"] == "4699" and data["critical_path"][-1] == "4699:go-live"
    rows = list(csv.DictReader(io.StringIO(WRITERS["csv"](plan))))
    assert len(rows) == len(plan.tasks) and [int(r["order"]) for r in rows] == list(range(1, len(rows) + 1))
    assert "Kritisk linje" in WRITERS["table"](plan) or "*" in WRITERS["table"](plan)
    html = WRITERS["html"](plan, "en", tool_version="test", today="2026-11-23")
    p = _Tags()
    p.feed(html)
    assert {"table", "main", "h1"} <= set(p.tags) and "Critical path" in html and "arkivlova" in html
    assert "http://" not in html.split("<style>")[0]  # no CDN, offline page


def test_cli_plan_and_apply_what_if(tmp_path, run, repo_path, mini):
    repo = Repository(repo_path)
    try:
        store(repo, {"4630": landscape("4630"), "4631": landscape("4631")})
    finally:
        repo.close()
    args = ("--kommune", "4630", "--kommune", "4631", "--new-number", "4699", "--name", "Nordhordland", "--date", "2028-01-01")
    out = tmp_path / "plan.html"
    run("merger", "plan", *args, "--format", "html", "--out", out, "--today", "2026-11-23")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    data = json.loads(run("merger", "plan", *args, "--format", "json", "--today", "2026-11-23").output)
    assert {p for p in data["targets"][0]["impact"]} == {"4630", "4631"}
    assert "--reform" in run("merger", "plan", "--reform", "2024", *args, expect=2).output
    r = run("merger", "apply", *args)
    assert "4699" in r.output
    repo = Repository(repo_path, read_only=True)
    try:
        assert repo.kommuner() == ["4699"]
        assert declared_kommuner(repo) == {"4699": "Nordhordland"}
        assert check_kommune("4699", repo) == "4699"
        with pytest.raises(UsageError):
            check_kommune("4699")
        new = repo.inventory("4699")
        systems = {str(o) for s, o in new.subject_objects(EA.id) if (s, RDF.type, EA.System) in new}
        assert {"sak-4630", "sak-4631", "gis-4630"} <= systems  # both had the ids: renamed with provenance
        assert (ID["4699/system/sak-4630"], PROV.wasDerivedFrom, ID["4630/system/sak"]) in new
        for k in ("4630", "4631"):
            old = repo.graph(history_graph(k, date(2028, 1, 1)))
            assert len(old) == len(landscape(k))  # the old inventory, kept whole
        kg = repo.graph(KOMMUNER_GRAPH)
        assert (KOMMUNE["4699"], EA.predecessor, KOMMUNE["4630"]) in kg
        assert not repo.has_inventory("4630") and repo.has_inventory("4699")
    finally:
        repo.close()
    run("merger", "apply", *args, expect=2)  # already applied: nothing held any more
    assert "4699" in run("list").output
    meta = mini / "meta.csv"
    meta.write_text(meta.read_text(encoding="utf-8").replace("kommune,4631", "kommune,4699"), encoding="utf-8")
    run("import", mini, "--kommune", "4699")  # the declared kommune is accepted
    assert "4699" in run("export", "--kommune", "4699").output


def test_cli_apply_split_needs_assignments(tmp_path, run, repo_path):
    repo = Repository(repo_path)
    try:
        store(repo, {"1507": landscape("1507")})
        before = repo.snapshot()
    finally:
        repo.close()
    r = run("merger", "apply", "--reform", "2024", expect=2)
    assert "not assigned" in r.output and "nothing was written" in r.output
    repo = Repository(repo_path, read_only=True)
    try:
        assert repo.snapshot() == before
    finally:
        repo.close()
    assign = tmp_path / "assign.yaml"
    assign.write_text("".join(f"{s}: '{'1580' if s in ('gis', 'eskatt') else '1508'}'\n"
                              for s in ("gis", "eskatt", "sak", "okonomi", "epj", "portal", "lonn", "old")), encoding="utf-8")
    run("merger", "apply", "--reform", "2024", "--assign", assign)
    repo = Repository(repo_path, read_only=True)
    try:
        assert repo.kommuner() == ["1508", "1580"]
        haram = repo.inventory("1580")
        ids = {str(o) for s, o in haram.subject_objects(EA.id) if (s, RDF.type, EA.System) in haram}
        assert ids == {"gis", "eskatt"}
        integ = {str(o) for s, o in haram.subject_objects(EA.id) if (s, RDF.type, EA.Integration) in haram}
        assert {"matr-gis", "gis-sak", "eskatt-okonomi"} <= integ and "lonn-amelding" not in integ
        assert repo.has_inventory("1508") and len(repo.graph(history_graph("1507", date(2024, 1, 1)))) > 0
        assert inventory_graph("1507") not in {str(g) for g in repo.named_graphs()}
    finally:
        repo.close()


def test_html_has_a_timeline_and_reads_norwegian(h):
    from lxml import html as lxml_html

    reform = reform_what_if(["4630", "4631"], "4699", "Nordhordland", date(2028, 1, 1), h)
    plan = build_plan({"4630": landscape("4630"), "4631": landscape("4631")}, reform, today=TODAY)
    page = lxml_html.fromstring(WRITERS["html"](plan, "nb", tool_version="test", today="2026-11-23"))
    svg = page.xpath("//section[@id='timeline']//svg[@role='img']")[0]
    bars = svg.xpath(".//g[@class='task']")
    assert [b.get("data-task") for b in bars] == [t.id for t in plan.tasks]
    assert {b.get("data-task") for b in bars if b.get("data-critical") == "1"} == {t.id for t in plan.tasks if t.critical}
    assert set(plan.critical_path) <= {t.id for t in plan.tasks if t.critical}
    freezes = [t for t in plan.tasks if t.kind == "freeze"]
    assert freezes and len(svg.xpath(".//rect[@class='freeze-band']")) == len(freezes)
    assert len(svg.xpath(".//path[@class='deadline']")) == sum(1 for t in plan.tasks if t.deadline and t.kind != "freeze")
    # bars start where the task starts: left edges in the order of the earliest starts
    def left(bar):  # a rect's x, or a milestone diamond's top point
        return float(bar.get("x") or bar.get("d")[1:].split(",")[0])

    edge = {b.get("data-task"): left(b.xpath("./*[@class='bar']")[0]) for b in bars}
    starts = sorted(plan.tasks, key=lambda t: t.es)
    assert all(edge[a.id] <= edge[b.id] + 0.01 for a, b in zip(starts, starts[1:], strict=False))
    assert svg.xpath(".//g[@class='change']//text")[0].text == "4699: 2028-01-01"
    assert "i dag 2026-11-23" in svg.xpath(".//g[@class='today']//text")[0].text
    reasons = " ".join(page.xpath("//section[@id='targets']")[0].text_content().split())
    assert "kommunenummeret" in reasons and "keys on" not in reasons and "receives" not in reasons


def test_overlap_needs_a_category_of_one_system_per_kommune():
    from ea_repo.merger.analysis import overlaps

    a = inventory("4630", {"kikora": ("skole", ()), "ndla": ("skole", ()), "p360": ("sak-arkiv", ("document",))})
    b = inventory("4631", {"gsuite": ("skole", ()), "elements": ("sak-arkiv", ("document",))})
    found = overlaps({"4630": impact(a, "4630").graph, "4631": impact(b, "4631").graph})
    assert [(o["category"], sorted(r["id"] for r in o["systems"])) for o in found] == [("sak-arkiv", ["elements", "p360"])]


def test_a_merger_overlap_in_a_broad_category_needs_the_same_stated_function(tmp_path):
    """The function column, read from a real inventory file: two kommuner's learning platforms overlap (one must remain),
    a mathematics app beside them does not."""
    from ea_repo.inventory import load_files
    from ea_repo.merger.analysis import overlaps

    graphs = {}
    for k, rows in (("4630", "itslearning,Itslearning,skole,Læringsplattform,production\n"
                             "kikora,Kikora,skole,Matematikk,production\n"),
                    ("4631", "teams,Teams for skole,skole,læringsplattform,production\n")):
        folder = tmp_path / k
        folder.mkdir()
        (folder / "systems.csv").write_text("id,name,category,function,lifecycle\n" + rows, encoding="utf-8")
        graphs[k] = impact(load_files([folder], k).graph, k).graph
    found = overlaps(graphs)
    assert [(o["category"], sorted(r["id"] for r in o["systems"])) for o in found] == [
        ("skole (læringsplattform)", ["itslearning", "teams"])]


def test_the_merger_overlaps_are_ea_gap_008s_categories():
    """The merger's overlap categories are the data EA-GAP-008 reads (catalog/gap-profiles.ttl), not a list of their own:
    a system of each category in two kommuner gives an overlap for exactly those categories."""
    from ea_repo.gaps import default_config
    from ea_repo.merger.analysis import overlaps

    consolidate = sorted(default_config().overlap_categories)
    assert "sak-arkiv" in consolidate and "skole" not in consolidate and "okonomi" not in consolidate
    cats = [*consolidate, "skole", "okonomi"]
    a = inventory("4630", {f"a{i}": (c, ()) for i, c in enumerate(cats)})
    b = inventory("4631", {f"b{i}": (c, ()) for i, c in enumerate(cats)})
    found = overlaps({"4630": impact(a, "4630").graph, "4631": impact(b, "4631").graph})
    assert [o["category"] for o in found] == consolidate
