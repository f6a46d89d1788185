"""Write a merger or split into the repository, losing no history, in ONE transaction.

For every new kommune N of the reform with predecessors P held in the repository:
- graph/history/{P}/{date} gets P's inventory as it was (and graph/history/{P}/{date}/previous its previous one);
  graph/inventory/{P} and graph/previous/{P} are dropped, so P is no longer a current kommune;
- graph/inventory/{N} becomes the union of the predecessors' inventories (for a split: the systems assigned to N,
  with the integrations that touch them), re-keyed to N: .../id/{P}/system/x -> .../id/{N}/system/x (x-{P} when two
  predecessors use the same id), each re-keyed thing with prov:wasDerivedFrom its old IRI;
- graph/kommuner declares kommune:N with a dated ea:KommunenummerAssignment (validFrom = date) and ea:predecessor
  links, and each predecessor's number with validTo = date and ea:successor; check_kommune accepts what this
  graph declares, so N can be imported and exported although the catalogue does not list it yet;
- graph/meta records the change (prov:Activity with time, reform and the graphs written).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from ..errors import UsageError
from ..i18n import msg
from ..namespaces import EA, GRAPH, ID, KOMMUNE, META_GRAPH, PROV, inventory_graph, previous_graph
from ..store import Repository, to_ox
from .analysis import Reform

KOMMUNER_GRAPH = GRAPH["kommuner"]
KINDS = ("system", "interface", "integration")


@dataclass(frozen=True)
class ApplyResult:
    written: tuple[str, ...]  # new kommunenummer
    archived: tuple[str, ...]  # graph/history/... graphs
    renamed: tuple[tuple[str, str], ...]  # (old IRI, new IRI) where an id had to change


def history_graph(code: str, when: date) -> URIRef:
    return GRAPH[f"history/{code}/{when.isoformat()}"]


def _parse(iri) -> tuple[str, str, str] | None:
    s = str(iri)
    if not s.startswith(str(ID)):
        return None
    parts = s[len(str(ID)):].split("/", 2)
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 and parts[1] in KINDS else None


def select(g: Graph, keep: set[str]) -> Graph:
    """The part of one inventory a split gives to one new kommune: the kept systems, their interfaces, the
    integrations touching them, and everything that is not a system, interface or integration."""
    things = {s: _parse(s) for s in g.subjects(RDF.type, None)}
    systems = {s for s, p in things.items() if p and p[1] == "system" and p[2] in keep}
    keep_iris = set(systems)
    for s, p in things.items():
        if p and p[1] == "interface" and set(g.objects(s, EA.providedBy)) & systems:
            keep_iris.add(s)
        if p and p[1] == "integration" and ({*g.objects(s, EA.provider), *g.objects(s, EA.consumer)} & systems):
            keep_iris.add(s)
    out = Graph()
    for s, p, o in g:
        ps = _parse(s)
        if ps is None or s in keep_iris:
            out.add((s, p, o))
    return out


def merged_inventory(parts: dict[str, Graph], new: str) -> tuple[Graph, list[tuple[str, str]]]:
    """The union of the predecessors' inventories, re-keyed to ``new`` (pure)."""
    owners: dict = defaultdict(set)
    for code, g in parts.items():
        for s in set(g.subjects()):
            if (p := _parse(s)) and p[0] == code:
                owners[(p[1], p[2])].add(code)
    out, renamed = Graph(), []
    for code, g in sorted(parts.items()):
        def rk(term, code=code):
            p = _parse(term)
            if p and p[0] == code:
                row = p[2] if len(owners[(p[1], p[2])]) == 1 or code == new else f"{p[2]}-{code}"
                return ID[f"{new}/{p[1]}/{row}"]
            if term == KOMMUNE[code]:
                return KOMMUNE[new]
            if str(term) == f"{ID}{code}/inventory":
                return URIRef(f"{ID}{new}/inventory")
            return term
        for s, p, o in g:
            ns, no = rk(s), rk(o)
            if p == EA.id and _parse(s) and ns != s:
                no = Literal(str(ns).rsplit("/", 1)[-1])
            out.add((ns, p, no))
            if ns != s and (s, RDF.type, None) in g and (ns, PROV.wasDerivedFrom, s) not in out:
                out.add((ns, PROV.wasDerivedFrom, s))
                if str(ns).rsplit("/", 1)[-1] != str(s).rsplit("/", 1)[-1]:
                    renamed.append((str(s), str(ns)))
    return out, sorted(set(renamed))


def kommuner_triples(reform: Reform, held: set[str], now: str) -> Graph:
    g = Graph()
    when = lambda d: Literal(d.isoformat(), datatype=XSD.date)  # noqa: E731
    for t in reform.targets:
        k, nr = KOMMUNE[t.code], URIRef(f"{KOMMUNE[t.code]}/nr/{t.date.isoformat()}")
        g.add((k, RDF.type, EA.Kommune))
        g.add((k, EA.name, Literal(t.name)))
        g.add((k, SKOS.notation, Literal(t.code)))
        g.add((k, EA.kommunenummer, nr))
        g.add((nr, RDF.type, EA.KommunenummerAssignment))
        g.add((nr, EA.code, Literal(t.code)))
        g.add((nr, EA.validFrom, when(t.date)))
        g.add((nr, PROV.generatedAtTime, Literal(now, datatype=XSD.dateTime)))
        g.add((nr, EA.note, Literal(f"{reform.label}; written by ea-repo merger apply", lang="en")))
        for p in t.predecessors:
            if p == t.code or p not in held:
                continue
            pk, pnr = KOMMUNE[p], URIRef(f"{KOMMUNE[p]}/nr/until-{t.date.isoformat()}")
            g.add((k, EA.predecessor, pk))
            g.add((pk, RDF.type, EA.Kommune))
            g.add((pk, EA.name, Literal(reform.names.get(p, p))))
            g.add((pk, EA.successor, k))
            g.add((pk, EA.kommunenummer, pnr))
            g.add((pnr, RDF.type, EA.KommunenummerAssignment))
            g.add((pnr, EA.code, Literal(p)))
            g.add((pnr, EA.validTo, when(t.date)))
    return g


def _nt(g: Graph) -> str:
    return "\n".join(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ." for s, p, o in g)


def apply(repo: Repository, reform: Reform, *, now: str, assignments: dict[str, str] | None = None) -> ApplyResult:
    """Write the reform's new kommuner into the repository (see the module docstring)."""
    held = set(repo.kommuner())
    assignments = assignments or {}
    preds = sorted({p for t in reform.targets for p in t.predecessors if p in held})
    if not preds:
        raise UsageError(msg("the repository holds none of the predecessor kommuner; nothing to apply "
                             "(was the change applied already? see `ea-repo list`)",
                             "repositoryet har ingen av de tidligere kommunene; ingenting å gjennomføre "
                             "(er endringen gjennomført allerede? se `ea-repo list`)"))
    inv = {p: repo.inventory(p) for p in preds}
    undecided = []
    for p in preds:
        if reform.split(p):
            ids = {str(o) for s, o in inv[p].subject_objects(EA.id) if (x := _parse(s)) and x[1] == "system"}
            undecided += [f"{p}/{i}" for i in sorted(ids) if f"{p}/{i}" not in assignments and i not in assignments]
    if undecided:
        listed = ", ".join(undecided)
        raise UsageError(msg(f"{len(undecided)} system(s) of a split kommune are not assigned to a part: {listed}; "
                             "give them in the assignment file (--assign FILE: 'system-id: NNNN'); nothing was written",
                             f"{len(undecided)} system(er) i en kommune som deles, er ikke fordelt på en del: {listed}; "
                             "oppgi dem i fordelingsfilen (--assign FILE: 'system-id: NNNN'); ingenting ble skrevet"))
    ops, written, archived, renamed = [], [], [], []
    for p in preds:
        h = history_graph(p, next(t.date for t in reform.targets if p in t.predecessors))
        ops.append(f"DROP SILENT GRAPH <{h}> ; ADD <{inventory_graph(p)}> TO <{h}>")
        prev = previous_graph(p)
        if repo.store.contains_named_graph(to_ox(prev)):
            ops.append(f"DROP SILENT GRAPH <{h}/previous> ; ADD <{prev}> TO <{h}/previous> ; DROP GRAPH <{prev}>")
        ops.append(f"DROP GRAPH <{inventory_graph(p)}>")
        archived.append(str(h))
    for t in reform.targets:
        parts = {}
        for p in t.predecessors:
            if p not in held:
                continue
            if reform.split(p):
                keep = {i.split("/", 1)[-1] for i, to in _assigned(inv[p], p, assignments).items() if to == t.code}
                parts[p] = select(inv[p], keep)
            else:
                parts[p] = inv[p]
        if not parts:
            continue
        g, ren = merged_inventory(parts, t.code)
        renamed += ren
        ops.append(f"DROP SILENT GRAPH <{inventory_graph(t.code)}> ; INSERT DATA {{ GRAPH <{inventory_graph(t.code)}> {{\n{_nt(g)}\n}} }}")
        written.append(t.code)
    act = URIRef(f"{ID}merger/{reform.targets[0].date.isoformat()}/{'-'.join(written)}")
    meta = Graph()
    meta.add((act, RDF.type, PROV.Activity))
    meta.add((act, PROV.startedAtTime, Literal(now, datatype=XSD.dateTime)))
    meta.add((act, EA.note, Literal(reform.label)))
    for code in written:
        meta.add((act, PROV.generated, inventory_graph(code)))
    for h in archived:
        meta.add((act, PROV.used, URIRef(h)))
    ops.append(f"INSERT DATA {{ GRAPH <{KOMMUNER_GRAPH}> {{\n{_nt(kommuner_triples(reform, held, now))}\n}}\n"
               f"GRAPH <{META_GRAPH}> {{\n{_nt(meta)}\n}} }}")
    repo.store.update(" ;\n".join(ops))  # one SPARQL update = one transaction
    return ApplyResult(tuple(written), tuple(archived), tuple(renamed))


def _assigned(g: Graph, p: str, assignments: dict[str, str]) -> dict[str, str]:
    out = {}
    for s, o in g.subject_objects(EA.id):
        if (x := _parse(s)) and x[1] == "system":
            to = assignments.get(f"{p}/{o}") or assignments.get(str(o))
            if to:
                out[f"{p}/{o}"] = to
    return out


def declared_kommuner(repo: Repository) -> dict[str, str]:
    """Kommuner the repository itself declares (see Repository.declared_kommuner)."""
    return repo.declared_kommuner()
