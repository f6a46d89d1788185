"""Repository commands: import, list, export, template, demo."""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import EaRepoError, UsageError, input_errors
from ..i18n import msg
from ..inventory.formats import EXPORT_FORMATS, IMPORT_MODES, MULTI_FILE_FORMATS
from ..repopath import resolve_path

if TYPE_CHECKING:
    from ..store import Repository
from .options import (
    emit,
    excel_needs_csv,
    excel_option,
    for_excel,
    json_option,
    kommune_option,
    lang_option,
    limit_options,
    quiet_option,
    repo_option,
    server_option,
)

# The example inventories `ea-repo demo` loads: (kommunenummer, path inside examples/).
DEMO_DEFAULT = "ea-repo-demo"


def _print_summaries(repo: Repository, as_json: bool) -> None:
    rows = repo.summaries()
    if as_json:
        click.echo(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("The repository holds no inventories yet. Import one with `ea-repo import FILE --kommune NNNN`.")
        return
    header = f"{'kommune':<8} {'name':<22} {'systems':>7} {'interfaces':>10} {'integrations':>12} {'triples':>8}  last import"
    click.echo(header)
    click.echo("-" * len(header))
    for r in rows:
        name = r.name + (" (fictional)" if r.fictional else "")
        click.echo(f"{r.kommune:<8} {name:<22} {r.systems:>7} {r.interfaces:>10} {r.integrations:>12} {r.triples:>8}  {r.last_import or '-'}")


def register(cli: click.Group) -> None:
    @cli.command("import")
    @click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
    @kommune_option
    @repo_option
    @click.option("--dry-run", is_flag=True, help="Only check the files and list every problem; change nothing.")
    @click.option("--mode", type=click.Choice(IMPORT_MODES), default="replace", show_default=True,
                  help="replace: the files are the whole inventory. merge: upsert their rows by id into the stored "
                       "inventory and delete nothing (a row may refer to stored rows).")
    @click.option("--cooperation", "cooperation_id", metavar="ID",
                  help="Import the inventory of a declared co-operation (its shared installations) instead of a kommune's.")
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                  help="json: the result, or every problem with its location, as JSON on stdout.")
    @click.option("--each", is_flag=True,
                  help="Each FILE is a whole inventory of its own kommune (named in its meta); a folder without "
                       "systems.csv stands for the inventories in it. All are checked before any is written.")
    @click.option("--keep-going", is_flag=True,
                  help="With --each: write the inventories without problems, and report the others (exit 2).")
    @click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                  help="With --each: processes that read and check the files (default: cores).")
    @limit_options
    @server_option
    @quiet_option
    @click.pass_context
    def import_cmd(ctx, files, kommune, repo_path, dry_run, mode, cooperation_id, fmt, each, keep_going, jobs, server, quiet):
        """Import an inventory (XLSX, CSV files or folder, JSON, Turtle, JSON-LD, ArchiMate exchange XML, Archi CSV) for one kommune,
        or many inventories with --each.

        The kommune is --kommune, or the 'kommune' entry of the inventory's meta. The kommune's inventory is
        replaced (or, with --mode merge, updated) in one transaction; the one before is kept for `ea-repo diff`
        and the report's trend. Every problem of every file is reported in one run (exit code 2), and a file
        with an error changes nothing.

        With --each, every FILE (or each inventory in a FOLDER) is a kommune's whole inventory, its kommune taken
        from its meta: all are read and checked first (in parallel), and none is written if any has a problem,
        unless --keep-going; each is then written in its own transaction.

        With --server URL, the files go to that `ea-repo serve` (a folder or several files as one zip) and are
        imported there for --kommune (which is then required); every problem is reported the same way.
        """
        from ..inventory import import_inventory, load_files
        from ..store import Repository

        if server:
            from .client_cmds import import_via_server

            return import_via_server(ctx, files, kommune, server, dry_run, fmt, quiet)
        if each or keep_going:
            if not each:
                raise UsageError(msg("--keep-going goes with --each (many inventories in one call)",
                                     "--keep-going brukes sammen med --each (mange systemoversikter i ett kall)"))
            if kommune or cooperation_id or mode != "replace":
                raise UsageError(msg("--each reads each inventory's kommune from its meta and replaces it: leave out "
                                     "--kommune, --cooperation and --mode merge",
                                     "--each leser kommunen til hver systemoversikt fra dens meta og erstatter den: utelat "
                                     "--kommune, --cooperation og --mode merge"))
            return _import_each(ctx, files, repo_path, dry_run, keep_going, jobs, fmt, quiet)
        if cooperation_id:
            from .cooperation_cmds import import_cooperation_inventory

            return import_cooperation_inventory(list(files), cooperation_id, kommune, repo_path, dry_run, quiet)
        try:
            if dry_run:
                if mode == "merge":
                    where = resolve_path(repo_path)
                    repo = Repository(where, read_only=True) if where.exists() else None
                    try:
                        loaded, merged = import_inventory(repo, list(files), kommune, mode=mode, dry_run=True)
                    finally:
                        if repo is not None:
                            repo.close()
                    triples = merged.triples
                else:
                    loaded = load_files(list(files), kommune)
                    triples = len(loaded.graph)
                record = None
            else:
                with _writable(resolve_path(repo_path)) as repo:
                    loaded, record = import_inventory(repo, list(files), kommune, mode=mode)
                triples = record.triples
        except EaRepoError as exc:
            errors = input_errors(exc)
            if fmt != "json" or not errors:
                raise
            click.echo(json.dumps({"ok": False, "written": False, "errors": [e.as_dict() for e in errors]},
                                  ensure_ascii=False, indent=2))
            ctx.exit(exc.exit_code)
        if fmt == "json":
            click.echo(json.dumps({"ok": True, "written": record is not None, "kommune": loaded.kommune, "mode": mode,
                                   "rows": loaded.rows, "triples": triples, "format": loaded.fmt,
                                   "encodings": dict(loaded.encodings), "errors": []}, ensure_ascii=False, indent=2))
            return
        if quiet:
            return
        enc = f" Encoding: {loaded.encoding_note}." if loaded.encodings else ""
        if record is None:
            click.echo(f"OK: {loaded.rows} rows, {triples} triples for kommune {loaded.kommune}; "
                       f"nothing written (--dry-run).{enc}")
        else:
            how = "Merged" if mode == "merge" else "Imported"
            click.echo(f"{how} {record.rows} rows ({record.triples} triples) for kommune {record.kommune} "
                       f"into {resolve_path(repo_path)}.{enc}")

    @cli.command("list")
    @repo_option
    @json_option
    def list_cmd(repo_path, as_json):
        """List the kommuner held in the repository, with counts and last import."""
        from ..store import Repository

        repo = Repository(resolve_path(repo_path), read_only=True)
        try:
            _print_summaries(repo, as_json)
        finally:
            repo.close()

    @cli.command("export")
    @kommune_option
    @repo_option
    @click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), default="ttl", show_default=True)
    @click.option("--out", "-o", type=click.Path(path_type=Path),
                  help="Write to a file instead of stdout (xlsx: a file; csv, archi-csv: a folder, or a .zip).")
    @click.option("--lang", type=click.Choice(["en", "nb"]), default="en", show_default=True,
                  help="xlsx, csv: sheet and column names and values in English (the schema's) or bokmål (the template's).")
    @excel_option
    @server_option
    @click.pass_context
    def export_cmd(ctx, kommune, repo_path, fmt, out, lang, excel, server):
        """Write a kommune's inventory back out: in the import format (xlsx: a workbook; csv: meta.csv,
        systems.csv, interfaces.csv, integrations.csv), which `ea-repo import` reads back to the same graph;
        or as Turtle, JSON-LD, N-Triples, ArchiMate exchange XML (archimate), Archi CSV (archi-csv) or DCAT-AP-NO
        (dcat). Text cells that a spreadsheet would run as a formula are neutralised. With --server URL, the
        inventory is that `ea-repo serve`'s."""
        from ..inventory import export_inventory
        from ..store import Repository

        excel_needs_csv(fmt, excel)
        if not kommune:
            raise UsageError(msg("say which kommune to export: --kommune NNNN",
                                 "si hvilken kommune som skal eksporteres: --kommune NNNN"))
        if fmt in MULTI_FILE_FORMATS and not out:
            if fmt == "xlsx":
                raise UsageError(msg(f"{fmt} writes a workbook: give --out FILE.xlsx",
                                     f"{fmt} skriver en arbeidsbok: oppgi --out FILE.xlsx"))
            raise UsageError(msg(f"{fmt} writes several files: give --out FOLDER or --out FILE.zip",
                                 f"{fmt} skriver flere filer: oppgi --out FOLDER eller --out FILE.zip"))
        if server:
            from .client_cmds import export_via_server

            text = export_via_server(ctx, server, kommune, fmt, lang)
        else:
            repo = Repository(resolve_path(repo_path), read_only=True)
            try:
                text = export_inventory(repo, kommune, fmt, lang)
            finally:
                repo.close()
        left_out = getattr(text, "left_out", ())
        text = for_excel(getattr(text, "data", text), fmt, excel)
        if isinstance(text, dict):
            _write_files(text, out)
        else:
            emit(text, out)
        if out is not None:
            what = f"{len(text)} files" if isinstance(text, dict) and out.suffix.lower() != ".zip" else fmt
            click.echo(f"wrote {out} ({what}) with the inventory of kommune {kommune}")
        if left_out:
            click.echo(f"warning: {len(left_out)} fact(s) have no column in the import format and were not written "
                       f"(export --format ttl keeps everything), e.g.:", err=True)
            for line in left_out[:5]:
                click.echo(f"  {line}", err=True)

    @cli.command("template")
    @click.argument("out", type=click.Path(path_type=Path))
    @lang_option
    def template_cmd(out, lang):
        """Write an empty inventory template: OUT.xlsx (a workbook) or OUT (a folder of CSV files).

        Sheets, columns and the values offered are in --lang (bokmål or English); both import alike.
        The workbook has a drop-down list for every column with allowed values, a frozen header, an
        explanation row (its id cell starts with '#', so import skips it) and a read-me sheet.
        """
        from ..inventory.template import write_template

        for f in write_template(out, lang):
            click.echo(f"wrote {f}")

    @cli.command("demo")
    @click.option("--repo", "repo_path", type=click.Path(file_okay=False), default=None,
                  help=f"Folder of the demo repository (default: ./{DEMO_DEFAULT}/repo). $EA_REPO is not used: the "
                       "demo never writes into your own repository.")
    @click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Where reports go (default: reports/ inside the demo folder).")
    @click.option("--replace", is_flag=True,
                  help="Write the examples into an existing repository that holds other kommuner too (those are kept; "
                       "the examples' kommuner are replaced).")
    def demo_cmd(repo_path, out, replace):
        """Build a repository from the shipped example inventories and show what it holds."""
        from ..inventory import import_examples
        from ..store import Repository

        target = Path(repo_path) if repo_path else Path(DEMO_DEFAULT) / "repo"
        if target.exists() and not replace:
            repo = Repository(target, read_only=True)
            try:
                held, made_by_demo = repo.kommuner(), _demo_mark() in repo.store
            finally:
                repo.close()
            if held and not made_by_demo:
                listed = ", ".join(held)
                raise UsageError(msg(f"{target} is a repository the demo did not make (it holds {listed}); the demo "
                                     "writes only into one of its own: give another --repo, or --replace to write the "
                                     "examples into it (their kommuner are replaced)",
                                     f"{target} er et repository som demoen ikke har laget (det har {listed}); demoen "
                                     "skriver bare i et den har laget selv: oppgi en annen --repo, eller --replace for å "
                                     "skrive eksemplene inn i det (kommunene deres blir erstattet)"))
        click.echo(f"Building the demo repository in {target} from the example inventories …")
        repo = Repository(target)
        try:
            repo.store.add(_demo_mark())
            for rel, record in import_examples(repo):
                click.echo(f"  imported {rel}: {record.rows} rows")
            click.echo("")
            _print_summaries(repo, as_json=False)
        finally:
            repo.close()
        for hook in DEMO_HOOKS:
            hook(target, out)
        click.echo(f"\nLook at it with: ea-repo list --repo {target}   ·   ea-repo check --all --repo {target}\n"
                   f"(or export EA_REPO={target} to make it the default repository)")


def _demo_mark():
    """The quad in graph/meta by which `ea-repo demo` knows a repository it made itself."""
    import pyoxigraph as ox

    return ox.Quad(ox.NamedNode("https://w3id.org/ea-repo/id/demo"), ox.NamedNode("https://w3id.org/ea-repo/ont#madeBy"),
                   ox.Literal("ea-repo demo"), ox.NamedNode("https://w3id.org/ea-repo/graph/meta"))


@contextlib.contextmanager
def _writable(where: Path):
    """The repository at WHERE open for writing; one this command creates is removed again when the import is
    refused, so a refused import leaves nothing behind."""
    import shutil

    from ..store import Repository

    created = not where.exists()
    repo = Repository(where)
    try:
        yield repo
    except BaseException:
        repo.close()
        if created:
            shutil.rmtree(where, ignore_errors=True)
        raise
    repo.close()


def _import_each(ctx, files, repo_path, dry_run: bool, keep_going: bool, jobs, fmt: str, quiet: bool) -> None:
    """`import --each`: many inventories, every problem of every file before anything is written."""
    from ..errors import InputErrors
    from ..inventory.batch import import_each
    from . import progress

    where = resolve_path(repo_path)
    failed, written, checked = [], [], 0
    try:
        if dry_run:
            from ..inventory.batch import check_all, inventories_in, sort_out

            with progress.bar("checking", quiet or fmt == "json") as tick:
                results = check_all(inventories_in(files), jobs, tick)
            failed, checked = sort_out(results)[1], len(results)
            if failed:
                raise InputErrors(failed)
        else:
            with _writable(where) as repo, progress.bar("checking", quiet or fmt == "json") as check_tick, \
                    progress.bar("writing", quiet or fmt == "json") as write_tick:
                result = import_each(repo, files, keep_going=keep_going, jobs=jobs, check_progress=check_tick,
                                     write_progress=write_tick)
            failed, written, checked = result.failed, result.written, result.checked
    except EaRepoError as exc:
        errors = input_errors(exc)
        if fmt != "json" or not errors:
            raise
        click.echo(json.dumps({"ok": False, "written": [], "errors": [e.as_dict() for e in errors]},
                              ensure_ascii=False, indent=2))
        ctx.exit(exc.exit_code)
    if fmt == "json":
        click.echo(json.dumps({"ok": not failed, "checked": checked,
                               "written": [{"kommune": r.kommune, "rows": r.rows, "triples": r.triples,
                                            "files": [n for n, _ in r.files]} for r in written],
                               "errors": [e.as_dict() for e in failed]}, ensure_ascii=False, indent=2))
    elif not quiet:
        if dry_run:
            click.echo(f"OK: {checked} inventories checked; nothing written (--dry-run).")
        else:
            click.echo(f"Imported {len(written)} of {checked} inventories into {where}: "
                       + (", ".join(r.kommune for r in written) or "none") + ".")
    if failed:
        from ..i18n import message_language

        click.echo(InputErrors(failed).render(message_language(ctx.meta.get("lang")), written=True), err=True)
        ctx.exit(2)


def _write_files(files: dict[str, str], out: Path) -> None:
    """Several files (CSV, Archi CSV): into a zip when OUT ends in .zip, else into the folder OUT."""
    from ..output import write_file, write_files

    if out.suffix.lower() == ".zip":
        import io
        import zipfile

        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in sorted(files.items()):
                z.writestr(name, text.encode("utf-8"))
        write_file(out, buf.getvalue())
        return
    write_files(out, files)


# Later stages of the demo (checks, reports) append callables (repo_path, out) here.
DEMO_HOOKS: list = []
