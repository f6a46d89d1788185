"""Where the repository is: --repo, else $EA_REPO, else ./.ea-repo (no store opened here, so every command's
option parsing stays light). A folder, or the URL of a SPARQL 1.1 server (ea_repo/remote.py)."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_PATH = ".ea-repo"
ENV = "EA_REPO"


def resolve_path(path: str | os.PathLike | None) -> Path:
    where = str(path or os.environ.get(ENV) or DEFAULT_PATH)
    if where.lower().startswith(("http://", "https://")):
        from .remote import RemoteLocation

        return RemoteLocation(where)  # type: ignore[return-value]  (exists() like a Path; a str for Repository)
    return Path(where)
