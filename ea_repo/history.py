"""Kommunenummer history: every code with its validity periods and the SSB KLASS 131 changes since 2011.

One derivation, two sources: the shipped snapshot (catalog/data/kommunenummer_changes.csv + kommuner_2024.csv,
the offline default) or a validated copy of KLASS fetched by ``ea-repo catalog update`` (ea_repo.klass), which
``load`` prefers when present. ``scripts/build_history.py`` renders the same History as catalog/kommune-history.ttl.

    h = load()                       # cached KLASS copy if valid, else the shipped snapshot
    h.valid_at("3024", date(2022, 5, 1))   -> Period(3024 Bærum 2020-01-01..2024-01-01)
    h.successors("1507") / h.predecessors("3201") / h.changes_in(2024) / h.events(2020)
    h.follow("0219", since=date(2019, 1, 1))   -> ("3201",)  (the codes valid now)

Periods: a code's period ends at every change event it takes part in as an old code (merger, split, renumbering,
name change, or a merger where it keeps its number), so each period is one "version" of the kommune.
A period whose start is unknown (the code was in use before the first change in the data) has valid_from None.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from . import paths
from .errors import InputError
from .i18n import msg

KLASS_131 = "https://data.ssb.no/api/klass/v1/classifications/131"
CHANGES_URL = f"{KLASS_131}/changes?from=2008-01-01"
SHIPPED_SOURCE = "shipped snapshot (catalog/data, SSB KLASS 131)"
CODE = re.compile(r"^\d{4}\Z")
CHANGE_COLUMNS = ("old_code", "old_name", "new_code", "new_name", "effective_date", "source")


@dataclass(frozen=True, order=True)
class Change:
    date: date
    old_code: str
    new_code: str
    old_name: str = ""
    new_name: str = ""
    source: str = CHANGES_URL

    @property
    def renumbered(self) -> bool:
        return self.old_code != self.new_code


@dataclass(frozen=True)
class Period:
    code: str
    name: str
    valid_from: date | None  # None: in use before the first change in the data
    valid_to: date | None  # exclusive; None: still valid

    def covers(self, d: date) -> bool:
        return (self.valid_from is None or self.valid_from <= d) and (self.valid_to is None or d < self.valid_to)


@dataclass(frozen=True)
class Event:
    """One connected group of changes on one date: who became whom."""

    date: date
    kind: str  # merger | split | reorganisation | renumbering | county-change | name-change | continued
    olds: tuple[tuple[str, str], ...]  # (code, name)
    news: tuple[tuple[str, str], ...]
    changes: tuple[Change, ...] = field(repr=False)


def _d(text: str, where: str, row: int | None = None) -> date:
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        raise InputError(msg(f"'{text}' is not a date (YYYY-MM-DD)", f"'{text}' er ikke en dato (ÅÅÅÅ-MM-DD)"), file=where,
                         row=row) from None


class History:
    """The numbering history. Build it with ``shipped()`` / ``from_klass()`` or ``load()``."""

    def __init__(self, current: dict[str, str], changes: list[Change], *, source: str, as_of: date | None = None):
        self.current = dict(sorted(current.items()))
        self.changes = tuple(sorted(changes))
        self.source = source
        self.as_of = as_of
        self.coverage_from = self.changes[0].date if self.changes else None

    # -- derived tables ----------------------------------------------------------------------------
    @cached_property
    def periods(self) -> tuple[Period, ...]:
        """Walk the changes backwards from the current codes (see the module docstring)."""
        state = dict(self.current)  # code -> name, valid just after the date being walked
        end: dict[str, date | None] = dict.fromkeys(state)
        out: list[Period] = []
        by_date: dict[date, list[Change]] = defaultdict(list)
        for c in self.changes:
            by_date[c.date].append(c)
        for d in sorted(by_date, reverse=True):
            rows = by_date[d]
            for code, name in {c.new_code: c.new_name for c in rows}.items():
                out.append(Period(code, state.pop(code, name), d, end.pop(code, None)))
            for c in rows:
                state[c.old_code], end[c.old_code] = c.old_name, d
        out += [Period(code, name, None, end[code]) for code, name in state.items()]
        return tuple(sorted(out, key=lambda p: (p.code, p.valid_from or date.min)))

    @cached_property
    def _periods_by_code(self) -> dict[str, list[Period]]:
        out: dict[str, list[Period]] = defaultdict(list)
        for p in self.periods:
            out[p.code].append(p)
        return out

    # -- queries -----------------------------------------------------------------------------------
    def periods_of(self, code: str) -> list[Period]:
        return list(self._periods_by_code.get(code, ()))

    def known(self, code: str) -> bool:
        return code in self._periods_by_code

    def valid_at(self, code: str, d: date) -> Period | None:
        """The period of ``code`` that covers ``d``, or None when the code was not valid that day."""
        return next((p for p in self._periods_by_code.get(code, ()) if p.covers(d)), None)

    def codes_at(self, d: date) -> dict[str, str]:
        """Every code valid on ``d`` with its name then."""
        return dict(sorted((p.code, p.name) for p in self.periods if p.covers(d)))

    def successors(self, code: str) -> list[Change]:
        """Changes that ended a period of ``code`` (renumbering, merger, split, name change), by date."""
        return [c for c in self.changes if c.old_code == code]

    def predecessors(self, code: str) -> list[Change]:
        """Changes that brought ``code`` about from other codes."""
        return [c for c in self.changes if c.new_code == code and c.old_code != code]

    def changes_in(self, year: int) -> list[Change]:
        return [c for c in self.changes if c.date.year == year]

    def follow(self, code: str, since: date | None = None, until: date | None = None) -> tuple[str, ...]:
        """The code(s) ``code`` became by ``until`` (default: now), following every change after ``since``."""
        frontier = {code}
        by_date: dict[date, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for c in self.changes:
            if (since is None or c.date > since) and (until is None or c.date <= until):
                by_date[c.date][c.old_code].add(c.new_code)
        for d in sorted(by_date):
            frontier = set().union(*(by_date[d].get(x, {x}) for x in frontier))
        return tuple(sorted(frontier))

    def events(self, year: int | None = None) -> list[Event]:
        """The changes grouped into events (connected old -> new groups on one date)."""
        by_date: dict[date, list[Change]] = defaultdict(list)
        for c in self.changes:
            if year is None or c.date.year == year:
                by_date[c.date].append(c)
        import networkx as nx

        out = []
        for d in sorted(by_date):
            g = nx.Graph()
            for c in by_date[d]:
                g.add_edge(("o", c.old_code), ("n", c.new_code), change=c)
            for comp in nx.connected_components(g):
                rows = tuple(sorted(g.edges[e]["change"] for e in g.subgraph(comp).edges))
                olds = tuple(sorted({(c.old_code, c.old_name) for c in rows}))
                news = tuple(sorted({(c.new_code, c.new_name) for c in rows}))
                out.append(Event(d, _kind(olds, news), olds, news, rows))
        return sorted(out, key=lambda e: (e.date, e.news, e.olds))


def _kind(olds, news) -> str:
    if len(olds) > 1 and len(news) > 1:
        return "reorganisation"
    if len(olds) > 1:
        return "merger"
    if len(news) > 1:
        return "split"
    (o, on), (n, nn) = olds[0], news[0]
    if o != n:
        return "county-change" if o[:2] != n[:2] else "renumbering"
    return "name-change" if on != nn else "continued"


# --------------------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------------------


def read_changes_csv(path: Path) -> list[Change]:
    where = str(path)
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != CHANGE_COLUMNS:
            raise InputError(msg(f"header is {reader.fieldnames}, expected {list(CHANGE_COLUMNS)}",
                                 f"overskriftsraden er {reader.fieldnames}, forventet {list(CHANGE_COLUMNS)}"), file=where,
                             hint=msg("restore the file as catalog/data/SOURCES.md describes",
                                      "gjenopprett filen slik catalog/data/SOURCES.md beskriver"))
        out = []
        for i, r in enumerate(reader, start=2):
            for col in ("old_code", "new_code"):
                if not CODE.match(r[col] or ""):
                    raise InputError(msg(f"'{r[col]}' is not a four-digit kommunenummer",
                                         f"'{r[col]}' er ikke et firesifret kommunenummer"), file=where, row=i, column=col)
            out.append(Change(_d(r["effective_date"], where, i), r["old_code"], r["new_code"],
                              r["old_name"], r["new_name"], CHANGES_URL))
    return out


def read_current_csv(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["code"]: r["name"] for r in csv.DictReader(fh)}


def shipped() -> History:
    data = paths.catalog_dir() / "data"
    return History(read_current_csv(data / "kommuner_2024.csv"), read_changes_csv(data / "kommunenummer_changes.csv"),
                   source=SHIPPED_SOURCE)


def from_klass(payload: dict, base: History | None = None) -> History:
    """A History from a cached KLASS copy (see ea_repo.klass.validate): its codes valid at the end of the
    requested range are the current ones; its changes replace the base's changes from the requested start."""
    start, end = date.fromisoformat(payload["from"]), date.fromisoformat(payload["to"])
    current = {c["code"]: c["name"] for c in payload["codes"]
               if not c.get("validToInRequestedRange") or date.fromisoformat(c["validToInRequestedRange"][:10]) >= end}
    url = f"{payload['base_url'].rstrip('/')}/classifications/131/changes?from={start.isoformat()}"
    fetched = [Change(date.fromisoformat(c["changeOccurred"][:10]), c["oldCode"], c["newCode"], c.get("oldName") or "",
                      c.get("newName") or "", url) for c in payload["codeChanges"]]
    older = [c for c in (base.changes if base else ()) if c.date < start]
    return History(current, older + fetched, source=f"KLASS {payload['base_url']} fetched {payload['fetched_at']}",
                   as_of=end)


def load(cache_dir: Path | None = None, *, use_cache: bool = True) -> History:
    """The cached KLASS copy when it is present and valid, else the shipped snapshot."""
    base = shipped()
    if not use_cache:
        return base
    from . import klass  # the client imports this module; import here to keep the layering one-way

    payload = klass.read_cache(cache_dir)
    return from_klass(payload, base) if payload is not None else base
