"""Options shared by several commands (one definition each)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..repopath import ENV

repo_option = click.option(
    "--repo",
    "repo_path",
    envvar=ENV,
    type=click.Path(file_okay=False),
    default=None,
    help="Repository folder (default: $EA_REPO, else ./.ea-repo).",
)
kommune_option = click.option("--kommune", "-k", "kommune", metavar="NNNN", help="Kommunenummer (four digits).")
lang_option = click.option("--lang", type=click.Choice(["nb", "en"]), default="nb", show_default=True, help="Language of texts.")
quiet_option = click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
json_option = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")


def date_param(ctx, param, value):
    """Click callback for an optional YYYY-MM-DD option."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("write the date as YYYY-MM-DD") from None


def emit(data: str | bytes, out: Path | None) -> None:
    """Write command output to stdout, or atomically to OUT (a temporary file renamed into place)."""
    if out is None:
        text = data if isinstance(data, str) else data.decode("utf-8")
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from ..output import write_file

    write_file(out, data)
