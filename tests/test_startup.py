"""Start-up: the command line imports only what a command uses, and the catalogue, ontology and shapes are
compiled once into the cache (ea_repo/compiled.py) instead of parsed by every command. The timings are the
bench's (bench/national_bench.py); these tests check what makes them possible."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ea_repo import compiled, paths

ROOT = Path(__file__).resolve().parent.parent

# Modules that mean a parse of RDF, a SHACL engine, a graph library, templates or HTTP at start-up.
HEAVY = ("rdflib", "pyshacl", "pyshacl_turbo", "networkx", "jinja2", "requests", "openpyxl", "yaml")


def _imported(args: list[str], env: dict | None = None) -> set[str]:
    """Top-level modules imported by `python -X importtime -m ea_repo ARGS` (from its import-time log)."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "ea_repo", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    assert "ea_repo.cli" in names  # the log was read
    return names


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["check", "--help"], ["import", "--help"]])
def test_help_and_version_import_nothing_heavy(args):
    names = _imported(args)
    heavy = sorted(n for n in names if n.split(".")[0] in HEAVY)
    assert heavy == [], f"`ea-repo {' '.join(args)}` imports {heavy[:8]}"


def test_rules_reads_the_compiled_registry_without_parsing(tmp_path):
    env = {compiled.ENV: str(tmp_path / "cache")}
    _imported(["rules"], env)  # first use: builds the entries
    assert (tmp_path / "cache" / compiled.folder().name / "rules.json").is_file()
    names = _imported(["rules"], env)
    assert not [n for n in names if n.split(".")[0] in ("rdflib", "pyshacl", "pyshacl_turbo", "networkx")]


def test_the_cache_is_keyed_by_the_digest_of_every_source_file(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "data_root", lambda: tmp_path / "data")
    for name in ("ontology", "catalog", "shapes"):
        (tmp_path / "data" / name).mkdir(parents=True)
    f = tmp_path / "data" / "catalog" / "x.ttl"
    f.write_text("# one\n")
    compiled.digest.cache_clear()
    try:
        first = compiled.digest()
        f.write_text("# two\n")
        compiled.digest.cache_clear()
        assert compiled.digest() != first  # an edited catalogue file is a new entry, never a stale one
    finally:
        compiled.digest.cache_clear()


def test_an_unwritable_cache_builds_in_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(compiled.ENV, str(blocker / "cache"))
    calls = []
    got = compiled.entry("x.bin", lambda: calls.append(1) or b"data")
    assert got == b"data" and calls == [1]
    assert compiled.entry("x.bin", lambda: calls.append(1) or b"data") == b"data" and calls == [1, 1]


def test_compiled_catalogue_and_shapes_equal_the_parsed_files(tmp_path, monkeypatch):
    import pyoxigraph as ox
    from rdflib import BNode, Graph

    from ea_repo import catalog, rules

    monkeypatch.setenv(compiled.ENV, str(tmp_path / "cache"))
    store = ox.Store()
    store.bulk_load(catalog.catalog_ntriples(), format=ox.RdfFormat.N_TRIPLES)
    assert len(store) == len(catalog.catalog_graph())
    shapes = Graph().parse(data=rules.shapes_ntriples().decode("utf-8"), format="nt")
    ground = lambda g: {t for t in g if not any(isinstance(x, BNode) for x in t)}  # noqa: E731
    assert len(shapes) == len(rules.shapes_graph()) and ground(shapes) == ground(rules.shapes_graph())
    assert catalog.lookups()["kommuner"]["4631"] == "Alver"
    assert catalog.kommuner() == dict(sorted(catalog._build_lookups()["kommuner"].items()))
