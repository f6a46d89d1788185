"""Architecture principles (ea_repo/principles.py): Digdir's set as data, answers derived from the checks' answers,
a kommune's own set from YAML/Turtle, principle-level waivers, and the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ea_repo import principles, rules
from ea_repo.cli import cli
from ea_repo.errors import InputErrors
from ea_repo.findings import Answer
from ea_repo.results import CheckResult

TODAY = dt.date(2026, 11, 23)


def _result(*answers: tuple[str, str, str], waived: set[str] = frozenset()) -> CheckResult:
    return CheckResult(findings=[], checked_at="2026-11-23T00:00:00", kommuner=["4630"], today=TODAY,
                       answers=[Answer("4630", rule, focus, answer, focus in waived) for rule, focus, answer in answers])


def _by_id(answers) -> dict[str, principles.PrincipleAnswer]:
    return {a.principle.id: a for a in answers}


def test_digdir_set_is_the_seven_principles_with_sources_and_known_checks():
    ps = principles.digdir_principles()
    assert [p.id for p in ps] == [f"digdir-{n}" for n in range(1, 8)]
    known = set(rules.load_rules())
    for p in ps:
        assert p.source and p.source.startswith("https://www.digdir.no/"), p.id
        assert set(p.checks) <= known, p.id
        assert p.title["nb"] and p.title["en"]
    assert {p.id for p in ps if not p.verified} == {"digdir-3", "digdir-5"}  # names not read on Digdir's own pages
    assert ps[3].checks == ("EA-COMP-008", "EA-GAP-002", "EA-GAP-007")
    assert ps[0].set_title["nb"] == "Digdirs overordnede arkitekturprinsipper"


def test_a_principle_answer_follows_its_checks():
    ps = principles.digdir_principles()
    result = _result(
        ("EA-UU-001", "a", "met"), ("EA-UU-002", "a", "met"),  # 1: all met
        ("EA-GAP-002", "b", "met"), ("EA-GAP-007", "c", "not-met"), ("EA-COMP-008", "d", "not-known"),  # 4: not met
        ("EA-STD-001", "e", "met"), ("EA-STD-002", "f", "not-known"),  # 6: not known
        ("EA-PV-001", "g", "not-met"),  # 7: not met, but the only breach is waived
        ("EA-GAP-009", "h", "met"),
    waived={"g"})
    got = _by_id(principles.assess(result, ps))
    assert got["digdir-1"].answer == "met"
    assert got["digdir-4"].answer == "not-met" and got["digdir-4"].failing == ("EA-GAP-007",)
    assert got["digdir-6"].answer == "not-known"
    assert got["digdir-7"].answer == "met" and got["digdir-7"].counts["waived"] == 1
    assert got["digdir-2"].answer == "not-assessed"  # no check bears on it
    assert got["digdir-5"].answer == "not-assessed"  # none of its checks applies to the kommune
    assert got["digdir-3"].answer == "met"


def test_removing_an_answer_never_turns_not_known_into_met():
    ps = principles.digdir_principles()
    full = _result(("EA-STD-001", "e", "met"), ("EA-STD-002", "f", "not-known"))
    assert _by_id(principles.assess(full, ps))["digdir-6"].answer == "not-known"
    # a not-known answer stays a not-known principle whatever else is met
    more = _result(("EA-STD-001", "e", "met"), ("EA-STD-003", "x", "met"), ("EA-STD-002", "f", "not-known"))
    assert _by_id(principles.assess(more, ps))["digdir-6"].answer == "not-known"


def test_principle_waivers_explain_and_expire(tmp_path):
    f = tmp_path / "w.yaml"
    f.write_text("""waivers:
  - principle: digdir-4
    kommune: "4630"
    justification: Matrikkel-integrasjon kommer i versjon 8
    approved_by: Kommunedirektøren
    expires: 2027-12-31
  - principle: digdir-6
    kommune: 4630
    justification: gammelt
    approved_by: IKT-sjef
    expires: 2025-01-01
  - rule: EA-STD-001
    kommune: "4630"
    system: "*"
    justification: en regel, ikke et prinsipp
    approved_by: IKT-sjef
    expires: 2027-06-30
""", encoding="utf-8")
    ps = principles.digdir_principles()
    ws = principles.load_principle_waivers(f, {p.id for p in ps})
    assert [w.principle for w in ws] == ["digdir-4", "digdir-6"]
    from ea_repo.waivers import load_waivers

    assert [w.rule for w in load_waivers(f, set(rules.load_rules()))] == ["EA-STD-001"]  # the rule loader skips them
    result = _result(("EA-GAP-007", "c", "not-met"), ("EA-STD-002", "f", "not-met"))
    got = _by_id(principles.assess(result, ps, ws))
    assert got["digdir-4"].answer == "not-met" and got["digdir-4"].waiver.justification.startswith("Matrikkel")
    assert got["digdir-6"].waiver is None and got["digdir-6"].expired_waiver.expires == dt.date(2025, 1, 1)
    assert got["digdir-4"].as_dict("en")["explained"]["expires"] == "2027-12-31"


def test_bad_principle_waivers_are_located(tmp_path):
    f = tmp_path / "w.yaml"
    f.write_text("waivers:\n  - principle: digdir-99\n    kommune: '4630'\n    justification: x\n    approved_by: y\n"
                 "    expires: 2027-01-01\n  - principle: digdir-1\n    kommune: '4630'\n", encoding="utf-8")
    with pytest.raises(InputErrors) as exc:
        principles.load_principle_waivers(f, {p.id for p in principles.digdir_principles()})
    where = [e.element for e in exc.value.errors]
    assert where == ["waivers[0]", "waivers[1]"]


def test_own_principle_set_from_yaml_and_turtle(tmp_path):
    y = tmp_path / "own.yaml"
    y.write_text("""set: alver
title: {nb: Alvers prinsipper, en: Alver's principles}
principles:
  - id: alv-1
    title: Personvern først
    checks: [EA-PV-001, EA-PV-003]
    source: https://www.alver.kommune.no/
  - id: alv-2
    title: {nb: Én gang, en: Once only}
    checks: EA-GAP-002
""", encoding="utf-8")
    known = set(rules.load_rules())
    own = principles.load_principle_set(y, known)
    assert [(p.id, p.set_id, p.checks) for p in own] == [("alv-1", "alver", ("EA-PV-001", "EA-PV-003")),
                                                          ("alv-2", "alver", ("EA-GAP-002",))]
    assert own[1].title == {"nb": "Én gang", "en": "Once only"}
    t = tmp_path / "own.ttl"
    t.write_text("""@prefix ea: <https://w3id.org/ea-repo/ont#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix rule: <https://w3id.org/ea-repo/shapes/> .
<https://example.org/set/k> a ea:PrincipleSet ; ea:id "k" ; dct:title "K"@nb .
<https://example.org/p/1> a ea:Principle ; ea:id "k-1" ; ea:inSet <https://example.org/set/k> ; ea:sequence 1 ;
    dct:title "Del data"@nb ; ea:checkedBy rule:EA-GAP-002 .
""", encoding="utf-8")
    [p] = principles.load_principle_set(t, known)
    assert (p.id, p.set_id, p.checks, p.set_title) == ("k-1", "k", ("EA-GAP-002",), {"nb": "K"})


def test_bad_own_set_reports_every_problem_with_its_entry(tmp_path):
    y = tmp_path / "bad.yaml"
    y.write_text("""set: x
principles:
  - id: x-1
    title: A
    checks: [EA-NOPE-001]
  - title: no id
  - id: x-1
    title: again
    colour: blue
""", encoding="utf-8")
    with pytest.raises(InputErrors) as exc:
        principles.load_principle_set(y, set(rules.load_rules()))
    got = sorted((e.element, str(e.problem.en if hasattr(e.problem, "en") else e.problem)) for e in exc.value.errors)
    assert [w for w, _ in got] == ["principles[0]", "principles[1]", "principles[2]", "principles[2]"]
    assert any("EA-NOPE-001" in p for _, p in got)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("principles") / "repo"
    examples = Path(__file__).resolve().parent.parent / "examples"
    r = CliRunner().invoke(cli, ["import", str(examples / "4630-osteroy"), "--kommune", "4630", "--repo", str(root)])
    assert r.exit_code == 0, r.output
    return root


def test_principles_command_on_an_example(repo, tmp_path):
    w = tmp_path / "w.yaml"
    w.write_text("waivers:\n  - principle: digdir-4\n    kommune: '4630'\n    justification: Matrikkel i 2027\n"
                 "    approved_by: Kommunedirektøren\n    expires: 2027-12-31\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["principles", "-k", "4630", "--repo", str(repo), "--date", "2026-11-23", "--format", "json",
                                 "--waivers", str(w)])
    assert r.exit_code == 0, r.output
    rows = {x["principle"]: x for x in json.loads(r.output)}
    assert set(rows) == {f"digdir-{n}" for n in range(1, 8)}
    assert rows["digdir-2"]["answer"] == "not-assessed"
    assert rows["digdir-4"]["answer"] == "not-met" and rows["digdir-4"]["explained"]["justification"] == "Matrikkel i 2027"
    assert "EA-GAP-002" in rows["digdir-4"]["failing"]
    table = CliRunner().invoke(cli, ["principles", "-k", "4630", "--repo", str(repo), "--date", "2026-11-23", "--lang", "en"])
    assert "digdir-4 Share and reuse data" in table.output and "not met" in table.output
    listed = CliRunner().invoke(cli, ["principles", "--list"])
    assert "digdir-7" in listed.output and "EA-PV-001" in listed.output


def test_principles_command_errors(repo, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("set: x\nprinciples:\n  - id: a\n    title: A\n    checks: [EA-XX-001]\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["principles", "-k", "4630", "--repo", str(repo), "--principles", str(bad)])
    assert r.exit_code == 2 and "EA-XX-001" in r.output and "principles[0]" in r.output
    r = CliRunner().invoke(cli, ["principles", "--repo", str(repo)])
    assert r.exit_code == 2
