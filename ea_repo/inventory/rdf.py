"""Inventories given as RDF (Turtle, JSON-LD, N-Triples): parse, then check what the tabular builder
would have guaranteed (ids, classes, references), so every format meets the same bar."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from .. import catalog
from ..errors import InputError
from ..i18n import msg
from ..namespaces import EA, ID, PREFIXES, kommune
from .build import inventory_iri
from .readers import RDF_FORMATS, _decode

_KINDS = {EA.System: "system", EA.Interface: "interface", EA.Integration: "integration"}
_KINDS_NB = {"system": "systemet", "interface": "grensesnittet", "integration": "integrasjonen"}


def read_rdf(files: list[Path], kommunenummer: str, context: Graph | None = None) -> Graph:
    """`context`: the stored inventory the files are merged into; references may point at its rows."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for f in files:
        if not f.exists():
            raise InputError(msg("file not found", "fant ikke filen"), file=str(f), hint=msg("check the path", "sjekk stien"))
        if f.stat().st_size == 0:
            raise InputError(msg("the file is empty", "filen er tom"), file=str(f))
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
                msg(f"invalid {RDF_FORMATS[f.suffix.lower()]}: {detail}", f"ugyldig {RDF_FORMATS[f.suffix.lower()]}: {detail}"),
                file=str(f), line=int(m.group(1)) if m else None,
                hint=msg("fix the syntax at that place", "rett syntaksen på det stedet"),
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


def _iris_with_a_space(node) -> list[str]:
    """Every @id and @type, and every property name outside @context, that holds whitespace (the outermost first)."""
    from collections import deque

    found: list[str] = []
    stack = deque([node])
    while stack:
        x = stack.popleft()
        if isinstance(x, dict):
            for k, v in x.items():
                if k == "@context":
                    continue
                if k in ("@id", "@type"):
                    found += [s for s in (v if isinstance(v, list) else [v]) if isinstance(s, str) and any(c.isspace() for c in s)]
                elif not k.startswith("@") and any(c.isspace() for c in k):
                    found.append(k)
                stack.append(v)
        elif isinstance(x, list):
            stack.extend(x)
    return found


def _check_jsonld(text: str, f: Path) -> None:
    """JSON-LD is read with its context written in the file: ea-repo never fetches a context a file names (a
    remote URL, a file:// path), not even in a dry run."""
    import json

    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        deep = not isinstance(exc, ValueError)
        raise InputError(msg(f"invalid JSON-LD: {'nested too deeply' if deep else exc}",
                             f"ugyldig JSON-LD: {'nestet for dypt' if deep else exc}"),
                         file=str(f), hint=msg("fix the JSON syntax", "rett JSON-syntaksen")) from None
    spaced = _iris_with_a_space(doc)
    if spaced:  # a JSON-LD reader turns such an IRI into nothing: the node or the property would vanish silently
        raise InputError(msg(f"the IRI '{spaced[0]}' holds a space, so a JSON-LD reader would drop what it names",
                             f"IRI-en '{spaced[0]}' inneholder et mellomrom, så en JSON-LD-leser ville droppe det den viser til"),
                         file=str(f), element=spaced[0], code="unstorable-term",
                         hint=msg("write the space as %20, or give an id without spaces",
                                  "skriv mellomrommet som %20, eller bruk en id uten mellomrom"))
    named = _contexts_named(doc)
    if named:
        raise InputError(msg(f"the @context names a document ({named[0]}); ea-repo does not fetch what a file names",
                             f"@context viser til et dokument ({named[0]}); ea-repo henter ikke det en fil viser til"),
                         file=str(f), element="@context",
                         hint=msg("write the context into the file (the prefixes and "
                                  "terms it uses), or export the inventory from ea-repo, which writes it inline",
                                  "skriv konteksten inn i filen (prefiksene og termene den bruker), eller eksporter "
                                  "systemoversikten fra ea-repo, som skriver den inn i filen"))


def _no_named_graphs(text: str, fmt: str, f: Path) -> None:
    """An inventory is one graph: named graphs in TriG or JSON-LD would be dropped silently, so they are refused."""
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data=text, format=fmt, publicID=f.resolve().as_uri())
    named = sorted(str(c.identifier) for c in ds.graphs() if c.identifier != ds.default_graph.identifier and len(c))
    if named:
        graphs = ", ".join(named[:3])
        raise InputError(msg(f"the file holds named graphs ({graphs}); an inventory is one graph",
                             f"filen inneholder navngitte grafer ({graphs}); en systemoversikt er én graf"),
                         file=str(f), element=named[0],
                         hint=msg("put the triples into the default graph (Turtle, or TriG without GRAPH blocks)",
                                  "legg triplene i standardgrafen (Turtle, eller TriG uten GRAPH-blokker)"))


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
                    msg(f"{kind} <{node}> does not belong to kommune {k} (its IRI should start with {prefix})",
                        f"{_KINDS_NB[kind]} <{node}> hører ikke til kommune {k} (IRI-en skal begynne med {prefix})"),
                    file=where, element=str(node),
                    hint=msg("import it with the right --kommune, or export it again from that kommune",
                             "importer den med riktig --kommune, eller eksporter den på nytt fra den kommunen"),
                )
            rid = g.value(node, EA.id)
            if rid is None:
                raise InputError(msg(f"{kind} has no ea:id", f"{_KINDS_NB[kind]} mangler ea:id"), file=where, element=str(node),
                                 hint=msg("give it an ea:id", "legg til en ea:id"))
            if str(rid) in ids:
                raise InputError(msg(f"duplicate id '{rid}'", f"id-en '{rid}' er brukt mer enn én gang"), file=where,
                                 element=str(node), hint=msg("make ids unique", "gjør id-ene unike"))
            ids[str(rid)] = node
    if not any(cls == EA.System for cls in members.values()):
        raise InputError(msg("no ea:System found", "fant ingen ea:System"), file=where,
                         hint=msg("an inventory needs at least one system", "en systemoversikt trenger minst ett system"))
    for s, p, o in g.triples((None, None, None)):
        if p in (EA.provider, EA.consumer, EA.via):
            if members.get(o) != EA.System and o not in components:
                pn = p.n3(g.namespace_manager)
                raise InputError(msg(f"{pn} points at <{o}>, which is neither a system here nor a national component",
                                     f"{pn} peker på <{o}>, som verken er et system her eller en nasjonal fellesløsning"),
                                 file=where, element=str(s),
                                 hint=msg("add the system or use a catalogue component id",
                                          "legg til systemet eller bruk id-en til en fellesløsning i katalogen"))
        elif p == EA.providedBy and members.get(o) != EA.System:
            raise InputError(msg(f"ea:providedBy points at <{o}>, which is not a system here",
                                 f"ea:providedBy peker på <{o}>, som ikke er et system her"), file=where, element=str(s))
        elif p == EA.viaInterface and members.get(o) != EA.Interface:
            raise InputError(msg(f"ea:viaInterface points at <{o}>, which is not an interface here",
                                 f"ea:viaInterface peker på <{o}>, som ikke er et grensesnitt her"), file=where, element=str(s))
    inv = inventory_iri(k)
    if (inv, RDF.type, EA.Inventory) not in own:
        own.add((inv, RDF.type, EA.Inventory))
        own.add((inv, EA.kommune, kommune(k)))
    for node in members:
        if (node, RDF.type, members[node]) in own and (node, EA.inventoryOf, None) not in own:
            own.add((node, EA.inventoryOf, kommune(k)))
