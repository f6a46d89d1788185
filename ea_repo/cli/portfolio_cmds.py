"""`ea-repo portfolio`: cost per area and vendor, vendor concentration, TIME and licence kinds, and for a co-operation
the products several members buy separately."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import UsageError
from ..i18n import msg
from ..repopath import resolve_path
from .options import emit, excel_needs_csv, excel_option, for_excel, lang_option, repo_option

FORMATS = ("table", "json", "csv", "xlsx")


def register(cli: click.Group) -> None:
    @cli.command("portfolio")
    @click.option("--kommune", "-k", "kommune", metavar="NNNN", help="Kommunenummer (four digits).")
    @click.option("--cooperation", "cooperation_id", metavar="ID", help="A co-operation: its members together.")
    @repo_option
    @click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                  help="table, json (every view), csv (one row per system) or xlsx (a sheet per view; needs --out).")
    @click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the output to a file.")
    @excel_option
    @lang_option
    def portfolio_cmd(kommune, cooperation_id, repo_path, fmt, out, excel, lang):
        """The application portfolio of a kommune (--kommune) or a co-operation (--cooperation): annual cost per area
        and per vendor, vendor concentration, TIME decisions, licence kinds, and products bought separately."""
        from .. import portfolio
        from ..inventory import check_kommune
        from ..store import Repository

        excel_needs_csv(fmt, excel)
        if bool(kommune) == bool(cooperation_id):
            raise UsageError(msg("say what to show: --kommune NNNN or --cooperation ID",
                                 "si hva som skal vises: --kommune NNNN eller --cooperation ID"))
        if fmt == "xlsx" and out is None:
            raise UsageError(msg("--format xlsx writes a workbook: add --out FILE.xlsx",
                                 "--format xlsx skriver en arbeidsbok: legg til --out FIL.xlsx"))
        repo = Repository(resolve_path(repo_path), read_only=True)
        try:
            if kommune:
                code = check_kommune(kommune)
                if not repo.has_inventory(code):
                    listed = ", ".join(repo.kommuner()) or "nothing"
                    raise UsageError(msg(f"the repository holds no inventory for kommune {code} (it holds: {listed})",
                                         f"repositoryet har ingen systemoversikt for kommune {code} (det har: {listed})"))
                view = portfolio.for_kommune(repo, code)
            else:
                view = portfolio.for_cooperation(repo, cooperation_id)
        finally:
            repo.close()
        if fmt == "json":
            emit(json.dumps(view, ensure_ascii=False, indent=2, sort_keys=True), out)
        elif fmt == "csv":
            emit(for_excel(portfolio.csv_text(view), fmt, excel), out)
        elif fmt == "xlsx":
            emit(portfolio.xlsx_bytes(view, lang), out)
        else:
            emit(portfolio.table(view, lang), out)
