"""`ea-repo procure …`: vendor specifications against requirement profiles (thin: the work is in ea_repo.procure)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from ..errors import UsageError
from ..i18n import msg
from ..repopath import resolve_path
from .options import (
    date_param,
    emit,
    excel_needs_csv,
    excel_option,
    for_excel,
    json_option,
    lang_option,
    limit_options,
    repo_option,
)

profile_options = [
    click.option(
        "--profile", "-p", "profile_id", metavar="ID", help="Profile id (`ea-repo procure profiles`)."
    ),
    click.option(
        "--profile-file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="The kommune's own profile (YAML) extending a shipped one.",
    ),
]


def _profile_opts(f):
    for opt in reversed(profile_options):
        f = opt(f)
    return f


def _profile(profile_id, profile_file):
    from ..procure import get_profile

    if not profile_id and not profile_file:
        raise UsageError(msg("say which profile: --profile ID (or --profile-file FILE)",
                             "si hvilken kravprofil: --profile ID (eller --profile-file FILE)"))
    return get_profile(profile_id, profile_file)


def _write(out: Path | None, data: str | bytes) -> None:
    emit(data, out)


def register(cli: click.Group) -> None:
    @cli.group("procure")
    def procure():
        """Procurement: check vendor specifications against requirement profiles."""

    @procure.command("profiles")
    @click.option(
        "--profile-file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Also show this kommune profile.",
    )
    @lang_option
    @json_option
    def profiles_cmd(profile_file, lang, as_json):
        """List the requirement profiles (MUST and SHOULD counts per profile)."""
        from ..procure import load_kommune_profile, shipped_profiles

        profiles = list(shipped_profiles().values()) + (
            [load_kommune_profile(profile_file)] if profile_file else []
        )
        rows = [
            {
                "id": p.id,
                "label": p.text("label", lang),
                "extends": p.extends,
                "kommune": p.kommune,
                "categories": [str(c).rsplit("/", 1)[-1] for c in p.categories],
                **p.counts(),
            }
            for p in profiles
        ]
        if as_json:
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for r in rows:
            cats = ", ".join(r["categories"]) or "-"
            click.echo(f"{r['id']:<20} {r['MUST']:>3} MUST {r['SHOULD']:>3} SHOULD  {r['label']} [{cats}]")

    @procure.command("template")
    @click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
    @_profile_opts
    @lang_option
    def template_cmd(out, profile_id, profile_file, lang):
        """Write the XLSX template a vendor fills in (OUT.xlsx)."""
        from ..procure.documents import template_xlsx

        if out.suffix.lower() != ".xlsx":
            raise UsageError(msg("the template is an Excel workbook: give OUT.xlsx",
                                 "malen er en Excel-arbeidsbok: oppgi OUT.xlsx"))
        _write(out, template_xlsx(_profile(profile_id, profile_file), lang))
        click.echo(f"wrote {out}", err=True)

    @procure.command("check")
    @click.argument("spec", type=click.Path(path_type=Path))
    @_profile_opts
    @click.option("--kommune", "-k", metavar="NNNN", help="Also check the fit with this kommune's landscape.")
    @click.option(
        "--replaces",
        multiple=True,
        metavar="SYSTEM",
        help="System id the product replaces (repeatable; "
        "default: the kommune's active systems of the profile's category).",
    )
    @repo_option
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json", "csv", "sarif", "junit"]),
        default="table",
        show_default=True,
    )
    @click.option(
        "--out", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the output to a file."
    )
    @click.option(
        "--date", "today", callback=date_param, help="Check the landscape as of this date (default today)."
    )
    @click.option("--save", is_flag=True, help="Save the evaluation in the repository (needs --kommune).")
    @limit_options
    @excel_option
    @lang_option
    def check_cmd(spec, profile_id, profile_file, kommune, replaces, repo_path, fmt, out, today, save, excel, lang):
        """Check a vendor specification (XLSX, JSON or Turtle) against a profile.

        Exit code 0: qualified (every MUST met); 1: disqualified; 2: usage or input error.
        """
        from ..inventory import check_kommune
        from ..procure import evaluate, load_spec
        from ..procure import save as save_evaluation
        from ..procure.documents import check_output
        from ..procure.landscape import fit
        from ..store import Repository, now_iso

        excel_needs_csv(fmt, excel)
        if save and not kommune:
            raise UsageError(msg("--save stores the evaluation for a kommune: add --kommune NNNN",
                                 "--save lagrer vurderingen for en kommune: legg til --kommune NNNN"))
        if replaces and not kommune:
            raise UsageError(msg("--replaces needs --kommune NNNN", "--replaces krever --kommune NNNN"))
        profile = _profile(profile_id, profile_file)
        code = check_kommune(kommune) if kommune else None
        ev = evaluate(load_spec(spec), profile, evaluated_at=now_iso(), kommune=code, lang=lang)
        path = resolve_path(repo_path)
        if code:
            repo = Repository(path, read_only=True)
            try:
                if not repo.has_inventory(code):
                    raise UsageError(
                        msg(f"the repository at {path} holds no inventory for kommune {code}; import it first",
                            f"repositoryet i {path} har ingen systemoversikt for kommune {code}; importer den først")
                    )
                inv = repo.inventory(code)
            finally:
                repo.close()
            ev.fit = fit(
                ev.spec,
                profile,
                inv,
                code,
                today=today or dt.date.today(),
                replaces=list(replaces),
                lang=lang,
            )
        _write(out, for_excel(check_output(ev, fmt, lang), fmt, excel))
        if save:
            repo = Repository(path)
            try:
                graph = save_evaluation(repo, ev)
            finally:
                repo.close()
            click.echo(f"saved evaluation {ev.id} in <{graph}>", err=True)
        sys.exit(0 if ev.verdict == "qualified" else 1)

    @procure.command("compare")
    @click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path))
    @_profile_opts
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["html", "json", "csv"]),
        default=None,
        help="Output format (default: from --out's suffix, else json).",
    )
    @click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
    @limit_options
    @excel_option
    @lang_option
    def compare_cmd(specs, profile_id, profile_file, fmt, out, excel, lang):
        """Compare several vendor specifications side by side, ranked (HTML, JSON or CSV)."""
        from ..procure import evaluate, load_spec
        from ..procure.documents import COMPARE_WRITERS
        from ..store import now_iso

        fmt = fmt or (
            out.suffix.lower().lstrip(".")
            if out and out.suffix.lower().lstrip(".") in COMPARE_WRITERS
            else "json"
        )
        excel_needs_csv(fmt, excel)
        profile = _profile(profile_id, profile_file)
        at = now_iso()
        evaluations = [evaluate(load_spec(s), profile, evaluated_at=at, lang=lang) for s in specs]
        _write(out, for_excel(COMPARE_WRITERS[fmt](evaluations, lang, at), fmt, excel))
        if out:
            click.echo(f"wrote {out}", err=True)

    @procure.command("annex")
    @_profile_opts
    @click.option(
        "--out",
        "-o",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="FILE.xlsx or FILE.html",
    )
    @lang_option
    def annex_cmd(profile_id, profile_file, out, lang):
        """Write the requirement annex for a tender (kravspesifikasjon): id, text, MUST/SHOULD, legal basis, source."""
        from ..procure.documents import ANNEX_WRITERS
        from ..store import now_iso

        writer = ANNEX_WRITERS.get(out.suffix.lower())
        if writer is None:
            raise UsageError(
                msg(f"the annex is written as {' or '.join(ANNEX_WRITERS)}: give --out FILE.xlsx or FILE.html",
                    f"vedlegget skrives som {' eller '.join(ANNEX_WRITERS)}: oppgi --out FILE.xlsx eller FILE.html")
            )
        _write(out, writer(_profile(profile_id, profile_file), lang, now_iso()))
        click.echo(f"wrote {out}", err=True)

    @procure.command("history")
    @click.option("--kommune", "-k", required=True, metavar="NNNN")
    @click.option("--show", metavar="ID", help="Show one evaluation: what the vendor promised, and the gaps.")
    @repo_option
    @lang_option
    @json_option
    def history_cmd(kommune, show, repo_path, lang, as_json):
        """List the procurement evaluations saved for a kommune (`procure check --save`)."""
        from ..inventory import check_kommune
        from ..procure import history
        from ..store import Repository

        repo = Repository(resolve_path(repo_path), read_only=True)
        try:
            rows = history(repo, check_kommune(kommune), lang)
        finally:
            repo.close()
        if show:
            rows = [r for r in rows if r["id"] == show]
            if not rows:
                raise UsageError(
                    msg(f"no saved evaluation '{show}' for kommune {kommune}; `ea-repo procure history -k {kommune}` lists them",
                        f"ingen lagret vurdering '{show}' for kommune {kommune}; "
                        f"`ea-repo procure history -k {kommune}` viser dem")
                )
        if as_json:
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            click.echo(f"No saved evaluations for kommune {kommune}.")
        for r in rows:
            click.echo(
                f"{r['evaluated_at']}  {r['id']}  {r['profile']}  {r['verdict']}  {r['score']:g}  "
                f"{r['product']} {r['version']} ({r['vendor']})"
            )
            if show:
                for key, head in (("promised", "promised (met)"), ("gaps", "gaps")):
                    click.echo(f"  {head}:")
                    for x in r[key]:
                        click.echo(f"    [{x['obligation']}] {x['id']}: {x['title']}")
