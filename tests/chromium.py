"""Headless Chromium (Debian's) driven by playwright-core from node, for the web pages' tests: PRELUDE opens a
browser with ``page``, ``out`` (errors, dialogs, pages), ``look(name)`` (axe-core and what the page shows) and
``go(name, url)`` (the answer's status in ``out.statuses``); a test's script follows it, and ``drive`` runs both
and returns ``out``."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

PRELUDE = r"""
const fs = require('fs'), os = require('os'), path = require('path');
const { chromium } = require('playwright-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const cfg = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ea-repo-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: cfg.chromium, headless: true, viewport: { width: 1280, height: 900 }, acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const page = context.pages()[0] || await context.newPage();
  const out = { errors: [], dialogs: 0, pages: {}, statuses: {} };
  page.on('console', m => { if (m.type() === 'error') out.errors.push(page.url() + ': ' + m.text()); });
  page.on('pageerror', e => out.errors.push(String(e)));
  page.on('dialog', async d => { out.dialogs++; await d.dismiss(); });
  const go = async (name, url) => { const r = await page.goto(cfg.url + url); out.statuses[name] = r.status(); };
  async function look(name) {
    await page.evaluate(axeSource);  // (evaluated by the driver, not a script tag: the page's CSP stays as served)
    const axe = await page.evaluate(async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
      .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.html) })));
    out.pages[name] = { url: page.url(), axe, title: await page.title(), lang: await page.$eval('html', h => h.lang),
      text: await page.$eval('main', m => m.innerText), xss: await page.evaluate(x => document.body.innerText.includes(x), cfg.xss),
      images: await page.$$eval('img', is => is.length),
      scripts: await page.$$eval('script', ss => ss.map(s => s.src || 'inline')) };
  }
"""

POSTLUDE = r"""
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
  process.stdout.write(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
"""


def drive(tmp_path: Path, script: str, **cfg) -> dict:
    """Run SCRIPT (JavaScript, after PRELUDE) in Chromium with CFG; the ``out`` it filled."""
    (tmp_path / "driver.js").write_text(PRELUDE + script + POSTLUDE, encoding="utf-8")
    (tmp_path / "config.json").write_text(json.dumps({"chromium": CHROMIUM, **cfg}), encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "NODE_PATH": str(ROOT / "node_modules"), "HOME": str(tmp_path),
           "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"}
    run = subprocess.run(["node", str(tmp_path / "driver.js"), str(tmp_path / "config.json")], capture_output=True,
                         text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)
