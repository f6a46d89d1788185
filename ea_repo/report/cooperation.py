"""Co-operations in the report: the shared systems on a kommune page (operator and partners), a
co-operation's own inventory as a page of its own, and the overview page across the members
(``report --cooperation ID``). Pure view functions over one CheckResult; nothing here prints."""

from __future__ import annotations

from collections import Counter

from rdflib import URIRef

from .. import catalog, cooperation
from . import model
from .texts import texts

CATEGORY_NS = "https://w3id.org/ea-repo/vocab/category/"


def page_name(coop_id: str) -> str:
    return f"cooperation-{coop_id}.html"


def names(repo) -> dict[str, str]:
    """Co-operation id -> name (check subjects that are co-operations)."""
    return {c.id: c.name for c in cooperation.declared(repo).values()}


def _category(notation: str, lang: str) -> str:
    if not notation:
        return texts(lang)["uncategorised"]
    return catalog.catalog_label(URIRef(CATEGORY_NS + notation), lang)


def _kommune_names(repo) -> dict[str, str]:
    return {**catalog.kommuner(), **repo.declared_kommuner()}


def shared_rows(items: list[cooperation.SharedSystem], code: str, lang: str, knames: dict[str, str]) -> list[dict]:
    """One row per shared system: operator, the partners (the other kommuner that use it), where it lives."""
    t = texts(lang)
    rows = []
    for s in items:
        partners = [f"{k} {knames.get(k, k)}" for k in s.users if k != code]
        rows.append({"id": s.id, "name": s.name, "category": _category(s.category, lang), "operator": s.operator,
                     "cooperation": s.cooperation, "partners": partners,
                     "installation": t["inst_cooperation"] if s.installation == "cooperation" else t["inst_row"],
                     "anchor": s.id if s.installation == "row" or cooperation.is_cooperation(code) else None})
    return sorted(rows, key=lambda r: (r["name"].lower(), r["id"]))


def subject(repo, code: str, lang: str):
    """(inventory graph, import records, shared-system rows) of a check subject: a kommune or a co-operation."""
    knames = _kommune_names(repo)
    if cooperation.is_cooperation(code):
        coop = cooperation.get(repo, code)
        items = cooperation.cooperation_systems(repo, coop)
        return cooperation.inventory(repo, code), cooperation.imports(repo, code), shared_rows(items, code, lang, knames)
    inv = repo.inventory(code)
    return inv, repo.imports(code), shared_rows(cooperation.shared_of_kommune(repo, code, inv), code, lang, knames)


def overview_view(repo, coop: cooperation.Cooperation, result, meta: model.Meta, pages: set[str]) -> dict:
    """The overview across the members: what they share, what each runs alone, overlaps by category
    (EA-GAP-009's data) and each member's score and coverage from the one CheckResult."""
    lang = meta.lang
    t = texts(lang)
    knames = _kommune_names(repo)
    ov = cooperation.overview(repo, coop, result.today)
    summary = result.summary()["by_kommune"]
    checked = set(result.kommuner)
    shared_by = Counter(k for r in ov["shared"] for k in r["users"])
    members = []
    for k in [*coop.members, *([coop.id] if coop.id in checked else [])]:
        held = k in checked
        a = result.assessment(k) if held else None
        members.append({
            "code": k, "name": knames.get(k, coop.name if k == coop.id else k), "held": held,
            "page": model_page(k) if model_page(k) in pages else None, "assessment": a,
            "counts": summary.get(k, {b: 0 for b in ("violation", "warning", "info", "not-known", "waived")}),
            "shared": (sum(1 for r in ov["shared"] if r["installation"] == "cooperation") if k == coop.id
                       else shared_by.get(k, 0)),
            "alone": len(ov["alone"].get(k, [])), "is_coop": k == coop.id,
        })
    shared = [{**r, "category": _category(r["category"], lang),
               "users": [f"{k} {knames.get(k, k)}" for k in sorted(r["users"])],
               "installation": t["inst_cooperation"] if r["installation"] == "cooperation" else t["inst_row"]}
              for r in ov["shared"]]
    cats = sorted({r["category"] for rows in ov["alone"].values() for r in rows}, key=lambda c: _category(c, lang).lower())
    matrix = [{"category": _category(c, lang),
               "counts": [sum(1 for r in ov["alone"].get(k, []) if r["category"] == c) for k in ov["held"]]} for c in cats]
    alone = [{"code": k, "name": knames.get(k, k),
              "systems": [{**r, "category": _category(r["category"], lang)} for r in ov["alone"][k]]} for k in ov["held"]]
    owner_name = {**knames, coop.id: coop.name}
    overlaps = [{"category": _category(o["category"], lang),
                 "installations": [{**i, "owner": f"{i['owner']} {owner_name.get(i['owner'], '')}".strip()
                                    if i["owner"] != coop.id else coop.name} for i in o["installations"]]}
                for o in ov["overlaps"]]
    return {"coop": coop, "members": members, "held": [{"code": k, "name": knames.get(k, k)} for k in ov["held"]],
            "missing": [f"{k} {knames.get(k, k)}" for k in ov["missing"]], "shared": shared, "matrix": matrix,
            "alone": alone, "overlaps": overlaps, "meta": meta,
            "has_inventory": cooperation.has_inventory(repo, coop.id),
            "portfolio": _portfolio(repo, coop.id, {**owner_name, coop.id: coop.name})}


def _portfolio(repo, coop_id: str, names: dict[str, str]) -> dict | None:
    """The members' portfolio together (ea_repo/portfolio.py): shown when some system states a cost."""
    from .. import portfolio

    p = portfolio.for_cooperation(repo, coop_id)
    if not p["costed"] and not p["bought_separately"]:
        return None
    for r in p["bought_separately"]:
        r["members"] = [f"{k} {names.get(k, '')}".strip() for k in r["kommuner"]]
    for r in p["per_member"]:
        r["name"] = f"{r['kommune']} {names.get(r['kommune'], '')}".strip()
    return p


def model_page(code: str) -> str:
    from . import kommune_page_name

    return kommune_page_name(code)
