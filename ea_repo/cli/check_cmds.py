"""`ea-repo check` and `ea-repo rules`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..engines import DEFAULT_ENGINE, ENGINES
from ..errors import UsageError
from ..findings import SEVERITY_RANK, Finding
from ..i18n import msg
from ..repopath import resolve_path
from . import progress
from .options import (
    date_param,
    emit,
    excel_needs_csv,
    excel_option,
    for_excel,
    lang_option,
    limit_options,
    quiet_option,
    repo_option,
    server_option,
    terminal_width,
)

FAIL_ON = ("violation", "warning", "info", "never")


def fails(findings: list[Finding], fail_on: str) -> bool:
    """Whether an unwaived not-met finding at or above the threshold exists (not-known findings never fail)."""
    if fail_on == "never":
        return False
    threshold = SEVERITY_RANK[fail_on]
    return any(f.answer == "not-met" and SEVERITY_RANK.get(f.severity, 0) >= threshold and not f.waived
               for f in findings)


def register(cli: click.Group) -> None:
    @cli.command("check")
    @click.argument("files", nargs=-1, type=click.Path(path_type=Path))
    @click.option("--kommune", "-k", "kommuner_codes", multiple=True, metavar="NNNN", help="Kommune to check (repeatable).")
    @click.option("--all", "all_", is_flag=True, help="Check every kommune in the repository.")
    @repo_option
    @click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "sarif", "junit", "ttl"]), default="table",
                  show_default=True)
    @click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the output to a file.")
    @lang_option
    @click.option("--fail-on", type=click.Choice(FAIL_ON), default="violation", show_default=True,
                  help="Exit 1 when an unwaived finding at or above this severity exists.")
    @click.option("--waivers", "waivers_file", type=click.Path(dir_okay=False), help="Waiver file (YAML or Turtle).")
    @click.option("--engine", type=click.Choice(sorted(ENGINES)), default=DEFAULT_ENGINE, show_default=True)
    @click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Parallel processes (default: cores).")
    @click.option("--date", "today", callback=date_param, help="Check as of this date (YYYY-MM-DD; default today).")
    @click.option("--no-gaps", is_flag=True, help="Leave out the graph gap analyses.")
    @limit_options
    @excel_option
    @server_option
    @quiet_option
    @click.pass_context
    def check_cmd(ctx, files, kommuner_codes, all_, repo_path, fmt, out, lang, fail_on, waivers_file, engine, jobs, today,
                  no_gaps, excel, server, quiet):
        """Check kommuner (--kommune NNNN, --all) or inventory FILEs against the rules.

        With --server URL, the kommuner are checked by that `ea-repo serve` (its repository, waivers and date) and the
        result is written here in any --format but ttl.

        Exit code 0: nothing unwaived at or above --fail-on; 1: something is; 2: usage or input error.
        """
        from .. import check
        from ..inventory import check_kommune
        from ..store import now_iso
        from ..writers import write

        excel_needs_csv(fmt, excel)
        if server:
            from .client_cmds import check_via_server

            return check_via_server(ctx, server, files, kommuner_codes, all_, fmt, out, lang, fail_on, excel, quiet, today)
        if all_ and (files or kommuner_codes):
            raise UsageError(msg("give either --all, or --kommune NNNN, or inventory FILEs",
                                 "oppgi enten --all, --kommune NNNN eller filer med systemoversikter (FILE)"))
        if not (files or kommuner_codes or all_):
            raise UsageError(msg("say what to check: --kommune NNNN, --all, or inventory FILEs",
                                 "si hva som skal sjekkes: --kommune NNNN, --all eller filer med systemoversikter (FILE)"))
        codes = tuple(check_kommune(k) for k in kommuner_codes) or None
        with progress.bar("check", quiet) as tick:
            result = check.run(check.CheckRequest(
                today=today or dt.date.today(), repo_path=None if files else resolve_path(repo_path), kommuner=codes,
                files=tuple(files), engine=engine, jobs=jobs, waivers_file=waivers_file, keep_reports=(fmt == "ttl"),
                analyses=not no_gaps, checked_at=now_iso(), progress=tick))
        findings = result.findings
        if out is not None or not quiet:
            if fmt == "json" and not excel:  # in parts: a national check's document is never held whole
                from ..writers import json_parts

                emit(json_parts(result, lang), out)
            else:
                emit(for_excel(write(fmt, result, lang, terminal_width(out)), fmt, excel), out)
        sys.exit(1 if fails(findings, fail_on) else 0)

    @cli.command("rules")
    @click.argument("code", required=False)
    @lang_option
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                  help="json: every field of the rule(s), for scripts and documentation.")
    @quiet_option
    def rules_cmd(code, lang, fmt, quiet):
        """List the rules, or show one rule (CODE) in full. Generated from the rules themselves."""
        from ..registry import load_rules

        known = load_rules()
        by_alias = {a: r for r in known.values() for a in r.aliases}
        r = None if code is None else known.get(code) or by_alias.get(code)
        if code is not None and r is None:
            raise UsageError(msg(f"unknown rule '{code}'; `ea-repo rules` lists them",
                                 f"ukjent regel '{code}'; `ea-repo rules` viser alle"))
        if quiet:
            return
        if fmt == "json":
            import dataclasses
            import json

            def data(rule) -> dict:
                return {**dataclasses.asdict(rule), "path": rule.path.name if rule.path else None}

            click.echo(json.dumps(data(r) if r is not None else [data(x) for x in known.values()],
                                  ensure_ascii=False, indent=2, sort_keys=True))
            return
        if r is None:
            for r in sorted(known.values(), key=lambda r: r.code):
                click.echo(f"{r.code:<18} {r.severity:<9} {r.title.get(lang, '')}")
            return
        lines = [
            f"{r.code} — {r.title.get(lang, '')}",
            f"severity: {r.severity}" + (f" (level for kommuner: {r.level})" if r.level else ""),
            f"message: {r.message.get(lang, '')}",
            f"remedy: {r.remedy.get(lang, '')}",
        ]
        if r.document:
            lines.append(f"when not known, record: {r.document.get(lang, '')}")
        if r.legal_basis:
            lines.append(f"legal basis: {r.legal_basis}")
        for url in r.sources or ((r.source_url,) if r.source_url else ()):
            lines.append(f"source: {url}")
        if r.note:
            lines.append(f"note: {r.note.get(lang) or r.note.get('en', '')}")
        if r.comment:
            lines.append(f"scope: {r.comment}")
        if r.observation:
            lines.append("observation: reported, but not part of the score")
        if not r.verified:
            lines.append("note: the basis of this rule is unverified; it never yields a violation")
        if r.aliases:
            lines.append("earlier codes: " + ", ".join(r.aliases))
        if r.path:
            lines.append(f"defined in: {r.path.name}")
        click.echo("\n".join(lines))
