"""The repository layer's contract, one suite over the three kinds of store a repository can live in: the embedded
Oxigraph folder, an Oxigraph server and a Virtuoso server (both started here on 127.0.0.1, see conftest). Every
test opens `Repository(location)` as the commands do and asserts what the layers above rely on: import records in
the order they were made, the previous inventory kept, a kommune's state that moves with its own writes only,
waiver and co-operation records, named graphs and counts, and a refused write that leaves everything as it was."""

from __future__ import annotations

import csv
import datetime as dt
import shutil

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from ea_repo import cooperation, registry
from ea_repo.errors import EaRepoError
from ea_repo.inventory import import_inventory, load_files
from ea_repo.namespaces import EA, META_GRAPH
from ea_repo.store import Repository, using
from ea_repo.waivers import decide_waiver, propose_waiver, stored_waivers

from conftest import DATA, EXAMPLES, sparql_server

TODAY = dt.date(2026, 12, 7)


@pytest.fixture(params=["embedded", "oxigraph", "virtuoso"])
def location(request, tmp_path, monkeypatch):
    """A new, empty repository of each kind: a folder, or the URL of a fresh server (stopped after the test)."""
    if request.param == "embedded":
        yield str(tmp_path / "repo")
        return
    with sparql_server(request.param, tmp_path, monkeypatch) as url:
        yield url


def _import(location, folder, code, when):
    with using(location, read_only=False) as repo:
        return import_inventory(repo, [folder], code, now=when)


def test_an_empty_repository_holds_nothing(location):
    with using(location, read_only=False) as repo:
        assert repo.kommuner() == [] and repo.summaries() == [] and not repo.has_inventory("4631")
        assert repo.imports("4631") == [] and repo.previous_inventory("4631") is None
        assert repo.state() == repo.state() and repo.state("4631") == repo.state("4630")


def test_imports_keep_their_order_and_the_previous_inventory(location, tmp_path):
    first = DATA / "mini"
    second = tmp_path / "mini-2"
    shutil.copytree(first, second)
    systems = second / "systems.csv"
    rows = list(csv.reader(systems.read_text(encoding="utf-8").splitlines()))
    rows[1][rows[0].index("name")] = "Eit nytt namn"  # one system renamed
    with systems.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    same_second = "2026-12-07T10:00:00Z"
    one, _ = _import(location, first, "4631", same_second)
    two, _ = _import(location, second, "4631", same_second)  # in the same second: kept in the order made
    with using(location) as repo:
        records = repo.imports("4631")
        assert [r.rows for r in records] == [one.rows, two.rows] and not isomorphic(one.graph, two.graph)
        sha = [dict((name.rsplit("/", 1)[-1], h) for name, h in r.files) for r in records]
        assert sha[0]["systems.csv"] != sha[1]["systems.csv"] and sha[0]["integrations.csv"] == sha[1]["integrations.csv"]
        assert [r.time for r in records] == [same_second, same_second]
        assert all(r.files and all(len(h) == 64 for _name, h in r.files) for r in records)  # each file's SHA-256
        assert isomorphic(repo.inventory("4631"), two.graph)
        assert isomorphic(repo.previous_inventory("4631"), one.graph)
        assert repo.kommuner() == ["4631"] and repo.has_inventory("4631")
        [summary] = repo.summaries()
        assert summary.kommune == "4631" and summary.name == "Alver" and summary.systems == len(rows) - 1
        assert summary.triples == repo.count(URIRef("https://w3id.org/ea-repo/graph/inventory/4631")) == len(two.graph)
        graphs = repo.named_graphs("https://w3id.org/ea-repo/graph/")
        assert {"https://w3id.org/ea-repo/graph/inventory/4631", "https://w3id.org/ea-repo/graph/previous/4631",
                str(META_GRAPH)} <= set(graphs)


def test_a_kommunes_state_moves_with_its_own_writes_only(location):
    _import(location, DATA / "mini", "4631", "2026-12-07T10:00:00Z")
    with using(location) as repo:
        alver, osteroy, whole = repo.state("4631"), repo.state("4630"), repo.state()
    _import(location, DATA / "sparse", "4630", "2026-12-07T10:01:00Z")
    with using(location) as repo:
        assert repo.state("4631") == alver  # another kommune's import: Alver's check is not stale
        assert repo.state("4630") != osteroy and repo.state() != whole
        osteroy = repo.state("4630")
    _import(location, DATA / "mini", "4631", "2026-12-07T10:02:00Z")  # the same file again is still a write
    with using(location) as repo:
        assert repo.state("4631") != alver and repo.state("4630") == osteroy


def test_waiver_records_are_kept_and_move_the_kommunes_state(location):
    _import(location, DATA / "mini", "4631", "2026-12-07T10:00:00Z")
    with using(location, read_only=False) as repo:
        before, other = repo.state("4631"), repo.state("4630")
        made = propose_waiver(repo, "4631", rule="EA-STD-001", system="*", justification="Bytes ut i 2027.",
                              expires=dt.date(2027, 6, 30), by="kari", today=TODAY, known_rules=registry.waivable_codes())
        assert made.status == "proposed" and repo.state("4631") != before and repo.state("4630") == other
        with pytest.raises(EaRepoError):  # the proposer may not approve her own
            decide_waiver(repo, "4631", made.id, "approve", by="kari", today=TODAY)
        decided = decide_waiver(repo, "4631", made.id, "approve", by="per", today=TODAY)
    with using(location) as repo:
        [kept] = stored_waivers(repo, "4631")
        assert kept.status == "approved" == decided.status and kept.id == made.id
        assert [e.action for e in kept.events] == ["proposed", "approved"] and stored_waivers(repo, "4630") == []


def test_cooperation_declarations_and_any_named_graph(location):
    with using(location, read_only=False) as repo:
        cooperation.import_declarations(repo, EXAMPLES / "fjordnett-ikt.yaml", "2026-12-07T10:00:00Z")
        assert cooperation.declared(repo)["fjordnett-ikt"].members == ("4630", "4631")
        graph = URIRef("https://w3id.org/ea-repo/graph/procurement/test")
        g = Graph()
        g.add((URIRef("https://w3id.org/ea-repo/id/test/a"), EA.name, Literal("Ærlig «navn» \"med\" tegn\n")))
        meta = Graph()
        meta.add((URIRef("https://w3id.org/ea-repo/id/test/run"), EA.name, Literal("kjøring")))
        repo.replace_graph(graph, g, meta)
    with using(location) as repo:
        assert isomorphic(repo.graph(graph), g) and repo.count(graph) == 1
        assert (URIRef("https://w3id.org/ea-repo/id/test/run"), EA.name, Literal("kjøring")) in repo.graph(META_GRAPH)


def test_a_refused_import_leaves_the_repository_as_it_was(location, tmp_path):
    _import(location, DATA / "mini", "4631", "2026-12-07T10:00:00Z")
    bad = tmp_path / "bad"
    shutil.copytree(DATA / "mini", bad)
    (bad / "systems.csv").write_text("id,name,lifecycle\nx,,sometimes\n", encoding="utf-8")
    with using(location) as repo:
        before = repo.snapshot()
    with pytest.raises(EaRepoError):
        _import(location, bad, "4631", "2026-12-07T10:05:00Z")
    with using(location) as repo:
        assert repo.snapshot() == before
    assert load_files([DATA / "mini"], "4631").rows > 0


def test_a_repository_opened_read_only_refuses_to_write(location):
    _import(location, DATA / "mini", "4631", "2026-12-07T10:00:00Z")
    loaded = load_files([DATA / "mini"], "4631")
    with using(location) as repo:
        assert isinstance(repo, Repository) and repo.read_only
        with pytest.raises(EaRepoError):
            repo.replace_inventory("4631", loaded.graph, repo.imports("4631")[0])
