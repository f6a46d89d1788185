"""`ea-repo merger plan|apply` and the numbering-history commands `ea-repo catalog history|changes|valid|update`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from .. import history, klass
from ..errors import UsageError
from ..i18n import msg
from ..merger.output import WRITERS
from ..repopath import resolve_path
from .options import emit, excel_needs_csv, excel_option, for_excel, json_option, lang_option, repo_option

cache_option = click.option("--cache", "cache", type=click.Path(file_okay=False), default=None,
                            help="KLASS cache folder (default: $EA_REPO_CACHE, else the user's cache folder).")


def _date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise UsageError(msg(f"{option} '{value}' is not a date; write YYYY-MM-DD, e.g. 2028-01-01",
                             f"{option} '{value}' er ikke en dato; skriv YYYY-MM-DD, f.eks. 2028-01-01")) from None


def _period(p) -> dict:
    return {"code": p.code, "name": p.name, "valid_from": p.valid_from and p.valid_from.isoformat(),
            "valid_to": p.valid_to and p.valid_to.isoformat()}


def _change(c) -> dict:
    return {"date": c.date.isoformat(), "old_code": c.old_code, "old_name": c.old_name, "new_code": c.new_code,
            "new_name": c.new_name, "source": c.source}


def _reform(h, repo, kommuner, new_number, name, date, reform_year):
    from ..merger import reform_from_history, reform_what_if

    if reform_year and (kommuner or new_number):
        raise UsageError(msg("give either --reform YEAR or --kommune … --new-number … (a what-if), not both",
                             "oppgi enten --reform YEAR eller --kommune … --new-number … (et hva-om-scenario), ikke begge"))
    if reform_year:
        return reform_from_history(h, reform_year, set(repo.kommuner()))
    if not (kommuner and new_number and name and date):
        raise UsageError(msg("a what-if needs --kommune (one or more), --new-number, --name and --date; or use --reform YEAR",
                             "et hva-om-scenario krever --kommune (én eller flere), --new-number, --name og --date; "
                             "eller bruk --reform YEAR"))
    held = set(repo.kommuner())
    missing = [k for k in kommuner if k not in held]
    if missing:
        wanted, listed = ", ".join(missing), ", ".join(sorted(held))
        raise UsageError(msg(f"the repository holds no inventory for {wanted} (it holds: {listed or 'none'})",
                             f"repositoryet har ingen systemoversikt for {wanted} (det har: {listed or 'ingen'})"))
    return reform_what_if(list(kommuner), new_number, name, _date(date, "--date"), h)


def _plan_options(f):
    for opt in reversed([
        click.option("--kommune", "-k", "kommuner", multiple=True, metavar="NNNN", help="A merging kommune (repeat)."),
        click.option("--new-number", metavar="NNNN", help="The new kommunenummer (what-if)."),
        click.option("--name", help="The new kommune's name (what-if)."),
        click.option("--date", metavar="YYYY-MM-DD", help="The date the new number applies (what-if)."),
        click.option("--reform", "reform_year", type=int, metavar="YEAR", help="Replay SSB's changes of YEAR instead."),
        click.option("--assign", "assign", type=click.Path(dir_okay=False, path_type=Path),
                     help="YAML file 'system-id: NNNN' assigning a split kommune's systems to its parts."),
        repo_option, cache_option,
    ]):
        f = opt(f)
    return f


def register(cli: click.Group) -> None:
    cat = cli.commands["catalog"]

    @cat.command("history")
    @click.argument("code")
    @cache_option
    @json_option
    def history_cmd(code, cache, as_json):
        """Periods, predecessors and successors of one kommunenummer (SSB KLASS 131 since 2011)."""
        h = history.load(Path(cache) if cache else None)
        code = code.strip().zfill(4)
        if not h.known(code):
            raise UsageError(msg(f"{code} is not a kommunenummer in the history ({h.source}); a kommunenummer has four digits",
                                 f"{code} er ikke et kommunenummer i historikken ({h.source}); et kommunenummer har fire sifre"))
        data = {"code": code, "source": h.source, "periods": [_period(p) for p in h.periods_of(code)],
                "predecessors": [_change(c) for c in h.predecessors(code)],
                "successors": [_change(c) for c in h.successors(code)], "now": list(h.follow(code))}
        if as_json:
            click.echo(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for p in data["periods"]:
            click.echo(f"{p['code']} {p['name']}: {p['valid_from'] or f'before {h.coverage_from}'} – {p['valid_to'] or 'now'}")
        for c in data["predecessors"]:
            click.echo(f"  {c['date']}  from {c['old_code']} {c['old_name']}")
        for c in data["successors"]:
            click.echo(f"  {c['date']}  to   {c['new_code']} {c['new_name']}")
        click.echo(f"  now: {', '.join(data['now'])}  (source: {h.source})")

    @cat.command("changes")
    @click.option("--year", type=int, required=True, help="The year of the changes (e.g. 2020, 2024).")
    @cache_option
    @json_option
    def changes_cmd(year, cache, as_json):
        """All kommunenummer changes of one year, grouped into events (merger, split, county change …)."""
        h = history.load(Path(cache) if cache else None)
        events = h.events(year)
        if as_json:
            click.echo(json.dumps([{"date": e.date.isoformat(), "kind": e.kind, "old": [list(x) for x in e.olds],
                                    "new": [list(x) for x in e.news]} for e in events], ensure_ascii=False, indent=2))
            return
        if not events:
            click.echo(f"No kommunenummer changes in {year}.")
        for e in events:
            click.echo(f"{e.date} {e.kind:<15} " + ", ".join(f"{c} {n}" for c, n in e.olds) + " -> "
                       + ", ".join(f"{c} {n}" for c, n in e.news))

    @cat.command("valid")
    @click.option("--code", required=True, metavar="NNNN")
    @click.option("--date", "when", required=True, metavar="YYYY-MM-DD")
    @cache_option
    @json_option
    def valid_cmd(code, when, cache, as_json):
        """Was CODE a valid kommunenummer on DATE? Exit 1 if not, naming what it was or became."""
        h = history.load(Path(cache) if cache else None)
        d, code = _date(when, "--date"), code.strip().zfill(4)
        p = h.valid_at(code, d)
        if as_json:
            click.echo(json.dumps({"code": code, "date": d.isoformat(), "valid": p is not None,
                                   "period": _period(p) if p else None, "valid_now": list(h.follow(code))}, ensure_ascii=False))
        elif p:
            click.echo(f"{code} {p.name} was valid on {d} ({p.valid_from or f'before {h.coverage_from}'} – {p.valid_to or 'now'}).")
        else:
            periods = "; ".join(f"{x.name} {x.valid_from or '…'}–{x.valid_to or 'now'}" for x in h.periods_of(code)) or "never"
            click.echo(f"{code} was not a valid kommunenummer on {d} (it was: {periods}).")
        if p is None:
            sys.exit(1)

    @cat.command("update")
    @click.option("--from", "start_year", type=int, default=2008, show_default=True, help="First year of changes to fetch.")
    @click.option("--url", default=None, help=f"KLASS API base URL (default: ${klass.ENV_BASE_URL} or {klass.DEFAULT_BASE_URL}).")
    @click.option("--timeout", type=float, default=20, show_default=True, help="Seconds to wait for an answer.")
    @click.option("--retries", type=int, default=2, show_default=True, help="Retries on timeouts and 5xx answers.")
    @cache_option
    def update_cmd(start_year, url, timeout, retries, cache):
        """Fetch the kommune classification (KLASS 131) and its changes from SSB and cache them.

        The cached copy replaces the previous one only when the answer is valid; otherwise the previous
        catalogue (cached copy or shipped snapshot) is kept byte for byte and the command exits 2.
        """
        r = klass.update(today=dt.date.today(), now=dt.datetime.now(dt.UTC), start_year=start_year, url=url,
                         cache=cache, timeout=timeout, retries=retries)
        click.echo(f"Cached {r.codes} code versions ({r.current} valid now) and {r.changes} changes "
                   f"{r.start}..{r.end} in {r.path}.")

    @cli.group("merger")
    def merger_group():
        """Renumbering impact of a merger, split or county change, as a dated plan; apply it to the repository."""

    @merger_group.command("plan")
    @_plan_options
    @click.option("--format", "fmt", type=click.Choice(sorted(WRITERS)), default="table", show_default=True)
    @click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file instead of stdout.")
    @click.option("--today", metavar="YYYY-MM-DD", help="Plan as of this day (default: today).")
    @excel_option
    @lang_option
    def plan_cmd(kommuner, new_number, name, date, reform_year, assign, repo_path, cache, fmt, out, today, excel, lang):
        """What a merger, split or renumbering hits, and a dated plan in dependency order.

        A what-if: --kommune A --kommune B --new-number NNNN --name NAME --date YYYY-MM-DD.
        A real reform: --reform YEAR (SSB's changes of that year, for the kommuner in the repository).
        """
        from ..merger import load_assignments, plan_repository
        from ..store import Repository

        excel_needs_csv(fmt, excel)
        h = history.load(Path(cache) if cache else None)
        repo = Repository(resolve_path(repo_path), read_only=True)
        try:
            reform = _reform(h, repo, kommuner, new_number, name, date, reform_year)
            plan = plan_repository(repo, reform, today=_date(today, "--today") if today else dt.date.today(),
                                   assignments=load_assignments(assign) if assign else None)
        finally:
            repo.close()
        kw = {"tool_version": _version(), "today": (plan.today or "").__str__()} if fmt == "html" else {}
        emit(for_excel(WRITERS[fmt](plan, lang, **kw), fmt, excel), out)

    @merger_group.command("apply")
    @_plan_options
    def apply_cmd(kommuner, new_number, name, date, reform_year, assign, repo_path, cache):
        """Write the new kommune(s) into the repository; the old inventories are kept under graph/history/.

        Everything is written in one transaction; a split needs every system assigned (--assign FILE).
        """
        from ..merger import apply as apply_reform
        from ..merger import load_assignments
        from ..store import Repository, now_iso

        h = history.load(Path(cache) if cache else None)
        repo = Repository(resolve_path(repo_path))
        try:
            reform = _reform(h, repo, kommuner, new_number, name, date, reform_year)
            r = apply_reform(repo, reform, now=now_iso(), assignments=load_assignments(assign) if assign else None)
        finally:
            repo.close()
        click.echo(f"Wrote kommune {', '.join(r.written)}; kept the old inventories in {', '.join(r.archived)}.")
        for old, new in r.renamed:
            click.echo(f"  renamed {old} -> {new} (the id was used by two kommuner)")


def _version() -> str:
    from ..check import tool_version

    return tool_version()
