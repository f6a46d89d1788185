"""Writers for a plan (text table, JSON, XLSX) and the reader of an edited XLSX. Pure: a Plan in, text or bytes
out; dispatch by format through WRITERS. The HTML page is ea_repo/plan/page.py, in the report."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from pathlib import Path

from ..errors import InputError, InputErrors
from ..i18n import msg
from .actions import CLOSED, STATUSES, Action, Decision, Plan
from .texts import TEXTS, texts

#: the XLSX sheet's columns; the kommune edits the first four after the id, the rest say what the action is
EDITABLE = ("owner", "year", "cost", "status")
COLUMNS = ("id", *EDITABLE, "title", "rule", "kind", "severity", "deadline", "deadline_kind", "legal_basis",
           "contract_end", "effort", "subjects", "remedy")
SHEET, META_SHEET = "plan", "meta"
MAX_TEXT = 200  # an owner longer than this is a mistake (a pasted paragraph)


def _kind(a: Action, t: dict) -> str:
    return t.get(f"kind_{a.deadline_kind}", "") if a.deadline_kind else ""


def to_table(plan: Plan, lang: str = "nb") -> str:
    t = texts(lang)
    head = (t["year"], t["id"], t["owner"], t["deadline"], t["effort"], t["status"], t["action"])
    rows = []
    for a in plan.actions:
        when = ""
        if a.deadline:
            when = f"{a.deadline} ({_kind(a, t)}{', ' + t['overdue'] if a.overdue else ''})"
        rows.append((str(a.year), a.id, a.owner or t["none"], when or t["none"], t[f"effort_{a.effort}"],
                     t[f"status_{a.status}"], a.label(lang)))
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(head)]
    widths[-1] = len(head[-1])
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()  # noqa: E731
    s = plan.summary()
    out = [f"{t['title']} {plan.kommune} {t['years'].format(first=plan.start.year, last=plan.last_year)}: "
           f"{s['actions']} {t['n_actions'].lower()}, {s['fix']} {t['n_fix']}, {s['document']} {t['n_document']}, "
           f"{s['deadlines']['legal']} {t['n_legal']}, {s['overdue']} {t['n_overdue']}, {s['closed']} {t['n_closed']}",
           "", line(head), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    if plan.closed:
        out += ["", f"{t['status_closed'].capitalize()}:"]
        out += [f"  {a.id}  {t['closed_at']} {(a.closed_at or '')[:10] or t['none']}" for a in plan.closed]
    return "\n".join(out) + "\n"


def to_json(plan: Plan, lang: str = "nb") -> str:
    return json.dumps(plan.as_dict(lang), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _cell_value(a: Action, name: str, lang: str, t: dict):
    if name == "title":
        return a.label(lang)
    if name == "subjects":
        return "; ".join(label for _, label in a.subjects)
    if name == "remedy":
        return a.remedy.get(lang) or a.remedy.get("nb") or ""
    if name == "deadline_kind":
        return _kind(a, t)
    if name == "effort":
        return t[f"effort_{a.effort}"]
    v = getattr(a, name)
    return v if v is not None else None


def to_xlsx(plan: Plan, lang: str = "nb") -> bytes:
    """The plan as a workbook to edit (owner, year, cost, status) and read back with ``plan import``. Text is always
    a string cell (never a formula); the bytes depend on the plan only (no clock)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..inventory.cells import xlsx_append
    from ..inventory.export import _EPOCH, _without_clock

    t = texts(lang)
    wb = Workbook()
    wb.properties.creator = "ea-repo"
    stamp = dt.datetime.combine(plan.start, dt.time())
    wb.properties.created = wb.properties.modified = stamp
    ws = wb.active
    ws.title = SHEET
    ws.append(list(COLUMNS))
    bold, edit = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
    for cell in ws[1]:
        cell.font = bold
        if cell.value in EDITABLE:
            cell.fill = edit
    for a in plan.actions:
        xlsx_append(ws, [_cell_value(a, c, lang, t) for c in COLUMNS])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    status = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True)
    ws.add_data_validation(status)
    status.add(f"E2:E{max(ws.max_row, 2)}")
    ws.freeze_panes = "B2"
    for j, name in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width = 40 if name in ("title", "subjects", "remedy") else 16
    meta = wb.create_sheet(META_SHEET)
    for k, v in (("kommune", plan.kommune), ("from", plan.start.isoformat()), ("years", plan.years),
                 ("checked_at", plan.checked_at), ("catalog_version", plan.catalog_version), ("lang", lang)):
        xlsx_append(meta, [k, v])
    buf = io.BytesIO()
    wb.save(buf)
    return _without_clock(buf.getvalue(), stamp if stamp > _EPOCH else _EPOCH)


WRITERS = {"table": to_table, "json": to_json, "xlsx": to_xlsx}
BINARY = {"xlsx"}


# --- reading an edited workbook ---------------------------------------------------------------------

_STATUS_WORDS = {w: s for lang in TEXTS.values() for s in STATUSES for w in (s, lang[f"status_{s}"])}


def _status(value, where: dict) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    got = _STATUS_WORDS.get(str(value).strip().lower())
    if got is None:
        raise InputError(msg(f"'{value}' is not a status", f"'{value}' er ikke en status"), **where, value=value,
                         code="bad-status", hint=msg(f"write one of {', '.join(STATUSES)}",
                                                     f"skriv en av {', '.join(STATUSES)}"))
    return got


def _year(value, where: dict, plan: Plan) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    year = None
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        year = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        year = int(value.strip())
    if year is None or not 2000 <= year <= 2100:
        raise InputError(msg(f"'{value}' is not a year", f"'{value}' er ikke et årstall"), **where, value=value,
                         code="bad-year", hint=msg(f"write a year such as {plan.start.year}",
                                                   f"skriv et årstall som {plan.start.year}"))
    return year


def _cost(value, where: dict) -> float | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        cost = float(value) if isinstance(value, int | float) else float(str(value).replace(" ", "").replace(",", "."))
    except ValueError:
        cost = None
    if cost is None or cost < 0 or cost != cost:
        raise InputError(msg(f"'{value}' is not a cost (a number of kroner, 0 or more)",
                             f"'{value}' er ikke en kostnad (et antall kroner, 0 eller mer)"), **where, value=value,
                         code="bad-cost", hint=msg("write a number such as 150000, or leave the cell empty",
                                                   "skriv et tall som 150000, eller la cellen stå tom"))
    return cost


def _owner(value, where: dict) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        raise InputError(msg(f"the owner is {len(text)} characters long, more than {MAX_TEXT}",
                             f"ansvarlig er {len(text)} tegn lang, mer enn {MAX_TEXT}"), **where, code="too-long",
                         hint=msg("write a role or a name", "skriv en rolle eller et navn"))
    return text


def read_xlsx(path: Path, plan: Plan, *, by: str, at: str) -> tuple[dict[str, Decision], list[str]]:
    """The decisions an edited workbook makes about PLAN (only the cells that differ from the plan's values), and the
    ids of rows whose action is no longer in the plan (left as they are). Every mistake at once: InputErrors."""
    from openpyxl.utils import get_column_letter

    from ..inventory.readers import open_workbook, sheet_rows

    name = str(path)
    wb = open_workbook(path, "`ea-repo plan --format xlsx`")
    try:
        if SHEET not in wb.sheetnames:
            raise InputError(msg(f"the workbook has no sheet '{SHEET}' (it has: {', '.join(wb.sheetnames)})",
                                 f"arbeidsboken har ikke arket '{SHEET}' (den har: {', '.join(wb.sheetnames)})"), file=name,
                             hint=msg("import the workbook `ea-repo plan --format xlsx` wrote",
                                      "les inn arbeidsboken `ea-repo plan --format xlsx` skrev"))
        problems: list[InputError] = []
        if META_SHEET in wb.sheetnames:
            meta = {str(r[0]).strip(): r[1] for r in sheet_rows(wb[META_SHEET], name, META_SHEET) if r and r[0] is not None}
            if meta.get("kommune") is not None and str(meta["kommune"]).strip() != plan.kommune:
                problems.append(InputError(msg(f"the workbook is the plan of kommune {meta['kommune']}, not {plan.kommune}",
                                               f"arbeidsboken er handlingsplanen til kommune {meta['kommune']}, ikke {plan.kommune}"),
                                           file=name, sheet=META_SHEET, column="kommune",
                                           hint=msg("give the kommune the workbook was written for (--kommune)",
                                                    "oppgi kommunen arbeidsboken ble skrevet for (--kommune)")))
        rows = sheet_rows(wb[SHEET], name, SHEET)
    finally:
        wb.close()
    if not rows:
        raise InputErrors([InputError(msg("the sheet is empty", "arket er tomt"), file=name, sheet=SHEET)])
    head = [str(h).strip() if h is not None else "" for h in rows[0]]
    col = {h: i for i, h in enumerate(head) if h}
    for need in ("id", *EDITABLE):
        if need not in col:
            problems.append(InputError(msg(f"the sheet has no column '{need}'", f"arket mangler kolonnen '{need}'"),
                                       file=name, sheet=SHEET, row=1, column=need,
                                       hint=msg(f"keep the header row as written: {', '.join(COLUMNS)}",
                                                f"behold overskriftsraden slik den ble skrevet: {', '.join(COLUMNS)}")))
    if problems:
        raise InputErrors(problems)
    actions = {a.id: a for a in plan.actions}
    decisions: dict[str, Decision] = {}
    gone: list[str] = []
    seen: dict[str, int] = {}
    for n, row in enumerate(rows[1:], start=2):
        cells = list(row) + [None] * (len(head) - len(row))
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        ident = str(cells[col["id"]] or "").strip()

        def where(c: str, n: int = n) -> dict:
            return {"file": name, "sheet": SHEET, "row": n, "column": c, "cell": f"{get_column_letter(col[c] + 1)}{n}"}

        if not ident:
            problems.append(InputError(msg("the row has no action id", "raden mangler tiltakets id"), **where("id"),
                                       code="no-id", hint=msg("keep the id column as written", "behold id-kolonnen slik den ble skrevet")))
            continue
        if ident in seen:
            problems.append(InputError(msg(f"action '{ident}' is also on row {seen[ident]}",
                                           f"tiltaket '{ident}' står også på rad {seen[ident]}"), **where("id"),
                                       code="duplicate", hint=msg("keep one row per action", "behold én rad per tiltak")))
            continue
        seen[ident] = n
        got = {}
        for c, parse in (("owner", _owner), ("status", _status), ("cost", _cost)):
            try:
                got[c] = parse(cells[col[c]], where(c))
            except InputError as exc:
                problems.append(exc)
        try:
            got["year"] = _year(cells[col["year"]], where("year"), plan)
        except InputError as exc:
            problems.append(exc)
        a = actions.get(ident)
        if a is None:
            gone.append(ident)
            continue
        change = {k: v for k, v in got.items() if v is not None and v != getattr(a, k)}
        if change.get("status") == CLOSED:
            change.pop("status")
        if change:
            decisions[ident] = Decision(ident, title=a.label("nb"), by=by, at=at, **{
                k: change.get(k, getattr(a, k) if k in a.edited else None) for k in EDITABLE})
    if problems:
        raise InputErrors(problems)
    return decisions, gone


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
