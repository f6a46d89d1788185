"""The server's pages in real headless Chromium (Debian's, driven by playwright-core): sign in with the form by
keyboard, see the kommuner, open a kommune's report page through the server (its script from /static under the
server's CSP, a system named <script>alert(1)</script> shown as text), sign out; axe-core on every page."""

from __future__ import annotations

import subprocess
import sys

from chromium import drive
from test_report import XSS, xss_inventory

from conftest import free_port, stop, wait_until_up

PASSWORD = "correct horse battery staple"

DRIVER = r"""
  await page.goto(cfg.url + '/');                       // not signed in: sent to the form
  await look('signin');
  await page.focus('body');
  await page.keyboard.press('Tab');                     // the skip link
  await page.keyboard.press('Tab');
  out.firstField = await page.evaluate(() => document.activeElement.id);
  await page.keyboard.type('ola');
  await page.keyboard.press('Tab');
  await page.keyboard.type('wrong password!!');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  await look('wrong');
  await page.fill('#password', cfg.password);
  await Promise.all([page.waitForNavigation(), page.press('#password', 'Enter')]);
  await look('home');
  out.cookies = (await context.cookies()).map(c => ({ name: c.name, httpOnly: c.httpOnly, secure: c.secure, sameSite: c.sameSite }));
  await Promise.all([page.waitForNavigation(), page.click('a[href^="/kommuner/4631/report.html"]')]);
  await look('report');
  out.reportScriptRan = await page.evaluate(() => document.querySelectorAll('th[aria-sort], button.sort, [data-sort]').length);
  out.xssAsText = await page.evaluate(x => document.body.innerText.includes(x), cfg.xss);
  await page.goto(cfg.url + '/');
  await Promise.all([page.waitForNavigation(), page.click('form.signout button')]);
  await look('signedout');
  await page.goto(cfg.url + '/kommuner/4631/report.html');
  out.afterSignout = { url: page.url(), status: (await page.evaluate(() => document.body.innerText)).slice(0, 200) };
"""  # (after chromium.PRELUDE: page, out, look)


def _ea(*args, input=None) -> str:
    p = subprocess.run([sys.executable, "-m", "ea_repo", *map(str, args)], capture_output=True, text=True, input=input)
    assert p.returncode == 0, p.stderr
    return p.stdout


def test_sign_in_see_the_kommuner_and_a_report_and_sign_out_in_chromium(tmp_path):
    repo, accounts = tmp_path / "repo", tmp_path / "accounts.sqlite3"
    _ea("import", xss_inventory(tmp_path), "--kommune", "4631", "--repo", repo)
    _ea("users", "add", "ola", "--role", "reader", "--accounts", accounts, "--password-stdin", input=PASSWORD + "\n")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "ea_repo", "serve", "--repo", str(repo), "--accounts", str(accounts),
                             "--port", str(port), "--date", "2026-12-01"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/api/health", proc, "ea-repo serve")
        out = drive(tmp_path, DRIVER, url=url, password=PASSWORD, xss=XSS)
    finally:
        stop(proc)
    pages = out["pages"]
    assert pages["signin"]["url"].startswith(f"{url}/signin") and out["firstField"] == "user"
    assert "Feil brukernavn eller passord" in pages["wrong"]["text"]
    assert pages["home"]["url"].startswith(f"{url}/?") and "Alver" in pages["home"]["text"]
    session = next(c for c in out["cookies"] if c["name"] == "ea_session")
    assert session["httpOnly"] and session["secure"] and session["sameSite"] == "Strict"
    assert pages["report"]["url"].startswith(f"{url}/kommuner/4631/report.html")
    assert pages["report"]["scripts"] == [f"{url}/static/report.js"]  # no inline script; the CSP lets this one run
    assert out["xssAsText"] and out["dialogs"] == 0 and out["reportScriptRan"] > 0
    # a CSP refusal or a script error would show here (the wrong password and the page after signing out are 401s)
    unexpected = [e for e in out["errors"] if "status of 401" not in e]
    assert not unexpected and len(out["errors"]) == 2, out["errors"]
    assert pages["signedout"]["url"].startswith(f"{url}/signin") and "sign in" in out["afterSignout"]["status"]
    for name, p in pages.items():
        assert p["lang"] == "nb" and p["axe"] == [], (name, p["axe"])
