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
# OpenLink Virtuoso Open Source (Debian's package), the second SPARQL server tests/test_remote.py runs against;
# the tests start their own virtuoso-t with their own virtuoso.ini, database folder and free ports.
# Its postinst starts the system service (to set the DBA password it asks for via debconf): the install runs
# non-interactively with a policy-rc.d that refuses every service start (unless the machine has one already),
# and the service is disabled at boot, so no instance with the default password is left running.
if ! command -v virtuoso-t >/dev/null 2>&1; then
  apt-get update
  own_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && own_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends virtuoso-opensource || status=$?
  if [ -n "$own_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
  [ -z "${status:-}" ] || exit "$status"
  update-rc.d virtuoso-opensource-7 disable >/dev/null 2>&1 || true
fi
# axe-core (accessibility rules run inside the page) and playwright-core (drives the Debian chromium),
# pinned in package-lock.json, installed into ./node_modules. playwright-core never downloads a browser.
if command -v npm >/dev/null 2>&1; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
