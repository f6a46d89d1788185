"""The rule registry: compliance rules as SHACL shapes (shapes/*.ttl) plus rules registered from code.

A rule is one Turtle file ``shapes/<CODE>.ttl`` whose node shape ``<https://w3id.org/ea-repo/shapes/CODE>``
carries the rule's metadata (dct:identifier, dct:title, sh:message, ea:remedy, sh:severity, ea:enforces,
optional ea:alias and ea:engine). Level, legal basis, area and source URL come from the catalogue
requirement the rule enforces. Every other shape of the rule is an IRI under ``.../shapes/CODE/``, so a
validation result maps back to its rule by the IRI of its sh:sourceShape (``rule_code_for_shape``), on
any SHACL engine. See shapes/README.md.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from functools import cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD

from . import compiled, paths, ruleshape
from .catalog import catalog_graph
from .namespaces import DCT, EA, ID, REQUIREMENT, SH
from .registry import _shacl_rules, load_rules, register, resolve_code, waivable_codes  # noqa: F401  (re-exported)
from .rulemeta import (  # noqa: F401  (re-exported: rules.Rule, rules.SEVERITIES …)
    AREA_NS,
    CODE_PATTERN,
    LANGS,
    LEVEL_NS,
    SEVERITIES,
    SHAPES_NS,
    Rule,
    RuleError,
    rule_code_for_shape,
    severity_for,
)

SH_SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
SEVERITY_SH = {v: k for k, v in SH_SEVERITY.items()}

#: The node the check adds to the data graph; date rules read the check date from it (never NOW()).
VALIDATION_CONTEXT = ID["validation-context"]


# --------------------------------------------------------------------------------------------------
# Shapes
# --------------------------------------------------------------------------------------------------


def shape_files(folder: Path | None = None) -> list[Path]:
    return sorted((folder or paths.shapes_dir()).glob("*.ttl"))


def _parse(path: Path) -> Graph:
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as e:  # rdflib raises many parser exception types
        raise RuleError(f"{path}: not valid Turtle: {e}".strip()) from e
    return g


def expanded(g: Graph, codes) -> Graph:
    """g (rule files' triples) plus the common scope shapes and each rule's generated result shapes
    (ea_repo/ruleshape.py): what the engines validate with."""
    out = Graph()
    for prefix, ns in g.namespaces():
        out.bind(prefix, ns)
    out += g
    out += ruleshape.common_shapes()
    for code in codes:
        ruleshape.expand(out, code)
    return out


@cache
def shapes_graph() -> Graph:
    """All rule files merged into one graph with their generated result shapes (parsed once per process;
    do not mutate)."""
    g = Graph()
    g.bind("sh", SH)
    g.bind("ea", EA)
    g.bind("rule", SHAPES_NS)
    files = shape_files()
    for f in files:
        g += _parse(f)
    return expanded(g, [f.stem for f in files])


def shapes_ntriples() -> bytes:
    """shapes_graph() as N-Triples (sorted lines), from the compiled reference data (ea_repo/compiled.py): what the fast engine compiles,
    without parsing the rule files again."""
    return compiled.entry("shapes.nt", lambda: compiled.sorted_ntriples(shapes_graph()))


def _build_evidence_paths() -> dict:
    g = shapes_graph()
    return {f.stem: {part: [[ep.name, ep.sparql, ep.about] for ep in eps]
                     for part, eps in ruleshape.evidence_paths(g, f.stem).items()} for f in shape_files()}


@cache
def evidence_paths() -> dict[str, dict]:
    """rule code -> {"scope" | "decision" | "breach": (EvidencePath, ...)} for every SHACL rule (ea_repo/compiled.py)."""
    raw = compiled.json_entry("evidence-paths.json", _build_evidence_paths)
    return {code: {part: tuple(ruleshape.EvidencePath(n, q, a) for n, q, a in eps) for part, eps in parts.items()}
            for code, parts in sorted(raw.items())}


def _texts(g: Graph, node, prop) -> dict[str, str]:
    out: dict[str, str] = {}
    for o in g.objects(node, prop):
        if isinstance(o, Literal) and o.language in LANGS:
            out[o.language] = str(o)
    return out


def _list_members(g: Graph, head) -> list:
    try:
        return list(Collection(g, head))
    except Exception:
        return []


_SHAPE_OBJECT_PROPS = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
_SHAPE_LIST_PROPS = (SH["or"], SH["and"], SH.xone)
_SHAPE_SUBJECT_PROPS = (
    SH.path,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.target,
    SH.property,
    SH.sparql,
)


def _shapes_in(g: Graph) -> set:
    """Every node the graph uses as a shape (declared, targeted, with a path, or referenced as one)."""
    shapes: set = set()
    for cls in (SH.NodeShape, SH.PropertyShape):
        shapes.update(g.subjects(RDF.type, cls))
    for p in _SHAPE_SUBJECT_PROPS:
        shapes.update(g.subjects(p, None))
    for p in _SHAPE_OBJECT_PROPS:
        shapes.update(g.objects(None, p))
    for p in _SHAPE_LIST_PROPS:
        for head in g.objects(None, p):
            shapes.update(_list_members(g, head))
    return shapes


def _requirement_info(req: URIRef) -> dict:
    cg = catalog_graph()
    level = cg.value(req, EA.levelKommune)
    area = cg.value(req, EA.area)
    verified = cg.value(req, EA.verified)
    basis = cg.value(req, EA.legalBasis)
    source = cg.value(req, DCT.source)
    return {
        "known": (req, RDF.type, EA.Requirement) in cg,
        "level": str(level)[len(LEVEL_NS) :]
        if level is not None and str(level).startswith(LEVEL_NS)
        else None,
        "area": str(area)[len(AREA_NS) :] if area is not None and str(area).startswith(AREA_NS) else None,
        # a requirement is verified unless the catalogue says otherwise
        "verified": True
        if verified is None
        else bool(verified.toPython())
        if isinstance(verified, Literal)
        else True,
        "legal_basis": str(basis) if basis is not None else None,
        "source_url": str(source) if source is not None else None,
        "sources": tuple(sorted(str(o) for o in cg.objects(req, DCT.source))),
        "note": {o.language: str(o) for o in cg.objects(req, EA.note) if isinstance(o, Literal) and o.language},
    }


def _rule_from_graph(g: Graph, path: Path) -> Rule:
    code = path.stem
    node = URIRef(SHAPES_NS + code)
    req = g.value(node, EA.enforces)
    info = _requirement_info(req) if isinstance(req, URIRef) else {}
    engine = g.value(node, EA.engine)
    means = g.value(node, EA.checksRecognisedMeans)
    return Rule(
        code=code,
        severity=SH_SEVERITY.get(g.value(node, SH.severity), "violation"),
        title=_texts(g, node, DCT.title),
        message=_texts(g, node, SH.message),
        remedy=_texts(g, node, EA.remedy),
        requirement=str(req) if req is not None else None,
        level=info.get("level"),
        legal_basis=info.get("legal_basis"),
        source_url=info.get("source_url"),
        area=info.get("area"),
        verified=info.get("verified", True),
        aliases=tuple(sorted(str(a) for a in g.objects(node, EA.alias))),
        path=path,
        kind="shacl",
        engine=str(engine) if engine is not None else "any",
        recognised_means=bool(means.toPython()) if isinstance(means, Literal) else False,
        document=_texts(g, node, EA.document),
        sources=info.get("sources", ()),
        note=info.get("note") or None,
        comment=next((str(c) for c in g.objects(node, RDFS.comment) if isinstance(c, Literal) and c.language == "en"), None),
    )


# --------------------------------------------------------------------------------------------------
# Conventions and SHACL validity
# --------------------------------------------------------------------------------------------------


def _convention_problems(g: Graph, path: Path) -> list[str]:
    code = path.stem
    node = URIRef(SHAPES_NS + code)
    problems: list[str] = []
    if not CODE_PATTERN.match(code):
        problems.append(f"file name {code!r} is not a rule code like EA-STD-001")
    ids = {(s, str(o)) for s, o in g.subject_objects(DCT.identifier)}
    declared = [c for s, c in ids if s == node]
    if not declared:
        others = sorted(c for _, c in ids)
        if others:
            problems.append(
                f"code {others[0]!r} does not match the file name {code!r} "
                f'(the node shape must be <{SHAPES_NS}{code}> with dct:identifier "{code}")'
            )
        else:
            problems.append(f'no node shape <{SHAPES_NS}{code}> with dct:identifier "{code}"')
        return problems
    if declared != [code]:
        problems.append(f"dct:identifier {declared} of <{node}> does not equal the file name {code!r}")
    if len(ids) > 1:
        problems.append(f"more than one dct:identifier in the file: {sorted(c for _, c in ids)}")
    if (node, RDF.type, SH.NodeShape) not in g:
        problems.append(f"<{node}> is not declared a sh:NodeShape")
    for prop, name in ((DCT.title, "dct:title"), (SH.message, "sh:message"), (EA.remedy, "ea:remedy")):
        have = _texts(g, node, prop)
        missing = [lang for lang in LANGS if not have.get(lang, "").strip()]
        if missing:
            problems.append(f"{name} missing in {', '.join(missing)} (language-tagged literals @nb and @en)")
    severities = set(g.objects(node, SH.severity))
    if len(severities) != 1 or next(iter(severities)) not in SH_SEVERITY:
        problems.append("the node shape needs exactly one sh:severity (sh:Violation, sh:Warning or sh:Info)")
    severity = next(iter(severities)) if len(severities) == 1 else None
    reqs = list(g.objects(node, EA.enforces))
    if len(reqs) != 1 or not isinstance(reqs[0], URIRef):
        problems.append("the node shape needs exactly one ea:enforces requirement:<id>")
    else:
        info = _requirement_info(reqs[0])
        if not str(reqs[0]).startswith(str(REQUIREMENT)) or not info["known"]:
            problems.append(f"ea:enforces <{reqs[0]}> is not a requirement in the catalogue")
        elif severity in SH_SEVERITY:
            means = g.value(node, EA.checksRecognisedMeans)
            means = bool(means.toPython()) if isinstance(means, Literal) else False
            want = severity_for(info["level"], info["verified"], means)
            if SH_SEVERITY[severity] != want:
                problems.append(
                    f"sh:severity is {SH_SEVERITY[severity]} but the requirement's level "
                    f"({info['level']}, verified={info['verified']}"
                    f"{', recognised means' if means else ''}) calls for {want}"
                )
    problems += ruleshape.problems(g, code)
    engine = g.value(node, EA.engine)
    if engine is not None and str(engine) not in ("any", "pyshacl"):
        problems.append(f'ea:engine {str(engine)!r} must be "pyshacl" or "any"')
    prefix = f"{SHAPES_NS}{code}/"
    for shape in sorted(_shapes_in(g), key=str):
        if isinstance(shape, BNode):
            problems.append("a shape is a blank node; give every shape an IRI under " + prefix)
            continue
        if str(shape).startswith(ruleshape.COMMON):
            continue  # a shared scope shape (ea_repo/ruleshape.py), referenced, never described here
        if shape != node and not str(shape).startswith(prefix):
            problems.append(f"shape <{shape}> is not the rule's node shape nor an IRI under {prefix}")
            continue
        if severity is not None and set(g.objects(shape, SH.severity)) != {severity}:
            problems.append(f"shape <{shape}> must carry the rule's sh:severity")
    for s in set(g.subjects()):
        if isinstance(s, URIRef) and s != node and not str(s).startswith(prefix):
            problems.append(f"the file describes <{s}>, which is outside the rule's namespace {prefix}")
    return problems


def _sparql_problems(g: Graph) -> list[str]:
    from rdflib.plugins.sparql import prepareQuery

    problems = []
    for prop in (SH.select, SH.ask):
        for owner, q in g.subject_objects(prop):
            try:
                prepareQuery(str(q))
            except Exception as e:
                problems.append(f"SPARQL of <{owner}> does not parse: {e}")
    return problems


def _shacl_problems(g: Graph) -> list[str]:
    """SHACL validity: pySHACL's meta-SHACL (the shapes graph against shacl-shacl), then both engines'
    shape loaders."""
    import pyshacl
    import pyshacl_turbo
    from pyshacl.entrypoints import meta_validate

    problems = []
    try:
        conforms, _report, text = meta_validate(g, inference="rdfs", max_validation_depth=64)
    except Exception as e:
        return [f"pySHACL cannot meta-validate the shapes: {_first_lines(str(e))}"]
    if not conforms:
        return ["not valid SHACL (shacl-shacl): " + _first_lines(text, 20)]
    try:
        pyshacl.validate(Graph(), shacl_graph=g, advanced=True)
    except Exception as e:
        return ["pySHACL cannot load the shapes: " + _first_lines(str(e))]
    try:
        pyshacl_turbo.compile_shapes(g, advanced=True)
    except Exception as e:
        problems.append("pyshacl-turbo cannot load the shapes: " + _first_lines(str(e)))
    return problems


def _first_lines(text: str, n: int = 12) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return " | ".join(ln.strip() for ln in lines[:n])


def check_shapes(paths=None) -> None:
    """Check rule files (default: every shapes/*.ttl): valid Turtle, valid SHACL, and the conventions
    (code == file name, bilingual metadata, severity per requirement level, IRI shapes only, a known
    ea:enforces requirement). Raises RuleError naming the file and every problem found in it."""
    files = [Path(p) for p in paths] if paths is not None else shape_files()
    errors: list[str] = []
    codes: dict[str, Path] = {}
    for f in files:
        g = _parse(f)
        problems = _convention_problems(g, f) + _sparql_problems(g)
        if not problems:
            problems = _shacl_problems(expanded(g, [f.stem]))
        if problems:
            errors.append(f"{f}: " + "; ".join(problems))
        for a in g.objects(URIRef(SHAPES_NS + f.stem), EA.alias):
            if str(a) in codes:
                errors.append(f"{f}: alias {a} is also used by {codes[str(a)]}")
            codes[str(a)] = f
    if errors:
        raise RuleError("\n".join(errors))


# --------------------------------------------------------------------------------------------------
# Registry records (built once into the compiled reference data; read by ea_repo/registry.py)
# --------------------------------------------------------------------------------------------------

def _rule_records() -> list[dict]:
    g = shapes_graph()
    out = []
    for f in shape_files():
        node = URIRef(SHAPES_NS + f.stem)
        if (node, DCT.identifier, None) not in g:
            raise RuleError(f'{f}: no node shape <{node}> with dct:identifier "{f.stem}"')
        record = dataclasses.asdict(_rule_from_graph(g, f))
        record["path"] = f.name
        out.append(record)
    return out


# --------------------------------------------------------------------------------------------------
# Helpers for callers that validate
# --------------------------------------------------------------------------------------------------


def validation_context(today: date) -> Graph:
    """The triples the check adds to the data graph so date rules compare with the check date."""
    g = Graph()
    g.add((VALIDATION_CONTEXT, RDF.type, EA.ValidationContext))
    g.add((VALIDATION_CONTEXT, EA.today, Literal(today.isoformat(), datatype=XSD.date)))
    return g


def report_results(report: Graph) -> list[tuple[str, str, str]]:
    """(focus node, rule code, kind) of every result in a SHACL report graph whose source shape belongs
    to a rule; kind is "not-met", "applies" or "not-known" (ea_repo.ruleshape)."""
    out = []
    for res in report.subjects(RDF.type, SH.ValidationResult):
        got = ruleshape.answer_of(report.value(res, SH.sourceShape))
        if got is None:
            continue
        code, kind = got
        out.append((str(report.value(res, SH.focusNode)), code, kind))
    return sorted(set(out))


def answers_from_results(results) -> dict[tuple[str, str], str]:
    """(focus, rule) -> "met" | "not-met" | "not-known" from report_results() rows: a subject the rule
    applies to is not met or not known where a shape says so, and met otherwise."""
    kinds: dict[tuple[str, str], set] = {}
    for focus, code, kind in results:
        if kind in ("applies", "not-met", "not-known"):
            kinds.setdefault((focus, code), set()).add(kind)
    out = {}
    for key, ks in kinds.items():
        if "not-met" in ks:
            out[key] = "not-met"
        elif "not-known" in ks:
            out[key] = "not-known"
        elif "applies" in ks:
            out[key] = "met"
    return dict(sorted(out.items()))
