"""The compliance rules (shapes/*.ttl) and the rule registry (ea_repo/rules.py).

Every rule has YAML cases in tests/rules/<CODE>.yaml; each case is an inventory snippet (Turtle) checked
with the catalogue and a validation context, on BOTH SHACL engines (pySHACL and pyshacl-turbo), and the
set of focus nodes the rule reports must equal the case's `fails` on each engine.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

import pyshacl
import pyshacl_turbo
import pytest
import yaml
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ea_repo import registry, rules, ruleshape
from ea_repo.catalog import catalog_graph
from ea_repo.namespaces import EA
from ea_repo.rules import (
    SHAPES_NS,
    Rule,
    RuleError,
    answers_from_results,
    check_shapes,
    load_rules,
    register,
    report_results,
    rule_code_for_shape,
    severity_for,
    shapes_graph,
    validation_context,
)

CASES_DIR = Path(__file__).parent / "rules"
DEFAULT_TODAY = date(2026, 11, 23)
DEFAULT_KOMMUNE = "4631"

PREFIXES = """\
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix ea: <https://w3id.org/ea-repo/ont#> .
@prefix component: <https://w3id.org/ea-repo/catalog/component/> .
@prefix standard: <https://w3id.org/ea-repo/catalog/standard/> .
@prefix requirement: <https://w3id.org/ea-repo/catalog/requirement/> .
@prefix kommune: <https://w3id.org/ea-repo/id/kommune/> .
@prefix vendor: <https://w3id.org/ea-repo/id/vendor/> .
@prefix category: <https://w3id.org/ea-repo/vocab/category/> .
@prefix lifecycle: <https://w3id.org/ea-repo/vocab/lifecycle/> .
@prefix hosting: <https://w3id.org/ea-repo/vocab/hosting/> .
@prefix sensitivity: <https://w3id.org/ea-repo/vocab/sensitivity/> .
@prefix dataobject: <https://w3id.org/ea-repo/vocab/dataobject/> .
@prefix healthservice: <https://w3id.org/ea-repo/vocab/healthservice/> .
@prefix protocol: <https://w3id.org/ea-repo/vocab/protocol/> .
@prefix charset: <https://w3id.org/ea-repo/vocab/charset/> .
@prefix tls: <https://w3id.org/ea-repo/vocab/tls/> .
@prefix auth: <https://w3id.org/ea-repo/vocab/auth/> .
@prefix mode: <https://w3id.org/ea-repo/vocab/mode/> .
@prefix status: <https://w3id.org/ea-repo/vocab/status/> .
@prefix level: <https://w3id.org/ea-repo/vocab/level/> .
@prefix area: <https://w3id.org/ea-repo/vocab/area/> .
@prefix party: <https://w3id.org/ea-repo/vocab/party/> .
@prefix integrationstatus: <https://w3id.org/ea-repo/vocab/integrationstatus/> .
@prefix direction: <https://w3id.org/ea-repo/vocab/direction/> .
@prefix partner: <https://w3id.org/ea-repo/catalog/partner/> .
@prefix ex: <https://w3id.org/ea-repo/id/{kommune}/test/> .
@base <https://w3id.org/ea-repo/id/{kommune}/test/> .
"""


ANSWER_KEYS = {"met": "met", "not_met": "not-met", "not_known": "not-known"}


@dataclass(frozen=True)
class RuleCase:
    code: str
    name: str
    turtle: str
    answers: tuple[tuple[str, str], ...]  # (curie, answer) as the YAML states them
    today: date
    kommune: str
    file: Path

    @property
    def id(self) -> str:
        return f"{self.code}:{self.name}"

    def header(self) -> str:
        return PREFIXES.replace("{kommune}", self.kommune)

    def inventory(self) -> Graph:
        g = Graph()
        try:
            g.parse(data=self.header() + "\n" + self.turtle, format="turtle")
        except Exception as e:
            raise AssertionError(f"{self.file} case {self.name!r}: Turtle does not parse: {e}") from e
        return g

    def expand(self, curie: str) -> str:
        if curie.startswith("<") and curie.endswith(">"):
            return curie[1:-1]
        ns = Graph()
        ns.parse(data=self.header(), format="turtle")
        return str(ns.namespace_manager.expand_curie(curie))

    def expected(self) -> dict[str, str]:
        """focus IRI -> met | not-met | not-known; a subject not listed must get no answer (out of scope)."""
        return {self.expand(c): a for c, a in self.answers}

    def with_answer(self, answer: str) -> list[str]:
        return [f for f, a in self.expected().items() if a == answer]


def collect_rule_cases(folder: Path = CASES_DIR) -> list[RuleCase]:
    """Every case of every tests/rules/<CODE>.yaml file (the rule code is the file name). A case lists the
    subjects the rule must answer, by answer: met, not_met, not_known (each a list, [] for none); every
    other subject of the case must be out of the rule's scope."""
    cases: list[RuleCase] = []
    for f in sorted(folder.glob("*.yaml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        for i, c in enumerate(doc.get("cases") or []):
            missing = [k for k in ("turtle", *ANSWER_KEYS) if k not in c]
            if missing:
                raise AssertionError(f"{f} case {i}: needs {', '.join(missing)} (lists, [] for none)")
            today = c.get("today", DEFAULT_TODAY)
            if isinstance(today, str):
                today = date.fromisoformat(today)
            answers = tuple((curie, answer) for key, answer in ANSWER_KEYS.items() for curie in (c[key] or ()))
            cases.append(
                RuleCase(
                    code=f.stem,
                    name=str(c.get("name") or f"case {i}"),
                    turtle=c["turtle"],
                    answers=answers,
                    today=today,
                    kommune=str(c.get("kommune", DEFAULT_KOMMUNE)),
                    file=f,
                )
            )
    return cases


CASES = collect_rule_cases()


@cache
def _catalog_triples() -> tuple:
    return tuple(catalog_graph())


@lru_cache(maxsize=8)
def data_graph(case: RuleCase) -> Graph:
    """What the check validates: the inventory + catalogue (with ontology) + the validation context.
    Built once per case and shared by both engines (neither mutates it)."""
    g = case.inventory()
    g.addN((s, p, o, g) for s, p, o in _catalog_triples())
    g += validation_context(case.today)
    return g


def answers(engine: str, data: Graph, code: str) -> dict[str, str]:
    validate = {"pyshacl": pyshacl.validate, "turbo": pyshacl_turbo.validate}[engine]
    _conforms, report, _text = validate(data, shacl_graph=shapes_graph(), advanced=True)
    if not isinstance(report, Graph):  # pyshacl-turbo returns the failure in place of a report
        raise AssertionError(f"{engine} failed: {report}")
    got = answers_from_results([r for r in report_results(report) if r[1] == code])
    return {focus: a for (focus, _c), a in got.items()}


def stated(data: Graph, focus: str, paths) -> dict[str, list[str]]:
    """The values the given evidence paths reach from the focus node in the data graph."""
    out = {}
    for ep in paths:
        rows = data.query(f"SELECT ?o WHERE {{ ?s {ep.sparql} ?o }}", initBindings={"s": URIRef(focus)})
        values = sorted(str(r[0]) for r in rows)
        if values:
            out[ep.name] = values
    return out


# ---------------------------------------------------------------------------------------------------
# Each case, on both engines
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["pyshacl", "turbo"])
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_case(case: RuleCase, engine: str):
    rule = load_rules().get(case.code)
    assert rule is not None, f"{case.file}: no rule {case.code} in shapes/"
    if engine == "turbo" and rule.engine == "pyshacl":
        pytest.skip(f'{case.code} is marked ea:engine "pyshacl" (evaluated on the reference engine only)')
    got = answers(engine, data_graph(case), case.code)
    assert got == case.expected(), f"{case.file} case {case.name!r} on {engine}"


def _documentation_rule(code: str) -> bool:
    """Data-quality rules (area datakvalitet) are about the inventory's own blanks: there the blank is the fact."""
    return load_rules()[code].area == "datakvalitet"


@pytest.mark.parametrize("case", [c for c in CASES if c.with_answer("not-met") and not _documentation_rule(c.code)],
                         ids=lambda c: c.id)
def test_every_not_met_answer_rests_on_a_stated_fact(case: RuleCase):
    """A subject is not met only where the inventory states a value that breaks the duty: the rule's
    breach paths (in scope + not met) reach at least one stated value from every not-met subject.
    (Data-quality rules, which report blanks of the inventory itself, are the one exception.)"""
    paths = rules.evidence_paths()[case.code]["breach"]
    assert paths, f"{case.code}: the not-met part names no path, so no finding could say what breaks the duty"
    for focus in case.with_answer("not-met"):
        assert stated(data_graph(case), focus, paths), f"{case.id}: {focus} is not met without a stated fact"


#: Rules whose answer for a subject rests on other subjects of the inventory by design: Kjernejournal is judged per
#: health service (some system of the service integrates it), ELMA registration per kommune (one system shows it).
ACROSS_SUBJECTS = {"EA-HEL-005", "EA-HEL-007", "EA-STD-005"}


def test_cases_do_not_interact_when_checked_together():
    """All fixtures in one data graph (each case's things prefixed, so their IRIs are distinct): the fast
    engine reports exactly the (focus node, rule, kind) triples it reports for each case alone, for every
    rule at once — what a whole inventory is. (That both engines agree is asserted case by case in
    test_rule_case; pySHACL on the combined graph took half an hour and adds nothing to that.)"""
    combined = Graph()
    alone = set()
    for n, case in enumerate(CASES):
        if case.today != DEFAULT_TODAY or case.kommune != DEFAULT_KOMMUNE or "/inventory>" in case.turtle:
            continue  # a case stating facts of the whole inventory (integrationsComplete) would state them for all
        ttl = case.turtle.replace("ex:", f"ex:c{n}-")
        inv = RuleCase(case.code, case.name, ttl, (), case.today, case.kommune, case.file).inventory()
        combined += inv
        g = Graph()
        g += inv
        g.addN((s_, p_, o_, g) for s_, p_, o_ in _catalog_triples())
        g += validation_context(DEFAULT_TODAY)
        _c, report, _t = pyshacl_turbo.validate(g, shacl_graph=shapes_graph(), advanced=True)
        alone |= {r for r in report_results(report) if load_rules()[r[1]].engine == "any"}
    combined.addN((s_, p_, o_, combined) for s_, p_, o_ in _catalog_triples())
    combined += validation_context(DEFAULT_TODAY)
    _c, report, _t = pyshacl_turbo.validate(combined, shacl_graph=shapes_graph(), advanced=True)
    together = {r for r in report_results(report) if load_rules()[r[1]].engine == "any"}
    assert len(alone) > 500
    differ = sorted({c for _f, c, _k in together ^ alone} - ACROSS_SUBJECTS)
    assert differ == [], f"rules whose cases interact: {differ}"
    assert {k for _f, _c, k in together} == {"applies", "not-met", "not-known", "open-scope"}


# ---------------------------------------------------------------------------------------------------
# Coverage of the fixtures
# ---------------------------------------------------------------------------------------------------


def _cases_by_code() -> dict[str, list[RuleCase]]:
    by_code: dict[str, list[RuleCase]] = {}
    for case in CASES:
        by_code.setdefault(case.code, []).append(case)
    return by_code


def test_every_rule_has_cases_for_each_answer():
    shacl_rules = {c: r for c, r in load_rules().items() if r.kind == "shacl"}
    by_code = _cases_by_code()
    assert set(by_code) <= set(shacl_rules), f"fixtures without a rule: {sorted(set(by_code) - set(shacl_rules))}"
    g = shapes_graph()
    for code in sorted(shacl_rules):
        cases = by_code.get(code, [])
        # a data-quality rule's deciding fact is the blank itself, so it is always met or not met
        wanted = ["met"] + ([] if _documentation_rule(code) else ["not-known"]) + \
            (["not-met"] if "not_met" in ruleshape.parts_of(g, code).parts else [])
        for answer in wanted:
            assert any(c.with_answer(answer) for c in cases), f"{code}: no case with a {answer} subject"
    assert len(shacl_rules) >= 25


def _targets(inv: Graph, code: str) -> set:
    """The nodes of an inventory the rule's node shape targets."""
    g, node = shapes_graph(), URIRef(SHAPES_NS + code)
    out = set()
    for cls in g.objects(node, rules.SH.targetClass):
        out |= set(inv.subjects(RDF.type, cls))
    for pred in g.objects(node, rules.SH.targetSubjectsOf):
        out |= set(inv.subjects(pred, None))
    return out


def _attached(inv: Graph, system) -> set:
    """The system, its interfaces and the integrations with it at an end."""
    out = {system} | set(inv.subjects(EA.providedBy, system))
    for p in (EA.provider, EA.consumer):
        out |= set(inv.subjects(p, system))
    return out


def test_in_use_rules_have_cases_for_retired_planned_and_unknown_lifecycle():
    """The lifecycle boundaries, for every rule that applies to what is in use: a subject of a retired or
    planned system gets no answer at all, one of a system of blank or unknown lifecycle is never met or not
    met, and every such rule has a case showing each."""
    g = shapes_graph()
    lc = "https://w3id.org/ea-repo/vocab/lifecycle/"
    for code, cases in sorted(_cases_by_code().items()):
        if ruleshape.parts_of(g, code).lifecycle != "in-use":
            continue
        out_of_use, unknown = False, False
        for case in cases:
            inv, expected = case.inventory(), case.expected()
            targets = _targets(inv, code)
            for s in inv.subjects(RDF.type, EA.System):
                lifecycle = str(inv.value(s, EA.lifecycle) or "")
                subjects = _attached(inv, s) & targets
                if lifecycle in (lc + "retired", lc + "planned"):
                    assert not {str(x) for x in subjects} & set(expected), f"{case.id}: answer for a subject of {s}"
                    out_of_use = out_of_use or bool(subjects)
                if lifecycle in ("", lc + "unknown"):
                    for x in subjects:
                        assert expected.get(str(x)) in (None, "not-known"), f"{case.id}: {x} (blank lifecycle) answered"
                        unknown = unknown or expected.get(str(x)) == "not-known"
        assert out_of_use, f"{code}: no case where a subject of a retired or planned system is out of scope"
        assert unknown, f"{code}: no case where a subject of a system of blank lifecycle is not known"


def test_case_names_unique_per_rule():
    seen = set()
    for case in CASES:
        assert case.id not in seen, f"duplicate case name {case.id}"
        seen.add(case.id)


# ---------------------------------------------------------------------------------------------------
# Rule metadata
# ---------------------------------------------------------------------------------------------------


def test_shipped_shapes_pass_check():
    check_shapes()


def test_severity_follows_requirement_level():
    for code, rule in load_rules().items():
        if rule.kind != "shacl":
            continue
        assert rule.requirement and rule.level, (
            f"{code}: requirement {rule.requirement} has no level in the catalogue"
        )
        want = severity_for(rule.level, rule.verified, rule.recognised_means)
        assert rule.severity == want, (
            f"{code}: severity {rule.severity}, but {rule.level}/verified={rule.verified} -> {want}"
        )


def test_severity_mapping():
    assert severity_for("krav", True) == "violation"
    assert severity_for("anbefaling", True) == "warning"
    assert severity_for("god-praksis", True) == "info"
    assert severity_for("krav", False) == "info"
    assert severity_for("krav", True, recognised_means=True) == "warning"
    assert severity_for("anbefaling", True, recognised_means=True) == "info"


def test_info_rules_say_their_basis_is_good_practice_or_unverified():
    for code, rule in load_rules().items():
        if rule.kind == "shacl" and rule.severity == "info":
            nb, en = rule.message["nb"].lower(), rule.message["en"].lower()
            if rule.verified:
                assert "god praksis" in nb and "good practice" in en, code
            else:
                assert "ikke verifisert" in nb and "unverified" in en, code


def test_rules_have_bilingual_texts_and_code_equals_file():
    for code, rule in load_rules().items():
        if rule.kind != "shacl":
            continue
        for name in ("title", "message", "remedy"):
            texts = getattr(rule, name)
            assert texts.get("nb", "").strip() and texts.get("en", "").strip(), (
                f"{code}: {name} needs nb and en"
            )
        assert rule.path is not None and rule.path.stem == code
        assert rule.severity in ("violation", "warning", "info")
        assert rule.legal_basis is not None or rule.level == "god-praksis" or not rule.verified, code
        assert rule.source_url, f"{code}: requirement without dct:source"


def test_every_shape_maps_back_to_its_rule():
    g = shapes_graph()
    codes = set(load_rules())
    for shape in rules._shapes_in(g):
        assert isinstance(shape, URIRef), f"blank-node shape in shapes/: {shape}"
        assert rule_code_for_shape(shape) in codes or str(shape).startswith(ruleshape.COMMON), shape


def test_rule_code_for_shape():
    assert rule_code_for_shape(SHAPES_NS + "EA-STD-001") == "EA-STD-001"
    assert rule_code_for_shape(URIRef(SHAPES_NS + "EA-STD-001/tls")) == "EA-STD-001"
    assert rule_code_for_shape(SHAPES_NS + "EA-STD-001/a/b") == "EA-STD-001"
    assert rule_code_for_shape("https://example.org/EA-STD-001") is None
    assert rule_code_for_shape(SHAPES_NS + "not-a-code") is None
    assert rule_code_for_shape(None) is None


def test_load_rules_and_shapes_graph_are_cached():
    assert shapes_graph() is shapes_graph()
    assert load_rules() == load_rules()


# ---------------------------------------------------------------------------------------------------
# check_shapes on broken files
# ---------------------------------------------------------------------------------------------------


def _copy_rule(tmp_path: Path, code: str, new_name: str | None = None) -> Path:
    target = tmp_path / f"{new_name or code}.ttl"
    shutil.copy(load_rules()[code].path, target)
    return target


def test_check_shapes_rejects_broken_turtle(tmp_path):
    f = _copy_rule(tmp_path, "EA-STD-002")
    f.write_text(
        f.read_text(encoding="utf-8").replace("sh:targetClass", "sh:targetClass (", 1), encoding="utf-8"
    )
    with pytest.raises(RuleError, match="EA-STD-002.ttl.*Turtle"):
        check_shapes([f])


def test_check_shapes_rejects_code_not_equal_to_file_name(tmp_path):
    f = _copy_rule(tmp_path, "EA-STD-002", "EA-STD-902")
    with pytest.raises(RuleError, match="EA-STD-902.ttl.*EA-STD-002"):
        check_shapes([f])


def test_check_shapes_rejects_invalid_shacl(tmp_path):
    f = _copy_rule(tmp_path, "EA-DQ-001")
    text = f.read_text(encoding="utf-8")
    assert "sh:minCount 1" in text
    f.write_text(text.replace("sh:minCount 1", 'sh:minCount "x"'), encoding="utf-8")
    with pytest.raises(RuleError, match="EA-DQ-001.ttl.*SHACL"):
        check_shapes([f])


def test_check_shapes_rejects_blank_node_shapes(tmp_path):
    f = _copy_rule(tmp_path, "EA-DQ-001")
    text = f.read_text(encoding="utf-8")
    assert "ea:met r:stated" in text
    text = text.replace(
        "ea:met r:stated", "ea:met [ a sh:PropertyShape ; sh:path ea:owner ; sh:minCount 1 ; sh:severity sh:Info ]"
    )
    f.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError, match="EA-DQ-001.ttl.*blank node"):
        check_shapes([f])


def test_check_shapes_rejects_missing_metadata_and_unknown_requirement(tmp_path):
    f = _copy_rule(tmp_path, "EA-DQ-001")
    text = f.read_text(encoding="utf-8")
    text = text.replace("requirement:inventory-completeness", "requirement:no-such-requirement")
    text = text.replace("ea:remedy", "ea:note")
    f.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as e:
        check_shapes([f])
    assert "EA-DQ-001.ttl" in str(e.value)
    assert "no-such-requirement" in str(e.value)
    assert "ea:remedy missing" in str(e.value)


def test_check_shapes_rejects_wrong_severity(tmp_path):
    f = _copy_rule(tmp_path, "EA-STD-002")
    f.write_text(f.read_text(encoding="utf-8").replace("sh:Violation", "sh:Info"), encoding="utf-8")
    with pytest.raises(RuleError, match="EA-STD-002.ttl.*calls for violation"):
        check_shapes([f])


# ---------------------------------------------------------------------------------------------------
# Registry for non-SHACL rules
# ---------------------------------------------------------------------------------------------------


def _gap_rule(code="EA-GAP-001", **kw) -> Rule:
    base = dict(
        code=code,
        severity="warning",
        title={"nb": "Gap", "en": "Gap"},
        message={"nb": "m", "en": "m"},
        remedy={"nb": "r", "en": "r"},
        requirement=None,
        level=None,
        legal_basis=None,
        source_url=None,
        area=None,
        verified=True,
        aliases=("EA-OLD-001",),
        path=None,
        kind="gap",
    )
    base.update(kw)
    return Rule(**base)


def test_register_adds_rules_to_the_registry(monkeypatch):
    monkeypatch.setattr(registry, "_registered", {})
    register(_gap_rule())
    register(_gap_rule())  # the same rule again is fine
    assert load_rules()["EA-GAP-001"].kind == "gap"
    assert rules.resolve_code("EA-OLD-001") == "EA-GAP-001"
    with pytest.raises(RuleError):
        register(_gap_rule(severity="info"))
    with pytest.raises(RuleError):
        register(_gap_rule(code="EA-STD-001"))
    with pytest.raises(RuleError):
        register(_gap_rule(code="EA-GAP-002", severity="fatal"))


def test_validation_context_graph():
    g = validation_context(date(2026, 1, 2))
    assert len(g) == 2
    assert "2026-01-02" in g.serialize(format="nt")
