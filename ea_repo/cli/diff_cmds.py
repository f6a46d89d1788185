"""`ea-repo diff`: what changed in a kommune's inventory since the previous import (or a date)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..errors import UsageError
from ..i18n import msg
from ..repopath import resolve_path
from .options import emit, kommune_option, lang_option, repo_option, server_option


def _since(ctx, param, value):
    if value is None or value == "previous":
        return "previous"
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("write 'previous' or a date YYYY-MM-DD") from None


def register(cli: click.Group) -> None:
    from ..diff_output import WRITERS

    @cli.command("diff")
    @kommune_option
    @repo_option
    @click.option(
        "--since",
        default="previous",
        show_default=True,
        callback=_since,
        metavar="previous|YYYY-MM-DD",
        help="Compare with the previous import, or with the inventory in force at the start of that day "
        "(UTC). The repository keeps only the current inventory and the one before the last import, "
        "so a date on or before the day of the previous import is refused.",
    )
    @click.option("--format", "fmt", type=click.Choice(sorted(WRITERS)), default="table", show_default=True)
    @click.option(
        "--out",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to a file instead of stdout.",
    )
    @lang_option
    @server_option
    @click.pass_context
    def diff_cmd(ctx, kommune, repo_path, since, fmt, out, lang, server):
        """Systems, interfaces and integrations added, removed and changed (column by column, with the old and the
        new value as written in the inventory) between the current inventory and an earlier one (with --server URL:
        in the repository of that `ea-repo serve`)."""
        from ..diff import diff_since
        from ..inventory import check_kommune
        from ..store import Repository

        if not kommune:
            raise UsageError(msg("say which kommune to compare: --kommune NNNN",
                                 "si hvilken kommune som skal sammenlignes: --kommune NNNN"))
        if server:
            from .client_cmds import diff_via_server

            return diff_via_server(ctx, server, kommune, since, fmt, out, lang)
        repo = Repository(resolve_path(repo_path), read_only=True)
        try:
            d = diff_since(repo, check_kommune(kommune, repo), since)
        finally:
            repo.close()
        emit(WRITERS[fmt](d, lang), out)
