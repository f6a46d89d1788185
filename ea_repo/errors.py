"""Errors a user can cause. Each says where (file, sheet, row, column or element) and what to do."""

from __future__ import annotations

from collections.abc import Iterable


class EaRepoError(Exception):
    """Base of every error the CLI reports as a message with exit code 2 (usage or input)."""

    exit_code = 2


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
        head = [str(self.file)] if self.file else []
        head += [f"sheet '{self.sheet}'"] if self.sheet else []
        return ", ".join([*head, *self.place()])

    def place(self) -> list[str]:
        """Where within the file and sheet: line, row, column (with its cell) and element."""
        parts = []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'" + (f" ({self.cell})" if self.cell else ""))
        if self.element:
            parts.append(f"element '{self.element}'")
        return parts

    def __str__(self) -> str:
        text = f"{self.where}: {self.problem}" if self.where else self.problem
        if self.hint:
            text += f" — {self.hint}"
        return text

    def as_dict(self) -> dict[str, object]:
        """The error as JSON-ready data: every location field, the problem and what to do."""
        value = self.value if self.value is None or isinstance(self.value, (str, int, float, bool)) else str(self.value)
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "column": self.column, "cell": self.cell,
                "element": self.element, "line": self.line, "value": value, "code": self.code,
                "problem": self.problem, "hint": self.hint}


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
        if len(self.errors) == 1:
            return str(self.errors[0])
        lines = [f"{len(self.errors)} problems in the input; nothing was written. Correct them all and run again:"]
        groups: dict[tuple[str, str], list[InputError]] = {}
        for e in self.errors:
            groups.setdefault((e.file or "", e.sheet or ""), []).append(e)
        for (file, sheet), errs in groups.items():
            head = ", ".join(p for p in (file, f"sheet '{sheet}'" if sheet else "") if p)
            lines.append(f"{head}:" if head else "(no file):")
            shown: dict[tuple, list[InputError]] = {}
            for e in errs:
                shown.setdefault((e.column or "", e.code or e.problem.split("'")[0]), []).append(e)
            for same in shown.values():
                for e in same[: self.cap]:
                    lines.append("  " + _short(e))
                rest = same[self.cap:]
                if rest:
                    rows = [e.row for e in rest if e.row is not None]
                    span = f" (rows {min(rows)}–{max(rows)})" if rows else ""
                    col = f" in column '{same[0].column}'" if same[0].column else ""
                    lines.append(f"  … and {len(rest)} more of the same kind{col}{span}; --format json lists them all")
        return "\n".join(lines)


def _short(e: InputError) -> str:
    """One error without its file and sheet (the group heading names them)."""
    parts = e.place()
    text = f"{', '.join(parts)}: {e.problem}" if parts else e.problem
    return text + (f" — {e.hint}" if e.hint else "")


def input_errors(exc: EaRepoError) -> list[InputError]:
    """The located errors an exception carries (one for an InputError)."""
    if isinstance(exc, InputErrors):
        return exc.errors
    if isinstance(exc, InputError):
        return [exc]
    return []


class UsageError(EaRepoError):
    """A wrong command-line request: unknown kommune, empty repository, conflicting options."""
