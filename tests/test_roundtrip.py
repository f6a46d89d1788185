"""Export in the import format (XLSX, CSV) and back: the same graph, formula injection neutralised both ways."""

from __future__ import annotations

import csv
import shutil
import zipfile

import pytest
from openpyxl import load_workbook
from rdflib import Literal
from rdflib.compare import isomorphic

from ea_repo.inventory import load_files
from ea_repo.inventory.cells import protect, unprotect
from ea_repo.inventory.export import inventory_tables, write_xlsx
from ea_repo.namespaces import EA, thing
from ea_repo.store import Repository

from conftest import DATA, EXAMPLES, Cli

EXAMPLE_FILES = {"4630": "4630-osteroy", "4631": "4631-alver.xlsx", "3301": "3301-drammen.json"}


def stored(repo_path, code):
    repo = Repository(repo_path, read_only=True)
    try:
        return repo.inventory(code)
    finally:
        repo.close()


@pytest.mark.parametrize("code", sorted(EXAMPLE_FILES))
def test_example_import_export_import_is_isomorphic(tmp_path, code):
    first = Cli(tmp_path / "first")
    first("import", EXAMPLES / EXAMPLE_FILES[code])  # the kommune comes from the meta sheet
    g1 = stored(first.repo, code)
    first("export", "--kommune", code, "--format", "xlsx", "--out", tmp_path / "x.xlsx")
    first("export", "--kommune", code, "--format", "csv", "--out", tmp_path / "csv")
    first("export", "--kommune", code, "--format", "csv", "--out", tmp_path / "csv.zip")
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == [
        "integrations.csv",
        "interfaces.csv",
        "meta.csv",
        "systems.csv",
    ]
    with zipfile.ZipFile(tmp_path / "csv.zip") as z:
        assert {n: z.read(n) for n in z.namelist()} == {
            p.name: p.read_bytes() for p in (tmp_path / "csv").iterdir()
        }
    wb = load_workbook(tmp_path / "x.xlsx", read_only=True)
    assert wb.sheetnames == ["meta", "systems", "interfaces", "integrations"]
    wb.close()
    for name in ("x.xlsx", "csv"):
        again = Cli(tmp_path / f"again-{name}")
        again("import", tmp_path / name, "--kommune", code)
        g2 = stored(again.repo, code)
        assert len(g2) == len(g1) and isomorphic(g1, g2), name


def test_export_uses_the_schema_columns_notations_ids_and_semicolons(tmp_path, run, mini):
    run("import", mini, "--kommune", "4631")
    run("export", "--kommune", "4631", "--format", "csv", "--out", tmp_path / "out")
    text = (tmp_path / "out" / "systems.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeffid,name,description,vendor,")  # BOM: Excel on Windows reads æøå
    rows = {r["id"]: r for r in csv.DictReader((tmp_path / "out" / "systems.csv").open(encoding="utf-8-sig"))}
    assert rows["sak"]["category"] == "sak-arkiv" and rows["sak"]["vendor"] == "TietoEvry"
    assert rows["sak"]["supportsStandard"] == "noark-5;pdfa-1a;utf-8"
    assert rows["sak"]["contractEnd"] == "2028-12-31" and rows["sak"]["archiveRelevant"] == "true"
    ints = {
        r["id"]: r for r in csv.DictReader((tmp_path / "out" / "integrations.csv").open(encoding="utf-8-sig"))
    }
    assert ints["okonomi-sak"]["via"] == "ks-fiks" and ints["okonomi-sak"]["viaInterface"] == "okonomi-sftp"
    meta = dict(csv.reader((tmp_path / "out" / "meta.csv").open(encoding="utf-8-sig")))
    assert (
        meta["kommune"] == "4631" and meta["date"] == "2026-10-01" and meta["integrationsComplete"] == "true"
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a",
        "'",
        "''",
        "'a",
        "'=",
        "''=x",
        "=1+2",
        "+47 55 00 00 00",
        "-",
        "-1",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "'\t",
        "==",
        "a=b",
    ],
)
def test_protect_is_undone_exactly(text):
    assert unprotect(protect(text)) == text
    assert not protect(text).startswith(("=", "+", "-", "@", "\t", "\r"))


DANGEROUS = {
    "sak": ("description", '=HYPERLINK("http://evil.example","klikk")'),
    "okonomi": ("version", "+2024"),
    "minside": ("owner", "-Kommunikasjon"),
}


def test_formula_injection_is_neutralised_and_reads_back(tmp_path, run, mini):
    rows = list(csv.reader((mini / "systems.csv").open(encoding="utf-8")))
    head = rows[0]
    if "description" not in head:
        head.append("description")
        for r in rows[1:]:
            r.append("")
    for r in rows[1:]:
        col, value = DANGEROUS[r[0]]
        r[head.index(col)] = value
    rows[1][head.index("product")] = "''@quoted"  # a CSV cell as the exporter writes the text '@quoted
    with (mini / "systems.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    run("import", mini, "--kommune", "4631")
    g1 = stored(run.repo, "4631")
    assert g1.value(thing("4631", "system", "sak"), EA.description) == Literal(DANGEROUS["sak"][1])
    assert g1.value(thing("4631", "system", "sak"), EA.product) == Literal("'@quoted")
    run("export", "--kommune", "4631", "--format", "csv", "--out", tmp_path / "csv")
    run("export", "--kommune", "4631", "--format", "xlsx", "--out", tmp_path / "x.xlsx")
    raw = {r[0]: r for r in csv.reader((tmp_path / "csv" / "systems.csv").open(encoding="utf-8-sig"))}
    cols = raw["id"]
    assert raw["sak"][cols.index("description")] == "'" + DANGEROUS["sak"][1]
    assert raw["okonomi"][cols.index("version")] == "'+2024"
    assert raw["minside"][cols.index("owner")] == "'-Kommunikasjon"
    assert raw["sak"][cols.index("product")] == "''@quoted"
    ws = load_workbook(tmp_path / "x.xlsx")["systems"]  # not data_only: a formula would show as one
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert cells[DANGEROUS["sak"][1]].data_type == "s" and cells["+2024"].data_type == "s"
    for name in ("csv", "x.xlsx"):
        again = Cli(tmp_path / f"again-{name}")
        again("import", tmp_path / name, "--kommune", "4631")
        assert isomorphic(g1, stored(again.repo, "4631")), name


def test_xlsx_bytes_do_not_depend_on_the_clock(mini):
    g = load_files([mini], "4631").graph
    data = write_xlsx(inventory_tables(g, "4631"))
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as z:
        core = z.read("docProps/core.xml").decode()
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert (
        "2026-10-01T00:00:00Z</dcterms:modified>" in core
    )  # the inventory's own date, not the time of export
    assert write_xlsx(inventory_tables(g, "4631")) == data


def test_facts_without_a_column_are_reported_not_dropped_silently(tmp_path, run, mini):
    g = load_files([mini], "4631").graph
    g.add((thing("4631", "system", "sak"), EA.note, Literal("kept only in Turtle")))
    ttl = tmp_path / "inv.ttl"
    g.serialize(ttl, format="turtle")
    assert any("kept only in Turtle" in line for line in inventory_tables(g, "4631").left_out)
    run("import", ttl, "--kommune", "4631")
    res = run("export", "--kommune", "4631", "--format", "csv", "--out", tmp_path / "csv")
    assert "1 fact(s) have no column" in res.stderr and "kept only in Turtle" in res.stderr


def test_xlsx_and_csv_need_out(run, mini):
    run("import", mini, "--kommune", "4631")
    for fmt in ("xlsx", "csv"):
        res = run("export", "--kommune", "4631", "--format", fmt, expect=2)
        assert "--out" in res.output


def test_template_still_imports_after_the_reader_hook(tmp_path):
    # the CSV reader strips the exporter's apostrophe only; a hand-written apostrophe before a letter stays
    src = tmp_path / "inv"
    shutil.copytree(DATA / "mini", src)
    text = (src / "systems.csv").read_text(encoding="utf-8").replace("Arkivleder", "'Arkivleder", 1)
    (src / "systems.csv").write_text(text, encoding="utf-8")
    g = load_files([src], "4631").graph
    assert g.value(thing("4631", "system", "sak"), EA.owner) == Literal("'Arkivleder")


def test_check_csv_neutralises_formulas_from_inventory_text(run, mini):
    # focus_label is the system's name: a name that a spreadsheet would run must reach the CSV as text
    text = (
        (mini / "systems.csv")
        .read_text(encoding="utf-8")
        .replace("MinSide «Ærlig» & <b>", "=HYPERLINK(1)", 1)
    )
    (mini / "systems.csv").write_text(text, encoding="utf-8")
    out = run("check", mini, "--format", "csv", "--fail-on", "never", "--date", "2026-11-23").output
    cells = [c for row in csv.reader(out.splitlines()) for c in row]
    assert "'=HYPERLINK(1)" in cells and not any(c.startswith(("=", "+", "-", "@")) for c in cells)


@pytest.mark.parametrize("code", ["4630", "4631"])
def test_bokmal_export_imports_to_the_same_graph(tmp_path, code):
    """export --lang nb writes the template's bokmål sheets, columns and value labels; they import alike."""
    first = Cli(tmp_path / "first")
    first("import", EXAMPLES / EXAMPLE_FILES[code])
    g1 = stored(first.repo, code)
    first("export", "--kommune", code, "--format", "xlsx", "--lang", "nb", "--out", tmp_path / "nb.xlsx")
    first("export", "--kommune", code, "--format", "csv", "--lang", "nb", "--out", tmp_path / "nb")
    wb = load_workbook(tmp_path / "nb.xlsx", read_only=True)
    assert wb.sheetnames == ["meta", "systemer", "grensesnitt", "integrasjoner"]
    head = [c.value for c in next(wb["systemer"].iter_rows(max_row=1))]
    wb.close()
    assert "navn" in head and "name" not in head
    text = (tmp_path / "nb" / "systemer.csv").read_text(encoding="utf-8-sig")
    assert "production" not in text.split("\n", 1)[1] and ",nei," in text  # labels, not the English codes
    for name in ("nb.xlsx", "nb"):
        again = Cli(tmp_path / f"again-{name}")
        again("import", tmp_path / name)  # the kommune from the bokmål meta sheet
        g2 = stored(again.repo, code)
        assert len(g2) == len(g1) and isomorphic(g1, g2), name
