"""The application portfolio: cost per area and per vendor, vendor concentration, TIME decisions and licence kinds,
and for a co-operation the same product bought separately by several members ("én gjør jobben for mange").

Everything is read from the inventory columns ``annualLicenceCost``, ``annualOperationCost``, ``licenceKind`` and
``timeDecision`` beside vendor, product, category and lifecycle. A blank cost is *not stated*, never zero: every
total says how many systems it covers (``costed`` of ``systems``), and shares of cost are over the stated costs.
Retired systems are left out (they cost nothing any more); planned ones are counted and marked. Pure functions over
rdflib graphs; the command line (``ea-repo portfolio``) and the report call them. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from .namespaces import EA

_STAMP = dt.datetime(2000, 1, 1)  # what an exported workbook says it was made and changed
_TAIL = lambda iri: str(iri).rsplit("/", 1)[-1]  # noqa: E731 — a concept's notation is its IRI's last segment


@dataclass(frozen=True)
class PortfolioSystem:
    kommune: str
    id: str
    name: str
    vendor: str | None
    product: str | None
    categories: tuple[str, ...]
    lifecycle: str | None
    licence_cost: Decimal | None
    operation_cost: Decimal | None
    licence_kind: str | None
    time_decision: str | None
    shared: bool  # run for several kommuner (sharedWith, or the co-operation's own inventory)

    @property
    def cost(self) -> Decimal | None:
        """Licence + operation, when at least one is stated (a blank part adds nothing, and the row says so)."""
        parts = [c for c in (self.licence_cost, self.operation_cost) if c is not None]
        return sum(parts, Decimal(0)) if parts else None

    def as_dict(self) -> dict:
        return {"kommune": self.kommune, "id": self.id, "name": self.name, "vendor": self.vendor, "product": self.product,
                "categories": list(self.categories), "lifecycle": self.lifecycle,
                "annualLicenceCost": _num(self.licence_cost), "annualOperationCost": _num(self.operation_cost),
                "cost": _num(self.cost), "licenceKind": self.licence_kind, "timeDecision": self.time_decision,
                "shared": self.shared}


def _num(d: Decimal | None):
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


def systems(inv: Graph, kommune: str, shared_all: bool = False) -> list[PortfolioSystem]:
    """The systems of one inventory that are not retired, sorted by id."""
    out = []
    for s in sorted(set(inv.subjects(RDF.type, EA.System))):
        lifecycle = inv.value(s, EA.lifecycle)
        lc = _TAIL(lifecycle) if lifecycle is not None else None
        if lc == "retired":
            continue
        vendor = inv.value(s, EA.vendor)
        vname = inv.value(vendor, EA.name) if vendor is not None else None
        out.append(PortfolioSystem(
            kommune=kommune, id=str(inv.value(s, EA.id) or _TAIL(s)), name=str(inv.value(s, EA.name) or _TAIL(s)),
            vendor=str(vname) if vname is not None else (str(vendor) if vendor is not None else None),
            product=_text(inv, s, EA.product), categories=tuple(sorted(_TAIL(c) for c in inv.objects(s, EA.category))),
            lifecycle=lc, licence_cost=_dec(inv, s, EA.annualLicenceCost), operation_cost=_dec(inv, s, EA.annualOperationCost),
            licence_kind=_concept(inv, s, EA.licenceKind), time_decision=_concept(inv, s, EA.timeDecision),
            shared=shared_all or any(True for _ in inv.objects(s, EA.sharedWith))))
    return out


def _text(g: Graph, s, p) -> str | None:
    v = g.value(s, p)
    return str(v) if v is not None else None


def _dec(g: Graph, s, p) -> Decimal | None:
    v = g.value(s, p)
    if v is None:
        return None
    try:
        return Decimal(str(v))
    except ArithmeticError:
        return None


def _concept(g: Graph, s, p) -> str | None:
    v = g.value(s, p)
    return _TAIL(v) if isinstance(v, URIRef) else None


# --- views -----------------------------------------------------------------------------------------------------


@dataclass
class Group:
    key: str
    systems: int = 0
    costed: int = 0
    cost: Decimal = Decimal(0)
    members: set = field(default_factory=set)

    def add(self, s: PortfolioSystem) -> None:
        self.systems += 1
        self.members.add(s.kommune)
        if s.cost is not None:
            self.costed += 1
            self.cost += s.cost


def _share(part, whole) -> float | None:
    return round(100 * float(part) / float(whole), 1) if whole else None


def _groups(rows: list[PortfolioSystem], keys) -> dict[str, Group]:
    out: dict[str, Group] = {}
    for s in rows:
        for k in keys(s):
            out.setdefault(k, Group(k)).add(s)
    return out


def _group_rows(groups: dict[str, Group], total_systems: int, total_cost: Decimal) -> list[dict]:
    rows = [{"key": g.key, "systems": g.systems, "costed": g.costed, "cost": _num(g.cost),
             "share_systems": _share(g.systems, total_systems), "share_cost": _share(g.cost, total_cost),
             "kommuner": sorted(g.members)} for g in groups.values()]
    return sorted(rows, key=lambda r: (-(r["cost"] or 0), -r["systems"], r["key"]))


def normalise(name: str) -> str:
    """A product name compared across kommuner: lower case, accents and separators removed."""
    s = unicodedata.normalize("NFKD", name.lower().replace("ø", "o").replace("æ", "ae").replace("å", "a"))
    return re.sub(r"[^a-z0-9]+", "", "".join(c for c in s if not unicodedata.combining(c)))


def product_key(s: PortfolioSystem) -> str | None:
    """What identifies the product bought: vendor + product (else vendor + name); None without a vendor."""
    if not s.vendor:
        return None
    return f"{normalise(s.vendor)}/{normalise(s.product or s.name)}"


def view(rows: list[PortfolioSystem], unknown_label: str = "(not stated)") -> dict:
    """Cost per area and per vendor, vendor concentration, TIME decisions and licence kinds of the rows."""
    total_cost = sum((s.cost for s in rows if s.cost is not None), Decimal(0))
    costed = sum(1 for s in rows if s.cost is not None)
    n = len(rows)
    by_vendor = _group_rows(_groups(rows, lambda s: [s.vendor or unknown_label]), n, total_cost)
    by_area = _group_rows(_groups(rows, lambda s: list(s.categories) or [unknown_label]), n, total_cost)
    named = [r for r in by_vendor if r["key"] != unknown_label]
    top = max(named, key=lambda r: (r["systems"], r["cost"] or 0, r["key"]), default=None)
    hhi = round(sum((r["share_systems"] or 0) ** 2 for r in named)) if named else None
    return {
        "systems": n, "costed": costed, "cost": _num(total_cost),
        "licence_cost": _num(sum((s.licence_cost for s in rows if s.licence_cost is not None), Decimal(0))),
        "operation_cost": _num(sum((s.operation_cost for s in rows if s.operation_cost is not None), Decimal(0))),
        "by_area": by_area, "by_vendor": by_vendor,
        "concentration": {"vendors": len(named), "top_vendor": top["key"] if top else None,
                          "top_share_systems": top["share_systems"] if top else None,
                          "top_share_cost": top["share_cost"] if top else None,
                          "hhi_systems": hhi,
                          "without_vendor": next((r["systems"] for r in by_vendor if r["key"] == unknown_label), 0)},
        "time": _counts(rows, lambda s: s.time_decision, unknown_label),
        "licence": _counts(rows, lambda s: s.licence_kind, unknown_label),
        "rows": [s.as_dict() for s in rows],
    }


def _counts(rows, key, unknown_label) -> list[dict]:
    groups = _groups(rows, lambda s: [key(s) or unknown_label])
    return sorted(({"key": g.key, "systems": g.systems, "costed": g.costed, "cost": _num(g.cost)} for g in groups.values()),
                  key=lambda r: (r["key"] == unknown_label, r["key"]))


def bought_separately(rows: list[PortfolioSystem]) -> list[dict]:
    """Products that several members each buy and run on their own (not a shared installation): the candidates
    for one member or the co-operation doing the job for many."""
    groups: dict[str, list[PortfolioSystem]] = {}
    for s in rows:
        key = product_key(s)
        if key is not None and not s.shared:
            groups.setdefault(key, []).append(s)
    out = []
    for key, items in groups.items():
        kommuner = sorted({s.kommune for s in items})
        if len(kommuner) < 2:
            continue
        costs = [s.cost for s in items if s.cost is not None]
        out.append({"product": items[0].product or items[0].name, "vendor": items[0].vendor, "key": key,
                    "kommuner": kommuner, "installations": len(items), "costed": len(costs),
                    "cost": _num(sum(costs, Decimal(0))),
                    "systems": [{"kommune": s.kommune, "id": s.id, "name": s.name, "cost": _num(s.cost)} for s in items]})
    return sorted(out, key=lambda r: (-len(r["kommuner"]), -(r["cost"] or 0), r["key"]))


# --- reading the repository ------------------------------------------------------------------------------------


def for_kommune(repo, code: str) -> dict:
    rows = systems(repo.inventory(code), code)
    return {"subject": code, "kind": "kommune", **view(rows)}


def for_cooperation(repo, coop_id: str) -> dict:
    """The members' portfolios together (those the repository holds) and the co-operation's own inventory, with the
    products bought separately by several members."""
    from . import cooperation

    coop = cooperation.get(repo, coop_id)
    held = [k for k in coop.members if repo.has_inventory(k)]
    rows: list[PortfolioSystem] = []
    for k in held:
        rows += systems(repo.inventory(k), k)
    if cooperation.has_inventory(repo, coop.id):
        rows += systems(cooperation.inventory(repo, coop.id), coop.id, shared_all=True)
    return {"subject": coop.id, "kind": "cooperation", "members": list(coop.members), "held": held, **view(rows),
            "bought_separately": bought_separately(rows),
            "per_member": [{"kommune": k, **{x: view([r for r in rows if r.kommune == k])[x]
                                               for x in ("systems", "costed", "cost")}} for k in [*held, coop.id]]}


# --- writing ---------------------------------------------------------------------------------------------------

_HEAD = {"en": {"key": "", "systems": "systems", "costed": "with cost", "cost": "cost NOK/yr", "share_systems": "% systems",
                "share_cost": "% cost", "area": "Cost per area", "vendor": "Cost per vendor (concentration)",
                "time": "TIME decisions", "licence": "Licence kinds", "separate": "Bought separately by several members",
                "total": "total", "top": "largest vendor", "none": "none", "kommuner": "kommuner",
                "note": "A system without a stated cost is counted in 'systems', not in the cost; a system in several "
                        "areas counts in each area."},
         "nb": {"key": "", "systems": "systemer", "costed": "med kostnad", "cost": "kostnad kr/år", "share_systems": "% systemer",
                "share_cost": "% kostnad", "area": "Kostnad per område", "vendor": "Kostnad per leverandør (konsentrasjon)",
                "time": "TIME-beslutninger", "licence": "Lisenstyper", "separate": "Kjøpt hver for seg av flere medlemmer",
                "total": "totalt", "top": "største leverandør", "none": "ingen", "kommuner": "kommuner",
                "note": "Et system uten oppgitt kostnad telles i «systemer», ikke i kostnaden; et system i flere "
                        "områder telles i hvert område."}}


def headings(lang: str) -> dict[str, str]:
    return _HEAD.get(lang, _HEAD["en"])


def _fmt(v) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.1f}".replace(",", " ")
    return f"{v:,}".replace(",", " ")


def table(p: dict, lang: str = "nb") -> str:
    h = headings(lang)
    lines = [f"{p['subject']}: {h['total']} {_fmt(p['cost'])} ({p['costed']}/{p['systems']} {h['costed']})",
             f"{h['top']}: {p['concentration']['top_vendor'] or h['none']} "
             f"({_fmt(p['concentration']['top_share_systems'])} {h['share_systems']}, "
             f"{_fmt(p['concentration']['top_share_cost'])} {h['share_cost']}), HHI {_fmt(p['concentration']['hhi_systems'])}",
             h["note"], ""]
    cols = ("key", "systems", "costed", "cost", "share_systems", "share_cost")
    for title, rows in ((h["area"], p["by_area"]), (h["vendor"], p["by_vendor"]), (h["time"], p["time"]),
                        (h["licence"], p["licence"])):
        lines += [title, *_aligned([[h[c] for c in cols]] + [[str(r.get(c) if c == "key" else _fmt(r.get(c))) for c in cols]
                                                             for r in rows]), ""]
    if "bought_separately" in p:
        lines.append(h["separate"])
        if not p["bought_separately"]:
            lines.append(h["none"])
        for r in p["bought_separately"]:
            lines.append(f"  {r['vendor']} {r['product']}: {', '.join(r['kommuner'])} "
                         f"({r['installations']}, {_fmt(r['cost'])} {h['cost']}, {r['costed']}/{r['installations']} {h['costed']})")
    return "\n".join(lines).rstrip() + "\n"


def _aligned(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(r, widths, strict=True)))
            for r in rows]


SYSTEM_COLUMNS = ("kommune", "id", "name", "vendor", "product", "categories", "lifecycle", "annualLicenceCost",
                  "annualOperationCost", "cost", "licenceKind", "timeDecision", "shared")


def csv_text(p: dict) -> str:
    """One row per system (the portfolio's detail; a spreadsheet sums it), text cells protected against formulas."""
    import csv
    import io

    from .inventory.cells import protect

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(SYSTEM_COLUMNS)
    for r in p["rows"]:
        w.writerow(["" if r[c] is None else (protect(";".join(r[c])) if isinstance(r[c], list) else
                                             ("true" if r[c] is True else "false" if r[c] is False else
                                              protect(r[c]) if isinstance(r[c], str) else r[c])) for c in SYSTEM_COLUMNS])
    return buf.getvalue()


def xlsx_bytes(p: dict, lang: str = "nb") -> bytes:
    """A workbook: systems, per area, per vendor, TIME, licence (and bought separately, for a co-operation). Text is
    always a string cell (never a formula), amounts are numbers."""
    import io

    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING

    h = headings(lang)
    wb = Workbook()
    wb.properties.created = wb.properties.modified = _STAMP  # no clock in the file: the same input, the same bytes
    ws = wb.active
    ws.title = "systems"

    def put(sheet, values):
        sheet.append([("; ".join(v) if isinstance(v, list) else v) for v in values])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING

    put(ws, list(SYSTEM_COLUMNS))
    for r in p["rows"]:
        put(ws, [r[c] for c in SYSTEM_COLUMNS])
    cols = ("key", "systems", "costed", "cost", "share_systems", "share_cost")
    for name, rows in (("areas", p["by_area"]), ("vendors", p["by_vendor"]), ("time", p["time"]), ("licence", p["licence"])):
        sheet = wb.create_sheet(name)
        put(sheet, [h[c] or name for c in cols])
        for r in rows:
            put(sheet, [r.get(c) for c in cols])
    if "bought_separately" in p:
        sheet = wb.create_sheet("separately")
        put(sheet, ["vendor", "product", h["kommuner"], "installations", "costed", "cost"])
        for r in p["bought_separately"]:
            put(sheet, [r["vendor"], r["product"], r["kommuner"], r["installations"], r["costed"], r["cost"]])
    buf = io.BytesIO()
    wb.save(buf)
    from .inventory.export import _without_clock

    return _without_clock(buf.getvalue(), _STAMP)

