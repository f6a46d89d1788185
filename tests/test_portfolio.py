"""The portfolio (ea_repo/portfolio.py, `ea-repo portfolio`): cost columns read as stated (blank is not zero),
cost per area and vendor, vendor concentration, TIME and licence kinds, and for a co-operation the same product
bought separately by several members; every output format; bad amounts as located errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from ea_repo.cli import cli
from ea_repo.errors import InputErrors
from ea_repo.inventory import load_files

HEAD = "id,name,vendor,product,category,lifecycle,annualLicenceCost,annualOperationCost,licenceKind,timeDecision,sharedWith\n"
OSTEROY = HEAD + (
    "sak,Elements,Sikri,Elements,sak-arkiv,production,180 000,45 000,subscription,invest,\n"
    "lonn,Visma HRM,Visma,Visma Enterprise HRM,lonn-hr,production,\"210 000,50\",,proprietary,tolerate,\n"
    "skole,Visma Flyt Skole,Visma,Flyt Skole,skole,production,90000,,subscription,migrate,\n"
    "kart,Kommunekart,Norkart,Kommunekart,plan-bygg-geodata,production,,,,,\n"
    "gml,Gammelt arkiv,Acos,WebSak,sak-arkiv,retired,99999,,proprietary,eliminate,\n"
    "nettsted,Nettsted,,Drupal,innbyggerportal,production,0,60000,open-source,tolerate,\n"
)
ALVER = HEAD + (
    "websak,Elements (Alver),Sikri,Elements,sak-arkiv,production,260000,,subscription,tolerate,\n"
    "flyt,Flyt Skole,Visma,Flyt Skole,skole,production,,,subscription,,\n"
    "delt,Felles HR,Visma,Visma Enterprise HRM,lonn-hr,production,120000,,proprietary,invest,4630\n"
)
META = "key,value\nkommune,{k}\nname,Portefølje-test {k}\nfictional,true\n"


def _inv(folder: Path, k: str, systems: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "meta.csv").write_text(META.format(k=k), encoding="utf-8")
    (folder / "systems.csv").write_text(systems, encoding="utf-8")
    return folder


def _run(*args) -> str:
    r = CliRunner().invoke(cli, list(args))
    assert r.exit_code == 0, r.output
    return r.output


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("portfolio")
    root = base / "repo"
    examples = Path(__file__).resolve().parent.parent / "examples"
    _run("import", str(_inv(base / "o", "4630", OSTEROY)), "--kommune", "4630", "--repo", str(root))
    _run("import", str(_inv(base / "a", "4631", ALVER)), "--kommune", "4631", "--repo", str(root))
    _run("cooperation", "import", str(examples / "fjordnett-ikt.yaml"), "--repo", str(root))
    return root


def test_kommune_portfolio_counts_only_stated_costs(repo):
    p = json.loads(_run("portfolio", "-k", "4630", "--repo", str(repo), "--format", "json"))
    assert p["systems"] == 5  # the retired one is left out
    assert p["costed"] == 4 and p["cost"] == 180000 + 45000 + 210000.5 + 90000 + 60000
    by_vendor = {r["key"]: r for r in p["by_vendor"]}
    assert by_vendor["Visma"]["systems"] == 2 and by_vendor["Visma"]["share_systems"] == 40.0
    assert by_vendor["Visma"]["cost"] == 300000.5
    assert by_vendor["Norkart"]["costed"] == 0 and by_vendor["Norkart"]["cost"] == 0  # blank, not known: no cost
    assert by_vendor["(not stated)"]["systems"] == 1
    c = p["concentration"]
    assert c["top_vendor"] == "Visma" and c["vendors"] == 3 and c["without_vendor"] == 1
    assert c["top_share_cost"] == round(100 * 300000.5 / 585000.5, 1)
    areas = {r["key"]: r["cost"] for r in p["by_area"]}
    assert areas["sak-arkiv"] == 225000 and areas["plan-bygg-geodata"] == 0
    assert {r["key"]: r["systems"] for r in p["time"]} == {"invest": 1, "migrate": 1, "tolerate": 2, "(not stated)": 1}
    assert {r["key"] for r in p["licence"]} >= {"open-source", "subscription", "proprietary"}


def test_cooperation_finds_products_bought_separately(repo):
    p = json.loads(_run("portfolio", "--cooperation", "fjordnett-ikt", "--repo", str(repo), "--format", "json"))
    assert p["held"] == ["4630", "4631"] and p["systems"] == 8
    separate = {(r["vendor"], r["product"]): r for r in p["bought_separately"]}
    # Elements bought by both (different system names, same vendor and product); Flyt Skole too
    assert separate[("Sikri", "Elements")]["kommuner"] == ["4630", "4631"]
    assert separate[("Sikri", "Elements")]["cost"] == 180000 + 45000 + 260000
    assert separate[("Visma", "Flyt Skole")]["costed"] == 1
    # the HR system Alver shares with Osterøy is one shared installation, not a second purchase
    assert ("Visma", "Visma Enterprise HRM") not in separate
    assert {r["kommune"]: r["systems"] for r in p["per_member"]}["4631"] == 3


def test_table_csv_and_xlsx(repo, tmp_path):
    text = _run("portfolio", "-k", "4630", "--repo", str(repo), "--lang", "en")
    assert "largest vendor: Visma" in text and "Cost per vendor" in text and "585 000.5" in text
    rows = list(csv.DictReader(io.StringIO(_run("portfolio", "-k", "4630", "--repo", str(repo), "--format", "csv"))))
    assert [r["id"] for r in rows] == ["kart", "lonn", "nettsted", "sak", "skole"]
    assert rows[1]["annualLicenceCost"] == "210000.5" and rows[0]["cost"] == ""
    out = tmp_path / "p.xlsx"
    _run("portfolio", "--cooperation", "fjordnett-ikt", "--repo", str(repo), "--format", "xlsx", "--out", str(out))
    wb = load_workbook(out)
    assert wb.sheetnames == ["systems", "areas", "vendors", "time", "licence", "separately"]
    assert wb["systems"].cell(2, 8).data_type == "n"
    again = tmp_path / "q.xlsx"
    _run("portfolio", "--cooperation", "fjordnett-ikt", "--repo", str(repo), "--format", "xlsx", "--out", str(again))
    assert out.read_bytes() == again.read_bytes()  # no clock in the workbook


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    root = tmp_path / "repo"
    _run("import", str(_inv(tmp_path / "f", "4630", HEAD + "x,=HYPERLINK(1),=cmd,p,annet,production,5,,,,\n")),
         "--kommune", "4630", "--repo", str(root))
    body = _run("portfolio", "-k", "4630", "--repo", str(root), "--format", "csv")
    assert ",'=HYPERLINK(1),'=cmd," in body


def test_usage_errors(repo):
    r = CliRunner().invoke(cli, ["portfolio", "--repo", str(repo)])
    assert r.exit_code == 2
    r = CliRunner().invoke(cli, ["portfolio", "-k", "4630", "--repo", str(repo), "--format", "xlsx"])
    assert r.exit_code == 2 and "--out" in r.output
    r = CliRunner().invoke(cli, ["portfolio", "-k", "3301", "--repo", str(repo)])
    assert r.exit_code == 2 and "3301" in r.output


def test_bad_amounts_and_values_are_located(tmp_path):
    bad = HEAD + "a,A,V,P,annet,production,-5,mange,gratis,beholde,\n"
    with pytest.raises(InputErrors) as exc:
        load_files([_inv(tmp_path / "b", "4630", bad)])
    cols = sorted(e.column for e in exc.value.errors)
    assert cols == ["annualLicenceCost", "annualOperationCost", "licenceKind", "timeDecision"]
    assert all(e.row == 2 for e in exc.value.errors)


def test_norwegian_values_and_amounts_are_read(tmp_path):
    nb = HEAD + "a,A,V,P,annet,production,kr 12 500,\"1.250,75\",Åpen kildekode,Investere,\n"
    g = load_files([_inv(tmp_path / "n", "4630", nb)]).graph
    from ea_repo.portfolio import systems

    [s] = systems(g, "4630")
    assert (str(s.licence_cost), str(s.operation_cost), s.licence_kind, s.time_decision) == \
        ("12500", "1250.75", "open-source", "invest")


def test_costs_and_decisions_survive_xlsx_and_json_round_trips(tmp_path):
    import datetime as dt

    from ea_repo.inventory.export import export_xlsx, inventory_tables
    from ea_repo.portfolio import systems

    g = load_files([_inv(tmp_path / "src", "4630", OSTEROY)]).graph
    xlsx = tmp_path / "inv.xlsx"
    xlsx.write_bytes(export_xlsx(g, "4630").data)
    tables = inventory_tables(g, "4630")
    js = tmp_path / "inv.json"
    js.write_text(json.dumps({"meta": tables.meta, **tables.sheets},
                             default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v)), encoding="utf-8")
    want = [s.as_dict() for s in systems(g, "4630")]
    for f in (xlsx, js):
        assert [s.as_dict() for s in systems(load_files([f]).graph, "4630")] == want, f.name
    assert any(r["annualLicenceCost"] == 210000.5 and r["timeDecision"] == "tolerate" for r in want)
