"""Renumbering impact of a merger, split or county change, as a dated plan; and applying it to the repository.

    impact   what a kommunenummer change hits in one kommune's graph; reforms from SSB history or a what-if
    plan     the dated, ordered plan (critical path) and its data view
    output   table, JSON, CSV and HTML writers (dispatch by format)
    apply    write the new kommune into the repository with the old ones as dated predecessors
"""

from .apply import ApplyResult, apply, declared_kommuner
from .impact import Reform, Target, impact, reform_from_history, reform_what_if
from .plan import Plan, build_plan, load_assignments, plan_repository, to_data

__all__ = ["ApplyResult", "Plan", "Reform", "Target", "apply", "build_plan", "declared_kommuner", "impact",
           "load_assignments", "plan_repository", "reform_from_history", "reform_what_if", "to_data"]
