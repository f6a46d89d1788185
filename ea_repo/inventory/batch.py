"""Importing many inventories in one call: `ea-repo import --each PATH...` (a co-operation's members, the whole
country).

Each inventory names its kommune in its meta (XLSX, CSV, JSON). Every file is read and checked first, in
parallel worker processes that load the catalogue once each; only when none has a problem is anything
written (or, with ``keep_going``, the good ones are written and the bad ones reported). Each inventory is
then written in its own transaction, exactly as a single `ea-repo import` writes it, and the store is
compacted once at the end. The parent never holds the inventories as rdflib graphs: a worker hands back
its inventory as compressed N-Triples (written as a single import writes them), so memory stays flat in the number of inventories.
"""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..errors import EaRepoError, InputError, InputErrors, UsageError, input_errors
from ..i18n import msg

#: InputError's location and text fields (rebuilt in the parent from what a worker sends back).
_FIELDS = ("problem", "file", "sheet", "row", "column", "element", "line", "hint", "cell", "value", "code")


@dataclass(frozen=True)
class Checked:
    """One inventory read and checked by a worker: what the parent writes, or the problems it found."""

    path: str
    kommune: str | None = None
    files: tuple = ()
    rows: int = 0
    triples: int = 0
    fmt: str = ""
    encodings: tuple = ()
    body: bytes = b""  # zlib-compressed N-Triples of the inventory graph
    errors: tuple = ()  # (dict of InputError fields, ...)

    def input_errors(self) -> list[InputError]:
        return [InputError(**e) for e in self.errors]


@dataclass(frozen=True)
class BatchResult:
    written: list  # ImportRecord of each inventory written, in path order
    failed: list[InputError]  # every problem of every inventory not written
    checked: int  # inventories read


def inventories_in(paths: Iterable[Path]) -> list[Path]:
    """The inventories the paths name: a file is one; a folder holding systems.csv is one (a CSV inventory);
    any other folder stands for the inventory files and CSV folders directly in it (sorted)."""
    from ..interop import ARCHIMATE_SUFFIXES
    from .readers import RDF_FORMATS, TABULAR_READERS

    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if not p.exists():
            raise UsageError(msg(f"{p}: no such file or folder", f"{p}: filen eller mappen finnes ikke"))
        if p.is_dir() and not (p / "systems.csv").exists():
            found = sorted(q for q in p.iterdir() if (q.is_dir() and (q / "systems.csv").exists())
                           or (q.is_file() and not q.name.startswith(".")
                               and (q.suffix.lower() in TABULAR_READERS or q.suffix.lower() in RDF_FORMATS
                                    or q.suffix.lower() in ARCHIMATE_SUFFIXES)))
            if not found:
                raise UsageError(msg(f"{p}: the folder holds no inventories (files .xlsx, .json, … or folders with systems.csv)",
                                     f"{p}: mappen inneholder ingen systemoversikter (filer .xlsx, .json, … "
                                     "eller mapper med systems.csv)"))
            out += found
        else:
            out.append(p)
    return list(dict.fromkeys(out))


def _fields(e: InputError, path: Path) -> dict:
    d = {k: getattr(e, k, None) for k in _FIELDS}
    d["file"] = d["file"] or str(path)
    if d["value"] is not None and not isinstance(d["value"], (str, int, float, bool)):
        d["value"] = str(d["value"])
    return d


def check_one(path: Path) -> Checked:
    """Read and check one inventory whose meta names its kommune (runs in a worker process)."""
    from .api import load_files

    try:
        loaded = load_files([path])
    except EaRepoError as exc:
        errors = input_errors(exc) or [InputError(exc.args[0] if len(exc.args) == 1 else str(exc), file=str(path),
                                                  hint=msg("give each inventory its kommune in its meta, or import it alone",
                                                           "oppgi kommunen i meta for hver systemoversikt, "
                                                           "eller importer den alene"))]
        return Checked(str(path), errors=tuple(_fields(e, path) for e in errors))
    from ..store import ntriples_of

    body = ntriples_of(loaded.graph).encode("utf-8")
    return Checked(str(path), loaded.kommune, loaded.files, loaded.rows, len(loaded.graph), loaded.fmt,
                   loaded.encodings, zlib.compress(body, 3))


def check_all(paths: list[Path], jobs: int | None = None, progress: Callable | None = None) -> list[Checked]:
    """check_one() of every path, in ``jobs`` worker processes (default: the cores), in path order;
    ``progress(done, total, name)`` as each is checked."""
    from ..check import default_jobs

    jobs = max(1, min(jobs or default_jobs(), len(paths)))
    out: list[Checked] = []
    with contextlib.ExitStack() as stack:
        results = map(check_one, paths) if jobs == 1 else \
            stack.enter_context(ProcessPoolExecutor(max_workers=jobs)).map(check_one, paths)
        for c in results:
            out.append(c)
            if progress:
                progress(len(out), len(paths), Path(c.path).name)
    return out


def sort_out(checked: list[Checked]) -> tuple[list[Checked], list[InputError]]:
    """(the inventories that may be written, every problem of the others): their own problems, and two
    inventories for one kommune as a problem of both. `import --each --dry-run` answers from this too."""
    by_kommune: dict[str, list[Checked]] = {}
    for c in checked:
        if not c.errors:
            by_kommune.setdefault(c.kommune, []).append(c)
    failed: list[InputError] = [e for c in checked for e in c.input_errors()]
    twice = {k: cs for k, cs in by_kommune.items() if len(cs) > 1}
    for k, cs in twice.items():
        for c in cs:
            others = ", ".join(o.path for o in cs if o is not c)
            failed.append(InputError(msg(f"another inventory in this import is also for kommune {k}: {others}",
                                         f"en annen systemoversikt i denne importen gjelder også kommune {k}: {others}"),
                                     file=c.path, sheet="meta", element="kommune",
                                     hint=msg("import one inventory per kommune (correct the 'kommune' entry in meta)",
                                              "importer én systemoversikt per kommune (rett oppføringen 'kommune' i meta)")))
    return [c for c in checked if not c.errors and c.kommune not in twice], failed


def import_each(repo, paths: Iterable[Path], *, keep_going: bool = False, now: str | None = None,
                jobs: int | None = None, check_progress: Callable | None = None,
                write_progress: Callable | None = None) -> BatchResult:
    """Import each inventory in ``paths`` (see inventories_in) into its kommune, one transaction each.

    Without ``keep_going``, every problem of every inventory is raised as one InputErrors before anything is
    written. Two inventories for one kommune are a problem of both. ``*_progress(done, total, name)``
    is called as each inventory is checked and written."""
    from ..store import ImportRecord, now_iso

    paths = inventories_in(paths)
    if not paths:
        raise UsageError(msg("no inventories given", "ingen systemoversikter er oppgitt"))
    checked = check_all(paths, jobs, check_progress)
    good, failed = sort_out(checked)
    if failed and not keep_going:
        raise InputErrors(failed)
    when = now or now_iso()
    written = []
    for c in good:
        record = ImportRecord(c.kommune, when, c.files, c.rows, c.triples, c.fmt, c.encodings, "replace")
        repo.replace_inventory_ntriples(c.kommune, zlib.decompress(c.body).decode("utf-8"), record)
        written.append(record)
        if write_progress:
            write_progress(len(written), len(good), c.kommune)
    if written:
        repo.compact()
    return BatchResult(written, sorted(failed, key=lambda e: (e.file or "", e.row or 0)), len(checked))
