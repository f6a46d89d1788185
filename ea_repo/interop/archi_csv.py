"""Archi's CSV export: elements.csv, relations.csv and properties.csv (optionally with a file-name
prefix such as "model-elements.csv", in a folder or a zip). Column names and id scheme are Archi's."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from ..errors import InputError
from ..i18n import msg
from .model import Concept, Model, Prop

ELEMENTS = ("ID", "Type", "Name", "Documentation", "Specialization")
RELATIONS = ("ID", "Type", "Name", "Documentation", "Source", "Target", "Specialization")
PROPERTIES = ("ID", "Key", "Value")
KINDS = {"elements": ELEMENTS, "relations": RELATIONS, "properties": PROPERTIES}
MODEL_TYPE = "ArchimateModel"
# Archi writes some attributes as properties with these keys: key -> (exchange attribute, relationship type)
SPECIAL = {
    "Access_Type": ("accessType", "Access"),
    "Directed": ("isDirected", "Association"),
    "Influence_Strength": ("modifier", "Influence"),
}
JUNCTION = {"And": "AndJunction", "Or": "OrJunction"}


def kind_of(name: str) -> str | None:
    n = name.lower()
    return next((k for k in KINDS if n.endswith(f"{k}.csv")), None)


def is_archi_csv(files: list[Path]) -> bool:
    return any(kind_of(f.name) for f in files) or any(
        f.suffix.lower() == ".zip"
        and zipfile.is_zipfile(f)
        and any(kind_of(n) for n in zipfile.ZipFile(f).namelist())
        for f in files
        if f.is_file()
    )


def _decode(data: bytes, where: str) -> str:
    """UTF-8, else Windows-1252 (Archi's "ANSI" encoding option) — or a located error for a byte neither has."""
    from ..inventory.readers import decode_bytes

    return decode_bytes(data, where)[0]


def _sources(files: list[Path]) -> dict[str, tuple[str, str]]:
    """kind -> (file name, text), from plain files or zips."""
    out: dict[str, tuple[str, str]] = {}

    def add(name: str, data: bytes, where: str):
        kind = kind_of(name)
        if kind is None:
            raise InputError(
                msg("not a file of Archi's CSV export", "ikke en fil fra CSV-eksporten i Archi"),
                file=where,
                hint=msg("expected elements.csv, relations.csv and properties.csv (any common prefix)",
                         "forventet elements.csv, relations.csv og properties.csv (med et hvilket som helst felles prefiks)"),
            )
        if kind in out:
            raise InputError(
                msg(f"two {kind}.csv files given ({out[kind][0]} and {where})",
                    f"to {kind}.csv-filer er oppgitt ({out[kind][0]} og {where})"),
                file=where,
                hint=msg("import one model at a time", "importer én modell om gangen"),
            )
        out[kind] = (where, _decode(data, where))

    for f in files:
        if not f.exists():
            raise InputError(msg("file not found", "fant ikke filen"), file=str(f), hint=msg("check the path", "sjekk stien"))
        if f.suffix.lower() == ".zip":
            with zipfile.ZipFile(f) as z:
                for n in z.namelist():
                    if n.lower().endswith(".csv"):
                        add(n, z.read(n), f"{f}!{n}")
        else:
            add(f.name, f.read_bytes(), str(f))
    if "elements" not in out:
        raise InputError(
            msg("the Archi CSV export has no elements.csv", "CSV-eksporten fra Archi har ingen elements.csv"),
            file=", ".join(map(str, files)),
            hint=msg("give the folder or all three files of File > Export > Model to CSV",
                     "oppgi mappen eller alle de tre filene fra File > Export > Model to CSV"),
        )
    return out


def _rows(where: str, text: str, header: tuple[str, ...]):
    first = text.split("\n", 1)[0]
    delim = next(
        (d for d in (",", ";", "\t") if first.startswith(f'"ID"{d}') or first.startswith(f"ID{d}")), ","
    )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    head = next(reader, None)
    required = [h for h in header if h != "Specialization"]
    if head is None or [h.strip() for h in head[: len(required)]] != required:
        raise InputError(
            msg(f"unexpected header {head}", f"uventet overskriftsrad {head}"),
            file=where,
            line=1,
            hint=msg("the header must be " + ",".join(f'"{h}"' for h in header),
                     "overskriftsraden må være " + ",".join(f'"{h}"' for h in header)),
        )
    line = reader.line_num
    try:
        for r in reader:
            if any(c.strip() for c in r):
                # a row shorter than the header has its missing cells blank
                yield line + 1, dict(zip(header, [*r, *[""] * (len(header) - len(r))], strict=False))
            line = reader.line_num
    except csv.Error as exc:
        raise InputError(msg(f"the CSV cannot be read: {exc}", f"CSV-filen kan ikke leses: {exc}"), file=where,
                         line=reader.line_num,
                         hint=msg("check the quoting at that line", "sjekk anførselstegnene på den linjen")) from None


def read_archi_csv(files: list[Path]) -> Model:
    src = _sources(files)
    m = Model(file=src["elements"][0])
    by_id: dict[str, Concept] = {}

    def concept(row, line, where) -> Concept:
        c = Concept(
            row["ID"].strip(),
            row["Type"].strip(),
            [(row["Name"], None)] if row.get("Name") else [],
            [(row["Documentation"], None)] if row.get("Documentation") else [],
            line=line,
            file=where,
        )
        if not c.id:
            raise InputError(msg("the ID is missing", "ID mangler"), file=where, line=line,
                             hint=msg("every row needs Archi's ID", "hver rad trenger en ID fra Archi"))
        if c.id in by_id:
            raise InputError(
                msg(f"duplicate identifier '{c.id}' (first on line {by_id[c.id].line})",
                    f"identifikatoren '{c.id}' er brukt før (første gang på linje {by_id[c.id].line})"),
                file=where,
                line=line,
                element=c.id,
                hint=msg("identifiers must be unique in the whole model", "identifikatorer må være unike i hele modellen"),
            )
        if row.get("Specialization"):
            m.specializations[c.id] = row["Specialization"]
        by_id[c.id] = c
        return c

    where, text = src["elements"]
    for line, row in _rows(where, text, ELEMENTS):
        if row["Type"].strip() == MODEL_TYPE:
            m.id, m.names, m.docs = (
                row["ID"].strip(),
                [(row["Name"], None)] if row["Name"] else [],
                [(row["Documentation"], None)] if row.get("Documentation") else [],
            )
            by_id[m.id] = Concept(m.id, MODEL_TYPE, line=line)
            continue
        m.elements.append(concept(row, line, where))
    if "relations" in src:
        where, text = src["relations"]
        for line, row in _rows(where, text, RELATIONS):
            c = concept(row, line, where)
            c.type = c.type.removesuffix("Relationship")
            c.source, c.target = row["Source"].strip(), row["Target"].strip()
            m.relationships.append(c)
    if "properties" in src:
        where, text = src["properties"]
        for line, row in _rows(where, text, PROPERTIES):
            owner = by_id.get(row["ID"].strip())
            if owner is None:
                raise InputError(
                    msg(f"the property '{row['Key']}' belongs to '{row['ID']}', "
                        "which is neither the model, an element nor a relationship",
                        f"egenskapen '{row['Key']}' hører til '{row['ID']}', "
                        "som verken er modellen, et element eller en relasjon"),
                    file=where,
                    line=line,
                    element=row["ID"],
                    hint=msg("remove the row or export the model again", "fjern raden eller eksporter modellen på nytt"),
                )
            key = row["Key"]
            if key in SPECIAL and owner.type == SPECIAL[key][1]:
                owner.attrs[SPECIAL[key][0]] = row["Value"].lower() if key == "Directed" else row["Value"]
            elif key == "Junction_Type" and owner.type == "Junction":
                owner.type = JUNCTION.get(row["Value"], "OrJunction")
            else:
                (m.props if owner.type == MODEL_TYPE else owner.props).append(
                    Prop(key, None, [(row["Value"], None)], line, where)
                )
    for c in m.elements:
        if c.type == "Junction":
            c.type = "AndJunction"  # Archi's default junction type
    for r in m.relationships:  # schema defaults, as the exchange reader applies them
        if r.type == "Access":
            r.attrs.setdefault("accessType", "Write")
        if r.type == "Association":
            r.attrs.setdefault("isDirected", "false")
    return m


def write_archi_csv(m: Model, prefix: str = "") -> dict[str, str]:
    """file name -> CSV text (UTF-8, Archi's quoting and CRLF line ends)."""
    out: dict[str, str] = {}
    attr_key = {attr: key for key, (attr, _) in SPECIAL.items()}

    def text(values) -> str:
        from .model import pick

        return pick(values) or ""

    def write(rows, header) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)
        return buf.getvalue()

    spec = m.specializations.get
    elements = [(m.id, MODEL_TYPE, text(m.names), text(m.docs), "")]
    elements += [
        (
            c.id,
            "Junction" if c.type.endswith("Junction") else c.type,
            text(c.names),
            text(c.docs),
            spec(c.id, ""),
        )
        for c in m.elements
    ]
    out[f"{prefix}elements.csv"] = write(elements, ELEMENTS)
    out[f"{prefix}relations.csv"] = write(
        [
            (c.id, f"{c.type}Relationship", text(c.names), text(c.docs), c.source, c.target, spec(c.id, ""))
            for c in m.relationships
        ],
        RELATIONS,
    )
    props = [(m.id, p.key or p.ref, v) for p in m.props for v, _ in p.values[:1]]
    for c in [*m.elements, *m.relationships]:
        props += [(c.id, p.key or p.ref, v) for p in c.props for v, _ in p.values[:1]]
        props += [(c.id, attr_key[a], v) for a, v in c.attrs.items()]
        if c.type.endswith("Junction"):
            props.append((c.id, "Junction_Type", c.type.removesuffix("Junction")))
    out[f"{prefix}properties.csv"] = write(props, PROPERTIES)
    return out
