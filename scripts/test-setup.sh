#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh machine: the package with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet --disable-pip-version-check -e '.[test]'
