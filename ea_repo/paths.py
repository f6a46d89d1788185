"""The one place that knows where the data folders (ontology, shapes, catalog, reports, examples) live.

In a wheel they sit inside the package (``ea_repo/ontology`` ...); in a source checkout or an
editable install they sit at the top of the repository. Nothing else in the code builds these paths.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent
DATA_FOLDERS = ("ontology", "shapes", "catalog", "reports", "examples")


@cache
def data_root() -> Path:
    for base in (_PKG, _PKG.parent):
        if all((base / name).is_dir() for name in DATA_FOLDERS):
            return base
    raise RuntimeError(
        f"ea-repo data folders {DATA_FOLDERS} not found beside {_PKG}; the installation is incomplete"
    )


def ontology_dir() -> Path:
    return data_root() / "ontology"


def shapes_dir() -> Path:
    return data_root() / "shapes"


def catalog_dir() -> Path:
    return data_root() / "catalog"


def reports_dir() -> Path:
    return data_root() / "reports"


def examples_dir() -> Path:
    """The example inventories (shipped in the wheel too, so `ea-repo demo` works after `pip install .`)."""
    return data_root() / "examples"
