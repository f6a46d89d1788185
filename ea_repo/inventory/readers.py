"""Format readers: each turns files into a RawInventory (rows with their locations), nothing more.

Dispatch is by a table (suffix -> reader). Checking values against the schema happens once, in
build.py, for every tabular format alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .cells import unprotect
from .schema import SHEETS_BY_NAME


@dataclass
class Row:
    values: dict[str, object]
    file: str
    sheet: str
    row: int  # 1-based row number as the user sees it (header = row 1 in CSV/XLSX; element index + 1 in JSON)


@dataclass
class RawInventory:
    files: list[Path]
    meta: dict[str, object] = field(default_factory=dict)
    meta_file: str = ""
    sheets: dict[str, list[Row]] = field(default_factory=dict)

    def add_rows(self, sheet: str, rows: list[Row], *, file: str) -> None:
        if sheet in self.sheets:
            raise InputError(
                f"sheet '{sheet}' is given twice",
                file=file,
                hint="give each of systems, interfaces and integrations once",
            )
        self.sheets[sheet] = rows


def _check_not_empty(path: Path) -> None:
    if not path.exists():
        raise InputError("file not found", file=str(path), hint="check the path and the working directory")
    if path.is_file() and path.stat().st_size == 0:
        raise InputError("the file is empty", file=str(path), hint="export the inventory again or use `ea-repo template`")


def _check_sheet(name: str, file: str) -> None:
    if name != "meta" and name not in SHEETS_BY_NAME:
        allowed = ", ".join(["meta", *SHEETS_BY_NAME])
        raise InputError(f"unknown sheet '{name}'", file=file, sheet=name, hint=f"use the sheets {allowed}")


def _meta_from_pairs(pairs: list[tuple[object, object]]) -> dict[str, object]:
    return {str(k).strip(): v for k, v in pairs if k not in (None, "") and str(k).strip() not in ("key", "nøkkel")}


# --- XLSX ------------------------------------------------------------------------------------------


def _cell(v: object) -> object:
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)
    return v


def open_workbook(path: Path, alternatives: str = "CSV or JSON"):
    """Open an XLSX read-only, or raise a located InputError saying what to do instead."""
    from openpyxl import load_workbook

    name = str(path)
    if not zipfile.is_zipfile(path):
        raise InputError(
            "this is not an Excel workbook (.xlsx)", file=name, hint=f"save it as an Excel workbook, or use {alternatives}"
        )
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for broken packages
        raise InputError(f"the workbook cannot be read ({exc})", file=name, hint="open and save it again in Excel or LibreOffice") from exc


def read_xlsx(path: Path, raw: RawInventory) -> None:
    name = str(path)
    wb = open_workbook(path)
    try:
        for ws in wb.worksheets:
            title = ws.title.strip()
            if title.startswith("_") or title.lower() in ("readme", "les meg", "lesmeg"):
                continue  # documentation sheets of the template
            _check_sheet(title, name)
            rows = list(ws.iter_rows(values_only=True))
            if title == "meta":
                raw.meta.update(_meta_from_pairs([(r[0], _cell(r[1]) if len(r) > 1 else None) for r in rows if r]))
                raw.meta_file = name
                continue
            if not rows:
                raw.add_rows(title, [], file=name)
                continue
            header = [str(h).strip() if h is not None else "" for h in rows[0]]
            out = []
            for i, r in enumerate(rows[1:], start=2):
                if r is None or all(c is None or str(c).strip() == "" for c in r):
                    continue
                values = {h: _cell(c) for h, c in zip(header, r, strict=False) if h or (c not in (None, ""))}
                out.append(Row(values, name, title, i))
            raw.add_rows(title, out, file=name)
    finally:
        wb.close()


# --- CSV -------------------------------------------------------------------------------------------


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"the file is not UTF-8 (byte 0x{data[exc.start]:02x} at byte {exc.start})",
            file=str(path),
            line=line,
            hint="save the file as UTF-8 (in Excel: 'CSV UTF-8'); ITS-forskriften § 8 asks for UTF-8 in exchange too",
        ) from exc


def read_csv(path: Path, raw: RawInventory) -> None:
    name = str(path)
    sheet = path.stem
    _check_sheet(sheet, name)
    text = _decode(path)
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") and "\t" not in sample else ","
    if sheet != "meta" and sample.split("\n", 1)[0].count("\t") > 0:
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = [[unprotect(c) for c in r] for r in reader]  # undo the exporter's formula protection (cells.py)
    if sheet == "meta":
        raw.meta.update(_meta_from_pairs([(r[0], r[1] if len(r) > 1 else None) for r in rows if r]))
        raw.meta_file = name
        return
    if not rows:
        raise InputError("the file has no header row", file=name, hint="the first row names the columns")
    header = [h.strip() for h in rows[0]]
    out = []
    for i, r in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in r):
            continue
        if len(r) > len(header):
            raise InputError(
                f"the row has {len(r)} cells but the header has {len(header)}",
                file=name, sheet=sheet, row=i,
                hint=f"quote cells that contain the delimiter '{delimiter}'",
            )
        out.append(Row(dict(zip(header, r, strict=False)), name, sheet, i))
    raw.add_rows(sheet, out, file=name)


# --- JSON ------------------------------------------------------------------------------------------


def read_json(path: Path, raw: RawInventory) -> None:
    name = str(path)
    text = _decode(path)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} (column {exc.colno})", file=name, line=exc.lineno,
                         hint="fix the JSON syntax at that place") from exc
    if not isinstance(doc, dict):
        raise InputError("the top level must be an object with the keys meta, systems, interfaces, integrations", file=name)
    for key, value in doc.items():
        if key.startswith("@") or key == "$schema":
            continue
        _check_sheet(key, name)
        if key == "meta":
            if not isinstance(value, dict):
                raise InputError("'meta' must be an object", file=name, element="meta")
            raw.meta.update(value)
            raw.meta_file = name
            continue
        if not isinstance(value, list):
            raise InputError(f"'{key}' must be a list of objects", file=name, element=key)
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise InputError("each entry must be an object", file=name, sheet=key, row=i + 1, element=f"{key}[{i}]")
            out.append(Row(item, name, key, i + 1))
        raw.add_rows(key, out, file=name)


TABULAR_READERS: dict[str, Callable[[Path, RawInventory], None]] = {
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
    ".csv": read_csv,
    ".json": read_json,
}

RDF_FORMATS = {".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt", ".trig": "trig"}


def expand(files: list[Path]) -> list[Path]:
    """A directory stands for the inventory files in it (meta.csv, systems.csv ... or one workbook)."""
    out: list[Path] = []
    for f in files:
        if f.is_dir():
            found = sorted(
                p for p in f.iterdir()
                if (p.suffix.lower() in TABULAR_READERS or p.suffix.lower() in RDF_FORMATS)
                and p.stem.lower() not in ("readme", "columns")  # documentation beside the data (templates)
            )
            if not found:
                raise InputError("the folder holds no inventory files (.xlsx, .csv, .json, .ttl, .jsonld)", file=str(f))
            out.extend(found)
        else:
            out.append(f)
    return out


def read_tabular(files: list[Path], *, require_systems: bool = True) -> RawInventory:
    """`require_systems=False` when the files are merged into a stored inventory (they may hold integrations only)."""
    raw = RawInventory(files=files)
    for f in files:
        _check_not_empty(f)
        reader = TABULAR_READERS.get(f.suffix.lower())
        if reader is None:
            raise InputError(
                f"unknown file type '{f.suffix}'",
                file=str(f),
                hint="use .xlsx, .csv, .json, .ttl or .jsonld",
            )
        reader(f, raw)
    if require_systems and not any(raw.sheets.get(s) for s in ("systems",)):
        raise InputError(
            "no systems found",
            file=", ".join(str(f) for f in files),
            hint="an inventory needs a 'systems' sheet (or systems.csv / a 'systems' list) with at least one row",
        )
    return raw
