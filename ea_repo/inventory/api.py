"""Inventory import and export: the library functions the CLI (and tests, and other programs) call, through
the package (``from ea_repo.inventory import load_files``)."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .. import catalog, paths
from ..errors import InputError, UsageError
from ..i18n import msg, text
from ..store import ImportRecord, Repository, now_iso
from .build import build_inventory, kommune_suggestions, row_count
from .formats import EXPORT_FORMATS, IMPORT_MODES, MULTI_FILE_FORMATS  # noqa: F401  (re-exported)
from .rdf import read_rdf
from .readers import RDF_FORMATS, expand, read_tabular


@dataclass(frozen=True)
class LoadedInventory:
    kommune: str
    graph: Graph
    files: tuple[tuple[str, str], ...]
    rows: int
    fmt: str
    encodings: tuple[tuple[str, str], ...] = ()  # (file name, encoding) of each text file read

    @property
    def encoding_note(self) -> str:
        """'UTF-8', or 'systems.csv: Windows-1252, the rest UTF-8' — what the import output shows."""
        from .readers import ENCODING_NAMES

        odd = [(n, e) for n, e in self.encodings if e != "utf-8"]
        if not odd:
            return "UTF-8"
        rest = ", the rest UTF-8" if len(odd) < len(self.encodings) else ""
        return ", ".join(f"{n}: {ENCODING_NAMES.get(e, e)}" for n, e in odd) + rest


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
        from ..merger.applying import declared_kommuner

        if norm in declared_kommuner(repo):
            return norm
    hints = []
    successors = _history().get(norm)
    if successors:
        now = " / ".join(successors)
        hints.append(msg(f"{norm} is an earlier kommunenummer; since 2024 it is {now}",
                         f"{norm} er et tidligere kommunenummer; fra 2024 er det {now}"))
    else:
        near = kommune_suggestions(raw, valid)
        if near:
            hints.append(near)
    raise UsageError(msg(f"'{raw}' is not a kommune in the catalogue (2024 numbering): " + "; ".join(hints),
                         f"'{raw}' er ikke en kommune i katalogen (nummereringen fra 2024): "
                         + "; ".join(text(h, "nb") for h in hints)))




def _kommune_from_meta(raw, repo: Repository | None) -> str:
    """The kommunenummer the files' meta names (used when --kommune is not given)."""
    declared = raw.meta.get("kommune")
    if declared in (None, ""):
        raise UsageError(msg(
            "say which kommune the inventory belongs to: give --kommune NNNN, or write it in the inventory's meta "
            "(a row 'kommune' with the kommunenummer on the meta sheet, in meta.csv, or "
            "\"meta\": {\"kommune\": \"NNNN\"} in JSON)",
            "oppgi hvilken kommune systemoversikten hører til: bruk --kommune NNNN, eller skriv den i systemoversiktens meta "
            "(en rad 'kommune' med kommunenummeret i meta-arket, i meta.csv, eller \"meta\": {\"kommune\": \"NNNN\"} i JSON)"))
    try:
        return check_kommune(str(declared), repo)
    except UsageError as exc:
        raise InputError(exc.args[0] if len(exc.args) == 1 else str(exc), file=raw.meta_file, sheet="meta",
                         element="kommune", hint=msg("correct the 'kommune' entry in meta, or give --kommune",
                                                     "rett oppføringen 'kommune' i meta, eller oppgi --kommune")) from None


def _need_kommune(kommune: str | None, fmt: str) -> str:
    if kommune is None:
        raise UsageError(msg(f"say which kommune the inventory belongs to: --kommune NNNN ({fmt} files carry no meta sheet "
                             "the kommune could be read from)",
                             f"oppgi hvilken kommune systemoversikten hører til: --kommune NNNN ({fmt}-filer har ikke "
                             "noe meta-ark som kommunen kan leses fra)"))
    return kommune


def load_files(files: list[Path], kommune: str | None = None, repo: Repository | None = None, *,
               merge_base: Callable[[str], Graph] | None = None) -> LoadedInventory:
    """Read and check inventory files without touching any repository (used by --dry-run too).

    `kommune` None: the one the files' meta names (XLSX, CSV, JSON). A kommune given both ways must agree.
    `merge_base`: kommune -> the stored inventory the files will be merged into (import --mode merge); the files'
    references may then name its rows, and they need not hold any system. The graph returned is the files' own.
    Whatever the format, every term is then checked as the store will take it (ea_repo/inventory/terms.py), so
    what passes here imports."""
    from ..errors import InputErrors
    from .readers import with_zips_unpacked
    from .terms import term_errors

    def read(files: list[Path]) -> LoadedInventory:
        loaded = _load_files(files, kommune, repo, merge_base=merge_base)
        errors = term_errors(loaded.graph, ", ".join(name for name, _ in loaded.files))
        if errors:
            raise InputErrors(errors)
        return loaded

    return with_zips_unpacked(files, read)


def _load_files(files: list[Path], kommune: str | None, repo: Repository | None, *,
                merge_base: Callable[[str], Graph] | None) -> LoadedInventory:
    if kommune is not None:
        kommune = check_kommune(kommune, repo)
    files = expand([Path(f) for f in files])
    if not files:
        raise UsageError(msg("no files given", "ingen filer er oppgitt"))
    from .readers import file_problem

    problems = [p for p in map(file_problem, files) if p is not None]
    if problems:  # a device, a pipe, a missing or too large file: not read at all, whatever its format
        from ..errors import InputErrors

        raise InputErrors(problems)
    from ..interop import detect, load_interop  # ArchiMate exchange XML, Archi CSV (ea_repo/interop)

    interop = detect(files)
    if interop:
        kommune = _need_kommune(kommune, interop)
        g, rows = load_interop(interop, files, kommune)
        return LoadedInventory(kommune, g, tuple((f.name, sha256(f)) for f in files), rows, interop)
    rdf = [f for f in files if f.suffix.lower() in RDF_FORMATS]
    if rdf and len(rdf) != len(files):
        raise InputError(msg("do not mix RDF files with tabular files in one import",
                             "ikke bland RDF-filer og tabellfiler i én import"), file=", ".join(map(str, files)))
    if rdf:
        kommune = _need_kommune(kommune, "RDF")
        g = read_rdf(rdf, kommune, merge_base(kommune) if merge_base else None)
        rows = len(set(g.subjects(predicate=None, object=None)))
        fmt = "rdf"
    else:
        raw = read_tabular(files, require_systems=merge_base is None)
        if kommune is None:
            if raw.errors and raw.meta.get("kommune") in (None, ""):
                from ..errors import InputErrors

                raise InputErrors(raw.errors)  # the files' own problems first
            kommune = _kommune_from_meta(raw, repo)
        from .merge import known_ids

        g = build_inventory(raw, kommune, known_ids(merge_base(kommune), kommune) if merge_base else None,
                            shared=_shared_installations(repo, kommune))
        # build_inventory raises InputErrors with every problem of every file
        rows = row_count(raw)
        return LoadedInventory(kommune, g, tuple((f.name, sha256(f)) for f in files), rows, "tabular",
                               tuple(sorted(raw.encodings.items())))
    return LoadedInventory(kommune, g, tuple((f.name, sha256(f)) for f in files), rows, fmt)


def _shared_installations(repo: Repository | None, kommune: str):
    """What "coop-id:system-id" may name for this kommune (None without a repository: taken as written)."""
    if repo is None:
        return None
    from ..cooperation import shared_refs

    return shared_refs(repo, kommune)


def prepare_import(repo: Repository | None, files: list[Path], kommune: str | None = None,
                   mode: str = "replace") -> tuple[LoadedInventory, Graph]:
    """Read and check the files, and what the kommune's inventory would be after importing them: the files' graph
    (replace), or the stored inventory with the files upserted into it and checked as a whole (merge; see
    merge.py). Writes nothing; `repo` None: there is no repository yet (a merge then starts from nothing)."""
    if mode not in IMPORT_MODES:
        modes = ", ".join(IMPORT_MODES)
        raise UsageError(msg(f"unknown import mode '{mode}'; use one of {modes}",
                             f"ukjent importmodus '{mode}'; bruk en av {modes}"))
    if mode == "replace":
        loaded = load_files(files, kommune, repo)
        return loaded, loaded.graph
    from .merge import check_merged, merge_inventories

    stored: dict[str, Graph] = {}

    def base(code: str) -> Graph:
        if code not in stored:
            stored[code] = repo.inventory(code) if repo is not None and repo.has_inventory(code) else Graph()
        return stored[code]

    loaded = load_files(files, kommune, repo, merge_base=base)
    merged = merge_inventories(base(loaded.kommune), loaded.graph, loaded.kommune)
    check_merged(merged, expand([Path(f) for f in files]), loaded.kommune)
    return loaded, merged


#: The shipped example inventories (examples/): kommunenummer and file or folder.
EXAMPLE_INVENTORIES = (("4631", "4631-alver.xlsx"), ("4630", "4630-osteroy"), ("3301", "3301-drammen.json"))


def import_examples(repo: Repository):
    """Import every example inventory into the repository, one at a time: yields (file name, ImportRecord)."""
    for code, rel in EXAMPLE_INVENTORIES:
        _, record = import_inventory(repo, [paths.examples_dir() / rel], code)
        yield rel, record


def import_inventory(repo: Repository, files: list[Path], kommune: str | None = None, *, mode: str = "replace",
                     dry_run: bool = False, now: str | None = None) -> tuple[LoadedInventory, ImportRecord]:
    """Import files into one kommune's inventory in ONE transaction (the inventory before it is kept as
    graph/previous/NNNN). `mode`: replace the inventory, or merge the files into it. `dry_run`: check only.
    `now`: the import time to record (ISO 8601 UTC; default the clock)."""
    loaded, g = prepare_import(repo, files, kommune, mode)
    record = ImportRecord(loaded.kommune, now or now_iso(), loaded.files, loaded.rows, len(g), loaded.fmt,
                          loaded.encodings, mode)
    if not dry_run:
        repo.replace_inventory(loaded.kommune, g, record)
    return loaded, record


def export_inventory(repo: Repository, kommune: str, fmt: str = "ttl", lang: str = "en") -> str | dict[str, str]:
    """The kommune's inventory in an export format; ``lang`` names the language of the import format's sheets,
    columns and values (xlsx, csv: en or nb, both import alike)."""
    kommune = check_kommune(kommune, repo)
    if not repo.has_inventory(kommune):
        held = ", ".join(repo.kommuner())
        raise UsageError(msg(f"the repository holds no inventory for kommune {kommune} (it holds: {held or 'none'})",
                             f"repositoryet har ingen systemoversikt for kommune {kommune} (det har: {held or 'ingen'})"))
    return export_graph(repo.inventory(kommune), kommune, fmt, lang)


def export_graph(g: Graph, kommune: str, fmt: str = "ttl", lang: str = "en") -> str | dict[str, str]:
    """An inventory graph of KOMMUNE in an export format (export_inventory, for a graph read elsewhere: the one
    `ea-repo serve` gives)."""
    if fmt not in EXPORT_FORMATS:
        formats = ", ".join(EXPORT_FORMATS)
        raise UsageError(msg(f"unknown export format '{fmt}'; use one of {formats}",
                             f"ukjent eksportformat '{fmt}'; bruk ett av {formats}"))
    writer = EXPORT_FORMATS[fmt]
    if fmt in ("xlsx", "csv"):
        return writer(g, kommune, lang)
    return writer(g, kommune) if callable(writer) else g.serialize(format=writer)
