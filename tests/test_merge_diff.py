"""import --mode merge (upsert by id, nothing deleted, checked as a whole), the kommune from meta, and diff."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil

import pytest
from lxml import html as lxml_html
from rdflib import RDF, Graph
from rdflib.compare import isomorphic

from ea_repo.diff import diff_inventories, diff_since
from ea_repo.errors import UsageError
from ea_repo.inventory import import_inventory, load_files
from ea_repo.inventory.export import inventory_tables, write_csv
from ea_repo.namespaces import EA, thing
from ea_repo.report import build_reports
from ea_repo.store import Repository

from conftest import DATA, EXAMPLES, snapshot

EXAMPLE_FILES = {"4630": "4630-osteroy", "4631": "4631-alver.xlsx", "3301": "3301-drammen.json"}
XSS = "<script>alert(1)</script>"


def open_repo(path):
    return Repository(path, read_only=True)


def graphs(repo_path, code) -> tuple[Graph, Graph | None]:
    repo = open_repo(repo_path)
    try:
        return repo.inventory(code), repo.previous_inventory(code)
    finally:
        repo.close()


def subject_triples(g: Graph, s) -> set:
    return set(g.triples((s, None, None)))


def write_rows(path, rows: list[dict], columns: list[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns)
        w.writeheader()
        w.writerows(rows)


# --- merge --------------------------------------------------------------------------------------------------


def test_merge_upserts_by_id_and_deletes_nothing(tmp_path, run, repo_path):
    src = EXAMPLES / "4630-osteroy"
    run("import", src)
    before, _ = graphs(repo_path, "4630")
    systems = list(csv.DictReader((src / "systems.csv").open(encoding="utf-8")))
    columns = list(systems[0])
    changed = dict(systems[0], lifecycle="phase-out", description="", version="12.1")
    new = {c: "" for c in columns} | {
        "id": "ny-tjeneste",
        "name": "Ny tjeneste",
        "lifecycle": "planned",
        "category": "innbyggerportal",
    }
    merge = tmp_path / "merge"
    merge.mkdir()
    write_rows(merge / "systems.csv", [changed, new], columns)
    # an integration between the new system and a system only the stored inventory holds
    write_rows(
        merge / "integrations.csv",
        [{"id": "ny-til-sak", "provider": "ny-tjeneste", "consumer": systems[5]["id"]}],
        ["id", "provider", "consumer"],
    )
    out = run("import", merge, "--kommune", "4630", "--mode", "merge").output
    assert "Merged 3 rows" in out
    after, previous = graphs(repo_path, "4630")
    assert isomorphic(previous, before)  # the inventory before the merge is kept as the previous one
    for cls in (EA.System, EA.Interface, EA.Integration):
        assert set(before.subjects(RDF.type, cls)) <= set(after.subjects(RDF.type, cls))  # nothing deleted
    assert len(set(after.subjects(RDF.type, EA.System))) == len(set(before.subjects(RDF.type, EA.System))) + 1
    assert (
        len(set(after.subjects(RDF.type, EA.Integration)))
        == len(set(before.subjects(RDF.type, EA.Integration))) + 1
    )
    s0 = thing("4630", "system", systems[0]["id"])
    assert (
        str(after.value(s0, EA.lifecycle)).endswith("/lifecycle/phase-out")
        and str(after.value(s0, EA.version)) == "12.1"
    )
    assert after.value(s0, EA.description) is None  # the row replaces the stored one: a blank cell is blank
    untouched = set(before.subjects(RDF.type, None)) - {s0}
    assert all(subject_triples(after, s) == subject_triples(before, s) for s in untouched)
    assert (
        thing("4630", "integration", "ny-til-sak"),
        EA.consumer,
        thing("4630", "system", systems[5]["id"]),
    ) in after
    repo = open_repo(repo_path)
    assert [r.mode for r in repo.imports("4630")] == ["replace", "merge"]
    repo.close()
    d = json.loads(run("diff", "--kommune", "4630", "--format", "json").output)
    assert [(c["sheet"], c["id"], c["change"]) for c in d["changes"]] == [
        ("systems", "ny-tjeneste", "added"),
        ("systems", systems[0]["id"], "changed"),
        ("integrations", "ny-til-sak", "added"),
    ]
    fields = {f["column"]: (f["old"], f["new"]) for f in d["changes"][1]["fields"]}
    assert fields == {
        "description": (systems[0]["description"], ""),
        "lifecycle": ("production", "phase-out"),
        "version": (systems[0]["version"], "12.1"),
    }


def test_merging_the_whole_inventory_again_changes_nothing(run, repo_path, mini):
    run("import", mini)
    first, _ = graphs(repo_path, "4631")
    run("import", mini, "--mode", "merge")
    again, previous = graphs(repo_path, "4631")
    assert isomorphic(first, again) and isomorphic(first, previous)


def test_merge_into_nothing_is_an_import(run, repo_path, mini):
    run("import", mini, "--mode", "merge")
    assert isomorphic(graphs(repo_path, "4631")[0], load_files([mini]).graph)


def test_a_merge_with_a_dangling_reference_changes_nothing(tmp_path, run, repo_path, mini):
    run("import", mini)
    before = snapshot(repo_path)
    merge = tmp_path / "merge"
    merge.mkdir()
    write_rows(
        merge / "integrations.csv",
        [
            {"id": "sak-arkiv", "provider": "sak", "consumer": "okonomi"},
            {"id": "sak-x", "provider": "sak", "consumer": "finnes-ikke"},
        ],
        ["id", "provider", "consumer"],
    )
    for extra in ((), ("--dry-run",)):
        res = run("import", merge, "--kommune", "4631", "--mode", "merge", *extra, expect=2)
        assert (
            "integrations.csv" in res.output and "row 3" in res.output and "column 'consumer'" in res.output
        )
        assert "'finnes-ikke' is neither a system in this inventory nor a national component" in res.output
    assert snapshot(repo_path) == before
    # the same row is fine in a merge when the system it names is stored; in a replace it is not
    write_rows(
        merge / "integrations.csv",
        [{"id": "sak-arkiv", "provider": "sak", "consumer": "okonomi"}],
        ["id", "provider", "consumer"],
    )
    res = run("import", merge, "--kommune", "4631", "--dry-run", expect=2)
    assert "no systems found" in res.output
    res = run("import", merge, "--kommune", "4631", "--mode", "merge", "--dry-run")
    assert "nothing written" in res.output and snapshot(repo_path) == before


def test_a_merged_rdf_file_is_checked_against_the_stored_inventory(tmp_path, run, repo_path, mini):
    run("import", mini)
    before = snapshot(repo_path)
    ttl = tmp_path / "add.ttl"
    ttl.write_text(
        f"""@prefix ea: <https://w3id.org/ea-repo/ont#> .
<{thing("4631", "integration", "ny")}> a ea:Integration ; ea:id "ny" ;
    ea:provider <{thing("4631", "system", "sak")}> ; ea:consumer <{thing("4631", "system", "borte")}> .
""",
        encoding="utf-8",
    )
    res = run("import", ttl, "--kommune", "4631", "--mode", "merge", expect=2)
    assert "add.ttl" in res.output and "/system/borte" in res.output and snapshot(repo_path) == before
    ttl.write_text(
        ttl.read_text(encoding="utf-8").replace("/system/borte", "/system/okonomi"), encoding="utf-8"
    )
    run("import", ttl, "--kommune", "4631", "--mode", "merge")
    g, _ = graphs(repo_path, "4631")
    assert (thing("4631", "integration", "ny"), EA.inventoryOf, None) in g
    assert len(set(g.subjects(RDF.type, EA.System))) == 3


# --- the kommune from meta ----------------------------------------------------------------------------------


def test_kommune_comes_from_meta_and_a_mismatch_or_none_is_refused(tmp_path, run, repo_path, mini):
    assert "for kommune 4631" in run("import", mini).output
    before = snapshot(repo_path)
    res = run("import", mini, "--kommune", "4630", expect=2)
    assert "meta.csv" in res.output and "kommune 4631" in res.output and "4630" in res.output
    bare = tmp_path / "bare"
    shutil.copytree(mini, bare)
    (bare / "meta.csv").unlink()
    res = run("import", bare, expect=2)
    assert "--kommune" in res.output and "meta" in res.output
    (bare / "meta.csv").write_text("key,value\nkommune,463\n", encoding="utf-8")
    res = run("import", bare, expect=2)
    assert "meta.csv" in res.output and "element 'kommune'" in res.output and "'463'" in res.output
    res = run("import", DATA / "archimate" / "kommune-model.xml", expect=None)
    assert res.exit_code == 2 and "--kommune" in res.output
    assert snapshot(repo_path) == before


# --- diff ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(EXAMPLE_FILES))
def test_diff_lists_exactly_three_changed_fields_and_one_removed_integration(tmp_path, run, repo_path, code):
    src = EXAMPLES / EXAMPLE_FILES[code]
    run("import", src)
    t = inventory_tables(load_files([src]).graph, code)
    s1, s2 = t.sheets["systems"][0], t.sheets["systems"][1]
    old_owner, old_life = s1.get("owner", ""), s2.get("lifecycle", "")
    s1["owner"] = "Ny eier & co"
    s2["lifecycle"] = "retired" if old_life != "retired" else "production"
    i1 = t.sheets["interfaces"][0]
    old_name = i1.get("name", "")
    i1["name"] = "Nytt navn"
    gone = t.sheets["integrations"].pop(0)
    folder = tmp_path / "changed"
    folder.mkdir()
    for name, text in write_csv(t).items():
        (folder / name).write_text(text, encoding="utf-8")
    run("import", folder)
    d = json.loads(run("diff", "--kommune", code, "--format", "json").output)
    got = [
        (c["sheet"], c["id"], c["change"], [(f["column"], f["old"], f["new"]) for f in c["fields"]])
        for c in d["changes"]
        if c["change"] == "changed"
    ]
    assert got == sorted(
        [
            ("systems", s1["id"], "changed", [("owner", old_owner, "Ny eier & co")]),
            ("systems", s2["id"], "changed", [("lifecycle", old_life, s2["lifecycle"])]),
        ],
        key=lambda x: x[1],
    ) + [("interfaces", i1["id"], "changed", [("name", old_name, "Nytt navn")])]
    assert [(c["sheet"], c["id"]) for c in d["changes"] if c["change"] != "changed"] == [
        ("integrations", gone["id"])
    ]
    assert d["summary"]["integrations"] == {"added": 0, "removed": 1, "changed": 0} and d["meta"] == []
    assert d["from"]["what"] == "previous" and d["to"]["what"] == "current"
    table = run("diff", "--kommune", code, "--lang", "en").output
    assert f"- {gone['id']}" in table and "owner: " in table and "→ Ny eier & co" in table
    out = tmp_path / "diff.json"
    run("diff", "--kommune", code, "--format", "json", "--out", out)
    assert json.loads(out.read_text(encoding="utf-8")) == d


def test_diff_of_a_graph_with_itself_is_empty(mini):
    g = load_files([mini]).graph
    d = diff_inventories(g, g)
    assert d.empty and d.kommune == "4631" and all(set(c.values()) == {0} for c in d.summary().values())


def test_diff_since_a_date_uses_only_what_the_repository_keeps(tmp_path, repo_path, mini, run):
    repo = Repository(repo_path)
    times = ("2026-01-10T08:00:00Z", "2026-02-10T08:00:00Z", "2026-03-10T08:00:00Z")
    try:
        for i, when in enumerate(times):
            text = (mini / "systems.csv").read_text(encoding="utf-8")
            (mini / "systems.csv").write_text(
                text.replace("Arkivleder" if i == 0 else f"Arkivleder {i}", f"Arkivleder {i + 1}", 1),
                encoding="utf-8",
            )
            import_inventory(repo, [mini], now=when)
        since_march = diff_since(repo, "4631", dt.date(2026, 3, 1))
        assert [(r.id, [(f.old, f.new) for f in r.fields]) for r in since_march.rows] == [
            ("sak", [("Arkivleder 2", "Arkivleder 3")])
        ]
        assert since_march == diff_since(repo, "4631", "previous")
        assert diff_since(repo, "4631", dt.date(2026, 3, 11)).unchanged_since == dt.date(2026, 3, 11)
        with pytest.raises(
            UsageError, match="keeps only the current inventory and the one before the last import"
        ):
            diff_since(repo, "4631", dt.date(2026, 2, 1))
        with pytest.raises(UsageError, match="first imported on 2026-01-10"):
            diff_since(repo, "4631", dt.date(2026, 1, 1))
    finally:
        repo.close()
    res = run("diff", "--kommune", "4631", "--since", "2026-02-10", expect=2)
    assert "is not kept" in res.output and "--since previous" in res.output
    run("diff", "--kommune", "4631", "--since", "2026-02-11")
    assert run("diff", "--kommune", "4631", "--since", "gestern", expect=2).exit_code == 2


def test_diff_without_a_previous_import_says_so(run, mini):
    run("import", mini)
    res = run("diff", "--kommune", "4631", expect=2)
    assert "imported once only" in res.output
    assert "holds no inventory for kommune 4630" in run("diff", "--kommune", "4630", expect=2).output


# --- the report's trend section -----------------------------------------------------------------------------


def test_report_lists_what_changed_since_the_previous_import_escaped(tmp_path, run, repo_path, mini):
    run("import", mini)
    systems = list(csv.DictReader((mini / "systems.csv").open(encoding="utf-8")))
    columns = list(systems[0])
    merge = tmp_path / "merge"
    merge.mkdir()
    write_rows(
        merge / "systems.csv",
        [dict(systems[0], lifecycle="phase-out"), {c: "" for c in columns} | {"id": "ny", "name": XSS}],
        columns,
    )
    run("import", merge, "--kommune", "4631", "--mode", "merge")
    page = build_reports(
        repo_path, kommuner=["4631"], today=dt.date(2026, 11, 1), checked_at="2026-11-01T12:00:00Z", jobs=1
    ).pages["4631.html"]
    doc = lxml_html.fromstring(page)
    items = [li.text_content() for li in doc.xpath("//ul[@class='changes']/li")]
    assert items == [f"Systemer, lagt til: ny {XSS}", "Systemer, endret: sak Public 360 (lifecycle)"]
    assert (
        "Systemer: 1 lagt til, 0 fjernet, 1 endret"
        in doc.xpath("//p[@class='change-counts']")[0].text_content()
    )
    assert "<script>alert" not in page and "ea-repo diff --kommune 4631" in page
    assert not lxml_html.fromstring(
        build_reports(
            repo_path,
            kommuner=["4631"],
            today=dt.date(2026, 11, 1),
            trend=False,
            checked_at="2026-11-01T12:00:00Z",
            jobs=1,
        ).pages["4631.html"]
    ).xpath("//ul[@class='changes']")
