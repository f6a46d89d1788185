"""The plan as a timeline (SVG drawn at build time, no script): one row per task in plan order with its bar from
earliest start to earliest finish, its slack as a pale window up to the latest finish, the critical tasks in
red, fixed deadlines as a black tick, freezes as hatched bands over every row, and a dashed line at each change
date and at today. The task table under it is the accessible equivalent. Pure: a plan in, a string out."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..report.svg import BAR, INK, SEVERITY_COLOUR, TRACK, clip, e

if TYPE_CHECKING:
    from .plan import Plan

WIDTH, LABEL_W, PAD, ROW_H, TOP = 1200, 340, 12, 20, 62
CRITICAL = SEVERITY_COLOUR["violation"]
FREEZE = "#5c5c5c"


def _ticks(start: date, end: date) -> list[date]:
    """First days of months between start and end: every month up to 15 months, else every quarter, else every half year."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = 1 if months <= 15 else 3 if months <= 40 else 6
    y, m = start.year, start.month
    out = []
    while date(y, m, 1) <= end:
        if (m - 1) % step == 0 and date(y, m, 1) >= start:
            out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def render(plan: Plan, texts: dict[str, str], lang: str) -> str:
    tasks = [t for t in plan.tasks if t.es and t.ef and t.lf]
    if not tasks:
        return ""
    start = min([t.es for t in tasks] + ([plan.today] if plan.today else []))
    end = max(max(t.ef for t in tasks), max(t.lf for t in tasks)) + timedelta(days=7)
    span = max((end - start).days, 1)
    x0, x1 = LABEL_W + PAD, WIDTH - PAD

    def x(d: date) -> float:
        return x0 + (d - start).days / span * (x1 - x0)

    height = TOP + len(tasks) * ROW_H + 14
    bottom = height - 10
    title = f"{texts['timeline']}: {plan.reform.label}"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
           f'height="{height}" role="img" aria-label="{e(title)}"><title>{e(title)}</title>',
           '<style>text{font-family:system-ui,sans-serif}</style>',
           f'<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
           f'<rect width="6" height="6" fill="#eeeeee"/><line x1="0" y1="0" x2="0" y2="6" stroke="{FREEZE}" stroke-width="2"/></pattern></defs>']
    for tick in _ticks(start, end):  # month grid and labels (none that would run off the right edge)
        tx = x(tick)
        label = f'<text x="{tx + 3:.1f}" y="{TOP - 12}" font-size="11" fill="{INK}">{tick:%Y-%m}</text>' if tx < x1 - 45 else ""
        out.append(f'<line x1="{tx:.1f}" y1="{TOP - 8}" x2="{tx:.1f}" y2="{bottom}" stroke="#d5dae1"/>{label}')
    for t in tasks:  # freezes: a band over every row, so whatever falls into it shows
        if t.kind == "freeze" and t.not_before and t.deadline:
            fx, fw = x(t.not_before), max(x(t.deadline) - x(t.not_before), 3)
            out.append(f'<rect class="freeze-band" x="{fx:.1f}" y="{TOP - 6}" width="{fw:.1f}" height="{bottom - TOP + 6}" '
                       f'fill="url(#hatch)" fill-opacity="0.45"><title>{e(t.label.get(lang) or t.label["nb"])}: '
                       f'{t.not_before} – {t.deadline}</title></rect>')
    for i, t in enumerate(tasks):
        y = TOP + i * ROW_H
        label = t.label.get(lang) or t.label["nb"]
        colour = CRITICAL if t.critical else FREEZE if t.kind == "freeze" else BAR
        tip = (f"{t.order}. {label} — {texts['es']} {t.es}, {texts['lf']} {t.lf}, {texts['slack']} {t.slack}"
               + (f", {texts['critical'].lower()}" if t.critical else ""))
        weight = ' font-weight="700"' if t.critical else ""
        out.append(f'<g class="task" data-task="{e(t.id)}" data-kind="{e(t.kind)}" data-critical="{int(t.critical)}">'
                   f'<title>{e(tip)}</title>'
                   f'<text x="{LABEL_W}" y="{y + 14}" text-anchor="end" font-size="11" fill="{INK}"{weight}>{t.order}. {e(clip(label, 40 if t.critical else 46))}</text>')
        if t.lf > t.ef:  # the slack: the task may move this far without delaying the change date
            out.append(f'<rect class="slack" x="{x(t.ef):.1f}" y="{y + 6}" width="{x(t.lf) - x(t.ef):.1f}" height="8" fill="{TRACK}"/>')
        if t.kind == "milestone":
            cx = x(t.es)
            out.append(f'<path class="bar" d="M{cx:.1f},{y + 2} L{cx + 8:.1f},{y + 10} L{cx:.1f},{y + 18} L{cx - 8:.1f},{y + 10} Z" fill="{colour}"/>')
        else:
            out.append(f'<rect class="bar" x="{x(t.es):.1f}" y="{y + 3}" width="{max(x(t.ef) - x(t.es), 2):.1f}" height="14" '
                       f'rx="2" fill="{colour}"/>')
        if t.deadline and t.kind != "freeze":
            dx = x(t.deadline)
            out.append(f'<path class="deadline" d="M{dx:.1f},{y + 1} V{y + 19}" stroke="{INK}" stroke-width="3"/>')
        out.append("</g>")
    changes: dict[date, list[str]] = {}
    for tg in plan.targets:
        changes.setdefault(tg["target"].date, []).append(tg["target"].code)
    marks = [(d, f"{', '.join(sorted(codes))}: {d}", "change") for d, codes in changes.items()]
    if plan.today and start <= plan.today <= end:
        marks.append((plan.today, f"{texts['today']} {plan.today}", "today"))
    for d, text, cls in sorted(marks):
        mx = x(d)
        anchor = "end" if mx > WIDTH - 160 else "start"
        out.append(f'<g class="{cls}"><line x1="{mx:.1f}" y1="{TOP - (44 if cls == "change" else 30)}" x2="{mx:.1f}" y2="{bottom}" stroke="{INK}" '
                   f'stroke-width="1.5" stroke-dasharray="5 3"/><text x="{mx + (-4 if anchor == "end" else 4):.1f}" '
                   f'y="{TOP - 46 if cls == "change" else TOP - 32}" text-anchor="{anchor}" font-size="11" font-weight="700" '
                   f'fill="{INK}">{e(text)}</text></g>')
    out.append("</svg>")
    return "".join(out)
