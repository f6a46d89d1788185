"""How many runs of `ea-repo import --dry-run` a workbook with 10 mistakes needs before it goes through.

    python bench/import_runs.py                      # this checkout
    python bench/import_runs.py --root /path/to/old  # another checkout (e.g. `git archive 0a31e96`)

Writes one workbook with ten different mistakes (English sheet and column names, so any version reads
the sheets), then loops like a user: run the dry run, correct what the output names (all of it when
the output lists several problems), run again — until the import is accepted. Prints the runs needed.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook, load_workbook

HEADER = ["id", "name", "vendr", "category", "lifecycle", "sharedWith", "supportsStandard", "contractEnd", "url",
          "citizenFacing"]
ROWS = [
    ["sak", "Public 360", "TietoEvry", "sak-arkiv", "production", "", "utf-8;noark-5", "2028-12-31", "", "false"],
    ["øks", "Økonomi", "Visma", "okonomi", "production", "", "", "", "", ""],  # bad id
    ["web", "", "Acos", "innbyggerportal", "prodution", "", "", "", "", ""],  # name missing, value misspelt
    ["sak", "Dup", "", "", "", "", "", "", "", ""],  # duplicate id
    ["skole", "Visma Flyt Skole", "", "skole", "", "463", "utf-8, noark-5", "31.12.2028", "www.visma.no", "kanskje"],
]
# (row, column as the file names it) -> the correction a user makes; row 1 with the header name renames it
FIXES = {
    (1, "vendr"): "vendor", (3, "id"): "oks", (4, "name"): "Web", (4, "lifecycle"): "production",
    (5, "id"): "sak2", (6, "sharedWith"): "4630", (6, "supportsStandard"): "utf-8; noark-5",
    (6, "contractEnd"): "2028-12-31", (6, "url"): "https://www.visma.no", (6, "citizenFacing"): "false",
}
LOCATED = re.compile(r"row (\d+), column '([^']+)'")


def write(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "systems"
    ws.append(HEADER)
    for r in ROWS:
        ws.append(r)
    wb.save(path)


def correct(path: Path, output: str) -> int:
    """Apply the corrections for every (row, column) the output names; the number applied."""
    wb = load_workbook(path)
    ws = wb["systems"]
    header = [c.value for c in ws[1]]
    done = 0
    for row, col in LOCATED.findall(output):
        row = int(row)
        if col in header and (1, col) in FIXES:  # an unknown column, wherever the version reports it
            ws.cell(row=1, column=header.index(col) + 1, value=FIXES[(1, col)])
            done += 1
        elif (row, col) in FIXES and col in header:
            ws.cell(row=row, column=header.index(col) + 1, value=FIXES[(row, col)])
            done += 1
    wb.save(path)
    return done


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(args.root)}
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "inventory.xlsx"
        write(f)
        runs, reported = 0, []
        while True:
            runs += 1
            p = subprocess.run([sys.executable, "-m", "ea_repo", "import", str(f), "--kommune", "4631", "--dry-run"],
                               capture_output=True, text=True, cwd=tmp, env=env)
            if p.returncode == 0:
                break
            n = correct(f, p.stderr + p.stdout)
            reported.append(n)
            if n == 0 or runs > 30:
                print(p.stderr, file=sys.stderr)
                raise SystemExit(f"run {runs}: no correction applies; stopping")
    print(f"{args.root}: {len(FIXES)} mistakes, {runs} runs until accepted "
          f"({runs - 1} refused, reporting {', '.join(map(str, reported))} problem(s) per run)")


if __name__ == "__main__":
    main()
