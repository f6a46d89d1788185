"""SHACL validation engines behind one small interface.

- ``pyshacl``: the reference engine, over an rdflib graph.
- ``turbo``: pyshacl-turbo (Rust) reading a pyoxigraph Store filled natively from the repository's
  store — no Turtle text and no rdflib Memory graph on this path.

An engine compiles the shapes once (per process) and then validates one kommune at a time: its
inventory graph + the catalogue graph + the validation-context node (the check date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

import pyoxigraph as ox
from rdflib import Graph

from . import catalog, rules
from .store import to_ox, to_rdflib


def reference_only_rules() -> set[str]:
    """Rules whose shape says ea:engine "pyshacl": the fast engine cannot evaluate them identically."""
    return {code for code, r in rules.load_rules().items() if r.kind == "shacl" and r.engine == "pyshacl"}


def _shapes_for(codes_excluded: set[str], only: set[str] | None = None) -> Graph:
    """The shapes graph restricted by rule code (compiled once per engine)."""
    full = rules.shapes_graph()
    if not codes_excluded and only is None:
        return full
    out = Graph()
    for prefix, ns in full.namespaces():
        out.bind(prefix, ns)
    keep_files = [
        r.path for code, r in rules.load_rules().items()
        if r.kind == "shacl" and r.path is not None and code not in codes_excluded and (only is None or code in only)
    ]
    for f in keep_files:
        out.parse(f, format="turtle")
    return out


class Engine(Protocol):
    name: str

    def validate(self, inventory_quads: Iterable, today: dt.date, query: str | None = None) -> tuple[Graph, list]:
        """Validate one kommune (its inventory quads from the repository store); return the SHACL report and,
        when ``query`` is given, its rows on the same data (``(i, subject IRI, object)`` as plain values:
        the object is an IRI string or the literal's lexical form)."""


def _plain(term) -> str:
    return str(getattr(term, "value", term))


class PyShaclEngine:
    name = "pyshacl"

    def __init__(self, only: set[str] | None = None):
        self.shapes = _shapes_for(set(), only)

    def data_graph(self, inventory_quads: Iterable, today: dt.date) -> Graph:
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

    def validate(self, inventory_quads: Iterable, today: dt.date, query: str | None = None) -> tuple[Graph, list]:
        data = self.data_graph(inventory_quads, today)
        rows = [(int(r[0]), str(r[1]), str(r[2])) for r in data.query(query)] if query else []
        return self.validate_graph(data), rows


class TurboEngine:
    name = "turbo"

    def __init__(self):
        import pyshacl_turbo

        self.reference_rules = reference_only_rules()
        self.program = pyshacl_turbo.compile_shapes(_shapes_for(self.reference_rules), advanced=True)
        self.fallback = PyShaclEngine(only=self.reference_rules) if self.reference_rules else None
        # The catalogue stays loaded in the default graph of one store per engine; each kommune's
        # inventory and the check date go into named graphs that are removed after validation.
        # pyshacl-turbo's core validation sees the union of the graphs.
        dg = ox.DefaultGraph()
        self._store = ox.Store()
        self._store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), dg) for s, p, o in catalog.catalog_graph())

    def validate(self, inventory_quads: Iterable, today: dt.date, query: str | None = None) -> tuple[Graph, list]:
        quads = [q if q.graph_name != ox.DefaultGraph() else ox.Quad(q.subject, q.predicate, q.object, _DATA)
                 for q in inventory_quads]
        graphs = {q.graph_name for q in quads} | {_CONTEXT}
        store = self._store
        rows: list = []
        try:
            store.extend(quads)
            store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), _CONTEXT) for s, p, o in rules.validation_context(today))
            _, report, _ = self.program.validate(store)
            if query:
                rows = [(int(r[0].value), r[1].value, _plain(r[2]))
                        for r in store.query(query, use_default_graph_as_union=True)]
        finally:
            for g in graphs:
                store.remove_graph(g)
        if self.fallback is not None:
            report += self.fallback.validate(quads, today)[0]
        return report, rows


_DATA = ox.NamedNode("https://w3id.org/ea-repo/graph/validation-data")
_CONTEXT = ox.NamedNode("https://w3id.org/ea-repo/graph/validation-context")


ENGINES = {"pyshacl": PyShaclEngine, "turbo": TurboEngine}
DEFAULT_ENGINE = "turbo"


def make_engine(name: str) -> Engine:
    return ENGINES[name]()
