"""`ea-repo report`: HTML compliance reports (one page per kommune, index.html with --all), and the demo hook."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import UsageError
from ..inventory import check_kommune
from ..report import INDEX, build_reports, write_reports
from ..store import resolve_path
from . import repo as repo_cmds
from .options import lang_option, quiet_option, repo_option


def register(cli: click.Group) -> None:
    @cli.command("report")
    @click.option("--kommune", "-k", "kommuner_codes", multiple=True, metavar="NNNN", help="Kommune to report on (repeatable).")
    @click.option("--all", "all_", is_flag=True, help="Every kommune in the repository, plus index.html comparing them.")
    @click.option("--out", "-o", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
                  help="Folder to write the HTML pages to (created if missing).")
    @repo_option
    @lang_option
    @click.option("--waivers", "waivers_file", type=click.Path(dir_okay=False), help="Waiver file (YAML or Turtle).")
    @quiet_option
    def report_cmd(kommuner_codes, all_, out, repo_path, lang, waivers_file, quiet):
        """Write self-contained HTML compliance reports (--kommune NNNN or --all) to --out."""
        if all_ == bool(kommuner_codes):
            raise UsageError("say which kommuner to report on: --kommune NNNN (repeatable) or --all")
        codes = None if all_ else [check_kommune(k) for k in kommuner_codes]
        reports = build_reports(resolve_path(repo_path), kommuner=codes, lang=lang, waivers_file=waivers_file)
        written = write_reports(reports.pages, out)
        if not quiet:
            for path in written:
                click.echo(f"wrote {path}")


def demo_reports(repo_path, out) -> None:
    """Demo stage: the example kommuner's reports, next to the demo repository unless --out says otherwise."""
    out = Path(out) if out else Path(repo_path).parent / "reports"
    written = write_reports(build_reports(repo_path).pages, out)
    index = next((p for p in written if p.name == INDEX), written[0])
    click.echo(f"\nReports for {len(written) - 1} kommuner written; open {index.resolve()}")


repo_cmds.DEMO_HOOKS.append(demo_reports)
