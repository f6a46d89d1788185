"""The command line: a thin adapter over the library. Each command parses options, calls one library
function and prints; errors a user can cause become one message and exit code 2."""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import sys

import click

from ..errors import EaRepoError
from ..rulemeta import RuleError

# Command modules, each defining `register(group)`. Adding a command = adding a module here.
COMMAND_MODULES = ("repo", "catalog_cmds", "check_cmds", "report_cmds", "gaps_cmds", "procure_cmds", "merger_cmds",
                   "diff_cmds", "cooperation_cmds", "server_cmds", "client_cmds", "plan_cmds", "principles_cmds",
                   "portfolio_cmds")


#: Exit codes: 0 nothing to report, 1 findings at or above --fail-on (check, gaps) or "not valid" (catalog valid),
#: 2 a usage or input error (one message), 3 an unexpected failure inside ea-repo (a bug: one line, --debug for the
#: traceback), 130 interrupted, 141 the reader of stdout went away. A crash never exits 1, so a CI pipeline never reads it as a result.
EXIT_BUG, EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 3, 130, 141


def _explicit_lang(args: list[str]) -> str | None:
    """The value of a --lang given on the command line (the last one), else None."""
    found = None
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args):
            found = args[i + 1]
        elif a.startswith("--lang="):
            found = a.split("=", 1)[1]
    return found


ERROR_WORD = {"nb": "feil", "en": "error"}


class _Group(click.Group):
    def invoke(self, ctx):
        from ..i18n import message_language

        lang = message_language(_explicit_lang([*getattr(ctx, "_protected_args", ()), *ctx.args]))
        word = ERROR_WORD[lang]
        try:
            return super().invoke(ctx)
        except (EaRepoError, RuleError) as exc:
            text = exc.render(lang) if isinstance(exc, EaRepoError) else str(exc)
            click.echo(f"{word}: {text}", err=True)
            ctx.exit(getattr(exc, "exit_code", 2))
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo(f"{word}: " + ("avbrutt; ingenting halvskrevet ble beholdt" if lang == "nb"
                                      else "interrupted; nothing half-written was kept"), err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:  # the reader of stdout went away (`… | head`): stop quietly, as the shell does
            with contextlib.suppress(OSError):
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 — the interpreter flushes stdout at exit
            ctx.exit(EXIT_BROKEN_PIPE)
        except OSError as exc:  # the machine's side: a full disk, a file that cannot be read or written
            from ..output import os_problem

            if exc.errno == errno.ENOSPC or "No space left on device" in str(exc):  # also the store's own IO error
                detail = str(exc)[:200]
                click.echo(f"{word}: " + (f"disken er full ({detail}); frigjør plass og kjør på nytt — ingenting halvskrevet ble "
                                          "beholdt (repositoryet er som før kommandoen)" if lang == "nb" else
                                          f"the disk is full ({detail}); free space and run again — nothing half-written was "
                                          "kept (the repository is as it was before the command)"), err=True)
                _traceback(ctx)
                ctx.exit(2)
            problem = os_problem(exc, exc.filename, "use") if exc.filename else os_problem(exc, "the output", "write")
            click.echo(f"{word}: {problem.render(lang)}", err=True)
            _traceback(ctx)
            ctx.exit(2)
        except Exception as exc:  # noqa: BLE001 — the boundary: nothing unexpected reaches a user as a traceback
            what = f"{type(exc).__name__}: {str(exc)[:300]}"
            click.echo(f"{word}: uventet {what} — dette er en feil i ea-repo, ikke i det du ga inn; meld den med kommandoen "
                       "du kjørte (--debug viser detaljene)" if lang == "nb" else
                       f"{word}: unexpected {what} — this is a fault in ea-repo, not in your input; please report it with "
                       "the command you ran (--debug shows the details)", err=True)
            _traceback(ctx)
            ctx.exit(EXIT_BUG)


def _traceback(ctx: click.Context) -> None:
    if ctx.find_root().params.get("debug"):
        import traceback

        click.echo(traceback.format_exc(), err=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(None, "-V", "--version", package_name="ea-repo")
@click.option("--debug", is_flag=True, help="On an unexpected failure, print the traceback too.")
def cli(debug: bool) -> None:
    """ea-repo: enterprise-architecture repository and standards compliance checker for Norwegian kommuner.

    The repository lives at --repo, or EA_REPO, or ./.ea-repo. Exit codes: 0 nothing to report, 1 findings at or
    above --fail-on, 2 a usage or input error, 3 an unexpected failure (a fault in ea-repo; --debug shows it).
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
    # and --lang: a command whose output has no language of its own takes it for its error messages
    if not any("--lang" in getattr(p, "opts", ()) for p in _command.params):
        _command.params.append(click.Option(["--lang"], type=click.Choice(["nb", "en"]), expose_value=False,
                                            callback=lambda ctx, param, value: ctx.meta.update(lang=value),
                                            help="Language of error messages (default: $EA_REPO_LANG, else the locale)."))


def main() -> None:
    import logging

    # rdflib logs a traceback for every ill-typed literal (2027-02-30 as xsd:date); the loaders report those as
    # located input errors (ea_repo/inventory/terms.py), so the log would only repeat them as noise
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
    cli(prog_name="ea-repo")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
