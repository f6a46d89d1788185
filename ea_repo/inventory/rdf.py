"""Inventories given as RDF (Turtle, JSON-LD, N-Triples): parse, then check what the tabular builder
would have guaranteed (ids, classes, references), so every format meets the same bar."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from .. import catalog
from ..errors import InputError
from ..namespaces import EA, ID, PREFIXES, kommune
from .build import inventory_iri
from .readers import RDF_FORMATS, _decode

_KINDS = {EA.System: "system", EA.Interface: "interface", EA.Integration: "integration"}


def read_rdf(files: list[Path], kommunenummer: str, context: Graph | None = None) -> Graph:
    """`context`: the stored inventory the files are merged into; references may point at its rows."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for f in files:
        if not f.exists():
            raise InputError("file not found", file=str(f), hint="check the path")
        if f.stat().st_size == 0:
            raise InputError("the file is empty", file=str(f))
        text = _decode(f)
        fmt = RDF_FORMATS[f.suffix.lower()]
        if fmt == "json-ld":
            _check_jsonld(text, f)
        try:
            if fmt in ("trig", "json-ld"):
                _no_named_graphs(text, fmt, f)
            g.parse(data=text, format=fmt, publicID=f.resolve().as_uri())
        except InputError:
            raise
        except Exception as exc:
            m = re.search(r"line (\d+)", str(exc))
            why = re.search(r"Bad syntax \(([^)]*)\)", str(exc))
            detail = why.group(1) if why else str(exc).strip().splitlines()[0][:200]
            raise InputError(
                f"invalid {RDF_FORMATS[f.suffix.lower()]}: {detail}",
                file=str(f), line=int(m.group(1)) if m else None, hint="fix the syntax at that place",
            ) from exc
    _check(g, files, kommunenummer, context)
    return g


def _contexts_named(node) -> list[str]:
    """Every document a JSON-LD @context (or @import in one) names: what a JSON-LD processor would fetch."""
    named: list[str] = []
    stack = [node]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            for k, v in x.items():
                if k in ("@context", "@import"):
                    for c in v if isinstance(v, list) else [v]:
                        if isinstance(c, str):
                            named.append(c)
                        else:
                            stack.append(c)
                else:
                    stack.append(v)
        elif isinstance(x, list):
            stack.extend(x)
    return named


def _check_jsonld(text: str, f: Path) -> None:
    """JSON-LD is read with its context written in the file: ea-repo never fetches a context a file names (a
    remote URL, a file:// path), not even in a dry run."""
    import json

    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputError(f"invalid JSON-LD: {exc if isinstance(exc, ValueError) else 'nested too deeply'}",
                         file=str(f), hint="fix the JSON syntax") from None
    named = _contexts_named(doc)
    if named:
        raise InputError(f"the @context names a document ({named[0]}); ea-repo does not fetch what a file names",
                         file=str(f), element="@context", hint="write the context into the file (the prefixes and "
                         "terms it uses), or export the inventory from ea-repo, which writes it inline")


def _no_named_graphs(text: str, fmt: str, f: Path) -> None:
    """An inventory is one graph: named graphs in TriG or JSON-LD would be dropped silently, so they are refused."""
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data=text, format=fmt, publicID=f.resolve().as_uri())
    named = sorted(str(c.identifier) for c in ds.graphs() if c.identifier != ds.default_graph.identifier and len(c))
    if named:
        raise InputError(f"the file holds named graphs ({', '.join(named[:3])}); an inventory is one graph",
                         file=str(f), element=named[0], hint="put the triples into the default graph (Turtle, or TriG "
                         "without GRAPH blocks)")


def _check(g: Graph, files: list[Path], k: str, context: Graph | None = None) -> None:
    where = ", ".join(str(f) for f in files)
    own = g
    if context is not None:  # check references across the file and the inventory it is merged into
        g = context + g
    prefix = str(ID[f"{k}/"])
    components = set(catalog.component_ids().values())
    members: dict = {}
    for cls, kind in _KINDS.items():
        ids: dict[str, object] = {}
        for node in g.subjects(RDF.type, cls):
            members[node] = cls
            if not str(node).startswith(prefix):
                raise InputError(
                    f"{kind} <{node}> does not belong to kommune {k} (its IRI should start with {prefix})",
                    file=where, element=str(node), hint="import it with the right --kommune, or export it again from that kommune",
                )
            rid = g.value(node, EA.id)
            if rid is None:
                raise InputError(f"{kind} has no ea:id", file=where, element=str(node), hint="give it an ea:id")
            if str(rid) in ids:
                raise InputError(f"duplicate id '{rid}'", file=where, element=str(node), hint="make ids unique")
            ids[str(rid)] = node
    if not any(cls == EA.System for cls in members.values()):
        raise InputError("no ea:System found", file=where, hint="an inventory needs at least one system")
    for s, p, o in g.triples((None, None, None)):
        if p in (EA.provider, EA.consumer, EA.via):
            if members.get(o) != EA.System and o not in components:
                raise InputError(f"{p.n3(g.namespace_manager)} points at <{o}>, which is neither a system here nor a national component",
                                 file=where, element=str(s), hint="add the system or use a catalogue component id")
        elif p == EA.providedBy and members.get(o) != EA.System:
            raise InputError(f"ea:providedBy points at <{o}>, which is not a system here", file=where, element=str(s))
        elif p == EA.viaInterface and members.get(o) != EA.Interface:
            raise InputError(f"ea:viaInterface points at <{o}>, which is not an interface here", file=where, element=str(s))
    inv = inventory_iri(k)
    if (inv, RDF.type, EA.Inventory) not in own:
        own.add((inv, RDF.type, EA.Inventory))
        own.add((inv, EA.kommune, kommune(k)))
    for node in members:
        if (node, RDF.type, members[node]) in own and (node, EA.inventoryOf, None) not in own:
            own.add((node, EA.inventoryOf, kommune(k)))
