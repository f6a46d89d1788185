"""`ea-repo login` and `ea-repo logout`, and `--server URL` of import, check, report, diff and export: the command
line as a client of `ea-repo serve` (ea_repo/client.py). Each command answers against a server as it does against a
repository, through the same writers; what only a local repository can do (a waiver file, an engine, a check date
of one's own) is a usage error that says why."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..errors import UsageError
from ..i18n import msg, text
from .options import emit, for_excel, given, terminal_width

# why an option has no meaning against a server: (English, bokmål)
NOT_WITH_SERVER = {
    "repo_path": ("the server works on its own repository", "tjeneren bruker sitt eget repository"),
    "waivers_file": ("the server applies the waivers it keeps", "tjeneren bruker unntakene den selv tar vare på"),
    "engine": ("the server checks with its own engine", "tjeneren sjekker med sin egen motor"),
    "jobs": ("the server decides how it runs the check", "tjeneren bestemmer selv hvordan sjekken kjøres"),
    "no_gaps": ("the server always runs the graph analyses", "tjeneren kjører alltid grafanalysene"),
    "today": ("the server checks as of its own date (`ea-repo serve --date`)",
              "tjeneren sjekker per sin egen dato (`ea-repo serve --date`)"),
    "max_age": ("the server's pages use its own limit", "sidene til tjeneren bruker dens egen grense"),
    "cooperation_id": ("the server serves kommune pages only", "tjeneren gir bare sider for kommuner"),
    "mode": ("the server replaces the inventory (merge is local only)", "tjeneren erstatter systemoversikten (merge er bare lokalt)"),
    "each": ("the server takes one kommune's inventory per import", "tjeneren tar imot én kommunes systemoversikt per import"),
    "keep_going": ("the server takes one kommune's inventory per import",
                   "tjeneren tar imot én kommunes systemoversikt per import"),
}


def not_with_server(ctx: click.Context, *names: str) -> None:
    """A usage error for the first of NAMES given on the command line together with --server."""
    for name in names:
        if given(ctx, name):
            opt = next((p.opts[0] for p in ctx.command.params if p.name == name), name)
            en, nb = NOT_WITH_SERVER[name]
            raise UsageError(msg(f"{opt} does not go with --server: {en}", f"{opt} kan ikke brukes med --server: {nb}"))


def _note(ctx: click.Context, en: str, nb: str) -> None:
    from ..i18n import message_language

    lang = message_language((ctx.params.get("lang") or ctx.meta.get("lang")) if given(ctx, "lang") else None)
    click.echo(text(msg(en, nb), lang), err=True)


def _kommune(code: str) -> str:
    from ..inventory import check_kommune

    return check_kommune(code)


def _client(server: str):
    from ..client import Client

    return Client.signed_in(server)


# --- import ------------------------------------------------------------------------------------------------------


def import_via_server(ctx: click.Context, files, kommune, server: str, dry_run: bool, fmt: str, quiet: bool) -> None:
    """`import FILES --kommune K --server URL`: one PUT of the files (a folder or several files as one zip)."""
    import json

    from ..client import encoding_note, upload
    from ..errors import InputErrors

    not_with_server(ctx, "repo_path", "each", "keep_going", "jobs", *(("mode",) if ctx.params.get("mode") != "replace" else ()))
    coop_id = ctx.params.get("cooperation_id")
    if coop_id and kommune:
        raise UsageError(msg("give either --kommune or --cooperation, not both",
                             "oppgi enten --kommune eller --cooperation, ikke begge"))
    if not kommune and not coop_id:
        raise UsageError(msg("against a server, say which kommune the inventory is for: --kommune NNNN (or --cooperation ID "
                             "for a co-operation's shared installations)",
                             "mot en tjener må du si hvilken kommune systemoversikten gjelder: --kommune NNNN (eller "
                             "--cooperation ID for et samarbeids felles installasjoner)"))
    code = coop_id or _kommune(kommune)
    whose = f"co-operation {code}" if coop_id else f"kommune {code}"
    name, body, shown = upload([Path(f) for f in files])
    client = _client(server)
    try:
        put = client.put_cooperation_inventory if coop_id else client.put_inventory
        answer = put(code, name, body, dry_run=dry_run, shown=shown)
    except InputErrors as exc:
        if fmt != "json":
            raise
        click.echo(json.dumps({"ok": False, "written": False, "errors": [e.as_dict() for e in exc.errors]},
                              ensure_ascii=False, indent=2))
        ctx.exit(exc.exit_code)
    rows, triples, written = answer.get("rows"), answer.get("triples"), bool(answer.get("written"))
    if fmt == "json":
        click.echo(json.dumps({"ok": True, "written": written, **({"cooperation": code} if coop_id else
                                                                    {"kommune": answer.get("kommune", code)}), "mode": "replace",
                               "rows": rows, "triples": triples, "server": client.url, "sha256": answer.get("sha256"),
                               "by": answer.get("by"), "errors": []}, ensure_ascii=False, indent=2))
        return
    if quiet:
        return
    note = None if coop_id else encoding_note([Path(f) for f in files], answer)  # (as the local import says it)
    enc = f" Encoding: {note}." if note else ""
    if not written:
        click.echo(f"OK: {rows} rows, {triples} triples for {whose}; nothing written (--dry-run).{enc}")
    else:
        click.echo(f"Imported {rows} rows ({triples} triples) for {whose} into {client.url}.{enc}")


# --- check -------------------------------------------------------------------------------------------------------


def check_via_server(ctx: click.Context, server: str, files, codes, all_: bool, fmt: str, out, lang: str, fail_on: str,
                     excel: bool, quiet: bool, today) -> None:
    """`check --kommune K … | --all --server URL`: the server's check of each kommune, written by the local writers."""
    from ..registry import load_rules
    from ..writers import write
    from . import progress
    from .check_cmds import fails

    if files:
        raise UsageError(msg("inventory FILEs are checked here, not on a server: leave out --server, or import them first "
                             "(`ea-repo import FILE --kommune NNNN --server URL`)",
                             "filer med systemoversikter sjekkes her, ikke på en tjener: utelat --server, eller importer dem "
                             "først (`ea-repo import FILE --kommune NNNN --server URL`)"))
    not_with_server(ctx, "repo_path", "waivers_file", "engine", "jobs", "no_gaps")
    if fmt == "ttl":
        raise UsageError(msg("--format ttl does not go with --server: the server gives no SHACL report graphs; choose "
                             "table, json, csv, sarif or junit",
                             "--format ttl kan ikke brukes med --server: tjeneren gir ingen SHACL-rapportgrafer; velg "
                             "table, json, csv, sarif eller junit"))
    if all_ and codes:
        raise UsageError(msg("give either --all, or --kommune NNNN", "oppgi enten --all eller --kommune NNNN"))
    if not (codes or all_):
        raise UsageError(msg("say what to check: --kommune NNNN or --all", "si hva som skal sjekkes: --kommune NNNN eller --all"))
    wanted = [_kommune(k) for k in codes]
    client = _client(server)
    if all_:
        wanted = [row["kommune"] for row in client.kommuner()]
    rules, results = load_rules(), []
    with progress.bar("check", quiet) as tick:
        for i, code in enumerate(wanted):
            doc, result = client.result(code, lang, rules)
            if today is not None and doc.get("today") != today.isoformat():
                raise UsageError(msg(f"{client.url} checks as of {doc.get('today')}, not --date {today}; leave out "
                                     "--date (the server checks as of its own date)",
                                     f"{client.url} sjekker per {doc.get('today')}, ikke --date {today}; utelat --date "
                                     "(tjeneren sjekker per sin egen dato)"))
            if (doc.get("lang") or "nb") != lang and (left := in_language(result, lang)):
                _note(ctx, f"note: {left} texts of the findings of kommune {code} are in the server's language "
                           f"({doc.get('lang')}) only",
                      f"merk: {left} tekster i funnene for kommune {code} finnes bare på tjenerens språk ({doc.get('lang')})")
            results.append(result)
            if tick is not None:
                tick(i + 1, len(wanted), code)
    result = combined(results, rules)
    if out is not None or not quiet:
        emit(for_excel(write(fmt, result, lang, terminal_width(out)), fmt, excel), out)
    sys.exit(1 if fails(result.findings, fail_on) else 0)


def combined(results: list, rules: dict):
    """One CheckResult of the checks of several kommuner (as one local check of them gives)."""
    from ..results import CheckResult

    if len(results) == 1:
        return results[0]
    if not results:
        from ..store import now_iso

        return CheckResult(findings=[], checked_at=now_iso(), rules=rules)
    first = results[0]
    return CheckResult(findings=[f for r in results for f in r.findings], checked_at=max(r.checked_at for r in results),
                       kommuner=sorted({k for r in results for k in r.kommuner}), rules=rules,
                       tool_version=first.tool_version, catalog_version=first.catalog_version, engine=first.engine,
                       answers=sorted(a for r in results for a in r.answers), today=first.today)


def in_language(result, lang: str) -> int:
    """Give each finding's title, message and remedy in LANG too where the server's text is its rule's own (the
    rules are here as well); returns how many texts stay in the server's language only (a text made for the finding)."""
    left = 0
    for f in result.findings:
        rule = result.rules.get(f.rule)
        for name, sources in (("title", ("title",)), ("message", ("message", "document")), ("remedy", ("remedy",))):
            texts = getattr(f, name)
            if lang in texts or not any(texts.values()):
                continue
            (had, value), = texts.items()
            for source in sources:
                full = getattr(rule, source, None)
                if isinstance(full, dict) and full.get(had) == value and full.get(lang):
                    setattr(f, name, dict(full))
                    break
            else:
                left += 1
    return left


# --- report ------------------------------------------------------------------------------------------------------


def report_via_server(ctx: click.Context, server: str, codes, all_: bool, out: Path, lang: str, quiet: bool) -> None:
    """`report --kommune K … | --all --server URL --out DIR`: the server's pages, their script put back inline."""
    from ..client import offline_page
    from ..report import INDEX, kommune_page_name, write_reports

    not_with_server(ctx, "repo_path", "waivers_file", "today", "max_age", "cooperation_id", "jobs")
    if all_ == bool(codes):
        raise UsageError(msg("say which kommuner to report on: --kommune NNNN (repeatable) or --all",
                             "si hvilke kommuner rapporten skal gjelde: --kommune NNNN (kan gjentas) eller --all"))
    wanted = [_kommune(k) for k in codes]
    client = _client(server)
    if all_:
        wanted = [row["kommune"] for row in client.kommuner()]
    from ..plan.page import plan_page_name

    pages = {}
    for code in wanted:  # the kommune's page and its plan, linking each other by the names written here
        report, plan = kommune_page_name(code), plan_page_name(code)
        pages[report] = client.report(code, lang).replace('href="plan.html"', f'href="{plan}"')
        pages[plan] = client.plan(code, lang).replace('href="report.html"', f'href="{report}"')
    if len(wanted) > 1:  # the overview comparing them, as `ea-repo report` writes it for more than one
        pages[INDEX] = client.index(None if all_ else wanted, lang)
    script = client.script()
    pages = {name: offline_page(page, script) for name, page in pages.items()}
    written = write_reports(pages, out)
    if not quiet:
        for path in written:
            click.echo(f"wrote {path}")


# --- diff, export --------------------------------------------------------------------------------------------------


def diff_via_server(ctx: click.Context, server: str, kommune: str, since, fmt: str, out, lang: str) -> None:
    from ..diff_output import WRITERS

    not_with_server(ctx, "repo_path")
    code = _kommune(kommune)
    d = _client(server).diff(code, since if isinstance(since, str) else since.isoformat())
    emit(WRITERS[fmt](d, lang), out)


SERVED_EXPORTS = ("ttl", "jsonld", "nt")  # the formats GET /api/kommuner/{k}/inventory gives as they are


def export_via_server(ctx: click.Context, server: str, kommune: str, fmt: str, lang: str):
    """The inventory as `export` makes it: the server's Turtle, JSON-LD or N-Triples as it is, any other format made
    here from the server's N-Triples (the same graph)."""
    not_with_server(ctx, "repo_path")
    code = _kommune(kommune)
    client = _client(server)
    if fmt in SERVED_EXPORTS:
        return client.inventory(code, fmt)
    from rdflib import Graph

    from ..inventory import export_graph

    g = Graph().parse(data=client.inventory(code, "nt"), format="nt")
    return export_graph(g, code, fmt, lang)


# --- login, logout -----------------------------------------------------------------------------------------------


def register(cli: click.Group) -> None:
    @cli.command("login")
    @click.argument("url")
    @click.option("--user", "-u", "user", metavar="NAME", help="The account (default: your login name).")
    @click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
    @click.pass_context
    def login_cmd(ctx, url, user, password_stdin):
        """Sign in to an `ea-repo serve` at URL and keep the session token (in $XDG_CONFIG_HOME/ea-repo/servers.json,
        readable by you only) for the commands' --server URL. $EA_REPO_TOKEN, when set, is used instead of it."""
        import getpass

        from .. import client

        url = client.normal_url(url)
        user = user or getpass.getuser()
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = click.prompt(f"Password for {user} at {url}", hide_input=True, err=True)
        if not password:
            raise UsageError(msg("no password given", "ikke noe passord oppgitt"))
        if client.plain_http(url):
            _note(ctx, f"warning: {url} is plain HTTP: the password and the token travel unencrypted; use the "
                       "server's https:// address",
                  f"advarsel: {url} er vanlig HTTP: passordet og tokenet sendes ukryptert; bruk tjenerens https://-adresse")
        entry = client.login(url, user, password)
        role = f" ({entry['role']})" if entry.get("role") else ""
        click.echo(f"Signed in to {url} as {user}{role} until {client.local_time(entry['expires'])}; "
                   f"the token is kept in {entry['file']}.")
        if os.environ.get(client.TOKEN_ENV):
            _note(ctx, f"note: ${client.TOKEN_ENV} is set, and the commands use it instead of this sign-in",
                  f"merk: ${client.TOKEN_ENV} er satt, og kommandoene bruker den i stedet for denne innloggingen")

    @cli.command("logout")
    @click.argument("url")
    def logout_cmd(url):
        """Forget the sign-in kept for URL (`ea-repo login URL`)."""
        from .. import client

        url = client.normal_url(url)
        entry = client.forget(url)
        if entry is None:
            click.echo(f"Not signed in to {url}; nothing to forget.")
        else:
            click.echo(f"Signed out of {url}: the token of {entry.get('user', '?')} is forgotten here (it runs out on the "
                       f"server at {client.local_time(str(entry.get('expires', '')))}).")
