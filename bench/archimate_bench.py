"""Benchmark: import of a generated ArchiMate exchange file (default 5,000 elements).

    PYTHONPATH=. python3 bench/archimate_bench.py [ELEMENTS]

Prints, for the 5,000-element model and one ten times larger (each in a fresh process), the parse
time, the whole import time (parse + RDF graph + the inventory checks of rdf.py, without the store),
the peak growth of resident memory, and the ratios between the two. Not a timed test.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

TYPES = (
    "ApplicationComponent",
    "ApplicationInterface",
    "DataObject",
    "Node",
    "BusinessActor",
    "BusinessProcess",
)
HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="bench">\n  <name xml:lang="nb">Benchmark</name>\n'
)


def write_model(path: Path, elements: int = 5000, broken: bool = False, padding: int = 0) -> None:
    """A model with `elements` elements, about as many relationships, properties and nested folders.
    With broken=True the last relationship points at an element that does not exist; padding adds that
    many characters of documentation to each element (to make large files quickly)."""
    pad = "x" * padding
    apps = [i for i in range(elements) if TYPES[i % len(TYPES)] == "ApplicationComponent"]
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEAD + "  <elements>\n")
        for i in range(elements):
            t = TYPES[i % len(TYPES)]
            f.write(
                f'    <element identifier="e{i}" xsi:type="{t}">\n      <name xml:lang="nb">Element {i} – ære</name>\n'
                f'      <name xml:lang="en">Element {i}</name>\n      <documentation>Generated element number {i} '
                f"with some documentation text to give it a realistic size.{pad}</documentation>\n"
                f'      <properties><property propertyDefinitionRef="p1"><value>note {i}</value></property></properties>\n'
                "    </element>\n"
            )
        f.write("  </elements>\n  <relationships>\n")
        for n, i in enumerate(apps[1:]):
            f.write(
                f'    <relationship identifier="f{n}" source="e{apps[n]}" target="e{i}" xsi:type="Flow"><name>flow {n}</name></relationship>\n'
            )
        for i in range(elements - 1):
            if TYPES[i % len(TYPES)] != "ApplicationComponent":
                f.write(
                    f'    <relationship identifier="a{i}" source="e{i}" target="e{i + 1}" xsi:type="Association"/>\n'
                )
        if broken:
            f.write(
                '    <relationship identifier="broken" source="e0" target="missing-target" xsi:type="Flow"/>\n'
            )
        f.write("  </relationships>\n  <organizations>\n")
        for b in range(0, elements, 100):
            f.write(f"    <item><label>Folder {b}</label><item><label>Sub {b}</label>\n")
            f.writelines(f'      <item identifierRef="e{i}"/>\n' for i in range(b, min(b + 100, elements)))
            f.write("    </item></item>\n")
        f.write(
            '  </organizations>\n  <propertyDefinitions>\n    <propertyDefinition identifier="p1" type="string">'
            "<name>Merknad</name></propertyDefinition>\n  </propertyDefinitions>\n</model>\n"
        )


def measure(n: int) -> tuple[float, float, float, int]:
    """Run in a fresh process: parse time, total import time, peak RSS (MiB), file size."""
    import resource

    from ea_repo import catalog
    from ea_repo.interop import load_interop
    from ea_repo.interop.archimate import read_archimate

    catalog.catalog_graph(), catalog.component_ids()  # warm the catalogue cache (not part of the import)
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / f"model-{n}.xml"
        write_model(f, n)
        size = f.stat().st_size
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t0 = time.perf_counter()
        read_archimate(f)
        parse = time.perf_counter() - t0
        t0 = time.perf_counter()
        load_interop("archimate", [f], "4631")
        total = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - base
        return parse, total, peak, size


def main() -> None:
    import json
    import subprocess

    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(measure(int(sys.argv[2]))))
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    rows = []
    for size in (n, n * 10):
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size)], capture_output=True, text=True, check=True
        )
        parse, total, peak, nbytes = json.loads(out.stdout)
        rows.append((size, total, peak))
        print(
            f"{size:>7} elements ({nbytes / 2**20:5.1f} MB): parse {parse:6.2f} s, parse + graph + checks {total:6.2f} s, "
            f"peak memory growth (RSS) {peak:7.1f} MiB, {1000 * total / size:5.3f} s per 1,000 elements"
        )
    (a, ta, pa), (b, tb, pb) = rows
    print(f"ratio {b // a}x elements: time x{tb / ta:.1f}, peak memory x{pb / max(pa, 1):.1f}")


if __name__ == "__main__":
    main()
