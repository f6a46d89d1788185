"""Answers per class (met / not met / not known) on the example inventories, for the README's tables.

    PYTHONPATH=. python bench/answer_counts.py [--date 2026-11-23]

Imports the three example inventories into a temporary repository, runs one check (SHACL rules and graph
analyses) and prints, per kommune: answers per class for all rules, for the scored ones, score and
coverage, and the not-met findings per severity; then the gap findings per rule and class.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from collections import Counter
from pathlib import Path

from ea_repo import check, score
from ea_repo.inventory import import_examples
from ea_repo.store import Repository


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--date", default="2026-11-23")
    args = ap.parse_args()
    today = dt.date.fromisoformat(args.date)
    with tempfile.TemporaryDirectory() as tmp:
        repo = Repository(Path(tmp) / "repo")
        try:
            list(import_examples(repo))
        finally:
            repo.close()
        result = check.run(check.CheckRequest(today=today, repo_path=Path(tmp) / "repo", checked_at=f"{today}T00:00:00"))
    print(f"{'kommune':8} {'met':>6} {'not met':>8} {'not known':>10} | scored: {'met':>5} {'not met':>8} "
          f"{'not known':>10} {'score':>6} {'coverage':>9} | violation warning info")
    for k in result.all_kommuner():
        mine = [a for a in result.answers if a.kommune == k]
        c = Counter(a.answer for a in mine)
        a = result.assessment(k)
        scored = Counter(x.answer for x in mine if score.counted(result.rules.get(x.rule)))
        sev = Counter(f.severity for f in result.findings if f.kommune == k and f.answer == "not-met")
        print(f"{k:8} {c['met']:6} {c['not-met']:8} {c['not-known']:10} | scored: {scored['met']:5} "
              f"{scored['not-met']:8} {scored['not-known']:10} {_pct(a.score):>6} {_pct(a.coverage):>9} | "
              f"{sev['violation']:9} {sev['warning']:7} {sev['info']:4}")
    print("\ngap rules: not met / not known per kommune")
    gap_codes = sorted({a.rule for a in result.answers if a.rule.startswith("EA-GAP")}
                       | {f.rule for f in result.findings if f.rule.startswith("EA-GAP")})
    kommuner = result.all_kommuner()
    print(f"{'rule':12} " + " ".join(f"{k:>10}" for k in kommuner))
    for code in gap_codes:
        cells = []
        for k in kommuner:
            fs = Counter(f.answer for f in result.findings if f.kommune == k and f.rule == code)
            cells.append(f"{fs['not-met']:>4} / {fs['not-known']:<3}")
        print(f"{code:12} " + " ".join(f"{c:>10}" for c in cells))


def _pct(x) -> str:
    return "—" if x is None else f"{x:.1f}"


if __name__ == "__main__":
    main()
