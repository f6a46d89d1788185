"""Renumbering impact of a merger, split or county change, as a dated plan; and applying it to the repository.

    analysis  impact(): what a kommunenummer change hits in one kommune's graph; reforms from SSB history or a what-if
    plan      the dated, ordered plan (critical path) and its data view
    output    table, JSON, CSV and HTML writers (dispatch by format)
    applying  apply(): write the new kommune into the repository with the old ones as dated predecessors
"""

from importlib import import_module

# name -> submodule; imported on first use, so `ea_repo.merger.output` (the --format table) loads without NetworkX
_WHERE = {"ApplyResult": "applying", "apply": "applying", "declared_kommuner": "applying", "Reform": "analysis",
          "Target": "analysis", "impact": "analysis", "reform_from_history": "analysis", "reform_what_if": "analysis", "Plan": "plan",
          "build_plan": "plan", "load_assignments": "plan", "plan_repository": "plan", "to_data": "plan"}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value
