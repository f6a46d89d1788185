from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ea_repo.cli import cli
from ea_repo.store import Repository

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = ROOT / "examples"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (for a server a test starts)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc, what: str) -> None:
    """Poll URL until it answers 2xx; fail with the process's stderr when it does not within ~10 s."""
    import time

    import requests

    for _ in range(200):
        try:
            if requests.get(url, timeout=1).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    pytest.fail(f"{what} did not start: {proc.stderr.read().decode()[:1000] if proc.stderr else ''}")


@pytest.fixture(autouse=True)
def _messages_in_english(monkeypatch):
    """Error messages follow the user's locale; the tests read them in English on any machine (tests/test_messages.py
    asks for bokmål where it tests it)."""
    monkeypatch.setenv("EA_REPO_LANG", "en")


class Cli:
    def __init__(self, repo: Path):
        self.repo = repo
        self.runner = CliRunner()

    def __call__(self, *args, expect: int | None = 0):
        result = self.runner.invoke(cli, [str(a) for a in args], env={"EA_REPO": str(self.repo)}, catch_exceptions=False)
        if expect is not None:
            assert result.exit_code == expect, f"exit {result.exit_code}, expected {expect}:\n{result.output}"
        return result


@pytest.fixture
def repo_path(tmp_path) -> Path:
    return tmp_path / "repo"


@pytest.fixture
def run(repo_path) -> Cli:
    return Cli(repo_path)


@pytest.fixture
def mini(tmp_path) -> Path:
    """A writable copy of the minimal CSV inventory (kommune 4631)."""
    dst = tmp_path / "mini"
    shutil.copytree(DATA / "mini", dst)
    return dst


def snapshot(repo_path: Path) -> list[str]:
    repo = Repository(repo_path, read_only=True)
    try:
        return repo.snapshot()
    finally:
        repo.close()
