"""Findings a kommune can trust, on realistic, incomplete data: the sparse fixture (tests/data/sparse) and real
kommune system lists typed in from public pages (tests/data/real, each row with its source URL).

- no violation or warning rests on a missing fact: every not-met finding names the stated values it rests on;
- retired (and planned) systems carry no findings but retirement ones;
- a system declared stand-alone is no island; a blank lifecycle means not known everywhere;
- what the inventory leaves out is "not known", listed apart, never a violation or warning.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ea_repo import check

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2026, 11, 23)
REAL = sorted(p for p in (DATA / "real").iterdir() if p.is_dir())
INVENTORIES = [DATA / "sparse", DATA / "mini", *REAL]
#: Rules about retirement itself: the only ones that may speak of a retired system.
RETIREMENT_RULES = {"EA-GAP-005", "EA-LC-002", "EA-COMP-005", "EA-COMP-006", "EA-COMP-007"}


def _check(folder: Path):
    return check.run(check.CheckRequest(today=TODAY, files=(folder,)))


@pytest.fixture(scope="module", params=INVENTORIES, ids=lambda p: p.name)
def checked(request):
    return request.param, _check(request.param)


def test_there_are_real_inventories_with_sources():
    assert len(REAL) >= 2
    for folder in REAL:
        rows = (folder / "systems.csv").read_text(encoding="utf-8").splitlines()
        header = rows[0].split(",")
        assert "sourceUrl" in header, folder
        assert len(rows) > 5, folder
        for row in rows[1:]:
            assert "http" in row, f"{folder}: a row without its source URL: {row}"


def test_every_violation_and_warning_names_the_stated_fact(checked):
    folder, result = checked
    for f in result.findings:
        if f.answer == "not-met" and f.severity in ("violation", "warning"):
            assert f.evidence, f"{folder.name}: {f.rule} on {f.focus_label} rests on no stated value"
            assert all(values for _name, values in f.evidence)
            names = [name for name, _values in f.evidence]
            # each column once (a system's protocol and its interface's are one entry), no "a|a" name
            assert len(names) == len(set(names)) and all(len(set(n.split("|"))) == n.count("|") + 1 for n in names), names


def test_not_known_is_never_counted_as_a_violation_or_warning(checked):
    _folder, result = checked
    s = result.summary()
    unknown = [f for f in result.findings if f.answer == "not-known"]
    assert s["not-known"] == len(unknown)
    met = [f for f in result.findings if f.answer == "not-met" and not f.waived]
    assert s["violation"] + s["warning"] + s["info"] == len(met)


def test_retired_and_planned_systems_carry_only_retirement_findings(checked):
    folder, result = checked
    from ea_repo.inventory import load_files

    g = load_files([folder], next(iter(result.kommuner))).graph
    from rdflib.namespace import RDF

    from ea_repo.namespaces import EA, VOCAB

    out = {str(s) for s in g.subjects(RDF.type, EA.System)
           if g.value(s, EA.lifecycle) in (VOCAB["lifecycle/retired"], VOCAB["lifecycle/planned"])}
    # their interfaces and integrations too
    out |= {str(i) for i in g.subjects(EA.providedBy, None) if str(g.value(i, EA.providedBy)) in out}
    out |= {str(i) for p in (EA.provider, EA.consumer) for i, o in g.subject_objects(p) if str(o) in out}
    for f in result.findings:
        if f.focus in out:
            assert f.rule in RETIREMENT_RULES, f"{folder.name}: {f.rule} on retired/planned {f.focus_label}"


def test_sparse_inventory_answers():
    result = _check(DATA / "sparse")
    by = {(f.rule, f.focus.rsplit("/", 1)[-1]): f for f in result.findings}
    # the legevakt journal replaced in 2020 still has a recorded flow: that, and only that, is reported
    assert by[("EA-GAP-005", "legevakt-old")].answer == "not-met"
    assert not [k for k in by if k[1] in ("legevakt-old", "epj-old", "epj-old2") and k[0] != "EA-GAP-005"]
    # the livestream is declared stand-alone: no island, in any answer
    assert ("EA-GAP-003", "kommunetv") not in by
    # blank lifecycle: not known, never not met (data-quality rules aside, which report the blank itself)
    for (rule, sid), f in by.items():
        if sid in ("epj", "familia", "skole") and not rule.startswith("EA-DQ"):
            assert f.answer == "not-known", (rule, sid)
    # the internal Latin-1 file is no § 8 violation; without saying who uses the interface it is not known
    assert by[("EA-STD-001", "okonomi-fil")].answer == "not-known"
    # nothing in the sparse inventory is a violation: every breach would need a stated fact it does not have
    assert result.summary()["violation"] == 0
    assessment = result.assessment("4630")
    assert assessment.coverage < 50 and assessment.score <= assessment.coverage and assessment.not_known > assessment.met


def test_a_flow_to_digital_postkasse_or_svarut_meets_krr():
    result = _check(DATA / "sparse")
    answers = {(a.rule, a.focus.rsplit("/", 1)[-1]): a.answer for a in result.answers}
    assert answers.get(("EA-COMP-002", "byggsak")) == "met"  # sends through SvarUt, which looks up KRR


def test_real_inventories_have_no_violations_but_many_unknowns():
    for folder in REAL:
        result = _check(folder)
        s = result.summary()
        assert s["violation"] == 0 and s["warning"] == 0, folder.name
        assert s["not-known"] > 0, folder.name
        a = result.assessment(result.kommuner[0])
        assert a.coverage is None or a.coverage < 60, folder.name
