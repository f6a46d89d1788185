"""Writers of an inventory diff (ea_repo/diff.py): table (text) and JSON, dispatched by format through WRITERS."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .diff import Diff, Side

TEXTS = {
    "nb": {
        "title": "Endringer i systemoversikten for {k}",
        "from": "fra",
        "to": "til",
        "previous": "forrige import",
        "current": "gjeldende systemoversikt",
        "given": "oppgitt systemoversikt",
        "imported": "importert {time}",
        "unchanged": "Systemoversikten som gjaldt {date}, er den gjeldende: ingenting er endret siden.",
        "count": "{added} lagt til, {removed} fjernet, {changed} endret",
        "none": "Ingen endringer.",
        "systems": "systemer",
        "interfaces": "grensesnitt",
        "integrations": "integrasjoner",
        "meta": "meta",
        "blank": "(tom)",
    },
    "en": {
        "title": "Changes in the inventory of {k}",
        "from": "from",
        "to": "to",
        "previous": "previous import",
        "current": "current inventory",
        "given": "given inventory",
        "imported": "imported {time}",
        "unchanged": "The inventory in force on {date} is the current one: nothing has changed since.",
        "count": "{added} added, {removed} removed, {changed} changed",
        "none": "No changes.",
        "systems": "systems",
        "interfaces": "interfaces",
        "integrations": "integrations",
        "meta": "meta",
        "blank": "(blank)",
    },
}
_MARK = {"added": "+", "removed": "-", "changed": "~"}


def side_text(side: Side, lang: str = "nb") -> str:
    t = TEXTS.get(lang, TEXTS["en"])
    return t[side.what] + (f" ({t['imported'].format(time=side.imported)})" if side.imported else "")


def write_table(d: Diff, lang: str = "nb") -> str:
    t = TEXTS.get(lang, TEXTS["en"])
    lines = [
        t["title"].format(k=d.kommune),
        f"  {t['from']}: {side_text(d.old, lang)}",
        f"  {t['to']}: {side_text(d.new, lang)}",
    ]
    if d.unchanged_since:
        lines.append(f"  {t['unchanged'].format(date=d.unchanged_since.isoformat())}")
    lines.append("")
    for sheet, c in d.summary().items():
        lines.append(f"{t[sheet]:<14} {t['count'].format(**c)}")
    if d.empty:
        lines += ["", t["none"]]

    def field_lines(fields, indent="      "):
        return [f"{indent}{f.column}: {f.old or t['blank']} → {f.new or t['blank']}" for f in fields]

    if d.meta:
        lines += ["", t["meta"], *field_lines(d.meta, "  ")]
    for sheet in d.summary():
        rows = [r for r in d.rows if r.sheet == sheet]
        if not rows:
            continue
        lines += ["", t[sheet]]
        for r in rows:
            lines.append(f"  {_MARK[r.change]} {r.id}" + (f"  {r.name}" if r.name else ""))
            if r.change == "changed":
                lines += field_lines(r.fields)
    return "\n".join(lines) + "\n"


def write_json(d: Diff, lang: str = "nb") -> str:
    return json.dumps(d.as_dict(), ensure_ascii=False, indent=2) + "\n"


WRITERS = {"table": write_table, "json": write_json}
