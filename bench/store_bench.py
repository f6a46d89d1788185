"""Measure: load the catalogue + one synthetic 200-system kommune into a fresh on-disk repository,
then read the inventory back; compared with parsing the same inventory as Turtle into rdflib.

    python bench/store_bench.py [--systems 200]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rdflib import Graph  # noqa: E402
from synth import write_inventories  # noqa: E402

from ea_repo.inventory import import_inventory  # noqa: E402
from ea_repo.store import Repository  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--systems", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        ((code, inv),) = write_inventories(tmp / "inv", 1, args.systems)
        t0 = time.perf_counter()
        repo = Repository(tmp / "repo")  # loads the catalogue into graph/catalog
        t1 = time.perf_counter()
        _, record = import_inventory(repo, [inv], code)
        t2 = time.perf_counter()
        repo.close()
        repo = Repository(tmp / "repo", read_only=True)
        g = repo.inventory(code)
        t3 = time.perf_counter()
        repo.close()
        ttl = tmp / "inv.ttl"
        ttl.write_text(g.serialize(format="turtle"), encoding="utf-8")
        t4 = time.perf_counter()
        Graph().parse(ttl, format="turtle")
        t5 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"kommune {code}: {args.systems} systems, {record.rows} rows, {record.triples} triples")
    print(f"open new repository + load catalogue : {t1 - t0:6.3f} s")
    print(f"import inventory (read, check, write) : {t2 - t1:6.3f} s")
    print(f"read inventory back into rdflib       : {t3 - t2:6.3f} s")
    print(f"baseline: rdflib parses same as Turtle : {t5 - t4:6.3f} s")
    print(f"store write+read vs Turtle parse       : {(t3 - t1) / (t5 - t4):6.2f}x")
    print(f"peak RSS                              : {peak:6.0f} MiB")


if __name__ == "__main__":
    main()
