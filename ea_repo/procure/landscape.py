"""Fit with a kommune's landscape: which integrations the product would need, and which of the kommune's
current findings it would fix or introduce.

The product takes the place of the kommune's active systems of the profile's category (or of the systems
named with ``replaces``; with none, it is added as a new system). The kommune's inventory is checked as it
is and with the product in that place — the same rules, the same date — and the findings are compared.
"""

from __future__ import annotations

import datetime as dt

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from .. import catalog, check
from ..engines import DEFAULT_ENGINE
from ..errors import UsageError
from ..i18n import msg
from ..namespaces import COMPONENT, EA, STANDARD, slug, thing, vendor, vocab
from ..namespaces import kommune as kommune_iri
from .profiles import Profile
from .spec import Spec

# System facts that belong to the product (replaced by the spec); the rest describe the kommune's use.
# The contract end date stays: it is the kommune's contract, not the product's.
PRODUCT_FACTS = (
    EA.vendor,
    EA.product,
    EA.version,
    EA.supportsStandard,
    EA.hosting,
    EA.ipv6,
    EA.htmlVersion,
    EA.endOfLife,
    EA.browserBased,
)
INACTIVE = {vocab("lifecycle", "retired")}


def _id(g: Graph, node) -> str:
    return str(g.value(node, EA.id) or str(node).rsplit("/", 1)[-1])


def _label(g: Graph, node) -> str:
    return str(g.value(node, EA.name) or catalog.label(catalog.catalog_graph(), node))


def replaced_systems(inv: Graph, profile: Profile, kommune: str, replaces: list[str] | None) -> list[URIRef]:
    if replaces:
        out = []
        for sid in replaces:
            s = thing(kommune, "system", sid)
            if (s, RDF.type, EA.System) not in inv:
                raise UsageError(
                    msg(f"kommune {kommune} has no system '{sid}' (--replaces takes a system id of its inventory)",
                        f"kommune {kommune} har ikke noe system '{sid}' (--replaces tar en system-id fra systemoversikten)")
                )
            out.append(s)
        return out
    cats = set(profile.categories)
    return sorted(
        s
        for s in inv.subjects(RDF.type, EA.System)
        if set(inv.objects(s, EA.category)) & cats and inv.value(s, EA.lifecycle) not in INACTIVE
    )


def _part_of(c) -> set:
    g = catalog.catalog_graph()
    return {c, *g.objects(c, EA.partOf)}


def needed_integrations(inv: Graph, spec: Spec, systems: list[URIRef]) -> list[dict]:
    """The kommune's integrations with the replaced systems, and whether the product covers each one."""
    sg, s = spec.graph, spec.iri
    comps = set(sg.objects(s, EA.integratesComponent))
    covered_comps = set().union(*(_part_of(c) for c in comps)) if comps else set()
    protocols = catalog.scheme_notations("protocol")
    stated = {str(o).rsplit("/", 1)[-1] for o in sg.objects(s, EA.supportsStandard)}
    api_protocols = (
        {sg.value(a, EA.protocol) for a in sg.objects(s, EA.offersApi)}
        | {sg.value(c, EA.protocol) for c in sg.objects(s, EA.componentIntegration)}
        | {iri for n, iri in protocols.items() if n in stated}
    ) - {None}
    out = []
    for i in sorted(set(inv.subjects(RDF.type, EA.Integration))):
        prov, cons = inv.value(i, EA.provider), inv.value(i, EA.consumer)
        if prov in systems:
            other, direction = cons, "out"
        elif cons in systems:
            other, direction = prov, "in"
        else:
            continue
        if other in systems:
            continue
        protocol = inv.value(i, EA.protocol)
        is_component = str(other).startswith(str(COMPONENT))
        vias = set(inv.objects(i, EA.via))
        if is_component:
            covered = bool(_part_of(other) & covered_comps) or bool(vias & covered_comps)
        else:
            covered = protocol in api_protocols if protocol is not None else bool(api_protocols)
        out.append(
            {
                "integration": _id(inv, i),
                "name": str(inv.value(i, EA.name) or ""),
                "direction": direction,
                "counterpart": _label(inv, other),
                "counterpart_kind": "component" if is_component else "system",
                "protocol": str(protocol).rsplit("/", 1)[-1] if protocol is not None else None,
                "covered": covered,
            }
        )
    return out


def _tls(spec: Spec):
    stds = {str(o).rsplit("/", 1)[-1] for o in spec.graph.objects(spec.iri, EA.supportsStandard)}
    for v in ("1.3", "1.2", "1.1", "1.0"):
        if f"tls-{v}" in stds:
            return vocab("tls", f"tls{v}")
    return None


def with_product(
    inv: Graph, spec: Spec, systems: list[URIRef], kommune: str, profile: Profile
) -> tuple[Graph, list[URIRef]]:
    """The inventory with the product in place of the replaced systems (or added as a new system)."""
    sg, s = spec.graph, spec.iri
    g = Graph()
    g += inv
    if not systems:
        new = thing(kommune, "system", f"procure-{slug(spec.product)}")
        for t in (
            (new, RDF.type, EA.System),
            (new, EA.id, Literal(f"procure-{slug(spec.product)}")),
            (new, EA.name, Literal(spec.product)),
            (new, EA.inventoryOf, kommune_iri(kommune)),
            (new, EA.lifecycle, vocab("lifecycle", "planned")),
        ):
            g.add(t)
        if profile.categories:
            g.add((new, EA.category, profile.categories[0]))
        systems = [new]
    v = vendor(spec.vendor)
    g.add((v, RDF.type, EA.Vendor))
    g.add((v, EA.name, Literal(spec.vendor)))
    stds = list(sg.objects(s, EA.supportsStandard))
    comps = set(sg.objects(s, EA.integratesComponent))
    tls = _tls(spec)
    for sys in systems:
        for p in PRODUCT_FACTS:
            g.remove((sys, p, None))
        g.add((sys, EA.vendor, v))
        g.add((sys, EA.product, Literal(spec.product)))
        g.add((sys, EA.version, Literal(spec.version)))
        for o in stds:
            g.add((sys, EA.supportsStandard, o))
        for p in (EA.hosting, EA.browserBased):
            if sg.value(s, p) is not None:
                g.add((sys, p, sg.value(s, p)))
        g.add((sys, EA.ipv6, Literal(STANDARD["ipv6"] in stds)))
        if STANDARD["html5"] in stds:
            g.add((sys, EA.htmlVersion, Literal("HTML5")))
        for itf in list(g.subjects(EA.providedBy, sys)):
            g.remove((itf, EA.supportsStandard, None))
            for o in stds:
                g.add((itf, EA.supportsStandard, o))
            if tls is not None:
                g.remove((itf, EA.transportSecurity, None))
                g.add((itf, EA.transportSecurity, tls))
        linked = {
            o
            for i in g.subjects(RDF.type, EA.Integration)
            for o in (g.value(i, EA.provider), g.value(i, EA.consumer))
            if sys in (g.value(i, EA.provider), g.value(i, EA.consumer))
        }
        for ci in sg.objects(s, EA.componentIntegration):
            c = sg.value(ci, EA.component)
            if c in linked:
                continue
            i = thing(kommune, "integration", f"procure-{_id(g, sys)}-{str(c).rsplit('/', 1)[-1]}")
            for t in (
                (i, RDF.type, EA.Integration),
                (i, EA.id, Literal(str(i).rsplit("/", 1)[-1])),
                (i, EA.provider, c),
                (i, EA.consumer, sys),
                (i, EA.inventoryOf, kommune_iri(kommune)),
                (i, EA.name, Literal(f"{spec.product} – {catalog.label(catalog.catalog_graph(), c)}")),
                (i, EA.mode, vocab("mode", "api")),
            ):
                g.add(t)
            if sg.value(ci, EA.protocol) is not None:
                g.add((i, EA.protocol, sg.value(ci, EA.protocol)))
            if STANDARD["utf-8"] in stds:
                g.add((i, EA.charset, vocab("charset", "utf-8")))
            if tls is not None:
                g.add((i, EA.transportSecurity, tls))
            if COMPONENT["maskinporten"] in comps and c != COMPONENT["maskinporten"]:
                g.add((i, EA.authentication, vocab("auth", "maskinporten")))
    return g, systems


def _key(f):
    return (f.rule, f.focus, f.path or "", f.value or "")


def _brief(f, lang: str) -> dict:
    return {
        "rule": f.rule,
        "severity": f.severity,
        "focus": f.focus_label,
        "title": f.text("title", lang),
        "message": f.text("message", lang),
    }


def fit(
    spec: Spec,
    profile: Profile,
    inv: Graph,
    kommune: str,
    *,
    today: dt.date,
    replaces: list[str] | None = None,
    engine: str = DEFAULT_ENGINE,
    lang: str = "nb",
) -> dict:
    """The product against the kommune's landscape (pure: returns data)."""
    systems = replaced_systems(inv, profile, kommune, replaces)
    def findings(graph: Graph):
        req = check.CheckRequest(today=today, graph=graph, kommuner=(kommune,), engine=engine)
        return [f for f in check.run(req).findings if f.answer == "not-met"]

    before = findings(inv)
    after_graph, in_place = with_product(inv, spec, systems, kommune, profile)
    after = findings(after_graph)
    bk, ak = {_key(f): f for f in before}, {_key(f): f for f in after}
    used = (
        {o for o in inv.objects(None, EA.provider)}
        | {o for o in inv.objects(None, EA.consumer)}
        | set(inv.objects(None, EA.via))
    )
    new_components = sorted(
        catalog.label(catalog.catalog_graph(), c)
        for c in spec.graph.objects(spec.iri, EA.integratesComponent)
        if c not in used
    )
    return {
        "kommune": kommune,
        "replaces": [{"id": _id(inv, s), "name": _label(inv, s)} for s in systems],
        "added_as_new": not systems,
        "system": [str(s) for s in in_place],
        "integrations": needed_integrations(inv, spec, systems),
        "new_components": new_components,
        "fixed": [_brief(bk[k], lang) for k in sorted(bk.keys() - ak.keys())],
        "introduced": [_brief(ak[k], lang) for k in sorted(ak.keys() - bk.keys())],
        "findings_before": len(before),
        "findings_after": len(after),
        "checked_on": today.isoformat(),
    }
