"""Empty inventory templates in bokmål or English whose header explains every column and its allowed values.

The workbook: localized sheet and column names (aliases.py), a frozen header (row 1) and an explanation
row (row 2, its id cell starts with '#': the reader skips such rows, since an id never starts with '#'),
a drop-down list (data validation) on every controlled column pointing at the hidden sheet `_values`
(localized labels, which import reads back to the same concepts), and a read-me sheet.
"""

from __future__ import annotations

import csv
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import RDFS

from .. import catalog
from . import aliases
from .schema import META_BOOLS, META_KEYS, SHEETS, Column

_KIND_HELP = {
    "en": {
        "id": "unique id (ASCII letters a–z, A–Z, digits, . - _)",
        "text": "text",
        "bool": "true / false",
        "date": "date YYYY-MM-DD",
        "amount": "an amount in kroner per year (125000 or 125 000,50)",
        "url": "web address https://…",
        "system": "id of a system in this inventory",
        "interface": "id of an interface in this inventory",
        "node": "id of a system in this inventory, or of a national component (see the catalogue)",
        "standard": "catalogue id of a standard",
        "vendor": "vendor name",
        "org": "name of the organisation (IKS, vertskommune) that runs it",
        "kommune": "kommunenummer (four digits)",
    },
    "nb": {
        "id": "unik id (ASCII-bokstaver a–z, A–Z, sifre, . - _)",
        "text": "tekst",
        "bool": "ja / nei",
        "date": "dato ÅÅÅÅ-MM-DD",
        "amount": "et beløp i kroner per år (125000 eller 125 000,50)",
        "url": "nettadresse https://…",
        "system": "id for et system i denne oversikten",
        "interface": "id for et grensesnitt i denne oversikten",
        "node": "id for et system i denne oversikten, eller for en nasjonal fellesløsning (se katalogen)",
        "standard": "katalog-id for en standard",
        "vendor": "leverandørens navn",
        "org": "navnet på organisasjonen (IKS, vertskommune) som drifter det",
        "kommune": "kommunenummer (fire sifre)",
    },
}
_TEXT = {
    "en": {"allowed": "Allowed", "value": "Value", "several": "Several values separated by ';'.",
           "required": "Required.", "pick": "pick from the list", "key": "key", "val": "value", "readme": "README",
           "sheet": "sheet", "column": "column", "req": "required", "desc": "description", "yes": "yes",
           "name": "name in the file"},
    "nb": {"allowed": "Tillatt", "value": "Verdi", "several": "Flere verdier skilles med ';'.",
           "required": "Påkrevd.", "pick": "velg fra lista", "key": "nøkkel", "val": "verdi", "readme": "les meg",
           "sheet": "ark", "column": "kolonne", "req": "påkrevd", "desc": "beskrivelse", "yes": "ja",
           "name": "navn i fila"},
}
_README = {
    "en": [
        "ea-repo inventory template (English). Fill in one row per system, interface and integration.",
        "Row 1 names the columns; row 2 explains them (its first cell starts with '#', so import skips it).",
        "Columns with a drop-down list take the values listed; several values in one cell are separated by ';'.",
        "Leave a cell blank when you do not know: blank is never read as 'no'.",
        "Sheets, columns and values may also be written in Norwegian (systemer, leverandør, I produksjon …).",
        "Check the file without importing: ea-repo import FILE --kommune NNNN --dry-run",
    ],
    "nb": [
        "Mal for systemoversikt i ea-repo (bokmål). Fyll inn én rad per system, grensesnitt og integrasjon.",
        "Rad 1 navngir kolonnene; rad 2 forklarer dem (første celle begynner med '#', så importen hopper over den).",
        "Kolonner med nedtrekksliste tar verdiene i lista; flere verdier i én celle skilles med ';'.",
        "La cellen stå tom når du ikke vet: tom leses aldri som «nei».",
        "Ark, kolonner og verdier kan også skrives på engelsk (systems, vendor, production …).",
        "Sjekk fila uten å importere: ea-repo import FIL --kommune NNNN --dry-run",
    ],
}
MAX_ROWS = 2000  # rows the drop-down lists cover


def _comment(col: Column, lang: str) -> str:
    g = catalog.catalog_graph()
    return next((str(c) for c in g.objects(col.predicate, RDFS.comment) if isinstance(c, Literal) and c.language == lang), "")


def allowed_labels(col: Column, lang: str) -> list[str]:
    """The values a controlled column offers in a language (what its drop-down list shows)."""
    if col.kind == "bool":
        return list(aliases.BOOL_LABELS[lang])
    if col.kind == "concept":
        return list(aliases.concept_labels(col.scheme, lang).values())
    return []


def describe(col: Column, lang: str = "en") -> str:
    t = _TEXT[lang]
    parts = [_comment(col, lang), f"{t['value']}: {_KIND_HELP[lang][col.kind]}." if col.kind != "concept" else ""]
    if col.kind == "concept":
        parts.append(f"{t['allowed']}: " + ", ".join(catalog.scheme_notations(col.scheme)) + ".")
    if col.multi:
        parts.append(t["several"])
    if col.required:
        parts.append(t["required"])
    return " ".join(p for p in parts if p)


def _short(col: Column, lang: str) -> str:
    t = _TEXT[lang]
    text = t["pick"] if col.kind in ("concept", "bool") else _KIND_HELP[lang][col.kind]
    if col.multi:
        text += "; …"
    if col.required:
        text += f" ({t['req']})"
    return text


def column_reference() -> list[dict[str, str]]:
    """One row per column of every sheet: the README's column table and the template's README sheet."""
    return [
        {"sheet": s.name, "column": c.name, "required": "yes" if c.required else "", "description_en": describe(c, "en"),
         "description_nb": describe(c, "nb"), "name_nb": aliases.column_label(s.name, c, "nb")}
        for s in SHEETS
        for c in s.columns
    ] + [  # the true/false meta entries (facts about the inventory or the kommune as a whole)
        {"sheet": "meta", "column": key, "required": "", "description_en": describe(Column(key, "bool"), "en"),
         "description_nb": describe(Column(key, "bool"), "nb"), "name_nb": aliases.META_NAMES[key]}
        for key in META_BOOLS
    ]


def write_xlsx_template(out: Path, lang: str = "en") -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    t = _TEXT[lang]
    wb = Workbook()
    meta = wb.active
    meta.title = aliases.SHEET_NAMES["meta"][lang]
    meta.append([t["key"], t["val"]])
    meta["A1"].font = meta["B1"].font = Font(bold=True)
    for key in META_KEYS:
        meta.append([aliases.META_NAMES[key] if lang == "nb" else key, ""])
    meta.column_dimensions["A"].width = 26
    meta.column_dimensions["B"].width = 40

    values = wb.create_sheet("_values")  # the drop-down lists; '_' sheets are not read as data
    lists: dict[tuple[str, ...], str] = {}  # allowed labels -> the range holding them

    def list_range(labels: list[str], title: str) -> str:
        key = tuple(labels)
        if key not in lists:
            col = get_column_letter(len(lists) + 1)
            values[f"{col}1"] = title
            for i, label in enumerate(labels, start=2):
                values[f"{col}{i}"] = label
            lists[key] = f"'_values'!${col}$2:${col}${len(labels) + 1}"
        return lists[key]

    for s in SHEETS:
        ws = wb.create_sheet(aliases.SHEET_NAMES[s.name][lang])
        ws.append([aliases.column_label(s.name, c, lang) for c in s.columns])
        ws.append([("# " if i == 0 else "") + _short(c, lang) for i, c in enumerate(s.columns)])
        for i, c in enumerate(s.columns, start=1):
            cell = ws.cell(row=1, column=i)
            cell.font = Font(bold=True)
            name = "" if lang == "en" else f"[{c.name}] "
            cell.comment = Comment(name + describe(c, lang), "ea-repo", width=420, height=220)
            ws.cell(row=2, column=i).font = Font(italic=True, color="666666")
            letter = cell.column_letter
            ws.column_dimensions[letter].width = max(14, min(40, len(str(cell.value)) + 4))
            labels = allowed_labels(c, lang)
            if labels:
                dv = DataValidation(type="list", formula1=list_range(labels, c.scheme or c.kind), allow_blank=True,
                                    showErrorMessage=not c.multi, errorStyle="warning",
                                    errorTitle=str(cell.value), error=f"{t['allowed']}: " + ", ".join(labels)[:240],
                                    promptTitle=str(cell.value)[:32], prompt=_short(c, lang)[:250], showInputMessage=True)
                dv.add(f"{letter}3:{letter}{MAX_ROWS}")
                ws.add_data_validation(dv)
        ws.freeze_panes = "A3"
    values.sheet_state = "hidden"

    readme = wb.create_sheet(t["readme"])
    for line in _README[lang]:
        readme.append([line])
    readme.append([])
    readme.append([t["sheet"], t["column"], t["name"], t["req"], t["desc"]])
    for s in SHEETS:
        for c in s.columns:
            readme.append([aliases.SHEET_NAMES[s.name][lang], c.name, aliases.column_label(s.name, c, lang),
                           t["yes"] if c.required else "", describe(c, lang)])
    readme.column_dimensions["A"].width = 16
    readme.column_dimensions["B"].width = 24
    readme.column_dimensions["C"].width = 26
    readme.column_dimensions["E"].width = 100
    import io

    from ..output import write_file

    buf = io.BytesIO()
    wb.save(buf)
    write_file(out, buf.getvalue())


def write_csv_template(folder: Path, lang: str = "en") -> None:
    import io

    from ..output import write_files

    t = _TEXT[lang]

    def table(rows) -> str:
        buf = io.StringIO()
        csv.writer(buf).writerows(rows)
        return buf.getvalue()

    files = {f"{aliases.SHEET_NAMES['meta'][lang]}.csv":
             table([[t["key"], t["val"]], *[[aliases.META_NAMES[key] if lang == "nb" else key, ""] for key in META_KEYS]])}
    for s in SHEETS:
        files[f"{aliases.SHEET_NAMES[s.name][lang]}.csv"] = table([[aliases.column_label(s.name, c, lang) for c in s.columns]])
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["sheet", "column", "required", "description_nb", "description_en", "name_nb"])
    w.writeheader()
    w.writerows(column_reference())
    files["README.csv"] = buf.getvalue()
    write_files(folder, files)


def write_template(out: Path, lang: str = "en") -> list[Path]:
    if lang not in _TEXT:
        from ..errors import UsageError
        from ..i18n import msg

        raise UsageError(msg(f"unknown language '{lang}'; use nb or en", f"ukjent språk '{lang}'; bruk nb eller en"))
    if out.suffix.lower() == ".xlsx":
        write_xlsx_template(out, lang)
        return [out]
    write_csv_template(out, lang)
    return sorted(out.iterdir())
