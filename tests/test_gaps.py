"""Integration-gap analyses (ea_repo.gaps) on small hand-made graphs whose answer is known, the graph
export (ea_repo.graph) and the `gaps` / `graph` commands.

Run from the repository root: PYTHONPATH=. python3 -m pytest tests/test_gaps.py -q
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ea_repo import gaps, rules
from ea_repo.graph import build_graph, export
from ea_repo.namespaces import COMPONENT, EA, ID, KOMMUNE, vocab

DATA = Path(__file__).parent / "data"
TODAY = date(2026, 11, 23)
K = "9999"


def sys_iri(sid: str, k: str = K) -> URIRef:
    return ID[f"{k}/system/{sid}"]


def ref(x: str, k: str = K) -> URIRef:
    return COMPONENT[x[2:]] if x.startswith("c:") else sys_iri(x, k)


def inventory(systems: dict, flows=(), interfaces=(), k: str = K, org: str | None = None) -> Graph:
    """systems: id -> attributes (category, lifecycle, holds, healthService, endOfLife, contractEnd, operatedBy,
    and boolean flags); flows: (id, provider, consumer, mode, carries, via) with "c:<id>" for a component;
    interfaces: (id, system, protocol)."""
    g = Graph()
    for sid, a in systems.items():
        s = sys_iri(sid, k)
        g.add((s, RDF.type, EA.System))
        g.add((s, EA.id, Literal(sid)))
        g.add((s, EA.name, Literal(a.get("name", sid))))
        g.add((s, EA.category, vocab("category", a.get("category", "annet"))))
        g.add((s, EA.lifecycle, vocab("lifecycle", a.get("lifecycle", "production"))))
        for o in a.get("holds", ()):
            g.add((s, EA.holdsData, vocab("dataobject", o)))
        for o in a.get("healthService", ()):
            g.add((s, EA.healthService, vocab("healthservice", o)))
        for p in ("endOfLife", "contractEnd"):
            if p in a:
                g.add((s, EA[p], Literal(a[p], datatype=XSD.date)))
        if a.get("operatedBy"):
            g.add((s, EA.operatedBy, ID[f"org/{a['operatedBy']}"]))
        if a.get("function"):
            g.add((s, EA.function, Literal(a["function"])))
        for flag, v in {"integrationsComplete": True, **a}.items():  # hand-made graphs list every flow
            if isinstance(v, bool):
                g.add((s, EA[flag], Literal(v)))
    for fid, prov, cons, mode, carries, via in (tuple(f) + ("api", (), ())[len(f) - 3:] for f in flows):
        i = ID[f"{k}/integration/{fid}"]
        g.add((i, RDF.type, EA.Integration))
        g.add((i, EA.id, Literal(fid)))
        g.add((i, EA.provider, ref(prov, k)))
        g.add((i, EA.consumer, ref(cons, k)))
        g.add((i, EA.mode, vocab("mode", mode)))
        for o in carries:
            g.add((i, EA.carries, vocab("dataobject", o)))
        for v in via:
            g.add((i, EA.via, ref(v, k)))
    for iid, sid, protocol in interfaces:
        n = ID[f"{k}/interface/{iid}"]
        g.add((n, RDF.type, EA.Interface))
        g.add((n, EA.providedBy, sys_iri(sid, k)))
        g.add((n, EA.protocol, vocab("protocol", protocol)))
    if org:
        g.add((ID[f"org/{org}"], EA.member, KOMMUNE[k]))
    return g


def run(g: Graph, today: date = TODAY, **cfg):
    """The findings (not met and not known) of the per-kommune analyses."""
    return gaps.analyse(g, K, today, gaps.config(**cfg))[0]


def by_rule(findings, code: str) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in findings:
        if f.rule == code:
            out.setdefault(f.focus.rsplit("/", 1)[-1], []).append(f)
    return out


# --------------------------------------------------------------------------------------------------
# EA-GAP-001 missing national components by path


def test_platform_path_counts_and_disconnected_part_does_not():
    g = Graph().parse(DATA / "gaps" / "platform-path.ttl")
    found = by_rule(run(g), "EA-GAP-001")
    assert set(found) == {"app", "isolert"}  # portal reaches ID-porten through the hub
    f = found["isolert"][0]
    assert f.origin == "gap" and f.value == "citizen-login" and f.extra["nodes"] == [str(sys_iri("isolert"))]
    assert "ID-porten" in f.text("message", "en") and f.title["nb"] and f.remedy["en"]


def test_sak_arkiv_and_component_parts_count_as_reaching():
    g = inventory(
        {"fag": {"sendsToCitizens": True, "archiveRelevant": True}, "sak": {"category": "sak-arkiv", "archiveRelevant": True}},
        [("fag-sak", "fag", "sak"), ("sak-svarut", "sak", "c:svarut"), ("krr-sak", "c:krr", "sak")],
    )
    assert by_rule(run(g), "EA-GAP-001") == {}  # through sak/arkiv (a platform) to SvarUt and KRR; archive met


def test_krr_missing_carries_the_legal_basis():
    g = inventory({"fag": {"sendsToCitizens": True, "notifiesElectronically": True}}, [("fag-ext", "fag", "c:altinn-3")])
    found = {f.value: f for f in by_rule(run(g), "EA-GAP-001")["fag"]}
    assert set(found) == {"notify-krr", "digital-post"}
    f = found["notify-krr"]
    assert f.answer == "not-met" and f.evidence == (("integrationsComplete", ("true",)),)
    assert f.value == "notify-krr" and f.severity == "warning" and f.level == "krav"
    assert "eForvaltningsforskriften" in f.legal_basis and "§ 8" in f.legal_basis


def test_kjernejournal_profile_respects_validity_and_health_service():
    systems = {"epj": {"category": "epj-helse-omsorg", "healthService": ["sykehjem"]},
               "fysio": {"category": "epj-helse-omsorg"}}
    g = inventory(systems, [("hn-epj", "c:helsenettet", "epj"), ("hn-fysio", "c:helsenettet", "fysio")])
    assert by_rule(run(g, date(2025, 6, 1)), "EA-GAP-001") == {}
    found = by_rule(run(g), "EA-GAP-001")
    assert set(found) == {"epj"} and found["epj"][0].value == "epj-kjernejournal"


# --------------------------------------------------------------------------------------------------
# EA-GAP-002 master data


def test_master_data_needs_a_carrying_path_from_the_register():
    g = inventory(
        {"a": {"holds": ["person"]}, "b": {"holds": ["person"]}, "c": {"holds": ["person"]},
         "hr": {"category": "lonn-hr", "holds": ["employee"]}, "x": {"holds": ["employee"]}, "y": {"holds": ["employee"]}},
        [("freg-a", "c:fiks-folkeregister", "a", "api", ["person"]), ("a-b", "a", "b", "api", ["person"]),
         ("a-c", "a", "c", "api", ["invoice"]), ("hr-x", "hr", "x", "api", ["employee"]), ("x-y", "x", "y")],
    )
    found = by_rule(run(g), "EA-GAP-002")
    assert set(found) == {"c"}  # y gets a flow with unspecified data: not reported; hr is the source
    assert found["c"][0].value == "person"


# --------------------------------------------------------------------------------------------------
# EA-GAP-003 islands


def test_islands_are_production_systems_without_integrations():
    g = inventory({"alone": {}, "old": {"lifecycle": "retired"}, "a": {}, "b": {}, "api-only": {}},
                  [("a-b", "a", "b")], [("api", "api-only", "rest")])
    assert set(by_rule(run(g), "EA-GAP-003")) == {"alone", "api-only"}


# --------------------------------------------------------------------------------------------------
# EA-GAP-004 single points of failure


def test_single_point_of_failure_lists_what_it_cuts():
    systems = {"c1": {"citizenFacing": True}, "c2": {"citizenFacing": True}, "hub": {"category": "integrasjon"}}
    flows = [("c1-hub", "c1", "hub"), ("c2-hub", "c2", "hub"), ("krr-hub", "c:krr", "hub")]
    (f,) = by_rule(run(inventory(systems, flows)), "EA-GAP-004")["hub"]
    assert set(f.extra["cut"]) == {str(sys_iri("c1")), str(sys_iri("c2"))}
    assert f.extra["cut"][str(sys_iri("c1"))] == [str(COMPONENT["krr"])]
    assert str(COMPONENT["krr"]) in f.extra["nodes"] and f.extra["nodes"][0] == str(sys_iri("hub"))
    redundant = inventory({**systems, "hub2": {}}, flows + [("c1-hub2", "c1", "hub2"), ("c2-hub2", "c2", "hub2"),
                                                              ("krr-hub2", "c:krr", "hub2")])
    assert by_rule(run(redundant), "EA-GAP-004") == {}


def test_single_points_of_failure_on_a_large_graph_are_found_the_same_on_every_run(monkeypatch):
    # a hub every citizen-facing system reaches KRR through, in a graph above the exact-betweenness size
    monkeypatch.setattr(gaps, "BETWEENNESS_EXACT_UP_TO", 50)
    monkeypatch.setattr(gaps, "BETWEENNESS_SAMPLE", 20)
    systems = {f"c{i}": {"citizenFacing": True} for i in range(60)} | {"hub": {"category": "integrasjon"}}
    flows = [(f"c{i}-hub", f"c{i}", "hub") for i in range(60)] + [("krr-hub", "c:krr", "hub")]
    first = by_rule(run(inventory(systems, flows)), "EA-GAP-004")
    assert list(first) == ["hub"] and len(first["hub"][0].extra["cut"]) == 60
    again = by_rule(run(inventory(systems, flows)), "EA-GAP-004")
    assert [f.extra for f in again["hub"]] == [f.extra for f in first["hub"]]


# --------------------------------------------------------------------------------------------------
# EA-GAP-005/006/007 broken and risky flows


def test_flows_to_retired_or_end_of_life_systems():
    g = inventory({"old": {"lifecycle": "retired"}, "eol": {"endOfLife": "2024-01-01"}, "ok": {"endOfLife": "2030-01-01"},
                   "a": {}}, [("a-old", "a", "old"), ("eol-a", "eol", "a"), ("ok-a", "ok", "a")])
    assert set(by_rule(run(g), "EA-GAP-005")) == {"old", "eol"}


def test_flows_to_retired_components_name_the_successor():
    g = inventory({"skjenk": {}}, [("altinn2-skjenk", "c:altinn-2", "skjenk"), ("altinn3-skjenk", "c:altinn-3", "skjenk")])
    (f,) = by_rule(run(g), "EA-GAP-006")["skjenk"]
    assert "2026-06-19" in f.text("message", "en") and "successor" in f.text("message", "en")
    assert f.extra["component"] == str(COMPONENT["altinn-2"])
    assert by_rule(run(g, date(2026, 1, 1)), "EA-GAP-006")  # retired status: risky before the date too


def test_manual_chain_where_an_api_exists():
    systems = {"kilde": {}, "fil": {}, "erp": {}, "uten-api": {}}
    flows = [("kilde-fil", "kilde", "fil", "manual"), ("fil-erp", "fil", "erp", "file-transfer"),
             ("uten-fil", "uten-api", "fil", "manual")]
    g = inventory(systems, flows, [("kilde-api", "kilde", "rest"), ("fil-share", "fil", "file-share")])
    found = by_rule(run(g, min_manual_chain=2), "EA-GAP-007")
    assert set(found) == {"kilde"} and found["kilde"][0].extra["length"] == 2
    assert by_rule(run(g, min_manual_chain=3), "EA-GAP-007") == {}


# --------------------------------------------------------------------------------------------------
# EA-GAP-008/009 overlap


def test_overlap_in_one_kommune_with_contract_ends():
    g = inventory({"a": {"category": "itsm", "contractEnd": "2029-01-01"}, "b": {"category": "itsm", "contractEnd": "2027-01-01"},
                   "c": {"category": "itsm", "lifecycle": "phase-out"}, "d": {"category": "skole"}, "e": {"category": "skole"}})
    (f,) = by_rule(run(g, overlap_categories=frozenset({"itsm"})), "EA-GAP-008")["b"]
    assert f.severity == "info" and f.extra["nodes"] == [str(sys_iri("b")), str(sys_iri("a"))]
    assert "2027-01-01" in f.text("message", "nb")
    assert by_rule(run(g, min_overlap=3), "EA-GAP-008") == {}


def test_overlap_is_refined_by_the_function_a_system_states():
    """Two tools of a broad category overlap only when they state the same function; in a category of one system per
    kommune, systems stating different functions are no overlap; systems that state no function are read as before."""
    g = inventory({"itslearning": {"category": "skole", "function": "Læringsplattform"},
                   "teams-skole": {"category": "skole", "function": " læringsplattform "},
                   "kikora": {"category": "skole", "function": "matematikk"}, "ndla": {"category": "skole"},
                   "elements": {"category": "sak-arkiv", "function": "sak og arkiv"},
                   "postliste": {"category": "sak-arkiv", "function": "postjournal"},
                   "a": {"category": "itsm"}, "b": {"category": "itsm"}})
    found = [f for f in run(g, overlap_categories=frozenset({"sak-arkiv", "itsm"})) if f.rule == "EA-GAP-008"]
    assert sorted((f.value, sorted(n.rsplit("/", 1)[-1] for n in f.extra["nodes"])) for f in found) == [
        ("itsm", ["a", "b"]), ("skole (læringsplattform)", ["itslearning", "teams-skole"])]
    (learning,) = [f for f in found if f.value.startswith("skole")]
    assert dict(learning.evidence)["function"] == ("læringsplattform",) and "læringsplattform" in learning.text("message", "nb")


def test_overlap_across_an_iks_counts_a_shared_installation_once():
    def two(bv_shared: bool):
        sysd = lambda: {"bv": {"category": "barnevern", "operatedBy": "iks" if bv_shared else None}}  # noqa: E731
        return {k: inventory(sysd(), k=k, org="iks") for k in ("4631", "4630")}

    found = gaps.analyse_iks(two(False), TODAY)
    assert sorted(f.kommune for f in found) == ["4630", "4631"] and {f.rule for f in found} == {"EA-GAP-009"}
    assert len(found[0].extra["nodes"]) == 2
    assert gaps.analyse_iks(two(True), TODAY) == []


# --------------------------------------------------------------------------------------------------
# rules, graph, export, CLI


def test_gap_rules_are_registered_with_texts_in_both_languages():
    known = rules.load_rules()
    codes = [c for c, r in known.items() if r.kind == "gap"]
    assert codes == [f"EA-GAP-{i:03d}" for i in range(1, 10)]
    for c in codes:
        r = known[c]
        assert r.legal_basis is None and r.level in ("anbefaling", "god-praksis")
        assert all(t.get(lang) for t in (r.title, r.message, r.remedy) for lang in ("nb", "en"))
        # severity follows the level as for the SHACL rules: good practice is info, a recommendation a warning
        assert r.severity == {"god-praksis": "info", "anbefaling": "warning"}[r.level], c


def test_profiles_and_settings_are_read_from_the_catalogue():
    ids = {p.id for p in gaps.profiles()}
    assert {"citizen-login", "notify-krr", "digital-post", "residents", "archive", "epj-helsenett",
            "epj-kjernejournal", "plan-matrikkel"} <= ids
    assert "invoices" not in ids  # ELMA registration is per organisation number, not a system integration
    assert {s.id for s in gaps.master_sources()} >= {"source-person", "source-employee"}
    assert gaps.config(betweenness=0.5).betweenness == 0.5 and gaps.config().min_overlap == 2


def test_graph_kinds_and_exports():
    g = Graph().parse(DATA / "gaps" / "platform-path.ttl")
    G = build_graph(g)
    kinds = {a["kind"] for _, a in G.nodes(data=True)}
    assert {"system", "integration", "component"} <= kinds
    assert G.nodes[str(COMPONENT["id-porten"])]["label"]
    gml = nx.parse_graphml(export(G, "graphml"))
    assert gml.number_of_nodes() == G.number_of_nodes() and gml.nodes[str(sys_iri("hub"))]["kind"] == "system"
    data = json.loads(export(G, "json"))
    assert len(data["nodes"]) == G.number_of_nodes() and len(data["links"]) == G.number_of_edges()
    dot = export(G, "dot")
    assert dot.startswith("digraph") and '"Integrasjonsnav"' in dot
    with pytest.raises(ValueError):
        export(G, "png")


@pytest.fixture(scope="module")
def mini_repo(tmp_path_factory):
    from ea_repo.inventory import import_inventory
    from ea_repo.store import Repository

    path = tmp_path_factory.mktemp("gaps") / "repo"
    repo = Repository(path)
    try:
        import_inventory(repo, [DATA / "mini"], "4631")
    finally:
        repo.close()
    return path


def test_cli_gaps_and_graph(mini_repo):
    from ea_repo.cli import cli

    r = CliRunner().invoke(cli, ["gaps", "--repo", str(mini_repo), "-k", "4631", "--format", "json", "--date", "2026-11-23"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert all(f["rule"].startswith("EA-GAP-") for f in doc["findings"])
    r = CliRunner().invoke(cli, ["graph", "--repo", str(mini_repo), "-k", "4631", "--format", "dot"])
    assert r.exit_code == 0 and r.output.startswith("digraph")
    r = CliRunner().invoke(cli, ["gaps", "--repo", str(mini_repo)])
    assert r.exit_code == 2 and "--kommune" in r.output


def test_analyse_has_the_check_signature(mini_repo):
    from ea_repo.store import Repository

    repo = Repository(mini_repo, read_only=True)
    try:
        findings, met = gaps.analyse(repo.inventory("4631"), "4631", TODAY)
    finally:
        repo.close()
    assert findings and all(f.origin == "gap" and f.kommune == "4631" and f.extra["nodes"] for f in findings)
    assert met and all(a.answer == "met" and a.rule.startswith("EA-GAP-") for a in met)


# --------------------------------------------------------------------------------------------------
# Three answers: absence is evidence only where the integrations are stated complete


def test_without_completeness_a_missing_path_is_not_known():
    g = inventory({"fag": {"sendsToCitizens": True, "notifiesElectronically": True, "integrationsComplete": False},
                   "tv": {"category": "kultur-fritid"}},
                  [("fag-ext", "fag", "c:altinn-3")])
    g.remove((sys_iri("tv"), EA.integrationsComplete, None))
    fs = run(g)
    assert {f.answer for f in by_rule(fs, "EA-GAP-001")["fag"]} == {"not-known"}
    (island,) = by_rule(fs, "EA-GAP-003")["tv"]
    assert island.answer == "not-known" and set(island.missing) == {"integrationsComplete", "standalone"}


def test_standalone_systems_are_no_islands_and_unknown_lifecycle_is_not_known():
    g = inventory({"tv": {"category": "kultur-fritid", "standalone": True}, "x": {"category": "annet"}})
    g.remove((sys_iri("x"), EA.lifecycle, None))
    found = by_rule(run(g), "EA-GAP-003")
    assert "tv" not in found
    assert found["x"][0].answer == "not-known" and found["x"][0].missing == ("lifecycle",)


def test_a_flow_to_svarut_or_digital_postkasse_meets_the_krr_profile():
    for channel in ("c:svarut", "c:digital-postkasse", "c:eformidling"):
        g = inventory({"fag": {"sendsToCitizens": True, "notifiesElectronically": True}}, [("f", "fag", channel)])
        assert "notify-krr" not in {f.value for f in run(g) if f.rule == "EA-GAP-001"}, channel


def test_inventory_level_completeness_is_read_from_meta():
    g = inventory({"fag": {"sendsToCitizens": True, "notifiesElectronically": True}}, [("fag-ext", "fag", "c:altinn-3")])
    g.remove((sys_iri("fag"), EA.integrationsComplete, None))
    inv = ID[f"{K}/inventory"]
    g.add((inv, RDF.type, EA.Inventory))
    assert {f.answer for f in by_rule(run(g), "EA-GAP-001")["fag"]} == {"not-known"}
    g.add((inv, EA.integrationsComplete, Literal(True)))
    assert {f.answer for f in by_rule(run(g), "EA-GAP-001")["fag"]} == {"not-met"}


# --------------------------------------------------------------------------------------------------
# issue 13: integration status and direction, external partners, several categories, in-use dates


def _mark(g: Graph, fid: str, **values) -> Graph:
    """Add status / direction (vocabulary notations) to a hand-made integration."""
    schemes = {"status": "integrationstatus", "direction": "direction"}
    for p, v in values.items():
        g.add((ID[f"{K}/integration/{fid}"], EA[p], vocab(schemes[p], v)))
    return g


def test_planned_and_retired_integrations_carry_no_flow_and_unknown_status_is_not_known():
    notify = {"sendsToCitizens": True, "notifiesElectronically": True}
    g = inventory({f"fag{n}": dict(notify) for n in range(1, 6)},
                  [(f"k{n}", "c:krr", f"fag{n}") for n in range(1, 6)])
    for fid, status in (("k1", "planned"), ("k2", "retired"), ("k3", "unknown"), ("k4", "live")):
        _mark(g, fid, status=status)
    found = {s: a for s, fs in by_rule(run(g), "EA-GAP-001").items() if (a := {f.answer for f in fs if f.value == "notify-krr"})}
    assert found == {"fag1": {"not-met"}, "fag2": {"not-met"}, "fag3": {"not-known"}}  # fag4 live, fag5 blank: met
    G = build_graph(g)
    assert G.nodes[str(ID[f"{K}/integration/k1"])]["status"] == "planned"
    from ea_repo.graph import flow_graph

    F, P = flow_graph(G), flow_graph(G, possible=True)
    krr = str(COMPONENT["krr"])
    assert not F.has_edge(krr, str(sys_iri("fag1"))) and not P.has_edge(krr, str(sys_iri("fag1")))
    assert not F.has_edge(krr, str(sys_iri("fag3"))) and P.has_edge(krr, str(sys_iri("fag3")))
    assert F.has_edge(krr, str(sys_iri("fag4"))) and F.has_edge(krr, str(sys_iri("fag5")))


def test_a_planned_integration_does_not_save_an_island():
    g = _mark(inventory({"ny": {}, "a": {}}, [("ny-a", "ny", "a")]), "ny-a", status="planned")
    assert set(by_rule(run(g), "EA-GAP-003")) == {"ny", "a"}


def test_unknown_or_both_directions_count_for_reachability_both_ways():
    systems = {"a": {"holds": ["person"]}, "b": {"holds": ["person"]}, "c": {"holds": ["person"]}}
    flows = [("a-freg", "a", "c:fiks-folkeregister", "api", ["person"]), ("b-freg", "b", "c:fiks-folkeregister", "api", ["person"]),
             ("c-freg", "c", "c:fiks-folkeregister", "api", ["person"])]
    g = inventory(systems, flows)
    _mark(g, "a-freg", direction="unknown")
    _mark(g, "b-freg", direction="both")
    _mark(g, "c-freg", direction="provider-to-consumer")
    assert set(by_rule(run(g), "EA-GAP-002")) == {"c"}  # stated one way, from c to the register: c is not fed


def test_external_partners_are_nodes_of_their_own_and_end_an_island():
    from ea_repo.namespaces import PARTNER

    g = inventory({"startlan": {"category": "bolig-startlan"}, "depot-uttrekk": {"category": "sak-arkiv"}},
                  [("sl-hb", "startlan", "c:krr")])
    g.remove((ID[f"{K}/integration/sl-hb"], EA.consumer, None))
    g.add((ID[f"{K}/integration/sl-hb"], EA.consumer, PARTNER["husbanken-startlan"]))
    G = build_graph(g)
    node = G.nodes[str(PARTNER["husbanken-startlan"])]
    assert node["kind"] == "partner" and node["id"] == "partner:husbanken-startlan" and node["party"] == "state"
    assert node["owner"] == "Husbanken" and "Husbanken" in node["label"]
    assert set(by_rule(run(g), "EA-GAP-003")) == {"depot-uttrekk"}  # startlan exchanges with Husbanken: no island
    assert json.loads(export(G, "json"))["nodes"]


def test_several_categories_count_in_each():
    g = inventory({"a": {"category": "sak-arkiv"}, "b": {"category": "kvalitet-avvik"}, "c": {"category": "itsm"}}, [])
    g.add((sys_iri("b"), EA.category, vocab("category", "sak-arkiv")))
    G = build_graph(g)
    assert G.nodes[str(sys_iri("b"))]["category"] == ("kvalitet-avvik", "sak-arkiv")
    (f,) = by_rule(run(g, overlap_categories=frozenset({"sak-arkiv"})), "EA-GAP-008").values()
    assert {n.rsplit("/", 1)[-1] for n in f[0].extra["nodes"]} == {"a", "b"}
    assert run(g, overlap_categories=frozenset({"kvalitet-avvik"})) == [f for f in run(g) if f.rule != "EA-GAP-008"]


def test_in_use_dates_stand_for_a_blank_lifecycle():
    g = inventory({"gammel": {}, "ny": {}, "a": {}}, [("gammel-a", "gammel", "a"), ("ny-a", "ny", "a")])
    for sid, p, d in (("gammel", EA.inUseTo, date(2025, 1, 31)), ("ny", EA.inUseFrom, date(2027, 8, 1))):
        g.remove((sys_iri(sid), EA.lifecycle, None))
        g.add((sys_iri(sid), p, Literal(d, datatype=XSD.date)))
    assert build_graph(g).nodes[str(sys_iri("gammel"))]["lifecycle"] == ""  # without a date nothing is derived
    G = build_graph(g, today=TODAY)
    assert G.nodes[str(sys_iri("gammel"))]["lifecycle"] == "retired" and G.nodes[str(sys_iri("ny"))]["lifecycle"] == "planned"
    assert set(by_rule(run(g), "EA-GAP-005")) == {"gammel"}  # flows to a system out of use
    assert "ny" not in by_rule(run(g), "EA-GAP-003") and "gammel" not in by_rule(run(g), "EA-GAP-003")


def test_the_graph_from_the_checked_quads_equals_the_graph_from_an_rdflib_graph():
    """The check builds the architecture graph from the quads it validated (graph.Triples), not from an rdflib
    Graph: the same nodes, attributes and edges, on an example inventory with both kinds of flow and gaps."""
    import pyoxigraph as ox

    from ea_repo.graph import Triples
    from ea_repo.inventory import load_files
    from ea_repo.store import to_ox

    inv = load_files([Path(__file__).parent.parent / "examples" / "3301-drammen.json"]).graph
    quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode("https://w3id.org/ea-repo/graph/inventory/3301"))
             for s, p, o in inv]
    quads += quads[:50]  # a triple read twice (own and context) counts once, as in a graph
    via_rdflib, via_quads = build_graph(inv, today=TODAY), build_graph(Triples(quads), today=TODAY)
    assert sorted(via_quads.nodes(data=True)) == sorted(via_rdflib.nodes(data=True))
    assert sorted(via_quads.edges(data="rel")) == sorted(via_rdflib.edges(data="rel"))
    assert via_quads.number_of_nodes() > 300
    assert gaps.analyse(Triples(quads), "3301", TODAY) == gaps.analyse(inv, "3301", TODAY)
