"""Formula injection in CSV cells, neutralised in a way the importer undoes exactly.

A spreadsheet program runs a cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (and some run one that
starts with a tab or carriage return) as a formula. Every CSV file ea-repo writes passes its text cells through
``protect``, which puts an apostrophe in front of such a text; the inventory reader passes every CSV cell
through ``unprotect``, which removes exactly that apostrophe. A text that itself starts with an apostrophe gets
one more in front, so ``unprotect(protect(s)) == s`` for every string (tests/test_roundtrip.py checks it).
XLSX needs none of this: the exporter writes text as string cells, which are never formulas.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MARK = "'"
_ESCAPED = (*FORMULA_START, _MARK)


def protect(text: str) -> str:
    """The text as a CSV cell that no spreadsheet program runs as a formula."""
    return _MARK + text if text.startswith(_ESCAPED) else text


def unprotect(text: str) -> str:
    """Undo ``protect``: drop one leading apostrophe when what follows it is one ``protect`` escapes."""
    return text[1:] if text.startswith(_MARK) and text[1:].startswith(_ESCAPED) else text


class _ProtectedWriter:
    """csv.writer whose text cells pass through protect() (numbers and blanks are written as they are)."""

    def __init__(self, writer):
        self._w = writer

    def writerow(self, row):
        return self._w.writerow([protect(c) if isinstance(c, str) else c for c in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(buf, **kwargs) -> _ProtectedWriter:
    """The CSV writer every CSV output uses (check, gaps, procurement comparison, merger plan): no cell it writes
    is run as a formula by a spreadsheet program."""
    import csv

    return _ProtectedWriter(csv.writer(buf, **kwargs))


def xlsx_append(ws, values) -> None:
    """Append a row to an openpyxl sheet with every text as a string cell (openpyxl would store '=…' as a formula)."""
    ws.append(values)
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"
