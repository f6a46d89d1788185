"""Fuzzing the loaders: mutated copies of real inventories (CSV, JSON, Turtle, JSON-LD, ArchiMate exchange XML,
Archi CSV, and the sheet XML inside an XLSX workbook) through load_files.

Each mutated input must end in one of two ways: a located input error (InputError / InputErrors / UsageError, exit 2
on the command line), or an inventory that the real import then stores. Any other exception is a bug. The budget is
fixed (FUZZ_EXAMPLES per format, 120 by default) so the suite stays quick; a longer run for maintainers:

    nice -n 19 env EA_REPO_FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz.py -q -rP   # about 15 minutes

(-rP prints, per format, how many inputs were tried, how many the import stored and how many were located errors.)
"""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ea_repo.errors import EaRepoError
from ea_repo.inventory import export_inventory, load_files
from ea_repo.store import ImportRecord, Repository

from conftest import DATA, EXAMPLES

FUZZ_EXAMPLES = int(os.environ.get("EA_REPO_FUZZ_EXAMPLES", "120"))
TRIED: dict[str, int] = {}
OUTCOMES: dict[str, dict[str, int]] = {}  # format -> {"stored": n, "located error": n}


def _seed_files(tmp: Path) -> dict[str, tuple[Path, bytes]]:
    """format -> (file the mutation is written to, the original bytes)."""
    seeds = {}
    csv_dir = tmp / "csv"
    shutil.copytree(DATA / "mini", csv_dir)
    seeds["csv"] = (csv_dir / "systems.csv", (csv_dir / "systems.csv").read_bytes())
    doc = json.loads((EXAMPLES / "3301-drammen.json").read_text(encoding="utf-8"))
    doc["systems"], doc["interfaces"], doc["integrations"] = doc["systems"][:6], [], []
    seeds["json"] = (tmp / "inv.json", json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))
    g = load_files([DATA / "mini"], "4631").graph
    seeds["ttl"] = (tmp / "inv.ttl", g.serialize(format="turtle").encode("utf-8"))
    seeds["jsonld"] = (tmp / "inv.jsonld", g.serialize(format="json-ld").encode("utf-8"))
    seeds["archimate"] = (tmp / "model.xml", (DATA / "archimate" / "kommune-model.xml").read_bytes())
    repo = Repository(None)
    try:
        repo.replace_inventory("4631", g, ImportRecord("4631", "2026-12-03T00:00:00Z", (), 0, len(g), "seed"))
        archi = export_inventory(repo, "4631", "archi-csv")
        workbook = export_inventory(repo, "4631", "xlsx", "nb")
    finally:
        repo.close()
    archi_dir = tmp / "archi"
    archi_dir.mkdir()
    for name, body in getattr(archi, "data", archi).items():
        (archi_dir / name).write_text(body, encoding="utf-8")
    seeds["archi-csv"] = (archi_dir / "elements.csv", (archi_dir / "elements.csv").read_bytes())
    seeds["xlsx"] = (tmp / "inv.xlsx", getattr(workbook, "data", workbook))
    return seeds


def _mutated_workbook(original: bytes, mutate) -> bytes:
    """The workbook with its first sheet's XML (the systems) mutated; the zip itself stays sound, so the
    mutation reaches the sheet reader and not only the zip check."""
    src = zipfile.ZipFile(io.BytesIO(original))
    names = src.namelist()
    sheet = next(n for n in sorted(names) if n.startswith("xl/worksheets/sheet"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for n in names:
            data = src.read(n)
            out.writestr(n, mutate(data) if n in (sheet, "xl/sharedStrings.xml") else data)
    return buf.getvalue()


_edit = st.tuples(st.sampled_from(["replace", "insert", "delete"]), st.floats(0, 1),
                  st.binary(min_size=1, max_size=4) | st.sampled_from([b'"', b",", b";", b"\n", b"\x00", b"{", b"}",
                                                                      b"<", b">", b"\\u", b"\xff", b"=", b"@", b" "]))


def _mutate(data: bytes, edits) -> bytes:
    out = bytearray(data)
    for op, where, chunk in edits:
        i = int(where * len(out))
        if op == "replace":
            out[i:i + len(chunk)] = chunk
        elif op == "insert":
            out[i:i] = chunk
        else:
            del out[i:i + len(chunk)]
    return bytes(out)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return _seed_files(tmp_path_factory.mktemp("fuzz"))


@pytest.mark.parametrize("fmt", ["csv", "json", "ttl", "jsonld", "xlsx", "archimate", "archi-csv"])
def test_mutated_inventories_are_located_errors_or_stored(seeds, fmt):
    path, original = seeds[fmt]
    kommune = None if fmt in ("csv", "json", "xlsx") else "4631"
    target = path.parent if fmt in ("csv", "archi-csv") else path
    repo = Repository(None)  # one in-memory store per format (the catalogue loaded once); each accepted input replaces
    # the kommune's inventory in it, as a re-import does

    @settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.lists(_edit, min_size=1, max_size=4))
    def run(edits):
        TRIED[fmt] = TRIED.get(fmt, 0) + 1
        if fmt == "xlsx":
            path.write_bytes(_mutated_workbook(original, lambda data: _mutate(data, edits)))
        else:
            path.write_bytes(_mutate(original, edits))
        try:
            loaded = load_files([target], kommune)
        except EaRepoError:
            _count(fmt, "located error")
            return  # a located input error: what the CLI reports with exit 2
        record = ImportRecord(loaded.kommune, "2026-12-03T00:00:00Z", loaded.files, loaded.rows, len(loaded.graph),
                              loaded.fmt)
        repo.replace_inventory(loaded.kommune, loaded.graph, record)  # accepted: the real write must take it
        assert repo.has_inventory(loaded.kommune)
        _count(fmt, "stored")

    try:
        run()
    finally:
        path.write_bytes(original)
        repo.close()
    seen = OUTCOMES.get(fmt, {})
    print(f"fuzz {fmt}: {TRIED[fmt]} inputs tried, {seen.get('stored', 0)} stored, "
          f"{seen.get('located error', 0)} located errors, 0 other exceptions")
    assert TRIED[fmt] >= min(FUZZ_EXAMPLES, 50)


def _count(fmt: str, outcome: str) -> None:
    counts = OUTCOMES.setdefault(fmt, {})
    counts[outcome] = counts.get(outcome, 0) + 1
