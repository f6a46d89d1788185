"""Inventory import: every format, round trips, provenance, and bad input that changes nothing."""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import Workbook, load_workbook
from rdflib import Graph
from rdflib.compare import isomorphic

from ea_repo.inventory import load_files
from ea_repo.namespaces import EA, thing
from ea_repo.store import Repository

from conftest import snapshot


def test_import_csv_folder_and_list(run, mini, repo_path):
    out = run("import", mini, "--kommune", "4631").output
    assert "Imported 13 rows" in out
    listed = json.loads(run("list", "--json").output)
    assert [(r["kommune"], r["systems"], r["interfaces"], r["integrations"], r["fictional"]) for r in listed] == [
        ("4631", 3, 2, 8, True)
    ]
    repo = Repository(repo_path, read_only=True)
    (rec,) = repo.imports("4631")
    repo.close()
    assert rec.rows == 13 and {n for n, _ in rec.files} == {"meta.csv", "systems.csv", "interfaces.csv", "integrations.csv"}
    assert all(len(sha) == 64 for _, sha in rec.files)


def test_values_land_on_the_ontology(mini):
    g = load_files([mini], "4631").graph
    sak = thing("4631", "system", "sak")
    assert (sak, EA.category, None) in g and str(g.value(sak, EA.category)).endswith("/category/sak-arkiv")
    assert str(g.value(thing("4631", "integration", "krr-sak"), EA.provider)).endswith("/component/krr")
    assert g.value(thing("4631", "integration", "okonomi-sak"), EA.carriesKommunenummer).toPython() is True


def _write_xlsx(mini, path):
    wb = Workbook()
    wb.remove(wb.active)
    for name in ("meta", "systems", "interfaces", "integrations"):
        ws = wb.create_sheet(name)
        with open(mini / f"{name}.csv", encoding="utf-8") as fh:
            for row in csv.reader(fh):
                ws.append(row)
    wb.save(path)


def _write_json(mini, path):
    doc = {}
    for name in ("systems", "interfaces", "integrations"):
        with open(mini / f"{name}.csv", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        doc[name] = [{k: (v.split(";") if ";" in v else v) for k, v in r.items() if v != ""} for r in rows]
    with open(mini / "meta.csv", encoding="utf-8") as fh:
        doc["meta"] = {r[0]: r[1] for r in csv.reader(fh) if r[0] != "key"}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def test_all_tabular_formats_give_the_same_graph(mini, tmp_path):
    _write_xlsx(mini, tmp_path / "inv.xlsx")
    _write_json(mini, tmp_path / "inv.json")
    graphs = [load_files([p], "4631").graph for p in (mini, tmp_path / "inv.xlsx", tmp_path / "inv.json")]
    assert isomorphic(graphs[0], graphs[1])
    assert isomorphic(graphs[0], graphs[2])


@pytest.mark.parametrize("fmt,suffix", [("ttl", ".ttl"), ("jsonld", ".jsonld")])
def test_round_trip_through_rdf(run, mini, repo_path, tmp_path, fmt, suffix):
    run("import", mini, "--kommune", "4631")
    out = tmp_path / f"export{suffix}"
    run("export", "--kommune", "4631", "--format", fmt, "--out", out)
    first = Repository(repo_path, read_only=True)
    g1 = first.inventory("4631")
    first.close()
    run("import", out, "--kommune", "4631")
    second = Repository(repo_path, read_only=True)
    g2 = second.inventory("4631")
    assert len(second.imports("4631")) == 2
    assert second.previous_inventory("4631") is not None
    second.close()
    assert len(g1) > 50
    assert isomorphic(g1, g2)
    assert isomorphic(g1, Graph().parse(out, format="json-ld" if fmt == "jsonld" else "turtle"))


def test_dry_run_writes_nothing(run, mini, repo_path):
    run("import", mini, "--kommune", "4631")
    before = snapshot(repo_path)
    (mini / "systems.csv").write_text((mini / "systems.csv").read_text().replace("Public 360", "Elements"), encoding="utf-8")
    assert "nothing written" in run("import", mini, "--kommune", "4631", "--dry-run").output
    assert snapshot(repo_path) == before


def test_unknown_kommune_suggests(run, mini):
    out = run("import", mini, "--kommune", "1507", expect=2).output
    assert "1508 Ålesund" in out and "1580 Haram" in out
    out = run("import", mini, "--kommune", "4699", expect=2).output
    assert "nearest valid: 4651 Stryn" in out
    out = run("import", mini, "--kommune", "4630", expect=2).output
    assert "meta.csv" in out and "inventory of kommune 4631" in out


def test_template_xlsx_and_csv(run, tmp_path):
    run("template", tmp_path / "t.xlsx", "--lang", "en")
    wb = load_workbook(tmp_path / "t.xlsx")
    ws = wb["systems"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["id", "name", "description"]
    lifecycle = ws.cell(row=1, column=header.index("lifecycle") + 1).comment.text
    assert "production" in lifecycle and "retired" in lifecycle
    assert ws.freeze_panes == "A3" and str(ws["A2"].value).startswith("# ")
    run("template", tmp_path / "tcsv", "--lang", "en")
    assert (tmp_path / "tcsv" / "integrations.csv").read_text(encoding="utf-8").startswith("id,provider,consumer")
    run("template", tmp_path / "nb.xlsx")  # bokmål is the default
    wb = load_workbook(tmp_path / "nb.xlsx")
    assert wb.sheetnames[:4] == ["meta", "_values", "systemer", "grensesnitt"] and "les meg" in wb.sheetnames
    assert [c.value for c in wb["systemer"][1]][:4] == ["id", "navn", "beskrivelse", "leverandør"]
    run("template", tmp_path / "nbcsv")
    assert (tmp_path / "nbcsv" / "integrasjoner.csv").read_text(encoding="utf-8").startswith("id,tilbyder,konsument")
    # the empty templates import as they are written: only the explanation row, which is skipped
    assert "no systems found" in run("import", tmp_path / "nb.xlsx", "--kommune", "4631", "--dry-run", expect=2).output


# --- bad input: one located message, exit 2, repository exactly as before -------------------------


def _edit(path, old, new):
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _bad_cases():
    def missing_file(mini, tmp):
        return [tmp / "nope.xlsx"], ["nope.xlsx", "not found"]

    def unknown_sheet(mini, tmp):
        (mini / "servers.csv").write_text("id\nx\n", encoding="utf-8")
        return [mini], ["servers.csv", "unknown sheet 'servers'"]

    def unknown_column(mini, tmp):
        _edit(mini / "systems.csv", "contractEnd", "contractEnds")
        return [mini], ["systems.csv", "row 1", "column 'contractEnds' (W1)", "unknown column", "did you mean 'contractEnd'"]

    def bad_value(mini, tmp):
        _edit(mini / "systems.csv", "okonomi,production", "okonomi,prod")
        return [mini], ["systems.csv", "row 3", "column 'lifecycle'", "'prod' is not an allowed value", "production"]

    def duplicate_id(mini, tmp):
        _edit(mini / "interfaces.csv", "okonomi-sftp,okonomi", "sak-api,okonomi")
        return [mini], ["interfaces.csv", "row 3", "column 'id'", "duplicate id 'sak-api'"]

    def dangling_reference(mini, tmp):
        _edit(mini / "integrations.csv", "minside-sak,minside,sak", "minside-sak,minside,websak")
        return [mini], ["integrations.csv", "row 5", "column 'consumer'", "'websak'"]

    def not_utf8(mini, tmp):  # 0x81 is not a character in Windows-1252 either
        data = (mini / "systems.csv").read_text(encoding="utf-8").encode("cp1252").replace(b"Visma,", b"Vis\x81ma,")
        (mini / "systems.csv").write_bytes(data)
        return [mini], ["systems.csv", "neither UTF-8 nor Windows-1252", "byte 0x81", "line 3"]

    def not_a_workbook(mini, tmp):
        f = tmp / "inv.xlsx"
        f.write_text("id,name\n", encoding="utf-8")
        return [f], ["inv.xlsx", "not an Excel workbook"]

    def empty_file(mini, tmp):
        f = tmp / "inv.json"
        f.write_bytes(b"")
        return [f], ["inv.json", "empty"]

    def bad_json(mini, tmp):
        f = tmp / "inv.json"
        f.write_text('{"systems": [{"id": "a", "name": "A"},\n ]}', encoding="utf-8")
        return [f], ["inv.json", "line 2", "invalid JSON"]

    def bad_turtle(mini, tmp):
        f = tmp / "inv.ttl"
        f.write_text("@prefix ea: <https://w3id.org/ea-repo/ont#> .\n\n<a> ea:name \"x\" ;\n   ea:id 12abc .\n", encoding="utf-8")
        return [f], ["inv.ttl", "invalid turtle", "line 4"]

    return [missing_file, unknown_sheet, unknown_column, bad_value, duplicate_id, dangling_reference, not_utf8,
            not_a_workbook, empty_file, bad_json, bad_turtle]


@pytest.mark.parametrize("case", _bad_cases(), ids=lambda c: c.__name__)
def test_bad_input_is_located_and_changes_nothing(run, mini, repo_path, tmp_path, case):
    good = tmp_path / "good"
    import shutil

    shutil.copytree(mini, good)
    run("import", good, "--kommune", "4631")
    before = snapshot(repo_path)
    files, expected = case(mini, tmp_path)
    result = run("import", *files, "--kommune", "4631", expect=2)
    message = result.output
    assert message.startswith("error: ") and message.count("error:") == 1
    for part in expected:
        assert part in message, f"{part!r} not in {message!r}"
    assert snapshot(repo_path) == before


# --------------------------------------------------------------------------------------------------
# issue 13: several categories, in-use dates, source and confidence, integration status and direction,
# external partners and the new national components in integrations


def _issue13_inventory(tmp_path):
    d = tmp_path / "inv13"
    d.mkdir()
    (d / "systems.csv").write_text(
        "id,name,category,lifecycle,inUseFrom,inUseTo,lastConfirmed,sourceNote,sourceUrl,confidence,integrationsComplete\n"
        "startlan,Startlån,bolig-startlan;okonomi,production,2019-01-01,,2026-10-01,IKT-samarbeidets oversikt 2025,,shared-unconfirmed,true\n"
        "avvik,Avvikssystem,kvalitet-avvik,,2015-03-01,2025-12-31,,,https://example.org/avvik,assumed,true\n"
        "trygg,Trygghetsalarm,velferdsteknologi,production,,,,,,confirmed,true\n"
        "byggesak,eByggesak,plan-bygg-geodata,production,,,,,,,true\n",
        encoding="utf-8")
    (d / "integrations.csv").write_text(
        "id,provider,consumer,via,status,direction,sourceNote,confidence\n"
        "sl-hb,startlan,partner:husbanken-startlan,,live,both,leverandørens dokumentasjon,confirmed\n"
        "ftb-bygg,fellestjenester-bygg,byggesak,svarinn,planned,,,\n"
        "trygg-vkp,trygg,vkp,,unknown,unknown,,assumed\n"
        "avvik-ika,avvik,partner:IKA-Rogaland,,retired,provider-to-consumer,,\n",
        encoding="utf-8")
    return d


def test_issue13_columns_partners_and_new_components_import(tmp_path):
    from ea_repo.namespaces import COMPONENT, PARTNER, vocab

    g = load_files([_issue13_inventory(tmp_path)], "4631").graph
    sl = thing("4631", "system", "startlan")
    assert set(g.objects(sl, EA.category)) == {vocab("category", "bolig-startlan"), vocab("category", "okonomi")}
    assert str(g.value(sl, EA.inUseFrom)) == "2019-01-01" and str(g.value(sl, EA.lastConfirmed)) == "2026-10-01"
    assert str(g.value(sl, EA.sourceNote)) == "IKT-samarbeidets oversikt 2025"
    assert g.value(sl, EA.confidence) == vocab("confidence", "shared-unconfirmed")
    assert str(g.value(thing("4631", "system", "avvik"), EA.inUseTo)) == "2025-12-31"
    i = lambda x: thing("4631", "integration", x)  # noqa: E731
    assert g.value(i("sl-hb"), EA.consumer) == PARTNER["husbanken-startlan"]
    assert g.value(i("sl-hb"), EA.status) == vocab("integrationstatus", "live")
    assert g.value(i("sl-hb"), EA.direction) == vocab("direction", "both")
    assert g.value(i("ftb-bygg"), EA.provider) == COMPONENT["fellestjenester-bygg"]
    assert g.value(i("trygg-vkp"), EA.consumer) == COMPONENT["vkp"]
    assert g.value(i("avvik-ika"), EA.consumer) == PARTNER["ika-rogaland"]  # the id part is case-insensitive


def test_issue13_imported_inventory_seen_by_the_analyses(tmp_path):
    from datetime import date

    from ea_repo import gaps
    from ea_repo.graph import build_graph, flow_graph
    from ea_repo.namespaces import COMPONENT, PARTNER

    inv = load_files([_issue13_inventory(tmp_path)], "4631").graph
    G = build_graph(inv, today=date(2026, 11, 23))
    sl, hb = str(thing("4631", "system", "startlan")), str(PARTNER["husbanken-startlan"])
    assert G.nodes[hb]["kind"] == "partner" and G.nodes[sl]["category"] == ("bolig-startlan", "okonomi")
    assert G.nodes[str(thing("4631", "system", "avvik"))]["lifecycle"] == "retired"  # blank lifecycle, inUseTo past
    F, P = flow_graph(G), flow_graph(G, possible=True)
    assert F.has_edge(sl, hb) and F.has_edge(hb, sl)  # direction both
    bygg, ftb = str(thing("4631", "system", "byggesak")), str(COMPONENT["fellestjenester-bygg"])
    assert not P.has_edge(ftb, bygg)  # planned: no flow
    trygg, vkp = str(thing("4631", "system", "trygg")), str(COMPONENT["vkp"])
    assert not F.has_edge(trygg, vkp) and P.has_edge(trygg, vkp) and P.has_edge(vkp, trygg)  # unknown status and direction
    islands = {f.focus_label: f.answer for f in gaps.analyse(inv, "4631", date(2026, 11, 23))[0] if f.rule == "EA-GAP-003"}
    # a planned integration does not end an island; one of unknown status leaves it not known
    assert islands == {"eByggesak": "not-met", "Trygghetsalarm": "not-known"}


@pytest.mark.parametrize(("value", "expected"), [
    ("husbanken-startlan", "'partner:husbanken-startlan'"),
    ("partner:husbanken-startlaan", "did you mean 'partner:husbanken-startlan'"),
    ("partner:nope", "`ea-repo catalog partners`"),
])
def test_partner_references_are_checked(tmp_path, value, expected):
    from ea_repo.errors import EaRepoError

    d = _issue13_inventory(tmp_path)
    (d / "integrations.csv").write_text(f"id,provider,consumer\nx,startlan,{value}\n", encoding="utf-8")
    with pytest.raises(EaRepoError) as e:  # InputErrors: every problem of the files, here one
        load_files([d], "4631")
    text = str(e.value) + " " + str(getattr(e.value, "hint", ""))
    assert "integrations.csv" in text and "consumer" in text and expected in text, text
