"""The view model: repository data + check results -> plain dicts the templates render. Pure functions."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from .. import catalog, score
from ..findings import SEVERITY_RANK, Finding
from ..namespaces import COMPONENT, EA, PARTNER
from ..results import BUCKETS, bucket
from . import landscape, svg
from .texts import texts

WEIGHT = {"violation": 3, "warning": 2, "info": 1}
AREA_NS = "https://w3id.org/ea-repo/vocab/area/"
NO_AREA = "-"


@dataclass
class Meta:
    """What makes a report traceable; injected, never read from the clock here."""

    checked_at: str
    today: str
    catalog_version: str
    tool_version: str
    engine: str
    lang: str = "nb"
    index: bool = False  # an index page exists beside the kommune pages
    max_age_days: int = 730  # an inventory older than this at the check date is flagged as old
    extra: dict = field(default_factory=dict)


# --- small helpers ----------------------------------------------------------------------------------


def _text(g: Graph, s, p) -> str:
    v = g.value(s, p)
    return "" if v is None else str(v)


def _label(node, inv: Graph, lang: str) -> str:
    if node is None:
        return ""
    if isinstance(node, Literal):
        return str(node)
    own = inv.value(node, EA.name)
    return str(own) if own is not None else catalog.catalog_label(node, lang)


def worst(findings) -> str | None:
    live = [f.severity for f in findings if not f.waived and f.answer == "not-met"]
    return max(live, key=lambda s: SEVERITY_RANK.get(s, 0)) if live else None


def counts(findings) -> dict[str, int]:
    c = Counter(bucket(f) for f in findings)
    return {b: c.get(b, 0) for b in BUCKETS}


def is_fictional(inv: Graph) -> bool:
    return any(inv.value(s, EA.fictional) == Literal(True) for s in inv.subjects(RDF.type, EA.Inventory))


# --- score and areas ----------------------------------------------------------------------------------


def area_rows(answers, rules: dict, findings, lang: str) -> list[dict]:
    """One row per catalogue area with an applicable duty: its assessment (score, coverage, answers) and
    finding counts. An area where nothing applies is not listed; one where nothing is known shows no score."""
    t = texts(lang)
    rows = []
    for area, a in score.by_area(answers, rules).items():
        fs = [f for f in findings if (f.area or NO_AREA) == area]
        rows.append({
            "area": area,
            "label": t["uncategorised"] if area == NO_AREA else catalog.catalog_label(URIRef(AREA_NS + area), lang),
            "assessment": a, "assessed": a.met + a.not_met + a.waived > 0, "counts": counts(fs),
        })
    return sorted(rows, key=lambda r: r["label"].lower())


def age(info, today) -> dict | None:
    """The inventory's own date and how old it is at the check date (None when it states no date)."""
    if info is None or info.date is None or today is None:
        return None
    days = (today - info.date).days
    return {"date": info.date.isoformat(), "days": days, "years": round(days / 365.25, 1)}


# --- inventory ----------------------------------------------------------------------------------------


def systems(inv: Graph, findings, lang: str) -> list[dict]:
    by_focus = defaultdict(list)
    for f in findings:
        by_focus[f.focus].append(f)
    rows = []
    for s in inv.subjects(RDF.type, EA.System):
        fs = by_focus.get(str(s), [])
        rows.append({
            "iri": str(s), "id": _text(inv, s, EA.id), "name": _text(inv, s, EA.name) or _text(inv, s, EA.id),
            "category": ", ".join(sorted(_label(c, inv, lang) for c in inv.objects(s, EA.category))), "lifecycle": _label(inv.value(s, EA.lifecycle), inv, lang),
            "vendor": _label(inv.value(s, EA.vendor), inv, lang), "contract_end": _text(inv, s, EA.contractEnd),
            "hosting": _label(inv.value(s, EA.hosting), inv, lang),
            "findings": sum(1 for f in fs if not f.waived and f.answer == "not-met"),
            "not_known": sum(1 for f in fs if f.answer == "not-known"),
            "worst": worst(fs) or "",
        })
    return sorted(rows, key=lambda r: (r["name"].lower(), r["id"]))


def flows(inv: Graph) -> list[tuple[str, str]]:
    """(provider, consumer) per integration; an integration via a platform counts as two flows through it."""
    out = []
    for i in inv.subjects(RDF.type, EA.Integration):
        p, c, via = inv.value(i, EA.provider), inv.value(i, EA.consumer), inv.value(i, EA.via)
        if p is None or c is None:
            continue
        out += [(str(p), str(via)), (str(via), str(c))] if via is not None else [(str(p), str(c))]
    return out


def _flow_ends(inv: Graph, namespace) -> Counter:
    """IRIs in ``namespace`` that integrations name as provider, consumer or via, with the number of flows."""
    used: Counter = Counter()
    for i in inv.subjects(RDF.type, EA.Integration):
        for p in (EA.provider, EA.consumer, EA.via):
            for o in inv.objects(i, p):
                if str(o).startswith(str(namespace)):
                    used[str(o)] += 1
    return used


def used_components(inv: Graph) -> Counter:
    return _flow_ends(inv, COMPONENT)


def used_partners(inv: Graph) -> Counter:
    """External partners' systems (catalog/partners.ttl) the integrations name, with the number of flows."""
    return _flow_ends(inv, PARTNER)


def components(inv: Graph, findings, lang: str) -> tuple[list[dict], list[dict]]:
    cat = catalog.core_graph()
    used = used_components(inv)
    used_rows = [{"iri": c, "name": catalog.catalog_label(URIRef(c), lang), "flows": n} for c, n in used.items()]
    lacking: dict[str, dict] = {}
    for f in findings:
        if f.waived or not f.requirement or f.answer != "not-met":
            continue
        for comp in cat.objects(URIRef(f.requirement), EA.requiresComponent):
            if str(comp) in used:
                continue
            row = lacking.setdefault(str(comp), {"iri": str(comp), "name": catalog.catalog_label(comp, lang), "rules": set(),
                                                 "findings": 0})
            row["rules"].add(f.rule)
            row["findings"] += 1
    lack_rows = [{**r, "rules": sorted(r["rules"])} for r in lacking.values()]
    return sorted(used_rows, key=lambda r: (-r["flows"], r["name"])), sorted(lack_rows, key=lambda r: r["name"])


# --- findings -----------------------------------------------------------------------------------------


def _node_names(f: Finding, names: dict[str, str], limit: int = 8) -> str:
    """The other nodes a finding names (gap findings: extra["nodes"]), by name, at most `limit` of them."""
    others = [names.get(str(n), str(n).rsplit("/", 1)[-1]) for n in f.extra.get("nodes", []) if str(n) != f.focus]
    return ", ".join(others[:limit]) + (f" … (+{len(others) - limit})" if len(others) > limit else "")


def _evidence(f: Finding, id_names: dict[str, str]) -> str:
    """The stated values a finding rests on, ids shown by the name of what they identify."""
    return "; ".join(f"{name} = {', '.join(id_names.get(v, v) for v in values)}" for name, values in f.evidence)


def _finding_row(f: Finding, lang: str, system_ids: dict[str, str], names: dict[str, str],
                 id_names: dict[str, str]) -> dict:
    t = texts(lang)
    detail = _evidence(f, id_names) or " = ".join(x for x in (f.path, f.value) if x)
    if f.answer == "not-known":
        detail = ", ".join(f.missing) or f.text("message", lang)
    waiver = None
    if f.waiver is not None:
        w = f.waiver
        waiver = t["waiver_text"].format(date=w.expires.isoformat(), why=w.justification, by=w.approved_by)
    return {"focus": f.focus, "label": f.focus_label or f.focus, "anchor": system_ids.get(f.focus), "detail": detail,
            "severity": f.severity, "bucket": bucket(f), "waiver": waiver, "nodes": _node_names(f, names),
            "message": f.text("message", lang), "legal_basis": f.legal_basis, "source_url": f.source_url}


def finding_groups(findings, rules: dict, lang: str, system_ids: dict[str, str], names: dict[str, str],
                   id_names: dict[str, str] | None = None) -> list[dict]:
    """One group per rule (most severe first): the rule's texts once, then one row per finding. A gap rule's
    findings each have their own message and legal basis (one rule, several requirements): those are shown
    per row, and the group's basis only when every row shares it."""
    id_names = id_names or {}
    groups = []
    ordered = sorted(findings, key=lambda f: (f.rule, -SEVERITY_RANK.get(f.severity, 0), f.focus_label))
    for code, fs in groupby(ordered, key=lambda f: f.rule):
        fs = list(fs)
        first, rule = fs[0], rules.get(code)  # the most severe finding of the rule comes first
        unknown = first.answer == "not-known"
        per_row = first.origin == "gap"
        bases = {(f.legal_basis, f.source_url) for f in fs}
        basis_per_row = per_row and len(bases) > 1
        groups.append({
            "rule": code, "title": first.text("title", lang), "severity": "not-known" if unknown else first.severity,
            "message": (rule.text("message", lang) if rule else first.text("message", lang)),
            "document": rule.text("document", lang) if rule and rule.document else None,
            "remedy": first.text("remedy", lang), "per_row": per_row, "basis_per_row": basis_per_row,
            "legal_basis": None if basis_per_row else first.legal_basis or (rule.legal_basis if rule else None),
            "source_url": None if basis_per_row else first.source_url or (rule.source_url if rule else None),
            "level": None if basis_per_row else first.level,
            "counts": counts(fs), "rows": [_finding_row(f, lang, system_ids, names, id_names) for f in fs],
        })
    return sorted(groups, key=lambda g: (-SEVERITY_RANK.get(g["severity"], 0), -len(g["rows"]), g["rule"]))


def node_marks(findings) -> tuple[dict[str, str], set[str]]:
    """Worst unwaived not-met severity per landscape node, from the findings about the node itself (as the
    inventory table's "most severe finding" column counts them), and the nodes any gap finding names (its
    subject or the other nodes it lists). Findings on an interface or integration are not painted on its
    systems: the rule groups list them."""
    marks: dict[str, str] = {}
    gaps: set[str] = set()
    for f in findings:
        if f.waived or f.answer != "not-met":
            continue
        if SEVERITY_RANK.get(f.severity, 0) > SEVERITY_RANK.get(marks.get(f.focus, ""), 0):
            marks[f.focus] = f.severity
        if f.origin == "gap":
            gaps.add(f.focus)
            gaps.update(str(n) for n in f.extra.get("nodes", []))
    return marks, gaps


def landscape_svg(inv: Graph, findings, lang: str) -> tuple[str, list[dict]]:
    t = texts(lang)
    # a system of several categories is drawn in the box of the first (by notation); the table lists them all
    nodes = [landscape.Node(str(s), _text(inv, s, EA.name) or _text(inv, s, EA.id),
                            _label(min(inv.objects(s, EA.category), default=None), inv, lang) or t["uncategorised"])
             for s in inv.subjects(RDF.type, EA.System)]
    nodes += [landscape.Node(c, catalog.catalog_label(URIRef(c), lang), t["national"], True) for c in used_components(inv)]
    nodes += [landscape.Node(p, catalog.catalog_label(URIRef(p), lang), t["partners"]) for p in sorted(used_partners(inv))]
    fl = flows(inv)
    marks, gaps = node_marks(findings)
    sev_names = {**{s: t[f"sev_{s}"] for s in ("violation", "warning", "info")}, "gap": t["gap_named"]}
    picture = landscape.render(nodes, fl, national_label=t["components"], title=t["landscape"], marks=marks, gaps=gaps,
                               sev_names=sev_names)
    table = [{"from": a, "to": b, "n": n} for (a, b), n in sorted(landscape.group_flows(nodes, fl).items(),
                                                                    key=lambda kv: (-kv[1], kv[0]))]
    return picture, table


# --- pages --------------------------------------------------------------------------------------------


CHANGES_SHOWN = 25  # rows of the "changed since the previous import" list; the rest is counted (`ea-repo diff` lists all)


def changes_view(d) -> dict | None:
    """The compact list of what changed since the previous import (an ea_repo.diff.Diff), for the trend section."""
    if d is None:
        return None
    rows = [{"sheet": r.sheet, "id": r.id, "name": r.name, "change": r.change,
             "columns": [f.column for f in r.fields] if r.change == "changed" else []} for r in d.rows]
    return {"summary": d.summary(), "rows": rows[:CHANGES_SHOWN], "more": max(0, len(rows) - CHANGES_SHOWN),
            "meta": [f.column for f in d.meta], "empty": d.empty}


def kommune_view(*, code: str, name: str, inv: Graph, result, summary_counts: dict[str, int], meta: Meta,
                 imports: list, changes=None, shared: list | None = None, findings: list | None = None,
                 answers: list | None = None, principles: list | None = None) -> dict:
    """Everything one kommune page shows, from the one CheckResult. `summary_counts` are the result
    summary's numbers for the kommune (the JSON writer's), so the page and the JSON can never disagree."""
    lang = meta.lang
    t = texts(lang)
    rules = result.rules
    # the kommune's findings and answers (render_reports hands them over grouped, in one pass over the result)
    findings = [f for f in result.findings if f.kommune == code] if findings is None else findings
    answers = [a for a in result.answers if a.kommune == code] if answers is None else answers
    sys_rows = systems(inv, findings, lang)
    system_ids = {r["iri"]: r["id"] for r in sys_rows}
    names = {**{c: catalog.catalog_label(URIRef(c), lang) for c in used_components(inv)},
             **{str(s): _label(s, inv, lang) for s in inv.subjects(EA.id, None)}}
    # ids as inventories write them (systems, interfaces, integrations, components, partners) -> names
    id_names = {str(i): _label(s, inv, lang) for s, i in inv.subject_objects(EA.id)}
    id_names.update({c.rsplit("/", 1)[-1]: n for c, n in names.items() if c.startswith(str(COMPONENT))})
    id_names.update({"partner:" + p.rsplit("/", 1)[-1]: catalog.catalog_label(URIRef(p), lang) for p in used_partners(inv)})
    used, lacking = components(inv, findings, lang)
    areas = area_rows(answers, rules, findings, lang)
    picture, flow_table = landscape_svg(inv, findings, lang)
    assessment = score.assess(answers, rules)
    trend = None
    prev = result.previous.get(code)
    if prev is not None:
        prev_counts = counts(prev.findings)
        prev_a = score.assess(prev.answers, rules)
        trend = {"assessment": prev_a, "counts": prev_counts,
                 "delta": {b: summary_counts[b] - prev_counts[b] for b in BUCKETS}}
    last = imports[-1] if imports else None
    info = result.inventories.get(code)
    inv_age = age(info, result.today)
    not_met = [f for f in findings if f.answer != "not-known"]
    scored = [(a["label"], a["assessment"].score, svg.score_colour(a["assessment"].score))
              for a in areas if a["assessed"]]
    return {
        "code": code, "name": name, "fictional": is_fictional(inv), "assessment": assessment,
        "score": assessment.score, "score_colour": svg.score_colour(assessment.score), "counts": summary_counts,
        "trend": trend, "changes": changes_view(changes), "areas": areas,
        "areas_chart": svg.hbars(scored, title=t["chart_areas"]) if scored else "",
        "severity_chart": svg.severity_bar(summary_counts, title=t["chart_sev"],
                                           labels={b: t[b] for b in BUCKETS}),
        "used": used, "lacking": lacking,
        "groups": finding_groups([f for f in not_met if f.origin != "gap"], rules, lang, system_ids, names, id_names),
        "gap_groups": finding_groups([f for f in not_met if f.origin == "gap"], rules, lang, system_ids, names, id_names),
        "unknown_groups": finding_groups([f for f in findings if f.answer == "not-known"], rules, lang, system_ids,
                                         names, id_names),
        "systems": sys_rows, "landscape": picture, "flow_table": flow_table,
        "counts_inv": {k: sum(1 for _ in inv.subjects(RDF.type, c)) for k, c in
                       (("systems", EA.System), ("interfaces", EA.Interface), ("integrations", EA.Integration))},
        "import": last, "meta": meta, "info": info, "age": inv_age,
        "old": inv_age is not None and inv_age["days"] > meta.max_age_days,
        "shared": shared or [],  # shared systems with operator and partners (report/cooperation.py)
        "principles": principle_rows(principles or [], lang),
        "portfolio": portfolio_view(inv, code, lang),
    }


def portfolio_view(inv: Graph, code: str, lang: str) -> dict | None:
    """The portfolio section (ea_repo/portfolio.py): shown when the inventory states a cost, TIME decision or licence
    kind for some system."""
    from .. import portfolio

    rows = portfolio.systems(inv, code)
    if not any(r.cost is not None or r.time_decision or r.licence_kind for r in rows):
        return None
    t = texts(lang)
    view = portfolio.view(rows, unknown_label=t["pf_not_stated"])
    labels = {r["key"]: catalog.catalog_label(URIRef(f"https://w3id.org/ea-repo/vocab/{scheme}/{r['key']}"), lang)
              for scheme, part in (("category", "by_area"), ("timedecision", "time"), ("licence", "licence"))
              for r in view[part] if r["key"] != t["pf_not_stated"]}
    for part in ("by_area", "time", "licence"):
        for r in view[part]:
            r["label"] = labels.get(r["key"], r["key"])
    for r in view["by_vendor"]:
        r["label"] = r["key"]
    return view


def principle_rows(answers, lang: str) -> list[dict]:
    """The architecture principles' answers (ea_repo/principles.py), grouped by set, for the page's section."""
    sets: dict[str, dict] = {}
    for a in answers:
        p = a.principle
        group = sets.setdefault(p.set_id, {"id": p.set_id, "title": p.set_title.get(lang) or p.set_title.get("nb") or p.set_id,
                                           "rows": []})
        w = a.waiver
        group["rows"].append({
            "id": p.id, "title": p.title.get(lang) or p.title.get("nb"), "answer": a.answer, "counts": a.counts,
            "failing": a.failing, "source": p.source, "verified": p.verified, "checks": p.checks,
            "explained": None if w is None else {"why": w.justification, "by": w.approved_by, "date": w.expires.isoformat()},
            "expired": None if a.expired_waiver is None else a.expired_waiver.expires.isoformat()})
    return list(sets.values())


def index_view(pages: list[dict], meta: Meta) -> dict:
    """The national overview: one row per kommune, adoption of each national component, a chart."""
    lang = meta.lang
    t = texts(lang)
    cat = catalog.core_graph()
    required = {str(c) for c in cat.objects(None, EA.requiresComponent)}
    used_any = {u["iri"] for p in pages for u in p["used"]}
    comps = sorted(used_any | required, key=lambda c: (-sum(any(u["iri"] == c for u in p["used"]) for p in pages),
                                                         catalog.catalog_label(URIRef(c), lang).lower()))
    rows = []
    for p in pages:
        flows_by = {u["iri"]: u["flows"] for u in p["used"]}
        a = p["assessment"]
        rows.append({"code": p["code"], "name": p["name"], "fictional": p["fictional"], "score": a.score,
                     "coverage": a.coverage, "assessment": a,
                     "score_colour": p["score_colour"], "counts": p["counts"], "systems": p["counts_inv"]["systems"],
                     "adoption": [flows_by.get(c, 0) for c in comps], "age": p["age"], "old": p["old"]})
    rows.sort(key=lambda r: r["code"])  # by kommunenummer: neither score nor coverage is silently the order
    scored = [r for r in rows if r["score"] is not None]
    if len(rows) <= 40:
        chart = svg.hbars([(f'{r["code"]} {r["name"]}', r["score"], r["score_colour"]) for r in scored], title=t["chart_dist"])
    else:
        bins = Counter(min(int(r["score"] // 10), 9) for r in scored)
        chart = svg.hbars([(f"{b * 10}–{b * 10 + 10}", bins.get(b, 0), svg.BAR) for b in range(9, -1, -1)],
                          title=t["chart_dist"], unit="", max_value=max(bins.values()))
    totals = {b: sum(r["counts"][b] for r in rows) for b in BUCKETS}
    names = [{"iri": c, "name": catalog.catalog_label(URIRef(c), lang)} for c in comps]
    return {"rows": rows, "components": names, "adoption": adoption_rows(rows, names),
            "chart": chart, "totals": totals, "meta": meta}


ADOPTION_NAMES_SHOWN = 40  # up to this many kommuner, the adoption table names those without the component


def adoption_rows(rows: list[dict], components: list[dict]) -> list[dict]:
    """One row per national component: how many of the kommuner record a flow with it, and (for a short
    list of kommuner) which do not. `rows` carry `adoption`, flows per component in the order of `components`."""
    total = len(rows)
    out = []
    for i, c in enumerate(components):
        users = [r for r in rows if r["adoption"][i]]
        without = [f'{r["code"]} {r["name"]}' for r in rows if not r["adoption"][i]]
        out.append({**c, "users": len(users), "total": total, "share": 100 * len(users) / total if total else 0,
                    "flows": sum(r["adoption"][i] for r in rows),
                    "without": without if total <= ADOPTION_NAMES_SHOWN else None})
    return out
