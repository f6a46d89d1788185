"""The plan's HTML page and the måltavle's views in the report: plain dicts the templates render (reports/plan.html.j2,
the scoreboard macro in reports/macros.html.j2). Pure functions."""

from __future__ import annotations

import datetime as dt

from . import chart, scoreboard
from .actions import Action, Plan
from .texts import texts


def plan_page_name(code: str) -> str:
    return f"{code}-plan.html"


def _row(a: Action, lang: str, t: dict) -> dict:
    return {"id": a.id, "label": a.label(lang), "rule": a.rule, "kind": a.kind, "severity": a.severity,
            "owner": a.owner, "year": a.year, "effort": t.get(f"effort_{a.effort}", ""), "effort_key": a.effort,
            "status": t.get(f"status_{a.status}", a.status), "status_key": a.status,
            "deadline": a.deadline.isoformat() if a.deadline else "", "deadline_kind": a.deadline_kind or "",
            "kind_text": t.get(f"kind_{a.deadline_kind}", "") if a.deadline_kind else "", "overdue": a.overdue,
            "legal_basis": a.legal_basis or "", "source_url": a.source_url or "",
            "contract_end": a.contract_end.isoformat() if a.contract_end else "",
            "cost": a.cost, "remedy": a.remedy.get(lang) or a.remedy.get("nb") or "",
            "subjects": [label for _, label in a.subjects], "missing": list(a.missing),
            "edited": [t[e] for e in a.edited], "decided_by": a.decided_by, "decided_at": a.decided_at[:10],
            "closed_at": (a.closed_at or "")[:10]}


def plan_view(plan: Plan, meta, name: str) -> dict:
    """Everything the plan page shows: the summary, the actions year by year, and what closed in the last year."""
    lang = meta.lang
    t = texts(lang)
    years = []
    for year, actions in plan.by_year().items():
        later = year > plan.last_year
        years.append({"year": year, "later": later, "rows": [_row(a, lang, t) for a in actions]})
    # the actions after the plan period (a contract ending later) are one section at the end
    inside = [y for y in years if not y["later"]]
    after = [r for y in years if y["later"] for r in y["rows"]]
    since = plan.start - dt.timedelta(days=365)
    return {"code": plan.kommune, "name": name, "meta": meta, "summary": plan.summary(), "years": inside, "later": after,
            "first": plan.start.year, "last": plan.last_year, "start": plan.start.isoformat(),
            "closed": [_row(a, lang, t) for a in plan.closed_since(since)]}


def scoreboard_view(points: list, lang: str) -> dict:
    """The måltavle of one kommune: its chart and the table with the same numbers."""
    t = texts(lang)
    names = {n: t[f"ind_{n}"] for n in scoreboard.INDICATORS}
    return {"chart": chart.render(points, title=t["chart_scoreboard"], names=names), "names": names,
            "times": chart.labels(points), "rows": scoreboard.rows(points)}


def side_by_side(entries: list[tuple[str, str, list]], lang: str) -> dict:
    """The måltavle across several kommuner (a co-operation's members, the national index): per kommune the
    latest import's indicators and the change since the previous one. ENTRIES: (code, name, points)."""
    t = texts(lang)
    rows = []
    for code, name, points in entries:
        if not points:
            continue
        by = {r["name"]: r for r in scoreboard.rows(points)}
        rows.append({"code": code, "name": name, "cells": [{"value": by[n]["values"][-1], "delta": by[n]["delta"],
                                                            "better": by[n]["better"], "percent": by[n]["percent"]}
                                                           for n in scoreboard.INDICATORS]})
    return {"names": [t[f"ind_{n}"] for n in scoreboard.INDICATORS], "rows": rows}
