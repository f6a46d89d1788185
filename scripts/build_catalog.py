#!/usr/bin/env python3
"""Regenerate catalog/kommuner.ttl from catalog/data/kommuner_2024.csv.

    python3 scripts/build_catalog.py                 # rewrite catalog/kommuner.ttl
    python3 scripts/build_catalog.py -o /tmp/k.ttl   # write elsewhere (the tests do this)
    python3 scripts/build_catalog.py --check         # exit 1 if catalog/kommuner.ttl is stale

The output is deterministic (fylker, then kommuner, sorted by number) so the committed file only changes when
the CSV does. It models the 357 kommuner and 15 fylker valid from 2024-01-01 as docs/CONVENTIONS.md shows;
the numbering history (catalog/data/kommunenummer_changes.csv) is deliberately not modelled here.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

try:
    from ea_repo import paths
except ImportError:  # run from a source checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from ea_repo import paths

VALID_FROM = "2024-01-01"
EXPECTED_KOMMUNER = 357
EXPECTED_FYLKER = 15
UPSTREAM = "https://github.com/robhop/fylker-og-kommuner/blob/ae8782500090144c2b74d6bb2a89365a7ff2236d"
KOMMUNER_SOURCE = f"{UPSTREAM}/Kommuner-S.geojson"
FYLKER_SOURCE = f"{UPSTREAM}/Fylker-S.geojson"
NUMBERING_SOURCE = "https://data.ssb.no/api/klass/v1/classifications/131"  # the numbers are SSB's (KLASS 131)
COLUMNS = ("code", "name", "county_code", "county_name")

HEADER = f"""\
# GENERATED FILE - do not edit by hand.
# Regenerate with: python3 scripts/build_catalog.py
# Input: catalog/data/kommuner_2024.csv (origin: see catalog/data/SOURCES.md).
# The {EXPECTED_KOMMUNER} kommuner and {EXPECTED_FYLKER} fylker of SSB KLASS 131 valid from {VALID_FROM}. ea:validFrom {VALID_FROM}
# dates the 2024 numbering (the KLASS version), not the day a number was first given; numbering history
# is not modelled here.

@prefix ea:      <https://w3id.org/ea-repo/ont#> .
@prefix dct:     <http://purl.org/dc/terms/> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix kommune: <https://w3id.org/ea-repo/id/kommune/> .
@prefix fylke:   <https://w3id.org/ea-repo/id/fylke/> .
"""


class CatalogDataError(Exception):
    """The CSV is not what the catalogue expects; the message says where and what to do."""


@dataclass(frozen=True)
class Kommune:
    code: str
    name: str
    county_code: str
    county_name: str


def _lit(text: str) -> str:
    """A Turtle string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def read_kommuner(csv_path: Path) -> list[Kommune]:
    """Read and check kommuner_2024.csv; raise CatalogDataError naming file, row and column on bad data."""
    where = str(csv_path)
    try:
        with csv_path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if tuple(reader.fieldnames or ()) != COLUMNS:
                raise CatalogDataError(
                    f"{where}: header is {reader.fieldnames}, expected {list(COLUMNS)}; restore the file from "
                    "the source named in catalog/data/SOURCES.md"
                )
            rows = list(reader)
    except FileNotFoundError as e:
        raise CatalogDataError(
            f"{where}: file not found; copy it as catalog/data/SOURCES.md describes"
        ) from e
    except UnicodeDecodeError as e:
        raise CatalogDataError(f"{where}: not UTF-8 ({e}); save the file as UTF-8") from e

    out: list[Kommune] = []
    codes: set[str] = set()
    county_names: dict[str, str] = {}
    for i, row in enumerate(rows, start=2):  # row 1 is the header
        k = Kommune(*(str(row.get(c) or "").strip() for c in COLUMNS))
        if not re.fullmatch(r"\d{4}", k.code):
            raise CatalogDataError(
                f"{where}, row {i}, column code: '{k.code}' is not a four-digit kommunenummer"
            )
        if not k.name:
            raise CatalogDataError(f"{where}, row {i}, column name: empty; give the kommune's name")
        if k.county_code != k.code[:2]:
            raise CatalogDataError(
                f"{where}, row {i}, column county_code: '{k.county_code}' is not the first two digits of {k.code}"
            )
        if not k.county_name:
            raise CatalogDataError(f"{where}, row {i}, column county_name: empty; give the county's name")
        if county_names.setdefault(k.county_code, k.county_name) != k.county_name:
            raise CatalogDataError(
                f"{where}, row {i}, column county_name: '{k.county_name}' differs from "
                f"'{county_names[k.county_code]}' given earlier for county {k.county_code}; use one name"
            )
        if k.code in codes:
            raise CatalogDataError(
                f"{where}, row {i}, column code: {k.code} appears twice; remove the duplicate"
            )
        codes.add(k.code)
        out.append(k)
    if len(out) != EXPECTED_KOMMUNER or len(county_names) != EXPECTED_FYLKER:
        raise CatalogDataError(
            f"{where}: {len(out)} kommuner in {len(county_names)} counties, expected {EXPECTED_KOMMUNER} in "
            f"{EXPECTED_FYLKER} (the 2024 numbering); if the numbering really changed, update the script's constants"
        )
    return sorted(out, key=lambda k: k.code)


def render(kommuner: list[Kommune]) -> str:
    """The Turtle text of kommuner.ttl (pure function; same input, same bytes)."""
    fylker = sorted({(k.county_code, k.county_name) for k in kommuner})
    parts = [HEADER]
    parts.append("\n# Fylker (counties)\n")
    for code, name in fylker:
        parts.append(
            f"\nfylke:{code} a ea:Fylke ;\n"
            f"    ea:name {_lit(name)} ;\n"
            f'    ea:code "{code}" ;\n'
            f'    skos:notation "{code}" ;\n'
            f'    ea:validFrom "{VALID_FROM}"^^xsd:date ;\n'
            f"    dct:source <{FYLKER_SOURCE}> .\n"
        )
    parts.append("\n# Kommuner (municipalities) and their dated kommunenummer\n")
    for k in kommuner:
        nr = f"<https://w3id.org/ea-repo/id/kommune/{k.code}/nr/{VALID_FROM}>"
        parts.append(
            f"\nkommune:{k.code} a ea:Kommune ;\n"
            f"    ea:name {_lit(k.name)} ;\n"
            f'    skos:notation "{k.code}" ;\n'
            f"    ea:fylke fylke:{k.county_code} ;\n"
            f"    ea:kommunenummer {nr} ;\n"
            f"    dct:source <{KOMMUNER_SOURCE}> .\n"
            f"\n{nr} a ea:KommunenummerAssignment ;\n"
            f'    ea:code "{k.code}" ;\n'
            f'    ea:validFrom "{VALID_FROM}"^^xsd:date ;\n'
            f"    dct:source <{KOMMUNER_SOURCE}> , <{NUMBERING_SOURCE}> .\n"
        )
    return "".join(parts)


def build(csv_path: Path) -> str:
    return render(read_kommuner(csv_path))


def write_atomically(text: str, target: Path) -> None:
    """Write via a temporary file in the same folder, so a failure never leaves a half-written file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    catalog = paths.catalog_dir()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--input",
        type=Path,
        default=catalog / "data" / "kommuner_2024.csv",
        help="the kommuner CSV (default: catalog/data/kommuner_2024.csv)",
    )
    ap.add_argument(
        "-o",
        "--output",
        type=Path,
        default=catalog / "kommuner.ttl",
        help="where to write the Turtle (default: catalog/kommuner.ttl)",
    )
    ap.add_argument(
        "--check", action="store_true", help="do not write; exit 1 if the output file is out of date"
    )
    args = ap.parse_args(argv)
    try:
        text = build(args.input)
    except CatalogDataError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != text:
            print(f"{args.output} is out of date; run python3 scripts/build_catalog.py", file=sys.stderr)
            return 1
        return 0
    write_atomically(text, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
