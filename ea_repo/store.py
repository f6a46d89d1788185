"""The repository: one small interface over the RDF store.

Layout (named graphs):
- graph/catalog                 ontology + catalogue, refreshed when the shipped catalogue changes
- graph/meta                    import provenance (file names, sha256, time, row counts)
- graph/inventory/{nnnn}        one kommune's current inventory
- graph/previous/{nnnn}         the inventory before the last import (for trends)
- graph/kommuner                kommuner the repository declares itself (new ones from `merger apply`)
- graph/history/{nnnn}/{date}   inventories of kommuner that merged or split, kept as they were

The embedded default is Oxigraph on disk (pyoxigraph). Everything else in ea-repo goes through
`Repository`, so a later backend (any SPARQL 1.1 endpoint) only has to implement this class.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from . import catalog
from .errors import UsageError
from .i18n import msg
from .namespaces import CATALOG_GRAPH, GRAPH, META_GRAPH, PREFIXES, inventory_graph, previous_graph
from .repopath import DEFAULT_PATH, ENV, resolve_path  # noqa: F401  (re-exported)

_CATALOG_VERSION = URIRef("https://w3id.org/ea-repo/ont#catalogVersion")


# --- term conversion rdflib <-> pyoxigraph ------------------------------------------------------


def to_ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dtype = term.datatype.value
        return Literal(term.value, datatype=None if dtype == _XSD_STRING else URIRef(dtype))
    raise TypeError(f"not an RDF term: {term!r}")


def rdflib_triples(quads) -> Iterator[tuple]:
    """The quads' triples as rdflib terms, each distinct term converted once (an inventory names each system and
    vocabulary term many times)."""
    memo: dict = {}

    def term(t):
        r = memo.get(t)
        if r is None:
            r = memo[t] = to_rdflib(t)
        return r

    return ((term(q.subject), term(q.predicate), term(q.object)) for q in quads)


def _nt(term) -> str:
    return str(to_ox(term))


def ntriples_of(g: Graph) -> str:
    """A graph's triples as N-Triples lines, each term written by pyoxigraph (what INSERT DATA receives)."""
    return "\n".join(f"{_nt(s)} {_nt(p)} {_nt(o)} ." for s, p, o in g)


@dataclass(frozen=True)
class ImportRecord:
    kommune: str
    time: str
    files: tuple[tuple[str, str], ...]  # (file name, sha256)
    rows: int
    triples: int
    fmt: str
    encodings: tuple[tuple[str, str], ...] = ()  # (file name, encoding) of text files; () in older records
    mode: str = "replace"  # replace | merge (import --mode)


@dataclass(frozen=True)
class KommuneSummary:
    kommune: str
    name: str
    systems: int
    interfaces: int
    integrations: int
    triples: int
    last_import: str | None
    fictional: bool


class Repository:
    """An ea-repo repository held in an embedded Oxigraph store on disk (or in memory with path=None), or on a
    SPARQL 1.1 server when PATH is its URL (ea_repo/remote.py)."""

    def __init__(self, path: str | os.PathLike | None, *, read_only: bool = False, create: bool = True):
        from .remote import is_url

        self.url = str(path) if is_url(path) else None
        self.path = Path(path) if path is not None and self.url is None else None
        self.read_only = read_only
        if self.url is not None:  # a SPARQL 1.1 server (ea_repo/remote.py)
            from .remote import RemoteStore

            self.store = RemoteStore(self.url, read_only=read_only)
        elif self.path is None:
            self.store = ox.Store()
        else:
            if not self.path.exists():
                if read_only or not create:
                    raise UsageError(msg(
                        f"there is no repository at {self.path}; import an inventory first (`ea-repo import`) "
                        "or point --repo / EA_REPO at one",
                        f"det finnes ikke noe repository i {self.path}; importer en systemoversikt først (`ea-repo import`) "
                        "eller pek --repo / EA_REPO på et"
                    ))
                self.path.mkdir(parents=True)
            elif not self.path.is_dir():
                raise UsageError(msg(f"{self.path} is a file, not a repository; give a folder for --repo",
                                     f"{self.path} er en fil, ikke et repository; oppgi en mappe for --repo"))
            elif not (self.path / "CURRENT").is_file() and any(self.path.iterdir()):
                raise UsageError(msg(f"{self.path} is a folder with other files in it, not an ea-repo repository; give an "
                                     "empty or new folder for --repo (ea-repo never turns a folder of yours into a database)",
                                     f"{self.path} er en mappe med andre filer i, ikke et ea-repo-repository; oppgi en tom "
                                     "eller ny mappe for --repo (ea-repo gjør aldri om en av dine mapper til en database)"))
            try:
                self.store = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
            except OSError as exc:
                raise UsageError(msg(
                    f"the repository at {self.path} cannot be opened ({exc}); is another ea-repo command using it?",
                    f"repositoryet i {self.path} kan ikke åpnes ({exc}); bruker en annen ea-repo-kommando det?"
                )) from exc
        if not read_only:
            self.ensure_catalog()

    # -- catalogue -----------------------------------------------------------------------------
    def stored_catalog_version(self) -> str | None:
        for q in self.store.quads_for_pattern(to_ox(CATALOG_GRAPH), to_ox(_CATALOG_VERSION), None, to_ox(META_GRAPH)):
            return q.object.value
        return None

    def ensure_catalog(self) -> None:
        """Load the shipped catalogue into graph/catalog when it is missing or outdated (one transaction)."""
        version = catalog.catalog_version()
        if self.stored_catalog_version() == version:
            return
        # from the compiled N-Triples (ea_repo/compiled.py), each term written again by pyoxigraph
        body = "\n".join(f"{t.subject} {t.predicate} {t.object} ."
                         for t in ox.parse(catalog.catalog_ntriples(), format=ox.RdfFormat.N_TRIPLES))
        self.store.update(
            f"DROP SILENT GRAPH <{CATALOG_GRAPH}> ;\n"
            f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{CATALOG_GRAPH}> <{_CATALOG_VERSION}> ?v }} }} ;\n"
            f"INSERT DATA {{ GRAPH <{CATALOG_GRAPH}> {{\n{body}\n}}\n"
            f"GRAPH <{META_GRAPH}> {{ <{CATALOG_GRAPH}> <{_CATALOG_VERSION}> {_nt(Literal(version))} }} }}"
        )

    # -- reading ---------------------------------------------------------------------------------
    def kommuner(self) -> list[str]:
        prefix = str(GRAPH["inventory/"])
        return sorted(g.value[len(prefix):] for g in self.store.named_graphs() if g.value.startswith(prefix))

    def has_inventory(self, code: str) -> bool:
        return self.store.contains_named_graph(to_ox(inventory_graph(code)))

    def quads(self, graph: URIRef) -> Iterator:
        return self.store.quads_for_pattern(None, None, None, to_ox(graph))

    def graph(self, graph: URIRef) -> Graph:
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        g.addN((s, p, o, g) for s, p, o in rdflib_triples(self.quads(graph)))
        return g

    def inventory(self, code: str) -> Graph:
        return self.graph(inventory_graph(code))

    def previous_inventory(self, code: str) -> Graph | None:
        g = previous_graph(code)
        return self.graph(g) if self.store.contains_named_graph(to_ox(g)) else None

    def count(self, graph: URIRef) -> int:
        return sum(1 for _ in self.quads(graph))

    def query(self, sparql: str):
        return self.store.query(sparql)

    def imports(self, code: str) -> list[ImportRecord]:
        rows = self.store.query(
            f"""PREFIX ea: <https://w3id.org/ea-repo/ont#> PREFIX prov: <http://www.w3.org/ns/prov#>
            SELECT ?imp ?time ?rows ?triples ?fmt ?mode ?fname ?sha ?enc WHERE {{ GRAPH <{META_GRAPH}> {{
              ?imp a ea:Import ; ea:kommune <https://w3id.org/ea-repo/id/kommune/{code}> ; prov:startedAtTime ?time ;
                   ea:rowCount ?rows ; ea:tripleCount ?triples ; ea:format ?fmt .
              OPTIONAL {{ ?imp ea:importMode ?mode }}
              OPTIONAL {{ ?imp ea:sequence ?seq }}
              OPTIONAL {{ ?imp ea:importedFile ?f . ?f ea:fileName ?fname ; ea:sha256 ?sha
                          OPTIONAL {{ ?f ea:encoding ?enc }} }} }} }} ORDER BY ?time ?seq ?imp ?fname"""
        )
        by_imp: dict[str, dict] = {}
        for r in rows:
            rec = by_imp.setdefault(r["imp"].value, {"time": r["time"].value, "rows": int(r["rows"].value),
                                                      "triples": int(r["triples"].value), "fmt": r["fmt"].value,
                                                      "mode": r["mode"].value if r["mode"] is not None else "replace",
                                                      "files": []})
            if r["fname"] is not None:
                rec["files"].append((r["fname"].value, r["sha"].value))
                if r["enc"] is not None:
                    rec.setdefault("encodings", []).append((r["fname"].value, r["enc"].value))
        return [ImportRecord(code, v["time"], tuple(v["files"]), v["rows"], v["triples"], v["fmt"],
                             tuple(v.get("encodings", ())), v["mode"]) for v in by_imp.values()]

    def declared_kommuner(self) -> dict[str, str]:
        """Kommuner the repository itself declares (graph/kommuner, written by `merger apply`) whose
        number has not ended: code -> name."""
        rows = self.store.query(
            f"""PREFIX ea: <https://w3id.org/ea-repo/ont#> SELECT ?code ?name WHERE {{ GRAPH <{GRAPH['kommuner']}> {{
                ?k a ea:Kommune ; ea:name ?name ; ea:kommunenummer ?a . ?a ea:code ?code ; ea:validFrom ?f .
                FILTER NOT EXISTS {{ ?a ea:validTo ?t }} }} }}""")
        return dict(sorted((r["code"].value, r["name"].value) for r in rows))

    def summaries(self) -> list[KommuneSummary]:
        names = {**catalog.kommuner(), **self.declared_kommuner()}
        out = []
        for code in self.kommuner():
            counts = {}
            for cls in ("System", "Interface", "Integration"):
                res = self.store.query(
                    f"SELECT (COUNT(?s) AS ?n) WHERE {{ GRAPH <{inventory_graph(code)}> {{ ?s a <https://w3id.org/ea-repo/ont#{cls}> }} }}"
                )
                counts[cls] = int(next(iter(res))["n"].value)
            fictional = bool(list(self.store.quads_for_pattern(
                None, ox.NamedNode("https://w3id.org/ea-repo/ont#fictional"), ox.Literal(True), to_ox(inventory_graph(code)))))
            imports = self.imports(code)
            out.append(KommuneSummary(code, names.get(code, "?"), counts["System"], counts["Interface"],
                                      counts["Integration"], self.count(inventory_graph(code)),
                                      imports[-1].time if imports else None, fictional))
        return out

    def state(self, kommune: str | None = None) -> str:
        """A digest of what the repository holds: its named graphs and graph/meta, where every write of an
        inventory, a co-operation, a waiver or a merger adds its record. Two reads with the same state saw the same
        inventories (the report compares the state before and after). With KOMMUNE: the state of what that
        kommune's check reads, leaving out the import and waiver records of the other kommuner (and a SPARQL
        server's revision stamp), so a write to one kommune does not make another's check stale."""
        import hashlib
        import re

        other = None
        if kommune is not None:
            mine = re.compile(r"<https://w3id\.org/ea-repo/id/(?:import|kommune)/(\d{4})/")
            other = lambda q: (q.startswith("<https://w3id.org/ea-repo/id/repository>")  # noqa: E731
                               or ((m := mine.match(q)) is not None and m[1] != kommune
                                   and (q.startswith("<https://w3id.org/ea-repo/id/import/") or "/waiver/" in q[:80])))
        theirs = re.compile(r"https://w3id\.org/ea-repo/graph/(?:inventory|previous)/(\d{4})\Z")
        h = hashlib.sha256()
        for g in sorted(g.value for g in self.store.named_graphs()):
            if kommune is None or (m := theirs.match(g)) is None or m[1] == kommune:
                h.update(g.encode() + b"\n")
        for q in sorted(str(q) for q in self.store.quads_for_pattern(None, None, None, to_ox(META_GRAPH))):
            if other is None or not other(q):
                h.update(q.encode() + b"\n")
        return h.hexdigest()

    def snapshot(self) -> list[str]:
        """Every quad as a sorted list of strings: tests compare the store before and after a command."""
        return sorted(str(q) for q in self.store)

    # -- writing -------------------------------------------------------------------------------
    def replace_inventory(self, code: str, g: Graph, record: ImportRecord) -> None:
        """Replace one kommune's inventory and record provenance, in ONE transaction."""
        self.replace_inventory_ntriples(code, ntriples_of(g), record)

    def replace_inventory_ntriples(self, code: str, body: str, record: ImportRecord) -> None:
        """replace_inventory() with the inventory as N-Triples text made by ntriples_of() (the batch import's
        workers hand it over so): every term written by _nt, never inventory text pasted into a query."""
        if self.read_only:
            raise UsageError(msg("the repository is open read-only", "repositoryet er åpnet skrivebeskyttet"))
        target = inventory_graph(code)
        previous = previous_graph(code)
        imp = URIRef(f"https://w3id.org/ea-repo/id/import/{code}/{uuid.uuid4().hex[:16]}")
        ea = "https://w3id.org/ea-repo/ont#"
        # imports within one clock tick (or under an injected date) keep the order they were made in
        seq = next(iter(self.store.query(
            f"SELECT (COUNT(?i) AS ?n) WHERE {{ GRAPH <{META_GRAPH}> {{ ?i a <{ea}Import> ;"
            f" <{ea}kommune> <https://w3id.org/ea-repo/id/kommune/{code}> }} }}")))["n"].value
        meta = [
            f"<{imp}> a <{ea}Import> ; <{ea}kommune> <https://w3id.org/ea-repo/id/kommune/{code}> ;"
            f" <http://www.w3.org/ns/prov#startedAtTime> {_nt(Literal(record.time, datatype=URIRef('http://www.w3.org/2001/XMLSchema#dateTime')))} ;"
            f" <{ea}rowCount> {record.rows} ; <{ea}tripleCount> {record.triples} ; <{ea}format> {_nt(Literal(record.fmt))} ;"
            f" <{ea}graph> <{target}> ; <{ea}importMode> {_nt(Literal(record.mode))} ; <{ea}sequence> {int(seq) + 1} ."
        ]
        for i, (name, sha) in enumerate(record.files):
            f = f"<{imp}/file/{i}>"
            meta.append(f"<{imp}> <{ea}importedFile> {f} . {f} <{ea}fileName> {_nt(Literal(name))} ; <{ea}sha256> \"{sha}\" .")
        for i, (name, _) in enumerate(record.files):
            enc = dict(record.encodings).get(name)
            if enc:
                meta.append(f"<{imp}/file/{i}> <{ea}encoding> {_nt(Literal(enc))} .")
        had = self.has_inventory(code)
        self.store.update(
            (f"DROP SILENT GRAPH <{previous}> ;\nADD <{target}> TO <{previous}> ;\n" if had else "")
            + f"DROP SILENT GRAPH <{target}> ;\n"
            f"INSERT DATA {{ GRAPH <{target}> {{\n{body}\n}}\nGRAPH <{META_GRAPH}> {{\n" + "\n".join(meta) + "\n} }"
        )

    def replace_graph(self, graph: URIRef, g: Graph, meta: Graph | None = None) -> None:
        """Replace any named graph (e.g. a saved procurement evaluation) and optionally add triples to
        graph/meta, in ONE transaction."""
        if self.read_only:
            raise UsageError(msg("the repository is open read-only", "repositoryet er åpnet skrivebeskyttet"))
        body = "\n".join(f"{_nt(s)} {_nt(p)} {_nt(o)} ." for s, p, o in g)
        extra = "\n".join(f"{_nt(s)} {_nt(p)} {_nt(o)} ." for s, p, o in (meta or Graph()))
        self.store.update(
            f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}}\n"
            f"GRAPH <{META_GRAPH}> {{\n{extra}\n}} }}"
        )

    def named_graphs(self, prefix: str = "") -> list[str]:
        return sorted(g.value for g in self.store.named_graphs() if g.value.startswith(prefix))

    def compact(self) -> None:
        """Compact the store on disk (after many writes: no stale versions left behind)."""
        if self.read_only:
            raise UsageError(msg("the repository is open read-only", "repositoryet er åpnet skrivebeskyttet"))
        self.store.optimize()

    def close(self) -> None:
        if not self.read_only and self.path is not None:
            self.store.flush()
            del self.store
            # RocksDB drops its write-ahead log (every write since the store was opened: as large as the data
            # written) only when the store is opened again; do it now, so the folder holds no stale copy
            try:
                ox.Store(str(self.path)).flush()
            except OSError:
                pass  # another command has opened it meanwhile: it drops the log itself
            return
        del self.store


@contextmanager
def using(location, *, read_only: bool = True):
    """The repository at LOCATION (a folder, a URL), opened for the block and closed after; or LOCATION itself
    when it is an open Repository (a server keeps one open for all its requests), left open."""
    if isinstance(location, Repository):
        yield location
        return
    repo = Repository(location, read_only=read_only)
    try:
        yield repo
    finally:
        repo.close()


def location_of(location) -> str:
    """Where a repository is, as worker processes open it again (a path or a URL)."""
    if isinstance(location, Repository):
        return location.url or str(location.path)
    return str(location)


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def replace_graphs(repo: Repository, graphs: dict, *, keep_previous: dict | None = None, meta: Graph | None = None) -> None:
    """Replace several named graphs ({graph IRI: Graph}) and add triples to graph/meta, in ONE transaction.
    ``keep_previous`` {graph: previous graph}: copy the graph's current content there first (for trends).
    Used by the co-operation declarations and inventories (ea_repo/cooperation.py)."""
    if repo.read_only:
        raise UsageError(msg("the repository is open read-only", "repositoryet er åpnet skrivebeskyttet"))
    ops = []
    for target, prev in sorted((keep_previous or {}).items()):
        if repo.store.contains_named_graph(to_ox(target)):
            ops.append(f"DROP SILENT GRAPH <{prev}> ;\nADD <{target}> TO <{prev}> ;")
    inserts = []
    for target, g in sorted(graphs.items()):
        ops.append(f"DROP SILENT GRAPH <{target}> ;")
        inserts.append(f"GRAPH <{target}> {{\n" + "\n".join(f"{_nt(s)} {_nt(p)} {_nt(o)} ." for s, p, o in g) + "\n}")
    if meta is not None and len(meta):
        inserts.append(f"GRAPH <{META_GRAPH}> {{\n" + "\n".join(f"{_nt(s)} {_nt(p)} {_nt(o)} ." for s, p, o in meta) + "\n}")
    repo.store.update("\n".join(ops) + ("\nINSERT DATA {\n" + "\n".join(inserts) + "\n}" if inserts else ""))
