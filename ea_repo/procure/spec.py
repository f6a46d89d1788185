"""Vendor specifications: read from XLSX, JSON or Turtle into one RDF graph (ea:VendorSpecification).

Every reader turns its file into the same raw form — values with the place they came from — and one
builder checks the values and makes the graph, so an error says where (file, sheet, row, column or
element) and what to do, whatever the format. Dispatch is by a table (suffix -> reader).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from .. import catalog
from ..errors import InputError
from ..i18n import msg
from ..inventory.readers import file_problem, open_workbook, sheet_rows
from ..namespaces import COMPONENT, EA, ID, STANDARD, slug

URL = re.compile(r"^https?://\S+\Z")


@dataclass(frozen=True)
class Field:
    predicate: URIRef
    kind: str  # text | bool | url | concept:<scheme> | standard | component | standard-or-component
    multi: bool | None = False  # None: not a profile-checkable property
    required: bool = False
    label: dict[str, str] = field(default_factory=dict)


def _f(pred, kind, multi=False, required=False, nb="", en=""):
    return Field(pred, kind, multi, required, {"nb": nb, "en": en})


# Spec field name (JSON key, XLSX 'product' sheet key) -> property. The lists 'standards', 'components'
# and 'apis' come from their own sheets / arrays. A kommune profile names these fields in 'property'.
FIELDS: dict[str, Field] = {
    "product": _f(EA.product, "text", None, True, "produkt", "product"),
    "vendor": _f(EA.vendorName, "text", None, True, "leverandør", "vendor"),
    "version": _f(EA.version, "text", None, True, "versjon", "version"),
    "description": _f(EA.description, "text", None, False, "beskrivelse", "description"),
    "hosting": _f(EA.hosting, "concept:hosting", False, False, "drift", "hosting"),
    "dataLocation": _f(EA.dataLocation, "concept:location", False, False, "datalokasjon", "data location"),
    "browserBased": _f(EA.browserBased, "bool", False, False, "nettleserbasert", "browser-based"),
    "accessibilityStatement": _f(
        EA.accessibilityStatementUrl,
        "url",
        False,
        False,
        "tilgjengelighetserklæring",
        "accessibility statement",
    ),
    "archiveFunctions": _f(
        EA.archiveFunctions,
        "bool",
        False,
        False,
        "arkivfunksjoner (arkivforskrifta § 5)",
        "archive functions (arkivforskrifta § 5)",
    ),
    "archiveIntegration": _f(
        EA.archiveIntegration, "standard-or-component", True, False, "arkivintegrasjon", "archive integration"
    ),
    "exitFormat": _f(EA.exitFormat, "text", True, False, "eksportformat ved avslutning", "exit format"),
    "standards": _f(
        EA.supportsStandard, "standard", True, False, "støttede standarder", "supported standards"
    ),
    "components": _f(
        EA.integratesComponent,
        "component",
        True,
        False,
        "integrerte fellesløsninger",
        "national components integrated",
    ),
    "apis": _f(EA.offersApi, "api", True, False, "API-er", "APIs"),
}
SCALARS = [k for k, f in FIELDS.items() if k not in ("standards", "components", "apis")]
PROPERTY_LABEL = {f.predicate: f.label for f in FIELDS.values()}
LIST_COLUMNS = {
    "standards": ("standard", "version", "note"),
    "components": ("component", "protocol", "note"),
    "apis": ("name", "protocol", "standard", "documentation"),
}


@dataclass
class Value:
    value: object
    where: dict  # InputError keyword arguments: file, sheet, row, column, element


@dataclass
class RawSpec:
    file: str
    scalars: dict[str, Value] = field(default_factory=dict)
    lists: dict[str, list[dict[str, Value]]] = field(default_factory=dict)
    notes: list[dict[str, str]] = field(default_factory=list)  # e.g. a deprecated comma list


@dataclass
class Spec:
    iri: URIRef
    graph: Graph
    product: str
    vendor: str
    version: str
    file: str
    notes: list[dict[str, str]] = field(default_factory=list)  # {"nb":..., "en":...}

    @property
    def label(self) -> str:
        return f"{self.product} {self.version} ({self.vendor})"


# --- value checks -------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"\s+", "-", str(text).strip().lower().replace("/", ""))


def standard_lookup() -> dict[str, URIRef]:
    """Every way to name a catalogue standard (id, name, label; normalised) -> IRI."""
    g = catalog.catalog_graph()
    out = {}
    for sid, iri in catalog.standard_ids().items():
        out[_norm(sid)] = iri
        for p in (EA.name, RDFS.label):
            for o in g.objects(iri, p):
                out.setdefault(_norm(o), iri)
    return out


def _hint(word: str, known) -> str | None:
    close = difflib.get_close_matches(str(word), list(known), n=3, cutoff=0.6)
    return msg(f"did you mean {', '.join(close)}?", f"mente du {', '.join(close)}?") if close else None


def resolve_values(f: Field, raw: list, err: Callable) -> list:
    """Values of one field as RDF terms; err(index, problem, hint) makes the located error."""
    kind = f.kind
    out = []
    for i, v in enumerate(raw):
        if v is None or str(v).strip() == "":
            raise err(i, msg("empty value", "tom verdi"))
        s = str(v).strip()
        if kind == "text":
            out.append(Literal(s))
        elif kind == "bool":
            b = {"true": True, "yes": True, "ja": True, "false": False, "no": False, "nei": False}.get(
                s.lower()
            )
            if isinstance(v, bool):
                b = v
            if b is None:
                raise err(i, msg(f"'{s}' is not true or false", f"'{s}' er verken true eller false"),
                          msg("write true or false", "skriv true eller false"))
            out.append(Literal(b))
        elif kind == "url":
            if not URL.match(s):
                raise err(i, msg(f"'{s}' is not a web address", f"'{s}' er ikke en nettadresse"),
                          msg("write the full https:// address", "skriv hele https://-adressen"))
            out.append(Literal(s, datatype=XSD.anyURI))
        elif kind.startswith("concept:"):
            known = catalog.scheme_notations(kind.split(":", 1)[1])
            if s not in known:
                raise err(i, msg(f"unknown value '{s}'", f"ukjent verdi '{s}'"),
                          msg(f"use one of {', '.join(known)}", f"bruk en av {', '.join(known)}"))
            out.append(known[s])
        elif kind == "component":
            if s not in catalog.component_ids():
                raise err(
                    i,
                    msg(f"unknown national component '{s}'", f"ukjent nasjonal fellesløsning '{s}'"),
                    _hint(s, catalog.component_ids())
                    or msg("use a component id from `ea-repo catalog components`",
                           "bruk en id for en fellesløsning fra `ea-repo catalog components`"),
                )
            out.append(COMPONENT[s])
        elif kind == "standard":
            out.append(_standard(s, err, i))
        elif kind == "standard-or-component":
            out.append(COMPONENT[s] if s in catalog.component_ids() else _standard(s, err, i, strict=True))
        else:
            raise err(i, msg(f"field of kind {kind} cannot be given as a value list",
                             f"et felt av typen {kind} kan ikke oppgis som en liste med verdier"))
    return out


def _standard(s: str, err, i, strict: bool = False) -> URIRef:
    key = _norm(s)
    known = standard_lookup()
    if key in known:
        return known[key]
    if strict or not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", key):
        raise err(
            i,
            msg(f"unknown standard '{s}'", f"ukjent standard '{s}'"),
            _hint(key, catalog.standard_ids()) or msg("use a standard id from the catalogue",
                                                      "bruk en standard-id fra katalogen"),
        )
    return STANDARD[key]  # a standard (version) the catalogue does not hold, e.g. tls-1.0: it meets nothing


# --- readers -> RawSpec -----------------------------------------------------------------------------------


def _where(file, **kw) -> dict:
    return {"file": file, **{k: v for k, v in kw.items() if v is not None}}


def read_json(path: Path) -> RawSpec:
    file = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(msg("the file is not UTF-8", "filen er ikke UTF-8"), file=file,
                         hint=msg("save it as UTF-8", "lagre den som UTF-8")) from exc
    except json.JSONDecodeError as exc:
        raise InputError(
            msg(f"not valid JSON ({exc.msg})", f"ikke gyldig JSON ({exc.msg})"),
            file=file,
            line=exc.lineno,
            hint=msg("check commas, quotes and brackets near that line",
                     "sjekk komma, anførselstegn og klammer rundt den linjen"),
        ) from exc
    if not isinstance(data, dict):
        raise InputError(
            msg("the specification must be a JSON object", "spesifikasjonen må være et JSON-objekt"), file=file,
            hint=msg("see examples/procurement/", "se examples/procurement/")
        )
    raw = RawSpec(file)
    for key, val in data.items():
        if key in ("standards", "components", "apis"):
            if not isinstance(val, list):
                raise InputError(msg(f"'{key}' must be a list", f"'{key}' må være en liste"), file=file, element=key)
            rows = []
            for i, item in enumerate(val):
                item = {LIST_COLUMNS[key][0]: item} if isinstance(item, str) else item
                if not isinstance(item, dict):
                    raise InputError(msg("each entry is an object or an id", "hver oppføring skal være et objekt eller en id"),
                                     file=file, element=f"{key}[{i}]")
                rows.append({c: Value(v, _where(file, element=f"{key}[{i}].{c}")) for c, v in item.items()})
            raw.lists[key] = rows
        elif key in ("profile", "$schema", "comment"):
            continue
        else:
            raw.scalars[key] = Value(val, _where(file, element=key))
    return raw


def _cell(v):
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return v


def _split_list(value: str, f: Field, raw: RawSpec, cell: str) -> list[str]:
    """Several values in one cell are separated by ';', as everywhere in ea-repo. Ids separated by commas
    (what the template asked for before) are still read, with a note to use ';'."""
    if ";" not in value and "," in value and f.kind != "text":
        raw.notes.append({
            "nb": f"{cell}: bruk ; mellom verdier (komma er foreldet): «{value}»",
            "en": f"{cell}: use ; between values (commas are deprecated): '{value}'",
        })
        parts = value.split(",")
    else:
        parts = value.split(";")
    return [x.strip() for x in parts if x.strip()]


def read_xlsx(path: Path) -> RawSpec:
    file = str(path)
    wb = open_workbook(path, msg("JSON or Turtle", "JSON eller Turtle"))
    raw = RawSpec(file)
    try:
        for ws in wb.worksheets:
            title = ws.title.strip()
            if title.startswith("_") or title.lower() in ("readme", "les meg"):
                continue
            rows = sheet_rows(ws, file, title)  # within --max-rows and --max-columns; broken XML located
            if title == "product":
                for i, r in enumerate(rows[1:], start=2):
                    if not r or r[0] in (None, ""):
                        continue
                    key, value = str(r[0]).strip(), _cell(r[1]) if len(r) > 1 else None
                    f = FIELDS.get(key)
                    if f is not None and f.multi and isinstance(value, str):  # one cell, several values
                        value = _split_list(value, f, raw, f"{title}!B{i}")
                    raw.scalars[key] = Value(value, _where(file, sheet=title, row=i, column="value"))
            elif title in LIST_COLUMNS:
                header = [str(h).strip() if h is not None else "" for h in (rows[0] if rows else ())]
                unknown = [h for h in header if h and h not in LIST_COLUMNS[title]]
                if unknown:
                    raise InputError(
                        msg(f"unknown column '{unknown[0]}'", f"ukjent kolonne '{unknown[0]}'"),
                        file=file,
                        sheet=title,
                        row=1,
                        column=unknown[0],
                        hint=msg(f"the columns are {', '.join(LIST_COLUMNS[title])}",
                                 f"kolonnene er {', '.join(LIST_COLUMNS[title])}"),
                    )
                out = []
                for i, r in enumerate(rows[1:], start=2):
                    if not r or all(c in (None, "") for c in r):
                        continue
                    out.append(
                        {
                            h: Value(_cell(c), _where(file, sheet=title, row=i, column=h))
                            for h, c in zip(header, r, strict=False)
                            if h and c not in (None, "")
                        }
                    )
                raw.lists[title] = out
            else:
                raise InputError(
                    msg(f"unknown sheet '{title}'", f"ukjent ark '{title}'"),
                    file=file,
                    sheet=title,
                    hint=msg("use the sheets product, standards, components, apis (`ea-repo procure template`)",
                             "bruk arkene product, standards, components, apis (`ea-repo procure template`)"),
                )
    finally:
        wb.close()
    return raw


def read_turtle(path: Path) -> RawSpec:
    file = str(path)
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises BadSyntax and others
        raise InputError(
            msg(f"not valid Turtle ({str(exc).splitlines()[0][:200]})",
                f"ikke gyldig Turtle ({str(exc).splitlines()[0][:200]})"),
            file=file,
            hint=msg("check the line the parser names", "sjekk linjen parseren peker på"),
        ) from exc
    specs = sorted(set(g.subjects(RDF.type, EA.VendorSpecification)), key=str)
    if len(specs) != 1:
        raise InputError(
            msg(f"expected one ea:VendorSpecification, found {len(specs)}",
                f"forventet én ea:VendorSpecification, fant {len(specs)}"),
            file=file,
            hint=msg("describe exactly one product per file", "beskriv nøyaktig ett produkt per fil"),
        )
    s = specs[0]
    raw = RawSpec(file)

    def w(p):
        return _where(file, element=f"<{s}> {p.n3(g.namespace_manager)}")

    def tail(o):
        return str(o).rsplit("/", 1)[-1] if isinstance(o, URIRef) else o

    for key in SCALARS:
        f = FIELDS[key]
        vals = [tail(o) if f.kind != "text" else str(o) for o in g.objects(s, f.predicate)]
        if vals:
            raw.scalars[key] = Value(vals if f.multi else vals[0], w(f.predicate))
    raw.lists["standards"] = [
        {"standard": Value(tail(o), w(EA.supportsStandard))} for o in g.objects(s, EA.supportsStandard)
    ]
    comps = {}
    for o in g.objects(s, EA.integratesComponent):
        comps[tail(o)] = {"component": Value(tail(o), w(EA.integratesComponent))}
    for ci in g.objects(s, EA.componentIntegration):
        c = g.value(ci, EA.component)
        row = {"component": Value(tail(c), w(EA.componentIntegration))}
        if g.value(ci, EA.protocol) is not None:
            row["protocol"] = Value(tail(g.value(ci, EA.protocol)), w(EA.componentIntegration))
        comps[tail(c)] = row
    raw.lists["components"] = list(comps.values())
    raw.lists["apis"] = [
        {
            k: Value(
                tail(g.value(a, p)) if k in ("protocol", "standard") else str(g.value(a, p)), w(EA.offersApi)
            )
            for k, p in (
                ("name", EA.name),
                ("protocol", EA.protocol),
                ("standard", EA.supportsStandard),
                ("documentation", EA.url),
            )
            if g.value(a, p) is not None
        }
        for a in sorted(g.objects(s, EA.offersApi), key=str)
    ]
    return raw


READERS: dict[str, Callable[[Path], RawSpec]] = {".json": read_json, ".xlsx": read_xlsx, ".ttl": read_turtle}


# --- RawSpec -> Spec ---------------------------------------------------------------------------------------


def spec_iri(vendor: str, product: str, version: str) -> URIRef:
    return ID[f"spec/{slug(vendor)}/{slug(product)}/{slug(version)}"]


def build(raw: RawSpec) -> Spec:
    for key, v in raw.scalars.items():
        if key not in SCALARS:
            raise InputError(
                msg(f"unknown field '{key}'", f"ukjent felt '{key}'"),
                **v.where,
                hint=_hint(key, SCALARS) or msg(f"the fields are {', '.join(SCALARS)}", f"feltene er {', '.join(SCALARS)}"),
            )
    for key in ("product", "vendor", "version"):
        v = raw.scalars.get(key)
        if v is None or v.value in (None, ""):
            where = v.where if v else {"file": raw.file, "element": key}
            raise InputError(msg(f"'{key}' is missing", f"'{key}' mangler"), **where,
                             hint=msg("fill in product, vendor and version", "fyll ut product, vendor og version"))
    text = {k: str(raw.scalars[k].value).strip() for k in ("product", "vendor", "version")}
    s = spec_iri(text["vendor"], text["product"], text["version"])
    g = Graph()
    g.bind("ea", EA)
    g.add((s, RDF.type, EA.VendorSpecification))
    for key, v in raw.scalars.items():
        f = FIELDS[key]
        vals = v.value if isinstance(v.value, list) else [v.value]
        if v.value is None or vals == []:
            continue
        if not f.multi and len(vals) > 1:
            raise InputError(msg(f"'{key}' takes one value", f"'{key}' kan bare ha én verdi"), **v.where)

        def err(i, problem, hint=None, v=v):
            return InputError(problem, **v.where, hint=hint)

        for o in resolve_values(f, vals, err):
            g.add((s, f.predicate, o))
    notes = list(raw.notes)
    lookup = set(standard_lookup().values())
    for row in raw.lists.get("standards", []):
        std = row.get("standard")
        if std is None:
            raise InputError(
                msg("the standard is missing", "standarden mangler"), **next(iter(row.values())).where,
                hint=msg("give a standard id", "oppgi en standard-id")
            )
        name = str(std.value)
        version = row.get("version")
        if version is not None and not _norm(name).endswith(_norm(version.value)):
            name = f"{name} {version.value}"
        (iri,) = resolve_values(
            FIELDS["standards"], [name], lambda i, p, h=None, std=std: InputError(p, **std.where, hint=h)
        )
        g.add((s, EA.supportsStandard, iri))
        if iri not in lookup:
            tail = str(iri).rsplit("/", 1)[-1]
            notes.append(
                {
                    "nb": f"Standarden «{tail}» finnes ikke i katalogen og oppfyller derfor ingen krav.",
                    "en": f"The standard '{tail}' is not in the catalogue, so it meets no requirement.",
                }
            )
    protocols = catalog.scheme_notations("protocol")
    for row in raw.lists.get("components", []):
        comp = row.get("component")
        if comp is None:
            raise InputError(
                msg("the component is missing", "fellesløsningen mangler"), **next(iter(row.values())).where,
                hint=msg("give a component id", "oppgi id-en til fellesløsningen")
            )
        (c,) = resolve_values(
            FIELDS["components"],
            [comp.value],
            lambda i, p, h=None, comp=comp: InputError(p, **comp.where, hint=h),
        )
        g.add((s, EA.integratesComponent, c))
        ci = URIRef(f"{s}/integration/{str(c).rsplit('/', 1)[-1]}")
        g.add((s, EA.componentIntegration, ci))
        g.add((ci, RDF.type, EA.ComponentIntegration))
        g.add((ci, EA.component, c))
        if row.get("protocol") is not None:
            g.add((ci, EA.protocol, _protocol(row["protocol"], protocols)))
    for i, row in enumerate(raw.lists.get("apis", []), start=1):
        a = URIRef(f"{s}/api/{i}")
        g.add((s, EA.offersApi, a))
        g.add((a, RDF.type, EA.Interface))
        g.add((a, EA.name, Literal(str(row["name"].value) if row.get("name") else f"API {i}")))
        if row.get("protocol") is not None:
            g.add((a, EA.protocol, _protocol(row["protocol"], protocols)))
        if row.get("documentation") is not None:
            doc = row["documentation"]
            if not URL.match(str(doc.value)):
                raise InputError(
                    msg(f"'{doc.value}' is not a web address", f"'{doc.value}' er ikke en nettadresse"), **doc.where,
                    hint=msg("write the full https:// address", "skriv hele https://-adressen")
                )
            g.add((a, EA.url, Literal(str(doc.value), datatype=XSD.anyURI)))
        if row.get("standard") is not None:
            std = row["standard"]
            (iri,) = resolve_values(
                FIELDS["standards"],
                [std.value],
                lambda i, p, h=None, std=std: InputError(p, **std.where, hint=h),
            )
            g.add((a, EA.supportsStandard, iri))
    return Spec(s, g, text["product"], text["vendor"], text["version"], raw.file, notes)


def _protocol(v: Value, protocols: dict) -> URIRef:
    p = str(v.value).strip()
    if p not in protocols:
        raise InputError(msg(f"unknown protocol '{p}'", f"ukjent protokoll '{p}'"), **v.where,
                         hint=msg(f"use one of {', '.join(protocols)}", f"bruk en av {', '.join(protocols)}"))
    return protocols[p]


def load_spec(path: Path) -> Spec:
    """Read and check a vendor specification (XLSX, JSON or Turtle); raises InputError saying where."""
    path = Path(path)
    problem = file_problem(path)  # missing, not a regular file (a device, a pipe), larger than --max-file-mb
    if problem is not None:
        raise problem
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(
            msg(f"unknown file type '{path.suffix}'", f"ukjent filtype '{path.suffix}'"), file=str(path),
            hint=msg(f"use {', '.join(READERS)}", f"bruk {', '.join(READERS)}")
        )
    return build(reader(path))
