"""Inventory import and export: the library functions the CLI (and tests, and other programs) call."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .. import catalog, paths
from ..errors import InputError, UsageError
from ..store import ImportRecord, Repository, now_iso
from .build import build_inventory, row_count
from .rdf import read_rdf
from .readers import RDF_FORMATS, expand, read_tabular


@dataclass(frozen=True)
class LoadedInventory:
    kommune: str
    graph: Graph
    files: tuple[tuple[str, str], ...]
    rows: int
    fmt: str


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _history() -> dict[str, list[str]]:
    """Historic kommunenummer -> its 2024 successor(s), from the SSB change chain shipped in catalog/data."""
    out: dict[str, list[str]] = {}
    f = paths.catalog_dir() / "data" / "kommunenummer_to_2024.csv"
    if f.exists():
        with open(f, encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                out.setdefault(r["historic_code"], []).append(f"{r['code_2024']} {r['name_2024']}")
    return out


def check_kommune(code: str, repo: Repository | None = None) -> str:
    """Return the normalised kommunenummer, or raise UsageError with the nearest valid numbers.
    With a repository, kommuner it declares itself (written by `merger apply`) are accepted too."""
    raw = str(code).strip()
    norm = raw.zfill(4) if raw.isdigit() else raw
    valid = catalog.kommuner()
    if norm in valid:
        return norm
    if repo is not None:
        from ..merger.apply import declared_kommuner

        if norm in declared_kommuner(repo):
            return norm
    hints = []
    successors = _history().get(norm)
    if successors:
        hints.append(f"{norm} is an earlier kommunenummer; since 2024 it is {' / '.join(successors)}")
    if norm.isdigit() and len(norm) == 4:
        near = sorted(valid, key=lambda c: (abs(int(c) - int(norm)), c))[:3]
        hints.append("nearest valid: " + ", ".join(f"{c} {valid[c]}" for c in near))
    else:
        hints.append("a kommunenummer has four digits, e.g. 0301 Oslo")
    raise UsageError(f"'{raw}' is not a kommune in the catalogue (2024 numbering): " + "; ".join(hints))


def load_files(files: list[Path], kommune: str, repo: Repository | None = None) -> LoadedInventory:
    """Read and check inventory files without touching any repository (used by --dry-run too)."""
    kommune = check_kommune(kommune, repo)
    files = expand([Path(f) for f in files])
    if not files:
        raise UsageError("no files given")
    from ..interop import detect, load_interop  # ArchiMate exchange XML, Archi CSV (ea_repo/interop)

    interop = detect(files)
    if interop:
        g, rows = load_interop(interop, files, kommune)
        return LoadedInventory(kommune, g, tuple((f.name, sha256(f)) for f in files), rows, interop)
    rdf = [f for f in files if f.suffix.lower() in RDF_FORMATS]
    if rdf and len(rdf) != len(files):
        raise InputError("do not mix RDF files with tabular files in one import", file=", ".join(map(str, files)))
    if rdf:
        g = read_rdf(rdf, kommune)
        rows = len(set(g.subjects(predicate=None, object=None)))
        fmt = "rdf"
    else:
        raw = read_tabular(files)
        g = build_inventory(raw, kommune, shared=_shared_installations(repo, kommune))
        rows = row_count(raw)
        fmt = "tabular"
    return LoadedInventory(kommune, g, tuple((f.name, sha256(f)) for f in files), rows, fmt)


def _shared_installations(repo: Repository | None, kommune: str):
    """What "coop-id:system-id" may name for this kommune (None without a repository: taken as written)."""
    if repo is None:
        return None
    from ..cooperation import shared_refs

    return shared_refs(repo, kommune)


def import_inventory(repo: Repository, files: list[Path], kommune: str) -> tuple[LoadedInventory, ImportRecord]:
    loaded = load_files(files, kommune, repo)
    record = ImportRecord(loaded.kommune, now_iso(), loaded.files, loaded.rows, len(loaded.graph), loaded.fmt)
    repo.replace_inventory(loaded.kommune, loaded.graph, record)
    return loaded, record


def _via_interop(fmt: str):
    def export(g: Graph, kommune: str):
        from ..interop import EXPORTERS

        return EXPORTERS[fmt](g, kommune)

    return export


# format -> rdflib serializer name, or a writer (graph, kommune) -> text (or {file name: text} for archi-csv)
EXPORT_FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt",
                  **{f: _via_interop(f) for f in ("archimate", "archi-csv", "dcat")}}


def export_inventory(repo: Repository, kommune: str, fmt: str = "ttl") -> str | dict[str, str]:
    kommune = check_kommune(kommune, repo)
    if not repo.has_inventory(kommune):
        held = ", ".join(repo.kommuner()) or "none"
        raise UsageError(f"the repository holds no inventory for kommune {kommune} (it holds: {held})")
    g = repo.inventory(kommune)
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format '{fmt}'; use one of {', '.join(EXPORT_FORMATS)}")
    writer = EXPORT_FORMATS[fmt]
    return writer(g, kommune) if callable(writer) else g.serialize(format=writer)
