"""Many kommuner in one call: `import --each` (every problem of every file before anything is written, one
transaction per inventory), `gaps --all` streamed through worker processes, the one-pass summary, progress
bars that stay off the record, and --quiet on every command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest

from ea_repo.cli import cli
from ea_repo.namespaces import inventory_graph
from ea_repo.store import Repository

from conftest import DATA, EXAMPLES, snapshot

DAY = "2026-12-02"


@pytest.fixture
def three(tmp_path) -> Path:
    """A folder with three inventories whose meta names their kommune: JSON, a CSV folder and a CSV folder."""
    folder = tmp_path / "inventories"
    folder.mkdir()
    shutil.copy(EXAMPLES / "3301-drammen.json", folder / "3301-drammen.json")
    shutil.copytree(EXAMPLES / "4630-osteroy", folder / "4630-osteroy")
    shutil.copytree(DATA / "mini", folder / "mini")
    (folder / "README.txt").write_text("not an inventory")
    return folder


def _inventory(repo_path: Path, code: str) -> list[str]:
    repo = Repository(repo_path, read_only=True)
    try:
        return sorted(str(q) for q in repo.quads(inventory_graph(code)))
    finally:
        repo.close()


def test_import_each_writes_each_inventory_as_a_single_import_would(run, three, tmp_path):
    out = run("import", "--each", three).output
    assert "Imported 3 of 3 inventories" in out
    listed = json.loads(run("list", "--json").output)
    assert [r["kommune"] for r in listed] == ["3301", "4630", "4631"]
    single = tmp_path / "single"
    for path in (three / "3301-drammen.json", three / "4630-osteroy", three / "mini"):
        r = run.runner.invoke(cli, ["import", str(path), "--repo", str(single)], catch_exceptions=False)
        assert r.exit_code == 0, r.output
    for code in ("3301", "4630", "4631"):
        assert _inventory(run.repo, code) == _inventory(single, code) != []


def test_import_each_reports_every_problem_of_every_file_before_writing(run, three, repo_path):
    run("import", three / "mini")  # the repository before
    before = snapshot(repo_path)
    systems = three / "4630-osteroy" / "systems.csv"
    systems.write_text(systems.read_text(encoding="utf-8").replace(",production,", ",sometimes,", 1), encoding="utf-8")
    meta = three / "mini" / "meta.csv"
    meta.write_text(meta.read_text(encoding="utf-8").replace("kommune,4631", "kommune,9999"), encoding="utf-8")
    result = run("import", "--each", three, "--format", "json", expect=2)
    errors = json.loads(result.output)["errors"]
    files = {Path(e["file"]).parent.name if e["file"].endswith(".csv") else Path(e["file"]).name for e in errors}
    assert {"4630-osteroy", "mini"} <= files, errors  # both broken inventories, in one run
    assert any(e["column"] == "lifecycle" for e in errors)
    assert snapshot(repo_path) == before  # nothing written, not even the good one
    result = run("import", "--each", three, "--keep-going", expect=2)
    assert "Imported 1 of 3 inventories" in result.output and "3301" in result.output
    assert "lifecycle" in result.output and "not written" in result.output
    assert [r["kommune"] for r in json.loads(run("list", "--json").output)] == ["3301", "4631"]


def test_two_inventories_for_one_kommune_are_a_problem_of_both(run, three, repo_path):
    shutil.copytree(three / "mini", three / "mini-again")
    assert "also for kommune 4631" in run("import", "--each", three, "--dry-run", expect=2).output  # as the import says
    out = run("import", "--each", three, expect=2).output
    assert "also for kommune 4631" in out and "mini-again" in out
    assert not repo_path.exists() or _inventory(repo_path, "4631") == []


def test_import_each_needs_the_kommune_in_the_meta(run, tmp_path):
    run("import", DATA / "mini")
    ttl = tmp_path / "inv.ttl"
    ttl.write_text(run("export", "--kommune", "4631", "--format", "ttl").output, encoding="utf-8")
    out = run("import", "--each", ttl, expect=2).output
    assert "inv.ttl" in out and "--kommune" in out
    assert "--kommune" in run("import", "--each", ttl, "--kommune", "4631", expect=2).output


def test_gaps_all_in_worker_processes_equals_one_process(run, three):
    run("import", "--each", three)
    one = json.loads(run("gaps", "--all", "--format", "json", "--date", DAY, "--jobs", "1").output)
    two = json.loads(run("gaps", "--all", "--format", "json", "--date", DAY, "--jobs", "2").output)
    one.pop("checked_at"), two.pop("checked_at")
    assert one == two and one["findings"]


def test_summary_counts_equal_a_count_per_kommune_and_area(run, three):
    from ea_repo import check
    from ea_repo.results import _counts

    run("import", "--each", three)
    import datetime as dt

    result = check.run(check.CheckRequest(today=dt.date(2026, 12, 2), repo_path=run.repo, jobs=1))
    s = result.summary()
    for k in result.all_kommuner():
        assert s["by_kommune"][k] == _counts(f for f in result.findings if f.kommune == k)
    for area, counts in s["by_area"].items():
        assert counts == _counts(f for f in result.findings if (f.area or "-") == area)
    assert sum(c["violation"] for c in s["by_kommune"].values()) == s["violation"] > 0


def test_progress_is_drawn_only_on_a_terminal(run, three, monkeypatch):
    from ea_repo.cli import progress

    assert progress.wanted(False) is False  # tests run without a terminal
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    run("import", "--each", three)
    out = run("check", "--all", "--format", "json", "--date", DAY, expect=1).output
    assert json.loads(out)["kommuner"] == ["3301", "4630", "4631"]  # nothing but the JSON on stdout


def _commands(group: click.Group, prefix=()):
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


@pytest.mark.parametrize("path", [p for p, _ in _commands(cli)], ids=" ".join)
def test_every_command_accepts_quiet(run, path):
    assert "--quiet" in run(*path, "--help").output


def test_quiet_prints_nothing_but_errors(run, three):
    run("import", "--each", three, "--quiet")
    assert run("list", "--quiet").output == ""
    assert run("catalog", "kommuner", "-q").output == ""
    assert run("check", "--all", "--quiet", "--fail-on", "never").output == ""
    assert run("rules", "-q").output == ""
    err = run("check", "--kommune", "0000", "--quiet", expect=2).output
    assert "error:" in err
