"""`ea-repo plan`: the kommune's handlingsplan from the check (table, JSON, XLSX), and `ea-repo plan import FILE` to
keep the kommune's decisions from an edited XLSX."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from ..errors import UsageError
from ..i18n import msg
from ..repopath import resolve_path
from .options import date_param, emit, json_option, kommune_option, lang_option, quiet_option, repo_option

FORMATS = ("table", "json", "xlsx")  # ea_repo/plan/output.py WRITERS (kept here so --help imports nothing heavy)


def _kommune(kommune: str | None) -> str:
    from ..inventory import check_kommune

    if not kommune:
        raise UsageError(msg("say whose plan: --kommune NNNN", "si hvilken kommunes plan: --kommune NNNN"))
    return check_kommune(kommune)


def register(cli: click.Group) -> None:
    @cli.group("plan", invoke_without_command=True)
    @kommune_option
    @click.option("--years", type=click.IntRange(1, 20), default=4, show_default=True, help="Years the plan covers.")
    @click.option("--from", "start", callback=date_param, metavar="YYYY-MM-DD",
                  help="The day the plan starts (and the check date; default today).")
    @click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
    @click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path),
                  help="Write to a file instead of stdout (needed for xlsx).")
    @click.option("--waivers", "waivers_file", type=click.Path(dir_okay=False), help="Waiver file (YAML or Turtle).")
    @repo_option
    @lang_option
    @click.pass_context
    def plan_cmd(ctx, kommune, years, start, fmt, out, waivers_file, repo_path, lang):
        """The kommune's handlingsplan: an action per rule and system for its findings (not met) and per rule and
        owner for its documentation gaps (not known), each with the legal deadline, a national component's
        retirement, the system's end of support or its contract end where the catalogue or the inventory gives
        one, an owner, an effort class, a cost and the year it falls in. `ea-repo plan import FILE` reads an
        edited XLSX back."""
        if ctx.invoked_subcommand is not None:
            return
        from ..plan import build_plan
        from ..plan.output import BINARY, WRITERS

        code = _kommune(kommune)
        if fmt in BINARY and out is None:
            raise UsageError(msg(f"--format {fmt} writes a workbook: give --out FILE.xlsx",
                                 f"--format {fmt} skriver en arbeidsbok: oppgi --out FIL.xlsx"))
        plan = build_plan(resolve_path(repo_path), code, start=start or dt.date.today(), years=years,
                          waivers_file=waivers_file)
        emit(WRITERS[fmt](plan, lang), out)

    @plan_cmd.command("import")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @kommune_option
    @click.option("--by", "by", metavar="NAME", help="Who made the decisions (default: the user name).")
    @click.option("--from", "start", callback=date_param, metavar="YYYY-MM-DD",
                  help="The plan's start (default: the one the workbook was written with).")
    @click.option("--years", type=click.IntRange(1, 20), default=None, help="Years (default: the workbook's).")
    @click.option("--waivers", "waivers_file", type=click.Path(dir_okay=False), help="Waiver file (YAML or Turtle).")
    @repo_option
    @json_option
    @quiet_option
    def plan_import_cmd(file, kommune, by, start, years, waivers_file, repo_path, as_json, quiet):
        """Keep the decisions of an edited plan workbook (owner, year, cost, status; only the cells that differ from
        the plan) in the repository, with who and when. A mistake anywhere in the file: every one is listed,
        nothing is written, exit 2."""
        import getpass

        from ..plan import import_plan
        from ..store import now_iso

        code = _kommune(kommune)
        got = import_plan(resolve_path(repo_path), code, file, by=by or getpass.getuser(), now=now_iso(), start=start,
                          years=years, waivers_file=waivers_file)
        if as_json:
            click.echo(json.dumps(got, ensure_ascii=False, indent=2))
        elif not quiet:
            click.echo(f"{got['file']}: {len(got['changed'])} action(s) changed for {code} by {got['by']}"
                       + (f"; {len(got['not_in_plan'])} row(s) for actions no longer in the plan left as they were"
                          if got["not_in_plan"] else ""))
