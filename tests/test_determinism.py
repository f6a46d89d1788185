"""The same answer every run: the real CLI, in fresh processes with different hash seeds, gives byte-identical
`check --all --format json` and `gaps --all --format json` on the example inventories, and the library and
the CLI give the same score (one check entry point; the registry is loaded explicitly, not by import)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [("4631", "4631-alver.xlsx"), ("4630", "4630-osteroy"), ("3301", "3301-drammen.json")]
DATE = "2026-11-23"


def _cli(repo: Path, *args: str, seed: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": seed, "EA_REPO": str(repo)}
    code = "import sys; from ea_repo.cli import main; sys.argv = ['ea-repo', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=900)


@pytest.fixture(scope="module")
def examples_repo(tmp_path_factory) -> Path:
    repo = tmp_path_factory.mktemp("det") / "repo"
    for code, rel in EXAMPLES:
        r = _cli(repo, "import", str(ROOT / "examples" / rel), "--kommune", code, "--quiet", seed="0")
        assert r.returncode == 0, r.stderr
    return repo


@pytest.mark.parametrize("command", [("check", "--all", "--fail-on", "never"), ("gaps", "--all")], ids=["check", "gaps"])
def test_byte_identical_across_hash_seeds(examples_repo, command):
    outputs = set()
    for seed in ("0", "1", "2"):
        r = _cli(examples_repo, *command, "--format", "json", "--date", DATE, seed=seed)
        assert r.returncode == 0, r.stderr
        doc = json.loads(r.stdout)
        doc.pop("checked_at")  # the one clock reading: when the check ran
        outputs.add(json.dumps(doc, sort_keys=True))
    assert len(outputs) == 1


def test_library_and_cli_give_the_same_score(examples_repo):
    import datetime as dt

    from ea_repo import check
    from ea_repo.report import render_reports

    r = _cli(examples_repo, "check", "--all", "--format", "json", "--date", DATE, "--fail-on", "never", seed="3")
    cli_scores = {k: a["score"] for k, a in json.loads(r.stdout)["summary"]["assessment"].items()}
    result = check.run(check.CheckRequest(today=dt.date.fromisoformat(DATE), repo_path=examples_repo, jobs=1,
                                          checked_at="2026-11-23T12:00:00"))
    lib_scores = {k: a["score"] for k, a in result.summary()["assessment"].items()}
    assert cli_scores == lib_scores and len(lib_scores) == 3
    pages = render_reports(result, examples_repo).pages
    for code, value in lib_scores.items():
        assert f'data-score="{value:.0f}"' in pages[f"{code}.html"]


def test_the_same_answer_from_caches_built_under_other_hash_seeds(examples_repo, tmp_path):
    """The compiled cache is built on first use, on each machine: two builds under other hash seeds must give the
    same look-ups, rule registry and evidence paths, and so the same findings (the order of a finding's evidence and
    of what to record once followed the order a parse gave a shape's property shapes)."""
    outputs, entries = set(), []
    for seed in ("3", "4"):
        cache = tmp_path / f"cache-{seed}"
        env_cli = {"EA_REPO_CACHE": str(cache)}
        r = subprocess.run([sys.executable, "-c", "import sys; from ea_repo.cli import main; sys.argv = ['ea-repo', "
                            "*sys.argv[1:]]; main()", "check", "--all", "--fail-on", "never", "--format", "json",
                            "--date", DATE],
                           capture_output=True, text=True, cwd=ROOT, timeout=900,
                           env={**os.environ, **env_cli, "PYTHONHASHSEED": seed, "EA_REPO": str(examples_repo)})
        assert r.returncode == 0, r.stderr
        doc = json.loads(r.stdout)
        doc.pop("checked_at")
        outputs.add(json.dumps(doc))  # key order too: the evidence is a dict in its paths' order
        (folder,) = cache.iterdir()
        entries.append({name: (folder / name).read_bytes() for name in
                        ("evidence-paths.json", "rules.json", "catalog-lookups.json", "catalog.nt")})
    assert len(outputs) == 1
    assert entries[0] == entries[1]
