"""Procurement (issue #8): profiles as data, generated SHACL, vendor specs in three formats, verdicts of the
examples, the kommune's own profile, landscape fit, saving and history, annex and comparison."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from ea_repo import catalog
from ea_repo.errors import InputError
from ea_repo.namespaces import EA
from ea_repo.procure import (
    evaluate,
    get_profile,
    load_kommune_profile,
    load_spec,
    profile_shapes,
    shipped_profiles,
)
from ea_repo.procure.documents import annex_rows, annex_xlsx, compare_html, template_xlsx
from ea_repo.procure.evaluate import rank
from ea_repo.procure.shapes import SHAPES_BASE

from conftest import EXAMPLES, snapshot

EX = EXAMPLES / "procurement"
DATA = Path(__file__).resolve().parent / "data" / "procure"
EXPECTED = json.loads((EX / "expected.json").read_text(encoding="utf-8"))
AT = "2026-11-23T10:00:00Z"
KRAV = URIRef("https://w3id.org/ea-repo/vocab/level/krav")


def ev(name: str, profile: str = "sak-arkiv", **kw):
    return evaluate(load_spec(EX / name), get_profile(profile), evaluated_at=AT, **kw)


# --- profiles are data, and tell the domain truth ---------------------------------------------------------


def test_profiles_cover_the_categories_of_the_issue():
    assert {
        "sak-arkiv",
        "epj-helse-omsorg",
        "barnevern",
        "skole",
        "barnehage",
        "okonomi-lonn",
        "plan-bygg-geodata",
        "innbyggerportal",
    } <= set(shipped_profiles())
    for p in shipped_profiles().values():
        assert {"nb", "en"} <= set(p.label), p.id
        assert p.requirements, p.id


def test_must_only_where_the_catalogue_says_krav_and_verified():
    g = catalog.catalog_graph()
    for p in shipped_profiles().values():
        for r in p.requirements:
            if r.requirement is None:
                assert r.obligation == "SHOULD" and r.level == "god-praksis", (p.id, r.id)
                continue
            krav = g.value(r.requirement, EA.levelKommune) == KRAV
            verified = g.value(r.requirement, EA.verified) == Literal(True)
            assert (r.obligation == "MUST") == (krav and verified and not r.recognised_means), (p.id, r.id)
            assert r.legal_basis and r.source_url, (p.id, r.id)


def test_profile_values_are_catalogue_terms():
    g = catalog.catalog_graph()
    for p in shipped_profiles().values():
        for r in p.requirements:
            for v in (*r.accepts, *r.requires):
                assert isinstance(v, Literal) or set(g.objects(v, RDF.type)), (p.id, r.id, v)


def test_shapes_are_generated_one_per_requirement_and_deterministic():
    p = get_profile("sak-arkiv")
    g1, g2 = profile_shapes(p), profile_shapes(p)
    assert isomorphic(g1, g2)
    nodes = {s for s in g1.subjects(EA.enforces, None)} | {
        s for s in g1.subjects(RDF.type, None) if str(s).count("/") == SHAPES_BASE.count("/") + 1
    }
    assert {str(s) for s in nodes} >= {f"{SHAPES_BASE}sak-arkiv/{r.id}" for r in p.requirements}


# --- the examples give their expected verdicts -----------------------------------------------------------


@pytest.mark.parametrize("name", [n for n, e in EXPECTED["specs"].items() if "verdict" in e])
def test_example_verdicts(name):
    want = EXPECTED["specs"][name]
    e = ev(name, EXPECTED["profile"])
    assert e.verdict == want["verdict"]
    assert e.score == want["score"]
    assert sorted(s.requirement.id for s in e.must_gaps) == want["must_gaps"]
    assert all(f.origin == "procurement" for f in e.findings)
    assert {f.severity for f in e.findings if f.extra["obligation"] == "MUST"} <= {"violation"}


def test_versions_matter():
    e = ev("sak-arkiv-version-mismatch.json")
    gaps = {s.requirement.id: s.offered for s in e.statuses if s.status == "gap"}
    assert "tls-1.0" in gaps["its-11-https"]  # TLS 1.0 is not TLS 1.2+
    assert set(gaps["its-5-pdfa-email"]) == {"PDF 1.4", "PDF/A-1b"}  # PDF 1.4 is not PDF/A(-1a)
    assert any("tls-1.0" in n["en"] for n in e.spec.notes)


def test_malformed_spec_is_a_located_error(run):
    with pytest.raises(InputError) as info:
        load_spec(EX / "sak-arkiv-malformed.json")
    assert info.value.element == "archiveFunctions" and info.value.hint
    r = run("procure", "check", EX / "sak-arkiv-malformed.json", "--profile", "sak-arkiv", expect=2)
    assert EXPECTED["specs"]["sak-arkiv-malformed.json"]["error"] in r.output


@pytest.mark.parametrize("name", list(EXPECTED["specs"]))
def test_cli_exit_codes(run, name):
    run(
        "procure",
        "check",
        EX / name,
        "--profile",
        EXPECTED["profile"],
        expect=EXPECTED["specs"][name]["exit"],
    )


def test_unknown_component_says_where_and_suggests(tmp_path):
    spec = json.loads((EX / "sak-arkiv-compliant.json").read_text(encoding="utf-8"))
    spec["components"][2]["component"] = "svarutt"
    f = tmp_path / "s.json"
    f.write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_spec(f)
    assert info.value.element == "components[2].component" and "svarut" in info.value.hint


# --- three formats, one meaning ---------------------------------------------------------------------------


def test_turtle_spec_reads_back_to_the_same_graph(tmp_path):
    spec = load_spec(EX / "sak-arkiv-compliant.json")
    ttl = tmp_path / "spec.ttl"
    ttl.write_text(spec.graph.serialize(format="turtle"), encoding="utf-8")
    assert isomorphic(load_spec(ttl).graph, spec.graph)


def _xlsx_from_json(src: Path, out: Path, sep: str = "; ") -> None:
    data = json.loads(src.read_text(encoding="utf-8"))
    wb = load_workbook(out)
    ws = wb["product"]
    for row in ws.iter_rows(min_row=2):
        v = data.get(row[0].value)
        if v is not None:  # one list separator, ';', for every field (sep=', ': the deprecated form)
            row[1].value = (
                "; ".join(v) if row[0].value == "exitFormat" else sep.join(v) if isinstance(v, list) else v
            )
    for sheet in ("standards", "components", "apis"):
        for item in data.get(sheet, []):
            item = {"standard": item} if isinstance(item, str) else item
            wb[sheet].append([item.get(h.value) for h in wb[sheet][1]])
    wb.save(out)


@pytest.mark.parametrize("name", ["sak-arkiv-compliant.json", "sak-arkiv-version-mismatch.json"])
def test_xlsx_template_filled_in_gives_the_same_graph(tmp_path, name):
    out = tmp_path / "spec.xlsx"
    out.write_bytes(template_xlsx(get_profile("sak-arkiv")))
    _xlsx_from_json(EX / name, out)
    assert isomorphic(load_spec(out).graph, load_spec(EX / name).graph)


def test_xlsx_comma_lists_still_read_with_a_note(tmp_path):
    out = tmp_path / "spec.xlsx"
    out.write_bytes(template_xlsx(get_profile("sak-arkiv")))
    _xlsx_from_json(EX / "sak-arkiv-compliant.json", out, sep=", ")
    spec, ref = load_spec(out), load_spec(EX / "sak-arkiv-compliant.json")
    assert isomorphic(spec.graph, ref.graph)
    assert any("use ; between values" in n["en"] for n in spec.notes)
    assert not any("use ; between values" in n["en"] for n in load_spec(EX / "sak-arkiv-compliant.json").notes)


def test_xlsx_error_names_sheet_row_column(tmp_path):
    out = tmp_path / "spec.xlsx"
    out.write_bytes(template_xlsx(get_profile("sak-arkiv")))
    _xlsx_from_json(EX / "sak-arkiv-compliant.json", out)
    wb = load_workbook(out)
    wb["components"].cell(row=3, column=2, value="carrier-pigeon")
    wb.save(out)
    with pytest.raises(InputError) as info:
        load_spec(out)
    assert (info.value.sheet, info.value.row, info.value.column) == ("components", 3, "protocol")


# --- the kommune's own profile ----------------------------------------------------------------------------


def test_kommune_profile_extends_raises_weights_and_adds():
    p = load_kommune_profile(EX / "alver-sak-arkiv.yaml")
    base = get_profile("sak-arkiv")
    assert p.requirement("digital-post").obligation == "MUST" and p.requirement("digital-post").raised
    assert base.requirement("digital-post").obligation == "SHOULD"
    assert p.requirement("exit-format").weight == 5
    own = p.requirement("alver-einnsyn")
    assert own.origin == "kommune" and own.legal_basis["en"].startswith("The kommune's own")
    assert p.kommune == "4631" and len(p.requirements) == len(base.requirements) + 2
    assert get_profile("sak-arkiv", EX / "alver-sak-arkiv.yaml").id == "alver-sak-arkiv"


def test_kommune_profile_unknown_id_is_located():
    with pytest.raises(InputError) as info:
        load_kommune_profile(DATA / "bad-profile.yaml")
    e = info.value
    assert e.element == "raise[1]" and e.line == 5 and "digital-post" in e.hint


def test_kommune_profile_cannot_lower_a_legal_duty():
    with pytest.raises(InputError) as info:
        load_kommune_profile(DATA / "lower-a-duty.yaml")
    assert "cannot be lowered" in str(info.value) and info.value.element == "add[0].obligation"


# --- landscape, saving, history ---------------------------------------------------------------------------


@pytest.fixture
def drammen(run, repo_path):
    run("import", EXAMPLES / "3301-drammen.json", "--kommune", "3301", "--quiet")
    return repo_path


def test_check_with_kommune_shows_fit_and_saves(run, drammen):
    r = run(
        "procure",
        "check",
        EX / "sak-arkiv-version-mismatch.json",
        "-p",
        "sak-arkiv",
        "-k",
        "3301",
        "--replaces",
        "public360",
        "--date",
        "2026-11-23",
        "--format",
        "json",
        "--save",
        "--lang",
        "en",
        expect=1,
    )
    doc = json.loads(r.stdout)
    fit = doc["procurement"]["fit"]
    assert fit["replaces"] == [{"id": "public360", "name": "Sak/arkiv"}]
    assert fit["integrations"] and any(not i["covered"] for i in fit["integrations"])
    assert any(f["rule"] == "EA-STD-002" for f in fit["introduced"])  # TLS 1.0 on the product's interfaces
    assert doc["summary"]["violation"] == 3 and doc["procurement"]["verdict"] == "disqualified"
    h = json.loads(run("procure", "history", "-k", "3301", "--json").stdout)
    assert len(h) == 1 and h[0]["product"] == "Dokumentsenter Classic" and h[0]["verdict"] == "disqualified"
    assert {x["id"] for x in h[0]["gaps"]} >= {"its-11-https", "uu-4b-wcag", "its-5-pdfa-email"}
    assert any(x["id"] == "arkivforskrifta-5" for x in h[0]["promised"])
    shown = run("procure", "history", "-k", "3301", "--show", h[0]["id"]).output
    assert "promised" in shown and "its-11-https" in shown


def test_malformed_spec_changes_nothing_in_the_repository(run, drammen):
    before = snapshot(drammen)
    run(
        "procure",
        "check",
        EX / "sak-arkiv-malformed.json",
        "-p",
        "sak-arkiv",
        "-k",
        "3301",
        "--save",
        expect=2,
    )
    assert snapshot(drammen) == before


def test_save_needs_a_kommune(run):
    r = run("procure", "check", EX / "sak-arkiv-compliant.json", "-p", "sak-arkiv", "--save", expect=2)
    assert "--kommune" in r.output


# --- annex, comparison, listing --------------------------------------------------------------------------


def test_annex_has_every_requirement_with_legal_basis_and_source(run, tmp_path):
    p = get_profile("sak-arkiv")
    rows = annex_rows(p, "nb")
    assert [r["id"] for r in rows if r["obligation"] == "MUST"] == sorted(
        r.id for r in p.requirements if r.obligation == "MUST"
    )
    assert all(r["legal_basis"] for r in rows)
    assert all(r["source"].startswith("https://") for r in rows if r["requirement"])
    wb = load_workbook(__import__("io").BytesIO(annex_xlsx(p, "en")))
    assert wb.active.max_row == len(p.requirements) + 1
    run("procure", "annex", "-p", "sak-arkiv", "--out", tmp_path / "annex.html")
    html = (tmp_path / "annex.html").read_text(encoding="utf-8")
    assert "ITS-forskriften (FOR-2013-04-05-959) § 11" in html and "<style>" in html
    run("procure", "annex", "-p", "sak-arkiv", "--out", tmp_path / "annex.pdf", expect=2)


def test_compare_ranks_and_escapes():
    evs = [
        ev(n)
        for n in ("sak-arkiv-version-mismatch.json", "sak-arkiv-must-gap.json", "sak-arkiv-compliant.json")
    ]
    ranked = rank(evs)
    assert [e.spec.product for e in ranked] == ["Arkivia Sak", "Dokumentsenter Classic", "Saksflyt Lett"]
    evs[0].spec.product = "<script>alert(1)</script>"
    html = compare_html(evs, "en", AT)
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_compare_cli_json_and_csv(run, tmp_path):
    specs = [EX / n for n in ("sak-arkiv-must-gap.json", "sak-arkiv-compliant.json")]
    doc = json.loads(run("procure", "compare", *specs, "-p", "sak-arkiv", "--format", "json").stdout)
    assert [r["spec"]["product"] for r in doc["ranking"]] == ["Arkivia Sak", "Saksflyt Lett"]
    run("procure", "compare", *specs, "-p", "sak-arkiv", "--out", tmp_path / "c.csv")
    assert (tmp_path / "c.csv").read_text(encoding="utf-8").startswith("rank,product")


def test_profiles_command_lists_them(run):
    out = run("procure", "profiles").output
    assert "sak-arkiv" in out and "MUST" in out
    rows = json.loads(
        run("procure", "profiles", "--json", "--profile-file", EX / "alver-sak-arkiv.yaml").stdout
    )
    assert rows[-1]["id"] == "alver-sak-arkiv" and rows[-1]["extends"] == "sak-arkiv"


def test_every_procure_command_has_help(run):
    for cmd in ("profiles", "template", "check", "compare", "annex", "history"):
        assert run("procure", cmd, "--help").output.strip()


def test_writers_take_procurement_findings(run):
    for fmt in ("sarif", "junit", "csv"):
        r = run(
            "procure", "check", EX / "sak-arkiv-must-gap.json", "-p", "sak-arkiv", "--format", fmt, expect=1
        )
        assert "sak-arkiv/eforv-8-krr" in r.stdout
