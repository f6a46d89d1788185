"""Inventory import and export (ea_repo/inventory/api.py), readers, the schema and the template.

The package's names (``load_files``, ``import_inventory``, ``check_kommune`` …) are those of ``api``, imported on
first use, so that ``ea_repo.inventory.formats`` (what the command line's options offer) loads without rdflib.
"""

from importlib import import_module


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    from importlib.util import find_spec

    if find_spec(f"{__name__}.{name}") is not None:  # a submodule (`from . import aliases` inside the package)
        return import_module(f".{name}", __name__)
    api = import_module(".api", __name__)
    try:
        value = getattr(api, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    globals()[name] = value
    return value
