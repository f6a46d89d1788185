"""The ArchiMate model in memory (format-neutral records), the mapping table, and the two conversions
model -> inventory graph and inventory graph -> model.

Readers (exchange XML, Archi CSV) produce a `Model`; writers consume one. Only this module knows how
ArchiMate concepts land on the ontology, and it does so from one table, `ELEMENT_MAP` /
`RELATIONSHIP_MAP` / `DERIVED`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from .. import catalog
from ..errors import InputError
from ..i18n import msg, text
from ..inventory.build import _Builder, _values, inventory_iri
from ..inventory.readers import RawInventory, Row
from ..inventory.schema import SHEETS_BY_NAME
from ..namespaces import EA, ID, ID_PATTERN, PREFIXES, kommune, thing

# --- the mapping table --------------------------------------------------------------------------

# ArchiMate element type -> (role, ea class, IRI segment). Every type not listed is kept as an
# ea:ArchimateElement with its ArchiMate type, so nothing is dropped.
ELEMENT_MAP: dict[str, tuple[str, str, str]] = {
    "ApplicationComponent": ("system", "System", "system"),
    "ApplicationInterface": ("interface", "Interface", "interface"),
    "DataObject": ("data", "DataObject", "element"),
    "Node": ("hosting", "HostingElement", "element"),
    "SystemSoftware": ("hosting", "HostingElement", "element"),
    "TechnologyService": ("hosting", "HostingElement", "element"),
}
OTHER_ELEMENT = ("other", "ArchimateElement", "element")

# Relationship types that become an ea:Integration when both ends are applications (a system of
# this inventory or a national component); source = provider, target = consumer.
RELATIONSHIP_MAP: dict[str, str] = {
    "Flow": "Integration",
    "Serving": "Integration",
    "Triggering": "Integration",
}

# Relationships that stay ArchiMate relationships but also set an inventory field:
# (relationship types, source role, target role, subject end, predicate, object end)
DERIVED = (
    ({"Composition", "Assignment", "Aggregation"}, "system", "interface", "target", EA.providedBy, "source"),
    ({"Serving", "Assignment", "Realization"}, "hosting", "system", "target", EA.hostedOn, "source"),
    ({"Serving", "Assignment", "Realization"}, "system", "hosting", "source", EA.hostedOn, "target"),
)

# XML attributes of relationships kept as typed values (with the schema defaults the XSD declares).
REL_ATTRS = {
    "accessType": (EA.accessType, "Access", "Write"),
    "isDirected": (EA.isDirected, "Association", "false"),
    "modifier": (EA.modifier, "Influence", None),
}

SHEET_OF = {"system": "systems", "interface": "interfaces", "integration": "integrations"}
SKIP_COLUMNS = {"id", "name", "description", "provider", "consumer", "providedBy"}
NB_ORDER = ("nb", "nb-no", "no", "nn", "nn-no", None, "en")

LangText = tuple[str, str | None]


@dataclass
class Prop:
    key: str | None  # the definition's name (CSV: the key)
    ref: str | None  # propertyDefinitionRef (XML)
    values: list[LangText]
    line: int | None = None
    file: str | None = None


@dataclass
class Concept:
    id: str
    type: str
    names: list[LangText] = field(default_factory=list)
    docs: list[LangText] = field(default_factory=list)
    props: list[Prop] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    target: str | None = None
    xml: str | None = None  # views: the diagram as XML, kept as metadata
    line: int | None = None
    file: str | None = None  # where it was read, when the model spans several files (Archi CSV)


@dataclass
class Folder:
    id: str | None
    names: list[LangText]
    docs: list[LangText]
    parent: int | None
    position: int
    members: list[str] = field(default_factory=list)
    line: int | None = None


@dataclass
class Model:
    file: str = ""
    id: str = ""
    names: list[LangText] = field(default_factory=list)
    docs: list[LangText] = field(default_factory=list)
    props: list[Prop] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)
    metadata: str | None = None
    elements: list[Concept] = field(default_factory=list)
    relationships: list[Concept] = field(default_factory=list)
    views: list[Concept] = field(default_factory=list)
    propdefs: list[Concept] = field(default_factory=list)  # type = data type, names = definition name
    folders: list[Folder] = field(default_factory=list)
    specializations: dict[str, str] = field(default_factory=dict)  # Archi CSV "Specialization" column

    @property
    def size(self) -> int:
        return len(self.elements) + len(self.relationships) + len(self.views)


def safe_id(ident: str) -> str:
    """Map an ArchiMate identifier to an inventory id (ID_PATTERN), deterministically."""
    if ID_PATTERN.match(ident):
        return ident
    s = re.sub(r"[^A-Za-z0-9._-]+", "-", ident).strip("-._")[:100] or "x"
    return f"{s}-{hashlib.sha1(ident.encode()).hexdigest()[:8]}"


def xml_id(rid: str) -> str:
    """An inventory id as an xs:ID (NCName) for export."""
    return rid if re.match(r"^[A-Za-z_][A-Za-z0-9._-]*$", rid) else f"id-{rid}"


def _norm(s: str) -> str:
    return re.sub(r"[^0-9a-zæøå]", "", s.casefold())


def national_components() -> dict[str, URIRef]:
    g = catalog.catalog_graph()
    out = {}
    for cid, iri in catalog.component_ids().items():
        out[_norm(cid)] = iri
        for n in g.objects(iri, EA.name):
            out.setdefault(_norm(str(n)), iri)
    return out


def pick(texts: list[LangText]) -> str | None:
    """The name to show: nb first, then other Norwegian, untagged, English, anything."""
    if not texts:
        return None
    by = {(lang or "").lower() or None: t for t, lang in texts}
    for lang in NB_ORDER:
        if lang in by:
            return by[lang]
    return texts[0][0]


def _lit(text: str, lang: str | None) -> Literal:
    return Literal(text, lang=lang) if lang else Literal(text)


# --- model -> graph -----------------------------------------------------------------------------

_END_NB = {"source": "kilde", "target": "mål"}  # a relationship's ends, in bokmål
_ROLES_NB = {"system": "systemer", "interface": "grensesnitt", "integration": "integrasjoner"}


class ToGraph:
    def __init__(self, model: Model, k: str):
        self.m, self.k = model, k
        self.g = Graph()
        for prefix, ns in PREFIXES.items():
            self.g.bind(prefix, ns)
        self.iri: dict[str, URIRef] = {}
        self.role: dict[str, str] = {}
        self.national: dict[str, URIRef] = {}
        self.builder = _Builder(RawInventory(files=[]), k)

    def fail(self, c, problem: str, hint: str | None = None):
        raise InputError(
            problem,
            file=getattr(c, "file", None) or self.m.file,
            line=c.line if c else None,
            element=getattr(c, "id", None),
            hint=hint,
        )

    def build(self) -> Graph:
        m, g, k = self.m, self.g, self.k
        seen: dict[str, object] = {}
        for c in [*m.elements, *m.relationships, *m.views, *m.propdefs, *(f for f in m.folders if f.id)]:
            if c.id in seen:
                first = seen[c.id]
                self.fail(
                    c,
                    msg(f"duplicate identifier '{c.id}'" + (f" (first used on line {first.line})" if first.line else ""),
                        f"identifikatoren '{c.id}' er brukt mer enn én gang"
                        + (f" (første gang på linje {first.line})" if first.line else "")),
                    msg("identifiers must be unique in the whole model", "identifikatorer må være unike i hele modellen"),
                )
            seen[c.id] = c
        ends = {c.id for c in m.elements} | {r.id for r in m.relationships}
        for r in m.relationships:  # checked before any graph is built, so a bad large file fails fast
            for what, end in (("source", r.source), ("target", r.target)):
                if end not in ends:
                    self.fail(
                        r,
                        msg(f"the relationship's {what} '{end}' is not an element or relationship of the model",
                            f"relasjonens {_END_NB[what]} '{end}' er ikke et element eller en relasjon i modellen"),
                        msg("export the model again, or remove the relationship",
                            "eksporter modellen på nytt, eller fjern relasjonen"),
                    )
        comps = national_components()
        ids: dict[str, dict[str, str]] = {"system": {}, "interface": {}, "integration": {}}
        for e in m.elements:
            role, cls, seg = ELEMENT_MAP.get(e.type, OTHER_ELEMENT)
            comp = comps.get(_norm(pick(e.names) or "")) if role == "system" else None
            if comp is not None:  # an application named like a national component refers to the catalogue
                role, cls, seg = "national", "ArchimateElement", "element"
                self.national[e.id] = comp
            rid = self._row_id(e) if role in ids else safe_id(e.id)
            if role in ids:
                if rid in ids[role]:
                    self.fail(
                        e,
                        msg(f"two {role}s map to the id '{rid}' (also '{ids[role][rid]}')",
                            f"to {_ROLES_NB[role]} får id-en '{rid}' (også '{ids[role][rid]}')"),
                        msg("give one of them a property 'id'", "gi en av dem egenskapen 'id'"),
                    )
                ids[role][rid] = e.id
            self.iri[e.id], self.role[e.id] = thing(k, seg, rid), role
            g.add((self.iri[e.id], RDF.type, EA[cls]))
            if cls not in ("System", "Interface", "ArchimateElement"):
                g.add((self.iri[e.id], RDF.type, EA.ArchimateElement))
            if comp is not None:
                g.add((self.iri[e.id], EA.nationalComponent, comp))
        for r in m.relationships:
            self.iri[r.id] = ID[f"{k}/relationship/{safe_id(r.id)}"]
        app = {"system", "national"}
        for r in m.relationships:
            if (
                RELATIONSHIP_MAP.get(r.type) == "Integration"
                and self.role.get(r.source) in app
                and self.role.get(r.target) in app
            ):
                rid = self._row_id(r)
                if rid in ids["integration"]:
                    self.fail(r, msg(f"two integrations map to the id '{rid}'", f"to integrasjoner får id-en '{rid}'"))
                ids["integration"][rid] = r.id
                self.iri[r.id], self.role[r.id] = thing(k, "integration", rid), "integration"
                g.add((self.iri[r.id], RDF.type, EA.Integration))
                g.add((self.iri[r.id], EA.provider, self._app(r.source)))
                g.add((self.iri[r.id], EA.consumer, self._app(r.target)))
            else:
                g.add((self.iri[r.id], RDF.type, EA.ArchimateRelationship))
        self.ids = ids
        self.defs = {d.id: d for d in m.propdefs}
        for d in m.propdefs:
            self.iri[d.id] = ID[f"{k}/propertydef/{safe_id(d.id)}"]
            self._common(d, EA.PropertyDefinition)
            g.add((self.iri[d.id], EA.dataType, Literal(d.type)))
        for c in [*m.elements, *m.relationships]:
            self._common(c, None)
        for r in m.relationships:
            node = self.iri[r.id]
            g.add((node, EA.source, self.iri[r.source]))
            g.add((node, EA.target, self.iri[r.target]))
            for attr, value in r.attrs.items():
                pred = REL_ATTRS[attr][0]
                g.add((node, pred, Literal(value == "true") if attr == "isDirected" else Literal(value)))
            for types, src_role, tgt_role, subj, pred, _obj in DERIVED:
                if (
                    r.type in types
                    and self.role.get(r.source) == src_role
                    and self.role.get(r.target) == tgt_role
                ):
                    s, o = (r.source, r.target) if subj == "source" else (r.target, r.source)
                    if pred != EA.providedBy or (self.iri[s], pred, None) not in g:
                        g.add((self.iri[s], pred, self.iri[o]))
        for i, v in enumerate(m.views):
            self.iri[v.id] = ID[f"{k}/view/{safe_id(v.id)}"]
            self._common(v, EA.View)
            g.add((self.iri[v.id], EA.viewXml, Literal(v.xml or "")))
            g.add((self.iri[v.id], EA.position, Literal(i)))
        self._folders()
        self._model_info()
        g += self.builder.g  # vendor and organisation nodes the column conversion created
        return g

    def _row_id(self, c: Concept) -> str:
        for p in c.props:
            if self._key(p).lower() == "id":
                v = p.values[0][0].strip() if p.values else ""
                if not ID_PATTERN.match(v):
                    self.fail(
                        c,
                        msg(f"the property 'id' = '{v}' is not a valid id", f"egenskapen 'id' = '{v}' er ikke en gyldig id"),
                        msg("use letters, digits, '.', '-' and '_'", "bruk bokstaver, sifre, '.', '-' og '_'"),
                    )
                return v
        return safe_id(c.id)

    def _app(self, ident: str) -> URIRef:
        return self.national.get(ident) or self.iri[ident]

    def _key(self, p: Prop) -> str:
        if p.key is None:
            d = next((d for d in self.m.propdefs if d.id == p.ref), None)
            if d is None:
                raise InputError(
                    msg(f"the property refers to the property definition '{p.ref}', which the model does not define",
                        f"egenskapen viser til egenskapsdefinisjonen '{p.ref}', som modellen ikke definerer"),
                    file=self.m.file,
                    line=p.line,
                    element=p.ref,
                    hint=msg("add the propertyDefinition or remove the property",
                             "legg til propertyDefinition eller fjern egenskapen"),
                )
            p.key = pick(d.names) or d.id
        return p.key

    def _common(self, c: Concept, cls) -> None:
        g, node = self.g, self.iri[c.id]
        if cls is not None:
            g.add((node, RDF.type, cls))
        g.add((node, EA.archimateIdentifier, Literal(c.id)))
        g.add((node, EA.archimateType, Literal(c.type)))
        for t, lang in c.names:
            g.add((node, EA.name, _lit(t, lang)))
        for t, lang in c.docs:
            g.add((node, EA.description, _lit(t, lang)))
        if c.id in self.m.specializations:
            g.add((node, EA.specialization, Literal(self.m.specializations[c.id])))
        role = self.role.get(c.id)
        sheet = SHEETS_BY_NAME.get(SHEET_OF.get(role, ""))
        if sheet is not None:
            g.add((node, EA.id, Literal(str(node).rsplit("/", 1)[-1])))
            g.add((node, EA.inventoryOf, kommune(self.k)))
            if role == "system":
                g.add((node, RDFS.label, Literal(pick(c.names) or c.id)))
        for p in c.props:
            key = self._key(p)
            col = {x.name.lower(): x for x in sheet.columns}.get(key.lower()) if sheet else None
            if col is not None and key.lower() != "id" and col.name not in SKIP_COLUMNS:
                self._column(c, node, col, p)
            elif key.lower() != "id" or sheet is None:
                self._property(node, p)

    def _column(self, c: Concept, node, col, p: Prop) -> None:
        raw = ";".join(t for t, _ in p.values) if col.multi else (p.values[0][0] if p.values else "")
        try:
            values = _values(col, raw)
            for v in values:
                if col.kind in ("system", "interface", "node"):
                    objs = [self._ref(col.kind, v)]
                else:
                    objs = getattr(self.builder, f"_kind_{col.kind}")(col, v, Row({}, self.m.file, "", 0))
                for o in objs:
                    self.g.add((node, col.predicate, o))
        except ValueError as exc:
            problem, *hint = exc.args
            raise InputError(
                msg(f"property '{col.name}': {problem}", f"egenskapen '{col.name}': {text(problem, 'nb')}"),
                file=p.file or c.file or self.m.file,
                line=p.line or c.line,
                element=c.id,
                hint=hint[0] if hint else None,
            ) from None

    def _ref(self, kind: str, v: str) -> URIRef:
        v = v.strip()
        if kind in ("system", "node") and v in self.ids["system"]:
            return thing(self.k, "system", v)
        if kind == "interface" and v in self.ids["interface"]:
            return thing(self.k, "interface", v)
        if kind == "node" and v in catalog.component_ids():
            return catalog.component_ids()[v]
        raise ValueError(msg(
            f"'{v}' is not the id of a {'system' if kind != 'interface' else 'interface'} in this model",
            f"'{v}' er ikke id-en til et {'system' if kind != 'interface' else 'grensesnitt'} i denne modellen",
        ))

    def _property(self, node, p: Prop) -> None:
        b = BNode()
        self.g.add((node, EA.property, b))
        self.g.add((b, EA.key, Literal(p.key)))
        for t, lang in p.values:
            self.g.add((b, EA.value, _lit(t, lang)))
        if p.ref and p.ref in self.iri:
            self.g.add((b, EA.propertyDefinition, self.iri[p.ref]))

    def _folders(self) -> None:
        g, k = self.g, self.k
        fiiri = []
        for f in self.m.folders:
            path = []
            x = f
            while x is not None:
                path.append(str(x.position))
                x = self.m.folders[x.parent] if x.parent is not None else None
            node = ID[f"{k}/folder/{'.'.join(reversed(path))}"]
            fiiri.append(node)
            g.add((node, RDF.type, EA.Folder))
            g.add((node, EA.position, Literal(f.position)))
            if f.id:
                g.add((node, EA.archimateIdentifier, Literal(f.id)))
            for t, lang in f.names:
                g.add((node, EA.name, _lit(t, lang)))
            for t, lang in f.docs:
                g.add((node, EA.description, _lit(t, lang)))
            if f.parent is not None:
                g.add((node, EA.parentFolder, fiiri[f.parent]))
            for ref in f.members:
                if ref not in self.iri:
                    raise InputError(
                        msg(f"the organisation folder '{pick(f.names)}' refers to '{ref}', which is not in the model",
                            f"organisasjonsmappen '{pick(f.names)}' viser til '{ref}', som ikke finnes i modellen"),
                        file=self.m.file,
                        line=f.line,
                        element=ref,
                        hint=msg("remove the item or add the concept", "fjern elementet eller legg til konseptet"),
                    )
                g.add((self.iri[ref], EA.folder, node))

    def _model_info(self) -> None:
        g, m, k = self.g, self.m, self.k
        node = ID[f"{k}/archimate-model"]
        g.add((node, RDF.type, EA.ModelInfo))
        g.add((node, EA.archimateIdentifier, Literal(m.id)))
        for t, lang in m.names:
            g.add((node, EA.name, _lit(t, lang)))
        for t, lang in m.docs:
            g.add((node, EA.description, _lit(t, lang)))
        for p in m.props:
            self._key(p)
            self._property(node, p)
        if m.metadata:
            g.add((node, EA.metadataXml, Literal(m.metadata)))
        if m.attrs.get("version"):
            g.add((node, EA.version, Literal(m.attrs["version"])))
        inv = inventory_iri(k)
        g.add((inv, RDF.type, EA.Inventory))
        g.add((inv, EA.kommune, kommune(k)))
        g.add((inv, EA.archimateModel, node))
        if pick(m.names):
            g.add((inv, EA.name, Literal(pick(m.names))))


def to_graph(model: Model, k: str) -> Graph:
    return ToGraph(model, k).build()


# --- graph -> model -----------------------------------------------------------------------------


def _texts(g: Graph, node, pred) -> list[LangText]:
    return sorted(((str(o), o.language) for o in g.objects(node, pred)), key=lambda x: (x[1] or "", x[0]))


def _column_text(g: Graph, col, o) -> str:
    if col.kind in ("vendor", "org"):
        return str(g.value(o, EA.name) or str(o).rsplit("/", 1)[-1])
    if isinstance(o, URIRef):
        return str(o).rstrip("/").rsplit("/", 1)[-1]
    if isinstance(o, Literal) and o.datatype == XSD.boolean:
        return "true" if o.toPython() else "false"
    return str(o)


def from_graph(g: Graph, k: str) -> Model:
    """Rebuild an ArchiMate model from a kommune's inventory graph (any origin: tabular, RDF, ArchiMate)."""
    info = next(iter(g.subjects(RDF.type, EA.ModelInfo)), None)
    inv = inventory_iri(k)
    m = Model(id=str(g.value(info, EA.archimateIdentifier)) if info is not None else f"id-model-{k}")
    if info is not None:
        m.names, m.docs = _texts(g, info, EA.name), _texts(g, info, EA.description)
        m.metadata = str(g.value(info, EA.metadataXml)) if g.value(info, EA.metadataXml) else None
        if g.value(info, EA.version):
            m.attrs["version"] = str(g.value(info, EA.version))
    else:
        m.names = [(str(g.value(inv, EA.name) or f"Inventory {k}"), None)]
        m.docs = _texts(g, inv, EA.description)
    defs: dict[str, Concept] = {}
    for d in sorted(g.subjects(RDF.type, EA.PropertyDefinition), key=lambda d: str(g.value(d, EA.archimateIdentifier))):
        c = Concept(
            str(g.value(d, EA.archimateIdentifier)),
            str(g.value(d, EA.dataType) or "string"),
            _texts(g, d, EA.name),
        )
        defs[pick(c.names) or c.id] = c
    m.propdefs = list(defs.values())

    def prop(key: str, values: list[LangText]) -> Prop:
        if key not in defs:
            d = Concept(f"propid-{hashlib.sha1(key.encode()).hexdigest()[:12]}", "string", [(key, None)])
            defs[key] = d
            m.propdefs.append(d)
        return Prop(key, defs[key].id, values)

    def generic(node) -> list[Prop]:
        out = []
        for b in g.objects(node, EA.property):
            out.append(prop(str(g.value(b, EA.key)), _texts(g, b, EA.value)))
        return sorted(out, key=lambda p: (p.key, p.values))

    if info is not None:
        m.props = generic(info)
    ident: dict = {}
    for cls in (EA.System, EA.Interface):
        for s in g.subjects(RDF.type, cls):
            ident[s] = str(g.value(s, EA.archimateIdentifier) or xml_id(str(g.value(s, EA.id))))
    for s in g.subjects(RDF.type, EA.ArchimateElement):
        ident[s] = str(g.value(s, EA.archimateIdentifier))
    national = {g.value(s, EA.nationalComponent): s for s in g.subjects(EA.nationalComponent, None)}
    cg = catalog.catalog_graph()
    extra: list[Concept] = []

    def endpoint(o) -> str:
        if o in ident:
            return ident[o]
        if o not in national:  # a national component only named in the inventory: add it as an application
            cid = str(cg.value(o, EA.id) or str(o).rsplit("/", 1)[-1])
            c = Concept(xml_id(cid), "ApplicationComponent", [(str(cg.value(o, EA.name) or cid), None)])
            extra.append(c)
            national[o] = o
            ident[o] = c.id
        return ident[national[o]]

    sheets = {EA.System: "systems", EA.Interface: "interfaces", EA.Integration: "integrations"}

    def concept(s, default_type: str) -> Concept:
        c = Concept(
            ident[s],
            str(g.value(s, EA.archimateType) or default_type),
            _texts(g, s, EA.name),
            _texts(g, s, EA.description),
        )
        if not c.names and g.value(s, RDFS.label):
            c.names = [(str(g.value(s, RDFS.label)), None)]
        cls = next((sheets[t] for t in g.objects(s, RDF.type) if t in sheets), None)
        if cls:
            rid = str(g.value(s, EA.id))
            if safe_id(c.id) != rid:
                c.props.append(prop("id", [(rid, None)]))
            for col in SHEETS_BY_NAME[cls].columns:
                if col.name in SKIP_COLUMNS:
                    continue
                vals = sorted(_column_text(g, col, o) for o in g.objects(s, col.predicate))
                if vals:
                    key = next((n for n in defs if n.lower() == col.name.lower()), col.name)
                    c.props.append(prop(key, [(";".join(vals), None)]))
        c.props += generic(s)
        if g.value(s, EA.specialization):
            m.specializations[c.id] = str(g.value(s, EA.specialization))
        return c

    for s in sorted(ident, key=lambda x: ident[x]):
        atype = "ApplicationInterface" if (s, RDF.type, EA.Interface) in g else "ApplicationComponent"
        m.elements.append(concept(s, atype))
    rels: list[tuple] = []
    for s in g.subjects(RDF.type, EA.ArchimateRelationship):
        rels.append((s, g.value(s, EA.source), g.value(s, EA.target)))
    for s in g.subjects(RDF.type, EA.Integration):
        rels.append(
            (
                s,
                g.value(s, EA.source) or g.value(s, EA.provider),
                g.value(s, EA.target) or g.value(s, EA.consumer),
            )
        )
    for s, _, _ in rels:
        ident[s] = str(g.value(s, EA.archimateIdentifier) or xml_id(str(g.value(s, EA.id))))
    for s, src, tgt in sorted(rels, key=lambda r: ident[r[0]]):
        c = concept(s, "Flow")
        c.source, c.target = endpoint(src), endpoint(tgt)
        for attr, (pred, _, _) in REL_ATTRS.items():
            v = g.value(s, pred)
            if v is not None:
                c.attrs[attr] = ("true" if v.toPython() else "false") if attr == "isDirected" else str(v)
        m.relationships.append(c)
    for iface in g.subjects(RDF.type, EA.Interface):  # providedBy from the tabular inventory
        sysn = g.value(iface, EA.providedBy)
        if sysn is not None and not any(
            g.value(r, EA.source) == sysn and g.value(r, EA.target) == iface for r, _, _ in rels
        ):
            m.relationships.append(
                Concept(f"{ident[iface]}-providedBy", "Composition", source=ident[sysn], target=ident[iface])
            )
    for s in g.subjects(RDF.type, EA.System):
        for host in g.objects(s, EA.hostedOn):
            if not any({g.value(r, EA.source), g.value(r, EA.target)} == {s, host} for r, _, _ in rels):
                m.relationships.append(
                    Concept(f"{ident[s]}-hostedOn", "Serving", source=ident[host], target=ident[s])
                )
    m.elements += extra
    views = sorted(g.subjects(RDF.type, EA.View), key=lambda v: g.value(v, EA.position).toPython())
    for v in views:
        ident[v] = str(g.value(v, EA.archimateIdentifier))
        m.views.append(
            Concept(
                ident[v],
                str(g.value(v, EA.archimateType) or "Diagram"),
                _texts(g, v, EA.name),
                _texts(g, v, EA.description),
                xml=str(g.value(v, EA.viewXml)),
            )
        )
    folders = sorted(
        g.subjects(RDF.type, EA.Folder), key=lambda f: [int(x) for x in str(f).rsplit("/", 1)[-1].split(".")]
    )
    index = {f: i for i, f in enumerate(folders)}
    for f in folders:
        parent = g.value(f, EA.parentFolder)
        aid = g.value(f, EA.archimateIdentifier)
        m.folders.append(
            Folder(
                str(aid) if aid else None,
                _texts(g, f, EA.name),
                _texts(g, f, EA.description),
                index.get(parent),
                g.value(f, EA.position).toPython(),
                sorted(ident[s] for s in g.subjects(EA.folder, f) if s in ident),
            )
        )
    return m
