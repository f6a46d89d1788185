"""Interoperability: ArchiMate exchange files and Archi CSV in and out, DCAT-AP-NO out.

`load_interop` is what `ea_repo.inventory.load_files` calls for these formats; `EXPORTERS` is what
`export_inventory` dispatches to. Both are tables: format -> function.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

from ..inventory.rdf import _check
from .archi_csv import is_archi_csv, read_archi_csv, write_archi_csv
from .archimate import read_archimate, write_archimate
from .dcat import write_dcat
from .model import from_graph, to_graph

READERS: dict[str, Callable] = {
    "archimate": lambda files: read_archimate(files[0]),
    "archi-csv": read_archi_csv,
}


#: What an ArchiMate exchange file is called: .xml, or .archimate as `export --format archimate --out` may name it.
ARCHIMATE_SUFFIXES = (".xml", ".archimate")


def detect(files: list[Path]) -> str | None:
    """'archimate' for .xml files, 'archi-csv' for Archi's elements/relations/properties CSV files, else None."""
    if any(f.suffix.lower() in ARCHIMATE_SUFFIXES for f in files):
        return "archimate"
    if is_archi_csv(files):
        return "archi-csv"
    return None


def load_interop(fmt: str, files: list[Path], kommune: str) -> tuple[Graph, int]:
    from ..errors import InputError
    from ..i18n import msg

    if fmt == "archimate" and len(files) != 1:
        raise InputError(msg("import one ArchiMate exchange file at a time", "importer én ArchiMate-utvekslingsfil om gangen"),
                         file=", ".join(map(str, files)))
    model = READERS[fmt](files)
    g = to_graph(model, kommune)
    _check(g, files, kommune)  # the same bar every RDF inventory meets
    return g, model.size


EXPORTERS: dict[str, Callable[[Graph, str], object]] = {
    "archimate": lambda g, k: write_archimate(from_graph(g, k)).decode("utf-8"),
    "archi-csv": lambda g, k: write_archi_csv(from_graph(g, k)),
    "dcat": write_dcat,
}
