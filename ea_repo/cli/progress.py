"""Progress bars for long commands (many kommuner): kommuner done / total, rate and time left, drawn by rich on
the terminal's stderr. Nothing is drawn when stdout or stderr is not a terminal (a pipe, a file, CI) or with
--quiet, so machine output and logs stay clean."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def wanted(quiet: bool) -> bool:
    return not quiet and sys.stdout.isatty() and sys.stderr.isatty()


@contextmanager
def bar(label: str, quiet: bool = False) -> Iterator[Callable[[int, int, str], None] | None]:
    """A callback ``update(done, total, name)`` for the library's progress hooks, or None when no bar is wanted."""
    if not wanted(quiet):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), TextColumn("{task.fields[name]}"))
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=None, rate="", name="")

        def update(done: int, total: int, name: str) -> None:
            elapsed = progress.tasks[0].elapsed or 0.0
            rate = f"{done / elapsed:.1f}/s" if elapsed > 0 else ""
            progress.update(task, completed=done, total=total, rate=rate, name=name)

        yield update
