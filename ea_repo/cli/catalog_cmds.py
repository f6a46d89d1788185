"""`ea-repo catalog …`: look up the shipped catalogue (components, standards, requirements, kommuner)."""

from __future__ import annotations

import json

import click

from .options import json_option, lang_option


def register(cli: click.Group) -> None:
    @cli.group("catalog")
    def catalog_group():
        """Look up the reference catalogue shipped with ea-repo."""

    def _lister(kind: str):
        @catalog_group.command(kind, help=f"List the catalogue's {kind}.")
        @lang_option
        @json_option
        def cmd(lang, as_json):
            from .. import catalog

            rows = catalog.entries(kind, lang)
            if as_json:
                click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
                return
            for r in rows:
                extra = " ".join(f"[{r[k]}]" for k in ("level", "status", "retirement") if k in r)
                owner = f" ({r['owner']})" if "owner" in r and kind == "partners" else ""
                click.echo(f"{r['id']:<{40 if kind == 'partners' else 28}} {r['name']}{owner} {extra}".rstrip())

    for kind in ("components", "partners", "standards", "requirements"):  # catalog.ENTRY_KINDS, without importing it
        _lister(kind)

    @catalog_group.command("kommuner")
    @json_option
    def kommuner_cmd(as_json):
        """List the kommuner valid in the catalogue (2024 numbering)."""
        from .. import catalog

        k = catalog.kommuner()
        if as_json:
            click.echo(json.dumps(k, ensure_ascii=False, indent=2))
            return
        for code, name in k.items():
            click.echo(f"{code} {name}")

    @catalog_group.command("version")
    def version_cmd():
        """Print the catalogue version (declared version + digest of its files)."""
        from .. import catalog

        click.echo(catalog.catalog_version())

