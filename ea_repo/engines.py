"""SHACL validation engines behind one small interface.

- ``pyshacl``: the reference engine, over an rdflib graph.
- ``turbo``: pyshacl-turbo (Rust) reading the kommune's quads and the catalogue as N-Quads text, with the
  shapes compiled from the cached N-Triples (ea_repo/compiled.py): no Turtle parse and no rdflib graph on
  this path, and the report comes back as N-Triples that pyoxigraph reads.

An engine compiles the shapes once (per process) and then validates one kommune at a time: its
inventory quads + the catalogue + the validation-context node (the check date). It answers a Report: the
(focus node, source shape) of every validation result, and the SHACL report graph on request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rdflib import Graph

SH_NS = "http://www.w3.org/ns/shacl#"
_DATA = "https://w3id.org/ea-repo/graph/validation-data"
_CONTEXT = "https://w3id.org/ea-repo/graph/validation-context"


class Report:
    """One validation's results. ``results``: (focus node, source shape) of every sh:ValidationResult, as
    plain strings (blank nodes as ``_:id``), sorted; ``graph()``: the SHACL report as an rdflib graph, made
    only when asked for (``check --format ttl``)."""

    def __init__(self, results: list[tuple[str, str]], graph: Graph | None = None, ntriples: str | None = None):
        self.results = sorted(results)
        self._graph, self._ntriples = graph, ntriples

    def graph(self) -> Graph:
        if self._graph is None:
            from rdflib import Graph

            g = Graph()
            g.bind("sh", SH_NS)
            if self._ntriples:
                g.parse(data=self._ntriples, format="nt")
            self._graph = g
        return self._graph

    def __add__(self, other: Report) -> Report:
        merged = self.graph() + other.graph()
        return Report(self.results + other.results, merged)

    @classmethod
    def from_graph(cls, g: Graph) -> Report:
        from rdflib.namespace import RDF, SH

        return cls([(str(g.value(r, SH.focusNode)), str(g.value(r, SH.sourceShape)))
                    for r in g.subjects(RDF.type, SH.ValidationResult)], graph=g)

    @classmethod
    def from_ntriples(cls, text: str) -> Report:
        import pyoxigraph as ox

        focus, source, results = {}, {}, set()
        fn, ss, rt, vr = SH_NS + "focusNode", SH_NS + "sourceShape", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", \
            SH_NS + "ValidationResult"
        for t in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
            p = t.predicate.value
            if p == fn:
                focus[t.subject] = _plain(t.object)
            elif p == ss:
                source[t.subject] = _plain(t.object)
            elif p == rt and t.object.value == vr:
                results.add(t.subject)
        return cls([(focus.get(r, ""), source.get(r, "")) for r in results], ntriples=text)


def _plain(term) -> str:
    return str(getattr(term, "value", term))


def reference_only_rules() -> set[str]:
    """Rules whose shape says ea:engine "pyshacl": the fast engine cannot evaluate them identically."""
    from . import rules

    return {code for code, r in rules.load_rules().items() if r.kind == "shacl" and r.engine == "pyshacl"}


def _shapes_for(codes_excluded: set[str], only: set[str] | None = None) -> Graph:
    """The shapes graph restricted by rule code (compiled once per engine)."""
    from rdflib import Graph

    from . import rules

    full = rules.shapes_graph()
    if not codes_excluded and only is None:
        return full
    part = Graph()
    keep_files = [
        r.path for code, r in rules.load_rules().items()
        if r.kind == "shacl" and r.path is not None and code not in codes_excluded and (only is None or code in only)
    ]
    for f in keep_files:
        part.parse(f, format="turtle")
    return rules.expanded(part, [f.stem for f in keep_files])


class Engine(Protocol):
    name: str

    def validate(self, inventory_quads: Iterable, today: dt.date, query: str | None = None) -> tuple[Report, list]:
        """Validate one kommune (its inventory quads from the repository store); return the Report and,
        when ``query`` is given, its rows on the same data (``(i, subject IRI, object)`` as plain values:
        the object is an IRI string or the literal's lexical form)."""


class PyShaclEngine:
    name = "pyshacl"

    def __init__(self, only: set[str] | None = None):
        self.shapes = _shapes_for(set(), only)

    def data_graph(self, inventory_quads: Iterable, today: dt.date) -> Graph:
        from rdflib import Graph

        from . import catalog, rules
        from .store import to_rdflib

        g = Graph()
        for t in catalog.catalog_graph():
            g.add(t)
        for q in inventory_quads:
            g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        g += rules.validation_context(today)
        return g

    def validate_graph(self, data: Graph) -> Graph:
        import pyshacl

        _, report, _ = pyshacl.validate(data, shacl_graph=self.shapes, advanced=True, inference="none")
        return report

    def validate(self, inventory_quads: Iterable, today: dt.date, query: str | None = None) -> tuple[Report, list]:
        data = self.data_graph(inventory_quads, today)
        rows = [(int(r[0]), str(r[1]), str(r[2])) for r in data.query(query)] if query else []
        return Report.from_graph(self.validate_graph(data)), rows


class _NativeProgram:
    """pyshacl-turbo's native compiled shapes, made from its canonical form of the shapes kept in the cache."""

    def __init__(self, native):
        self._native = native


def _cached_program(pyshacl_turbo) -> _NativeProgram | None:
    """The shapes compiled from pyshacl-turbo's canonical form of them, cached (ea_repo/compiled.py) per engine
    fingerprint: compiling from it skips the engine's own parse of the 1 MB of shape N-Triples in Python
    (0.35 s of CPU in every process that checks). None where this pyshacl-turbo lacks the native entry points
    (the caller then compiles through the public API)."""
    from . import compiled, rules

    native = getattr(pyshacl_turbo, "_native", None)
    fingerprint = getattr(native, "SHACL_ENGINE_FINGERPRINT", None)
    if not fingerprint or not hasattr(native, "CompiledShapes"):
        return None

    def build() -> dict:
        program = pyshacl_turbo.CompiledShapes.__new__(pyshacl_turbo.CompiledShapes)
        program._prepare(rules.shapes_ntriples().decode("utf-8"), "nt", True)
        source, _advanced, namespaces, numeric_booleans = program._shared_spec
        return {"source": source, "namespaces": [list(ns) for ns in namespaces], "numeric_booleans": numeric_booleans}

    try:
        spec = compiled.json_entry(f"shapes-turbo-{str(fingerprint)[:16]}.json", build)
        return _NativeProgram(native.CompiledShapes(spec["source"], "nt", None, True, bool(spec["numeric_booleans"]),
                                                    [tuple(ns) for ns in spec["namespaces"]]))
    except (AttributeError, TypeError, ValueError, KeyError):
        return None


class TurboEngine:
    name = "turbo"

    def __init__(self):
        import pyshacl_turbo

        from . import rules

        self.reference_rules = reference_only_rules()
        if self.reference_rules:
            self.program = pyshacl_turbo.compile_shapes(_shapes_for(self.reference_rules), advanced=True)
        else:  # the usual case: every rule runs here, compiled from the cached N-Triples
            self.program = _cached_program(pyshacl_turbo) or pyshacl_turbo.compile_shapes(
                rules.shapes_ntriples().decode("utf-8"), shacl_graph_format="nt", advanced=True)
        self.fallback = PyShaclEngine(only=self.reference_rules) if self.reference_rules else None
        # The catalogue stays loaded in the default graph of one store per engine (bulk-loaded from the
        # cached N-Triples); each kommune's inventory and the check date go into named graphs that are
        # removed after validation. The validation sees the union of the graphs. An in-memory store keeps
        # every term it has seen after its quads are removed (3 MB per 200-system kommune), so the store is
        # made again after every RENEW_AFTER kommuner: a worker's memory stays flat through a national run.
        self._served = 0
        self._store = self._new_store()

    RENEW_AFTER = 10

    @staticmethod
    def _new_store():
        import pyoxigraph as ox

        from . import catalog

        store = ox.Store()
        store.bulk_load(catalog.catalog_ntriples(), format=ox.RdfFormat.N_TRIPLES)
        return store

    def _run(self, store) -> Report:
        """Validate the store's union graph. The native entry point takes the N-Quads text and answers the
        report as N-Triples, which pyoxigraph reads in a fraction of the time an rdflib decode takes; where
        an other pyshacl-turbo release lacks it, the public API answers the same report as a graph."""
        import pyoxigraph as ox

        native = getattr(self.program, "_native", None)
        if native is not None:
            text = store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
            try:
                out = native.validate(text, "oxigraph-nquads", None, False, 100, 15, False, False, False, False, [], [], [])
            except TypeError:
                out = None
            if out is not None and isinstance(out[1], str):
                return Report.from_ntriples(out[1])
        program = self.program
        if isinstance(program, _NativeProgram):  # compiled from the cache: the public API needs its own compile
            import pyshacl_turbo

            from . import rules

            program = self.program = pyshacl_turbo.compile_shapes(
                rules.shapes_ntriples().decode("utf-8"), shacl_graph_format="nt", advanced=True)
        _, report, _ = program.validate(store)
        return Report.from_graph(report)

    def validate(self, inventory_quads: Iterable, today: dt.date, query: str | None = None) -> tuple[Report, list]:
        import pyoxigraph as ox

        from . import rules
        from .store import to_ox

        data, context = ox.NamedNode(_DATA), ox.NamedNode(_CONTEXT)
        quads = [q if q.graph_name != ox.DefaultGraph() else ox.Quad(q.subject, q.predicate, q.object, data)
                 for q in inventory_quads]
        graphs = {q.graph_name for q in quads} | {context}
        if self._served >= self.RENEW_AFTER:
            self._store, self._served = self._new_store(), 0
        self._served += 1
        store = self._store
        rows: list = []
        try:
            store.extend(quads)
            store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), context) for s, p, o in rules.validation_context(today))
            report = self._run(store)
            if query:
                rows = [(int(r[0].value), r[1].value, _plain(r[2]))
                        for r in store.query(query, use_default_graph_as_union=True)]
        finally:
            for g in graphs:
                store.remove_graph(g)
        if self.fallback is not None:
            report = report + self.fallback.validate(quads, today)[0]
        return report, rows


ENGINES = {"pyshacl": PyShaclEngine, "turbo": TurboEngine}
DEFAULT_ENGINE = "turbo"


def make_engine(name: str) -> Engine:
    return ENGINES[name]()
