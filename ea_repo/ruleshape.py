"""Three answers from SHACL: how a rule file becomes the shapes that say met, not met or not known.

A rule file (shapes/<CODE>.ttl) states the rule in four parts, each a shape that holds only on *stated*
facts (see shapes/README.md):

    ea:inScope    r:x   the duty applies to the subject            (optional: every target in use)
    ea:outOfScope r:y   the duty does not apply                    (optional)
    ea:met        r:m   a stated fact meets the duty               (required)
    ea:notMet     r:n   a stated fact breaks the duty              (optional: the rule can only say met/not known)

plus ``ea:lifecycleScope "in-use"`` (the default: planned and retired systems, and interfaces and
integrations of such systems, are out of scope; a blank or ``unknown`` lifecycle leaves the scope not
known) or ``"any"`` (rules about retirement itself).

From these, ``expand`` adds to the shapes graph, under the rule's own namespace:

    rule:CODE            reports the subjects where the answer is NOT MET   (in scope and a fact breaks it)
    rule:CODE/_applies   reports every subject the duty may apply to       (not stated out of scope)
    rule:CODE/_unknown   reports the subjects where the answer is NOT KNOWN (scope or deciding fact missing)
    rule:CODE/_open-scope reports the subjects whose scope is not known (neither stated in nor out), so a
                         not-known finding can say whether the scope or the deciding fact is to be recorded

and *met* is the rest: applies, neither not met nor not known. Out of scope wins over in scope; a
breaking fact wins over a meeting one.

Each part is evaluated once per subject: SHACL rules (sh:TripleRule, SHACL-AF; both engines run them before
validating) on a generated shape ``rule:CODE/_parts`` with the rule's targets state flags on the subject
(``rule:CODE/_flag-out``, ``…/_flag-in`` where it is not out, ``…/_flag-met`` and ``…/_flag-not-met`` where it
is in and not out), after ``common:_lifecycle`` has stated once per subject whether it is in use; the four
result shapes above only read those flags. The flags exist only in the data graph the engine validates. Because every part holds only on stated facts, removing a fact
can only move an answer towards *not known*, never towards *met* (tests/test_score.py checks it).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF

from .namespaces import EA, SH, VOCAB

SHAPES_NS = "https://w3id.org/ea-repo/shapes/"
COMMON = SHAPES_NS + "_common/"
APPLIES, UNKNOWN, OPEN_SCOPE = "_applies", "_unknown", "_open-scope"
PARTS = {"in": EA.inScope, "out": EA.outOfScope, "met": EA.met, "not_met": EA.notMet}
TARGET_PROPS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
LIFECYCLE_SCOPES = ("in-use", "any")
# sh:order of the flag rules (ea_repo.ruleshape.expand): a rule file's own SHACL rules (order 0) first, then
# whether each subject is in use, then each rule's parts
LIFECYCLE_ORDER, PARTS_ORDER = 1, 2

LC = VOCAB["lifecycle/"]
IN_USE = (URIRef(f"{LC}production"), URIRef(f"{LC}phase-out"))
NOT_IN_USE = (URIRef(f"{LC}planned"), URIRef(f"{LC}retired"))
IST = VOCAB["integrationstatus/"]
NO_FLOW = (URIRef(f"{IST}planned"), URIRef(f"{IST}retired"))  # an integration that carries no flow
LIVE_OR_BLANK = (URIRef(f"{IST}live"),)  # sh:in without minCount: live, or blank (read from the ends)
MAY_RUN = (URIRef(f"{IST}live"), URIRef(f"{IST}unknown"))  # sh:in without minCount: anything but planned/retired



def _c(name: str) -> URIRef:
    return URIRef(COMMON + name)


LIFECYCLE_FLAGS = _c("_lifecycle")


def _list(g: Graph, items) -> BNode:
    head = BNode()
    Collection(g, head, list(items))
    return head


def _node(g: Graph, iri: URIRef, **constraints) -> URIRef:
    g.add((iri, RDF.type, SH.NodeShape))
    for key, value in constraints.items():
        pred = SH[key.rstrip("_")]
        if key in ("or_", "and_"):
            g.add((iri, pred, _list(g, value)))
        else:
            for v in value if isinstance(value, tuple) else (value,):
                g.add((iri, pred, v))
    return iri


def _prop(g: Graph, iri: URIRef, path, **constraints) -> URIRef:
    g.add((iri, RDF.type, SH.PropertyShape))
    g.add((iri, SH.path, path))
    for key, value in constraints.items():
        pred = SH[key.rstrip("_")]
        g.add((iri, pred, _list(g, value) if key == "in_" else value))
    return iri


def _alt(g: Graph, *preds) -> BNode:
    b = BNode()
    g.add((b, SH.alternativePath, _list(g, preds)))
    return b


def common_shapes() -> Graph:
    """The shapes every rule shares: always / never, and whether the subject is in use (by kind)."""
    g = Graph()
    one = Literal(1)
    _node(g, _c("always"))
    _node(g, _c("never"), not_=_c("always"))
    # systems
    _node(g, _c("system-in-use"), class_=EA.System,
          property=_prop(g, _c("lifecycle-in-use"), EA.lifecycle, minCount=one, in_=IN_USE))
    # inUseFrom / inUseTo are not read here: a blank lifecycle leaves the scope not known whatever the dates say
    # (the graph analyses read them, graph.effective_lifecycle); comparing them with the check date would need a
    # SPARQL constraint on every subject of every rule
    _node(g, _c("system-not-in-use"), class_=EA.System,
          property=_prop(g, _c("lifecycle-not-in-use"), EA.lifecycle, minCount=one, in_=NOT_IN_USE))
    _node(g, _c("not-a-system"), not_=_node(g, _c("a-system"), class_=EA.System))
    _node(g, _c("end-in-use"), or_=(_c("not-a-system"), _c("system-in-use")))
    # interfaces: in use when the system providing them is
    _node(g, _c("interface-in-use"), class_=EA.Interface,
          property=_prop(g, _c("provider-in-use"), EA.providedBy, minCount=one, node=_c("system-in-use")))
    _node(g, _c("interface-not-in-use"), class_=EA.Interface,
          property=_prop(g, _c("provider-not-in-use"), EA.providedBy, qualifiedValueShape=_c("system-not-in-use"),
                         qualifiedMinCount=one))
    # integrations: in use when every system at either end is and its status is live or blank; out when a
    # system at an end is not, or its status is planned or retired (it carries no flow); status unknown: not known
    _node(g, _c("integration-in-use"), class_=EA.Integration, property=(
        _prop(g, _c("ends-in-use"), _alt(g, EA.provider, EA.consumer), minCount=one, node=_c("end-in-use")),
        _prop(g, _c("status-live-or-blank"), EA.status, in_=LIVE_OR_BLANK)))
    _node(g, _c("integration-not-in-use"), class_=EA.Integration, or_=(
        _node(g, _c("end-not-in-use"), property=_prop(g, _c("end-not-in-use-value"), _alt(g, EA.provider, EA.consumer),
                                                       qualifiedValueShape=_c("system-not-in-use"), qualifiedMinCount=one)),
        _node(g, _c("integration-no-flow"), property=_prop(g, _c("status-no-flow"), EA.status, minCount=one, in_=NO_FLOW)),
    ))
    # anything else (the inventory itself, a kommune) has no lifecycle
    _node(g, _c("no-lifecycle"), not_=_node(g, _c("has-lifecycle-kind"), or_=(
        _node(g, _c("is-system"), class_=EA.System), _node(g, _c("is-interface"), class_=EA.Interface),
        _node(g, _c("is-integration"), class_=EA.Integration))))
    _node(g, _c("in-use"), or_=(_c("system-in-use"), _c("interface-in-use"), _c("integration-in-use"),
                                 _c("no-lifecycle")))
    _node(g, _c("not-in-use"), or_=(_c("system-not-in-use"), _c("interface-not-in-use"),
                                     _c("integration-not-in-use")))
    # whether a subject is in use, worked out once per subject by a SHACL rule (the targets: those of every rule
    # with lifecycle scope in-use, added by expand) and read by every rule's flag rules
    _node(g, LIFECYCLE_FLAGS)
    g.add((LIFECYCLE_FLAGS, SH.order, Literal(LIFECYCLE_ORDER)))
    for name in ("in-use", "not-in-use"):
        pred = _c(f"_flag-{name}")
        _triple_rule(g, LIFECYCLE_FLAGS, _c(f"_lifecycle/{name}"), pred, [_c(name)], LIFECYCLE_ORDER * 10)
        _flag(g, _c(f"is-{name}"), pred)
    _exchange_shapes(g)
    _completeness_shapes(g)
    # no integration of the subject is of unknown status (such a one may run: a "none" it would decide is not known)
    _node(g, _c("no-unknown-flow"), property=_prop(
        g, _c("no-unknown-flow-value"), _alt(g, _inv(g, EA.provider), _inv(g, EA.consumer), _inv(g, EA.via)),
        qualifiedValueShape=_node(g, _c("flow-status-unknown"), property=_prop(
            g, _c("flow-status-unknown-value"), EA.status, hasValue=URIRef(f"{IST}unknown"))),
        qualifiedMaxCount=Literal(0)))
    g.add((_c("no-unknown-flow"), EA.noEvidence, Literal(True)))
    return g


PARTY = VOCAB["party/"]
OTHERS = tuple(URIRef(f"{PARTY}{p}") for p in ("other-kommune", "state", "business", "citizen"))


def _exchange_shapes(g: Graph) -> None:
    """Whether an exchange is with others (ITS-forskriften § 8: other public bodies, citizens, businesses)
    or internal (§ 9). An integration is with others when an end is a national component or an external
    partner's system (catalog/partners.ttl: state agencies, archive depots, health trusts — the party of its
    owner is never the kommune itself), or exchangeWith names another party; internal when both ends are the
    kommune's own systems and nothing says otherwise. An interface is with others when published on the
    internet, when exchangeWith names another party or when an integration with others that may run (status
    live or blank) uses it; internal when stated unpublished or own-only and no integration with others that
    is not stated planned or retired uses it (one of unknown status leaves it not known)."""
    one = Literal(1)
    _node(g, _c("other-party"))
    g.add((_c("other-party"), SH["in"], _list(g, OTHERS)))
    _node(g, _c("national-component"), class_=EA.NationalComponent)
    _node(g, _c("external-system"), class_=EA.ExternalSystem)
    _node(g, _c("flow-with-others"), class_=EA.Integration, or_=(
        _node(g, _c("end-is-component"), property=_prop(g, _c("component-end"), _alt(g, EA.provider, EA.consumer),
                                                         qualifiedValueShape=_c("national-component"), qualifiedMinCount=one)),
        _node(g, _c("end-is-partner"), property=_prop(g, _c("partner-end"), _alt(g, EA.provider, EA.consumer),
                                                       qualifiedValueShape=_c("external-system"), qualifiedMinCount=one)),
        _node(g, _c("flow-names-others"), property=_prop(g, _c("flow-party"), EA.exchangeWith,
                                                          qualifiedValueShape=_c("other-party"), qualifiedMinCount=one)),
    ))
    _node(g, _c("flow-internal"), class_=EA.Integration, and_=(
        _node(g, _c("ends-own-systems"), property=_prop(g, _c("own-ends"), _alt(g, EA.provider, EA.consumer),
                                                         minCount=one, class_=EA.System)),
        _node(g, _c("flow-not-with-others"), not_=_c("flow-with-others")),
    ))
    # an integration that runs or may run: status live or blank / anything but planned or retired
    _node(g, _c("flow-runs"), property=_prop(g, _c("flow-runs-status"), EA.status, in_=LIVE_OR_BLANK))
    _node(g, _c("flow-may-run"), property=_prop(g, _c("flow-may-run-status"), EA.status, in_=MAY_RUN))
    used_by = {}
    for name, runs in (("used-by-others", "flow-runs"), ("maybe-used-by-others", "flow-may-run")):
        used_by[name] = _node(g, _c(name), property=_prop(
            g, _c(f"{name}-flows"), _inv(g, EA.viaInterface), qualifiedMinCount=one,
            qualifiedValueShape=_node(g, _c(f"{name}-flow"), and_=(_c("flow-with-others"), _c(runs)))))
    published = _node(g, _c("published"), property=_prop(g, _c("published-true"), EA.externallyPublished,
                                                          hasValue=Literal(True)))
    names = _node(g, _c("interface-names-others"), property=_prop(g, _c("interface-party"), EA.exchangeWith,
                                                                   qualifiedValueShape=_c("other-party"), qualifiedMinCount=one))
    _node(g, _c("interface-with-others"), class_=EA.Interface, or_=(published, names, used_by["used-by-others"]))
    _node(g, _c("interface-maybe-with-others"), or_=(published, names, used_by["maybe-used-by-others"]))
    _node(g, _c("interface-internal"), class_=EA.Interface, and_=(
        _node(g, _c("stated-internal"), or_=(
            _node(g, _c("unpublished"), property=_prop(g, _c("published-false"), EA.externallyPublished,
                                                        hasValue=Literal(False))),
            _node(g, _c("own-party"), property=_prop(g, _c("interface-own"), EA.exchangeWith,
                                                      hasValue=URIRef(f"{PARTY}own"))),
        )),
        _node(g, _c("interface-not-with-others"), not_=_c("interface-maybe-with-others")),
    ))
    _node(g, _c("exchange-with-others"), or_=(_c("flow-with-others"), _c("interface-with-others")))
    _node(g, _c("internal-exchange"), or_=(_c("flow-internal"), _c("interface-internal")))


def _completeness_shapes(g: Graph) -> None:
    """integrations-complete: the system's integrations are all in the inventory (the system says so, or it
    says nothing and the inventory's meta says so). Only then is a missing integration a fact."""
    _node(g, _c("integrations-complete"), class_=EA.System, or_=(
        _node(g, _c("system-complete"), property=_prop(g, _c("system-complete-true"), EA.integrationsComplete,
                                                        hasValue=Literal(True))),
        _node(g, _c("inventory-complete"), and_=(
            _node(g, _c("system-silent"), property=_prop(g, _c("system-no-value"), EA.integrationsComplete,
                                                          maxCount=Literal(0))),
            _node(g, _c("meta-complete"), property=_prop(g, _c("meta-complete-true"), _seq(
                g, EA.inventoryOf, _inv(g, EA.kommune), EA.integrationsComplete), hasValue=Literal(True))),
        )),
    ))


def _inv(g: Graph, pred) -> BNode:
    b = BNode()
    g.add((b, SH.inversePath, pred))
    return b


def _seq(g: Graph, *steps) -> BNode:
    return _list(g, steps)


@dataclass(frozen=True)
class Parts:
    code: str
    node: URIRef
    parts: dict  # "in" | "out" | "met" | "not_met" -> shape IRI
    lifecycle: str  # in-use | any
    severity: URIRef

    def sub(self, name: str) -> URIRef:
        return URIRef(f"{SHAPES_NS}{self.code}/{name}")


def parts_of(g: Graph, code: str) -> Parts:
    node = URIRef(SHAPES_NS + code)
    found = {k: g.value(node, p) for k, p in PARTS.items() if g.value(node, p) is not None}
    lc = g.value(node, EA.lifecycleScope)
    return Parts(code, node, found, str(lc) if lc is not None else "in-use", g.value(node, SH.severity))


def problems(g: Graph, code: str) -> list[str]:
    """What breaks the three-answer convention in one rule file (empty when it is right)."""
    p = parts_of(g, code)
    out = []
    if "met" not in p.parts:
        out.append("the node shape needs ea:met r:<shape> (the stated facts that meet the duty)")
    for key, shape in p.parts.items():
        if not isinstance(shape, URIRef) or not str(shape).startswith((f"{SHAPES_NS}{code}/", COMMON)):
            out.append(f"{PARTS[key].n3(g.namespace_manager)} must name a shape of this rule (r:…) or a common: one")
        elif any(g.value(shape, t) is not None for t in TARGET_PROPS):
            out.append(f"<{shape}> is a part of the rule and must not have targets of its own")
    if p.lifecycle not in LIFECYCLE_SCOPES:
        out.append(f'ea:lifecycleScope must be one of {", ".join(LIFECYCLE_SCOPES)}')
    if not any(g.value(p.node, t) is not None for t in TARGET_PROPS):
        out.append("the node shape needs a target (sh:targetClass …)")
    if g.value(p.node, SH.targetSubjectsOf) is not None or g.value(p.node, SH.targetObjectsOf) is not None:
        out.append("target a class (sh:targetClass), not sh:targetSubjectsOf/ObjectsOf: a target that depends on a "
                   "stated value makes a missing value 'out of scope' instead of 'not known'; state the scope with "
                   "ea:inScope / ea:outOfScope")
    own = [c for c in (SH["or"], SH["and"], SH["not"], SH.node, SH.property, SH.sparql, SH.xone) if g.value(p.node, c) is not None]
    if own:
        out.append("the node shape carries the rule's metadata and targets only; put constraints into the "
                   "ea:inScope / ea:outOfScope / ea:met / ea:notMet shapes")
    texts = {o.language for o in g.objects(p.node, EA.document) if isinstance(o, Literal)}
    missing = [lang for lang in ("nb", "en") if lang not in texts]
    if missing:
        out.append(f"ea:document (what to record when the answer is not known) missing in {', '.join(missing)}")
    return out


def expand(g: Graph, code: str) -> None:
    """Add the generated result shapes of one rule to g (which holds the rule file's triples)."""
    p = parts_of(g, code)
    if "met" not in p.parts:
        return  # not a rule of this form; check_shapes() reports it
    sev = p.severity
    if honour_integration_status(g, code) and "not_met" in p.parts:
        nm = p.parts["not_met"]
        if str(nm).startswith(f"{SHAPES_NS}{code}/") and (nm, SH.path, None) not in g:
            g.add((nm, SH.property, _c("no-unknown-flow-value")))  # same level: no deeper validation path
        else:
            sure = URIRef(f"{SHAPES_NS}{code}/_not-met-sure")
            _node(g, sure, and_=(nm, _c("no-unknown-flow")))
            g.add((sure, SH.severity, sev))
            g.remove((p.node, EA.notMet, nm))
            g.add((p.node, EA.notMet, sure))
            p = parts_of(g, code)

    def shape(iri: URIRef, **kw) -> URIRef:
        _node(g, iri, **kw)
        g.add((iri, SH.severity, sev))
        return iri

    # Each part is evaluated once per subject, by a SHACL rule that states a flag on it (in this order: out,
    # in, then met and not met only where the subject is in scope and not out of it); the result shapes
    # below only read the flags. (Built as shapes over the parts, every result shape evaluated the scope
    # and decision shapes again: four times the scope, three times the deciding facts.)
    targets = [(t, o) for t in TARGET_PROPS for o in g.objects(p.node, t)]
    flags = _node(g, p.sub("_parts"))
    g.add((flags, SH.order, Literal(PARTS_ORDER)))
    for t, o in targets:
        g.add((flags, t, o))
    if p.lifecycle == "in-use":
        for t, o in targets:
            g.add((LIFECYCLE_FLAGS, t, o))
    outs = ([_c("is-not-in-use")] if p.lifecycle == "in-use" else []) + ([p.parts["out"]] if "out" in p.parts else [])
    ins = ([_c("is-in-use")] if p.lifecycle == "in-use" else []) + ([p.parts["in"]] if "in" in p.parts else [])
    is_out = _flag_rules(g, p, "out", [[c] for c in outs], 0) if outs else _c("never")
    not_out = _prop(g, p.sub("_is-not-out"), p.sub("_flag-out"), maxCount=Literal(0)) if outs else _c("always")
    is_in = _flag_rules(g, p, "in", [[not_out, *ins]], 1) if ins else _c("always")
    scoped = [not_out, *([is_in] if ins else [])]
    is_met = _flag_rules(g, p, "met", [[*scoped, p.parts["met"]]], 2)
    decided = [is_met]
    if "not_met" in p.parts:
        is_not_met = _flag_rules(g, p, "not-met", [[*scoped, p.parts["not_met"]]], 3)
        decided.append(is_not_met)
        g.add((p.node, SH["not"], is_not_met))
    # sh:not and sh:or, not sh:node: a failed sh:node reports the inner result as an sh:detail, which costs as
    # much again for every subject a rule applies to
    applies = shape(p.sub(APPLIES), not_=not_out)
    unknown = shape(p.sub(UNKNOWN), or_=(is_out, *decided))
    open_scope = shape(p.sub(OPEN_SCOPE), or_=(is_out, is_in))
    for s in (applies, unknown, open_scope):
        for t, o in targets:
            g.add((s, t, o))


def _flag(g: Graph, tester: URIRef, predicate: URIRef) -> URIRef:
    """A shape that holds where the subject carries the flag ``predicate`` (stated by a flag rule)."""
    return _prop(g, tester, predicate, hasValue=Literal(True))


def _flag_rules(g: Graph, p: Parts, part: str, alternatives: list[list], order: int) -> URIRef:
    """SHACL rules on the rule's _parts shape that state the flag ``{rule}/_flag-{part} true`` on a subject
    where all the shapes of one alternative hold (the alternatives are or-ed); returns the tester shape."""
    pred = p.sub(f"_flag-{part}")
    for i, conditions in enumerate(alternatives):
        rule = p.sub(f"_parts/{part}" + (f"-{i}" if i else ""))
        _triple_rule(g, p.sub("_parts"), rule, pred, conditions, PARTS_ORDER * 10 + order)
    return _flag(g, p.sub(f"_is-{part}"), pred)


def _triple_rule(g: Graph, holder: URIRef, rule: URIRef, pred: URIRef, conditions, order: int) -> None:
    g.add((holder, SH.rule, rule))
    g.add((rule, RDF.type, SH.TripleRule))
    g.add((rule, SH.subject, SH.this))
    g.add((rule, SH.predicate, pred))
    g.add((rule, SH.object, Literal(True)))
    g.add((rule, SH.order, Literal(order)))
    for c in conditions:
        g.add((rule, SH.condition, c))


_FLOW_ENDS = (EA.provider, EA.consumer, EA.via)


def _through_integrations(g: Graph, path):
    """(first step, rest) when a path leaves the subject through its integrations (its first step is an
    alternative of ^provider / ^consumer / ^via) and goes on from them; else None."""
    if not isinstance(path, BNode) or (path, RDF.first, None) not in g:
        return None
    steps = list(Collection(g, path))
    alt = g.value(steps[0], SH.alternativePath) if len(steps) > 1 else None
    if alt is None:
        return None
    members = list(Collection(g, alt))
    if not members or any(g.value(m, SH.inversePath) not in _FLOW_ENDS for m in members):
        return None
    return steps[0], steps[1:]


def honour_integration_status(g: Graph, code: str) -> bool:
    """Rewrite the rule's property shapes whose path goes through the subject's integrations so that only
    integrations that run count (status live, or blank: read from the ends), and a planned or retired one is
    no evidence. "Has such an integration" (sh:hasValue, sh:qualifiedMinCount) counts integrations that run;
    "has none" (sh:qualifiedMaxCount 0) counts every integration not stated planned or retired, so one of
    unknown status keeps the answer not known. The original path is kept as ea:evidencePath (what a finding
    shows). True when the rule reads integrations this way (expand then guards its not-met part with
    common:no-unknown-flow)."""
    prefix = f"{SHAPES_NS}{code}/"
    found = False
    for ps, path in sorted(g.subject_objects(SH.path)):
        if not str(ps).startswith(prefix) or g.value(ps, EA.evidencePath) is not None:
            continue
        split = _through_integrations(g, path)
        if split is None:
            continue
        first, rest = split
        has_value, qvs = g.value(ps, SH.hasValue), g.value(ps, SH.qualifiedValueShape)
        qmin, qmax = g.value(ps, SH.qualifiedMinCount), g.value(ps, SH.qualifiedMaxCount)
        if has_value is not None:
            inner_kw, runs, outer = {"hasValue": has_value}, "flow-runs", {"qualifiedMinCount": Literal(1)}
            g.remove((ps, SH.hasValue, has_value))
        elif qvs is not None and qmin is not None:
            inner_kw, runs, outer = {"qualifiedValueShape": qvs, "qualifiedMinCount": qmin}, "flow-runs", {}
        elif qvs is not None and qmax is not None and int(qmax) == 0:
            inner_kw, runs, outer = ({"qualifiedValueShape": qvs, "qualifiedMinCount": Literal(1)}, "flow-may-run", {})
        else:
            continue  # a constraint this rewrite does not know: left as written
        sev = g.value(ps, SH.severity)
        inner_prop = _prop(g, URIRef(f"{ps}/_onward"), rest[0] if len(rest) == 1 else _list(g, rest), **inner_kw)
        inner = _node(g, URIRef(f"{ps}/_flow"), property=(_c(f"{runs}-status"), inner_prop))
        for x in (inner_prop, inner):
            if sev is not None:
                g.add((x, SH.severity, sev))
        g.remove((ps, SH.path, path))
        g.add((ps, SH.path, first))
        g.add((ps, EA.evidencePath, path))
        g.set((ps, SH.qualifiedValueShape, inner))
        for k, v in outer.items():
            g.set((ps, SH[k], v))
        found = True
    return found


def answer_of(shape_iri) -> tuple[str, str] | None:
    """(rule code, "not-met" | "applies" | "not-known") for the source shape of a validation result."""
    s = str(shape_iri)
    if not s.startswith(SHAPES_NS) or s.startswith(COMMON):
        return None
    code, _, rest = s[len(SHAPES_NS):].partition("/")
    if rest == "":
        return code, "not-met"
    if rest == APPLIES:
        return code, "applies"
    if rest == UNKNOWN:
        return code, "not-known"
    if rest == OPEN_SCOPE:
        return code, "open-scope"
    return None


# --------------------------------------------------------------------------------------------------
# Evidence: the stated facts a part of a rule looks at, as SPARQL property paths
# --------------------------------------------------------------------------------------------------


def _path_sparql(g: Graph, path) -> str | None:
    if isinstance(path, URIRef):
        return f"<{path}>"
    if (path, RDF.first, None) in g:
        parts = [_path_sparql(g, x) for x in Collection(g, path)]
        return "(" + "/".join(parts) + ")" if all(parts) else None
    inv = g.value(path, SH.inversePath)
    if inv is not None:
        inner = _path_sparql(g, inv)
        return f"^{inner}" if inner else None
    alt = g.value(path, SH.alternativePath)
    if alt is not None:
        parts = [_path_sparql(g, x) for x in Collection(g, alt)]
        return "(" + "|".join(parts) + ")" if all(parts) else None
    return None  # zeroOrMore etc.: not used as evidence


def _path_name(g: Graph, path) -> str:
    if isinstance(path, URIRef):
        return str(path).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    if (path, RDF.first, None) in g:
        names = [_path_name(g, x) for x in Collection(g, path)]
        # a path through integrations ends in what it reaches: name it by its last step
        return names[-1] if names else "?"
    inv = g.value(path, SH.inversePath)
    if inv is not None:
        return "^" + _path_name(g, inv)
    alt = g.value(path, SH.alternativePath)
    if alt is not None:
        return "|".join(dict.fromkeys(_path_name(g, x) for x in Collection(g, alt)))  # (a|b/a is named a)
    return "?"


def _paths_under(g: Graph, shape, seen: set, cls=None) -> list:
    """(path, class) of the property shapes a shape combines (through sh:and/or/not/xone/node/property);
    class is the nearest enclosing sh:class of a node shape (the kind of subject the path is about), or None."""
    if shape in seen or g.value(shape, EA.noEvidence) == Literal(True):
        return []
    seen.add(shape)
    cls = g.value(shape, SH["class"]) if g.value(shape, SH.path) is None and g.value(shape, SH["class"]) else cls
    out = []
    path = g.value(shape, EA.evidencePath) or g.value(shape, SH.path)
    if path is not None:
        out.append((path, cls))
    for p in (SH.property, SH.node, SH["not"]):
        for o in g.objects(shape, p):
            out += _paths_under(g, o, seen, cls)
    for p in (SH["and"], SH["or"], SH.xone):
        for head in g.objects(shape, p):
            for member in Collection(g, head):
                out += _paths_under(g, member, seen, cls)
    return out


@dataclass(frozen=True)
class EvidencePath:
    name: str  # what a user reads: the column name, or the last step of a path
    sparql: str  # a SPARQL 1.1 property path, built from the shape (never from inventory data)
    about: str | None = None  # IRI of the class of subject the path is about (None: any)

    @property
    def column(self) -> bool:
        """A plain property of the subject itself: a column a user can fill in."""
        return self.sparql.startswith("<") and self.sparql.endswith(">")


def evidence_paths(g: Graph, code: str) -> dict[str, tuple[EvidencePath, ...]]:
    """For each part of a rule ("scope" = in/out, "decision" = met/not met, "breach" = in + not met),
    the paths whose stated values decide it. ``ea:evidence ( … )`` on the node shape adds paths."""
    p = parts_of(g, code)

    def collect(keys, extra=()) -> tuple[EvidencePath, ...]:
        seen: set = set()
        # the shapes' paths in a fixed order (by name): a shape's property shapes are a set in RDF, and the order a
        # parse gives them changed from one build of the compiled cache to the next (so did a finding's evidence
        # and "record …" order); then the rule's own ea:evidence list, in its order
        found = sorted(((_path_name(g, path), _path_sparql(g, path), str(cls) if cls is not None else None)
                        for k in keys if k in p.parts for path, cls in _paths_under(g, p.parts[k], seen)),
                       key=lambda x: (x[0], x[1] or "", x[2] or ""))
        listed = [(_path_name(g, e), _path_sparql(g, e), None) for e in extra]
        out, names = [], set()
        for name, sparql, about in [*found, *listed]:
            if sparql and (sparql, about) not in names:
                names.add((sparql, about))
                out.append(EvidencePath(name, sparql, about))
        return tuple(out)

    explicit = []
    for head in g.objects(p.node, EA.evidence):
        explicit += list(Collection(g, head)) if (head, RDF.first, None) in g else [head]
    lifecycle = (EvidencePath("lifecycle", f"<{EA.lifecycle}>", str(EA.System)),) if p.lifecycle == "in-use" else ()
    return {
        "scope": lifecycle + collect(("in", "out")),
        "decision": collect(("met", "not_met"), explicit),
        "breach": collect(("in", "not_met"), explicit),
    }
