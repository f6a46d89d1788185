"""The integration landscape as SVG: systems grouped by category in boxes (masonry columns), the national
common components in a band on top, and the flows bundled per pair of groups (stroke width = count), so
200 systems stay readable. A node's outline is the colour of its most severe finding (the inventory table's
"most severe finding"); a node a gap finding names carries a purple corner mark besides, never instead."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from .svg import INK, SEVERITY_COLOUR, clip, e

WIDTH, PAD, COLS = 1200, 12, 4
CHIP_H, CHIP_GAP = 22, 5
LABEL_CHARS = 42  # a chip spans its group box; longer names are clipped (the tooltip has the whole name)
COMP_W, COMP_H = 138, 26
HEADER = 30


@dataclass(frozen=True)
class Node:
    iri: str
    label: str
    group: str  # category label; components use the national group
    national: bool = False


def _outline(iri: str, marks: dict[str, str]) -> str:
    if iri in marks:
        return f' stroke="{SEVERITY_COLOUR[marks[iri]]}" stroke-width="3"'
    return ' stroke="#7a8594" stroke-width="1"'


def _node_attrs(n: Node, marks: dict[str, str]) -> str:
    """The node's iri and severity as data attributes (what the outline shows, for scripts and tests)."""
    return f' data-iri="{e(n.iri)}" data-sev="{marks.get(n.iri, "")}"'


def _gap_mark(iri: str, gaps: set[str], x: float, y: float, w: float) -> str:
    """A purple triangle in the top right corner of a node a gap finding names."""
    if iri not in gaps:
        return ""
    return f'<path class="gap-mark" d="M{x + w - 12:.0f},{y} L{x + w},{y} L{x + w},{y + 12} Z" fill="{SEVERITY_COLOUR["gap"]}"/>'


def _tip(n: Node, marks: dict[str, str], gaps: set[str], sev_names: dict[str, str]) -> str:
    extra = [sev_names[marks[n.iri]]] if n.iri in marks else []
    extra += [sev_names["gap"]] if n.iri in gaps else []
    return e(n.label + (f" ({', '.join(extra)})" if extra else ""))


def group_flows(nodes: list[Node], flows: list[tuple[str, str]]) -> Counter:
    """Flows (provider, consumer) bundled to (group, group) pairs; unknown endpoints are left out."""
    group = {n.iri: n.group for n in nodes}
    return Counter((group[a], group[b]) for a, b in flows if a in group and b in group)


def render(nodes: list[Node], flows: list[tuple[str, str]], *, national_label: str, title: str,
           marks: dict[str, str], gaps: set[str], sev_names: dict[str, str]) -> str:
    comps = sorted((n for n in nodes if n.national), key=lambda n: n.label.lower())
    groups: dict[str, list[Node]] = {}
    for n in sorted((n for n in nodes if not n.national), key=lambda n: n.label.lower()):
        groups.setdefault(n.group, []).append(n)
    per_row = max(1, (WIDTH - 2 * PAD) // (COMP_W + 8))
    comp_pos = {n.iri: (PAD + (i % per_row) * (COMP_W + 8), 34 + (i // per_row) * (COMP_H + 8)) for i, n in enumerate(comps)}
    band_h = 34 + math.ceil(len(comps) / per_row) * (COMP_H + 8) + 40 if comps else 10
    col_w = (WIDTH - 2 * PAD - (COLS - 1) * 10) // COLS
    heights = [band_h] * COLS
    boxes: dict[str, tuple[int, int, int, int]] = {}
    chip_pos: dict[str, tuple[int, int]] = {}
    for name, members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        col = heights.index(min(heights))
        x, y = PAD + col * (col_w + 10), heights[col]
        h = HEADER + len(members) * (CHIP_H + CHIP_GAP) + 6
        boxes[name] = (x, y, col_w, h)
        for i, n in enumerate(members):
            chip_pos[n.iri] = (x + 6, y + HEADER + i * (CHIP_H + CHIP_GAP))
        heights[col] = y + h + 12
    chip_w = col_w - 12
    height = max(heights) + PAD
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="landscape" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
           f'height="{height}" role="img" aria-label="{e(title)}"><title>{e(title)}</title>',
           '<style>text{font-family:system-ui,sans-serif}</style>']
    # bundled flows, under the boxes
    centre = {g: (x + w / 2, y + 14) for g, (x, y, w, h) in boxes.items()}
    bundles: Counter = Counter()
    for (a, b), n in group_flows(nodes, flows).items():
        if a != b:
            bundles[tuple(sorted((a, b)))] += n
    comp_of = {n.iri for n in comps}
    comp_links: Counter = Counter()
    group = {n.iri: n.group for n in nodes}
    for a, b in flows:
        c, s = (a, b) if a in comp_of else (b, a) if b in comp_of else (None, None)
        if c and s in group and s not in comp_of:
            comp_links[(c, group[s])] += 1
    out.append('<g fill="none" stroke-linecap="round">')
    for (a, b), n in sorted(bundles.items()):
        if a in centre and b in centre:
            (x1, y1), (x2, y2) = centre[a], centre[b]
            mx, my = (x1 + x2) / 2, min(y1, y2) - 40
            out.append(f'<path d="M{x1:.0f},{y1:.0f} Q{mx:.0f},{my:.0f} {x2:.0f},{y2:.0f}" stroke="#8793a3" '
                       f'stroke-opacity="0.55" stroke-width="{1 + math.log2(n) * 1.5:.1f}"><title>{e(a)} – {e(b)}: {n}</title></path>')
    for (c, g), n in sorted(comp_links.items()):
        if g in centre:
            cx, cy = comp_pos[c][0] + COMP_W / 2, comp_pos[c][1] + COMP_H
            gx, gy = centre[g][0], boxes[g][1]
            out.append(f'<path d="M{cx:.0f},{cy:.0f} C{cx:.0f},{cy + 60:.0f} {gx:.0f},{gy - 60:.0f} {gx:.0f},{gy:.0f}" '
                       f'stroke="#2f6fb3" stroke-opacity="0.35" stroke-width="{1 + math.log2(n) * 1.5:.1f}"/>')
    out.append("</g>")
    if comps:
        out.append(f'<text x="{PAD}" y="22" font-size="15" font-weight="700" fill="{INK}">{e(national_label)}</text>')
    for n in comps:
        x, y = comp_pos[n.iri]
        out.append(f'<g class="node national"{_node_attrs(n, marks)}><title>{_tip(n, marks, gaps, sev_names)}</title>'
                   f'<rect x="{x}" y="{y}" width="{COMP_W}" height="{COMP_H}" rx="13" fill="#e3eefa"{_outline(n.iri, marks)}/>'
                   f'<text x="{x + COMP_W / 2:.0f}" y="{y + 17}" text-anchor="middle" font-size="12" fill="{INK}">{e(clip(n.label, 20))}</text>'
                   f'{_gap_mark(n.iri, gaps, x, y, COMP_W)}</g>')
    for name, (x, y, w, h) in boxes.items():
        out.append(f'<g class="group"><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6" fill="#f7f8fa" fill-opacity="0.94" '
                   f'stroke="#5b6776"/><text x="{x + 8}" y="{y + 20}" font-size="13" font-weight="700" fill="{INK}">'
                   f'{e(clip(name, 30))} ({len(groups[name])})</text></g>')
    for members in groups.values():
        for n in members:
            x, y = chip_pos[n.iri]
            out.append(f'<g class="node"{_node_attrs(n, marks)}><title>{_tip(n, marks, gaps, sev_names)}</title>'
                       f'<rect x="{x}" y="{y}" width="{chip_w}" height="{CHIP_H}" rx="4" fill="#ffffff"{_outline(n.iri, marks)}/>'
                       f'<text x="{x + 6}" y="{y + 15}" font-size="11" fill="{INK}">{e(clip(n.label, LABEL_CHARS))}</text>'
                       f'{_gap_mark(n.iri, gaps, x, y, chip_w)}</g>')
    out.append("</svg>")
    return "".join(out)
