"""Evaluate a vendor specification against a profile with the generated SHACL shapes.

MUST gaps disqualify; SHOULD gaps lower the score (share of SHOULD weights met, 0–100). Gaps become
Findings (origin "procurement"), so every writer of the checker prints them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from .. import __version__, catalog
from ..findings import Finding
from ..namespaces import EA, GRAPH, ID, KOMMUNE, PROV, STANDARD, slug
from ..results import CheckResult
from .profiles import MUST, Profile, ProfileRequirement
from .shapes import profile_shapes, requirement_for_shape
from .spec import PROPERTY_LABEL, Spec

NO_KOMMUNE = "-"
QUALIFIED, DISQUALIFIED = "qualified", "disqualified"
STATUS_TEXT = {
    "met": {"nb": "oppfylt", "en": "met"},
    "gap": {"nb": "ikke oppfylt", "en": "not met"},
    "not-applicable": {"nb": "gjelder ikke", "en": "not applicable"},
}
VERDICT_TEXT = {
    QUALIFIED: {"nb": "kvalifisert", "en": "qualified"},
    DISQUALIFIED: {"nb": "avvist (MÅ-krav ikke oppfylt)", "en": "disqualified (a MUST is not met)"},
}
OBLIGATION_TEXT = {"MUST": {"nb": "MÅ", "en": "MUST"}, "SHOULD": {"nb": "BØR", "en": "SHOULD"}}


@dataclass
class Status:
    requirement: ProfileRequirement
    status: str  # met | gap | not-applicable
    offered: list[str]  # labels of what the spec states for the checked property


@dataclass
class Evaluation:
    spec: Spec
    profile: Profile
    statuses: list[Status]
    findings: list[Finding]
    evaluated_at: str
    kommune: str = NO_KOMMUNE
    fit: dict | None = None  # landscape fit, with --kommune
    extra: dict = field(default_factory=dict)

    @property
    def must_gaps(self) -> list[Status]:
        return [s for s in self.statuses if s.status == "gap" and s.requirement.obligation == MUST]

    @property
    def verdict(self) -> str:
        return DISQUALIFIED if self.must_gaps else QUALIFIED

    @property
    def score(self) -> float:
        shoulds = [
            s for s in self.statuses if s.requirement.obligation != MUST and s.status != "not-applicable"
        ]
        total = sum(s.requirement.weight for s in shoulds)
        met = sum(s.requirement.weight for s in shoulds if s.status == "met")
        return round(100.0 * met / total, 1) if total else 100.0

    @property
    def id(self) -> str:
        digest = hashlib.sha256(
            f"{self.spec.iri}|{self.profile.id}|{self.evaluated_at}".encode()
        ).hexdigest()[:8]
        return f"{self.evaluated_at[:10]}-{slug(self.spec.vendor)}-{slug(self.spec.product)}-{digest}"

    def summary(self) -> dict:
        def count(obl, st):
            return sum(s.requirement.obligation == obl and s.status == st for s in self.statuses)

        return {
            "verdict": self.verdict,
            "score": self.score,
            "must": {
                "met": count("MUST", "met"),
                "gap": count("MUST", "gap"),
                "not_applicable": count("MUST", "not-applicable"),
            },
            "should": {
                "met": count("SHOULD", "met"),
                "gap": count("SHOULD", "gap"),
                "not_applicable": count("SHOULD", "not-applicable"),
            },
        }


def _label(term, lang: str) -> str:
    if isinstance(term, Literal):
        return str(term)
    g = catalog.catalog_graph()
    for o in (*g.objects(term, RDFS.label), *g.objects(term, SKOS.prefLabel)):
        if isinstance(o, Literal) and o.language == lang:
            return str(o)
    return catalog.label(g, term, lang)


def _values_text(values, lang: str) -> str:
    return ", ".join(_label(v, lang) for v in values)


def condition_text(r: ProfileRequirement, lang: str) -> str:
    """What meets the requirement, in words, from the profile data."""
    prop = PROPERTY_LABEL.get(r.prop, {}).get(lang) or str(r.prop).rsplit("#", 1)[-1]
    parts = []
    nb = lang == "nb"
    if r.requires:
        parts.append(
            f"{prop} må omfatte {_values_text(r.requires, lang)}"
            if nb
            else f"{prop} must include {_values_text(r.requires, lang)}"
        )
    if r.accepts:
        parts.append(
            f"{prop} må omfatte én av {_values_text(r.accepts, lang)}"
            if nb
            else f"{prop} must include one of {_values_text(r.accepts, lang)}"
        )
    if r.presence:
        parts.append(f"{prop} må være oppgitt" if nb else f"{prop} must be given")
    text = "; ".join(parts)
    if r.applies_unless is not None:
        cond = PROPERTY_LABEL.get(r.applies_unless, {}).get(lang, str(r.applies_unless))
        text += (
            f" (gjelder ikke når «{cond}» er usann)" if nb else f" (does not apply when '{cond}' is false)"
        )
    return text


def _finding(
    ev_spec: Spec, r: ProfileRequirement, offered: list[str], profile: Profile, kommune: str
) -> Finding:
    must = r.obligation == MUST
    msg, remedy = {}, {}
    for lang in ("nb", "en"):
        stated = ", ".join(offered) or ("ingenting relevant" if lang == "nb" else "nothing relevant")
        head = OBLIGATION_TEXT[r.obligation][lang]
        msg[lang] = (
            f"{head}: {condition_text(r, lang)}. Oppgitt: {stated}."
            if lang == "nb"
            else f"{head}: {condition_text(r, lang)}. Stated: {stated}."
        )
        if lang == "nb":
            remedy[lang] = (
                "Leverandøren må dokumentere at kravet er oppfylt; ellers skal tilbudet avvises."
                if must
                else f"Oppfyllelse gir poeng med vekt {r.weight:g}; be leverandøren om plan og dato."
            )
        else:
            remedy[lang] = (
                "The vendor must document that the requirement is met; otherwise the tender is rejected."
                if must
                else f"Meeting it scores with weight {r.weight:g}; ask the vendor for a plan and date."
            )
    basis = r.legal_basis or {}
    return Finding(
        rule=f"{profile.id}/{r.id}",
        severity="violation" if must else "warning",
        kommune=kommune,
        focus=str(ev_spec.iri),
        focus_label=ev_spec.label,
        title=dict(r.title) or {"nb": r.id, "en": r.id},
        message=msg,
        remedy=remedy,
        path=str(r.prop).rsplit("#", 1)[-1],
        value=", ".join(offered) or None,
        legal_basis=basis.get("nb") or basis.get("en"),
        source_url=r.source_url,
        level=r.level,
        area=r.area,
        requirement=str(r.requirement) if r.requirement is not None else None,
        origin="procurement",
        extra={
            "obligation": r.obligation,
            "weight": r.weight,
            "raised_by_kommune": r.raised,
            "profile": profile.id,
        },
    )


def _family(term) -> str:
    m = re.match(r"[a-z]+", str(term).rsplit("/", 1)[-1])
    return m.group() if m else ""


def _relevant(value, r: ProfileRequirement) -> bool:
    """Whether a stated value is worth showing beside a gap: for standards, the same family (TLS 1.0 beside
    TLS 1.2, PDF 1.4 beside PDF/A-1a); any other value always."""
    if not str(value).startswith(str(STANDARD)):
        return True
    fams = {_family(v) for v in (*r.accepts, *r.requires)}
    f = _family(value)
    return any(f and g and (f.startswith(g) or g.startswith(f)) for g in fams)


def evaluate(
    spec: Spec, profile: Profile, *, evaluated_at: str, kommune: str | None = None, lang: str = "nb"
) -> Evaluation:
    """Validate spec against the profile's generated shapes; every decision comes from SHACL."""
    import pyshacl

    shapes = profile_shapes(profile)
    _, report, _ = pyshacl.validate(spec.graph, shacl_graph=shapes, advanced=True, inference="none")
    failed = {
        requirement_for_shape(profile, report.value(res, _SH_SOURCE))
        for res in report.subjects(RDF.type, _SH_RESULT)
    }
    statuses, findings = [], []
    kommune = kommune or NO_KOMMUNE
    for r in profile.requirements:
        offered = sorted(
            str(spec.graph.value(o, EA.name) or _label(o, lang))
            for o in spec.graph.objects(spec.iri, r.prop)
            if _relevant(o, r)
        )
        if r.applies_unless is not None and (spec.iri, r.applies_unless, Literal(False)) in spec.graph:
            status = "not-applicable"
        else:
            status = "gap" if r.id in failed else "met"
        statuses.append(Status(r, status, offered))
        if status == "gap":
            findings.append(_finding(spec, r, offered, profile, kommune))
    return Evaluation(spec, profile, statuses, findings, evaluated_at, kommune)


_SH_SOURCE = URIRef("http://www.w3.org/ns/shacl#sourceShape")
_SH_RESULT = URIRef("http://www.w3.org/ns/shacl#ValidationResult")


def check_result(evaluations: list[Evaluation]) -> CheckResult:
    """The evaluations' findings as a CheckResult for the checker's writers."""
    findings = [f for ev in evaluations for f in ev.findings]
    return CheckResult(
        findings=findings,
        checked_at=evaluations[0].evaluated_at,
        kommuner=sorted({ev.kommune for ev in evaluations}),
        tool_version=__version__,
        catalog_version=catalog.catalog_version(),
        engine="pyshacl",
    )


def as_dict(ev: Evaluation, lang: str = "nb") -> dict:
    """The evaluation as plain data (JSON output, compare, HTML)."""
    return {
        "id": ev.id,
        "evaluated_at": ev.evaluated_at,
        "kommune": ev.kommune,
        "spec": {
            "iri": str(ev.spec.iri),
            "product": ev.spec.product,
            "vendor": ev.spec.vendor,
            "version": ev.spec.version,
            "file": ev.spec.file,
        },
        "profile": {
            "id": ev.profile.id,
            "label": ev.profile.text("label", lang),
            "source": ev.profile.source,
        },
        **ev.summary(),
        "verdict_text": VERDICT_TEXT[ev.verdict][lang],
        "requirements": [
            {
                "id": s.requirement.id,
                "title": s.requirement.text("title", lang),
                "obligation": s.requirement.obligation,
                "weight": s.requirement.weight,
                "status": s.status,
                "status_text": STATUS_TEXT[s.status][lang],
                "offered": s.offered,
                "condition": condition_text(s.requirement, lang),
                "level": s.requirement.level,
                "raised_by_kommune": s.requirement.raised,
                "requirement": str(s.requirement.requirement)
                if s.requirement.requirement is not None
                else None,
            }
            for s in ev.statuses
        ],
        "notes": [n.get(lang, n.get("en")) for n in ev.spec.notes],
        **({"fit": ev.fit} if ev.fit else {}),
    }


def rank(evaluations: list[Evaluation]) -> list[Evaluation]:
    """Qualified first, then by score (high first), fewer MUST gaps, then by product name."""
    return sorted(
        evaluations, key=lambda e: (e.verdict != QUALIFIED, -e.score, len(e.must_gaps), e.spec.label)
    )


# --- saving into the repository ------------------------------------------------------------------------


def evaluation_graph_iri(kommune: str, eval_id: str) -> URIRef:
    return GRAPH[f"procurement/{kommune}/{eval_id}"]


def evaluation_rdf(ev: Evaluation) -> tuple[URIRef, Graph, Graph]:
    """(graph IRI, the evaluation + the spec as stated, meta triples) for Repository.replace_graph."""
    gi = evaluation_graph_iri(ev.kommune, ev.id)
    node = ID[f"procurement/{ev.kommune}/{ev.id}"]
    g = Graph()
    g += ev.spec.graph
    g.add((node, RDF.type, EA.ProcurementEvaluation))
    g.add((node, EA.evaluates, ev.spec.iri))
    g.add((node, EA.againstProfile, Literal(ev.profile.id)))
    g.add((node, EA.verdict, Literal(ev.verdict)))
    g.add((node, EA.score, Literal(ev.score, datatype=XSD.decimal)))
    g.add((node, EA.evaluatedAt, Literal(ev.evaluated_at, datatype=XSD.dateTime)))
    g.add((node, EA.kommune, KOMMUNE[ev.kommune]))
    g.add((node, EA.id, Literal(ev.id)))
    for s in ev.statuses:
        r = s.requirement
        if s.status == "not-applicable":
            continue
        g.add((node, EA.met if s.status == "met" else EA.gap, r.iri))
        g.add((r.iri, EA.id, Literal(r.id)))
        g.add(
            (
                r.iri,
                EA.obligation,
                URIRef(f"https://w3id.org/ea-repo/vocab/obligation/{r.obligation.lower()}"),
            )
        )
        g.add((r.iri, EA.weight, Literal(r.weight, datatype=XSD.decimal)))
        for lang, text in r.title.items():
            g.add((r.iri, URIRef("http://purl.org/dc/terms/title"), Literal(text, lang=lang)))
        if r.requirement is not None:
            g.add((r.iri, EA.basedOn, r.requirement))
    meta = Graph()
    meta.add((gi, RDF.type, EA.ProcurementEvaluation))
    meta.add((gi, EA.kommune, KOMMUNE[ev.kommune]))
    meta.add((gi, PROV.generatedAtTime, Literal(ev.evaluated_at, datatype=XSD.dateTime)))
    return gi, g, meta


def save(repo, ev: Evaluation) -> URIRef:
    gi, g, meta = evaluation_rdf(ev)
    repo.replace_graph(gi, g, meta)
    return gi


def history(repo, kommune: str, lang: str = "nb") -> list[dict]:
    """Saved evaluations of a kommune, oldest first, each with what the vendor promised (met) and the gaps."""
    out = []
    for gi in repo.named_graphs(str(GRAPH[f"procurement/{kommune}/"])):
        g = repo.graph(URIRef(gi))
        for node in g.subjects(RDF.type, EA.ProcurementEvaluation):
            spec = g.value(node, EA.evaluates)

            def titles(p, node=node, g=g):
                out = []
                for r in sorted(g.objects(node, p), key=str):
                    t = {o.language: str(o) for o in g.objects(r, URIRef("http://purl.org/dc/terms/title"))}
                    obl = str(g.value(r, EA.obligation) or "").rsplit("/", 1)[-1].upper()
                    out.append(
                        {
                            "id": str(g.value(r, EA.id)),
                            "obligation": obl,
                            "title": t.get(lang) or t.get("en") or t.get("nb") or "",
                        }
                    )
                return out

            out.append(
                {
                    "id": str(g.value(node, EA.id)),
                    "graph": gi,
                    "evaluated_at": str(g.value(node, EA.evaluatedAt)),
                    "profile": str(g.value(node, EA.againstProfile)),
                    "verdict": str(g.value(node, EA.verdict)),
                    "score": float(g.value(node, EA.score)),
                    "product": str(g.value(spec, EA.product)),
                    "vendor": str(g.value(spec, EA.vendorName)),
                    "version": str(g.value(spec, EA.version)),
                    "promised": titles(EA.met),
                    "gaps": titles(EA.gap),
                }
            )
    return sorted(out, key=lambda d: (d["evaluated_at"], d["id"]))
