"""Regenerate docs/report-screenshot.png: build the demo repository, render the example reports and take a
screenshot of one kommune page with Debian's headless Chromium (its own --screenshot; no network).

    python scripts/screenshot.py [--kommune 4630] [--out docs/report-screenshot.png]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ea_repo.inventory import import_examples  # noqa: E402
from ea_repo.report import build_reports, write_reports  # noqa: E402
from ea_repo.store import Repository  # noqa: E402

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars")


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    raise SystemExit("chromium is not installed; run scripts/test-setup.sh")


def screenshot(page: Path, png: Path, size: str = "1280,1700") -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={size}",
                        f"--screenshot={png}", page.as_uri()], check=True, capture_output=True, timeout=120)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kommune", default="4630")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "report-screenshot.png")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = Repository(Path(tmp) / "repo")
        try:
            list(import_examples(repo))
        finally:
            repo.close()
        reports = build_reports(Path(tmp) / "repo", lang="nb", today=dt.date(2026, 11, 1),
                                checked_at="2026-11-01T12:00:00Z")
        write_reports(reports.pages, Path(tmp) / "out")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        screenshot(Path(tmp) / "out" / f"{args.kommune}.html", args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
