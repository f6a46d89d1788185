"""Compiled reference data, cached per digest of the files it is made from.

Parsing the catalogue (20,000 triples of Turtle) and the 49 rule files into rdflib takes seconds; every
command used to pay that again. What the commands need from them is built once, on first use, into a
ready form (N-Triples for a bulk load into pyoxigraph, JSON for the rule registry and the look-ups) and
kept in a folder named by a digest of the tool version, of every ontology, catalogue and shape file, and of
the modules that build the entries (BUILDERS). Editing any of those files gives a new digest, so a stale
entry is never read.

The folder is ``$EA_REPO_CACHE``, else ``$XDG_CACHE_HOME/ea-repo``, else ``~/.cache/ea-repo``. Entries are
written atomically (a temporary file renamed into place), so concurrent commands never read half an
entry; where the folder cannot be written, the data are built in memory each time and nothing fails.
The cache holds only what this module derives from the shipped files, never inventory data.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from . import __version__, paths

ENV = "EA_REPO_CACHE"
FORMAT = 2  # bump when the layout of an entry changes (2: flag rules, ea_repo/ruleshape.py)
# the modules whose code builds the entries: a change to one of them is a new digest too (an edited rule
# expansion never reads the entries the old code made)
BUILDERS = ("compiled.py", "rules.py", "ruleshape.py", "registry.py", "catalog.py", "cooperation.py", "engines.py")


def source_files() -> list[Path]:
    """Every file a cached entry may derive from, in a fixed order."""
    out: list[Path] = []
    for folder in (paths.ontology_dir(), paths.catalog_dir(), paths.shapes_dir()):
        out += sorted(folder.glob("*.ttl"))
    return out


@cache
def digest() -> str:
    h = hashlib.sha256(f"ea-repo {__version__} cache {FORMAT}\n".encode())
    root = paths.data_root()
    code = Path(__file__).parent
    for f in [*source_files(), *(code / name for name in BUILDERS)]:
        h.update(str(f.relative_to(root) if f.is_relative_to(root) else f.name).encode() + b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def base_folder() -> Path:
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "ea-repo"


def folder() -> Path:
    return base_folder() / digest()[:20]


def entry(name: str, build: Callable[[], bytes]) -> bytes:
    """The cached bytes of ``name``, built with ``build()`` and stored when absent (or unreadable)."""
    path = folder() / name
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only or full disk: the data are correct, just not kept
    return data


def json_entry(name: str, build: Callable[[], object]):
    """A JSON entry (``build`` returns plain lists, dicts, strings, numbers)."""

    def encoded() -> bytes:
        return json.dumps(build(), ensure_ascii=False, sort_keys=True).encode("utf-8")

    try:
        return json.loads(entry(name, encoded))
    except ValueError:  # a damaged entry: rebuild it
        (folder() / name).unlink(missing_ok=True)
        return json.loads(entry(name, encoded))


def sorted_ntriples(g) -> bytes:
    """An rdflib graph as N-Triples, one line per triple, sorted (the same bytes on every run)."""
    lines = g.serialize(format="nt", encoding="utf-8").splitlines()
    return b"".join(sorted({ln + b"\n" for ln in lines if ln.strip()}))
