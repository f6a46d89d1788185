#!/usr/bin/env python3
"""Regenerate catalog/kommune-history.ttl from catalog/data/kommunenummer_changes.csv + kommuner_2024.csv.

    python3 scripts/build_history.py                 # rewrite catalog/kommune-history.ttl
    python3 scripts/build_history.py -o /tmp/h.ttl   # write elsewhere (the tests do this)
    python3 scripts/build_history.py --check         # exit 1 if the committed file is stale

The derivation (periods, events) is ea_repo.history's, so the Turtle and the library always agree. Output is
deterministic: assignments sorted by code and start, changes by date, old and new code.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
try:
    from ea_repo import history, paths
except ImportError:  # run from a source checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from ea_repo import history, paths
from build_catalog import _lit, write_atomically  # noqa: E402

from ea_repo.errors import InputError  # noqa: E402

DUMP = ("https://github.com/Samarbeidsdesken/ssb-kommunenummer/blob/"
        "424b33084713c7784e29e300a5fc87a4e8e03e8a/data.json")
KOMMUNER_SOURCE = ("https://github.com/robhop/fylker-og-kommuner/blob/"
                   "ae8782500090144c2b74d6bb2a89365a7ff2236d/Kommuner-S.geojson")
NR = "https://w3id.org/ea-repo/id/kommunenummer/"
CHG = "https://w3id.org/ea-repo/id/kommunenummer-change/"
ONE_TO_ONE = {"renumbering", "county-change", "name-change", "continued"}

HEADER = """\
# GENERATED FILE - do not edit by hand.
# Regenerate with: python3 scripts/build_history.py
# Input: catalog/data/kommunenummer_changes.csv (516 SSB KLASS 131 change rows 2011-2024) and
# catalog/data/kommuner_2024.csv (origin: see catalog/data/SOURCES.md). Derivation: ea_repo/history.py.
#
# Every kommunenummer period is an ea:KommunenummerAssignment (code, name, validFrom, validTo exclusive);
# a period without ea:validFrom was in use before the first change in the data (2011-01-01). Every SSB change
# row is an ea:KommunenummerChange from one period to the next, typed by its event (merger, split,
# reorganisation, renumbering, county-change, name-change, continued). Kommuner of the 2024 numbering are linked
# (ea:kommunenummer) to the earlier periods they continue one-to-one (renumbering, county change, name change).

@prefix ea:      <https://w3id.org/ea-repo/ont#> .
@prefix dct:     <http://purl.org/dc/terms/> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix kommune: <https://w3id.org/ea-repo/id/kommune/> .
@prefix nr:      <https://w3id.org/ea-repo/id/kommunenummer/> .
@prefix chg:     <https://w3id.org/ea-repo/id/kommunenummer-change/> .

# Terms used only here (the metamodel's ea:KommunenummerAssignment, ea:code, ea:validFrom/To, ea:successor
# come from ontology/ea.ttl).
ea:KommunenummerChange a owl:Class ;
    rdfs:label "Endring av kommunenummer"@nb , "Kommunenummer change"@en ;
    rdfs:comment "En endringsrad i SSB KLASS 131: gammelt nummer -> nytt nummer på en dato."@nb ,
        "One change row of SSB KLASS 131: old number -> new number on a date."@en .
ea:changeDate a owl:DatatypeProperty ; rdfs:range xsd:date ;
    rdfs:label "endringsdato"@nb , "change date"@en .
ea:changeKind a owl:DatatypeProperty ; rdfs:range xsd:string ;
    rdfs:label "endringstype"@nb , "kind of change"@en ;
    rdfs:comment "merger | split | reorganisation | renumbering | county-change | name-change | continued"@en .
ea:fromAssignment a owl:ObjectProperty ; rdfs:range ea:KommunenummerAssignment ;
    rdfs:label "fra nummer"@nb , "from number"@en .
ea:toAssignment a owl:ObjectProperty ; rdfs:range ea:KommunenummerAssignment ;
    rdfs:label "til nummer"@nb , "to number"@en .
"""


def _iri(p) -> str:
    return f"nr:{p.code}-{p.valid_from.isoformat() if p.valid_from else 'before-2011'}"


def render(h: history.History) -> str:
    start = {(p.code, p.valid_from): p for p in h.periods}
    end = {(p.code, p.valid_to): p for p in h.periods if p.valid_to}
    kind_of = {c: e.kind for e in h.events() for c in e.changes}
    parts = [HEADER, "\n# Kommunenummer periods\n"]
    nexts: dict = {}
    for c in h.changes:
        nexts.setdefault(end[(c.old_code, c.date)], set()).add(start[(c.new_code, c.date)])
    for p in h.periods:
        lines = [f"\n{_iri(p)} a ea:KommunenummerAssignment ;", f'    ea:code "{p.code}" ;', f"    ea:name {_lit(p.name)} ;"]
        if p.valid_from:
            lines.append(f'    ea:validFrom "{p.valid_from.isoformat()}"^^xsd:date ;')
        else:
            lines.append(f'    ea:note "In use before {h.coverage_from.isoformat()}, the first change in the data; start not recorded." ;')
        if p.valid_to:
            lines.append(f'    ea:validTo "{p.valid_to.isoformat()}"^^xsd:date ;')
        else:
            lines.append(f"    rdfs:seeAlso <https://w3id.org/ea-repo/id/kommune/{p.code}/nr/2024-01-01> ;")
        if p in nexts:
            lines.append("    ea:successor " + " , ".join(sorted(_iri(n) for n in nexts[p])) + " ;")
        src = f"<{history.CHANGES_URL}> , <{DUMP}>" + ("" if p.valid_to else f" , <{KOMMUNER_SOURCE}>")
        lines.append(f"    dct:source {src} .")
        parts.append("\n".join(lines) + "\n")
    parts.append("\n# SSB KLASS 131 change rows\n")
    for c in h.changes:
        parts.append(
            f"\nchg:{c.date.isoformat()}-{c.old_code}-{c.new_code} a ea:KommunenummerChange ;\n"
            f'    ea:changeDate "{c.date.isoformat()}"^^xsd:date ;\n'
            f'    ea:changeKind "{kind_of[c]}" ;\n'
            f"    ea:fromAssignment {_iri(end[(c.old_code, c.date)])} ;\n"
            f"    ea:toAssignment {_iri(start[(c.new_code, c.date)])} ;\n"
            f"    dct:source <{history.CHANGES_URL}> , <{DUMP}> .\n"
        )
    parts.append("\n# Kommuner of the 2024 numbering and the earlier numbers they continue one-to-one\n")
    by_new = {}
    for e in h.events():
        if e.kind in ONE_TO_ONE:
            by_new[(e.news[0][0], e.date)] = end[(e.olds[0][0], e.date)]
    for code in h.current:
        p, chain = next(x for x in h.periods_of(code) if x.valid_to is None), []
        while p is not None and p.valid_from and (p.code, p.valid_from) in by_new:
            p = by_new[(p.code, p.valid_from)]
            chain.append(p)
        if chain:
            parts.append(f"\nkommune:{code} ea:kommunenummer " + " , ".join(_iri(x) for x in chain) + " .\n")
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    catalog = paths.catalog_dir()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", type=Path, default=catalog / "kommune-history.ttl")
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if the output file is out of date")
    args = ap.parse_args(argv)
    try:
        text = render(history.shipped())
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != text:
            print(f"{args.output} is out of date; run python3 scripts/build_history.py", file=sys.stderr)
            return 1
        return 0
    write_atomically(text, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
