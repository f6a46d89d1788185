"""The måltavle as a line chart (SVG drawn at build time, no script): one line per percentage indicator across the
imports, each point marked and labelled with its value; the table beside it is the accessible equivalent. Pure."""

from __future__ import annotations

from ..report.svg import INK, TRACK, e
from .scoreboard import PERCENT, Point

# distinct hues with WCAG AA contrast against white; each line also has its own marker shape and dash
LINES = {"score": ("#1d5fa3", "circle", ""), "coverage": ("#2e6b30", "square", "6 3"),
         "not_known_share": ("#8a4b00", "diamond", "2 3"), "api_share": ("#6a1b9a", "triangle", "8 3 2 3")}
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 260, 48, 24, 16, 78


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "diamond":
        return f'<path d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y:.1f} L{x:.1f},{y + 5:.1f} L{x - 5:.1f},{y:.1f} Z" fill="{colour}"/>'
    return f'<path d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y + 4:.1f} L{x - 5:.1f},{y + 4:.1f} Z" fill="{colour}"/>'


def labels(points: list[Point]) -> list[str]:
    """Each import's date, with its time where two imports share a date."""
    days = [p.time[:10] for p in points]
    return [p.time[:16].replace("T", " ") if days.count(d) > 1 else d or "–" for p, d in zip(points, days, strict=True)]


def render(points: list[Point], *, title: str, names: dict[str, str]) -> str:
    """NAMES: indicator -> its label (the legend)."""
    if not points:
        return ""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + (plot_w / 2 if len(points) == 1 else i * plot_w / (len(points) - 1))

    def y(v: float) -> float:
        return TOP + plot_h * (1 - max(0.0, min(100.0, v)) / 100)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart scoreboard" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{e(title)}"><title>{e(title)}</title>']
    for v in (0, 25, 50, 75, 100):
        out.append(f'<line x1="{LEFT}" y1="{y(v):.1f}" x2="{WIDTH - RIGHT}" y2="{y(v):.1f}" stroke="{TRACK}"/>'
                   f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="11" fill="{INK}">{v} %</text>')
    for i, label in enumerate(labels(points)):
        anchor = "middle" if len(points) == 1 else "start" if i == 0 else "end" if i == len(points) - 1 else "middle"
        out.append(f'<text x="{x(i):.1f}" y="{TOP + plot_h + 16}" text-anchor="{anchor}" font-size="11" fill="{INK}">'
                   f'{e(label)}</text>')
    for name in PERCENT:
        colour, shape, dash = LINES[name]
        pts = [(x(i), y(getattr(p, name))) for i, p in enumerate(points) if getattr(p, name) is not None]
        if len(pts) > 1:
            dashes = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dashes} points="'
                       + " ".join(f"{px:.1f},{py:.1f}" for px, py in pts) + '"/>')
        for i, p in enumerate(points):
            v = getattr(p, name)
            if v is not None:
                out.append(f'<g class="point" data-indicator="{name}" data-value="{v:.1f}">'
                           f'<title>{e(names[name])} {e(p.time[:16].replace("T", " "))}: {v:.0f} %</title>{_marker(shape, x(i), y(v), colour)}</g>')
    lx, ly = LEFT, HEIGHT - 36
    for k, name in enumerate(PERCENT):
        colour, shape, _ = LINES[name]
        cx, cy = lx + (k % 2) * 290, ly + (k // 2) * 18
        out.append(_marker(shape, cx + 5, cy, colour)
                   + f'<text x="{cx + 16}" y="{cy + 4}" font-size="12" fill="{INK}">{e(names[name])}</text>')
    out.append("</svg>")
    return "".join(out)
