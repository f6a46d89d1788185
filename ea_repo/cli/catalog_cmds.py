"""`ea-repo catalog …`: look up the shipped catalogue (components, standards, requirements, kommuner)."""

from __future__ import annotations

import json

import click

from .options import json_option, lang_option

_KINDS = {"components": "NationalComponent", "partners": "ExternalSystem", "standards": "Standard",
          "requirements": "Requirement"}  # the ea: class of each kind
_ID_PREFIX = {"partners": "partner:"}  # how an inventory refers to the entry


def _rows(kind: str, lang: str) -> list[dict]:
    from rdflib.namespace import RDF

    from .. import catalog
    from ..namespaces import DCT, EA

    g = catalog.catalog_graph()
    out = []
    for s in sorted(g.subjects(RDF.type, EA[_KINDS[kind]])):
        row = {"id": _ID_PREFIX.get(kind, "") + str(g.value(s, EA.id) or str(s).rsplit("/", 1)[-1]),
               "name": catalog.label(g, s, lang)}
        org = g.value(s, EA.ownedBy)
        owner = catalog.label(g, org, lang) if org is not None else g.value(s, EA.owningOrganisation)
        if owner is not None:
            row["owner"] = str(owner)
        party = g.value(org, EA.party) if org is not None else None
        if party is not None:
            row["party"] = str(party).rsplit("/", 1)[-1]
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
                owner = f" ({r['owner']})" if "owner" in r and kind == "partners" else ""
                click.echo(f"{r['id']:<{40 if kind == 'partners' else 28}} {r['name']}{owner} {extra}".rstrip())

    for kind in _KINDS:
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

