"""Where the repository is: --repo, else $EA_REPO, else ./.ea-repo (no store opened here, so every command's
option parsing stays light)."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_PATH = ".ea-repo"
ENV = "EA_REPO"


def resolve_path(path: str | os.PathLike | None) -> Path:
    return Path(path or os.environ.get(ENV) or DEFAULT_PATH)
