"""Writers for a renumbering plan: table (text), JSON, CSV and an HTML page in the report style. Pure: each
returns a string; dispatch by format through WRITERS."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

from .. import paths

if TYPE_CHECKING:
    from .plan import Plan

CSV_COLUMNS = ("order", "target", "id", "kind", "label", "responsible", "earliest_start", "latest_start", "deadline",
               "duration_days", "slack_days", "critical", "depends", "systems", "legal_basis", "sources")

TEXTS = {
    "nb": {"title": "Plan for nytt kommunenummer", "targets": "Nye kommuner", "affected": "Berørte systemer",
           "integrations": "Integrasjoner", "interfaces": "Grensesnitt", "verify": "Må kontrolleres", "overlaps": "Overlapp (én skal bestå)",
           "tasks": "Oppgaver i avhengighetsrekkefølge", "critical": "Kritisk linje", "cycles": "Sykler", "warnings": "Advarsler",
           "split": "Deling: fordeling av systemer", "undecided": "Ikke bestemt", "none": "Ingen",
           "cols": ("Nr.", "Oppgave", "Ansvarlig", "Tidligst start", "Senest start", "Frist", "Slakk (dager)", "Hjemmel / kilde"),
           "skip": "Gå til hovedinnhold", "generated_by": "Laget av ea-repo {version}", "checked_at": "dato",
           "catalog_version": "katalogversjon", "reason": "Hvorfor", "system": "System", "kommune": "Kommune",
           "contract_end": "Avtaleslutt", "product": "Produkt", "from": "fra", "date": "Dato", "components": "Nasjonale registre nådd",
           "category": "Kategori", "timeline": "Tidslinje", "es": "tidligst start", "lf": "frist", "slack": "slakk (dager)",
           "today": "i dag", "legend": "Tegnforklaring", "legend_task": "oppgave (tidligst start til tidligst ferdig)",
           "legend_critical": "kritisk linje", "legend_slack": "slakk: kan flyttes så langt uten å forsinke endringsdatoen",
           "legend_freeze": "frys: registeret er stengt", "legend_deadline": "fast frist",
           "legend_date": "endringsdato og dagens dato",
           "timeline_help": "Tabellen under tidslinjen har de samme oppgavene med datoer.", "table": "tabell"},
    "en": {"title": "Plan for the new kommunenummer", "targets": "New kommuner", "affected": "Affected systems",
           "integrations": "Integrations", "interfaces": "Interfaces", "verify": "To verify", "overlaps": "Overlaps (one must remain)",
           "tasks": "Tasks in dependency order", "critical": "Critical path", "cycles": "Cycles", "warnings": "Warnings",
           "split": "Split: assignment of systems", "undecided": "Undecided", "none": "None",
           "cols": ("No.", "Task", "Responsible", "Earliest start", "Latest start", "Deadline", "Slack (days)", "Legal basis / source"),
           "skip": "Skip to main content", "generated_by": "Made by ea-repo {version}", "checked_at": "date",
           "catalog_version": "catalogue version", "reason": "Why", "system": "System", "kommune": "Kommune",
           "contract_end": "Contract end", "product": "Product", "from": "from", "date": "Date", "components": "National registers reached",
           "category": "Category", "timeline": "Timeline", "es": "earliest start", "lf": "deadline", "slack": "slack (days)",
           "today": "today", "legend": "Legend", "legend_task": "task (earliest start to earliest finish)",
           "legend_critical": "critical path", "legend_slack": "slack: how far it can move without delaying the change date",
           "legend_freeze": "freeze: the register is closed", "legend_deadline": "fixed deadline",
           "legend_date": "change date and today",
           "timeline_help": "The table under the timeline has the same tasks with their dates.", "table": "table"},
}


def to_json(plan: Plan, lang: str = "nb") -> str:
    from .plan import to_data

    return json.dumps(to_data(plan), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def to_csv(plan: Plan, lang: str = "nb") -> str:
    from ..inventory.cells import csv_writer

    buf = io.StringIO()
    w = csv_writer(buf, lineterminator="\n")  # text cells protected against formulas
    w.writerow(CSV_COLUMNS)
    for t in plan.tasks:
        w.writerow([t.order, t.target, t.id, t.kind, t.label.get(lang) or t.label.get("nb"), t.responsible.get(lang, ""),
                    t.es, t.ls, t.lf, t.duration, t.slack, "yes" if t.critical else "", " ".join(t.depends),
                    " ".join(f"{s['kommune']}/{s['id']}" for s in t.systems), t.legal_basis or "", " ".join(t.sources)])
    return buf.getvalue()


def to_table(plan: Plan, lang: str = "nb") -> str:
    from .analysis import why_text

    x = TEXTS[lang]
    out = [f"{plan.reform.label}"]
    for tg in plan.targets:
        t = tg["target"]
        preds = ", ".join(p + ("" if p in tg["held"] else "*") for p in t.predecessors)
        out.append(f"\n{t.code} {t.name} ({t.kind}, {t.date}) {x['from']} {preds}")
        for p, imp in tg["impacts"].items():
            out.append(f"  {p}: {len(imp.systems)} {x['affected'].lower()}, {len(imp.integrations)} {x['integrations'].lower()}, "
                       f"{len(imp.interfaces)} {x['interfaces'].lower()}, {len(imp.verify)} {x['verify'].lower()}")
            for n, reasons in imp.systems.items():
                out.append(f"    - {imp.label(n)}: {'; '.join(why_text(r, lang) for r in reasons)}")
        for o in tg["overlaps"]:
            out.append(f"  {x['overlaps']}: {o['category']}: " + ", ".join(
                f"{r['label']} ({r['kommune']}, {r['contractEnd'] or '?'})" for r in o["systems"]))
        if tg["split_undecided"]:
            out.append(f"  {x['undecided']}: " + ", ".join(f"{r['kommune']}/{r['id']}" for r in tg["split_undecided"]))
    out.append(f"\n{x['tasks']}:")
    out.append(f"{'#':>3} {'':1} {'start':<10} {'deadline':<10} {'slack':>5}  task")
    for t in plan.tasks:
        out.append(f"{t.order:>3} {'*' if t.critical else ' '} {t.es!s:<10} {t.lf!s:<10} {t.slack:>5}  "
                   f"[{t.target}] {t.label.get(lang) or t.label.get('nb')}")
    out.append(f"\n{x['critical']}: " + " -> ".join(plan.critical_path))
    for c in plan.cycles:
        out.append(f"{x['cycles']}: " + " <-> ".join(c))
    for wmsg in plan.warnings:
        out.append(f"! {wmsg}")
    return "\n".join(out) + "\n"


def to_html(plan: Plan, lang: str = "nb", *, tool_version: str = "", today: str = "") -> str:
    from markupsafe import Markup

    from .. import catalog
    from ..report import environment  # the report package's Jinja environment (templates in reports/)
    from .analysis import why_text
    from .plan import to_data
    from .timeline import render

    d = paths.reports_dir()
    meta = {"lang": lang, "tool_version": tool_version, "checked_at": today or (plan.today.isoformat() if plan.today else ""),
            "catalog_version": catalog.catalog_version()}
    return environment().get_template("merger.html.j2").render(
        v={"meta": meta, "plan": plan, "data": to_data(plan)}, t=TEXTS[lang], lang=lang, why=lambda r: why_text(r, lang),
        timeline=Markup(render(plan, TEXTS[lang], lang)),
        css=Markup((d / "report.css").read_text(encoding="utf-8")), js=Markup((d / "report.js").read_text(encoding="utf-8")))


WRITERS = {"table": to_table, "json": to_json, "csv": to_csv, "html": to_html}
