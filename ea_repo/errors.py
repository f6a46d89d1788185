"""Errors a user can cause. Each says where (file, sheet, row, column or element) and what to do, in English
(``str``) and in bokmål (``render("nb")``) where its texts are ``i18n.msg`` texts."""

from __future__ import annotations

from collections.abc import Iterable

from .i18n import text

# the words of a location and of the error list, per language
WORDS = {
    "en": {"sheet": "sheet", "line": "line", "row": "row", "rows": "rows", "column": "column", "element": "element",
           "problems": "{n} problems in the input; nothing was written. Correct them all and run again:",
           "more": "… and {n} more of the same kind{col}{span}; --format json lists them all", "in_column": " in column '{c}'",
           "no_file": "(no file)", "not_written": "those inventories were not written"},
    "nb": {"sheet": "ark", "line": "linje", "row": "rad", "rows": "rad", "column": "kolonne", "element": "element",
           "problems": "{n} feil i det som ble lest inn; ingenting ble skrevet. Rett alle og kjør på nytt:",
           "more": "… og {n} til av samme slag{col}{span}; --format json viser alle", "in_column": " i kolonnen '{c}'",
           "no_file": "(ingen fil)", "not_written": "de systemoversiktene ble ikke skrevet"},
}


class EaRepoError(Exception):
    """Base of every error the CLI reports as a message with exit code 2 (usage or input)."""

    exit_code = 2

    def render(self, lang: str = "en") -> str:
        """The message in LANG (bokmål where the raising code gave it, else English)."""
        return text(self.args[0], lang) if self.args else ""


class InputError(EaRepoError):
    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        element: str | None = None,
        line: int | None = None,
        hint: str | None = None,
        cell: str | None = None,
        value: object = None,
        code: str | None = None,
    ):
        self.problem = problem
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.element = element
        self.line = line
        self.hint = hint
        self.cell = cell  # spreadsheet cell reference, e.g. "D7"
        self.value = value  # the value as written, when the problem is a value
        self.code = code  # the kind of mistake (unknown-column, bad-value …): groups repeats
        super().__init__(str(self))

    @property
    def where(self) -> str:
        return self.where_in("en")

    def where_in(self, lang: str) -> str:
        w = WORDS[lang]
        head = [str(self.file)] if self.file else []
        head += [f"{w['sheet']} '{self.sheet}'"] if self.sheet else []
        return ", ".join([*head, *self.place(lang)])

    def place(self, lang: str = "en") -> list[str]:
        """Where within the file and sheet: line, row, column (with its cell) and element."""
        w = WORDS[lang]
        parts = []
        if self.line is not None:
            parts.append(f"{w['line']} {self.line}")
        if self.row is not None:
            parts.append(f"{w['row']} {self.row}")
        if self.column:
            parts.append(f"{w['column']} '{self.column}'" + (f" ({self.cell})" if self.cell else ""))
        if self.element:
            parts.append(f"{w['element']} '{self.element}'")
        return parts

    def render(self, lang: str = "en") -> str:
        where, problem = self.where_in(lang), text(self.problem, lang)
        out = f"{where}: {problem}" if where else problem
        if self.hint:
            out += f" — {text(self.hint, lang)}"
        return out

    def __str__(self) -> str:
        return self.render("en")

    def as_dict(self) -> dict[str, object]:
        """The error as JSON-ready data: every location field, the problem and what to do."""
        value = self.value if self.value is None or isinstance(self.value, (str, int, float, bool)) else str(self.value)
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "column": self.column, "cell": self.cell,
                "element": self.element, "line": self.line, "value": value, "code": self.code,
                "problem": self.problem, "hint": self.hint,
                "problem_nb": text(self.problem, "nb"), "hint_nb": text(self.hint, "nb") if self.hint else None}

    @classmethod
    def from_dict(cls, d: dict) -> InputError:
        """The error ``as_dict`` gave (an `ea-repo serve` answer, say), with its bokmål texts when they came along."""
        from .i18n import msg

        def both(en, nb):
            return None if en is None else msg(str(en), str(nb)) if nb else str(en)

        return cls(both(d.get("problem") or "", d.get("problem_nb")), hint=both(d.get("hint"), d.get("hint_nb")),
                   **{k: d.get(k) for k in ("file", "sheet", "row", "column", "element", "line", "cell", "value", "code")})


def _column_index(e: InputError) -> tuple[int, str]:
    """A column's position from its cell reference (D7 -> 4), so a sheet's errors read left to right."""
    letters = "".join(c for c in (e.cell or "") if c.isalpha())
    n = 0
    for c in letters.upper():
        n = n * 26 + ord(c) - 64
    return (n or 10_000, e.column or "")


def _order(e: InputError) -> tuple:
    return (e.file or "", e.sheet or "", e.row != 1, *_column_index(e), e.row or 0, e.line or 0, e.element or "",
            e.problem)


class InputErrors(EaRepoError):
    """Every mistake found in one run over the input files, each an InputError with its location.

    The text form groups them by file and sheet, then column, and shows at most `cap` of one kind in
    one column ("… and 212 more of the same kind"); `as_dicts()` keeps them all (for --format json).
    """

    cap = 5

    def __init__(self, errors: Iterable[InputError]):
        self.errors = sorted(errors, key=_order)
        super().__init__(str(self))

    def __len__(self) -> int:
        return len(self.errors)

    def as_dicts(self) -> list[dict[str, object]]:
        return [e.as_dict() for e in self.errors]

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: str = "en", *, written: bool = False) -> str:
        """Every error, grouped by file and sheet, at most ``cap`` of one kind in one column. WRITTEN: the
        others were written (import --each --keep-going), so the heading says which were not."""
        if len(self.errors) == 1:
            return self.errors[0].render(lang)
        w = WORDS[lang]
        head = w["problems"].format(n=len(self.errors))
        if written:
            head = head.replace("nothing was written" if lang == "en" else "ingenting ble skrevet", w["not_written"])
        lines = [head]
        groups: dict[tuple[str, str], list[InputError]] = {}
        for e in self.errors:
            groups.setdefault((e.file or "", e.sheet or ""), []).append(e)
        for (file, sheet), errs in groups.items():
            head = ", ".join(p for p in (file, f"{w['sheet']} '{sheet}'" if sheet else "") if p)
            lines.append(f"{head}:" if head else f"{w['no_file']}:")
            shown: dict[tuple, list[InputError]] = {}
            for e in errs:
                shown.setdefault((e.column or "", e.code or e.problem.split("'")[0]), []).append(e)
            for same in shown.values():
                for e in same[: self.cap]:
                    lines.append("  " + _short(e, lang))
                rest = same[self.cap:]
                if rest:
                    rows = [e.row for e in rest if e.row is not None]
                    span = f" ({w['rows']} {min(rows)}–{max(rows)})" if rows else ""
                    col = w["in_column"].format(c=same[0].column) if same[0].column else ""
                    lines.append("  " + w["more"].format(n=len(rest), col=col, span=span))
        return "\n".join(lines)


def _short(e: InputError, lang: str = "en") -> str:
    """One error without its file and sheet (the group heading names them)."""
    parts = e.place(lang)
    problem = text(e.problem, lang)
    out = f"{', '.join(parts)}: {problem}" if parts else problem
    return out + (f" — {text(e.hint, lang)}" if e.hint else "")


def input_errors(exc: EaRepoError) -> list[InputError]:
    """The located errors an exception carries (one for an InputError)."""
    if isinstance(exc, InputErrors):
        return exc.errors
    if isinstance(exc, InputError):
        return [exc]
    return []


class UsageError(EaRepoError):
    """A wrong command-line request: unknown kommune, empty repository, conflicting options."""


class ServerError(EaRepoError):
    """An `ea-repo serve` server refused a request or could not be reached (ea_repo/client.py); exit code 2."""
