"""SVG charts built at report time: pure functions, strings out, every text escaped."""

from __future__ import annotations

from html import escape

# Colours chosen for WCAG AA contrast against white (text) and for white text on them (fills).
SEVERITY_COLOUR = {"violation": "#b3261e", "warning": "#8a4b00", "info": "#1d5fa3", "waived": "#5c5c5c", "gap": "#6a1b9a", "not-known": "#4a5560"}
BAR = "#1d5fa3"
TRACK = "#e6e9ef"
INK = "#1b1f24"


def e(text) -> str:
    return escape(str(text), quote=True)


def clip(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def hbars(rows: list[tuple[str, float, str]], *, title: str, width: int = 640, unit: str = "%", max_value: float = 100,
          label_width: int = 270) -> str:
    """Horizontal bar chart: rows of (label, value, colour). Accessible: role=img + <title> + a <text> per bar."""
    bar_h, gap, top = 20, 8, 6
    height = top + len(rows) * (bar_h + gap) + 4
    span = width - label_width - 60
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-label="{e(title)}"><title>{e(title)}</title>']
    for i, (label, value, colour) in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = 0 if max_value <= 0 else max(0.0, min(1.0, value / max_value)) * span
        out.append(
            f'<text x="{label_width - 8}" y="{y + 14}" text-anchor="end" fill="{INK}" font-size="13">{e(clip(label, 36))}</text>'
            f'<rect x="{label_width}" y="{y}" width="{span}" height="{bar_h}" fill="{TRACK}"/>'
            f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour or BAR}"/>'
            f'<text x="{label_width + span + 6}" y="{y + 14}" fill="{INK}" font-size="13">{value:.0f}{e(unit)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def severity_bar(counts: dict[str, int], *, title: str, labels: dict[str, str], width: int = 640) -> str:
    """One stacked bar of the buckets, with a legend; the numbers are also in the page as text."""
    total = sum(counts.values()) or 1
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} 58" width="{width}" height="58" '
           f'role="img" aria-label="{e(title)}"><title>{e(title)}</title>']
    x = 0.0
    for b, n in counts.items():
        w = n / total * width
        if n:
            out.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="22" fill="{SEVERITY_COLOUR[b]}"/>')
        x += w
    lx = 0
    for b, n in counts.items():
        out.append(f'<rect x="{lx}" y="34" width="14" height="14" fill="{SEVERITY_COLOUR[b]}"/>'
                   f'<text x="{lx + 19}" y="46" font-size="13" fill="{INK}">{e(labels[b])}: {n}</text>')
        lx += 128
    out.append("</svg>")
    return "".join(out)


def score_colour(score: float | None) -> str:
    """Green, orange or red by score; grey when nothing was assessed."""
    if score is None:
        return "#5f6368"
    return "#2e6b30" if score >= 90 else "#8a4b00" if score >= 70 else "#b3261e"
