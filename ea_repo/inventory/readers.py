"""Format readers: each turns files into a RawInventory (rows with their locations), nothing more.

Dispatch is by a table (suffix -> reader). Checking values against the schema happens once, in
build.py, for every tabular format alike.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..i18n import Msg, msg
from . import aliases
from .cells import unprotect
from .limits import how_to_raise, limit
from .schema import META_KEYS, SHEETS_BY_NAME, Sheet


@dataclass
class Row:
    values: dict[str, object]  # canonical column name -> cell value
    file: str
    sheet: str  # the sheet's name as the file spells it
    row: int  # 1-based row number as the user sees it (header = row 1 in CSV/XLSX; element index + 1 in JSON)
    headers: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # column -> (header as written, letter)

    def where(self, column: str | None) -> dict[str, object]:
        """InputError keywords locating this row and one of its columns (as the file names the column)."""
        header, letter = self.headers.get(column, (column, None)) if column else (None, None)
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "column": header,
                "cell": f"{letter}{self.row}" if letter else None}


@dataclass
class RawInventory:
    files: list[Path]
    meta: dict[str, object] = field(default_factory=dict)
    meta_file: str = ""
    meta_where: dict[str, dict[str, object]] = field(default_factory=dict)  # meta key -> InputError keywords
    sheets: dict[str, list[Row]] = field(default_factory=dict)
    errors: list[InputError] = field(default_factory=list)  # every problem the readers found, in order
    encodings: dict[str, str] = field(default_factory=dict)  # text file -> the encoding it was read in

    def add_rows(self, sheet: str, rows: list[Row], *, file: str, title: str | None = None) -> None:
        if sheet in self.sheets:
            other = title and title != sheet
            self.errors.append(InputError(
                msg(f"sheet '{sheet}' is given twice" + (f" (here as '{title}')" if other else ""),
                    f"arket '{sheet}' er oppgitt to ganger" + (f" (her som '{title}')" if other else "")),
                file=file, sheet=title or sheet, code="duplicate-sheet",
                hint=msg("give each of systems, interfaces and integrations once",
                         "oppgi hvert av systems, interfaces og integrations én gang"),
            ))
            return
        self.sheets[sheet] = rows

    def error(self, problem: str, code: str, **where) -> None:
        self.errors.append(InputError(problem, code=code, **where))


def _mean(near: list[str], en: str, nb: str) -> Msg:
    """A hint, after 'did you mean …?' when a name is near, in English and bokmål."""
    if near:
        return msg(f"did you mean '{near[0]}'? {en}", f"mente du '{near[0]}'? {nb}")
    return msg(en, nb)


def file_problem(path: Path) -> InputError | None:
    """Why a path cannot be read as an input file at all (an inventory, a vendor specification, a waiver or an
    assignment file): missing, not a regular file (a device, a pipe), larger than --max-file-mb."""
    if not path.exists():
        return InputError(msg("file not found", "fant ikke filen"), file=str(path),
                          hint=msg("check the path and the working directory", "sjekk stien og arbeidsmappen"))
    if not path.is_file():
        return InputError(msg("not a regular file (a device, a pipe or a socket)",
                              "ikke en vanlig fil (en enhet, et rør eller en socket)"), file=str(path),
                          hint=msg("give the file itself", "oppgi selve filen"))
    size, cap = path.stat().st_size, limit("file_mb")
    if size > cap * 2**20:
        mb, (en, nb) = f"{size / 2**20:.0f}", how_to_raise("file_mb")
        return InputError(msg(f"the file is {mb} MB, more than the {cap} MB ea-repo reads from one file",
                              f"filen er {mb} MB, mer enn de {cap} MB ea-repo leser fra én fil"),
                          file=str(path), code="too-large",
                          hint=msg(f"split it, or raise the limit with {en}", f"del den opp, eller øk grensen med {nb}"))
    return None


def _check_not_empty(path: Path, raw: RawInventory) -> bool:
    problem = file_problem(path)
    if problem is not None:
        raw.errors.append(problem)
        return False
    if path.is_file() and path.stat().st_size == 0:
        raw.error(msg("the file is empty", "filen er tom"), "file", file=str(path),
                  hint=msg("export the inventory again or use `ea-repo template`",
                           "eksporter systemoversikten på nytt eller bruk `ea-repo template`"))
        return False
    return True


def _sheet(title: str, file: str, raw: RawInventory) -> str | None:
    """The canonical sheet a name stands for (systemer -> systems), or None after recording the error."""
    name = aliases.sheet_names().get(title)
    if name is not None:
        return name
    near = aliases.sheet_names().suggest(title)
    allowed = ", ".join(f"{s} ({n['nb']})" if n["nb"] != s else s for s, n in aliases.SHEET_NAMES.items())
    raw.error(msg(f"unknown sheet '{title}'", f"ukjent ark '{title}'"), "unknown-sheet", file=file, sheet=title,
              value=title, hint=_mean(near, f"the sheets are {allowed}", f"arkene er {allowed}"))
    return None


def _is_doc_sheet(title: str) -> bool:
    return title.startswith("_") or aliases.key(title) in {aliases.key(d) for d in aliases.DOC_SHEETS}


def resolve_header(raw: RawInventory, sheet: Sheet, header: list[str], *, file: str, title: str,
                   letters: bool = True) -> tuple[list[str | None], dict[str, tuple[str, str | None]]]:
    """Map each header cell to its column (aliases and any case or accents accepted). Unknown and
    doubled columns are recorded once, at row 1; their cells are then ignored."""
    from openpyxl.utils import get_column_letter

    names = aliases.column_names(sheet.name)
    out: list[str | None] = []
    seen: dict[str, tuple[str, str | None]] = {}
    for i, h in enumerate(header):
        letter = get_column_letter(i + 1) if letters else None
        where = {"file": file, "sheet": title, "row": 1, "column": h, "cell": f"{letter}1" if letter else None}
        if h == "":
            out.append(None)
            continue
        col = names.get(h)
        if col is None:
            near = names.suggest(h)
            columns = ", ".join(c.name for c in sheet.columns)
            hint = _mean(near, "docs/inventory-columns.md lists every column", "docs/inventory-columns.md viser alle kolonnene") \
                if near else msg(f"the columns of '{title}' are: {columns}", f"kolonnene i '{title}' er: {columns}")
            raw.error(msg(f"unknown column '{h}'", f"ukjent kolonne '{h}'"), "unknown-column", value=h, hint=hint, **where)
            out.append(None)
            continue
        if col in seen:
            first, first_letter = seen[col]
            cell = f" ({first_letter}1)" if first_letter else ""
            raw.error(msg(f"the columns '{first}'{cell} and '{h}' both mean '{col}'",
                          f"kolonnene '{first}'{cell} og '{h}' betyr begge '{col}'"), "duplicate-column", value=h,
                      hint=msg("keep one of them", "behold én av dem"), **where)
            out.append(None)
            continue
        seen[col] = (h, letter)
        out.append(col)
    return out, seen


def _comment_row(values: dict[str, object]) -> bool:
    """A row whose id cell starts with '#' explains the columns (the template's second row): no data,
    since an id never starts with '#'."""
    return str(values.get("id") or "").lstrip().startswith("#")


def _table(raw: RawInventory, sheet: Sheet, rows: list[tuple], *, file: str, title: str, letters: bool,
           delimiter: str | None = None) -> list[Row]:
    """Rows of one sheet (header first) -> Row objects; header and shape problems recorded."""
    from openpyxl.utils import get_column_letter

    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    cols, headers = resolve_header(raw, sheet, header, file=file, title=title, letters=letters)
    out, unnamed = [], set()
    for i, r in enumerate(rows[1:], start=2):
        if r is None or all(c is None or str(c).strip() == "" for c in r):
            continue
        if delimiter is not None and len(r) > len(header):
            raw.error(msg(f"the row has {len(r)} cells but the header has {len(header)}",
                          f"raden har {len(r)} celler, men overskriftsraden har {len(header)}"), "row-too-long",
                      file=file, sheet=title, row=i,
                      hint=msg(f"quote cells that contain the delimiter '{delimiter}', or give the column a header",
                               f"sett anførselstegn rundt celler som inneholder skilletegnet '{delimiter}', "
                               "eller gi kolonnen en overskrift"))
        values: dict[str, object] = {}
        for j, c in enumerate(r):
            if j < len(cols) and cols[j] is not None:
                values[cols[j]] = _cell(c)
            elif c is not None and str(c).strip() and ((j < len(header) and header[j] == "")
                                                       or (j >= len(header) and delimiter is None)):
                unnamed.add(j)
        if _comment_row(values):
            continue
        out.append(Row(values, file, title, i, headers))
    for j in sorted(unnamed):
        letter = get_column_letter(j + 1) if letters else None
        raw.error(msg(f"column {letter or j + 1} holds values but has no header",
                      f"kolonne {letter or j + 1} har verdier, men ingen overskrift"), "no-header", file=file, sheet=title,
                  row=1, column=letter or str(j + 1), cell=f"{letter}1" if letter else None,
                  hint=msg("write the column's name in row 1, or delete the column",
                           "skriv navnet på kolonnen i rad 1, eller slett kolonnen"))
    return out


def _meta(raw: RawInventory, pairs: list[tuple[int, object, object]], *, file: str, title: str) -> None:
    names = aliases.meta_names()
    for i, k, v in pairs:
        if k in (None, "") or aliases.key(k) in ("key", "nokkel", "value", "verdi"):
            continue
        name = names.get(k)
        where = {"file": file, "sheet": title, "row": i, "column": str(k).strip(), "cell": f"A{i}"}
        if name is None:
            near = names.suggest(k)
            raw.error(msg(f"unknown meta entry '{str(k).strip()}'", f"ukjent meta-oppføring '{str(k).strip()}'"),
                      "unknown-meta", value=k, **where,
                      hint=_mean(near, "the entries are " + ", ".join(META_KEYS), "oppføringene er " + ", ".join(META_KEYS)))
            continue
        raw.meta[name] = v
        raw.meta_where[name] = where
    raw.meta_file = file


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
            msg("this is not an Excel workbook (.xlsx)", "dette er ikke en Excel-arbeidsbok (.xlsx)"), file=name,
            hint=msg(f"save it as an Excel workbook, or use {alternatives}",
                     f"lagre den som Excel-arbeidsbok, eller bruk {alternatives.replace(' or ', ' eller ')}"),
        )
    with zipfile.ZipFile(path) as z:
        unzipped, cap = sum(i.file_size for i in z.infolist()), limit("unzipped_mb")
    if unzipped > cap * 2**20:
        mb, (en, nb) = f"{unzipped / 2**20:.0f}", how_to_raise("unzipped_mb")
        raise InputError(msg(f"the workbook unpacks to {mb} MB, more than {cap} MB",
                             f"arbeidsboken pakkes ut til {mb} MB, mer enn {cap} MB"), file=name, code="too-large",
                         hint=msg(f"remove what is not the inventory, or raise the limit with {en}",
                                  f"fjern det som ikke hører til systemoversikten, eller øk grensen med {nb}"))
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for broken packages
        raise InputError(msg(f"the workbook cannot be read ({exc})", f"arbeidsboken kan ikke leses ({exc})"), file=name,
                         hint=msg("open and save it again in Excel or LibreOffice",
                                  "åpne og lagre den på nytt i Excel eller LibreOffice")) from exc


def sheet_rows(ws, file: str, title: str) -> list[tuple]:
    """The rows of a sheet, refusing a sheet that claims more than limit("rows") rows or limit("columns") columns
    (a stray cell at XFD1048576 makes a sheet claim 17 billion cells) before reading any; a sheet whose XML is
    broken is a located error."""
    from openpyxl.utils import get_column_letter

    max_rows, max_cols = limit("rows"), limit("columns")
    try:
        claimed_rows, claimed_cols = ws.max_row, ws.max_column
        if claimed_cols and claimed_cols > max_cols:
            letter, (en, nb) = get_column_letter(claimed_cols), how_to_raise("columns")
            raise InputError(msg(f"the sheet reaches column {letter} ({claimed_cols} columns), more than {max_cols}",
                                 f"arket går til kolonne {letter} ({claimed_cols} kolonner), mer enn {max_cols}"),
                             file=file, sheet=title, code="too-large",
                             hint=msg(f"delete stray cells right of the inventory, or raise the limit with {en}",
                                      f"slett løse celler til høyre for systemoversikten, eller øk grensen med {nb}"))
        en, nb = how_to_raise("rows")
        if claimed_rows and claimed_rows > max_rows:
            raise InputError(msg(f"the sheet reaches row {claimed_rows}, more than {max_rows}",
                                 f"arket går til rad {claimed_rows}, mer enn {max_rows}"), file=file, sheet=title,
                             code="too-large", hint=msg(f"delete stray cells below the inventory, or raise the limit with {en}",
                                                        f"slett løse celler under systemoversikten, eller øk grensen med {nb}"))
        rows = []
        for r in ws.iter_rows(values_only=True, max_col=min(claimed_cols or max_cols, max_cols)):
            if len(rows) >= max_rows:
                raise InputError(msg(f"the sheet has more than {max_rows} rows", f"arket har mer enn {max_rows} rader"),
                                 file=file, sheet=title, row=max_rows + 1,
                                 code="too-large", hint=msg(f"raise the limit with {en}", f"øk grensen med {nb}"))
            rows.append(r)
        return rows
    except InputError:
        raise
    except Exception as exc:  # broken sheet XML, a bad shared string …
        why = f"{type(exc).__name__}: {str(exc)[:120]}"
        raise InputError(msg(f"the sheet cannot be read ({why})", f"arket kan ikke leses ({why})"), file=file, sheet=title,
                         hint=msg("open and save the workbook again in Excel or LibreOffice",
                                  "åpne og lagre arbeidsboken på nytt i Excel eller LibreOffice")) from None


def read_xlsx(path: Path, raw: RawInventory) -> None:
    name = str(path)
    try:
        wb = open_workbook(path)
    except InputError as exc:
        raw.errors.append(exc)
        return
    try:
        for ws in wb.worksheets:
            title = ws.title.strip()
            if _is_doc_sheet(title):
                continue  # documentation and value-list sheets of the template
            sheet = _sheet(title, name, raw)
            if sheet is None:
                continue
            try:
                rows = sheet_rows(ws, name, title)
            except InputError as exc:
                raw.errors.append(exc)
                continue
            if sheet == "meta":
                _meta(raw, [(i, r[0], _cell(r[1]) if len(r) > 1 else None) for i, r in enumerate(rows, start=1) if r],
                      file=name, title=title)
                continue
            if not rows:
                raw.add_rows(sheet, [], file=name, title=title)
                continue
            raw.add_rows(sheet, _table(raw, SHEETS_BY_NAME[sheet], rows, file=name, title=title, letters=True),
                         file=name, title=title)
    finally:
        wb.close()


# --- CSV -------------------------------------------------------------------------------------------

# Bytes Windows-1252 leaves undefined: a file holding one is neither UTF-8 nor Windows-1252.
CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-bom": "UTF-8 with BOM", "cp1252": "Windows-1252", "utf-16": "UTF-16"}
_UTF8_HINT = msg("save the file as UTF-8 (in Excel: 'CSV UTF-8'); ITS-forskriften § 8 asks for UTF-8 in exchange too",
                 "lagre filen som UTF-8 (i Excel: 'CSV UTF-8'); ITS-forskriften § 8 krever UTF-8 også ved utveksling")


def decode_bytes(data: bytes, file: str, *, windows: bool = True) -> tuple[str, str]:
    """Decode a text file: UTF-8 (with or without BOM) first, then — only when every byte is defined
    there — Windows-1252, what Excel on a Norwegian Windows saves as "CSV". Returns (text, encoding)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and windows:
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    bom = data.startswith(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8-sig"), "utf-8-bom" if bom else "utf-8"
    except UnicodeDecodeError as exc:
        first = exc
    if windows and not bom:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            byte = f"0x{data[exc.start]:02x}"
            raise InputError(
                msg(f"the file is neither UTF-8 nor Windows-1252: byte {byte} (line {line}, "
                    f"character {col}) is not a character in Windows-1252",
                    f"filen er verken UTF-8 eller Windows-1252: byte {byte} (linje {line}, "
                    f"tegn {col}) er ikke et tegn i Windows-1252"),
                file=file, line=line, value=byte, code="encoding", hint=_UTF8_HINT,
            ) from exc
    line = data.count(b"\n", 0, first.start) + 1
    byte = f"0x{data[first.start]:02x}"
    raise InputError(
        msg(f"the file is not UTF-8 (byte {byte} at byte {first.start})",
            f"filen er ikke UTF-8 (byte {byte} i posisjon {first.start})"),
        file=file, line=line, value=byte, code="encoding", hint=_UTF8_HINT,
    ) from first


def _decode(path: Path) -> str:
    """A UTF-8 text file (JSON, Turtle: their formats are UTF-8), or a located InputError."""
    return decode_bytes(path.read_bytes(), str(path), windows=False)[0]


def sniff_delimiter(text: str) -> str:
    """';', ',' or tab: the one the header row (outside quotes) holds most of; ',' for a one-column file."""
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    outside = re.sub(r'"[^"]*"', "", first)
    counts = {d: outside.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])  # ties: ';' before tab before ','
    return best if counts[best] else ","


def read_csv(path: Path, raw: RawInventory) -> None:
    name = str(path)
    try:
        text, encoding = decode_bytes(path.read_bytes(), name)
    except InputError as exc:
        raw.errors.append(exc)
        return
    raw.encodings[path.name] = encoding
    sheet = _sheet(path.stem, name, raw)
    if sheet is None:
        return
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:  # unprotect: undo the exporter's formula protection (cells.py)
        rows = [[unprotect(c) for c in r] for r in reader]
    except csv.Error as exc:  # a cell longer than the csv module's field limit, a NUL byte …
        raw.error(msg(f"the CSV cannot be read: {exc}", f"CSV-filen kan ikke leses: {exc}"), "csv", file=name,
                  line=reader.line_num, hint=msg("a cell of an inventory is a short text; check the quoting at that line",
                                                 "en celle i en systemoversikt er en kort tekst; "
                                                 "sjekk anførselstegnene på den linjen"))
        return
    if sheet == "meta":
        _meta(raw, [(i, r[0], r[1] if len(r) > 1 else None) for i, r in enumerate(rows, start=1) if r],
              file=name, title=path.stem)
        return
    if not rows:
        raw.error(msg("the file has no header row", "filen har ingen overskriftsrad"), "no-header", file=name, row=1,
                  hint=msg("the first row names the columns", "den første raden gir navnene på kolonnene"))
        return
    raw.add_rows(sheet, _table(raw, SHEETS_BY_NAME[sheet], rows, file=name, title=path.stem, letters=True,
                               delimiter=delimiter), file=name, title=path.stem)


# --- JSON ------------------------------------------------------------------------------------------


def read_json(path: Path, raw: RawInventory) -> None:
    name = str(path)
    try:
        text, encoding = decode_bytes(path.read_bytes(), name, windows=False)
        raw.encodings[path.name] = encoding
        doc = json.loads(text)
    except InputError as exc:
        raw.errors.append(exc)
        return
    except json.JSONDecodeError as exc:
        why = _JSON_NB.get(exc.msg, exc.msg)
        raw.error(msg(f"invalid JSON: {exc.msg} (column {exc.colno})", f"ugyldig JSON: {why} (kolonne {exc.colno})"),
                  "json", file=name, line=exc.lineno,
                  hint=msg("fix the JSON syntax at that place", "rett JSON-syntaksen på det stedet"))
        return
    except RecursionError:
        raw.error(msg("the JSON is nested too deeply to be an inventory",
                      "JSON-en er nestet for dypt til å være en systemoversikt"), "json", file=name,
                  hint=msg("an inventory is an object of lists of flat rows (see the template)",
                           "en systemoversikt er et objekt med lister av flate rader (se malen)"))
        return
    if not isinstance(doc, dict):
        raw.error(msg("the top level must be an object with the keys meta, systems, interfaces, integrations",
                      "øverste nivå må være et objekt med nøklene meta, systems, interfaces, integrations"), "json",
                  file=name)
        return
    for key, value in doc.items():
        if key.startswith("@") or key == "$schema":
            continue
        sheet = _sheet(key, name, raw)
        if sheet is None:
            continue
        if sheet == "meta":
            if not isinstance(value, dict):
                raw.error(msg("'meta' must be an object", "'meta' må være et objekt"), "json", file=name, element=key)
                continue
            names = aliases.meta_names()
            for k, v in value.items():
                if names.get(k) is None:
                    near = names.suggest(k)
                    raw.error(msg(f"unknown meta entry '{k}'", f"ukjent meta-oppføring '{k}'"), "unknown-meta", file=name,
                              element=f"{key}.{k}", value=k,
                              hint=_mean(near, "the entries are " + ", ".join(META_KEYS),
                                         "oppføringene er " + ", ".join(META_KEYS)))
                    continue
                if isinstance(v, (dict, list)) or (isinstance(v, float) and v != v):
                    raw.error(msg(f"the meta entry '{k}' must be a text, a number or true/false",
                                  f"meta-oppføringen '{k}' må være en tekst, et tall eller true/false"), "json", file=name,
                              element=f"{key}.{k}", value=str(v)[:80], hint=msg("write one value", "skriv én verdi"))
                    continue
                raw.meta[names.get(k)] = v
                raw.meta_where[names.get(k)] = {"file": name, "element": f"{key}.{k}"}
            raw.meta_file = name
            continue
        if not isinstance(value, list):
            raw.error(msg(f"'{key}' must be a list of objects", f"'{key}' må være en liste av objekter"), "json", file=name,
                      element=key)
            continue
        names = aliases.column_names(sheet)
        known: dict[str, str | None] = {}
        taken: dict[str, str] = {}
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raw.error(msg("each entry must be an object", "hver oppføring må være et objekt"), "json", file=name,
                          sheet=key, row=i + 1, element=f"{key}[{i}]")
                continue
            values, headers = {}, {}
            for k, v in item.items():
                if k not in known:  # each key reported once per list, where it first occurs
                    col = names.get(k)
                    where = {"file": name, "sheet": key, "row": i + 1, "column": k, "element": f"{key}[{i}].{k}"}
                    if col is None:
                        near = names.suggest(k)
                        raw.error(msg(f"unknown column '{k}'", f"ukjent kolonne '{k}'"), "unknown-column", value=k,
                                  hint=_mean(near, "docs/inventory-columns.md lists every column",
                                             "docs/inventory-columns.md viser alle kolonnene"),
                                  **where)
                    elif col in taken and taken[col] != k:
                        raw.error(msg(f"the keys '{taken[col]}' and '{k}' both mean '{col}'",
                                      f"nøklene '{taken[col]}' og '{k}' betyr begge '{col}'"), "duplicate-column", value=k,
                                  hint=msg("use one of them", "bruk én av dem"), **where)
                        col = None
                    else:
                        taken[col] = k
                    known[k] = col
                if known[k] is not None:
                    values[known[k]] = v
                    headers[known[k]] = (k, None)
            out.append(Row(values, name, key, i + 1, headers))
        raw.add_rows(sheet, out, file=name, title=key)


TABULAR_READERS: dict[str, Callable[[Path, RawInventory], None]] = {
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
    ".csv": read_csv,
    ".json": read_json,
}

RDF_FORMATS = {".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt", ".trig": "trig"}

#: The json module's messages a broken file most often meets, in bokmål (any other is shown as it is).
_JSON_NB = {"Expecting value": "forventet en verdi",
            "Expecting property name enclosed in double quotes": "forventet et nøkkelnavn i doble anførselstegn",
            "Expecting ',' delimiter": "forventet skilletegnet ','", "Expecting ':' delimiter": "forventet skilletegnet ':'",
            "Extra data": "mer innhold etter slutten av JSON-dokumentet",
            "Unterminated string starting at": "tekst uten avsluttende anførselstegn, som begynner ved",
            "Invalid control character at": "ugyldig kontrolltegn ved"}

#: Every form an import accepts, as the hint for a file it does not know.
ACCEPTED_FORMS = msg("import reads .xlsx/.xlsm workbooks, .csv files or a folder of them (meta, systems, interfaces, "
                     "integrations) or a .zip of such a folder, .json, Turtle .ttl, N-Triples .nt, TriG .trig, JSON-LD .jsonld, ArchiMate exchange "
                     ".xml or .archimate, and Archi CSV (elements.csv, relations.csv, properties.csv)",
                     "import leser .xlsx/.xlsm-arbeidsbøker, .csv-filer eller en mappe med slike (meta, systems, interfaces, "
                     "integrations) eller en .zip av en slik mappe, .json, Turtle .ttl, N-Triples .nt, TriG .trig, JSON-LD .jsonld, ArchiMate-utvekslingsfiler "
                     ".xml eller .archimate, og Archi-CSV (elements.csv, relations.csv, properties.csv)")


def expand(files: list[Path]) -> list[Path]:
    """A directory stands for the inventory files in it (meta.csv, systems.csv ... or one workbook)."""
    out: list[Path] = []
    for f in files:
        if f.is_dir():
            found = sorted(
                p for p in f.iterdir()
                if (p.suffix.lower() in TABULAR_READERS or p.suffix.lower() in RDF_FORMATS)
                and not _is_doc_sheet(p.stem)  # documentation beside the data (templates)
            )
            if not found:
                raise InputError(msg("the folder holds no inventory files (.xlsx, .csv, .json, .ttl, .jsonld)",
                                     "mappen inneholder ingen systemoversiktsfiler (.xlsx, .csv, .json, .ttl, .jsonld)"),
                                 file=str(f))
            out.extend(found)
        else:
            out.append(f)
    return out


ZIP_MEMBERS = 1_000  # at most this many files in a zip of inventory files


def _zip_of_inventory_files(path: Path) -> bool:
    """Whether PATH is a .zip to unpack as a folder of inventory files (an Archi CSV zip is read as it is, by
    ea_repo/interop)."""
    if path.suffix.lower() != ".zip" or not path.is_file() or not zipfile.is_zipfile(path):
        return False
    from ..interop.archi_csv import kind_of

    with zipfile.ZipFile(path) as z:
        return not any(kind_of(n) for n in z.namelist())


def _unzip(path: Path, into: Path) -> list[Path]:
    """The inventory files of the zip PATH as import reads them from a folder, unpacked into the folder INTO (by their
    file names only: nothing is written outside it), within the limits on unpacked size and number of files."""
    name = str(path)
    with zipfile.ZipFile(path) as z:
        members = [i for i in z.infolist() if not i.is_dir() and not Path(i.filename).name.startswith(".")
                   and not i.filename.startswith("__MACOSX/")]
        cap = limit("unzipped_mb")
        if len(members) > ZIP_MEMBERS or sum(i.file_size for i in members) > cap * 2**20:
            en, nb = how_to_raise("unzipped_mb")
            raise InputError(msg(f"the zip holds more than {ZIP_MEMBERS} files or {cap} MB unpacked",
                                 f"zip-filen har mer enn {ZIP_MEMBERS} filer eller {cap} MB utpakket"), file=name,
                             code="too-large", hint=msg(f"zip only the inventory's files, or raise the limit with {en}",
                                                        f"pakk bare filene i systemoversikten, eller øk grensen med {nb}"))
        out: dict[str, Path] = {}
        for info in members:
            base = Path(info.filename.replace("\\", "/")).name
            if base in out:
                raise InputError(msg(f"the zip holds two files named '{base}'", f"zip-filen har to filer som heter '{base}'"),
                                 file=name, hint=msg("zip one inventory at a time", "pakk én systemoversikt om gangen"))
            target = into / base
            with z.open(info) as src, open(target, "wb") as dst:
                left = cap * 2**20
                while chunk := src.read(1 << 20):
                    left -= len(chunk)
                    if left < 0:  # a member that unpacks to more than it claims
                        en, nb = how_to_raise("unzipped_mb")
                        raise InputError(msg(f"the zip unpacks to more than {cap} MB", f"zip-filen pakkes ut til mer enn {cap} MB"),
                                         file=name, code="too-large",
                                         hint=msg(f"zip only the inventory's files, or raise the limit with {en}",
                                                  f"pakk bare filene i systemoversikten, eller øk grensen med {nb}"))
                    dst.write(chunk)
            out[base] = target
    try:
        return expand([into])  # the files import reads from a folder
    except InputError:
        raise InputError(msg("the zip holds no inventory files (.xlsx, .csv, .json, .ttl, .jsonld)",
                             "zip-filen inneholder ingen systemoversiktsfiler (.xlsx, .csv, .json, .ttl, .jsonld)"),
                         file=name, hint=ACCEPTED_FORMS) from None


def with_zips_unpacked(files: list[Path], read: Callable[[list[Path]], object]):
    """READ(files) with every .zip of inventory files among FILES unpacked (unpacked()); the file names its errors
    give are written as ZIP!member."""
    from ..errors import EaRepoError, InputErrors, input_errors

    with unpacked([Path(f) for f in files]) as (files, shown):
        try:
            return read(files)
        except EaRepoError as exc:
            located = input_errors(exc)
            if not located or all(shown(e.file or "") == (e.file or "") for e in located):
                raise
            for e in located:
                e.file = shown(e.file) if e.file else e.file
            raise (InputErrors(located) if isinstance(exc, InputErrors) else located[0]) from None


@contextlib.contextmanager
def unpacked(files: list[Path]) -> Iterator[tuple[list[Path], Callable[[str], str]]]:
    """FILES with every .zip of inventory files (a zipped folder: meta.csv, systems.csv … or a workbook) replaced by
    the files in it, unpacked into a temporary folder while the block runs. Yields (files, shown): shown(text)
    writes a path inside that folder as ZIP!member, as messages name a file inside a zip."""
    zips = [f for f in files if _zip_of_inventory_files(f)]
    if not zips:
        yield files, lambda text: text
        return
    import shutil
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="ea-repo-unzip-"))
    try:
        names: dict[str, str] = {}
        out: list[Path] = []
        for i, f in enumerate(files):
            if f not in zips:
                out.append(f)
                continue
            folder = tmp / str(i)
            folder.mkdir()
            names[str(folder)] = str(f)
            out.extend(_unzip(f, folder))

        def shown(text: str) -> str:
            for folder, zip_name in names.items():
                text = text.replace(folder + "/", zip_name + "!")
            return text

        yield out, shown
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def read_tabular(files: list[Path], *, require_systems: bool = True) -> RawInventory:
    """Read every file; the problems of all of them are collected in RawInventory.errors.
    `require_systems=False` when the files are merged into a stored inventory (they may hold integrations only)."""
    raw = RawInventory(files=files)
    for f in files:
        if not _check_not_empty(f, raw):
            continue
        reader = TABULAR_READERS.get(f.suffix.lower())
        if reader is None:
            raw.error(msg(f"unknown file type '{f.suffix}'", f"ukjent filtype '{f.suffix}'"), "file", file=str(f),
                      hint=ACCEPTED_FORMS)
            continue
        reader(f, raw)
    if require_systems and not raw.errors and not raw.sheets.get("systems"):
        raw.error(
            msg("no systems found", "fant ingen systemer"), "no-systems",
            file=", ".join(str(f) for f in files),
            hint=msg("an inventory needs a 'systems' sheet (or systems.csv / a 'systems' list) with at least one row",
                     "en systemoversikt trenger et 'systems'-ark (eller systems.csv / en 'systems'-liste) med minst én rad"),
        )
    return raw
