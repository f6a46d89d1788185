"""Inter-municipal co-operations (interkommunale IKT-samarbeid) as first-class things.

A co-operation is declared once, with its members: in the catalogue (catalog/cooperations.ttl, for known
ones with a source) or by the user (``import_declarations``: a small YAML or CSV file), stored in its own
named graph. A shared installation lives once, in the co-operation's own inventory (``import_inventory``,
imported for the co-operation id instead of a kommunenummer), with its integrations; a member's inventory
refers to it as ``{co-operation id}:{system id}`` wherever a system id may stand (provider, consumer, via).

Layout in the repository (named graphs):
- graph/cooperation/{id}             the declaration (id, name, orgnr, members, source)
- graph/cooperation/{id}/inventory   the co-operation's own inventory (its shared installations)
- graph/cooperation/{id}/previous    that inventory before its last import

A check of a member reads the inventories of the co-operations it belongs to as read-only context
(``context_graphs``): the rules and the graph analyses see the shared installations and their flows, and
findings about the shared installations themselves belong to the co-operation's own check, where its
inventory is a subject of its own (keyed by the co-operation id; ids start with a letter, kommunenummer are
digits). Nothing here prints.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from . import catalog
from .errors import InputError, UsageError
from .i18n import msg
from .namespaces import (
    COOPERATION_ID,
    DCT,
    EA,
    GRAPH,
    ID,
    KOMMUNE,
    META_GRAPH,
    PREFIXES,
    PROV,
    cooperation,
    kommune,
    organisation,
    slug,
)

FIELDS = ("id", "name", "orgnr", "members", "source", "fictional")
REQUIRED = ("id", "name", "members")
_PREFIX = str(ID["cooperation/"])


# --- names ---------------------------------------------------------------------------------------------


def declaration_graph(coop_id: str) -> URIRef:
    return GRAPH[f"cooperation/{coop_id}"]


def inventory_graph(coop_id: str) -> URIRef:
    return GRAPH[f"cooperation/{coop_id}/inventory"]


def previous_graph(coop_id: str) -> URIRef:
    return GRAPH[f"cooperation/{coop_id}/previous"]


def is_cooperation(subject: str) -> bool:
    """A check subject that is a co-operation (its id starts with a letter) rather than a kommune."""
    return bool(subject) and subject[0].isalpha()


def inventory_node(subject: str) -> URIRef:
    """The ea:Inventory node of a kommune's or a co-operation's inventory."""
    return ID[f"cooperation/{subject}/inventory"] if is_cooperation(subject) else ID[f"{subject}/inventory"]


def owner_of(iri: str) -> str | None:
    """The co-operation id of a thing in a co-operation's inventory (None for anything else)."""
    if not str(iri).startswith(_PREFIX):
        return None
    return str(iri)[len(_PREFIX):].split("/", 1)[0]


@dataclass(frozen=True)
class Cooperation:
    id: str
    name: str
    members: tuple[str, ...]
    orgnr: str | None = None
    source: str | None = None
    fictional: bool = False
    origin: str = "repository"  # "catalog" or "repository"

    @property
    def iri(self) -> URIRef:
        return cooperation(self.id)

    def graph(self) -> Graph:
        g = _bind(Graph())
        s = self.iri
        g.add((s, RDF.type, EA.InterMunicipalOrganisation))
        g.add((s, EA.id, Literal(self.id)))
        g.add((s, EA.name, Literal(self.name)))
        for k in self.members:
            g.add((s, EA.member, kommune(k)))
        if self.orgnr:
            g.add((s, EA.orgnr, Literal(self.orgnr)))
        if self.source:
            g.add((s, DCT.source, Literal(self.source)))
        if self.fictional:
            g.add((s, EA.fictional, Literal(True)))
        return g


def _bind(g: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def from_graph(g: Graph, origin: str) -> dict[str, Cooperation]:
    out = {}
    for s in g.subjects(RDF.type, EA.InterMunicipalOrganisation):
        if not str(s).startswith(_PREFIX) or g.value(s, EA.id) is None:
            continue  # an operator named in an inventory (operatedBy), not a declared co-operation
        cid = str(g.value(s, EA.id))
        members = tuple(sorted(str(k)[len(str(KOMMUNE)):] for k in g.objects(s, EA.member)))
        out[cid] = Cooperation(cid, str(g.value(s, EA.name) or cid), members,
                               str(g.value(s, EA.orgnr)) if g.value(s, EA.orgnr) is not None else None,
                               str(g.value(s, DCT.source)) if g.value(s, DCT.source) is not None else None,
                               g.value(s, EA.fictional) == Literal(True), origin)
    return out


def _catalogue_cooperations() -> dict[str, Cooperation]:
    """The catalogue's co-operations, from the compiled reference data (ea_repo/compiled.py)."""
    from dataclasses import asdict

    from . import compiled

    raw = compiled.json_entry("cooperations.json", lambda: [asdict(c) for c in
                                                            from_graph(catalog.catalog_graph(), "catalog").values()])
    return {r["id"]: Cooperation(**{**r, "members": tuple(r["members"])}) for r in raw}


def declared(repo=None, cat: Graph | None = None) -> dict[str, Cooperation]:
    """Every declared co-operation: the catalogue's, then the repository's (by id)."""
    out = from_graph(cat, "catalog") if cat is not None else _catalogue_cooperations()
    if repo is not None:
        for cid in repository_ids(repo):
            out.update(from_graph(repo.graph(declaration_graph(cid)), "repository"))
    return dict(sorted(out.items()))


def repository_ids(repo) -> list[str]:
    prefix = str(GRAPH["cooperation/"])
    return sorted(g[len(prefix):] for g in repo.named_graphs(prefix) if "/" not in g[len(prefix):])


def get(repo, coop_id: str) -> Cooperation:
    """The declared co-operation, or a UsageError naming the ones there are."""
    coops = declared(repo)
    if coop_id not in coops:
        near = _nearest(coop_id, coops)
        known = ", ".join(coops) or "none"
        raise UsageError(msg(f"'{coop_id}' is not a declared co-operation"
                             + (f"; did you mean '{near}'?" if near else "")
                             + f" (declared: {known}); declare it with `ea-repo cooperation import FILE`",
                             f"'{coop_id}' er ikke et registrert samarbeid"
                             + (f"; mente du '{near}'?" if near else "")
                             + f" (registrert: {', '.join(coops) or 'ingen'}); registrer det med "
                             "`ea-repo cooperation import FILE`"))
    return coops[coop_id]


def of_kommune(coops: dict[str, Cooperation], code: str) -> list[Cooperation]:
    return [c for c in coops.values() if code in c.members]


def has_inventory(repo, coop_id: str) -> bool:
    from .store import to_ox

    return repo.store.contains_named_graph(to_ox(inventory_graph(coop_id)))


def with_inventory(repo) -> list[str]:
    """Ids of the declared co-operations whose own inventory the repository holds."""
    held = set(repo.named_graphs(str(GRAPH["cooperation/"])))
    return [cid for cid in declared(repo) if str(inventory_graph(cid)) in held]


def inventory(repo, coop_id: str) -> Graph:
    return repo.graph(inventory_graph(coop_id))


def _nearest(s: str, options) -> str | None:
    import difflib

    m = difflib.get_close_matches(s, list(options), n=1, cutoff=0.6)
    return m[0] if m else None


# --- declarations from a file ---------------------------------------------------------------------------


@dataclass
class _Entry:
    values: dict  # field -> value
    lines: dict  # field -> line (YAML) ; the entry's own line under ""
    row: int | None = None  # CSV row (header = row 1)


def _where(file: str, e: _Entry, field: str) -> dict:
    if e.row is not None:
        return {"file": file, "row": e.row, "column": field}
    return {"file": file, "line": e.lines.get(field, e.lines.get("")), "element": field}


def _yaml_entries(text: str, file: str) -> list[_Entry]:
    import yaml

    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        detail = getattr(exc, "problem", None) or exc
        raise InputError(msg(f"not valid YAML ({detail})", f"ikke gyldig YAML ({detail})"), file=file,
                         line=mark.line + 1 if mark else None,
                         hint=msg("check the indentation and the quotes", "sjekk innrykkene og anførselstegnene")) from None
    if root is None:
        raise InputError(msg("the file declares no co-operation", "filen beskriver ikke noe samarbeid"), file=file,
                         hint=msg("see README, Co-operations", "se README, Co-operations"))
    if isinstance(root, yaml.MappingNode):
        keys = {k.value: v for k, v in root.value}
        root = keys["cooperations"] if set(keys) == {"cooperations"} else yaml.SequenceNode("tag:yaml.org,2002:seq", [root])
    if not isinstance(root, yaml.SequenceNode):
        raise InputError(msg("expected a list of co-operations (or one co-operation)",
                             "forventet en liste med samarbeid (eller ett samarbeid)"), file=file, line=root.start_mark.line + 1,
                         hint=msg("write `cooperations:` followed by entries `- id: …`",
                                  "skriv `cooperations:` etterfulgt av oppføringer `- id: …`"))
    out = []
    for node in root.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            raise InputError(msg("a co-operation must be a mapping (id, name, members …)",
                                 "et samarbeid må være en mapping (id, name, members …)"), file=file, line=line)
        values, lines = {}, {"": line}
        for k, v in node.value:
            key = str(k.value)
            lines[key] = v.start_mark.line + 1
            if isinstance(v, yaml.SequenceNode):
                items = []
                for item in v.value:
                    if isinstance(item, yaml.MappingNode):  # - kommunenummer: "4630"
                        sub = {str(a.value): b.value for a, b in item.value}
                        items.append(sub.get("kommunenummer", sub.get("kommune", "")))
                    else:
                        items.append(item.value)
                values[key] = items
            elif isinstance(v, yaml.MappingNode):
                raise InputError(msg(f"'{key}' must be a value or a list", f"'{key}' må være en verdi eller en liste"),
                                 file=file, line=lines[key], element=key)
            else:
                values[key] = v.value
        out.append(_Entry(values, lines))
    return out


def _csv_entries(text: str, file: str) -> list[_Entry]:
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = list(reader)
    if not rows:
        raise InputError(msg("the file declares no co-operation", "filen beskriver ikke noe samarbeid"), file=file)
    header = [h.strip() for h in rows[0]]
    for h in header:
        if h not in FIELDS:
            raise InputError(msg(f"unknown column '{h}'", f"ukjent kolonne '{h}'"), file=file, row=1, column=h,
                             hint=msg("the columns are: " + ", ".join(FIELDS), "kolonnene er: " + ", ".join(FIELDS)))
    out = []
    for i, r in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in r):
            continue
        out.append(_Entry({h: c for h, c in zip(header, r, strict=False)}, {}, row=i))
    return out


def _orgnr(raw: str) -> str | None:
    """A valid organisasjonsnummer (nine digits, modulus 11 check digit), else None."""
    digits = raw.replace(" ", "")
    if len(digits) != 9 or not digits.isdigit():
        return None
    rest = sum(int(d) * w for d, w in zip(digits[:8], (3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
    check = 0 if rest == 0 else 11 - rest
    return digits if check != 10 and check == int(digits[8]) else None


def _members(value) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(";")
    return [str(v).strip() for v in items if str(v).strip()]


def read_declarations(path: Path, repo=None) -> list[Cooperation]:
    """Read and check a declaration file (YAML or CSV); every problem is a located InputError."""
    path = Path(path)
    file = str(path)
    if not path.is_file():
        raise InputError(msg("file not found", "filen finnes ikke"), file=file, hint=msg("check the path", "sjekk stien"))
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(msg(f"not UTF-8 (byte {exc.start})", f"ikke UTF-8 (byte {exc.start})"), file=file,
                         hint=msg("save the file as UTF-8", "lagre filen som UTF-8")) from None
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        entries = _yaml_entries(text, file)
    elif suffix in (".csv", ".tsv", ".txt"):
        entries = _csv_entries(text, file)
    else:
        raise InputError(msg(f"unknown file type '{suffix}'", f"ukjent filtype '{suffix}'"), file=file,
                         hint=msg("give a .yaml/.yml or a .csv file", "oppgi en .yaml/.yml- eller en .csv-fil"))
    if not entries:
        raise InputError(msg("the file declares no co-operation", "filen beskriver ikke noe samarbeid"), file=file,
                         hint=msg("see README, Co-operations", "se README, Co-operations"))
    from .inventory import check_kommune

    catalogue = declared(None)
    out, seen = [], {}
    for e in entries:
        for key in e.values:
            if key not in FIELDS:
                raise InputError(msg(f"unknown field '{key}'", f"ukjent felt '{key}'"), **_where(file, e, key),
                                 hint=msg("the fields are: " + ", ".join(FIELDS), "feltene er: " + ", ".join(FIELDS)))
        for key in REQUIRED:
            v = e.values.get(key)
            if v is None or (not isinstance(v, list) and not str(v).strip()) or v == []:
                raise InputError(msg(f"'{key}' is missing", f"'{key}' mangler"), **_where(file, e, key),
                                 hint=msg("a co-operation needs id, name and members (kommunenummer)",
                                          "et samarbeid må ha id, name og members (kommunenummer)"))
        cid = str(e.values["id"]).strip()
        if not COOPERATION_ID.match(cid):
            if cid[:1].isdigit():
                hint, hint_nb = ("an id starts with a letter, so it never looks like a kommunenummer",
                                 "en id begynner med en bokstav, så den aldri ligner et kommunenummer")
            else:
                hint, hint_nb = ("use lower-case ASCII letters, digits and '-', starting with a letter, e.g. 'fjordnett-ikt'",
                                 "bruk små ASCII-bokstaver, sifre og '-', og begynn med en bokstav, f.eks. 'fjordnett-ikt'")
            raise InputError(msg(f"'{cid}' is not a valid co-operation id", f"'{cid}' er ikke en gyldig samarbeids-id"),
                             **_where(file, e, "id"), hint=msg(f"{hint} (suggestion: '{_suggest_id(cid)}')",
                                                                f"{hint_nb} (forslag: '{_suggest_id(cid)}')"))
        if cid in seen:
            first, first_nb = seen[cid]
            raise InputError(msg(f"the id '{cid}' is declared twice (first at {first})",
                                 f"id-en '{cid}' er oppgitt to ganger (første gang på {first_nb})"), **_where(file, e, "id"),
                             hint=msg("give every co-operation its own id", "gi hvert samarbeid sin egen id"))
        if cid in catalogue:
            raise InputError(msg(f"'{cid}' is already declared in the catalogue (catalog/cooperations.ttl)",
                                 f"'{cid}' er allerede registrert i katalogen (catalog/cooperations.ttl)"),
                             **_where(file, e, "id"), hint=msg("use the catalogue's declaration, or another id",
                                                                "bruk katalogens registrering, eller en annen id"))
        w = _where(file, e, "id")
        seen[cid] = (f"line {w['line']}", f"linje {w['line']}") if "line" in w else (f"row {w['row']}", f"rad {w['row']}")
        members: list[str] = []
        for m in _members(e.values["members"]):
            try:
                code = check_kommune(m, repo)
            except UsageError as exc:
                raise InputError(msg(f"member {exc}", f"medlemmet {exc.render('nb')}"), **_where(file, e, "members"),
                                 hint=msg("write the four-digit kommunenummer of 2024 (`ea-repo catalog kommuner`)",
                                          "skriv det firesifrede kommunenummeret fra 2024 (`ea-repo catalog kommuner`)")) from None
            if code in members:
                raise InputError(msg(f"kommune {code} is listed twice as a member of '{cid}'",
                                     f"kommune {code} står to ganger som medlem av '{cid}'"), **_where(file, e, "members"),
                                 hint=msg("list each member kommune once", "før opp hver medlemskommune én gang"))
            members.append(code)
        if len(members) < 2:
            raise InputError(msg(f"'{cid}' has {len(members)} member(s); a co-operation has at least two",
                                 f"'{cid}' har {len(members)} medlem(mer); et samarbeid har minst to"),
                             **_where(file, e, "members"), hint=msg("list every member kommune's kommunenummer",
                                                                     "før opp kommunenummeret til hver medlemskommune"))
        orgnr = str(e.values.get("orgnr") or "").strip() or None
        if orgnr is not None and _orgnr(orgnr) is None:
            raise InputError(msg(f"'{orgnr}' is not an organisasjonsnummer", f"'{orgnr}' er ikke et organisasjonsnummer"),
                             **_where(file, e, "orgnr"),
                             hint=msg("nine digits with a valid check digit (Enhetsregisteret), or leave it blank",
                                      "ni sifre med gyldig kontrollsiffer (Enhetsregisteret), eller la feltet stå tomt"))
        fictional = str(e.values.get("fictional") or "").strip().lower()
        if fictional not in ("", "true", "false", "ja", "nei", "yes", "no"):
            raise InputError(msg(f"'{fictional}' is not true/false", f"'{fictional}' er ikke true/false"),
                             **_where(file, e, "fictional"), hint=msg("write true or false", "skriv true eller false"))
        out.append(Cooperation(cid, str(e.values["name"]).strip(), tuple(sorted(members)), _orgnr(orgnr) if orgnr else None,
                               str(e.values.get("source") or "").strip() or None, fictional in ("true", "ja", "yes")))
    return out


def _suggest_id(s: str) -> str:
    t = slug(s)
    return t if t[:1].isalpha() else f"ikt-{t}"


def import_declarations(repo, path: Path, time: str) -> list[Cooperation]:
    """Declare (or re-declare) the file's co-operations, all in one transaction, after checking that no
    member's inventory would be left naming a shared installation of a co-operation it has left."""
    coops = read_declarations(path, repo)
    held = set(repo.kommuner())
    for c in coops:
        for k in sorted(held - set(c.members)):
            refs = shared_references(repo.inventory(k), c.id)
            if refs:
                integ, target = refs[0]
                raise InputError(msg(
                    f"kommune {k} is not a member of '{c.id}' in this file, but its inventory names the shared "
                    f"installation '{c.id}:{target}' (integration '{integ}')",
                    f"kommune {k} er ikke medlem av '{c.id}' i denne filen, men systemoversikten dens viser til den felles "
                    f"installasjonen '{c.id}:{target}' (integrasjon '{integ}')"), file=str(path), element="members",
                    hint=msg(f"keep {k} among the members, or import {k}'s inventory without the reference first",
                             f"behold {k} blant medlemmene, eller importer først systemoversikten til {k} uten henvisningen"))
        if has_inventory(repo, c.id):
            bad = _shared_with_outside(inventory(repo, c.id), set(c.members))
            if bad:
                sid, k = bad[0]
                raise InputError(msg(f"the inventory of '{c.id}' shares '{sid}' with {k}, which this file leaves out of the members",
                                     f"systemoversikten til '{c.id}' deler '{sid}' med {k}, som denne filen ikke har med blant "
                                     "medlemmene"),
                                 file=str(path), element="members",
                                 hint=msg(f"keep {k} among the members", f"behold {k} blant medlemmene"))
    meta = _bind(Graph())
    for c in coops:
        rec = URIRef(f"https://w3id.org/ea-repo/id/import/cooperation/{c.id}/{uuid.uuid4().hex[:16]}")
        meta.add((rec, RDF.type, EA.Declaration))
        meta.add((rec, EA.cooperation, c.iri))
        meta.add((rec, PROV.startedAtTime, Literal(time, datatype=XSD.dateTime)))
        meta.add((rec, EA.fileName, Literal(Path(path).name)))
    from .store import replace_graphs

    replace_graphs(repo, {declaration_graph(c.id): c.graph() for c in coops}, meta=meta)
    return coops


def shared_references(inv: Graph, coop_id: str | None = None) -> list[tuple[str, str]]:
    """(integration id, shared system id) for every reference of an inventory to a shared installation
    (of one co-operation, or of any)."""
    out = set()
    for i, p, o in inv:
        if p in (EA.provider, EA.consumer, EA.via) and owner_of(str(o)) and (coop_id is None or owner_of(str(o)) == coop_id):
            out.add((str(inv.value(i, EA.id) or str(i).rsplit("/", 1)[-1]), str(o).rsplit("/", 1)[-1]))
    return sorted(out)


def _shared_with_outside(inv: Graph, members: set[str]) -> list[tuple[str, str]]:
    out = []
    for s, k in inv.subject_objects(EA.sharedWith):
        code = str(k).rsplit("/", 1)[-1]
        if code not in members:
            out.append((str(inv.value(s, EA.id) or s), code))
    return sorted(out)


# --- the co-operation's own inventory -------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedCooperationInventory:
    cooperation: Cooperation
    graph: Graph
    files: tuple[tuple[str, str], ...]
    rows: int
    fmt: str = "tabular"


def load_inventory(files: list[Path], coop_id: str, repo) -> LoadedCooperationInventory:
    """Read and check a co-operation's inventory (XLSX, CSV files or JSON, the same sheets and columns as a
    kommune's) without writing anything. ``sharedWith`` on a system names the members that use it (blank:
    every member); ``operatedBy`` is left blank (the co-operation runs it) or names a subcontractor."""
    from .inventory.readers import with_zips_unpacked

    return with_zips_unpacked(files, lambda files: _load_inventory(files, coop_id, repo))


def _load_inventory(files: list[Path], coop_id: str, repo) -> LoadedCooperationInventory:
    from .inventory import sha256
    from .inventory.build import build_inventory, row_count
    from .inventory.readers import expand, read_tabular

    coop = get(repo, coop_id)
    files = expand([Path(f) for f in files])
    if not files:
        raise UsageError(msg("no files given", "ingen filer oppgitt"))
    for f in files:
        if f.suffix.lower() not in (".xlsx", ".csv", ".json"):
            raise InputError(msg(f"a co-operation's inventory is read from XLSX, CSV or JSON, not '{f.suffix}'",
                                 f"systemoversikten til et samarbeid leses fra XLSX, CSV eller JSON, ikke '{f.suffix}'"),
                             file=str(f), hint=msg("write it with the inventory template (`ea-repo template`)",
                                                   "skriv den i malen for systemoversikten (`ea-repo template`)"))
    raw = read_tabular(files)
    declared_for = raw.meta.get("kommune")
    if declared_for not in (None, "") and str(declared_for).strip() != coop.id:
        raise InputError(msg(f"the file says it is the inventory of '{declared_for}', but it is being imported for the "
                             f"co-operation '{coop.id}'",
                             f"filen sier at den er systemoversikten til '{declared_for}', men den importeres for "
                             f"samarbeidet '{coop.id}'"), file=raw.meta_file, sheet="meta", element="kommune",
                         hint=msg(f"write '{coop.id}' in the meta sheet's 'kommune', or leave it blank",
                                  f"skriv '{coop.id}' i 'kommune' på meta-arket, eller la feltet stå tomt"))
    raw.meta.pop("kommune", None)
    key = f"cooperation/{coop.id}"
    built = build_inventory(raw, key, shared={})
    wrong = kommune(key)
    g = _bind(Graph())
    for s, p, o in built:
        if p == EA.member and o == wrong:
            continue  # operatedBy in the co-operation's own inventory: the co-operation is no member of it
        g.add((coop.iri if s == wrong else s, p, coop.iri if o == wrong else o))
    members = set(coop.members)
    rows = {str(r.values.get("id", "")).strip(): r for r in raw.sheets.get("systems", [])}
    for sid, k in _shared_with_outside(g, members):
        r = rows.get(sid)
        raise InputError(msg(f"kommune {k} is not a member of '{coop.id}'", f"kommune {k} er ikke medlem av '{coop.id}'"),
                         file=r.file if r else None, sheet="systems", row=r.row if r else None, column="sharedWith", element=sid,
                         hint=msg("sharedWith names the members that use the installation: " + ", ".join(coop.members),
                                  "sharedWith oppgir medlemmene som bruker installasjonen: " + ", ".join(coop.members)))
    return LoadedCooperationInventory(coop, g, tuple((f.name, sha256(f)) for f in files), row_count(raw))


def import_inventory(repo, files: list[Path], coop_id: str, time: str) -> LoadedCooperationInventory:
    """Replace the co-operation's inventory in one transaction (the one before is kept for trends), after
    checking that every member's reference to a shared installation still resolves."""
    loaded = load_inventory(files, coop_id, repo)
    systems = {str(o) for o in loaded.graph.subjects(RDF.type, EA.System)}
    for k in sorted(set(repo.kommuner())):
        for integ, sid in shared_references(repo.inventory(k), coop_id):
            if str(ID[f"cooperation/{coop_id}/system/{sid}"]) not in systems:
                raise InputError(msg(
                    f"kommune {k}'s integration '{integ}' names the shared installation '{coop_id}:{sid}', which this "
                    "inventory no longer has",
                    f"integrasjonen '{integ}' i kommune {k} viser til den felles installasjonen '{coop_id}:{sid}', som denne "
                    "systemoversikten ikke lenger har"), file=", ".join(n for n, _ in loaded.files), sheet="systems", element=sid,
                    hint=msg(f"keep the system '{sid}', or remove the reference from {k}'s inventory first",
                             f"behold systemet '{sid}', eller fjern først henvisningen fra systemoversikten til {k}"))
    target, cid = inventory_graph(coop_id), loaded.cooperation.iri
    rec = URIRef(f"https://w3id.org/ea-repo/id/import/cooperation/{coop_id}/inventory/{uuid.uuid4().hex[:16]}")
    meta = _bind(Graph())
    meta.add((rec, RDF.type, EA.Import))
    meta.add((rec, EA.cooperation, cid))
    meta.add((rec, PROV.startedAtTime, Literal(time, datatype=XSD.dateTime)))
    meta.add((rec, EA.rowCount, Literal(loaded.rows)))
    meta.add((rec, EA.tripleCount, Literal(len(loaded.graph))))
    meta.add((rec, EA["format"], Literal(loaded.fmt)))
    meta.add((rec, EA.graph, target))
    meta.add((rec, EA.sequence, Literal(len(imports(repo, coop_id)) + 1)))  # keeps the order within one clock tick
    for i, (name, sha) in enumerate(loaded.files):
        f = URIRef(f"{rec}/file/{i}")
        meta.add((rec, EA.importedFile, f))
        meta.add((f, EA.fileName, Literal(name)))
        meta.add((f, EA.sha256, Literal(sha)))
    from .store import replace_graphs

    replace_graphs(repo, {target: loaded.graph}, keep_previous={target: previous_graph(coop_id)}, meta=meta)
    return loaded


def imports(repo, coop_id: str) -> list:
    """The co-operation inventory's import records (as store.ImportRecord, oldest first)."""
    from .store import ImportRecord

    rows = repo.query(
        f"""PREFIX ea: <{EA}> PREFIX prov: <{PROV}>
        SELECT ?imp ?time ?rows ?triples ?fmt ?fname ?sha WHERE {{ GRAPH <{META_GRAPH}> {{
          ?imp a ea:Import ; ea:cooperation <{cooperation(coop_id)}> ; prov:startedAtTime ?time ;
               ea:rowCount ?rows ; ea:tripleCount ?triples ; ea:format ?fmt .
          OPTIONAL {{ ?imp ea:sequence ?seq }}
          OPTIONAL {{ ?imp ea:importedFile ?f . ?f ea:fileName ?fname ; ea:sha256 ?sha }} }} }} ORDER BY ?time ?seq ?imp ?fname""")
    by: dict[str, dict] = {}
    for r in rows:
        rec = by.setdefault(r["imp"].value, {"time": r["time"].value, "rows": int(r["rows"].value),
                                             "triples": int(r["triples"].value), "fmt": r["fmt"].value, "files": []})
        if r["fname"] is not None:
            rec["files"].append((r["fname"].value, r["sha"].value))
    return [ImportRecord(coop_id, v["time"], tuple(v["files"]), v["rows"], v["triples"], v["fmt"]) for v in by.values()]


# --- members: what they may name, and the context of their checks ---------------------------------------


def shared_refs(repo, code: str) -> dict[str, URIRef]:
    """"{co-operation id}:{system id}" -> IRI of every shared installation kommune `code` may name: the
    systems in the inventories of the co-operations it is a member of."""
    out = {}
    for c in of_kommune(declared(repo), code):
        for cid in [c.id] if has_inventory(repo, c.id) else []:
            g = inventory(repo, cid)
            for s in g.subjects(RDF.type, EA.System):
                out[f"{cid}:{g.value(s, EA.id)}"] = s
    return dict(sorted(out.items()))


def context_graphs(repo, code: str) -> list[URIRef]:
    """The named graphs a check of kommune `code` reads beside its own inventory: the inventories of the
    co-operations it belongs to (none for a co-operation's own check)."""
    if is_cooperation(code):
        return []
    return [inventory_graph(c.id) for c in of_kommune(declared(repo), code) if has_inventory(repo, c.id)]


def subject_graph(code: str) -> URIRef:
    """The named graph of a check subject's own inventory."""
    from .namespaces import inventory_graph as kommune_graph

    return inventory_graph(code) if is_cooperation(code) else kommune_graph(code)


def with_context(repo, code: str) -> tuple[Graph, set[str]]:
    """A kommune's inventory plus its co-operations' installations it uses, and the IRIs that are context only."""
    from .store import to_rdflib

    g = repo.inventory(code)
    ctx: set[str] = set()
    for q in iter_context_quads(repo, code):
        g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        ctx.add(q.subject.value)
    return g, ctx


_LINKS = {str(EA.provider), str(EA.consumer), str(EA.via), str(EA.providedBy), str(EA.viaInterface)}


def iter_context_quads(repo, code: str) -> Iterable:
    """The quads of the co-operation inventories a check of kommune `code` reads as context: every shared
    installation the kommune uses (its ``sharedWith`` is blank or names the kommune, or the kommune's own
    integrations name it), the co-operation's inventory node, and the interfaces and integrations that
    touch no installation the kommune does not use."""
    graphs = context_graphs(repo, code)
    if not graphs:
        return
    named = {q.object.value for q in repo.quads(subject_graph(code))
             if q.predicate.value in _LINKS and owner_of(q.object.value)}
    me, shared_with, system = str(kommune(code)), str(EA.sharedWith), str(EA.System)
    for cg in graphs:
        quads = list(repo.quads(cg))
        users: dict[str, set[str]] = {}
        systems = set()
        for q in quads:
            if q.predicate.value == shared_with:
                users.setdefault(q.subject.value, set()).add(q.object.value)
            elif q.object.value == system:
                systems.add(q.subject.value)
        unused = {s for s in systems if s in users and me not in users[s] and s not in named}
        touching = {q.subject.value for q in quads if q.predicate.value in _LINKS and q.object.value in unused}
        drop = unused | touching
        yield from (q for q in quads if q.subject.value not in drop)


# --- what a kommune shares, and with whom (the report) ----------------------------------------------------


def _aliases(coop: Cooperation) -> set[str]:
    """The operator nodes an inventory mints from ``operatedBy`` that mean this co-operation (its name or id)."""
    return {str(coop.iri), str(organisation(coop.name)), str(organisation(coop.id))}


def operator_of(coops: dict[str, Cooperation], org: str | None) -> Cooperation | None:
    if not org:
        return None
    return next((c for c in coops.values() if org in _aliases(c)), None)


@dataclass(frozen=True)
class SharedSystem:
    iri: str
    id: str
    name: str
    category: str  # notation
    lifecycle: str
    operator: str  # the co-operation's or organisation's name
    cooperation: str | None  # the declared co-operation's id, when known
    users: tuple[str, ...]  # kommunenummer of every member that uses it (this one included)
    installation: str  # "cooperation" (lives in the co-operation's inventory) | "row" (a row in each member's)


def _tail(v) -> str:
    return "" if v is None else str(v).rstrip("/").rsplit("/", 1)[-1]


def _users_of(g: Graph, s, coop: Cooperation, referencing: dict[str, set[str]]) -> tuple[str, ...]:
    stated = {_tail(k) for k in g.objects(s, EA.sharedWith)}
    users = (stated or set(coop.members)) | referencing.get(str(s), set())
    return tuple(sorted(users & set(coop.members)))


def cooperation_systems(repo, coop: Cooperation) -> list[SharedSystem]:
    """The shared installations in the co-operation's own inventory, each with the members that use it
    (sharedWith, else every member, plus any member whose integrations name it)."""
    if not has_inventory(repo, coop.id):
        return []
    g = inventory(repo, coop.id)
    referencing: dict[str, set[str]] = {}
    for k in coop.members:
        if repo.has_inventory(k):
            for _, sid in shared_references(repo.inventory(k), coop.id):
                referencing.setdefault(str(ID[f"cooperation/{coop.id}/system/{sid}"]), set()).add(k)
    out = []
    for s in sorted(g.subjects(RDF.type, EA.System)):
        out.append(SharedSystem(str(s), str(g.value(s, EA.id)), str(g.value(s, EA.name) or g.value(s, EA.id)),
                                _tail(min(g.objects(s, EA.category), default=None)), _tail(g.value(s, EA.lifecycle)), coop.name, coop.id,
                                _users_of(g, s, coop, referencing), "cooperation"))
    return out


def row_shared(inv: Graph, code: str, coops: dict[str, Cooperation]) -> list[SharedSystem]:
    """A kommune's own rows for systems another organisation runs or other kommuner use (operatedBy,
    sharedWith): the row-by-row way, before or beside a co-operation's own inventory."""
    out = []
    for s in sorted(inv.subjects(RDF.type, EA.System)):
        org = inv.value(s, EA.operatedBy)
        partners = sorted(_tail(k) for k in inv.objects(s, EA.sharedWith))
        if org is None and not partners:
            continue
        coop = operator_of(coops, str(org) if org is not None else None)
        operator = coop.name if coop else (str(inv.value(org, EA.name) or _tail(org)) if org is not None else "")
        out.append(SharedSystem(str(s), str(inv.value(s, EA.id)), str(inv.value(s, EA.name) or inv.value(s, EA.id)),
                                _tail(min(inv.objects(s, EA.category), default=None)), _tail(inv.value(s, EA.lifecycle)), operator,
                                coop.id if coop else None, tuple(sorted({code, *partners})), "row"))
    return out


def shared_of_kommune(repo, code: str, inv: Graph | None = None) -> list[SharedSystem]:
    """Every shared system of a kommune: the installations of its co-operations it uses, then its own rows
    that say who runs them or whom they are shared with. ``inv``: the kommune's inventory, when read already."""
    coops = declared(repo)
    out = [s for c in of_kommune(coops, code) for s in cooperation_systems(repo, c) if code in s.users]
    if inv is None and repo.has_inventory(code):
        inv = repo.inventory(code)
    if inv is not None:
        out += row_shared(inv, code, coops)
    return out


def overview(repo, coop: Cooperation, today, cfg=None) -> dict:
    """What the members of one co-operation share, what each runs alone, and their overlaps by category
    (EA-GAP-009's data): plain data for the overview page (scores come from the CheckResult)."""
    from . import gaps

    held = [k for k in coop.members if repo.has_inventory(k)]
    coops = declared(repo)
    shared = cooperation_systems(repo, coop)
    rows: dict[str, dict] = {}  # system id -> one shared system held row by row in several members' inventories
    alone: dict[str, list[dict]] = {}
    inventories = {}
    for k in held:
        inv = repo.inventory(k)
        inventories[k] = inv
        mine = {s.iri: s for s in row_shared(inv, k, coops) if s.cooperation == coop.id or set(s.users) - {k}}
        for s in mine.values():
            r = rows.setdefault(s.id, {"id": s.id, "name": s.name, "category": s.category, "operator": s.operator,
                                       "users": set(), "installation": "row"})
            r["users"] |= set(s.users) & set(coop.members)
        alone[k] = sorted(({"id": _tail(inv.value(s, EA.id)), "name": str(inv.value(s, EA.name) or inv.value(s, EA.id)),
                            "category": _tail(min(inv.objects(s, EA.category), default=None)), "lifecycle": _tail(inv.value(s, EA.lifecycle))}
                           for s in inv.subjects(RDF.type, EA.System) if str(s) not in mine),
                          key=lambda r: (r["category"], r["name"].lower(), r["id"]))
    together = [{"id": s.id, "name": s.name, "category": s.category, "operator": s.operator, "users": set(s.users),
                 "installation": "cooperation"} for s in shared]
    together += [r for sid, r in sorted(rows.items()) if sid not in {s.id for s in shared}]
    shared_inv = inventory(repo, coop.id) if has_inventory(repo, coop.id) else None
    overlaps = gaps.cooperation_overlaps(coop, inventories, shared_inv, cfg, today=today)
    findings = gaps.analyse_iks(inventories, today, cfg, cooperations=[(coop, shared_inv)])
    return {"cooperation": coop, "held": held, "missing": [k for k in coop.members if k not in held],
            "shared": sorted(together, key=lambda r: (r["category"], r["name"].lower(), r["id"])),
            "alone": alone, "overlaps": overlaps, "findings": findings}

