"""Privacy and security duties (EA-PV-001…003, EA-SEC-001…002, EA-HEL-008) on a sparse inventory as files.

The rule cases in tests/rules/ test each rule's scope and answers on both engines; this module tests what a user
does: the new columns and meta entries read from CSV, and the same inventory written out as XLSX and JSON and
read back gives the same answers; a bad value in a new column is a located error; the template documents them.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ea_repo import check
from ea_repo.errors import InputErrors
from ea_repo.inventory import load_files
from ea_repo.inventory.export import export_csv, export_xlsx, inventory_tables

TODAY = dt.date(2026, 11, 23)
CODES = ("EA-PV-001", "EA-PV-002", "EA-PV-003", "EA-SEC-001", "EA-SEC-002", "EA-HEL-008")
INV = "https://w3id.org/ea-repo/id/4630/inventory"

META = "key,value\nkommune,4630\nname,Personvern-test\nfictional,true\ninformationSecurityManagement,nei\n"
SYSTEMS = (
    "id,name,vendor,category,lifecycle,hosting,personalData,sensitivity,largeScale,processingRecord,"
    "dataProcessingAgreement,dpia,riskAssessment,privacyReference\n"
    # health journal, cloud, large scale: every duty stated met
    "epj,Profil,Visma,epj-helse-omsorg,production,saas,true,special-category,ja,ja,ja,ja,2025-09-01,2025/77\n"
    # school admin hosted by the vendor: no agreement, an old ROS, not in the records
    "skole,Visma Flyt Skole,Visma,skole,production,vendor-hosted,true,personal,,nei,nei,,2022-01-15,\n"
    # child welfare, large scale, no DPIA, but the sensitivity is not stated: DPIA not known
    "bv,Modulus Barn,Netcompany,barnevern,production,iks,true,,true,true,,false,,\n"
    # map service without personal data: out of scope of all of them
    "kart,Kommunekart,Norkart,plan-bygg-geodata,production,saas,false,open,,,,,,\n"
    # blank lifecycle: never met or not met
    "gammel,Gammelt fagsystem,,,,saas,true,,,false,false,,2010-01-01,\n"
)
INTEGRATIONS = "id,provider,consumer,via\nepj-nhn,epj,kjernejournal,helsenettet\n"


def _write(folder: Path, meta: str = META, systems: str = SYSTEMS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "meta.csv").write_text(meta, encoding="utf-8")
    (folder / "systems.csv").write_text(systems, encoding="utf-8")
    (folder / "integrations.csv").write_text(INTEGRATIONS, encoding="utf-8")
    return folder


def _answers(*files: Path) -> dict[tuple[str, str], str]:
    result = check.run(check.CheckRequest(today=TODAY, files=tuple(files), analyses=False))
    return {(a.rule, a.focus.rsplit("/", 1)[-1] if a.focus != INV else "inventory"): a.answer
            for a in result.answers if a.rule in CODES}


EXPECTED = {
    ("EA-PV-001", "epj"): "met", ("EA-PV-001", "skole"): "not-met", ("EA-PV-001", "bv"): "met",
    ("EA-PV-001", "gammel"): "not-known",
    ("EA-PV-002", "epj"): "met", ("EA-PV-002", "skole"): "not-met", ("EA-PV-002", "bv"): "not-known",
    ("EA-PV-002", "gammel"): "not-known",
    ("EA-PV-003", "epj"): "met", ("EA-PV-003", "bv"): "not-known", ("EA-PV-003", "gammel"): "not-known",
    ("EA-SEC-001", "epj"): "met", ("EA-SEC-001", "skole"): "not-met", ("EA-SEC-001", "bv"): "not-known",
    ("EA-SEC-001", "gammel"): "not-known",
    ("EA-SEC-002", "inventory"): "not-met",
    ("EA-HEL-008", "epj-nhn"): "not-known",
}


@pytest.fixture(scope="module")
def csv_folder(tmp_path_factory) -> Path:
    return _write(tmp_path_factory.mktemp("privacy") / "csv")


def test_privacy_answers_from_csv(csv_folder):
    got = _answers(csv_folder)
    assert got == EXPECTED


def test_the_skole_findings_name_the_stated_facts(csv_folder):
    result = check.run(check.CheckRequest(today=TODAY, files=(csv_folder,), analyses=False))
    found = {f.rule: dict(f.evidence) for f in result.findings
             if f.answer == "not-met" and f.focus.endswith("/skole")}
    assert found["EA-PV-002"]["dataProcessingAgreement"] == ("false",)
    assert found["EA-PV-001"]["processingRecord"] == ("false",)
    assert found["EA-SEC-001"]["riskAssessment"] == ("2022-01-15",)
    sec = next(f for f in result.findings if f.rule == "EA-SEC-002")
    assert sec.severity == "violation" and sec.legal_basis.startswith("eForvaltningsforskriften")
    assert next(f for f in result.findings if f.rule == "EA-SEC-001").severity == "info"


def test_normen_follows_the_meta_entry(tmp_path):
    folder = _write(tmp_path / "n", meta=META.replace("informationSecurityManagement,nei", "normen,false"))
    got = _answers(folder)
    assert got[("EA-HEL-008", "epj-nhn")] == "not-met"
    assert got[("EA-SEC-002", "inventory")] == "not-known"  # the entry left out is not known, never a breach


def test_the_same_inventory_as_xlsx_and_json_answers_alike(csv_folder, tmp_path):
    loaded = load_files([csv_folder])
    xlsx = tmp_path / "inv.xlsx"
    xlsx.write_bytes(export_xlsx(loaded.graph, "4630").data)
    tables = inventory_tables(loaded.graph, "4630")
    doc = {"meta": {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in tables.meta.items()},
           **{name: [{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items()} for row in rows]
              for name, rows in tables.sheets.items()}}
    js = tmp_path / "inv.json"
    js.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert _answers(xlsx) == EXPECTED
    assert _answers(js) == EXPECTED
    # and the nb CSV export reads back to the same answers
    nb = tmp_path / "nb"
    nb.mkdir()
    for name, body in export_csv(loaded.graph, "4630", lang="nb").data.items():
        (nb / name).write_text(body, encoding="utf-8")
    assert _answers(nb) == EXPECTED


def test_bad_values_in_the_new_columns_are_located_errors(tmp_path):
    bad = SYSTEMS.replace("2022-01-15", "i fjor").replace("vendor-hosted,true,personal,,nei", "vendor-hosted,true,personal,kanskje,nei")
    folder = _write(tmp_path / "bad", meta=META.replace("informationSecurityManagement,nei", "normen,tja"), systems=bad)
    with pytest.raises(InputErrors) as exc:
        load_files([folder])
    where = {(e.column or e.element, e.row) for e in exc.value.errors}
    assert ("riskAssessment", 3) in where and ("largeScale", 3) in where
    assert any(e.sheet == "meta" and e.column == "normen" and e.row == 5 for e in exc.value.errors)
