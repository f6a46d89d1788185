"""`ea-repo gaps` (integration-gap analyses) and `ea-repo graph` (export the architecture graph)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..errors import UsageError
from ..graph_export import EXPORTERS
from ..i18n import msg
from ..repopath import resolve_path
from . import progress
from .check_cmds import FAIL_ON, fails
from .options import (
    date_param,
    emit,
    excel_needs_csv,
    excel_option,
    for_excel,
    lang_option,
    quiet_option,
    repo_option,
    terminal_width,
)


def register(cli: click.Group) -> None:
    @cli.command("gaps")
    @click.option("--kommune", "-k", "kommuner_codes", multiple=True, metavar="NNNN", help="Kommune to analyse (repeatable).")
    @click.option("--all", "all_", is_flag=True, help="Analyse every kommune in the repository.")
    @repo_option
    @click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "sarif"]), default="table", show_default=True)
    @click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the output to a file.")
    @lang_option
    @click.option("--date", "today", callback=date_param, help="Analyse as of this date (YYYY-MM-DD; default today).")
    @click.option("--betweenness", type=click.FloatRange(0, 1), default=None,
                  help="Betweenness from which a system is tried as a single point of failure (default: catalogue).")
    @click.option("--min-overlap", type=click.IntRange(min=2), default=None, help="Systems in one category that make an overlap.")
    @click.option("--min-manual-chain", type=click.IntRange(min=1), default=None,
                  help="Manual/file flows in a row (from a system with an API) that are reported.")
    @click.option("--fail-on", type=click.Choice(FAIL_ON), default="never", show_default=True,
                  help="Exit 1 when a finding at or above this severity exists.")
    @click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Parallel processes (default: cores).")
    @excel_option
    @quiet_option
    def gaps_cmd(kommuner_codes, all_, repo_path, fmt, out, lang, today, betweenness, min_overlap, min_manual_chain, fail_on,
                 jobs, excel, quiet):
        """Integration-gap analyses (EA-GAP-…) of kommuner (--kommune NNNN, --all) on the architecture graph."""
        from .. import catalog, gaps, rules
        from ..check import default_jobs
        from ..inventory import check_kommune
        from ..results import CheckResult
        from ..store import Repository, now_iso
        from ..writers import write

        excel_needs_csv(fmt, excel)
        if all_ == bool(kommuner_codes):
            raise UsageError(msg("say what to analyse: --kommune NNNN or --all",
                                 "si hva som skal analyseres: --kommune NNNN eller --all"))
        cfg = gaps.config(betweenness=betweenness, min_overlap=min_overlap, min_manual_chain=min_manual_chain)
        repo = Repository(resolve_path(repo_path), read_only=True)
        try:
            held = repo.kommuner()
            codes = held if all_ else [check_kommune(k) for k in kommuner_codes]
            missing = [k for k in codes if k not in held]
            if missing or not codes:
                wanted, listed = ", ".join(missing), ", ".join(held)
                raise UsageError(msg(f"the repository holds no inventory for kommune {wanted or '(none)'}"
                                     f" (it holds: {listed or 'nothing'}); import one first (`ea-repo import`)",
                                     f"repositoryet har ingen systemoversikt for kommune {wanted or '(ingen)'}"
                                     f" (det har: {listed or 'ingenting'}); importer en først (`ea-repo import`)"))
            day = today or dt.date.today()
            with progress.bar("gaps", quiet) as tick:
                findings, answers = gaps.analyse_repository(repo, codes, day, cfg, jobs=jobs or default_jobs(),
                                                            progress=tick)
        finally:
            repo.close()
        result = CheckResult(findings=findings, answers=answers, kommuner=codes, rules=rules.load_rules(),
                             checked_at=now_iso(), catalog_version=catalog.catalog_version(), engine="networkx", today=day)
        if out is not None or not quiet:
            emit(for_excel(write(fmt, result, lang, terminal_width(out)), fmt, excel), out)
        sys.exit(1 if fails(findings, fail_on) else 0)

    @cli.command("graph")
    @click.option("--kommune", "-k", "kommune", metavar="NNNN", required=True, help="Kommunenummer (four digits).")
    @repo_option
    @click.option("--format", "fmt", type=click.Choice(list(EXPORTERS)), default="graphml", show_default=True,
                  help="graphml (yEd, Gephi), json (node-link) or dot (Graphviz).")
    @click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file instead of stdout.")
    def graph_cmd(kommune, repo_path, fmt, out):
        """Export a kommune's architecture graph: systems, interfaces, integrations, components, data objects."""
        from ..graph import build_graph, export
        from ..inventory import check_kommune
        from ..store import Repository

        code = check_kommune(kommune)
        repo = Repository(resolve_path(repo_path), read_only=True)
        try:
            if not repo.has_inventory(code):
                listed = ", ".join(repo.kommuner())
                raise UsageError(msg(f"the repository holds no inventory for kommune {code} (it holds: {listed})",
                                     f"repositoryet har ingen systemoversikt for kommune {code} (det har: {listed})"))
            inv = repo.inventory(code)
        finally:
            repo.close()
        emit(export(build_graph(inv), fmt), out)
