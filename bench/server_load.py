"""Load on `ea-repo serve` (127.0.0.1 only): 20 readers and 2 writers for 60 s, then the report page of a
200-system kommune. Prints throughput, p50/p95 latency per kind of request and the errors (there should be none).

    python bench/server_load.py [--seconds 60] [--readers 20] [--writers 2] [--repo-url http://…]

Readers ask at random for the kommune list, an inventory (Turtle), a kommune's history, a small SPARQL query and
the findings of a kommune; writers put whole inventories (JSON, 200 systems) of their own kommune again and again.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import synth_inventory  # noqa: E402

CODES = ["4631", "4630", "4632", "4633"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ea(*args, input=None) -> str:
    out = subprocess.run([sys.executable, "-m", "ea_repo", *map(str, args)], capture_output=True, text=True, input=input)
    if out.returncode not in (0, 1):
        raise SystemExit(out.stderr)
    return out.stdout


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--readers", type=int, default=20)
    ap.add_argument("--writers", type=int, default=2)
    ap.add_argument("--repo-url", default=None, help="a SPARQL server to keep the repository on (default: a folder)")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ea-repo-load-"))
    repo = a.repo_url or tmp / "repo"
    files = {}
    for i, code in enumerate(CODES):
        f = tmp / f"{code}.json"
        doc = synth_inventory(code, 200, seed=i + 1)
        f.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        files[code] = f
        _ea("import", f, "--kommune", code, "--repo", repo, "-q")
    acc = tmp / "accounts.sqlite3"
    _ea("users", "add", "admin", "--role", "admin", "--no-password", "--accounts", acc)
    token = _ea("users", "token", "admin", "--accounts", acc).strip()
    port = _port()
    server = subprocess.Popen([sys.executable, "-m", "ea_repo", "serve", "--repo", str(repo), "--accounts", str(acc),
                               "--port", str(port)], stderr=subprocess.PIPE)
    url, h = f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {token}"}
    for _ in range(200):
        try:
            if requests.get(f"{url}/api/health", timeout=1).ok:
                break
        except requests.ConnectionError:
            time.sleep(0.05)
    times: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + a.seconds
    query = ("SELECT (COUNT(?s) AS ?n) WHERE { GRAPH <https://w3id.org/ea-repo/graph/inventory/4631> "
             "{ ?s a <https://w3id.org/ea-repo/ont#System> } }")

    def call(kind: str, method: str, path: str, **kw):
        t0 = time.perf_counter()
        try:
            r = requests.request(method, url + path, headers=h, timeout=300, **kw)
            ok = r.status_code == 200
            detail = f"{kind}: HTTP {r.status_code} {r.text[:200]}"
        except requests.RequestException as exc:
            ok, detail = False, f"{kind}: {exc}"
        with lock:
            times[kind].append(time.perf_counter() - t0)
            if not ok:
                errors.append(detail)

    def reader(seed: int):
        rnd = random.Random(seed)
        while time.monotonic() < stop:
            code = rnd.choice(CODES)
            kind = rnd.choices(["list", "inventory", "history", "sparql", "findings"], [4, 3, 3, 3, 1])[0]
            path = {"list": "/api/kommuner", "inventory": f"/api/kommuner/{code}/inventory",
                    "history": f"/api/kommuner/{code}/history", "sparql": "/api/sparql",
                    "findings": f"/api/kommuner/{code}/findings"}[kind]
            call(kind, "GET", path, params={"query": query} if kind == "sparql" else None)

    def writer(i: int):
        code = CODES[i % len(CODES)]
        body = files[code].read_bytes()
        while time.monotonic() < stop:
            call("import", "PUT", f"/api/kommuner/{code}/inventory", params={"filename": f"{code}.json"}, data=body)

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(a.readers)]
    threads += [threading.Thread(target=writer, args=(i,)) for i in range(a.writers)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - t0
    report = []
    for _ in range(10):
        t1 = time.perf_counter()
        r = requests.get(f"{url}/kommuner/4631/report.html", headers=h, timeout=300)
        report.append(time.perf_counter() - t1)
        if r.status_code != 200:
            errors.append(f"report: HTTP {r.status_code}")
    server.terminate()
    server.wait(timeout=30)
    total = sum(len(v) for v in times.values())
    print(f"{a.readers} readers, {a.writers} writers, {wall:.0f} s on {'a SPARQL server' if a.repo_url else 'a folder'}: "
          f"{total} requests, {total / wall:.1f} per second, {len(errors)} errors")
    print(f"{'request':<10} {'n':>6} {'p50 s':>8} {'p95 s':>8}")
    for kind, v in sorted(times.items()):
        print(f"{kind:<10} {len(v):>6} {statistics.median(v):>8.3f} {pct(v, 95):>8.3f}")
    print(f"report page, 200 systems, 10 sequential: p50 {statistics.median(report):.2f} s, p95 {pct(report, 95):.2f} s")
    for e in errors[:10]:
        print("error:", e)
    if errors:
        print("the server said:", server.stderr.read().decode("utf-8", "replace")[-3000:])


if __name__ == "__main__":
    main()
