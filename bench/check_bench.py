"""Benchmark of `check --all` against a naive pySHACL run, on N synthetic 200-system kommuner.

    python bench/check_bench.py [--n 20] [--systems 200] [--jobs CORES] [--skip-naive]

1. builds N synthetic kommuner (bench/synth.py, seeded) in our JSON inventory format and imports them
   into a fresh on-disk repository;
2. times ea-repo's check of all kommuner (fast engine, shapes compiled once per process, one kommune
   per task, --jobs processes) and of one kommune alone;
3. times pySHACL run naively (default options) on the merged graph of all N inventories plus the
   catalogue, parsed from Turtle, with the shapes parsed from their files;
4. prints both times, the ratio, both findings counts (they must agree) and peak memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synth import write_inventories  # noqa: E402

from ea_repo import catalog, rules  # noqa: E402
from ea_repo.check import check_repository, default_jobs, findings_from_report  # noqa: E402
from ea_repo.inventory import import_inventory  # noqa: E402
from ea_repo.store import Repository  # noqa: E402

TODAY = dt.date(2026, 11, 23)


def peak_mib() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def key(f) -> tuple:
    return (f.rule, f.focus, f.path, f.value)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--systems", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=default_jobs())
    ap.add_argument("--skip-naive", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        invs = write_inventories(tmp / "inv", args.n, args.systems)
        repo = Repository(tmp / "repo")
        t0 = time.perf_counter()
        triples = 0
        for code, path in invs:
            _, rec = import_inventory(repo, [path], code)
            triples += rec.triples
        t_import = time.perf_counter() - t0
        ttl_dir = tmp / "ttl"
        ttl_dir.mkdir()
        for code, _ in invs:
            (ttl_dir / f"{code}.ttl").write_text(repo.inventory(code).serialize(format="turtle"), encoding="utf-8")
        repo.close()
        print(f"{args.n} kommuner x {args.systems} systems: {triples} inventory triples "
              f"({triples // args.n} per kommune), imported in {t_import:.1f} s")

        t0 = time.perf_counter()
        one = check_repository(tmp / "repo", [invs[0][0]], jobs=1, today=TODAY, analyses=False)
        t_one = time.perf_counter() - t0
        print(f"check one kommune (fast engine, incl. start-up): {t_one:.2f} s "
              f"(validation alone {one.kommuner[0].seconds:.2f} s), {len(one.findings)} findings")

        t0 = time.perf_counter()
        run = check_repository(tmp / "repo", None, jobs=args.jobs, today=TODAY, analyses=False)
        t_fast = time.perf_counter() - t0
        fast = {key(f) for f in run.findings}
        print(f"check --all, fast engine, {args.jobs} processes: {t_fast:.2f} s, {len(fast)} findings")
        if args.skip_naive:
            print(f"peak RSS: parent {peak_mib()[0]:.0f} MiB, largest worker {peak_mib()[1]:.0f} MiB")
            return

        import pyshacl
        from rdflib import Graph

        t0 = time.perf_counter()
        data = Graph()
        for f in catalog.catalog_files():
            data.parse(f, format="turtle")
        for f in sorted(ttl_dir.glob("*.ttl")):
            data.parse(f, format="turtle")
        data += rules.validation_context(TODAY)
        shapes = Graph()
        for f in rules.shape_files():
            shapes.parse(f, format="turtle")
        t_parse = time.perf_counter() - t0
        _, report, _ = pyshacl.validate(data, shacl_graph=shapes)
        t_naive = time.perf_counter() - t0
        labels: dict[str, str] = {}
        naive = {key(f) for f in findings_from_report(report, "?", labels)}
        print(f"naive pySHACL on the merged graph ({len(data)} triples): {t_naive:.1f} s "
              f"(parsing Turtle {t_parse:.1f} s), {len(naive)} findings")
        print(f"findings agree: {naive == fast}" + ("" if naive == fast else
              f" (only fast: {len(fast - naive)}, only naive: {len(naive - fast)})"))
        print(f"speed-up check --all vs naive: {t_naive / t_fast:.1f}x")
        own, children = peak_mib()
        print(f"peak RSS: parent {own:.0f} MiB, largest worker {children:.0f} MiB")


if __name__ == "__main__":
    main()
