"""Repository commands: import, list, export, template, demo."""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

import click

from .. import paths
from ..errors import UsageError
from ..inventory import EXPORT_FORMATS, check_kommune, export_inventory, import_inventory, load_files
from ..inventory.template import write_template
from ..store import Repository, resolve_path
from .options import emit, json_option, kommune_option, quiet_option, repo_option

# The example inventories `ea-repo demo` loads: (kommunenummer, path inside examples/).
DEMO_INVENTORIES = (("4631", "4631-alver.xlsx"), ("4630", "4630-osteroy"), ("3301", "3301-drammen.json"))
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
    @click.option("--dry-run", is_flag=True, help="Only check the files; change nothing.")
    @click.option("--cooperation", "cooperation_id", metavar="ID",
                  help="Import the inventory of a declared co-operation (its shared installations) instead of a kommune's.")
    @quiet_option
    def import_cmd(files, kommune, repo_path, dry_run, quiet, cooperation_id=None):
        """Import an inventory (XLSX, CSV files or folder, JSON, Turtle, JSON-LD, ArchiMate exchange XML, Archi CSV) for one kommune.

        The kommune's inventory is replaced in one transaction; a file with an error changes nothing.
        """
        if cooperation_id:
            from .cooperation_cmds import import_cooperation_inventory

            return import_cooperation_inventory(list(files), cooperation_id, kommune, repo_path, dry_run, quiet)
        if not kommune:
            raise UsageError("say which kommune the inventory belongs to: --kommune NNNN")
        if dry_run:
            loaded = load_files(list(files), kommune)
            if not quiet:
                click.echo(f"OK: {loaded.rows} rows, {len(loaded.graph)} triples for kommune {loaded.kommune}; nothing written (--dry-run).")
            return
        repo = Repository(resolve_path(repo_path))
        try:
            loaded, record = import_inventory(repo, list(files), kommune)
        finally:
            repo.close()
        if not quiet:
            click.echo(f"Imported {record.rows} rows ({record.triples} triples) for kommune {record.kommune} into {resolve_path(repo_path)}.")

    @cli.command("list")
    @repo_option
    @json_option
    def list_cmd(repo_path, as_json):
        """List the kommuner held in the repository, with counts and last import."""
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
                  help="Write to a file instead of stdout (archi-csv: a folder, or a .zip).")
    def export_cmd(kommune, repo_path, fmt, out):
        """Write a kommune's inventory back out: Turtle, JSON-LD, N-Triples, ArchiMate exchange XML
        (archimate), Archi CSV (archi-csv) or DCAT-AP-NO (dcat)."""
        if not kommune:
            raise UsageError("say which kommune to export: --kommune NNNN")
        if fmt == "archi-csv" and not out:
            raise UsageError("archi-csv writes three files: give --out FOLDER or --out FILE.zip")
        repo = Repository(resolve_path(repo_path), read_only=True)
        try:
            text = export_inventory(repo, kommune, fmt)
        finally:
            repo.close()
        if isinstance(text, dict):
            _write_files(text, out)
        else:
            emit(text, out)

    @cli.command("template")
    @click.argument("out", type=click.Path(path_type=Path))
    def template_cmd(out):
        """Write an empty inventory template: OUT.xlsx (a workbook) or OUT (a folder of CSV files).

        Each column's header explains it and lists its allowed values.
        """
        for f in write_template(out):
            click.echo(f"wrote {f}")

    @cli.command("demo")
    @repo_option
    @click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Where reports go (default: reports/ inside the demo folder).")
    def demo_cmd(repo_path, out):
        """Build a repository from the shipped example inventories and show what it holds."""
        target = resolve_path(repo_path) if (repo_path or os.environ.get("EA_REPO")) else Path(DEMO_DEFAULT) / "repo"
        click.echo(f"Building the demo repository in {target} from the example inventories …")
        repo = Repository(target)
        try:
            for code, rel in DEMO_INVENTORIES:
                f = paths.examples_dir() / rel
                _, record = import_inventory(repo, [f], check_kommune(code))
                click.echo(f"  imported {rel}: {record.rows} rows")
            click.echo("")
            _print_summaries(repo, as_json=False)
        finally:
            repo.close()
        for hook in DEMO_HOOKS:
            hook(target, out)


def _write_files(files: dict[str, str], out: Path) -> None:
    """Several files (Archi CSV): into a zip when OUT ends in .zip, else into the folder OUT."""
    if out.suffix.lower() == ".zip":
        import zipfile

        tmp = out.with_name(out.name + ".part")
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in files.items():
                z.writestr(name, text.encode("utf-8"))
        os.replace(tmp, out)
        return
    out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out / name).write_bytes(text.encode("utf-8"))


# Later stages of the demo (checks, reports) append callables (repo_path, out) here.
DEMO_HOOKS: list = []
