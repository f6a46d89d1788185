"""`ea-repo report`: HTML compliance reports (one page per kommune, index.html with --all), and the demo hook."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import UsageError
from ..i18n import msg
from ..repopath import resolve_path
from . import progress
from . import repo as repo_cmds
from .options import date_param, lang_option, quiet_option, repo_option, server_option


def register(cli: click.Group) -> None:
    @cli.command("report")
    @click.option("--kommune", "-k", "kommuner_codes", multiple=True, metavar="NNNN", help="Kommune to report on (repeatable).")
    @click.option("--all", "all_", is_flag=True, help="Every kommune in the repository, plus index.html comparing them.")
    @click.option("--out", "-o", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
                  help="Folder to write the HTML pages to (created if missing).")
    @repo_option
    @lang_option
    @click.option("--waivers", "waivers_file", type=click.Path(dir_okay=False), help="Waiver file (YAML or Turtle).")
    @click.option("--date", "today", callback=date_param, help="Check as of this date (YYYY-MM-DD; default today).")
    @click.option("--max-age", "max_age", type=click.FloatRange(min=0), default=2.0, show_default=True,
                  help="Flag an inventory older than this many years (its meta date) at the check date.")
    @click.option("--cooperation", "cooperation_id", metavar="ID",
                  help="A co-operation's overview page across its members (with their pages and its own).")
    @click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Parallel processes (default: cores).")
    @click.option("--principles", "principles_file", type=click.Path(dir_okay=False, path_type=Path),
                  help="A kommune's or co-operation's own architecture principles (YAML or Turtle), beside Digdir's.")
    @server_option
    @quiet_option
    @click.pass_context
    def report_cmd(ctx, kommuner_codes, all_, out, repo_path, lang, waivers_file, today, max_age, jobs, principles_file,
                   server, quiet, cooperation_id=None):
        """Write self-contained HTML compliance reports (--kommune NNNN, --all or --cooperation ID) to --out.

        With --server URL, the pages are that `ea-repo serve`'s, written with their script inline so they open
        offline (the kommune pages; the server has no index page)."""
        from ..inventory import check_kommune
        from ..report import build_reports, write_reports

        if server:
            from .client_cmds import report_via_server

            return report_via_server(ctx, server, kommuner_codes, all_, out, lang, quiet)
        if cooperation_id:
            if all_ or kommuner_codes:
                raise UsageError(msg("give either --cooperation ID, or --kommune NNNN / --all",
                                     "oppgi enten --cooperation ID, eller --kommune NNNN / --all"))
            from ..report import build_cooperation_report

            reports = build_cooperation_report(resolve_path(repo_path), cooperation_id, lang=lang, waivers_file=waivers_file,
                                               today=today, max_age_days=round(max_age * 365.25))
            for path in write_reports(reports.pages, out):
                if not quiet:
                    click.echo(f"wrote {path}")
            return
        if all_ == bool(kommuner_codes):
            raise UsageError(msg("say which kommuner to report on: --kommune NNNN (repeatable) or --all",
                                 "si hvilke kommuner rapporten skal gjelde: --kommune NNNN (kan gjentas) eller --all"))
        codes = None if all_ else [check_kommune(k) for k in kommuner_codes]
        from .. import principles
        from .principles_cmds import load_sets

        sets = load_sets(principles_file)
        explained = principles.load_principle_waivers(Path(waivers_file), {p.id for p in sets}) if waivers_file else []
        with progress.bar("report", quiet) as tick:
            reports = build_reports(resolve_path(repo_path), kommuner=codes, lang=lang, waivers_file=waivers_file,
                                    today=today, max_age_days=round(max_age * 365.25), jobs=jobs, progress=tick,
                                    principles=sets, principle_waivers=explained)
        written = write_reports(reports.pages, out)
        if not quiet:
            for path in written:
                click.echo(f"wrote {path}")


def demo_reports(repo_path, out) -> None:
    """Demo stage: the example kommuner's reports, next to the demo repository unless --out says otherwise."""
    from ..report import INDEX, build_reports, write_reports

    out = Path(out) if out else Path(repo_path).parent / "reports"
    written = write_reports(build_reports(repo_path).pages, out)
    index = next((p for p in written if p.name == INDEX), written[0])
    kommuner = sum(1 for p in written if p.name != INDEX and not p.name.endswith("-plan.html"))
    click.echo(f"\nReports for {kommuner} kommuner written (each with its plan); open {index.resolve()}")


repo_cmds.DEMO_HOOKS.append(demo_reports)
