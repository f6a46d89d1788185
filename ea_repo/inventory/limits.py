"""Bounds on what an inventory file may be, and how a user raises each: a command option (`--max-rows N`) or its
environment variable (`EA_REPO_MAX_ROWS=N`), the option winning. The option sets the variable for the length of the
command, so the readers, and the worker processes of `--jobs`, read one place.

Light: standard library only (the command line's options are built from LIMITS at start-up)."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    env: str
    option: str
    default: int
    unit: str  # in the hint: "<MB>", "<rows>"
    unit_nb: str
    help: str


LIMITS = {
    "file_mb": Limit("EA_REPO_MAX_FILE_MB", "--max-file-mb", 200, "MB", "MB",
                     "Largest inventory file read, in MB"),
    "unzipped_mb": Limit("EA_REPO_MAX_UNZIPPED_MB", "--max-unzipped-mb", 500, "MB", "MB",
                         "Largest size an XLSX workbook or a zip of inventory files may unpack to, in MB"),
    "rows": Limit("EA_REPO_MAX_ROWS", "--max-rows", 200_000, "rows", "rader",
                  "Most rows read from a sheet of a workbook"),
    "columns": Limit("EA_REPO_MAX_COLUMNS", "--max-columns", 500, "columns", "kolonner",
                     "Most columns read from a sheet of a workbook"),
}


def limit(name: str) -> int:
    """The cap NAME in force: its environment variable (set by the command's option, or by the user), else the
    default; a value that is not a positive whole number counts as the default."""
    cap = LIMITS[name]
    try:
        return max(1, int(os.environ.get(cap.env, cap.default)))
    except ValueError:
        return cap.default


def how_to_raise(name: str) -> tuple[str, str]:
    """'--max-rows <rows> (or EA_REPO_MAX_ROWS=<rows>)', in English and bokmål, for the hint of a refusal."""
    cap = LIMITS[name]
    return (f"{cap.option} <{cap.unit}> (or {cap.env}=<{cap.unit}>)",
            f"{cap.option} <{cap.unit_nb}> (eller {cap.env}=<{cap.unit_nb}>)")
