"""The repository on a SPARQL 1.1 server (ea_repo/remote.py), against two real servers the tests start on
127.0.0.1: Oxigraph (`oxigraph serve`, from PyPI's `oxigraph`) and OpenLink Virtuoso Open Source (`virtuoso-t`,
Debian's `virtuoso-opensource`, through its digest-authenticated endpoints). On both the commands answer exactly
as on the embedded store, a refused import writes nothing, and a write after someone else's write is a conflict
that writes nothing."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from ea_repo.cli import cli
from ea_repo.errors import UsageError
from ea_repo.inventory import load_files
from ea_repo.remote import guarded, split_update
from ea_repo.store import ImportRecord, Repository

from conftest import DATA, free_port, sparql_server


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request, tmp_path, monkeypatch):
    """A fresh server of each kind with its own database folder, on free ports of 127.0.0.1, stopped after."""
    with sparql_server(request.param, tmp_path, monkeypatch) as url:
        yield url


def _cli(*args, expect=0):
    res = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert res.exit_code == expect, res.output
    return res.output


def test_commands_answer_the_same_on_the_server_as_on_the_embedded_store(server, tmp_path):
    changed = tmp_path / "mini"
    shutil.copytree(DATA / "mini", changed)
    systems = changed / "systems.csv"
    systems.write_text(systems.read_text(encoding="utf-8").replace("Public 360", "Public 360 Cloud", 1), encoding="utf-8")
    answers = {}
    for where in (tmp_path / "embedded", server):
        _cli("import", DATA / "mini", "--kommune", "4631", "--repo", where)
        _cli("import", changed, "--kommune", "4631", "--repo", where)
        check = json.loads(_cli("check", "--kommune", "4631", "--repo", where, "--format", "json", "--date", "2026-12-01",
                                expect=1))
        check.pop("checked_at")
        listed = [{k: v for k, v in row.items() if k != "last_import"}
                  for row in json.loads(_cli("list", "--repo", where, "--json"))]
        diff = json.loads(_cli("diff", "--kommune", "4631", "--repo", where, "--format", "json"))
        for side in ("from", "to"):
            diff[side].pop("imported", None)
        exported = Graph().parse(data=_cli("export", "--kommune", "4631", "--repo", where), format="turtle")
        _cli("report", "--kommune", "4631", "--repo", where, "--out", tmp_path / f"r-{len(answers)}", "--date", "2026-12-01")
        answers[str(where)] = (check, listed, diff, exported)
    (c1, l1, d1, e1), (c2, l2, d2, e2) = answers.values()
    assert c1 == c2 and l1 == l2 and d1 == d2 and isomorphic(e1, e2)
    assert l2[0]["systems"] == 3 and "Public 360 Cloud" in json.dumps(d2["changes"], ensure_ascii=False)


def test_a_refused_import_writes_nothing_on_the_server(server, tmp_path):
    _cli("import", DATA / "mini", "--kommune", "4631", "--repo", server)
    r = Repository(server, read_only=True)
    before = r.snapshot()
    r.close()
    bad = tmp_path / "bad"
    shutil.copytree(DATA / "mini", bad)
    f = bad / "systems.csv"
    f.write_text(f.read_text(encoding="utf-8").replace(",production,", ",sometimes,", 1), encoding="utf-8")
    out = _cli("import", bad, "--kommune", "4631", "--repo", server, expect=2)
    assert "'sometimes' is not an allowed value" in out
    r = Repository(server, read_only=True)
    assert r.snapshot() == before
    r.close()


def test_a_write_after_someone_elses_write_is_a_conflict_and_writes_nothing(server):
    g = load_files([DATA / "mini"], "4631").graph
    record = ImportRecord("4631", "2026-12-07T00:00:00Z", (), 13, len(g), "csv")
    first = Repository(server)  # both read the repository as it is now
    second = Repository(server)
    second.replace_inventory("4631", g, record)
    snapshot = second.snapshot()
    with pytest.raises(UsageError, match="someone else wrote to the repository"):
        first.replace_inventory("4630", g, record)
    assert Repository(server, read_only=True).snapshot() == snapshot  # nothing of the refused write
    second.replace_inventory("4630", g, record)  # the one that wrote last may go on writing
    assert Repository(server, read_only=True).kommuner() == ["4630", "4631"]


def test_an_unreachable_server_is_a_message():
    out = _cli("list", "--repo", f"http://127.0.0.1:{free_port()}", expect=2)
    assert "cannot be reached" in out and "Traceback" not in out


def test_updates_are_split_and_guarded_without_reading_text_as_syntax():
    text = ('DROP SILENT GRAPH <urn:g> ;\nADD <urn:g> TO <urn:p> ;\n'
            'INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "a ; b } { \\" ;" . <urn:s> <urn:q> <urn:x;y> . } }')
    ops = split_update(text)
    assert len(ops) == 3 and ops[2].endswith('<urn:x;y> . } }')
    update = guarded(ops, "r1", "r2")
    assert update.count(" ;\n") == 3 and 'FILTER(?r = "r1")' in update and update.count('"r2"') == 5
    with pytest.raises(ValueError):
        guarded(["CLEAR ALL"], "r1", "r2")


def test_a_large_insert_goes_through_a_staging_graph_in_parts_and_an_empty_one_is_no_operation():
    triples = "\n".join(f"<urn:s{i}> <urn:p> \"{i}\" ." for i in range(4500))
    ops = split_update(f"DROP SILENT GRAPH <urn:g> ;\nINSERT DATA {{ GRAPH <urn:g> {{\n{triples}\n}} }}")
    update = split_update(guarded(ops, "r1", "r2"))
    stage = "<urn:ea-repo:staging:r2:1-1>"
    assert sum(op.startswith(f"INSERT DATA {{ GRAPH {stage}") for op in update) == 3  # parts of at most 2,000
    assert "GRAPH <urn:g> { ?s ?p ?o } } WHERE { GRAPH <https://w3id.org/ea-repo/graph/meta>" in update[-2]
    assert update[-1] == f"DROP SILENT GRAPH {stage}"
    assert len(split_update(guarded(["INSERT DATA { GRAPH <urn:g> { } }"], "r1", "r2"))) == 1  # the stamp swap only
