#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh machine: the package with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet --disable-pip-version-check -e '.[test]'

# Real headless Chromium for the HTML report tests (Debian's package; nothing downloads its own browser).
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
fi
# axe-core (accessibility rules run inside the page) and playwright-core (drives the Debian chromium),
# pinned in package-lock.json, installed into ./node_modules. playwright-core never downloads a browser.
if command -v npm >/dev/null 2>&1; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
