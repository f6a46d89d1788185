"""The command line: a thin adapter over the library. Each command parses options, calls one library
function and prints; errors a user can cause become one message and exit code 2."""

from __future__ import annotations

import contextlib
import importlib
import os
import sys

import click

from ..errors import EaRepoError
from ..rulemeta import RuleError

# Command modules, each defining `register(group)`. Adding a command = adding a module here.
COMMAND_MODULES = ("repo", "catalog_cmds", "check_cmds", "report_cmds", "gaps_cmds", "procure_cmds", "merger_cmds",
                   "diff_cmds", "cooperation_cmds")


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (EaRepoError, RuleError) as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(getattr(exc, "exit_code", 2))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="ea-repo")
def cli() -> None:
    """ea-repo: enterprise-architecture repository and standards compliance checker for Norwegian kommuner.

    The repository lives at --repo, or EA_REPO, or ./.ea-repo.
    """


for _name in COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}").register(cli)


def _silence(ctx: click.Context, param, value: bool) -> None:
    """--quiet on a command that has no quiet mode of its own: what it prints to stdout goes nowhere; errors
    (stderr) and files it writes (--out) are unchanged."""
    if value:
        devnull = ctx.with_resource(open(os.devnull, "w", encoding="utf-8"))
        ctx.with_resource(contextlib.redirect_stdout(devnull))


def _commands(group: click.Group):
    for command in group.commands.values():
        if isinstance(command, click.Group):
            yield from _commands(command)
        else:
            yield command


# every command accepts --quiet (-q): those above define what it leaves out; the rest print nothing to stdout
for _command in _commands(cli):
    if not any("--quiet" in getattr(p, "opts", ()) for p in _command.params):
        _command.params.append(click.Option(["--quiet", "-q"], is_flag=True, expose_value=False, is_eager=True,
                                            callback=_silence, help="Print nothing but errors."))


def main() -> None:
    cli(prog_name="ea-repo")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
