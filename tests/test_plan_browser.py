"""The plan page and the måltavle in real headless Chromium (the driver of tests/test_report_browser.py): axe-core,
the keyboard (focus order, a sort by Enter), the width at 1,400 and 768 px, and the numbers on screen."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from test_plan import CHECKED_AT, START, history_repo
from test_report_browser import ARTIFACTS, CHROMIUM, DRIVER, ROOT, serving

from ea_repo import cooperation
from ea_repo.report import build_cooperation_report, build_reports, write_reports
from ea_repo.store import Repository

EXTRA = r"""
  // the plan page's numbers, the måltavle's table and the chart's points, as the browser shows them
  const page = await context.newPage();
  for (const p of cfg.probe) {
    await page.goto(p.url, { waitUntil: 'load' });
    out['probe:' + p.name] = await page.evaluate(() => ({
      counts: Object.fromEntries([...document.querySelectorAll('dd[data-count]')].map(e => [e.dataset.count, Number(e.textContent)])),
      legal: document.querySelectorAll('tr[data-kind="legal"]').length,
      closed: [...document.querySelectorAll('#closed tr[data-action]')].map(e => e.dataset.action),
      deltas: Object.fromEntries([...document.querySelectorAll('#scoreboard-table tr[data-indicator]')].map(
        e => [e.dataset.indicator, e.lastElementChild.dataset.delta])),
      points: document.querySelectorAll('svg.scoreboard g.point').length,
      sideBySide: [...document.querySelectorAll('table.scoreboard-table tr[data-kommune]')].map(e => e.dataset.kommune),
    }));
  }
  await page.close();
"""


def nb_order(text: str) -> tuple:
    """Norwegian alphabetical order (æ, ø, å after z), a dash (no owner) first, as the page's sort compares."""
    return (text != "–", text.casefold().translate(str.maketrans({"æ": "{", "ø": "|", "å": "}"})))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("plan-site")
    repo_path = history_repo(base / "repo", base)
    repo = Repository(repo_path)
    try:
        cooperation.import_declarations(repo, ROOT / "examples" / "fjordnett-ikt.yaml", "2026-11-20T10:00:00Z")
    finally:
        repo.close()
    write_reports(build_reports(repo_path, today=START, checked_at=CHECKED_AT).pages, base / "www")
    coop = build_cooperation_report(repo_path, "fjordnett-ikt", today=START, checked_at=CHECKED_AT)
    write_reports({k: v for k, v in coop.pages.items() if k.startswith("cooperation-")}, base / "www")
    with serving(base / "www") as url:
        yield url


@pytest.fixture(scope="module")
def browser(site, tmp_path_factory):
    if not Path(CHROMIUM).exists() or not (ROOT / "node_modules" / "playwright-core").exists():
        pytest.fail("headless Chromium and the npm test tools are missing: run `bash scripts/test-setup.sh`")
    ARTIFACTS.mkdir(exist_ok=True)
    pages = [
        {"name": "plan", "url": f"{site}/4630-plan.html", "sort": {"table": "plan-2026", "column": 1}, "tabs": 16,
         "screenshot": str(ARTIFACTS / "plan-4630.png"), "fullPage": True},
        {"name": "plan-alver", "url": f"{site}/4631-plan.html", "sort": {"table": "plan-2026", "column": 2}},
        {"name": "kommune", "url": f"{site}/4630.html", "tabs": 6, "screenshot": str(ARTIFACTS / "scoreboard-4630.png")},
        {"name": "index", "url": f"{site}/index.html"},
        {"name": "cooperation", "url": f"{site}/cooperation-fjordnett-ikt.html"},
    ]
    probe = [{"name": n, "url": f"{site}/{f}"} for n, f in (("plan", "4630-plan.html"), ("kommune", "4630.html"),
                                                          ("index", "index.html"),
                                                          ("cooperation", "cooperation-fjordnett-ikt.html"))]
    work = tmp_path_factory.mktemp("plan-driver")
    driver = DRIVER.replace("  } finally {\n    await context.close();", EXTRA + "  } finally {\n    await context.close();", 1)
    assert driver != DRIVER
    (work / "driver.js").write_text(driver, encoding="utf-8")
    (work / "config.json").write_text(json.dumps({"chromium": CHROMIUM, "pages": pages, "probe": probe}), encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "NODE_PATH": str(ROOT / "node_modules"), "HOME": str(work),
           "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"}
    proc = subprocess.run(["node", str(work / "driver.js"), str(work / "config.json")], capture_output=True, text=True,
                          env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def test_plan_and_scoreboard_pages_pass_axe(browser):
    (ARTIFACTS / "axe-plan.json").write_text(json.dumps({k: v.get("axe") for k, v in browser.items()}, indent=2))
    for name in ("plan", "plan-alver", "kommune", "index", "cooperation"):
        r = browser[name]
        assert r["axe"] == [], (name, r["axe"])
        assert r["errors"] == [] and r["dialogs"] == [] and r["lang"] == "nb"
        for w in ("1400", "768"):
            assert r["widths"][w]["scroll"] <= int(w), (name, w, r["widths"][w])


def test_plan_page_by_keyboard(browser):
    r = browser["plan"]
    assert r["focus"][0].startswith("A#.skip"), r["focus"]
    assert any(f.startswith("BUTTON#.sort") for f in r["focus"]) or any("year-2026" in f or "2026" in f for f in r["focus"])
    # sorted by owner with a click, then reversed with Enter on the focused header button
    assert r["ariaSort"] == "ascending" and r["desc"] == r["asc"][::-1]
    assert r["asc"] == sorted(r["before"], key=nb_order) and r["asc"] != r["before"]
    deadlines = browser["plan-alver"]
    days = [d[:10] if d[:1].isdigit() else "9999" for d in deadlines["asc"]]  # no deadline sorts last
    assert deadlines["ariaSort"] == "ascending" and days == sorted(days) and days[0] < "2026"
    back = [d[:10] if d[:1].isdigit() else "9999" for d in deadlines["desc"]]
    assert back == sorted(days, reverse=True)
    k = browser["kommune"]
    assert k["focus"][0].startswith("A#.skip") and any("scoreboard" in f or "Måltavle" in f for f in k["focus"]), k["focus"]


def test_the_numbers_on_screen(browser):
    plan = browser["probe:plan"]
    assert plan["counts"]["actions"] > 30 and plan["counts"]["legal"] == plan["legal"] >= 4
    assert plan["closed"] == ["EA-UU-001/nettstad", "EA-UU-002/nettstad"]
    k = browser["probe:kommune"]
    assert k["deltas"]["violations"] == "-2" and k["points"] == 8
    assert browser["probe:index"]["sideBySide"] == ["3301", "4630", "4631"]
    assert browser["probe:cooperation"]["sideBySide"] == ["4630", "4631"]
