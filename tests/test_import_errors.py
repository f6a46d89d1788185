"""Import reports every mistake of every file in one run, accepts Norwegian names, reads what Excel writes."""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import Workbook, load_workbook
from rdflib import Literal
from rdflib.compare import isomorphic

from ea_repo.errors import InputErrors
from ea_repo.inventory import aliases, load_files
from ea_repo.inventory.readers import sniff_delimiter
from ea_repo.inventory.schema import SHEETS_BY_NAME
from ea_repo.inventory.template import write_template
from ea_repo.namespaces import EA, thing
from ea_repo.store import Repository

from conftest import snapshot

# --- a workbook with many different mistakes ---------------------------------------------------------

SYSTEMS_HEADER = ["id", "navn", "vendr", "leverandør", "kategori", "livsløp", "delt med", "supportsStandard",
                  "contractEnd", "url", "citizenFacing"]  # columns A … K


def _mistakes_workbook(path):
    wb = Workbook()
    meta = wb.active
    meta.title = "meta"
    for r in (["key", "value"], ["kommune", "4631"], ["navnn", "Mistakes"]):  # 1: unknown meta entry (row 3)
        meta.append(r)
    ws = wb.create_sheet("systemer")  # alias of systems
    ws.append(SYSTEMS_HEADER)  # 2: 'vendr' is no column (row 1, C1)
    ws.append(["sak", "Public 360", "", "TietoEvry", "Sak/arkiv", "produksjon", "", "utf-8; noark-5", "2028-12-31",
               "https://www.tieto.com", "nei"])  # row 2: all good (aliases and labels)
    ws.append(["øks", "Økonomi", "", "Visma", "okonomi", "production", "", "", "", "", ""])  # 3: bad id (A3)
    ws.append(["web", "", "", "Acos", "innbyggerportal", "prodution", "", "", "", "", ""])  # 4: name missing (B4), 5: value (F4)
    ws.append(["sak", "Dup", "", "", "", "", "", "", "", "", ""])  # 6: duplicate id (A5)
    ws.append(["skole", "Visma Flyt Skole", "", "", "skole", "", "463", "utf-8, noark-5", "31.12.2028",
               "www.visma.no", "kanskje"])  # 7: kommune (G6), 8: separator (H6), 9: date (I6), 10: url (J6), 11: bool (K6)
    ig = wb.create_sheet("Integrasjoner")  # case and alias
    ig.append(["id", "fra", "til", "integrasjonsform"])
    ig.append(["krr-sak", "KRR", "sak", "api"])  # 12: KRR -> krr (B2)
    ig.append(["sak-web", "sak", "websak", "ftp"])  # 13: dangling reference (C3), 14: 'ftp' is no mode (D3)
    wb.create_sheet("Servere").append(["id"])  # 14: unknown sheet
    wb.save(path)


def _find(errors, **want):
    hits = [e for e in errors if all(getattr(e, k) == v for k, v in want.items() if k != "text")
            and want.get("text", "") in str(e)]
    assert hits, f"no error with {want} in:\n" + "\n".join(map(str, errors))
    return hits[0]


def test_one_run_reports_every_mistake_with_row_and_column(tmp_path):
    f = tmp_path / "inv.xlsx"
    _mistakes_workbook(f)
    with pytest.raises(InputErrors) as info:
        load_files([f], "4631")
    errs = info.value.errors
    name = str(f)
    assert all(e.file == name for e in errs)
    _find(errs, sheet="meta", row=3, column="navnn", text="did you mean 'navn'?")
    e = _find(errs, sheet="systemer", row=1, column="vendr", cell="C1", code="unknown-column")
    assert "did you mean 'vendor'?" in e.hint
    e = _find(errs, sheet="systemer", row=3, column="id", cell="A3", code="bad-id")
    assert "ASCII letters (a–z, A–Z)" in e.hint and "e.g. 'oks'" in e.hint
    _find(errs, sheet="systemer", row=4, column="navn", cell="B4", code="required")
    e = _find(errs, sheet="systemer", row=4, column="livsløp", cell="F4", value="prodution")
    assert "did you mean 'production'?" in e.hint
    _find(errs, sheet="systemer", row=5, column="id", cell="A5", code="duplicate-id", text="first used in row 2")
    e = _find(errs, sheet="systemer", row=6, column="delt med", cell="G6")
    assert "4630 Osterøy" in e.hint and "4631 Alver" in e.hint and "0301" not in e.hint
    e = _find(errs, sheet="systemer", row=6, column="supportsStandard", cell="H6")
    assert "use ; between values: 'utf-8; noark-5'" in e.hint
    _find(errs, sheet="systemer", row=6, column="contractEnd", cell="I6", text="not a date")
    _find(errs, sheet="systemer", row=6, column="url", cell="J6", text="not a web address")
    _find(errs, sheet="systemer", row=6, column="citizenFacing", cell="K6", text="not true/false")
    e = _find(errs, sheet="Integrasjoner", row=2, column="fra", cell="B2", value="KRR")
    assert "did you mean 'krr'?" in e.hint
    _find(errs, sheet="Integrasjoner", row=3, column="til", cell="C3", value="websak")
    _find(errs, sheet="Integrasjoner", row=3, column="integrasjonsform", cell="D3", value="ftp")
    _find(errs, sheet="Servere", code="unknown-sheet")  # 15
    # what was right is not reported: aliases and labels were accepted
    assert not [e for e in errs if e.row == 2 and e.sheet == "systemer"]
    assert not [e for e in errs if e.column in ("leverandør", "kategori")]
    assert len({e.code for e in errs}) >= 10 and len(errs) == 15


def test_cli_dry_run_lists_all_and_exits_2(run, tmp_path, repo_path, mini):
    run("import", mini, "--kommune", "4631")
    before = snapshot(repo_path)
    f = tmp_path / "inv.xlsx"
    _mistakes_workbook(f)
    out = run("import", f, "--kommune", "4631", "--dry-run", expect=2).output
    assert out.startswith("error: 15 problems") and out.count("error:") == 1
    assert "sheet 'systemer':" in out and "row 1, column 'vendr' (C1): unknown column" in out
    data = json.loads(run("import", f, "--kommune", "4631", "--format", "json", expect=2).stdout)
    assert data["ok"] is False and data["written"] is False and len(data["errors"]) == 15
    assert {"file", "sheet", "row", "column", "cell", "value", "problem", "hint"} <= set(data["errors"][0])
    assert snapshot(repo_path) == before  # neither the dry run nor the refused import changed the store
    ok = json.loads(run("import", mini, "--kommune", "4631", "--dry-run", "--format", "json").stdout)
    assert ok["ok"] is True and ok["written"] is False and ok["rows"] == 13
    assert snapshot(repo_path) == before


def test_repeats_are_capped_in_text_but_all_in_json(run, mini):
    rows = list(csv.reader((mini / "systems.csv").open(encoding="utf-8")))
    header = rows[0]
    base = rows[1]
    for i in range(20):
        r = list(base)
        r[0], r[header.index("lifecycle")] = f"x{i}", "prod"
        rows.append(r)
    with open(mini / "systems.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    out = run("import", mini, "--kommune", "4631", "--dry-run", expect=2).output
    assert out.count("'prod' is not an allowed value") == InputErrors.cap
    assert "… and 15 more of the same kind in column 'lifecycle' (rows 10–24)" in out
    data = json.loads(run("import", mini, "--kommune", "4631", "--dry-run", "--format", "json", expect=2).stdout)
    assert len(data["errors"]) == 20 and {e["row"] for e in data["errors"]} == set(range(5, 25))


# --- names: aliases, case, accents, suggestions ------------------------------------------------------


def test_names_are_matched_without_case_accents_or_separators():
    cols = aliases.column_names("systems")
    assert cols.get("leverandør") == "vendor" and cols.get("Leverandor") == "vendor"
    assert cols.get("livsløp") == "lifecycle" and cols.get("Driftes av") == "operatedBy"
    assert cols.get("vendr") is None and cols.suggest("vendr") == ["vendor"]
    sheets = aliases.sheet_names()
    assert sheets.get("systemer") == "systems" and sheets.get("Systems") == "systems"
    assert sheets.get("GRENSESNITT") == "interfaces" and sheets.suggest("Systemz")
    lifecycle = aliases.value_names("lifecycle")
    assert lifecycle.get("produksjon") == "production" and lifecycle.get("I produksjon") == "production"
    assert lifecycle.get("utfaset") == lifecycle.get("avviklet") == "retired"
    assert lifecycle.get("planlagt") == "planned" and lifecycle.get("Ukjent") == "unknown"
    assert aliases.value_names("category").get("Sak/arkiv") == "sak-arkiv"
    assert aliases.value_names("category").get("Økonomi") == "okonomi"


def test_alias_table_is_sound_and_a_clash_is_located():
    assert aliases.check_tables() == []
    with pytest.raises(InputErrors) as info:
        aliases.build_names({"a": ["a"], "b": ["b"]}, {"a": ("x",), "b": ("x", "a")}, "TEST")
    msgs = [str(e) for e in info.value.errors]
    assert any("the alias 'x' is given to both 'a' and 'b'" in m for m in msgs)
    assert any("the alias 'a' of 'b' is the name of 'a'" in m for m in msgs)
    assert all(e.file == "ea_repo/inventory/aliases.py" and e.element == "TEST['b']" for e in info.value.errors)


def test_two_headers_meaning_one_column_is_refused(run, mini, repo_path):
    run("import", mini, "--kommune", "4631")
    before = snapshot(repo_path)
    text = (mini / "systems.csv").read_text(encoding="utf-8").splitlines()
    text = [text[0].replace("vendor", "leverandør") + ",navn"] + [ln + ",x" for ln in text[1:]]
    (mini / "systems.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    out = run("import", mini, "--kommune", "4631", expect=2).output
    from openpyxl.utils import get_column_letter

    last = get_column_letter(len(text[0].split(",")))  # the column added after all the others
    assert f"row 1, column 'navn' ({last}1): the columns 'name' (B1) and 'navn' both mean 'name'" in out
    assert snapshot(repo_path) == before


def test_english_sheet_in_other_case_and_norwegian_values_import(tmp_path, mini):
    wb = Workbook()
    wb.remove(wb.active)
    for name, title in (("meta", "Meta"), ("systems", "Systems"), ("interfaces", "grensesnitt"),
                        ("integrations", "INTEGRASJONER")):
        ws = wb.create_sheet(title)
        for row in csv.reader((mini / f"{name}.csv").open(encoding="utf-8")):
            ws.append([{"production": "produksjon", "sak-arkiv": "Sak/arkiv", "message": "melding"}.get(c, c)
                       for c in row])
    wb.save(tmp_path / "inv.xlsx")
    assert isomorphic(load_files([tmp_path / "inv.xlsx"], "4631").graph, load_files([mini], "4631").graph)


def test_kommune_option_suggests_by_prefix_and_name(run, mini):
    out = run("import", mini, "--kommune", "463", expect=2).output
    assert "4630 Osterøy" in out and "4631 Alver" in out and "0301" not in out
    out = run("import", mini, "--kommune", "Alver", expect=2).output
    assert "give the number: 4631 Alver" in out


# --- encodings and delimiters ------------------------------------------------------------------------


def test_windows_1252_csv_imports_and_the_record_says_so(run, mini, repo_path):
    rows = list(csv.reader((mini / "systems.csv").open(encoding="utf-8")))
    rows[1][rows[0].index("owner")] = "Arkivleder på rådhuset, æøå ÆØÅ"
    with open(mini / "systems.csv", "w", encoding="cp1252", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)  # Excel on a Norwegian Windows: ';' and Windows-1252
    meta = (mini / "meta.csv").read_bytes()
    (mini / "meta.csv").write_bytes(b"\xef\xbb\xbf" + meta)  # 'CSV UTF-8' from Excel: with a BOM
    out = run("import", mini, "--kommune", "4631").output
    assert "Imported 13 rows" in out and "systems.csv: Windows-1252" in out and "meta.csv: UTF-8 with BOM" in out
    repo = Repository(repo_path, read_only=True)
    try:
        (rec,) = repo.imports("4631")
        g = repo.inventory("4631")
    finally:
        repo.close()
    assert dict(rec.encodings) == {"meta.csv": "utf-8-bom", "systems.csv": "cp1252", "interfaces.csv": "utf-8",
                                   "integrations.csv": "utf-8"}
    assert (thing("4631", "system", "sak"), EA.owner, Literal("Arkivleder på rådhuset, æøå ÆØÅ")) in g
    assert (None, EA.fictional, Literal(True)) in g  # the BOM did not hide the first meta key


def test_bytes_undefined_in_windows_1252_are_a_located_error(run, mini, repo_path):
    run("import", mini, "--kommune", "4631")
    before = snapshot(repo_path)
    data = (mini / "interfaces.csv").read_bytes().replace("Filutveksling lønn".encode(), b"Filutveksling l\xf8nn\x81")
    (mini / "interfaces.csv").write_bytes(data)
    out = run("import", mini, "--kommune", "4631", expect=2).output
    assert "interfaces.csv, line 3: the file is neither UTF-8 nor Windows-1252: byte 0x81" in out
    assert "CSV UTF-8" in out
    data = json.loads(run("import", mini, "--kommune", "4631", "--format", "json", expect=2).stdout)
    assert data["errors"][0]["line"] == 3 and data["errors"][0]["value"] == "0x81"
    assert snapshot(repo_path) == before


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_delimiters_are_detected(mini, tmp_path, delimiter):
    ref = load_files([mini], "4631").graph  # written with ','
    for name in ("meta", "systems", "interfaces", "integrations"):
        rows = list(csv.reader((mini / f"{name}.csv").open(encoding="utf-8")))
        with open(mini / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, delimiter=delimiter).writerows(rows)
    assert isomorphic(load_files([mini], "4631").graph, ref)


def test_delimiter_sniffing_on_small_files():
    assert sniff_delimiter("id\nsak\n") == ","  # one column
    assert sniff_delimiter('id;name\n"a,b";c\n') == ";"
    assert sniff_delimiter('"a;b",name,x\n') == ","  # quoted header cells do not count
    assert sniff_delimiter("id\tname;x\n") in ("\t", ";")


def test_a_row_longer_than_its_header_is_located(mini):
    with open(mini / "interfaces.csv", "a", encoding="utf-8") as fh:
        fh.write("extra,sak,Navn,rest,JSON,utf-8,tls1.2,maskinporten,false,overflow\n")
    with pytest.raises(InputErrors) as info:
        load_files([mini], "4631")
    (e,) = info.value.errors
    assert (e.sheet, e.row, e.code) == ("interfaces", 4, "row-too-long") and "quote cells" in e.hint


# --- the template in both languages ------------------------------------------------------------------

INVENTORY = {
    "meta": {"kommune": "4631", "name": "Mal-test", "fictional": True, "date": "2026-11-01"},
    "systems": [
        {"id": "sak", "name": "Public 360", "vendor": "TietoEvry", "category": "sak-arkiv", "lifecycle": "production",
         "hosting": "saas", "citizenFacing": False, "personalData": True, "sensitivity": "confidential",
         "holdsData": ["person", "document", "case"], "supportsStandard": ["utf-8", "noark-5"], "sharedWith": ["4630"],
         "contractEnd": "2028-12-31", "url": "https://www.tieto.com"},
        {"id": "minside", "name": "MinSide", "vendor": "Acos", "category": "innbyggerportal", "lifecycle": "phase-out",
         "hosting": "vendor-hosted", "citizenFacing": True, "citizenLogin": True},
    ],
    "interfaces": [
        {"id": "sak-api", "providedBy": "sak", "name": "Noark 5 API", "protocol": "rest", "charset": "utf-8",
         "transportSecurity": "tls1.2", "authentication": "maskinporten", "exchangeWith": ["own", "state"]},
    ],
    "integrations": [
        {"id": "minside-sak", "provider": "minside", "consumer": "sak", "viaInterface": "sak-api", "mode": "api",
         "charset": "utf-8", "carries": ["document"], "carriesKommunenummer": False},
        {"id": "krr-sak", "provider": "krr", "consumer": "sak", "mode": "message", "protocol": "rest"},
    ],
}


def _fill(template, lang):
    """Fill a template the way a user would: values as the drop-down lists offer them in that language."""
    wb = load_workbook(template)
    meta = wb[aliases.SHEET_NAMES["meta"][lang]]
    names = aliases.meta_names()
    for row in meta.iter_rows(min_row=2):
        v = INVENTORY["meta"].get(names.get(row[0].value))
        if v is not None:
            row[1].value = aliases.BOOL_LABELS[lang][0 if v else 1] if isinstance(v, bool) else v
    for sheet in ("systems", "interfaces", "integrations"):
        ws = wb[aliases.SHEET_NAMES[sheet][lang]]
        cols = aliases.column_names(sheet)
        header = [cols.get(c.value) for c in ws[1]]
        for item in INVENTORY[sheet]:
            out = []
            for name in header:
                col = SHEETS_BY_NAME[sheet].column(name)
                v = item.get(name)
                if v is None:
                    out.append(None)
                elif col.kind == "bool":
                    out.append(aliases.BOOL_LABELS[lang][0 if v else 1])
                elif col.kind == "concept":
                    labels = aliases.concept_labels(col.scheme, lang)
                    out.append("; ".join(labels[x] for x in v) if isinstance(v, list) else labels[v])
                else:
                    out.append("; ".join(v) if isinstance(v, list) else v)
            ws.append(out)
    wb.save(template)


def test_template_filled_in_norwegian_or_english_gives_the_same_graph(tmp_path):
    graphs = {}
    for lang in ("nb", "en"):
        (f,) = write_template(tmp_path / f"{lang}.xlsx", lang)
        _fill(f, lang)
        graphs[lang] = load_files([f], "4631").graph
    assert len(graphs["nb"]) > 60
    assert isomorphic(graphs["nb"], graphs["en"])
    sak = thing("4631", "system", "sak")
    assert str(graphs["nb"].value(sak, EA.lifecycle)).endswith("/lifecycle/production")
    assert len(set(graphs["nb"].objects(sak, EA.holdsData))) == 3


def test_template_has_dropdowns_on_a_hidden_value_sheet(tmp_path):
    (f,) = write_template(tmp_path / "nb.xlsx", "nb")
    wb = load_workbook(f)
    assert wb["_values"].sheet_state == "hidden"
    ws = wb["systemer"]
    header = [c.value for c in ws[1]]
    dvs = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv for dv in ws.data_validations.dataValidation}
    controlled = [c for c in SHEETS_BY_NAME["systems"].columns if c.kind in ("concept", "bool")]
    assert len(dvs) == len(controlled)
    lifecycle = dvs[ws.cell(row=1, column=header.index("livsløpsstatus") + 1).column_letter]
    assert lifecycle.formula1.startswith("'_values'!$")
    col = lifecycle.formula1.split("!$")[1].split("$")[0]
    offered = [c.value for c in wb["_values"][col][1:] if c.value]
    assert "I produksjon" in offered and "Avviklet" in offered and "production" not in offered
    assert ws.freeze_panes == "A3" and ws["A2"].value.startswith("# ")
    assert "[lifecycle]" in ws.cell(row=1, column=header.index("livsløpsstatus") + 1).comment.text


def test_a_missing_id_is_one_error_and_an_unnamed_column_is_found(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "systems"
    ws.append(["id", "name", None])
    ws.append(["sak", "Sak", None])
    ws.append([None, "Uten id", "stray"])
    wb.save(tmp_path / "inv.xlsx")
    with pytest.raises(InputErrors) as info:
        load_files([tmp_path / "inv.xlsx"], "4631")
    got = sorted((e.row, e.cell, e.code) for e in info.value.errors)
    assert got == [(1, "C1", "no-header"), (3, "A3", "required")]


def test_json_unknown_key_is_reported_once_per_list(tmp_path):
    items = [{"id": f"s{i}", "name": "S", "vendr": "X", "leverandør": "Y"} for i in range(30)]
    (tmp_path / "inv.json").write_text(json.dumps({"systemer": items}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputErrors) as info:
        load_files([tmp_path / "inv.json"], "4631")
    (e,) = info.value.errors
    assert (e.sheet, e.row, e.column, e.element) == ("systemer", 1, "vendr", "systemer[0].vendr")
    assert "did you mean 'vendor'?" in e.hint


def test_records_without_an_encoding_stay_readable(run, mini, repo_path, tmp_path):
    run("import", mini, "--kommune", "4631")
    out = tmp_path / "inv.ttl"
    run("export", "--kommune", "4631", "--out", out)
    run("import", out, "--kommune", "4631")  # Turtle: no text encoding recorded, as in older records
    repo = Repository(repo_path, read_only=True)
    try:
        records = {rec.fmt: rec for rec in repo.imports("4631")}
    finally:
        repo.close()
    assert dict(records["tabular"].encodings)["systems.csv"] == "utf-8" and records["rdf"].encodings == ()
