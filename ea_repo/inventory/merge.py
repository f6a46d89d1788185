"""Merge an inventory file into the stored inventory: upsert by id, delete nothing (as Archi's CSV import does).

- a system, interface or integration whose id is stored already is replaced by the file's row: every triple about
  it is the file's (a cell left blank in the file is blank afterwards);
- a row with a new id is added;
- a stored row the file does not mention stays as it is;
- a meta entry the file gives replaces the stored one; the others stay;
- vendors and operators no row names any more are dropped (they are derived from the rows, not rows of their own).

The file's rows may refer to stored rows (an integration to a stored system); ``known_ids`` is what the builder
accepts as references. The merged graph is checked as a whole (``check_merged``) before anything is written, so a
merge that would leave a dangling reference fails with a located error and the repository stays as it was.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, Graph

from ..namespaces import EA, ID, PREFIXES
from .build import inventory_iri
from .schema import SHEETS

_ROW_CLASSES = {EA[s.rdf_class]: s.name for s in SHEETS}
_DERIVED = (str(ID["vendor/"]), str(ID["org/"]))  # nodes minted from a row's vendor / operatedBy cell


def known_ids(g: Graph, kommune: str) -> dict[str, set[str]]:
    """sheet name -> ids of the rows an inventory graph holds (what a merged file may refer to)."""
    prefix = str(ID[f"{kommune}/"])
    out: dict[str, set[str]] = {s.name: set() for s in SHEETS}
    for cls, sheet in _ROW_CLASSES.items():
        for node in g.subjects(RDF.type, cls):
            rid = g.value(node, EA.id)
            if rid is not None and str(node).startswith(prefix):
                out[sheet].add(str(rid))
    return out


def merge_inventories(stored: Graph, new: Graph, kommune: str) -> Graph:
    """The stored inventory with the new one upserted into it (pure; see the module docstring)."""
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns)
    rows = {s for cls in _ROW_CLASSES for s in new.subjects(RDF.type, cls)}
    inv = inventory_iri(kommune)
    meta_preds = {p for p in new.predicates(inv, None)} - {RDF.type, EA.kommune}
    for s, p, o in stored:
        if s in rows or (s == inv and p in meta_preds):
            continue
        out.add((s, p, o))
    for t in new:
        out.add(t)
    referenced = set(out.objects())
    for node in {s for s in out.subjects() if str(s).startswith(_DERIVED)} - referenced:
        out.remove((node, None, None))
    return out


def check_merged(g: Graph, files: list[Path], kommune: str) -> None:
    """The bar every stored inventory meets (ids, classes, references), on the merged result as a whole."""
    from .rdf import _check

    _check(g, files, kommune)
