"""Writing what a command makes (--out FILE, --out FOLDER): one helper for every writer.

A file is written to ``NAME.part`` beside it and renamed into place, so a reader never sees half a file and an
interrupted write leaves the old file as it was; the ``.part`` file is removed when the write fails. An
operating-system failure (missing folder, a folder where a file is wanted, no permission, a full disk) becomes a
UsageError naming the path and what to do, never a traceback.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path

from .errors import UsageError
from .i18n import msg

_WHAT = {errno.ENOSPC: ("the disk is full", "disken er full"), errno.EDQUOT: ("the disk quota is used up", "diskkvoten er brukt opp"),
         errno.EROFS: ("the file system is read-only", "filsystemet er skrivebeskyttet"),
         errno.EACCES: ("permission denied", "ingen tilgang"), errno.EPERM: ("permission denied", "ingen tilgang"),
         errno.EISDIR: ("it is a folder", "det er en mappe"),
         errno.ENOTDIR: ("a part of the path is a file, not a folder", "en del av stien er en fil, ikke en mappe"),
         errno.ENOENT: ("the folder does not exist", "mappen finnes ikke")}


def os_problem(exc: OSError, path: Path | str, doing: str = "write") -> UsageError:
    """An OSError as a message that names the path (the CLI's error boundary uses it too)."""
    other = exc.strerror or str(exc)
    what, what_nb = _WHAT.get(exc.errno or 0, (other, other))
    if doing == "write":
        return UsageError(msg(f"cannot write {path}: {what}; choose another --out or free the space, and run again",
                              f"kan ikke skrive {path}: {what_nb}; velg en annen --out eller frigjør plass, og kjør på nytt"))
    return UsageError(msg(f"cannot {doing} {path}: {what}; check the path and its permissions",
                          f"kan ikke bruke {path}: {what_nb}; sjekk stien og tilgangene til den"))


def write_file(path: Path | str, data: str | bytes | Iterable[str]) -> Path:
    """Write one file atomically (through PATH.part); OS errors as UsageError, no .part left behind. DATA may come
    as text parts (a national check's JSON), each encoded and written as it comes."""
    path = Path(path)
    if path.is_dir():
        raise UsageError(msg(f"cannot write {path}: it is a folder; give a file name",
                             f"kan ikke skrive {path}: det er en mappe; oppgi et filnavn"))
    if not path.parent.is_dir():
        raise UsageError(msg(f"cannot write {path}: the folder {path.parent} does not exist; create it first",
                             f"kan ikke skrive {path}: mappen {path.parent} finnes ikke; opprett den først"))
    tmp = path.with_name(path.name + ".part")
    try:
        with open(tmp, "wb") as fh:
            if isinstance(data, (str, bytes)):
                fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            else:
                for part in data:
                    fh.write(part.encode("utf-8"))
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise os_problem(exc, path) from None
    except BaseException:  # the parts failed (or an interrupt) half-way: nothing half written stays
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_files(folder: Path | str, files: dict[str, str | bytes]) -> list[Path]:
    """Write several files into a folder (created if missing), each atomically, in name order."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UsageError(msg(f"cannot write into {folder}: it is a file; give a folder",
                             f"kan ikke skrive i {folder}: det er en fil; oppgi en mappe"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_problem(exc, folder) from None
    return [write_file(folder / name, data) for name, data in sorted(files.items())]


def excel_csv(text: str) -> str:
    """A comma CSV as a Norwegian Excel opens it right: semicolons (Excel's list separator where the decimal
    sign is a comma), CRLF line ends and a UTF-8 byte order mark (else æ, ø and å come out garbled). Cells are
    kept as they are (formula neutralisation included); `ea-repo import` reads this form back."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerows(csv.reader(io.StringIO(text, newline="")))
    return "\ufeff" + buf.getvalue()
