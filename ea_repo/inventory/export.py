"""An inventory graph written back in the import format: XLSX or CSV with the schema's sheets and columns.

``inventory_tables`` reads one kommune's inventory graph into plain tables (what a user would have typed: concept
values as their skos:notation, references as ids, vendors and operators by name, several values joined by ``;``);
``write_xlsx`` and ``write_csv`` lay the tables out as a workbook or as meta.csv, systems.csv, interfaces.csv and
integrations.csv. Importing what they write gives back the same graph (tests/test_roundtrip.py). Facts the import
format has no column for (from an RDF or ArchiMate import) are listed in ``Tables.left_out``, never dropped
silently. The diff (ea_repo/diff.py) compares the same tables, so a change is shown as the user would write it.

Headers are the schema's English column names. Other languages plug in at ``header``: the one place that names a
sheet or column on the way out.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from .. import catalog
from ..errors import UsageError
from ..i18n import msg
from ..namespaces import COMPONENT, DCT, EA, ID, KOMMUNE
from .build import inventory_iri
from .cells import protect
from .schema import LIST_SEPARATOR, META_BOOLS, META_KEYS, SHEETS, Column, Sheet

Value = str | bool | int | float | dt.date | list[str]
LANGS = ("en", "nb")  # the languages of the import format (ea_repo/inventory/aliases.py): both import alike


def header(name: str, lang: str = "en", sheet: str | None = None) -> str:
    """The name a sheet (``sheet`` None, or a meta key with ``sheet="meta"``) or a column of ``sheet`` gets in
    an exported file: the schema's English name, or the bokmål name the template of that language uses."""
    if lang not in LANGS:
        langs = ", ".join(LANGS)
        raise UsageError(msg(f"export writes the import format in {langs} only (asked for '{lang}')",
                             f"eksporten skriver importformatet bare på {langs} (du ba om '{lang}')"))
    if lang == "en":
        return name
    from . import aliases
    from .schema import SHEETS_BY_NAME

    if sheet is None:
        return aliases.SHEET_NAMES.get(name, {}).get(lang, name)
    if sheet == "meta":
        return {"key": "nøkkel", "value": "verdi"}.get(name) or aliases.META_NAMES.get(name, name)
    return aliases.column_label(sheet, SHEETS_BY_NAME[sheet].column(name), lang)


def localise(col: Column, value: Value | None, lang: str) -> Value | None:
    """A value as the template of ``lang`` offers it: the concept's label and ja/nei in bokmål (the importer
    reads labels and notations alike); English keeps the notations."""
    if lang == "en" or value is None:
        return value
    from . import aliases

    if col.kind == "concept":
        labels = aliases.concept_labels(col.scheme, lang)
        return [labels.get(v, v) for v in value] if isinstance(value, list) else labels.get(value, value)
    if col.kind == "bool" and isinstance(value, bool):
        return aliases.BOOL_LABELS[lang][0 if value else 1]
    return value


@dataclass
class Tables:
    """One inventory as the import format holds it. Rows are sorted by id; values are typed (str, bool, date,
    or a sorted list of str for a column taking several values); an absent value is absent from the row."""

    kommune: str
    meta: dict[str, Value] = field(default_factory=dict)
    sheets: dict[str, list[dict[str, Value]]] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)  # facts with no column, one line each, sorted

    def row(self, sheet: str, rid: str) -> dict[str, Value] | None:
        return next((r for r in self.sheets.get(sheet, []) if r["id"] == rid), None)


def text(value: Value | None) -> str:
    """A value as it is written in a CSV cell (and compared in a diff)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return str(value)


class _Reader:
    def __init__(self, g: Graph, kommune: str):
        self.g, self.k = g, kommune
        self.cat = catalog.catalog_graph()
        self.notations = {c: str(n) for c, n in self.cat.subject_objects(SKOS.notation)}
        self.catalog_ids = {s: str(i) for s, i in self.cat.subject_objects(EA.id)}
        self.prefix = str(ID[f"{kommune}/"])
        self.covered: set = set()
        self.notes: list[str] = []

    def _cover(self, *triples) -> None:
        self.covered.update(triples)

    def _local_id(self, node) -> str | None:
        rid = self.g.value(node, EA.id)
        if rid is not None:
            return str(rid)
        s = str(node)
        return s.rsplit("/", 1)[-1] if s.startswith(self.prefix) else None

    def _name_of(self, node, column: str, subject) -> str:
        names = sorted(str(n) for n in self.g.objects(node, EA.name))
        for n in names[:1]:
            self._cover((node, EA.name, Literal(n)))
        if len(names) > 1:
            self.notes.append(
                f"<{node}> has {len(names)} names; column '{column}' of <{subject}> gets '{names[0]}'"
            )
        return names[0] if names else str(node).rsplit("/", 1)[-1]

    def value(self, col: Column, o, subject) -> str | bool | int | float | dt.date | None:
        """One object as the user writes it in this column, or None when the column cannot hold it."""
        kind = col.kind
        if kind in ("id", "text", "url"):
            return str(o) if isinstance(o, Literal) else None
        if kind == "bool":
            v = o.toPython() if isinstance(o, Literal) else None
            return v if isinstance(v, bool) else None
        if kind == "date":
            v = o.toPython() if isinstance(o, Literal) else None
            return v if isinstance(v, dt.date) and not isinstance(v, dt.datetime) else None
        if kind == "amount":
            v = o.toPython() if isinstance(o, Literal) else None
            if isinstance(v, Decimal):
                return int(v) if v == v.to_integral_value() else float(v)
            return None
        if not isinstance(o, URIRef):
            return None
        if kind == "concept":
            n = self.notations.get(o)
            return (
                n
                if n is not None and str(o).startswith(f"https://w3id.org/ea-repo/vocab/{col.scheme}/")
                else None
            )
        if kind == "standard":
            return self._catalog_id(o)
        if kind in ("system", "interface", "node"):
            if str(o).startswith(self.prefix):
                return self._local_id(o)
            return self._catalog_id(o) if kind == "node" and str(o).startswith(str(COMPONENT)) else None
        if kind == "vendor":
            self._cover((o, RDF.type, EA.Vendor))
            return self._name_of(o, col.name, subject)
        if kind == "org":
            self._cover((o, RDF.type, EA.InterMunicipalOrganisation), (o, EA.member, KOMMUNE[self.k]))
            return self._name_of(o, col.name, subject)
        if kind == "kommune":
            return str(o)[len(str(KOMMUNE)) :] if str(o).startswith(str(KOMMUNE)) else None
        return None

    def _catalog_id(self, o) -> str | None:
        rid = self.catalog_ids.get(o)
        if rid is not None:
            return rid
        return str(o).rsplit("/", 1)[-1] if (o, None, None) in self.cat else None

    def row(self, sheet: Sheet, node) -> dict[str, Value]:
        out: dict[str, Value] = {}
        self._cover((node, RDF.type, EA[sheet.rdf_class]), (node, EA.inventoryOf, KOMMUNE[self.k]))
        by_pred: dict = {}
        for p, o in self.g.predicate_objects(node):
            by_pred.setdefault(p, []).append(o)
        for col, pred in _predicates(sheet):
            values = []
            for o in sorted(by_pred.get(pred, ())):
                v = self.value(col, o, node)
                if v is not None:
                    values.append((o, v))
            if not values:
                continue
            if col.multi:
                out[col.name] = sorted({text(v) for _, v in values})
                self._cover(*((node, pred, o) for o, _ in values))
            else:
                values.sort(key=lambda ov: text(ov[1]))
                out[col.name] = values[0][1]
                self._cover((node, pred, values[0][0]))
        if sheet.name == "systems" and "name" in out:
            self._cover((node, RDFS.label, Literal(str(out["name"]))))
        if "id" not in out:
            out["id"] = self._local_id(node) or str(node)
        return out

    def meta(self) -> dict[str, Value]:
        inv = inventory_iri(self.k)
        self._cover((inv, RDF.type, EA.Inventory), (inv, EA.kommune, KOMMUNE[self.k]))
        out: dict[str, Value] = {"kommune": self.k}
        for key, pred in (
            ("name", EA.name),
            ("description", EA.description),
            ("source", DCT.source),
            ("date", DCT.date),
            *((k, EA[k]) for k in META_BOOLS),
        ):
            objs = sorted(self.g.objects(inv, pred))
            if not objs:
                continue
            o = objs[0]
            v = o.toPython() if isinstance(o, Literal) else str(o)
            out[key] = v if isinstance(v, bool | dt.date) else str(o)
            self._cover((inv, pred, o))
        return {k: out[k] for k in META_KEYS if k in out}


@cache
def _predicates(sheet: Sheet) -> tuple:
    return tuple((c, c.predicate) for c in sheet.columns)


def inventory_tables(g: Graph, kommune: str) -> Tables:
    """One kommune's inventory graph as the tables of the import format (pure)."""
    r = _Reader(g, kommune)
    tables = Tables(kommune, meta=r.meta())
    for sheet in SHEETS:
        nodes = [n for n in g.subjects(RDF.type, EA[sheet.rdf_class]) if str(n).startswith(r.prefix)]
        rows = [r.row(sheet, n) for n in nodes]
        tables.sheets[sheet.name] = sorted(rows, key=lambda row: str(row["id"]))
    left = sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in g if (s, p, o) not in r.covered)
    tables.left_out = sorted(r.notes) + left
    return tables


# --- writers ---------------------------------------------------------------------------------------------


def _grid(tables: Tables, sheet: Sheet, lang: str) -> tuple[list[str], list[list[Value | None]]]:
    return [header(c.name, lang, sheet.name) for c in sheet.columns], [
        [localise(c, row.get(c.name), lang) for c in sheet.columns] for row in tables.sheets.get(sheet.name, [])
    ]


def write_csv(tables: Tables, lang: str = "en") -> dict[str, str]:
    """meta.csv, systems.csv, interfaces.csv, integrations.csv (UTF-8 with BOM, so Excel reads æøå; every text
    cell protected against formula injection, see cells.py)."""

    def render(head: list[str], rows) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(head)
        for r in rows:
            w.writerow([protect(text(v)) for v in r])
        return "\ufeff" + buf.getvalue()

    files = {
        "meta.csv": render(
            [header("key", lang, "meta"), header("value", lang, "meta")],
            [[header(k, lang, "meta"), localise(_META_BOOL, v, lang) if isinstance(v, bool) else v]
             for k, v in tables.meta.items()],
        )
    }
    for sheet in SHEETS:
        files[f"{header(sheet.name, lang)}.csv"] = render(*_grid(tables, sheet, lang))
    return files


_META_BOOL = Column("fictional", "bool")  # how a true/false meta value is written
_EPOCH = dt.datetime(1980, 1, 1)  # the earliest time a zip entry can carry


def write_xlsx(tables: Tables, lang: str = "en") -> bytes:
    """A workbook with the sheets meta, systems, interfaces, integrations. Text is always a string cell (never a
    formula); booleans and dates are typed cells. The bytes depend on the inventory only (no clock)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    when = tables.meta.get("date")
    stamp = dt.datetime.combine(when, dt.time()) if isinstance(when, dt.date) else _EPOCH
    wb.properties.creator = "ea-repo"
    wb.properties.created = wb.properties.modified = stamp
    bold = Font(bold=True)

    def fill(ws, head, rows) -> None:
        ws.append(head)
        for cell in ws[1]:
            cell.font = bold
        for i, r in enumerate(rows, start=2):
            for j, v in enumerate(r, start=1):
                if v is None or v == []:
                    continue
                cell = ws.cell(row=i, column=j)
                if isinstance(v, bool | dt.date):
                    cell.value = v
                    if isinstance(v, dt.date):
                        cell.number_format = "yyyy-mm-dd"
                else:
                    cell.value = text(v)
                    cell.data_type = "s"  # '=…' stays text
        ws.freeze_panes = "A2"
        for j, h in enumerate(head, start=1):
            ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width = max(12, len(h) + 4)

    meta = wb.active
    meta.title = header("meta", lang)
    fill(
        meta,
        [header("key", lang, "meta"), header("value", lang, "meta")],
        [[header(k, lang, "meta"), localise(_META_BOOL, v, lang) if isinstance(v, bool) else v]
         for k, v in tables.meta.items()],
    )
    for sheet in SHEETS:
        fill(wb.create_sheet(header(sheet.name, lang)), *_grid(tables, sheet, lang))
    buf = io.BytesIO()
    wb.save(buf)
    return _without_clock(buf.getvalue(), stamp)


def _without_clock(data: bytes, stamp: dt.datetime) -> bytes:
    """The same workbook with no trace of the clock: openpyxl stamps docProps/core.xml 'modified' with the time of
    saving and the zip entries with the local time; both become `stamp` / 1980-01-01."""
    import re
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>",
                    body,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=_EPOCH.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, body)
    return out.getvalue()


@dataclass(frozen=True)
class Exported:
    """What a tabular export writes (one workbook, or CSV files by name) and the facts it had no column for."""

    data: bytes | dict[str, str]
    left_out: tuple[str, ...] = ()


def export_xlsx(g: Graph, kommune: str, lang: str = "en") -> Exported:
    t = inventory_tables(g, kommune)
    return Exported(write_xlsx(t, lang), tuple(t.left_out))


def export_csv(g: Graph, kommune: str, lang: str = "en") -> Exported:
    t = inventory_tables(g, kommune)
    return Exported(write_csv(t, lang), tuple(t.left_out))
