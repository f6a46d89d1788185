"""`ea-repo catalog …`: look up the shipped catalogue (components, standards, requirements, kommuner)."""

from __future__ import annotations

import json

import click
from rdflib.namespace import RDF

from .. import catalog
from ..namespaces import DCT, EA
from .options import json_option, lang_option

_KINDS = {"components": EA.NationalComponent, "standards": EA.Standard, "requirements": EA.Requirement}


def _rows(kind: str, lang: str) -> list[dict]:
    g = catalog.catalog_graph()
    out = []
    for s in sorted(g.subjects(RDF.type, _KINDS[kind])):
        row = {"id": str(g.value(s, EA.id) or str(s).rsplit("/", 1)[-1]), "name": catalog.label(g, s, lang)}
        for key, p in (("status", EA.status), ("level", EA.levelKommune)):
            v = g.value(s, p)
            if v is not None:
                row[key] = str(v).rsplit("/", 1)[-1]
        for key, p in (("legal_basis", EA.legalBasis), ("retirement", EA.retirementDate), ("source", DCT.source)):
            v = g.value(s, p)
            if v is not None:
                row[key] = str(v)
        out.append(row)
    return out


def register(cli: click.Group) -> None:
    @cli.group("catalog")
    def catalog_group():
        """Look up the reference catalogue shipped with ea-repo."""

    def _lister(kind: str):
        @catalog_group.command(kind, help=f"List the catalogue's {kind}.")
        @lang_option
        @json_option
        def cmd(lang, as_json):
            rows = _rows(kind, lang)
            if as_json:
                click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
                return
            for r in rows:
                extra = " ".join(f"[{r[k]}]" for k in ("level", "status", "retirement") if k in r)
                click.echo(f"{r['id']:<28} {r['name']} {extra}".rstrip())

    for kind in _KINDS:
        _lister(kind)

    @catalog_group.command("kommuner")
    @json_option
    def kommuner_cmd(as_json):
        """List the kommuner valid in the catalogue (2024 numbering)."""
        k = catalog.kommuner()
        if as_json:
            click.echo(json.dumps(k, ensure_ascii=False, indent=2))
            return
        for code, name in k.items():
            click.echo(f"{code} {name}")

    @catalog_group.command("version")
    def version_cmd():
        """Print the catalogue version (declared version + digest of its files)."""
        click.echo(catalog.catalog_version())

