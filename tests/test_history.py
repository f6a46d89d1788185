"""Kommunenummer history (ea_repo.history), the generated catalog/kommune-history.ttl and the
`catalog history / changes / valid` commands.

Run from the repository root: PYTHONPATH=. python3 -m pytest tests/test_history.py -q
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.compare import isomorphic

from ea_repo import history, paths
from ea_repo.namespaces import EA, KOMMUNE

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "build_history.py"
NR = "https://w3id.org/ea-repo/id/kommunenummer/"


@pytest.fixture(autouse=True)
def _no_user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("EA_REPO_CACHE", str(tmp_path / "empty-cache"))


@pytest.fixture(scope="module")
def h() -> history.History:
    return history.shipped()


def test_snapshot_counts(h):
    assert len(h.changes) == 516 and len(h.current) == 357
    per_year = Counter(c.date.year for c in h.changes)
    assert per_year == {2011: 1, 2012: 4, 2013: 2, 2015: 3, 2017: 6, 2018: 58, 2019: 4, 2020: 317, 2022: 1, 2023: 2, 2024: 118}
    assert h.coverage_from == date(2011, 1, 1)


@pytest.mark.parametrize("day,count", [(date(2016, 6, 1), 428), (date(2020, 6, 1), 356), (date(2024, 6, 1), 357)])
def test_number_of_kommuner_at_a_date(h, day, count):
    assert len(h.codes_at(day)) == count


def test_valid_at_and_county_change(h):
    assert h.valid_at("3024", date(2022, 5, 1)).name == "Bærum"
    assert h.valid_at("3024", date(2024, 1, 1)) is None  # validTo is exclusive
    assert h.valid_at("3201", date(2024, 1, 1)).valid_from == date(2024, 1, 1)
    assert h.valid_at("0219", date(2015, 1, 1)).valid_from is None  # in use before the data starts
    assert h.follow("0219", since=date(2019, 1, 1)) == ("3201",)
    assert [e.kind for e in h.events(2024) if ("3024", "Bærum") in e.olds] == ["county-change"]


@pytest.mark.parametrize("old,year,news", [
    ("1507", 2024, ("1508", "1580")),  # Ålesund -> Ålesund + Haram
    ("1850", 2020, ("1806", "1875")),  # Tysfjord -> Narvik + Hamarøy
    ("5012", 2020, ("5055", "5056", "5059")),  # Snillfjord -> Heim + Hitra + Orkland
])
def test_splits(h, old, year, news):
    assert tuple(sorted(c.new_code for c in h.successors(old) if c.date.year == year)) == news
    kinds = {e.kind for e in h.events(year) if any(o == old for o, _ in e.olds)}
    assert kinds <= {"split", "reorganisation"}


def test_predecessors_and_name_changes(h):
    assert {c.old_code for c in h.predecessors("1507")} == {"1504", "1523", "1529", "1534", "1546"}
    snasa = h.periods_of("1736")
    assert [p.name for p in snasa] == ["Snåsa", "Snåase - Snåsa"] and snasa[1].valid_from == date(2011, 1, 1)
    assert any(e.kind == "name-change" and e.olds == (("1736", "Snåsa"),) for e in h.events(2011))


def test_reform_counts(h):
    """2020: 311 kommuner got a new number per Kartverket; SSB's change table gives 309 old codes that changed
    (plus 2 splits counted once). 2024: 114 kommuner involved (113 county changes + the Ålesund split)."""
    moved_2020 = {c.old_code for c in h.changes_in(2020) if c.renumbered}
    assert 305 <= len(moved_2020) <= 311
    moved_2024 = {c.old_code for c in h.changes_in(2024) if c.renumbered}
    assert len(moved_2024) == 114


def test_periods_chain_without_gaps(h):
    for code in {p.code for p in h.periods}:
        ps = h.periods_of(code)
        for a, b in zip(ps, ps[1:], strict=False):
            assert a.valid_to <= b.valid_from, code


# --------------------------------------------------------------------------------------------------------
# catalog/kommune-history.ttl


def test_committed_turtle_equals_generated(tmp_path):
    out = tmp_path / "h.ttl"
    subprocess.run([sys.executable, str(SCRIPT), "--output", str(out)], check=True, cwd=ROOT)
    committed = paths.catalog_dir() / "kommune-history.ttl"
    assert out.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8"), "run python3 scripts/build_history.py"
    subprocess.run([sys.executable, str(SCRIPT), "--output", str(out)], check=True, cwd=ROOT)
    assert isomorphic(Graph().parse(out), Graph().parse(committed))
    assert subprocess.run([sys.executable, str(SCRIPT), "--check"], cwd=ROOT).returncode == 0


def test_turtle_models_periods_changes_and_sources():
    g = Graph().parse(paths.catalog_dir() / "kommune-history.ttl")
    p = URIRef(NR + "1507-2020-01-01")
    assert (p, None, EA.KommunenummerAssignment) in g
    assert {str(o) for o in g.objects(p, EA.successor)} == {NR + "1508-2024-01-01", NR + "1580-2024-01-01"}
    assert set(g.objects(KOMMUNE["3201"], EA.kommunenummer)) == {URIRef(NR + "3024-2020-01-01"), URIRef(NR + "0219-before-2011")}
    changes = set(g.subjects(RDF.type, EA.KommunenummerChange))
    assert len(changes) == 516
    for s in changes | set(g.subjects(RDF.type, EA.KommunenummerAssignment)):
        assert any(str(o).startswith("https://") for o in g.objects(s, URIRef("http://purl.org/dc/terms/source"))), s


def test_history_does_not_add_catalogue_kommuner():
    from ea_repo import catalog

    assert len(catalog.kommuner()) == 357 and "1507" not in catalog.kommuner()


# --------------------------------------------------------------------------------------------------------
# CLI


def test_cli_history_changes_valid(run):
    r = run("catalog", "history", "1507", "--json")
    data = json.loads(r.output)
    assert data["now"] == ["1508", "1580"] and len(data["predecessors"]) == 5
    r = run("catalog", "changes", "--year", "2024", "--json")
    assert sum(e["kind"] == "county-change" for e in json.loads(r.output)) == 113
    assert "3024 Bærum was valid" in run("catalog", "valid", "--code", "3024", "--date", "2022-05-01").output
    r = run("catalog", "valid", "--code", "3024", "--date", "2025-01-01", expect=1)
    assert "not a valid kommunenummer" in r.output
    assert "is not a date" in run("catalog", "valid", "--code", "3024", "--date", "2025-13-01", expect=2).output
