"""The web pages (ea_repo/server/pages.py) in real headless Chromium (Debian's, driven by playwright-core), on a real
`ea-repo serve`: issue 18's day of an architect. Sign in as a kommune architect, upload a workbook with mistakes and
see every error (nothing written), upload it fixed, see the diff, confirm, see the kommune page (the numbers of
`check --format json`) and a system page, filter the worklist by keyboard and export it to XLSX, propose a waiver
from a finding; sign in as another user and approve it; the finding is then shown waived with its trail. A reader
sees no upload link and gets 403 on the upload URL. A system named <img src=x onerror=alert(1)> is text on every
page; axe-core finds no violation of any impact on any page; the language switch is remembered for the user."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from chromium import drive
from openpyxl import load_workbook

from conftest import DATA, free_port, stop, wait_until_up

PASSWORD = "correct horse battery staple"
XSS = "<img src=x onerror=alert(1)>"
TODAY = "2026-12-01"

DRIVER = r"""
  const submit = async (selector) => {          // by keyboard: focus the button, press Enter
    await page.focus(selector);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  };
  async function signIn(name) {
    await go('signin-' + name, '/signin');
    await page.focus('#user');
    await page.keyboard.type(name);
    await page.keyboard.press('Tab');
    await page.keyboard.type(cfg.password);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  }
  async function signOut() { await submit('form.signout button'); }
  const k = '/kommuner/' + cfg.kommune;

  // -- the architect: upload with mistakes, then fixed; the diff; confirm -------------------------------------
  await signIn('kari');
  await look('home');
  await page.focus('a[href="' + k + '/"]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  await look('kommune-before');
  out.uploadLinkArchitect = await page.$$eval('a[href="' + k + '/upload"]', as => as.length);
  await go('upload', k + '/upload');
  await look('upload');
  await page.setInputFiles('#file', cfg.bad);
  await submit('#check');
  await look('errors');
  out.errorRows = await page.$$eval('tr.input-error', rs => rs.map(r => Array.from(r.cells).map(c => c.innerText)));
  await page.setInputFiles('#file', cfg.good);
  await submit('#check');
  await look('preview');
  out.diffRows = await page.$$eval('#diff tbody tr', rs => rs.map(r => Array.from(r.cells).map(c => c.innerText)));
  await submit('#confirm');
  await look('kommune');
  out.counts = await page.$$eval('#counts dd', ds => Object.fromEntries(ds.map(d => [d.dataset.key, d.innerText])));
  out.stored = await page.$eval('.note', n => n.innerText);
  out.history = await page.$$eval('main table', ts => ts.map(t => t.innerText).join('\n'));

  // -- a system page, the XSS system's page, a rule ---------------------------------------------------------------
  await go('system', k + '/systems/okonomi');
  await look('system');
  out.systemFindings = await page.$$eval('li.finding', ls => ls.map(l => [l.dataset.rule, l.dataset.answer]));
  await Promise.all([page.waitForNavigation(), page.click('li.finding a[href^="/rules/"]')]);
  await look('rule');
  await go('system-xss', k + '/systems/sak');
  await look('system-xss');

  // -- the worklist, filtered by keyboard, exported ------------------------------------------------------------
  await go('worklist', k + '/findings');
  await look('worklist');
  out.allRows = await page.$$eval('#worklist tbody tr', rs => rs.length);
  await page.focus('#f-severity');
  await page.keyboard.press('ArrowDown');        // (all) -> violation
  await submit('form.filters button');
  await look('worklist-violation');
  out.filteredUrl = page.url();
  out.filtered = await page.$$eval('#worklist tbody tr', rs => rs.map(r => [r.dataset.severity, r.dataset.rule,
    Array.from(r.querySelectorAll('a')).map(a => a.getAttribute('href'))]));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#xlsx')]);
  await download.saveAs(cfg.xlsx);
  await go('worklist-met', k + '/findings?answer=met');
  out.metRows = await page.$$eval('#met tbody tr', rs => rs.length);
  out.worklistRowsWhenMet = await page.$$eval('#worklist tbody tr', rs => rs.length);

  // -- a waiver proposed from the finding on the system page ------------------------------------------------------
  await go('system-again', k + '/systems/okonomi');
  await Promise.all([page.waitForNavigation(),
                     page.click('li.finding[data-rule="EA-GAP-002"] a[href*="/waivers?rule="]')]);
  await look('waivers-form');
  await page.focus('#w-why');
  await page.keyboard.type('Organisasjonsdata hentes fra Enhetsregisteret fra neste versjon; ' + cfg.xss);
  await page.fill('#w-expires', '2027-06-30');
  await submit('#propose-button');
  await look('waivers-proposed');
  out.approveForProposer = await page.$$eval('button[id^="approve-"]', bs => bs.length);
  await signOut();

  // -- another user approves it; the finding is shown waived ----------------------------------------------------
  await signIn('per');
  await go('waivers-per', k + '/waivers');
  await submit('#approve-1');
  await look('waivers-approved');
  out.waiverStatus = await page.$eval('#waiver-1', r => [r.dataset.status, r.innerText]);
  await go('kommune-waived', k + '/');
  out.countsAfter = await page.$$eval('#counts dd', ds => Object.fromEntries(ds.map(d => [d.dataset.key, d.innerText])));
  out.countLinks = {};
  for (const key of ['violation', 'info', 'waived']) {   // each count opens the worklist rows it counts
    await go('kommune-waived', k + '/');
    await Promise.all([page.waitForNavigation(), page.click('#counts dd[data-key="' + key + '"] a')]);
    out.countLinks[key] = await page.$$eval('#worklist tbody tr', rs => rs.length);
  }
  await go('system-waived', k + '/systems/okonomi');
  await look('system-waived');
  out.waivedFindings = await page.$$eval('li.finding', ls => ls.map(l => [l.dataset.rule, l.dataset.answer, l.innerText]));
  // the language switch, remembered for the user on every page
  await submit('form.lang button');
  await look('system-en');
  await go('worklist-en', k + '/findings');
  out.langAfterSwitch = await page.$eval('html', h => h.lang);
  await submit('form.lang button');
  await signOut();

  // -- a reader --------------------------------------------------------------------------------------------------------
  await signIn('ola');
  await go('kommune-reader', k + '/');
  await look('kommune-reader');
  out.uploadLinkReader = await page.$$eval('a[href$="/upload"]', as => as.length);
  out.proposeFormReader = await page.$$eval('form[action$="/waivers"]', fs => fs.length);
  await go('upload-reader', k + '/upload');
  await look('upload-reader');
  await go('waivers-reader', k + '/waivers');
  out.decideReader = await page.$$eval('form[action*="/waivers/"]', fs => fs.length);

  // -- the catalogue, search (by keyboard, from the header), a co-operation's overview ----------------------------
  for (const kind of ['components', 'standards', 'requirements', 'partners']) {
    await go('catalogue-' + kind, '/catalogue/' + kind);
    await look('catalogue-' + kind);
  }
  await go('catalogue', '/catalogue/components');
  out.altinn2 = await page.$eval('#c-altinn-2', r => r.innerText);
  await go('catalogue-req', '/catalogue/requirements');
  out.its8 = await page.$eval('#c-its-8-utf8', r => r.innerText);
  out.searches = {};
  for (const q of ['aerlig', 'ÆRL', 'tieto', 'visma ent', 'altinn', 'zzzz', '<img']) {
    await page.focus('#q');
    await page.fill('#q', '');
    await page.keyboard.type(q);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    out.searches[q] = await page.$$eval('#hits tbody tr', rs => rs.map(r => [r.dataset.kind, r.cells[1].innerText]));
  }
  await look('search');
  await go('cooperations', '/cooperations/');
  await look('cooperations');
  await Promise.all([page.waitForNavigation(), page.click('#cooperations a')]);
  await look('cooperation');
  out.coopMembers = await page.$$eval('#members-table tbody tr', rs => rs.map(r => [r.dataset.kommune,
    Object.fromEntries(Array.from(r.querySelectorAll('[data-key]')).map(c => [c.dataset.key, c.innerText]))]));
"""


def _ea(*args, input=None, expect=0) -> str:
    p = subprocess.run([sys.executable, "-m", "ea_repo", *map(str, args)], capture_output=True, text=True, input=input)
    assert expect is None or p.returncode == expect, p.stderr
    return p.stdout


def _inventory(tmp_path):
    """The mini test inventory with Public 360 (the system 'sak') named <img src=x onerror=alert(1)>."""
    dst = tmp_path / "inventory"
    shutil.copytree(DATA / "mini", dst)
    systems = dst / "systems.csv"
    systems.write_text(systems.read_text(encoding="utf-8").replace("Public 360,", XSS + ",", 1), encoding="utf-8")
    return dst


def _workbooks(tmp_path, repo):
    """(good, bad): the stored inventory exported to XLSX with okonomi's version changed, and that workbook with
    two mistakes."""
    good = tmp_path / "alver.xlsx"
    _ea("export", "--kommune", "4631", "--repo", repo, "--format", "xlsx", "--out", good)
    wb = load_workbook(good)
    ws = wb["systems"]
    head = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=head.index("id") + 1).value == "okonomi")
    ws.cell(row=row, column=head.index("version") + 1).value = "2025"
    wb.save(good)
    ws.cell(row=2, column=head.index("lifecycle") + 1).value = "prod"
    ws.cell(row=3, column=head.index("lifecycle") + 1).value = "sometimes"
    bad = tmp_path / "alver-feil.xlsx"
    wb.save(bad)
    return good, bad


def _serve_and_drive(tmp_path, repo, accounts, script: str, **cfg) -> tuple[str, dict]:
    """Start `ea-repo serve` on REPO (kommune 4631, the date TODAY), run SCRIPT in Chromium against it, stop it."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "ea_repo", "serve", "--repo", str(repo), "--accounts", str(accounts),
                             "--port", str(port), "--date", TODAY], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/api/health", proc, "ea-repo serve")
        return url, drive(tmp_path, script, url=url, password=PASSWORD, xss=XSS, kommune="4631", **cfg)
    finally:
        stop(proc)


def test_an_architects_day_on_the_web_pages_in_chromium(tmp_path):
    repo, accounts = tmp_path / "repo", tmp_path / "accounts.sqlite3"
    _ea("import", _inventory(tmp_path), "--kommune", "4631", "--repo", repo)
    for name, role in (("kari", ["kommune-architect", "-k", "4631"]), ("per", ["kommune-architect", "-k", "4631"]),
                       ("ola", ["reader"])):
        _ea("users", "add", name, "--role", *role, "--accounts", accounts, "--password-stdin", input=PASSWORD + "\n")
    _ea("cooperation", "import", DATA / "coop" / "cooperation.yaml", "--repo", repo)
    good, bad = _workbooks(tmp_path, repo)
    expected_errors = json.loads(_ea("import", bad, "--kommune", "4631", "--dry-run", "--format", "json", expect=2))["errors"]
    url, out = _serve_and_drive(tmp_path, repo, accounts, DRIVER, good=str(good), bad=str(bad),
                                xlsx=str(tmp_path / "worklist.xlsx"))
    after = json.loads(_ea("check", "--kommune", "4631", "--repo", repo, "--format", "json", "--date", TODAY, expect=None))
    pages = out["pages"]

    # every error of the bad workbook, located as the CLI's dry run locates them, and nothing written
    assert [(r[3], r[4]) for r in out["errorRows"]] == [(e["column"], e["cell"]) for e in expected_errors]
    assert len(out["errorRows"]) == 2 and all(r[0] == "alver-feil.xlsx" for r in out["errorRows"])
    assert "2 feil; ingenting er lagret" in pages["errors"]["text"]
    # the diff before confirming: okonomi's version, and nothing else
    assert out["diffRows"] == [["systems", "okonomi", "Visma Enterprise", "endret", "version: 2024 → 2025"]]
    # the import record shows who did it
    assert "kari" in out["stored"] and "alver.xlsx" in out["stored"]
    assert "kari\timport\talver.xlsx" in out["history"]
    # the kommune page's numbers (after the waiver's approval) are those of `check --format json` on the stored
    # repository; before the approval nothing was waived
    s = after["summary"]
    a = s["assessment"]["4631"]
    assert out["countsAfter"] == {"score": str(a["score"]), "coverage": str(a["coverage"]), "met": str(a["met"]),
                                  "applicable": str(a["applicable"]), **{k: str(s[k]) for k in
                                  ("violation", "warning", "info", "not-known", "waived")}}
    assert s["waived"] == 1 and out["counts"]["waived"] == "0"
    assert out["countLinks"] == {k: s[k] for k in ("violation", "info", "waived")}
    # the system page: its findings with their answers, its flows
    assert ["EA-STD-001", "not-met"] in out["systemFindings"]
    assert "okonomi-amelding" in pages["system"]["text"] and "Filutveksling lønn" in pages["system"]["text"]
    assert "version: 2024 → 2025" in pages["system"]["text"]  # the history of changes
    assert pages["rule"]["url"].startswith(f"{url}/rules/EA-")
    # the worklist filtered by keyboard: only violations, each row linking to its rule and its system
    assert out["filteredUrl"].endswith("severity=violation&rule=&area=&system=&answer=")
    assert 0 < len(out["filtered"]) < out["allRows"]
    assert all(sev == "violation" and f"/rules/{rule}" in links and any("/systems/" in h for h in links)
               for sev, rule, links in out["filtered"])
    assert out["metRows"] > 0 and out["worklistRowsWhenMet"] == 0
    # the XLSX export holds the filtered rows, every text a string (the XSS name is text, not a formula)
    ws = load_workbook(tmp_path / "worklist.xlsx").active
    xlsx = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert sorted(r[1] for r in xlsx if r[3] != "Oppfylt") == sorted(r[1] for r in out["filtered"])
    assert {r[0] for r in xlsx} == {"Brudd"} and any(r[3] == "Oppfylt" for r in xlsx)  # and the rules met
    assert all(c.data_type == "s" for r in ws.iter_rows() for c in r if c.value is not None)
    # the waiver: proposed by kari (who cannot approve it), approved by per, the finding then waived with its trail
    assert out["approveForProposer"] == 0
    status, text = out["waiverStatus"]
    assert status == "approved" and "foreslått – kari" in text and "godkjent – per" in text and "2027-06-30" in text
    waived = {rule: (answer, text) for rule, answer, text in out["waivedFindings"]}
    assert waived["EA-GAP-002"][0] == "waived" and "godkjent – per" in waived["EA-GAP-002"][1]
    assert waived["EA-STD-001"][0] == "not-met"
    assert pages["system-en"]["lang"] == "en" and out["langAfterSwitch"] == "en"
    # the reader: no upload link, no waiver forms, 403 on the upload URL
    assert out["uploadLinkArchitect"] == 1 and out["uploadLinkReader"] == 0 and out["proposeFormReader"] == 0
    assert out["statuses"]["upload-reader"] == 403 and out["decideReader"] == 0
    # the catalogue: a component's status and successor, a requirement's legal basis and source
    assert "retired" in out["altinn2"] and "Altinn 3" in out["altinn2"] and "2026-06-19" in out["altinn2"]
    assert "ITS-forskriften" in out["its8"] and "Kilde" in out["its8"]
    # search: name, prefix, case and accents folded, across systems, vendors, products and components
    hits = out["searches"]
    assert hits["aerlig"] == hits["ÆRL"] == [["system", "MinSide «Ærlig» & <b>"]]
    assert hits["tieto"] == [["vendor", "TietoEvry"]] and ["product", "Visma Enterprise"] in hits["visma ent"]
    assert {n for _, n in hits["altinn"]} >= {"Altinn 2", "Altinn 3"} and hits["zzzz"] == []
    assert hits["<img"] == [["system", XSS]] and pages["search"]["xss"]
    # the co-operation's overview: its members with the numbers of their checks (4630 is not held)
    members = dict(out["coopMembers"])
    assert set(members) == {"4631", "4630"} and members["4630"] == {}
    assert members["4631"]["waived"] == str(s["waived"]) and members["4631"]["score"] == str(a["score"])
    # the XSS system name is text wherever it is shown, and nothing ran it
    for name in ("kommune", "system-xss", "worklist", "waivers-form", "waivers-proposed", "kommune-reader"):
        assert pages[name]["xss"], name
    assert out["dialogs"] == 0 and all(p["images"] == 0 for p in pages.values())
    assert all(p["scripts"] == [] or all(s.startswith(f"{url}/static/") for s in p["scripts"]) for p in pages.values())
    unexpected = [e for e in out["errors"] if "status of 422" not in e and "status of 403" not in e]
    assert not unexpected, out["errors"]
    for name, p in pages.items():
        assert p["axe"] == [], (name, p["axe"])


GRAPH_DRIVER = r"""
  const k = '/kommuner/' + cfg.kommune;
  const paint = () => page.evaluate(async () => {
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = await new Promise(done => {  // (buffered: the paint may have come before this script)
      new PerformanceObserver(list => done(list.getEntriesByName('first-contentful-paint')[0]))
        .observe({ type: 'paint', buffered: true });
      setTimeout(() => done(null), 3000);
    });
    return { fcp_ms: fcp ? Math.round(fcp.startTime) : null, response_ms: Math.round(nav.responseEnd),
             load_ms: Math.round(nav.loadEventEnd) };
  });
  const drawn = async () => {
    await page.waitForSelector('#graph[data-drawn-ms]', { timeout: 240000 });
    return page.evaluate(() => { const g = document.getElementById('graph'); return {
      drawn_ms: Number(g.dataset.drawnMs), layout_ms: Number(g.dataset.layoutMs),
      systems: g.cy.nodes('[kind = "system"]').length, external: g.cy.nodes('[kind = "external"]').length,
      edges: g.cy.edges().length, worst: [...new Set(g.cy.nodes('[kind = "system"]').map(n => n.data('worst')))],
      rows: document.querySelectorAll('#graph-systems tbody tr').length }; });
  };
  await go('signin', '/signin');
  await page.fill('#user', 'kari');
  await page.fill('#password', cfg.password);
  await Promise.all([page.waitForNavigation(), page.press('#password', 'Enter')]);
  out.timings = {};
  await go('kommune', k + '/');                       // the first visit runs the check
  out.timings.kommune_first = await paint();
  await look('kommune');
  await go('kommune-again', k + '/');
  out.timings.kommune = await paint();
  await go('graph', k + '/graph');
  out.graph = await drawn();
  out.timings.graph = { ...(await paint()), drawn_ms: out.graph.drawn_ms, layout_ms: out.graph.layout_ms };
  await look('graph');
  // pan and zoom by keyboard
  const view = () => page.evaluate(() => { const cy = document.getElementById('graph').cy; return [cy.zoom(), cy.pan().x]; });
  const before = await view();
  await page.focus('button[data-graph-action="zoom-in"]');
  await page.keyboard.press('Enter');
  await page.focus('button[data-graph-action="right"]');
  await page.keyboard.press('Space');
  out.view = [before, await view()];
  // filter by category (keyboard: the form's button), then by finding
  await page.selectOption('#g-category', cfg.category);
  await page.focus('form.filters button');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  out.byCategory = await drawn();
  await look('graph-category');
  await go('graph-none', k + '/graph?finding=none');
  out.byNone = await drawn();
  await go('graph-violation', k + '/graph?finding=violation&lifecycle=production');
  out.byViolation = await drawn();
  // click a node: its system page
  await page.$eval('#graph', g => g.scrollIntoView({ behavior: 'instant', block: 'center' }));
  await page.waitForTimeout(300);  // (the page has come to rest before the point is taken)
  const target = await page.evaluate(() => {
    const g = document.getElementById('graph'), r = g.getBoundingClientRect();
    const nodes = g.cy.nodes('[kind = "system"]'), opts = { includeLabels: false };
    const inside = (p, b) => p.x >= b.x1 && p.x <= b.x2 && p.y >= b.y1 && p.y <= b.y2;
    // a system node in the window with no other node under its centre (the pointer lands on it alone)
    const n = nodes.filter(c => {
      const p = c.renderedPosition(), x = r.left + p.x, y = r.top + p.y;
      return x > 0 && y > 0 && x < innerWidth && y < innerHeight
        && g.cy.nodes().every(m => m === c || !inside(p, m.renderedBoundingBox(opts)));
    })[0];
    const p = n.renderedPosition();
    return { x: r.left + p.x, y: r.top + p.y, href: n.data('href') };
  });
  await Promise.all([page.waitForNavigation(), page.mouse.click(target.x, target.y)]);
  out.clicked = [target.href, page.url()];
  await look('clicked');
"""


def test_the_graph_page_draws_a_200_system_kommune_and_filters_it_and_the_time_to_first_render(tmp_path):
    sys.path.insert(0, str(DATA.parent.parent / "bench"))
    from synth import synth_inventory

    doc = synth_inventory("4631", systems=200, seed=7)
    doc["systems"][0]["name"] = XSS
    src = tmp_path / "alver-200.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    repo, accounts = tmp_path / "repo", tmp_path / "accounts.sqlite3"
    _ea("import", src, "--kommune", "4631", "--repo", repo)
    _ea("users", "add", "kari", "--role", "reader", "--accounts", accounts, "--password-stdin", input=PASSWORD + "\n")
    category = "barnevern"
    in_category = sum(1 for s in doc["systems"] if s["category"] == category)
    url, out = _serve_and_drive(tmp_path, repo, accounts, GRAPH_DRIVER, category=category)
    print("time to first render (ms):", json.dumps(out["timings"]))
    (tmp_path / "timings.json").write_text(json.dumps(out["timings"]), encoding="utf-8")
    assert all(t["fcp_ms"] and t["fcp_ms"] >= t["response_ms"] for t in out["timings"].values())
    g = out["graph"]
    assert g["systems"] == 200 == g["rows"] and g["edges"] > 200 and g["external"] > 0
    (z0, x0), (z1, x1) = out["view"]
    assert z1 > z0 and x1 != x0  # zoomed and panned by keyboard
    assert out["byCategory"]["systems"] == in_category == out["byCategory"]["rows"] and 0 < in_category < 200
    assert out["byNone"]["worst"] in ([], ["none"]) and out["byNone"]["systems"] == out["byNone"]["rows"]
    assert out["byViolation"]["worst"] == ["violation"] and out["byViolation"]["systems"] < 200
    href, landed = out["clicked"]
    assert "/systems/" in href and landed == url + href
    pages = out["pages"]
    assert pages["graph"]["xss"] and pages["kommune"]["xss"] and out["dialogs"] == 0
    assert pages["graph"]["scripts"] == [f"{url}/static/vendor/{n}" for n in
                                         ("cytoscape.min.js", "elk.bundled.js", "cytoscape-elk.js")] + [f"{url}/static/graph.js"]
    assert not out["errors"], out["errors"]
    for name, p in pages.items():
        assert p["axe"] == [], (name, p["axe"])
