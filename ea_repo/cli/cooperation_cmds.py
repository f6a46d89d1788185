"""`ea-repo cooperation import|list`, and the co-operation parts of `import --cooperation` and the demo."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from ..errors import UsageError
from ..i18n import msg
from ..repopath import resolve_path
from . import repo as repo_cmds
from .options import json_option, quiet_option, repo_option

DEMO_COOPERATION = "fjordnett-ikt.yaml"  # examples/: the fictional co-operation of Alver and Osterøy


def import_cooperation_inventory(files: list[Path], coop_id: str, kommune, repo_path, dry_run: bool, quiet: bool) -> None:
    """`ea-repo import FILE --cooperation ID`: the co-operation's own inventory (its shared installations)."""
    from .. import cooperation
    from ..store import Repository, now_iso

    if kommune:
        raise UsageError(msg("give either --kommune or --cooperation, not both",
                             "oppgi enten --kommune eller --cooperation, ikke begge"))
    path = resolve_path(repo_path)
    if dry_run:
        if not path.exists():
            raise UsageError(msg(f"there is no repository at {path}; declare the co-operation first "
                                 "(`ea-repo cooperation import`)",
                                 f"det finnes ikke noe repository i {path}; registrer samarbeidet først "
                                 "(`ea-repo cooperation import`)"))
        repo = Repository(path, read_only=True)
        try:
            loaded = cooperation.load_inventory(files, coop_id, repo)
        finally:
            repo.close()
        if not quiet:
            click.echo(f"OK: {loaded.rows} rows, {len(loaded.graph)} triples for co-operation {coop_id}; nothing written (--dry-run).")
        return
    repo = Repository(path)
    try:
        loaded = cooperation.import_inventory(repo, files, coop_id, now_iso())
    finally:
        repo.close()
    if not quiet:
        click.echo(f"Imported {loaded.rows} rows ({len(loaded.graph)} triples) for co-operation {coop_id} into {path}.")


def register(cli: click.Group) -> None:
    @cli.group("cooperation")
    def group():
        """Inter-municipal co-operations: declare them with their members, list them."""

    @group.command("import")
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @repo_option
    @quiet_option
    def import_cmd(file, repo_path, quiet):
        """Declare co-operations from FILE (YAML or CSV: id, name, orgnr, members, source, fictional).

        A co-operation already declared in the repository is replaced; a file with an error changes nothing.
        """
        from .. import cooperation
        from ..store import Repository, now_iso

        repo = Repository(resolve_path(repo_path))
        try:
            coops = cooperation.import_declarations(repo, file, now_iso())
        finally:
            repo.close()
        if not quiet:
            for c in coops:
                click.echo(f"Declared {c.id} ({c.name}): members {', '.join(c.members)}.")

    @group.command("list")
    @repo_option
    @json_option
    def list_cmd(repo_path, as_json):
        """The declared co-operations (catalogue and repository) with their members and shared installations."""
        from .. import catalog, cooperation
        from ..store import Repository

        path = resolve_path(repo_path)
        repo = Repository(path, read_only=True) if path.exists() else None
        try:
            coops = cooperation.declared(repo)
            rows = [{**asdict(c), "members": list(c.members),
                     "shared_installations": len(cooperation.cooperation_systems(repo, c)) if repo else 0} for c in coops.values()]
        finally:
            if repo is not None:
                repo.close()
        if as_json:
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            click.echo("No co-operations are declared. Declare one with `ea-repo cooperation import FILE`.")
            return
        names = catalog.kommuner()
        for r in rows:
            flag = " (fictional)" if r["fictional"] else ""
            click.echo(f"{r['id']}: {r['name']}{flag} [{r['origin']}], {r['shared_installations']} shared installations")
            click.echo("  members: " + ", ".join(f"{k} {names.get(k, '?')}" for k in r["members"]))


def demo_declare(repo_path, out) -> None:
    """Demo stage (before the reports): declare the examples' fictional co-operation."""
    from .. import cooperation, paths
    from ..store import Repository, now_iso

    repo = Repository(repo_path)
    try:
        coops = cooperation.import_declarations(repo, paths.examples_dir() / DEMO_COOPERATION, now_iso())
    finally:
        repo.close()
    click.echo("\n" + "".join(f"Declared the co-operation {c.id} ({c.name}).\n" for c in coops), nl=False)


def demo_overview(repo_path, out) -> None:
    """Demo stage (after the reports): the co-operation's overview page beside them."""
    from ..report import build_cooperation_report, write_reports

    out = Path(out) if out else Path(repo_path).parent / "reports"
    pages = build_cooperation_report(repo_path, "fjordnett-ikt").pages
    written = write_reports({k: v for k, v in pages.items() if k.startswith("cooperation-")}, out)
    click.echo(f"Co-operation overview written: {written[0].resolve()}")


repo_cmds.DEMO_HOOKS.insert(0, demo_declare)
repo_cmds.DEMO_HOOKS.append(demo_overview)
