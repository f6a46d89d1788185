"""The package works installed from a wheel, from any directory; every command has help and is documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click

from ea_repo import paths
from ea_repo.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def test_data_folders_found():
    for name in paths.DATA_FOLDERS:
        assert (paths.data_root() / name).is_dir()


def test_wheel_install_runs_from_any_directory(tmp_path):
    wheel_dir = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheel_dir), str(ROOT)],
                   check=True)
    (wheel,) = wheel_dir.glob("ea_repo-*.whl")
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
                   check=True)
    for folder in paths.DATA_FOLDERS:
        assert (target / "ea_repo" / folder).is_dir(), f"{folder} missing from the wheel"
    # the web pages' templates, script and vendored libraries (served from /static, never from a CDN)
    from ea_repo.server.pages import VENDORED

    for name in ("page_base.html.j2", "pages.css", "graph.js", "vendor/README.md", *(f"vendor/{v}" for v in VENDORED)):
        assert (target / "ea_repo" / "reports" / name).is_file(), f"reports/{name} missing from the wheel"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "ea_repo", "demo", "--repo", str(elsewhere / "r")], cwd=elsewhere,
                         env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "3301" in out.stdout and "4630" in out.stdout and "4631" in out.stdout


def _commands(group: click.Group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for words, cmd in _commands(cli):
        assert (cmd.help or "").strip(), f"{' '.join(words)} has no help text"
        assert f"ea-repo {' '.join(words)}" in readme, f"`ea-repo {' '.join(words)}` is not documented in README.md"


def test_inventory_column_docs_are_current():
    assert subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_docs.py"), "--check"]).returncode == 0, \
        "docs/inventory-columns.md is out of date: run python scripts/gen_docs.py"
