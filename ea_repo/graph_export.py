"""Exports of the architecture graph (ea_repo/graph.py) for yEd and Gephi (GraphML), node-link JSON and
Graphviz (dot). The format table ``EXPORTERS`` is what `ea-repo graph --format` offers; NetworkX is imported
only when a graph is written, so the command line starts without it."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx


def _scalar(v):
    if isinstance(v, (tuple, list, set, frozenset)):
        return " ".join(sorted(map(str, v)))
    if isinstance(v, date):
        return v.isoformat()
    return v


def export_graph(G: nx.DiGraph) -> nx.DiGraph:
    """A copy with only scalar attributes (lists joined by spaces, dates as ISO text, no None)."""
    import networkx as nx

    H = nx.DiGraph()
    for n, a in G.nodes(data=True):
        H.add_node(n, **{k: _scalar(v) for k, v in a.items() if v is not None and v != ()})
    for u, v, a in G.edges(data=True):
        H.add_edge(u, v, **{k: _scalar(x) for k, x in a.items()})
    return H


def _dot_id(s: str) -> str:
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


_DOT_SHAPE = {"system": "box", "interface": "circle", "integration": "point", "component": "doubleoctagon",
              "dataobject": "note", "unknown": "plaintext"}


def to_dot(G: nx.DiGraph, name: str = "ea") -> str:
    H = export_graph(G)
    lines = [f"digraph {_dot_id(name)} {{", "  rankdir=LR;"]
    for n, a in sorted(H.nodes(data=True)):
        attrs = {"label": a.get("label", n), "shape": _DOT_SHAPE.get(a.get("kind"), "ellipse"), **a}
        lines.append(f"  {_dot_id(n)} [" + ", ".join(f"{k}={_dot_id(v)}" for k, v in attrs.items()) + "];")
    for u, v, a in sorted(H.edges(data=True)):
        lines.append(f"  {_dot_id(u)} -> {_dot_id(v)} [label={_dot_id(a.get('rel', ''))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_graphml(G: nx.DiGraph) -> str:
    import networkx as nx

    return "\n".join(nx.generate_graphml(export_graph(G))) + "\n"


def to_json(G: nx.DiGraph) -> str:
    import networkx as nx

    data = nx.node_link_data(export_graph(G), edges="links")
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


EXPORTERS = {"graphml": to_graphml, "json": to_json, "dot": to_dot}


def export(G: nx.DiGraph, fmt: str) -> str:
    try:
        return EXPORTERS[fmt](G)
    except KeyError:
        raise ValueError(f"unknown graph format {fmt!r}; choose one of {', '.join(EXPORTERS)}") from None
