"""What changed between two inventories of one kommune: rows added, removed and changed, field by field.

``diff_inventories(old, new)`` is pure: it reads both graphs into the import format's tables
(ea_repo/inventory/export.py), so a change is named by the column a user fills in (`lifecycle`, `provider`) and
shown with the values as they are written there (notations, ids, `;`-separated lists). Rows are matched by sheet
and id; the output is sorted (sheet in schema order, then added / removed / changed, then id).

``diff_since(repo, kommune, since)`` picks the inventory to compare the current one with. The repository keeps the
current inventory and the one before the last import (graph/previous/NNNN) and, in graph/meta, the time of every
import. So `since="previous"` is always answerable when there was an earlier import, and a date is answerable when
the inventory in force at the start of that day is one of those two; an older one is not kept, and is refused
with a message saying so (no history is made up).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from rdflib import RDF, Graph

from .errors import UsageError
from .i18n import msg
from .namespaces import EA, KOMMUNE
from .store import ImportRecord, Repository

SINCE_PREVIOUS = "previous"
STATUSES = ("added", "removed", "changed")


@dataclass(frozen=True)
class FieldChange:
    column: str
    old: str  # "" = blank
    new: str


@dataclass(frozen=True)
class RowChange:
    sheet: str  # systems | interfaces | integrations
    id: str
    change: str  # added | removed | changed
    name: str  # the row's name (integrations without one: "provider → consumer")
    fields: tuple[
        FieldChange, ...
    ] = ()  # changed: the columns that differ; added/removed: every filled column


@dataclass(frozen=True)
class Side:
    """Which inventory one side of a diff is: the previous import, the current inventory, or a graph given."""

    what: str = "given"  # previous | current | given
    imported: str | None = None  # time of its import, when recorded


@dataclass(frozen=True)
class Diff:
    kommune: str
    old: Side = Side()
    new: Side = Side()
    rows: tuple[RowChange, ...] = ()
    meta: tuple[FieldChange, ...] = ()
    unchanged_since: dt.date | None = (
        None  # --since DATE when the current inventory was in force on DATE already
    )

    def summary(self) -> dict[str, dict[str, int]]:
        from .inventory.schema import SHEETS

        out = {s.name: dict.fromkeys(STATUSES, 0) for s in SHEETS}
        for r in self.rows:
            out[r.sheet][r.change] += 1
        return out

    @property
    def empty(self) -> bool:
        return not self.rows and not self.meta

    def as_dict(self) -> dict:
        return {
            "kommune": self.kommune,
            "from": asdict(self.old),
            "to": asdict(self.new),
            "unchanged_since": self.unchanged_since.isoformat() if self.unchanged_since else None,
            "summary": self.summary(),
            "meta": [asdict(f) for f in self.meta],
            "changes": [asdict(r) for r in self.rows],
        }

    @classmethod
    def from_dict(cls, d: dict) -> Diff:
        """The Diff ``as_dict`` gave (an `ea-repo serve` answer), so the writers render it as `ea-repo diff` does."""
        def fields(items) -> tuple[FieldChange, ...]:
            return tuple(FieldChange(f["column"], f.get("old") or "", f.get("new") or "") for f in items or ())

        since = d.get("unchanged_since")
        return cls(d["kommune"], Side(**d.get("from") or {}), Side(**d.get("to") or {}),
                   tuple(RowChange(r["sheet"], r["id"], r["change"], r.get("name") or "", fields(r.get("fields")))
                         for r in d.get("changes") or ()),
                   fields(d.get("meta")), dt.date.fromisoformat(since) if since else None)


def _kommune_of(g: Graph) -> str | None:
    for inv in g.subjects(RDF.type, EA.Inventory):
        k = g.value(inv, EA.kommune)
        if k is not None and str(k).startswith(str(KOMMUNE)):
            return str(k)[len(str(KOMMUNE)) :]
    return None


def _name(sheet: str, row: dict) -> str:
    from .inventory.export import text

    if row.get("name"):
        return text(row["name"])
    if sheet == "integrations" and row.get("provider"):
        return f"{text(row.get('provider'))} → {text(row.get('consumer'))}"
    return ""


def _fields(columns, old: dict, new: dict) -> tuple[FieldChange, ...]:
    from .inventory.export import text

    out = []
    for c in columns:
        a, b = text(old.get(c)), text(new.get(c))
        if a != b:
            out.append(FieldChange(c, a, b))
    return tuple(out)


def diff_inventories(
    old: Graph, new: Graph, kommune: str | None = None, *, old_side: Side = Side(), new_side: Side = Side()
) -> Diff:
    """Rows added, removed and changed from `old` to `new` (pure, sorted, deterministic)."""
    from .inventory.export import inventory_tables
    from .inventory.schema import META_KEYS, SHEETS

    kommune = kommune or _kommune_of(new) or _kommune_of(old)
    if kommune is None:
        raise UsageError(msg("cannot tell which kommune the inventories belong to (no ea:Inventory node)",
                             "kan ikke se hvilken kommune systemoversiktene tilhører (ingen ea:Inventory-node)"))
    a, b = inventory_tables(old, kommune), inventory_tables(new, kommune)
    rows: list[RowChange] = []
    for sheet in SHEETS:
        cols = [c.name for c in sheet.columns]
        olds = {str(r["id"]): r for r in a.sheets.get(sheet.name, [])}
        news = {str(r["id"]): r for r in b.sheets.get(sheet.name, [])}
        found: list[RowChange] = []
        for rid in sorted(news.keys() - olds.keys()):
            found.append(
                RowChange(
                    sheet.name, rid, "added", _name(sheet.name, news[rid]), _fields(cols, {}, news[rid])
                )
            )
        for rid in sorted(olds.keys() - news.keys()):
            found.append(
                RowChange(
                    sheet.name, rid, "removed", _name(sheet.name, olds[rid]), _fields(cols, olds[rid], {})
                )
            )
        for rid in sorted(olds.keys() & news.keys()):
            changed = _fields(cols, olds[rid], news[rid])
            if changed:
                found.append(RowChange(sheet.name, rid, "changed", _name(sheet.name, news[rid]), changed))
        rows += sorted(found, key=lambda r: (STATUSES.index(r.change), r.id))
    meta = _fields([k for k in META_KEYS if k != "kommune"], a.meta, b.meta)
    return Diff(kommune, old_side, new_side, tuple(rows), meta)


# --- which inventories ----------------------------------------------------------------------------------


def _day(rec: ImportRecord) -> dt.date:
    return dt.date.fromisoformat(rec.time[:10])


def diff_since(repo: Repository, kommune: str, since: str | dt.date = SINCE_PREVIOUS) -> Diff:
    """The current inventory against the previous import (`since="previous"`) or against the inventory in force at
    the start of the day `since` (UTC, as the import times are recorded). See the module docstring for what the
    repository keeps."""
    _require(repo, kommune)
    current = repo.inventory(kommune)
    records = repo.imports(kommune)
    previous = repo.previous_inventory(kommune)
    now_side = Side("current", records[-1].time if records else None)
    prev_side = Side("previous", records[-2].time if len(records) >= 2 else None)
    if since == SINCE_PREVIOUS:
        if previous is None:
            raise UsageError(msg(
                f"kommune {kommune} has been imported once only: there is no earlier inventory to compare "
                "with (the repository keeps the inventory before the last import)",
                f"kommune {kommune} er bare importert én gang: det finnes ingen tidligere systemoversikt å sammenligne "
                "med (repositoryet tar vare på systemoversikten fra før siste import)"
            ))
        return diff_inventories(previous, current, kommune, old_side=prev_side, new_side=now_side)
    if not isinstance(since, dt.date):
        raise UsageError(msg(f"--since takes '{SINCE_PREVIOUS}' or a date YYYY-MM-DD, not '{since}'",
                             f"--since tar '{SINCE_PREVIOUS}' eller en dato ÅÅÅÅ-MM-DD, ikke '{since}'"))
    if not records:
        raise UsageError(msg(
            f"no import of kommune {kommune} is recorded, so the inventory in force on {since} is not known; "
            f"use --since {SINCE_PREVIOUS}",
            f"ingen import av kommune {kommune} er registrert, så systemoversikten som gjaldt {since}, er ukjent; "
            f"bruk --since {SINCE_PREVIOUS}"
        ))
    before = [r for r in records if _day(r) < since]
    if not before:
        raise UsageError(msg(
            f"kommune {kommune} was first imported on {records[0].time[:10]}: no inventory was in force "
            f"on {since}; give a later date or --since {SINCE_PREVIOUS}",
            f"kommune {kommune} ble første gang importert {records[0].time[:10]}: ingen systemoversikt gjaldt "
            f"{since}; oppgi en senere dato eller --since {SINCE_PREVIOUS}"
        ))
    if before[-1] is records[-1]:
        return Diff(kommune, now_side, now_side, unchanged_since=since)
    if len(before) == len(records) - 1 and previous is not None:
        return diff_inventories(previous, current, kommune, old_side=prev_side, new_side=now_side)
    raise UsageError(msg(
        f"the inventory of kommune {kommune} in force on {since} (imported {before[-1].time}) is not kept: the repository "
        f"keeps only the current inventory and the one before the last import (imported {records[-2].time}); "
        f"give a date after {records[-2].time[:10]} or --since {SINCE_PREVIOUS}",
        f"systemoversikten for kommune {kommune} som gjaldt {since} (importert {before[-1].time}), er ikke tatt vare på: "
        f"repositoryet beholder bare den gjeldende systemoversikten og den fra før siste import (importert "
        f"{records[-2].time}); oppgi en dato etter {records[-2].time[:10]} eller --since {SINCE_PREVIOUS}"
    ))


def _require(repo: Repository, kommune: str) -> None:
    if not repo.has_inventory(kommune):
        held = ", ".join(repo.kommuner())
        raise UsageError(msg(f"the repository holds no inventory for kommune {kommune} (it holds: {held or 'none'})",
                             f"repositoryet har ingen systemoversikt for kommune {kommune} (det har: {held or 'ingen'})"))


# the writers (table, JSON) live in ea_repo/diff_output.py, light enough for the command line's --format
from .diff_output import TEXTS, WRITERS, side_text, write_json, write_table  # noqa: E402,F401
