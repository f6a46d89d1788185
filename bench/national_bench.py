"""The national benchmark: N synthetic 200-system kommuner through the real command line, in one run.

    PYTHONPATH=. python bench/national_bench.py [--sizes 1,20,100,357] [--systems 200] [--naive 5]
                                                [--work DIR] [--readme]

For each N it builds N inventories (bench/synth.py, seeded), then measures with the commands a user runs:

- total triples and the N-Quads size of the N inventories, and the *bare load*: a fresh pyoxigraph store
  bulk-loading that N-Quads file (the yardstick every ratio is against);
- `import --each` (one call), `check --all`, `gaps --all`, `report --all`: wall time, ratio to the bare load,
  peak resident memory of the whole process tree (psutil, sampled every 50 ms);
- the store's size on disk right after the import, against the N-Quads size;
- `ea-repo --help` (best of 5; the bare interpreter's start beside it);
- and at N = --naive: `check --all --engine pyshacl` against the fast engine, with both finding sets compared.

It prints a Markdown table; --readme writes it into README.md between the speed-table markers. It measures
and prints; it asserts nothing (tests/ does that).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synth import write_inventories  # noqa: E402

DAY = "2026-12-02"
START, END = "<!-- speed-table:start -->", "<!-- speed-table:end -->"


CPU: dict[str, float] = {}


def _children_cpu() -> float:
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def run(args: list[str], env: dict | None = None, ok=(0, 1), cpu_key: str | None = None) -> tuple[float, float]:
    """Wall seconds and peak MiB (process tree) of one command; with cpu_key, its CPU seconds (user + system of
    the command and every process it waited for) go into CPU[cpu_key], for minutes when others share the machine."""
    c0 = _children_cpu()
    t0 = time.perf_counter()
    proc = psutil.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    peak = 0
    while proc.poll() is None:
        try:
            procs = [proc, *proc.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in procs if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    secs = time.perf_counter() - t0
    if cpu_key:
        CPU[cpu_key] = round(_children_cpu() - c0, 2)
    err = proc.stderr.read().decode("utf-8", "replace")
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{err[-3000:]}")
    return secs, peak / 2**20


def ea(*args: str) -> list[str]:
    return [sys.executable, "-m", "ea_repo", *args]


def size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() else path.stat().st_size


def nquads_of(repo: Path, out: Path) -> int:
    """The inventories of the repository as one N-Quads file (what the bare load loads); its triple count."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(repo))
    n = 0
    with open(out, "wb") as fh:
        for g in sorted(store.named_graphs(), key=lambda g: g.value):
            if "/graph/inventory/" in g.value:
                quads = list(store.quads_for_pattern(None, None, None, g))
                n += len(quads)
                fh.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    del store
    return n


def bare_load(nq: Path, work: Path) -> float:
    """A fresh process bulk-loading the N-Quads into a new on-disk store (the timing is taken inside it)."""
    target = work / "bare-store"
    shutil.rmtree(target, ignore_errors=True)
    code = ("import sys, time, pyoxigraph as ox; t=time.perf_counter(); s=ox.Store(sys.argv[2]); "
            "s.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS); s.flush(); print(time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-c", code, str(nq), str(target)], capture_output=True, text=True, check=True)
    shutil.rmtree(target, ignore_errors=True)
    return float(out.stdout.strip())


def help_time() -> tuple[float, float]:
    best, bare = 99.0, 99.0
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run(ea("--help"), stdout=subprocess.DEVNULL, check=True)
        best = min(best, time.perf_counter() - t0)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare = min(bare, time.perf_counter() - t0)
    return best, bare


def finding_set(path: Path) -> set:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {(f["kommune"], f["rule"], f["focus"], f.get("answer"), f.get("path"), f.get("value")) for f in data["findings"]}


def measure(n: int, systems: int, work: Path, inventories: Path) -> dict:
    folder = work / f"n{n}"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "inv").mkdir(parents=True)
    for p in sorted(inventories.glob("*.json"))[:n]:
        os.symlink(p, folder / "inv" / p.name)
    repo = folder / "repo"
    row: dict = {"n": n}
    row["import"], row["import_mib"] = run(ea("import", "--each", str(folder / "inv"), "--repo", str(repo), "--quiet"),
                                          cpu_key="import")
    row["store_bytes"] = size(repo)
    nq = folder / "inventories.nq"
    row["triples"] = nquads_of(repo, nq)
    row["nq_bytes"] = nq.stat().st_size
    row["bare"] = bare_load(nq, folder)
    common = ["--repo", str(repo), "--date", DAY]
    row["check"], row["check_mib"] = run(ea("check", "--all", *common, "--format", "json", "--out", str(folder / "check.json")),
                                        cpu_key="check")
    row["gaps"], row["gaps_mib"] = run(ea("gaps", "--all", *common, "--format", "json", "--out", str(folder / "gaps.json")),
                                      cpu_key="gaps")
    row["report"], row["report_mib"] = run(ea("report", "--all", *common, "--out", str(folder / "report"), "--quiet"),
                                          cpu_key="report")
    row["cpu"] = dict(CPU)
    row["load"] = round(os.getloadavg()[0], 2)
    shutil.rmtree(folder / "report", ignore_errors=True)
    nq.unlink()
    return row


def naive(n: int, work: Path) -> dict:
    folder = work / f"n{n}"
    common = ["check", "--all", "--repo", str(folder / "repo"), "--date", DAY, "--format", "json"]
    fast, _ = run(ea(*common, "--out", str(folder / "fast.json")))
    ref, _ = run(ea(*common, "--engine", "pyshacl", "--out", str(folder / "ref.json")))
    a, b = finding_set(folder / "fast.json"), finding_set(folder / "ref.json")
    return {"n": n, "fast": fast, "pyshacl": ref, "same": a == b, "findings": len(a), "only_fast": len(a - b),
            "only_ref": len(b - a)}


def table(rows: list[dict], help_s: float, bare_s: float, ref: dict | None) -> str:
    def r(x, base):
        return f"{x:.1f} s ({x / base:.1f}×)"

    out = ["| N | triples | bare load | import --each | check --all | gaps --all | report --all | peak MiB (import/check/gaps/report) | store / N-Quads |",
           "|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for x in rows:
        b = x["bare"]
        out.append(f"| {x['n']} | {x['triples']:,} | {b:.2f} s | {r(x['import'], b)} | {r(x['check'], b)} | {r(x['gaps'], b)} | "
                   f"{r(x['report'], b)} | {x['import_mib']:.0f} / {x['check_mib']:.0f} / {x['gaps_mib']:.0f} / {x['report_mib']:.0f} | "
                   f"{x['store_bytes'] / 2**20:.0f} / {x['nq_bytes'] / 2**20:.0f} MiB ({x['store_bytes'] / x['nq_bytes']:.1f}×) |")
    cpu = [x for x in rows if "cpu" in x]
    if cpu:
        out.append("")
        out.append("CPU seconds, user + system of each command and its workers (import / check / gaps / report), and the "
                   "load average when the size was done: " + "; ".join(
                       f"N = {x['n']}: " + " / ".join(f"{x['cpu'][k]:.1f}" for k in ("import", "check", "gaps", "report"))
                       + f" (load {x['load']})" for x in cpu) + ".")
    out.append("")
    out.append(f"`ea-repo --help`: {help_s:.2f} s (the bare interpreter starts in {bare_s:.2f} s on this machine). "
               "Ratios in brackets are to the bare load of the same triples.")
    if ref:
        out.append(f"At N = {ref['n']}: `--engine pyshacl` {ref['pyshacl']:.1f} s against {ref['fast']:.1f} s for the fast engine "
                   f"({ref['pyshacl'] / ref['fast']:.0f}×); findings {'identical' if ref['same'] else 'DIFFERENT'} "
                   f"({ref['findings']:,}; only fast {ref['only_fast']}, only reference {ref['only_ref']}).")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1,20,100,357")
    ap.add_argument("--systems", type=int, default=200)
    ap.add_argument("--naive", type=int, default=5, help="N for the pySHACL comparison (0: leave it out)")
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--readme", action="store_true", help="write the table into README.md")
    ap.add_argument("--from-log", type=Path, default=None,
                    help="print (and with --readme write) the table from the JSON lines an earlier run printed")
    a = ap.parse_args()
    if a.from_log:
        lines = [json.loads(x) for x in a.from_log.read_text(encoding="utf-8").splitlines() if x.startswith("{")]
        rows = [x for x in lines if "bare" in x]
        ref = next((x for x in lines if "pyshacl" in x), None)
        help_s, bare_s = help_time()
        return _emit(table(rows, help_s, bare_s, ref), a.readme)
    sizes = [int(s) for s in a.sizes.split(",") if s]
    work = a.work or Path(os.environ.get("TMPDIR", "/tmp")) / "ea-repo-national-bench"
    work.mkdir(parents=True, exist_ok=True)
    inventories = work / "inventories"
    have = len(list(inventories.glob("*.json"))) if inventories.exists() else 0
    if have < max(sizes + [a.naive]):
        shutil.rmtree(inventories, ignore_errors=True)
        write_inventories(inventories, max(sizes + [a.naive]), a.systems)
    help_s, bare_s = help_time()
    rows = []
    for n in sizes:
        row = measure(n, a.systems, work, inventories)
        rows.append(row)
        print(json.dumps(row), flush=True)
    ref = None
    if a.naive:
        if a.naive not in sizes:
            measure(a.naive, a.systems, work, inventories)
        ref = naive(a.naive, work)
        print(json.dumps(ref), flush=True)
    _emit(table(rows, help_s, bare_s, ref), a.readme)


def _emit(text: str, readme_too: bool) -> None:
    print(text)
    if readme_too:
        readme = ROOT / "README.md"
        body = readme.read_text(encoding="utf-8")
        head, rest = body.split(START, 1)
        _, tail = rest.split(END, 1)
        readme.write_text(f"{head}{START}\n{text}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
