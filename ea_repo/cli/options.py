"""Options shared by several commands (one definition each)."""

from __future__ import annotations

import click

from ..store import ENV

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
