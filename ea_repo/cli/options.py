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
excel_option = click.option(
    "--excel", is_flag=True,
    help="With --format csv: for a Norwegian Excel (UTF-8 with BOM, semicolons, CRLF), so æøå and the columns come out right.")
json_option = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")


def _set_limit(ctx: click.Context, param: click.Parameter, value: int | None) -> None:
    """--max-…: the cap's environment variable, set for the length of the command (the readers and the worker
    processes of --jobs read it from there; a value in the environment counts where the option is not given)."""
    if value is None:
        return
    import contextlib
    import os

    from ..inventory.limits import LIMITS

    env = next(cap.env for cap in LIMITS.values() if cap.option == param.opts[0])

    @contextlib.contextmanager
    def setting():
        before = os.environ.get(env)
        os.environ[env] = str(value)
        try:
            yield
        finally:
            if before is None:
                os.environ.pop(env, None)
            else:
                os.environ[env] = before

    ctx.with_resource(setting())


def limit_options(f):
    """--max-file-mb, --max-unzipped-mb, --max-rows, --max-columns on a command that reads inventory files (or
    workbooks): raise a bound a file ran into, as the refusal's hint says."""
    from ..inventory.limits import LIMITS

    for cap in reversed(LIMITS.values()):
        f = click.option(cap.option, type=click.IntRange(min=1), default=None, expose_value=False, callback=_set_limit,
                         metavar=cap.unit.upper() if cap.unit == "MB" else "N",
                         help=f"{cap.help} (default {cap.default:,}; also ${cap.env}).")(f)
    return f


def date_param(ctx, param, value):
    """Click callback for an optional YYYY-MM-DD option."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("write the date as YYYY-MM-DD") from None


def terminal_width(out: Path | None) -> int | None:
    """The width a text table must fit: the terminal's when it goes to one (or $COLUMNS says so), else none
    (a file or a pipe gets whole lines, for grep and diff)."""
    import os
    import shutil

    if out is not None or not (sys.stdout.isatty() or os.environ.get("COLUMNS", "").isdigit()):
        return None
    return max(shutil.get_terminal_size().columns, 60)


def excel_needs_csv(fmt: str | None, excel: bool) -> None:
    """--excel with another format than CSV is a usage error (said before any work is done)."""
    if excel and fmt != "csv":
        from ..errors import UsageError
        from ..i18n import msg

        raise UsageError(msg(f"--excel shapes CSV output: add --format csv (the format is {fmt or 'not csv'})",
                             f"--excel tilpasser CSV-utdata: legg til --format csv (formatet er {fmt or 'ikke csv'})"))


def for_excel(data, fmt: str, excel: bool):
    """DATA as --excel asks (CSV only: a str, or a dict of files whose .csv ones are converted)."""
    if not excel:
        return data
    from ..output import excel_csv

    excel_needs_csv(fmt, excel)

    if isinstance(data, dict):
        return {k: excel_csv(v) if k.lower().endswith(".csv") and isinstance(v, str) else v for k, v in data.items()}
    return excel_csv(data)


def emit(data, out: Path | None) -> None:
    """Write command output (text, bytes, or text parts ending with a line break) to stdout, or atomically to OUT
    (a temporary file renamed into place)."""
    if out is None and not isinstance(data, (str, bytes)):
        for part in data:
            sys.stdout.write(part)
        return
    if out is None:
        text = data if isinstance(data, str) else data.decode("utf-8")
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from ..output import write_file

    write_file(out, data)


server_option = click.option(
    "--server", "server", metavar="URL",
    help="Work against an `ea-repo serve` at URL instead of a repository (sign in first: `ea-repo login URL`, "
         "or set $EA_REPO_TOKEN).")


def given(ctx: click.Context, name: str) -> bool:
    """Whether the option NAME was given on the command line (not a default, not from the environment)."""
    from click.core import ParameterSource

    return ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE
