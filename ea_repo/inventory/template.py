"""Empty inventory templates whose header explains every column and its allowed values."""

from __future__ import annotations

import csv
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import RDFS

from .. import catalog
from .schema import META_KEYS, SHEETS, Column

_KIND_HELP = {
    "id": "unique id (letters, digits, . - _)",
    "text": "text",
    "bool": "true / false",
    "date": "date YYYY-MM-DD",
    "url": "web address https://…",
    "system": "id of a system in this inventory",
    "interface": "id of an interface in this inventory",
    "node": "id of a system in this inventory, or of a national component (see the catalogue)",
    "standard": "catalogue id of a standard",
    "vendor": "vendor name",
    "org": "name of the organisation (IKS, vertskommune) that runs it",
    "kommune": "kommunenummer (four digits)",
}


def describe(col: Column, lang: str = "en") -> str:
    g = catalog.catalog_graph()
    comment = next((str(c) for c in g.objects(col.predicate, RDFS.comment) if isinstance(c, Literal) and c.language == lang), "")
    parts = [comment, f"Value: {_KIND_HELP[col.kind]}." if col.kind != "concept" else ""]
    if col.kind == "concept":
        parts.append("Allowed: " + ", ".join(catalog.scheme_notations(col.scheme)) + ".")
    if col.multi:
        parts.append("Several values separated by ';'.")
    if col.required:
        parts.append("Required.")
    return " ".join(p for p in parts if p)


def column_reference() -> list[dict[str, str]]:
    """One row per column of every sheet: the README's column table and the template's README sheet."""
    return [
        {"sheet": s.name, "column": c.name, "required": "yes" if c.required else "", "description_en": describe(c, "en"),
         "description_nb": describe(c, "nb")}
        for s in SHEETS
        for c in s.columns
    ]


def write_xlsx_template(out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    wb = Workbook()
    meta = wb.active
    meta.title = "meta"
    meta.append(["key", "value"])
    for key in META_KEYS:
        meta.append([key, ""])
    for s in SHEETS:
        ws = wb.create_sheet(s.name)
        ws.append([c.name for c in s.columns])
        for i, c in enumerate(s.columns, start=1):
            cell = ws.cell(row=1, column=i)
            cell.font = Font(bold=True)
            cell.comment = Comment(describe(c, "nb") + "\n\n" + describe(c, "en"), "ea-repo", width=420, height=220)
            ws.column_dimensions[cell.column_letter].width = max(12, len(c.name) + 4)
        ws.freeze_panes = "A2"
    readme = wb.create_sheet("README")
    readme.append(["sheet", "column", "required", "beskrivelse (nb)", "description (en)"])
    for r in column_reference():
        readme.append([r["sheet"], r["column"], r["required"], r["description_nb"], r["description_en"]])
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)


def write_csv_template(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "meta.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["key", "value"])
        for key in META_KEYS:
            w.writerow([key, ""])
    for s in SHEETS:
        with open(folder / f"{s.name}.csv", "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerow([c.name for c in s.columns])
    with open(folder / "README.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["sheet", "column", "required", "description_nb", "description_en"])
        w.writeheader()
        w.writerows(column_reference())


def write_template(out: Path) -> list[Path]:
    if out.suffix.lower() == ".xlsx":
        write_xlsx_template(out)
        return [out]
    write_csv_template(out)
    return sorted(out.iterdir())
