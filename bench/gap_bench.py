"""Gap-analysis benchmark: one 200-system kommune, then N kommuner, from bench/synth.py inventories loaded
straight into rdflib graphs (ea_repo.inventory.load_files; no repository). Prints seconds per kommune,
split into graph building and the analyses, and the ratio to the 0.3 s target.

    PYTHONPATH=. python3 bench/gap_bench.py [--kommuner 20] [--systems 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import write_inventories  # noqa: E402

from ea_repo import gaps  # noqa: E402
from ea_repo.graph import build_graph  # noqa: E402
from ea_repo.inventory import load_files  # noqa: E402

TARGET = 0.3
TODAY = date(2026, 11, 23)


def timed(inventories, repeat: int) -> tuple[float, float, int]:
    """Best-of-repeat seconds for (building all graphs, running all analyses) and the findings count."""
    best_build = best_analyse = float("inf")
    n = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        graphs = [(k, build_graph(g)) for k, g in inventories]
        t1 = time.perf_counter()
        n = sum(len(gaps.analyse_graph(G, k, TODAY)) for k, G in graphs)
        t2 = time.perf_counter()
        best_build, best_analyse = min(best_build, t1 - t0), min(best_analyse, t2 - t1)
    return best_build, best_analyse, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kommuner", type=int, default=20)
    ap.add_argument("--systems", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    gaps.default_config(), gaps.profiles(), gaps.master_sources()  # the catalogue is parsed once per process
    with tempfile.TemporaryDirectory() as tmp:
        files = write_inventories(Path(tmp), args.kommuner, args.systems)
        inventories = [(k, load_files([p], k).graph) for k, p in files]
    triples = sum(len(g) for _, g in inventories) / len(inventories)
    print(f"gap analysis, {args.systems} systems per kommune (~{triples:.0f} triples), best of {args.repeat}")
    print(f"{'kommuner':>8} {'build s':>9} {'analyse s':>10} {'s/kommune':>10} {'x target':>9} {'findings':>9}")
    for n in (1, args.kommuner):
        build, analyse, found = timed(inventories[:n], args.repeat)
        per = (build + analyse) / n
        print(f"{n:>8} {build:>9.3f} {analyse:>10.3f} {per:>10.3f} {per / TARGET:>9.2f} {found:>9}")
    t0 = time.perf_counter()
    gaps.analyse_iks(dict(inventories), TODAY)
    print(f"co-operation overlap over {args.kommuner} kommuner: {time.perf_counter() - t0:.3f} s")


if __name__ == "__main__":
    main()
