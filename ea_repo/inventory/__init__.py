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


def check_kommune(code: str) -> str:
    """Return the normalised kommunenummer, or raise UsageError with the nearest valid numbers."""
    raw = str(code).strip()
    norm = raw.zfill(4) if raw.isdigit() else raw
    valid = catalog.kommuner()
    if norm in valid:
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


def load_files(files: list[Path], kommune: str) -> LoadedInventory:
    """Read and check inventory files without touching any repository (used by --dry-run too)."""
    kommune = check_kommune(kommune)
    files = expand([Path(f) for f in files])
    if not files:
        raise UsageError("no files given")
    rdf = [f for f in files if f.suffix.lower() in RDF_FORMATS]
    if rdf and len(rdf) != len(files):
        raise InputError("do not mix RDF files with tabular files in one import", file=", ".join(map(str, files)))
    if rdf:
        g = read_rdf(rdf, kommune)
        rows = len(set(g.subjects(predicate=None, object=None)))
        fmt = "rdf"
    else:
        raw = read_tabular(files)
        g = build_inventory(raw, kommune)
        rows = row_count(raw)
        fmt = "tabular"
    return LoadedInventory(kommune, g, tuple((f.name, sha256(f)) for f in files), rows, fmt)


def import_inventory(repo: Repository, files: list[Path], kommune: str) -> tuple[LoadedInventory, ImportRecord]:
    loaded = load_files(files, kommune)
    record = ImportRecord(loaded.kommune, now_iso(), loaded.files, loaded.rows, len(loaded.graph), loaded.fmt)
    repo.replace_inventory(loaded.kommune, loaded.graph, record)
    return loaded, record


EXPORT_FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}


def export_inventory(repo: Repository, kommune: str, fmt: str = "ttl") -> str:
    kommune = check_kommune(kommune)
    if not repo.has_inventory(kommune):
        held = ", ".join(repo.kommuner()) or "none"
        raise UsageError(f"the repository holds no inventory for kommune {kommune} (it holds: {held})")
    g = repo.inventory(kommune)
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format '{fmt}'; use one of {', '.join(EXPORT_FORMATS)}")
    return g.serialize(format=EXPORT_FORMATS[fmt])
