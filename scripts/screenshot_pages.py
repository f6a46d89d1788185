"""Regenerate the screenshots of the web pages of `ea-repo serve` in docs/pages/: build the demo repository (the
example inventories and co-operation), start the server on 127.0.0.1 with one architect, sign in with headless
Chromium (Debian's, driven by playwright-core from node; no network) and take a picture of each main page.

    python scripts/screenshot_pages.py [--kommune 4630] [--system SYSTEM-ID] [--out docs/pages]
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "screenshots only, on 127.0.0.1"

DRIVER = r"""
const fs = require('fs');
const { chromium } = require('playwright-core');
const cfg = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
(async () => {
  const browser = await chromium.launch({ executablePath: cfg.chromium, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--hide-scrollbars'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(cfg.url + '/signin');
  await page.fill('#user', 'arkitekt');
  await page.fill('#password', cfg.password);
  await Promise.all([page.waitForNavigation(), page.press('#password', 'Enter')]);
  for (const [name, path, wait] of cfg.shots) {
    await page.goto(cfg.url + path, { timeout: 300000 });
    if (wait) { await page.waitForSelector(wait, { timeout: 300000 }); }
    await page.screenshot({ path: cfg.out + '/' + name + '.png', fullPage: false });
  }
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
"""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    from ea_repo import cooperation
    from ea_repo.inventory import import_examples
    from ea_repo.server.accounts import Accounts
    from ea_repo.store import Repository, now_iso

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kommune", default="4630")
    ap.add_argument("--system", default=None, help="the system page to show (default: the first with findings)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "pages")
    args = ap.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is not installed; run scripts/test-setup.sh")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        repo_path, accounts_path = Path(tmp) / "repo", Path(tmp) / "accounts.sqlite3"
        repo = Repository(repo_path)
        try:
            list(import_examples(repo))
            cooperation.import_declarations(repo, ROOT / "examples" / "fjordnett-ikt.yaml", now_iso())
            coop = sorted(cooperation.repository_ids(repo))[0]
            system = args.system or _first_system(repo, args.kommune)
        finally:
            repo.close()
        accounts = Accounts(accounts_path)
        accounts.add("arkitekt", "kommune-architect", PASSWORD, kommuner=[args.kommune])
        accounts.close()
        port = _port()
        url = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen([sys.executable, "-m", "ea_repo", "serve", "--repo", str(repo_path), "--accounts",
                                 str(accounts_path), "--port", str(port), "--date", "2026-11-01"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"{url}/api/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            k = f"/kommuner/{args.kommune}"
            shots = [["home", "/", None], ["kommune", k + "/", None], ["system", f"{k}/systems/{system}", None],
                     ["worklist", k + "/findings?severity=violation", None], ["waivers", k + "/waivers", None],
                     ["upload", k + "/upload", None], ["graph", k + "/graph", "#graph[data-drawn-ms]"],
                     ["catalogue", "/catalogue/components", None], ["search", "/search?q=vis", None],
                     ["cooperation", f"/cooperations/{coop}/", None]]
            cfg = Path(tmp) / "config.json"
            cfg.write_text(json.dumps({"chromium": chromium, "url": url, "password": PASSWORD, "out": str(args.out),
                                       "shots": shots}), encoding="utf-8")
            (Path(tmp) / "driver.js").write_text(DRIVER, encoding="utf-8")
            subprocess.run(["node", str(Path(tmp) / "driver.js"), str(cfg)], check=True, timeout=900,
                           env={"PATH": "/usr/bin:/bin", "NODE_PATH": str(ROOT / "node_modules"), "HOME": tmp})
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"wrote {len(shots)} screenshots to {args.out}")


def _first_system(repo, code: str) -> str:
    from ea_repo.inventory.export import inventory_tables

    return sorted(str(r["id"]) for r in inventory_tables(repo.inventory(code), code).sheets["systems"])[0]


if __name__ == "__main__":
    main()
