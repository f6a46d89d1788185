"""The HTML report in real headless Chromium (Debian's, driven by playwright-core; see scripts/test-setup.sh).

One browser session opens the demo pages and an inventory with <script> in a system name, served by a real
HTTP server on 127.0.0.1, and reports: axe-core violations, the summary numbers, sort order after clicks,
keyboard focus, the filter, script elements and dialogs. Screenshots go to test-artifacts/."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from test_report import CHECKED_AT, TODAY, XSS, demo_repo, make_repo, xss_inventory

from ea_repo import cooperation, history
from ea_repo.merger import plan_repository, reform_what_if
from ea_repo.merger.output import WRITERS
from ea_repo.report import build_cooperation_report, build_reports, write_reports
from ea_repo.store import Repository, now_iso
from ea_repo.writers import write_json

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

DRIVER = r"""
const fs = require('fs'), os = require('os'), path = require('path');
const { chromium } = require('playwright-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const cfg = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

async function texts(page, selector) { return page.$$eval(selector, els => els.map(e => e.textContent.trim())); }

async function focusWalk(page, steps) {
  const seen = [];
  await page.focus('body');
  for (let i = 0; i < steps; i++) {
    await page.keyboard.press('Tab');
    seen.push(await page.evaluate(() => {
      const e = document.activeElement;
      return (e.tagName + '#' + (e.id || '') + '.' + (e.className || '') + ':' + (e.textContent || '').trim().slice(0, 40));
    }));
  }
  return seen;
}

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ea-repo-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: cfg.chromium, headless: true, viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  const out = {};
  try {
    for (const p of cfg.pages) {
      const page = await context.newPage();
      const dialogs = [], errors = [];
      page.on('dialog', d => { dialogs.push(d.message()); d.dismiss(); });
      page.on('pageerror', e => errors.push(String(e)));
      if (p.viewport) await page.setViewportSize(p.viewport);
      const t0 = Date.now();
      await page.goto(p.url, { waitUntil: 'load' });
      const r = { loadMs: Date.now() - t0, dialogs, errors };
      r.width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
      r.widths = {};  // the page at a desktop and a tablet width: never wider than the window
      for (const w of [1400, 768]) {
        await page.setViewportSize({ width: w, height: 900 });
        r.widths[w] = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
          worstRight: (() => { const th = document.querySelector('#sys-table thead th:nth-child(2)');
                               return th ? th.getBoundingClientRect().right : null; })() }));
      }
      await page.setViewportSize(p.viewport || { width: 1280, height: 900 });
      r.focus = await focusWalk(page, p.tabs || 12);  // first, from the top of a freshly loaded page
      r.summary = await page.$$eval('#summary dd[data-bucket]', els => Object.fromEntries(els.map(e => [e.dataset.bucket, Number(e.textContent)])));
      r.scripts = await page.$$eval('script', els => els.length);
      r.lang = await page.evaluate(() => document.documentElement.lang);
      await page.addScriptTag({ content: axeSource });
      const axe = await page.evaluate(async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
        .map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help, target: v.nodes[0] && v.nodes[0].target })));
      r.axe = axe;
      if (p.sort) {
        const col = p.sort.column, sel = `#${p.sort.table} tbody tr`;
        // a long table sits in a closed <details>: open it the way a user would, by its summary
        if (await page.$eval(`#${p.sort.table}`, t => !!t.closest('details:not([open])'))) {
          await page.click(`details:has(#${p.sort.table}) > summary`);
        }
        r.before = await page.$$eval(sel, (rows, c) => rows.map(x => x.cells[c].textContent.trim()), col);
        await page.click(`#${p.sort.table} thead th:nth-child(${col + 1}) button`);
        r.asc = await page.$$eval(sel, (rows, c) => rows.map(x => x.cells[c].textContent.trim()), col);
        r.ariaSort = await page.$eval(`#${p.sort.table} thead th:nth-child(${col + 1})`, th => th.getAttribute('aria-sort'));
        // the second click by keyboard: focus the button and press Enter
        await page.focus(`#${p.sort.table} thead th:nth-child(${col + 1}) button`);
        await page.keyboard.press('Enter');
        r.desc = await page.$$eval(sel, (rows, c) => rows.map(x => x.cells[c].textContent.trim()), col);
      }
      if (p.filter) {
        await page.fill(`#${p.filter.input}`, p.filter.text);
        r.filtered = await page.$$eval(`#${p.filter.table} tbody tr`, rows => rows.filter(x => !x.hidden).map(x => x.cells[0].textContent.trim()));
        r.status = await page.$eval(`#${p.filter.input} ~ .status`, e => e.textContent);
        await page.fill(`#${p.filter.input}`, '');
      }
      if (p.screenshot) await page.screenshot({ path: p.screenshot, fullPage: !!p.fullPage });
      out[p.name] = r;
      await page.close();
    }
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
"""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serving(folder: Path):
    """FOLDER served over HTTP on a free port of 127.0.0.1 while the block runs: its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo reports and the <script> report, served over HTTP on 127.0.0.1."""
    base = tmp_path_factory.mktemp("site")
    repo_path = demo_repo(base / "repo")
    repo = Repository(repo_path)  # the examples' fictional co-operation, as `ea-repo demo` declares it
    try:
        cooperation.import_declarations(repo, ROOT / "examples" / "fjordnett-ikt.yaml", now_iso())
    finally:
        repo.close()
    demo = build_reports(repo_path, today=TODAY, checked_at=CHECKED_AT)
    write_reports(demo.pages, base / "www")
    coop = build_cooperation_report(repo_path, "fjordnett-ikt", today=TODAY, checked_at=CHECKED_AT)
    write_reports({k: v for k, v in coop.pages.items() if k.startswith("cooperation-")}, base / "www")
    # imported twice (the mini inventory, then the one with <script> in a name), so the trend section lists the
    # changed system, name and all
    xss_repo = make_repo(base / "xss-repo", [("4631", [ROOT / "tests" / "data" / "mini"]), ("4631", [xss_inventory(base)])])
    write_reports(build_reports(xss_repo, kommuner=["4631"], today=TODAY, checked_at=CHECKED_AT, jobs=1).pages,
                  base / "www" / "xss")
    reform = reform_what_if(["4630", "4631"], "4699", "Nordhordland", dt.date(2028, 1, 1), history.shipped())
    repo = Repository(repo_path, read_only=True)
    try:
        plan = plan_repository(repo, reform, today=TODAY)
    finally:
        repo.close()
    (base / "www" / "merger.html").write_text(WRITERS["html"](plan, "nb", tool_version="test", today=str(TODAY)), encoding="utf-8")
    # a kommune that states costs, TIME decisions and licence kinds (the portfolio section), with its own principles
    from test_portfolio import ALVER, OSTEROY, _inv

    from ea_repo import principles, rules

    pf_repo = make_repo(base / "pf-repo", [("4630", [_inv(base / "pf-inv", "4630", OSTEROY)]),
                                           ("4631", [_inv(base / "pf-inv-a", "4631", ALVER)])])
    repo = Repository(pf_repo)
    try:
        cooperation.import_declarations(repo, ROOT / "examples" / "fjordnett-ikt.yaml", now_iso())
    finally:
        repo.close()
    pf_coop = build_cooperation_report(pf_repo, "fjordnett-ikt", today=TODAY, checked_at=CHECKED_AT)
    write_reports({k: v for k, v in pf_coop.pages.items() if k.startswith("cooperation-")}, base / "www" / "pf")
    own = base / "own.yaml"
    own.write_text("set: osteroy\ntitle: Osterøys prinsipper\nprinciples:\n  - id: ost-1\n    title: Én gang\n"
                   "    checks: [EA-GAP-002]\n", encoding="utf-8")
    sets = principles.digdir_principles() + principles.load_principle_set(own, set(rules.load_rules()))
    write_reports(build_reports(pf_repo, kommuner=["4630"], today=TODAY, checked_at=CHECKED_AT, jobs=1,
                                principles=sets).pages, base / "www" / "pf")
    with serving(base / "www") as url:
        yield url, demo


@pytest.fixture(scope="module")
def browser_run(site, tmp_path_factory):
    if not Path(CHROMIUM).exists() or not (ROOT / "node_modules" / "playwright-core").exists():
        pytest.fail("headless Chromium and the npm test tools are missing: run `bash scripts/test-setup.sh`")
    url, demo = site
    ARTIFACTS.mkdir(exist_ok=True)
    pages = [
        {"name": "index", "url": f"{url}/index.html", "sort": {"table": "k-table", "column": 1},
         "filter": {"input": "k-filter", "table": "k-table", "text": "Alver"},
         "screenshot": str(ARTIFACTS / "report-index.png")},
        {"name": "4631", "url": f"{url}/4631.html", "sort": {"table": "sys-table", "column": 0},
         "filter": {"input": "sys-filter", "table": "sys-table", "text": "Valsystem"},
         "screenshot": str(ARTIFACTS / "report-4631.png"), "fullPage": True},
        {"name": "4630", "url": f"{url}/4630.html", "screenshot": str(ARTIFACTS / "report-4630.png")},
        {"name": "3301", "url": f"{url}/3301.html"},
        {"name": "xss", "url": f"{url}/xss/4631.html", "tabs": 3},
        {"name": "cooperation", "url": f"{url}/cooperation-fjordnett-ikt.html", "viewport": {"width": 1400, "height": 900},
         "sort": {"table": "member-table", "column": 1}, "screenshot": str(ARTIFACTS / "report-cooperation.png"),
         "fullPage": True},
        {"name": "merger", "url": f"{url}/merger.html", "screenshot": str(ARTIFACTS / "report-merger.png"), "fullPage": True},
        {"name": "portfolio", "url": f"{url}/pf/4630.html", "sort": {"table": "pf-vendor", "column": 3}, "tabs": 16,
         "screenshot": str(ARTIFACTS / "report-portfolio.png"), "fullPage": True},
        {"name": "pf-cooperation", "url": f"{url}/pf/cooperation-fjordnett-ikt.html", "viewport": {"width": 1400, "height": 900},
         "sort": {"table": "pf-separately", "column": 4}},
    ]
    work = tmp_path_factory.mktemp("driver")
    (work / "driver.js").write_text(DRIVER, encoding="utf-8")
    (work / "config.json").write_text(json.dumps({"chromium": CHROMIUM, "pages": pages}), encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "NODE_PATH": str(ROOT / "node_modules"), "HOME": str(work),
           "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"}
    proc = subprocess.run(["node", str(work / "driver.js"), str(work / "config.json")], capture_output=True, text=True,
                          env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout), demo


def test_no_serious_or_critical_accessibility_issues(browser_run):
    results, _ = browser_run
    (ARTIFACTS / "axe-results.json").write_text(json.dumps({k: v["axe"] for k, v in results.items()}, indent=2))
    for name, r in results.items():
        bad = [v for v in r["axe"] if v["impact"] in ("serious", "critical")]
        assert not bad, f"{name}: {bad}"
        assert r["lang"] == "nb" and not r["errors"]


def test_cooperation_overview_fits_the_window_and_sorts(browser_run):
    r = browser_run[0]["cooperation"]
    assert r["axe"] == [] and r["errors"] == [] and r["dialogs"] == []
    assert r["width"]["inner"] == 1400 and r["width"]["scroll"] <= 1400, r["width"]
    assert r["ariaSort"] == "ascending" and r["desc"] == r["asc"][::-1] and len(r["asc"]) == 2


def test_every_page_fits_the_window_at_1400_and_768(browser_run):
    results, _ = browser_run
    assert {"index", "4631", "4630", "3301", "xss", "cooperation", "merger"} <= set(results)
    for name, r in results.items():
        for w in ("1400", "768"):
            assert r["widths"][w]["inner"] == int(w) and r["widths"][w]["scroll"] <= int(w), (name, w, r["widths"][w])
    assert results["merger"]["axe"] == [] and results["merger"]["errors"] == []
    for code in ("4631", "4630", "3301"):  # the inventory table's most severe finding is on screen at 1400
        assert 0 < results[code]["widths"]["1400"]["worstRight"] <= 1400, results[code]["widths"]


def test_summary_numbers_in_the_browser_equal_the_json(browser_run):
    results, demo = browser_run
    doc = json.loads(write_json(demo.result))
    for code in ("3301", "4630", "4631"):
        assert results[code]["summary"] == doc["summary"]["by_kommune"][code]
    assert results["index"]["summary"] == {b: doc["summary"][b] for b in ("violation", "warning", "info", "not-known", "waived")}


def test_sorting_by_click_and_keyboard(browser_run):
    results, _ = browser_run
    names = results["4631"]
    assert names["ariaSort"] == "ascending"
    assert names["asc"] == sorted(names["before"], key=str.lower) or names["asc"] == sorted(names["asc"], key=str.casefold)
    assert names["desc"] == names["asc"][::-1]
    scores = [float(s.rstrip(" %")) for s in results["index"]["asc"]]
    assert scores == sorted(scores)
    assert [float(s.rstrip(" %")) for s in results["index"]["desc"]] == sorted(scores, reverse=True)


def test_filter_and_keyboard_focus(browser_run):
    results, _ = browser_run
    assert results["4631"]["filtered"] == ["Valsystem"] and "1" in results["4631"]["status"]
    assert len(results["index"]["filtered"]) == 1 and "Alver" in results["index"]["filtered"][0]
    focus = results["4631"]["focus"]
    assert focus[0].startswith("A#.skip"), focus
    walk = results["index"]["focus"]
    assert any(f.startswith("INPUT#k-filter") for f in walk) and any(f.startswith("BUTTON#.sort") for f in walk), walk


def test_script_in_a_system_name_is_text_in_the_browser(browser_run):
    r = browser_run[0]["xss"]
    assert r["scripts"] == 1 and r["dialogs"] == [] and r["errors"] == []
    assert (ARTIFACTS / "report-4631.png").stat().st_size > 10_000
    assert XSS  # the name itself is asserted as text in tests/test_report.py


def test_portfolio_and_principles_sections_pass_axe_and_sort_by_keyboard(browser_run):
    r = browser_run[0]["portfolio"]
    assert r["axe"] == [] and r["errors"] == [] and r["dialogs"] == []
    assert r["ariaSort"] == "ascending"
    costs = [float(c.replace(" ", "")) for c in r["asc"]]
    assert costs == sorted(costs) and len(costs) == 4  # Visma, Sikri, no vendor, Norkart
    assert r["desc"] == r["asc"][::-1]  # the second sort by the keyboard (Enter on the header's button)
    assert any("Arkitekturprinsipper" in f for f in r["focus"]) and any("Portefølje" in f for f in r["focus"]), r["focus"]


def test_products_bought_separately_on_the_cooperation_page(browser_run):
    r = browser_run[0]["pf-cooperation"]
    assert r["axe"] == [] and r["errors"] == [] and r["dialogs"] == []
    assert r["ariaSort"] == "ascending" and r["asc"] == ["90 000", "485 000"] and r["desc"] == r["asc"][::-1]
