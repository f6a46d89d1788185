"""Errors a user can cause. Each says where (file, sheet, row, column or element) and what to do."""

from __future__ import annotations


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
    ):
        self.problem = problem
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.element = element
        self.line = line
        self.hint = hint
        super().__init__(str(self))

    @property
    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(str(self.file))
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        if self.element:
            parts.append(f"element '{self.element}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.where}: {self.problem}" if self.where else self.problem
        if self.hint:
            text += f" — {self.hint}"
        return text


class UsageError(EaRepoError):
    """A wrong command-line request: unknown kommune, empty repository, conflicting options."""
