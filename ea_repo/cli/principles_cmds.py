"""`ea-repo principles`: architecture principles answered from the checks that bear on them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from ..errors import UsageError
from ..i18n import msg
from ..repopath import resolve_path
from .options import date_param, emit, lang_option, repo_option


def load_sets(principles_file: Path | None) -> list:
    """Digdir's principles, plus a kommune's or co-operation's own set when a file is given."""
    from .. import principles, rules

    found = principles.digdir_principles()
    if principles_file is not None:
        found += principles.load_principle_set(Path(principles_file), set(rules.load_rules()))
    return found


def register(cli: click.Group) -> None:
    @cli.command("principles")
    @click.option("--kommune", "-k", "kommuner_codes", multiple=True, metavar="NNNN", help="Kommune (repeatable).")
    @click.option("--all", "all_", is_flag=True, help="Every kommune in the repository.")
    @click.option("--list", "list_only", is_flag=True, help="List the principles and their checks; check nothing.")
    @repo_option
    @click.option("--principles", "principles_file", type=click.Path(dir_okay=False, path_type=Path),
                  help="A kommune's or co-operation's own principle set (YAML or Turtle), beside Digdir's.")
    @click.option("--waivers", "waivers_file", type=click.Path(dir_okay=False),
                  help="Waiver file; entries with principle: explain a departure from a principle.")
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
    @click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the output to a file.")
    @click.option("--date", "today", callback=date_param, help="Check as of this date (YYYY-MM-DD; default today).")
    @lang_option
    def principles_cmd(kommuner_codes, all_, list_only, repo_path, principles_file, waivers_file, fmt, out, today, lang):
        """Architecture principles (Digdir's, and your own with --principles) answered per kommune from their checks."""
        from .. import check, principles
        from ..inventory import check_kommune

        sets = load_sets(principles_file)
        if list_only:
            rows = [{"set": p.set_id, "principle": p.id, "title": p.title.get(lang) or p.title.get("nb"),
                     "checks": list(p.checks), "source": p.source, "verified": p.verified} for p in sets]
            emit(json.dumps(rows, ensure_ascii=False, indent=2) if fmt == "json" else
                 "\n".join(f"{r['principle']:12} {r['title']}: {', '.join(r['checks']) or '-'}" for r in rows), out)
            return
        if all_ == bool(kommuner_codes):
            raise UsageError(msg("say which kommuner: --kommune NNNN or --all", "si hvilke kommuner: --kommune NNNN eller --all"))
        day = today or dt.date.today()
        waivers = principles.load_principle_waivers(Path(waivers_file), {p.id for p in sets}) if waivers_file else []
        req = check.CheckRequest(today=day, repo_path=resolve_path(repo_path),
                                 kommuner=None if all_ else tuple(check_kommune(k) for k in kommuner_codes),
                                 waivers_file=waivers_file, cooperations=())
        result = check.run(req)
        answers = principles.assess(result, sets, waivers, day)
        if fmt == "json":
            emit(json.dumps([a.as_dict(lang) for a in answers], ensure_ascii=False, indent=2, sort_keys=True), out)
        else:
            emit(principles.table(answers, lang), out)
