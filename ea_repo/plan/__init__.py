"""The kommune's handlingsplan and måltavle, from the one check.

    result = check.run(CheckRequest(today=start, repo_path=..., kommuner=(code,), previous=True))
    plan = plan_of(result, repo, code, start=start, years=4)   # actions with deadlines, owners, years
    points = scoreboard_of(result, repo, code)                 # the indicators at the previous and latest import

``build_plan`` runs that check and returns the plan; ``import_plan`` reads an edited XLSX back and keeps the
kommune's decisions in the repository (ea_repo/plan/decisions.py). The plan consumes check.run's CheckResult;
it never checks anything itself. (ea_repo/merger/plan.py is the renumbering plan, a different thing.)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .actions import Action, Decision, Plan, make_plan
from .decisions import PlanImport, plan_imports, read_decisions, read_points, save_decisions

__all__ = ["Action", "Decision", "Plan", "build_plan", "import_plan", "plan_imports", "plan_of", "scoreboard_of"]


def plan_of(result, repo, code: str, *, start: dt.date, years: int = 4, inventory=None, previous=None,
            imports=None) -> Plan:
    """CODE's plan from RESULT (a CheckResult with the kommune's previous import, CheckRequest.previous) and what
    the repository keeps: the inventories, the import records and the kommune's decisions (INVENTORY, PREVIOUS,
    IMPORTS: those already read, e.g. by the report)."""
    return make_plan(result, code, repo.inventory(code) if inventory is None else inventory, start=start, years=years,
                     decisions=read_decisions(repo, code),
                     previous=repo.previous_inventory(code) if previous is None else previous,
                     imports=repo.imports(code) if imports is None else imports)


def scoreboard_of(result, repo, code: str, inventory=None, previous=None, imports=None) -> list:
    """CODE's måltavle points (oldest first) from RESULT and the inventories the repository keeps."""
    from .scoreboard import series

    return series(result, code, repo.inventory(code) if inventory is None else inventory,
                  repo.previous_inventory(code) if previous is None else previous,
                  repo.imports(code) if imports is None else imports, read_points(repo, code))


def _check(repo_path, code: str, start: dt.date, **kwargs):
    from .. import check

    return check.run(check.CheckRequest(today=start, repo_path=repo_path, kommuner=(code,), previous=True, **kwargs))


def build_plan(repo_path, code: str, *, start: dt.date, years: int = 4, **check_options) -> Plan:
    """Check CODE as of START (check.run, with its previous import) and make its plan. CHECK_OPTIONS go to the
    CheckRequest (engine, waivers_file, checked_at, jobs)."""
    from ..store import using

    result = _check(repo_path, code, start, **check_options)
    with using(repo_path) as repo:
        return plan_of(result, repo, code, start=start, years=years)


def workbook_settings(path: Path) -> dict:
    """The plan settings a workbook written by ``plan --format xlsx`` carries (its meta sheet: from, years)."""
    from ..inventory.readers import open_workbook

    wb = open_workbook(Path(path), "`ea-repo plan --format xlsx`")
    try:
        if "meta" not in wb.sheetnames:
            return {}
        rows = {str(r[0]).strip(): r[1] for r in wb["meta"].iter_rows(values_only=True) if r and r[0] is not None}
    finally:
        wb.close()
    out = {}
    try:
        out["start"] = dt.date.fromisoformat(str(rows.get("from"))[:10])
    except ValueError:
        pass
    if str(rows.get("years", "")).strip().isdigit():
        out["years"] = int(str(rows["years"]).strip())
    return out


def import_plan(repo_path, code: str, path: Path, *, by: str, now: str, start: dt.date | None = None,
                years: int | None = None, **check_options) -> dict:
    """Read an edited plan workbook (PATH) and keep the decisions it makes (only the cells that differ from the plan)
    in the repository with who (BY) and when (NOW), and the måltavle's points of the imports the plan was made at. The plan is made again as the workbook was (its meta: from,
    years) unless START / YEARS are given. Every mistake in the file at once (InputErrors); nothing written then."""
    from ..store import using
    from .output import read_xlsx, sha256_of

    path = Path(path)
    settings = workbook_settings(path)
    start = start or settings.get("start")
    if start is None:
        from ..errors import UsageError
        from ..i18n import msg

        raise UsageError(msg("the workbook does not say which date the plan starts from; give --from DATE",
                             "arbeidsboken sier ikke hvilken dato planen starter fra; oppgi --from DATO"))
    years = years or settings.get("years") or 4
    result = _check(repo_path, code, start, **check_options)
    with using(repo_path) as repo:
        plan = plan_of(result, repo, code, start=start, years=years)
        points = scoreboard_of(result, repo, code)
    decisions, gone = read_xlsx(path, plan, by=by, at=now)
    record = PlanImport(code, now, by, path.name, sha256_of(path), len(decisions))
    with using(repo_path, read_only=False) as repo:
        save_decisions(repo, code, decisions, record, points)
    return {"kommune": code, "file": path.name, "changed": sorted(decisions), "not_in_plan": sorted(gone),
            "by": by, "at": now, "from": start.isoformat(), "years": years}
