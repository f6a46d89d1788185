"""The score and the coverage (ea_repo/score.py): what the inventory leaves out never raises either.

Every (rule, subject) duty is met, not met or not known; the score credits only duties shown met, and a
missing fact can only move an answer towards not known. The tests remove facts from a fully stated
inventory one at a time, and in bulk, and check the score and the coverage never go up.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from ea_repo import check, rules, score
from ea_repo.engines import make_engine
from ea_repo.findings import Answer
from ea_repo.inventory import load_files
from ea_repo.namespaces import DCT, EA

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2026, 11, 23)
#: What a valid inventory always states (the loaders refuse a row without it): not a removable fact.
STRUCTURE = {RDF.type, RDFS.label, EA.inventoryOf, EA.id, EA.name, EA.provider, EA.consumer, EA.providedBy, EA.kommune,
             EA.member, DCT.source}


@pytest.fixture(scope="module")
def judge():
    engine, known = make_engine("turbo"), rules.load_rules()
    req = check.CheckRequest(today=TODAY)

    def assess(graph: Graph, kommune: str = "4631") -> score.Assessment:
        return score.assess(check.check_inventory(graph, kommune, req, engine).answers, known)

    return assess


@pytest.fixture(scope="module")
def full() -> Graph:
    """The mini inventory: every system, interface and integration with its facts stated, integrations
    declared complete."""
    return load_files([DATA / "mini"], "4631").graph


def _without(g: Graph, triples) -> Graph:
    h = Graph()
    h += g
    for t in triples:
        h.remove(t)
    return h


def test_the_full_inventory_is_fully_assessed(judge, full):
    a = judge(full)
    assert a.applicable > 15 and a.coverage == 100.0
    assert 0 < a.not_met < a.applicable and a.score < 100


def test_removing_any_one_fact_never_raises_score_or_coverage(judge, full):
    base = judge(full)
    removable = sorted(t for t in full if t[1] not in STRUCTURE)
    assert len(removable) > 60
    lower = 0
    for t in removable:
        a = judge(_without(full, [t]))
        assert a.score <= base.score + 1e-9, f"removing {t} raised the score {base.score:.2f} -> {a.score:.2f}"
        assert a.coverage <= base.coverage + 1e-9, f"removing {t} raised the coverage"
        lower += a.coverage < base.coverage
    assert lower > 20  # most facts decide something: removing them lowers the coverage


def test_removing_whole_kinds_of_fact_lowers_score_and_coverage(judge, full):
    base = judge(full)
    for pred in (EA.lifecycle, EA.charset, EA.externallyPublished, EA.supportsStandard):
        a = judge(_without(full, list(full.triples((None, pred, None)))))
        assert a.score <= base.score and a.coverage < base.coverage, pred


def test_nothing_stated_but_names_scores_lowest(judge, full):
    bare = Graph()
    bare += [t for t in full if t[1] in STRUCTURE]
    a, base = judge(bare), judge(full)
    assert a.score < base.score and a.coverage < base.coverage
    assert a.met == 0


def test_a_one_system_inventory_does_not_outscore_the_full_one(judge, full):
    """Seen before: a one-system inventory scored 96. One system typed from a public page: a name, a
    category, nothing else."""
    sak = next(s for s in full.subjects(EA.id, None) if str(full.value(s, EA.id)) == "sak")
    one = Graph()
    one += [t for t in full if t[0] == sak and t[1] in STRUCTURE | {EA.category}]
    one += full.triples((None, RDF.type, EA.Inventory))
    a = judge(one)
    assert a.applicable > 0 and a.met == 0 and a.score == 0 and a.coverage < 50


def test_removing_a_compliant_system_never_raises_the_score(judge, full):
    """Removing a system (with its interfaces and integrations) whose every duty is met can only lower the
    share met. (A system with breaches is another matter: any share rises when a failing part is left out,
    which is why coverage, the number of systems and the inventory's date are shown beside the score.)"""
    from rdflib import URIRef

    base, known = judge(full), rules.load_rules()
    answers = check.check_inventory(full, "4631", check.CheckRequest(today=TODAY), make_engine("turbo")).answers
    tried = 0
    for s in sorted({str(x) for x in full.subjects(RDF.type, EA.System)}):
        node = URIRef(s)
        gone = {node} | set(full.subjects(EA.providedBy, node)) | set(full.subjects(EA.provider, node)) | \
            set(full.subjects(EA.consumer, node))
        mine = [a for a in answers if URIRef(a.focus) in gone and score.counted(known.get(a.rule))]
        if not mine or any(a.answer != "met" for a in mine):
            continue
        tried += 1
        a = judge(_without(full, [t for t in full if t[0] in gone]))
        assert a.score <= base.score + 1e-9, s
    assert tried >= 1


def test_nothing_applicable_is_not_assessed_never_100():
    a = score.assess([], rules.load_rules())
    assert a.score is None and a.coverage is None and not a.assessed


def test_weights_and_waivers():
    known = rules.load_rules()
    v = next(c for c, r in known.items() if r.severity == "violation" and score.counted(r))
    i = next(c for c, r in known.items() if r.severity == "info" and score.counted(r))
    a = score.assess([Answer("4631", v, "x", "met"), Answer("4631", i, "y", "not-met")], known)
    assert a.score == pytest.approx(75.0) and a.coverage == 100.0
    a = score.assess([Answer("4631", v, "x", "not-met", waived=True), Answer("4631", i, "y", "not-known")], known)
    assert a.waived == 1 and a.score == pytest.approx(75.0) and a.coverage == pytest.approx(75.0)
    dq = next(c for c, r in known.items() if r.area == "datakvalitet")
    assert score.assess([Answer("4631", dq, "z", "not-met")], known).score is None  # data quality is not a duty
