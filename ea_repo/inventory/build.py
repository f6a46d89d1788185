"""Turn a RawInventory into the kommune's RDF graph, checking every value on the way.

All tabular formats pass through here, so a value is checked the same way whether it came from
XLSX, CSV or JSON, and every error names file, sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from .. import catalog
from ..errors import InputError
from ..namespaces import DCT, EA, ID_PATTERN, PREFIXES, kommune, organisation, thing, vendor
from .readers import RawInventory, Row
from .schema import FALSE_WORDS, LIST_SEPARATOR, SHEETS, TRUE_WORDS, Column, Sheet


def inventory_iri(kommunenummer: str) -> URIRef:
    return URIRef(f"https://w3id.org/ea-repo/id/{kommunenummer}/inventory")


def _values(col: Column, raw: object) -> list[object]:
    if raw is None:
        return []
    if isinstance(raw, list):
        items = raw
    elif col.multi and isinstance(raw, str):
        items = raw.split(LIST_SEPARATOR)
    else:
        items = [raw]
    out = []
    for v in items:
        if isinstance(v, str):
            v = v.strip()
            if v == "":
                continue
        out.append(v)
    if len(out) > 1 and not col.multi:
        raise ValueError("takes one value, not a list")
    return out


def _bool(v: object) -> bool:
    if isinstance(v, bool):
        return v
    s = str(v).strip().lower()
    if s in TRUE_WORDS:
        return True
    if s in FALSE_WORDS:
        return False
    raise ValueError(f"'{v}' is not true/false", "write true or false (ja/nei and yes/no are accepted too)")


def _date(v: object) -> dt.date:
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v).strip()[:10])
    except ValueError:
        raise ValueError(f"'{v}' is not a date", "write dates as YYYY-MM-DD, e.g. 2027-12-31") from None


class _Builder:
    def __init__(self, raw: RawInventory, kommunenummer: str):
        self.raw = raw
        self.k = kommunenummer
        self.g = Graph()
        for prefix, ns in PREFIXES.items():
            self.g.bind(prefix, ns)
        self.ids: dict[str, dict[str, Row]] = {}
        self.components = catalog.component_ids()
        self.partners = catalog.partner_ids()
        self.standards = catalog.standard_ids()
        self.kommuner = catalog.kommuner()

    # -- errors ------------------------------------------------------------------------------
    def fail(self, row: Row, column: str | None, problem: str, hint: str | None = None):
        raise InputError(problem, file=row.file, sheet=row.sheet, row=row.row, column=column, hint=hint)

    # -- passes ------------------------------------------------------------------------------
    def collect_ids(self) -> None:
        for sheet in SHEETS:
            seen: dict[str, Row] = {}
            for row in self.raw.sheets.get(sheet.name, []):
                unknown = [c for c in row.values if sheet.column(c) is None]
                if unknown:
                    allowed = ", ".join(c.name for c in sheet.columns)
                    self.fail(row, unknown[0], f"unknown column '{unknown[0]}'", f"the columns of '{sheet.name}' are: {allowed}")
                rid = row.values.get("id")
                rid = "" if rid is None else str(rid).strip()
                if not rid:
                    self.fail(row, "id", "the id is missing", "give every row a unique id")
                if not ID_PATTERN.match(rid):
                    self.fail(row, "id", f"'{rid}' is not a valid id",
                              "use letters, digits, '.', '-' and '_' only, starting with a letter or digit")
                if rid in seen:
                    first = seen[rid]
                    self.fail(row, "id", f"duplicate id '{rid}' (first used in row {first.row})", "make every id unique within its sheet")
                if sheet.name == "systems" and rid in self.components:
                    self.fail(row, "id", f"the id '{rid}' is the catalogue id of a national component",
                              "choose another id for the system; refer to the component by this id in integrations instead")
                seen[rid] = row
            self.ids[sheet.name] = seen

    def build(self) -> Graph:
        self.collect_ids()
        self.add_inventory_node()
        for sheet in SHEETS:
            for row in self.raw.sheets.get(sheet.name, []):
                self.add_row(sheet, row)
        return self.g

    def add_inventory_node(self) -> None:
        inv = inventory_iri(self.k)
        g, m = self.g, self.raw.meta
        g.add((inv, RDF.type, EA.Inventory))
        g.add((inv, EA.kommune, kommune(self.k)))
        if m.get("name"):
            g.add((inv, EA.name, Literal(str(m["name"]))))
        if m.get("description"):
            g.add((inv, EA.description, Literal(str(m["description"]))))
        if m.get("source"):
            g.add((inv, DCT.source, Literal(str(m["source"]))))
        if m.get("date"):
            try:
                g.add((inv, DCT.date, Literal(_date(m["date"]), datatype=XSD.date)))
            except ValueError:
                raise InputError(f"'{m['date']}' is not a date", file=self.raw.meta_file, sheet="meta",
                                 element="date", hint="write YYYY-MM-DD") from None
        if "fictional" in m:
            try:
                g.add((inv, EA.fictional, Literal(_bool(m["fictional"]))))
            except ValueError:
                raise InputError(f"'{m['fictional']}' is not true/false", file=self.raw.meta_file, sheet="meta",
                                 element="fictional") from None
        if m.get("integrationsComplete") not in (None, ""):
            try:
                g.add((inv, EA.integrationsComplete, Literal(_bool(m["integrationsComplete"]))))
            except ValueError:
                raise InputError(f"'{m['integrationsComplete']}' is not true/false", file=self.raw.meta_file,
                                 sheet="meta", element="integrationsComplete",
                                 hint="write true when every integration of every system is in the inventory") from None
        declared = m.get("kommune")
        if declared not in (None, "") and str(declared).strip().zfill(4) != self.k:
            raise InputError(
                f"the file says it is the inventory of kommune {declared}, but it is being imported as {self.k}",
                file=self.raw.meta_file, sheet="meta", element="kommune",
                hint="check --kommune, or correct the 'kommune' entry in the meta sheet",
            )

    def add_row(self, sheet: Sheet, row: Row) -> None:
        rid = str(row.values["id"]).strip()
        node = thing(self.k, sheet.kind, rid)
        g = self.g
        g.add((node, RDF.type, EA[sheet.rdf_class]))
        g.add((node, EA.inventoryOf, kommune(self.k)))
        for col in sheet.columns:
            raw_value = row.values.get(col.name)
            try:
                values = _values(col, raw_value)
            except ValueError as exc:
                self.fail(row, col.name, exc.args[0], f"'{col.name}' takes one value")
            if not values:
                if col.required:
                    self.fail(row, col.name, f"'{col.name}' is required", "fill in the cell")
                continue
            for v in values:
                for obj in self.objects(col, v, row):
                    g.add((node, col.predicate, obj))
        if sheet.name == "systems":
            g.add((node, RDFS.label, Literal(str(row.values["name"]).strip())))

    # -- value conversion (dispatch by column kind) -------------------------------------------
    def objects(self, col: Column, v: object, row: Row) -> Iterable:
        try:
            return getattr(self, f"_kind_{col.kind}")(col, v, row)
        except ValueError as exc:
            problem, *hint = exc.args
            self.fail(row, col.name, problem, hint[0] if hint else None)

    def _kind_id(self, col, v, row):
        return [Literal(str(v).strip())]

    def _kind_text(self, col, v, row):
        return [Literal(str(v).strip())]

    def _kind_url(self, col, v, row):
        s = str(v).strip()
        if not s.startswith(("http://", "https://")):
            raise ValueError(f"'{s}' is not a web address", "write the full address, starting with https://")
        return [Literal(s, datatype=XSD.anyURI)]

    def _kind_bool(self, col, v, row):
        return [Literal(_bool(v))]

    def _kind_date(self, col, v, row):
        return [Literal(_date(v), datatype=XSD.date)]

    def _kind_concept(self, col, v, row):
        allowed = catalog.scheme_notations(col.scheme)
        s = str(v).strip()
        concept = allowed.get(s) or allowed.get(s.lower())
        if concept is None:
            raise ValueError(f"'{s}' is not an allowed value", "allowed: " + ", ".join(allowed))
        return [concept]

    def _kind_standard(self, col, v, row):
        s = str(v).strip()
        std = self.standards.get(s) or self.standards.get(s.lower())
        if std is None:
            near = _nearest(s, self.standards)
            raise ValueError(f"'{s}' is not a standard in the catalogue",
                             f"did you mean {near}? `ea-repo catalog standards` lists them" if near else "`ea-repo catalog standards` lists them")
        return [std]

    def _kind_vendor(self, col, v, row):
        name = str(v).strip()
        iri = vendor(name)
        self.g.add((iri, RDF.type, EA.Vendor))
        self.g.add((iri, EA.name, Literal(name)))
        return [iri]

    def _kind_org(self, col, v, row):
        name = str(v).strip()
        iri = organisation(name)
        self.g.add((iri, RDF.type, EA.InterMunicipalOrganisation))
        self.g.add((iri, EA.name, Literal(name)))
        self.g.add((iri, EA.member, kommune(self.k)))
        return [iri]

    def _kind_kommune(self, col, v, row):
        code = str(v).strip().zfill(4)
        if code not in self.kommuner:
            raise ValueError(f"'{v}' is not a kommunenummer in the catalogue", "write the four-digit kommunenummer valid today")
        return [kommune(code)]

    def _ref(self, sheet: str, kind: str, v, what: str):
        s = str(v).strip()
        if s in self.ids.get(sheet, {}):
            return thing(self.k, kind, s)
        return None

    def _kind_system(self, col, v, row):
        ref = self._ref("systems", "system", v, "system")
        if ref is None:
            raise ValueError(f"'{v}' is not the id of a system in this inventory", "use an id from the systems sheet")
        return [ref]

    def _kind_interface(self, col, v, row):
        ref = self._ref("interfaces", "interface", v, "interface")
        if ref is None:
            raise ValueError(f"'{v}' is not the id of an interface in this inventory", "use an id from the interfaces sheet")
        return [ref]

    def _kind_node(self, col, v, row):
        ref = self._ref("systems", "system", v, "system")
        if ref is not None:
            return [ref]
        comp = self.components.get(str(v).strip())
        if comp is not None:
            return [comp]
        s = str(v).strip()
        if s[:8].lower() == PARTNER_PREFIX:
            return [self._partner(s)]
        if s in self.partners:
            raise ValueError(f"'{s}' is neither a system in this inventory nor a national component",
                             f"an external partner's system is written with its prefix: 'partner:{s}'")
        near = _nearest(str(v), {**self.ids.get("systems", {}), **self.components})
        raise ValueError(
            f"'{v}' is neither a system in this inventory nor a national component",
            (f"did you mean '{near}'? " if near else "") + "use a system id, a component id (`ea-repo catalog components`) "
            "or partner:<id> for an external partner's system (`ea-repo catalog partners`)",
        )

    def _partner(self, s: str):
        pid = s[len(PARTNER_PREFIX):].strip()
        found = self.partners.get(pid) or self.partners.get(pid.lower())
        if found is None:
            near = _nearest(pid, self.partners)
            raise ValueError(f"'{s}' is not an external partner's system in the catalogue",
                             (f"did you mean 'partner:{near}'? " if near else "") + "`ea-repo catalog partners` lists them")
        return found


PARTNER_PREFIX = "partner:"  # system ids cannot contain ':', so a partner reference never clashes with one


def _nearest(s: str, options) -> str | None:
    import difflib

    m = difflib.get_close_matches(s, list(options), n=1, cutoff=0.6)
    return m[0] if m else None


def build_inventory(raw: RawInventory, kommunenummer: str) -> Graph:
    return _Builder(raw, kommunenummer).build()


def row_count(raw: RawInventory) -> int:
    return sum(len(rows) for name, rows in raw.sheets.items())
