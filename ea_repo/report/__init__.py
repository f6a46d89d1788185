"""HTML compliance reports: one self-contained page per kommune and a national overview (index.html).

``render_reports`` turns one CheckResult (from ``ea_repo.check.run``) into the pages as strings (file name ->
HTML); ``build_reports`` is the shorthand that runs that one check and renders it; ``write_reports`` puts the
pages on disk. The report never checks anything itself. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import catalog, check, paths
from ..engines import DEFAULT_ENGINE
from ..i18n import msg
from ..results import CheckResult
from ..store import Repository, now_iso, using
from . import model
from .texts import texts

INDEX = "index.html"


@dataclass
class ReportSet:
    pages: dict[str, str]  # file name -> HTML
    result: CheckResult  # the check the pages show (its summary equals the JSON writer's)
    scoreboards: dict = field(default_factory=dict)  # kommune -> its måltavle points (ea_repo/plan/scoreboard.py)


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(paths.reports_dir())), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda v: f"{v:.0f}"
    env.filters["signed"] = lambda v: f"{v:+d}" if isinstance(v, int) else f"{v:+.0f}"
    return env


def _assets() -> dict[str, Markup]:
    # Our own CSS and JS, inlined so a page is one self-contained file (they contain no inventory text).
    d = paths.reports_dir()
    return {"css": Markup((d / "report.css").read_text(encoding="utf-8")),
            "js": Markup((d / "report.js").read_text(encoding="utf-8"))}


def kommune_page_name(code: str) -> str:
    return f"{code}.html"


def _render(template: str, view: dict) -> str:
    from ..plan.page import plan_page_name
    from ..plan.texts import texts as plan_texts

    lang = view["meta"].lang
    return environment().get_template(template).render(v=view, t=texts(lang), tp=plan_texts(lang), page_name=kommune_page_name,
                                                       plan_page=plan_page_name, **_assets())


def render_kommune(view: dict) -> str:
    return _render("kommune.html.j2", view)


def render_index(view: dict) -> str:
    return _render("index.html.j2", view)


def render_plan(view: dict) -> str:
    return _render("plan.html.j2", view)


def build_reports(repo_path, *, kommuner: list[str] | None = None, lang: str = "nb", waivers_file=None,
                  engine: str = DEFAULT_ENGINE, jobs: int | None = None, today: dt.date | None = None,
                  checked_at: str | None = None, index: bool | None = None, trend: bool = True,
                  max_age_days: int = 730, progress=None, executor=None, principles=None,
                  principle_waivers=()) -> ReportSet:
    """Check the kommuner (None = all held) with ``check.run`` and render their pages, plus index.html when
    `index` (default: when more than one kommune or all were asked for). ``executor``: as CheckRequest.executor."""
    before = _state(repo_path, kommuner)
    result = check.run(check.CheckRequest(
        today=today or dt.date.today(), repo_path=repo_path, kommuner=tuple(kommuner) if kommuner else None,
        engine=engine, jobs=jobs, waivers_file=waivers_file, previous=trend, checked_at=checked_at or now_iso(),
        progress=progress, executor=executor))
    index = (kommuner is None or len(result.kommuner) > 1) if index is None else index
    pages = render_reports(result, repo_path, lang=lang, index=index, max_age_days=max_age_days, principles=principles,
                           principle_waivers=principle_waivers)
    _same_state(repo_path, before, kommuner)
    return pages


def _state(repo_path, kommuner=None) -> str | tuple:
    """The repository's state, or the states of the named kommuner only (a write to another does not matter)."""
    with using(repo_path) as repo:
        return tuple(repo.state(k) for k in kommuner) if kommuner else repo.state()


def _same_state(repo_path, before, kommuner=None) -> None:
    """The check and the pages read the repository at different moments (worker processes, then the parent); an
    import in between would put one inventory's findings over another's systems, so that is refused."""
    if _state(repo_path, kommuner) != before:
        from ..errors import UsageError

        raise UsageError(msg("the repository changed while the report was being made (an import or a merger in between); "
                             "nothing was written: run the report again",
                             "repositoryet ble endret mens rapporten ble laget (en import eller en sammenslåing i mellomtiden); "
                             "ingenting ble skrevet: lag rapporten på nytt"))


def render_reports(result: CheckResult, repo_path, *, lang: str = "nb", index: bool = True,
                   max_age_days: int = 730, principles=None, principle_waivers=()) -> ReportSet:
    """The pages of one check result: a page per kommune checked, and index.html when `index`. An inventory
    dated more than `max_age_days` before the check date is flagged as old. `principles`: the architecture
    principles each page answers (default Digdir's, ea_repo/principles.py), with their principle-level waivers."""
    from .. import principles as principle_mod

    plist = principle_mod.digdir_principles() if principles is None else principles
    principle_answers = principle_mod.assess(result, plist, list(principle_waivers), result.today, list(result.kommuner))
    meta = model.Meta(checked_at=result.checked_at, today=result.today.isoformat(), catalog_version=result.catalog_version,
                      tool_version=result.tool_version, engine=result.engine, lang=lang, index=index,
                      max_age_days=max_age_days)
    from . import cooperation as coop_pages

    summary = result.summary()
    names = catalog.kommuner()
    findings_of: dict[str, list] = {code: [] for code in result.kommuner}
    answers_of: dict[str, list] = {code: [] for code in result.kommuner}
    for f in result.findings:
        findings_of.setdefault(f.kommune, []).append(f)
    for a in result.answers:
        answers_of.setdefault(a.kommune, []).append(a)
    from .. import cooperation
    from .. import plan as plans
    from ..plan import page as plan_page

    views, plan_views, boards = [], [], {}
    with using(repo_path) as repo:
        names = {**names, **coop_pages.names(repo)}
        for code in result.kommuner:
            inv, imports, shared = coop_pages.subject(repo, code, lang)
            view = model.kommune_view(
                code=code, name=names.get(code, code), inv=inv, result=result,
                summary_counts=summary["by_kommune"][code], meta=meta, imports=imports, shared=shared,
                changes=_changes(repo, code, inv) if code in result.previous else None,
                findings=findings_of[code], answers=answers_of[code],
                principles=[a for a in principle_answers if a.kommune == code])
            if not cooperation.is_cooperation(code):  # a kommune's plan and måltavle (ea_repo/plan)
                prev = repo.previous_inventory(code) if code in result.previous else None
                boards[code] = plans.scoreboard_of(result, repo, code, inv, prev, imports)
                view["scoreboard"] = plan_page.scoreboard_view(boards[code], lang)
                plan = plans.plan_of(result, repo, code, start=result.today, inventory=inv, previous=prev, imports=imports)
                view["plan"] = plan.summary()
                plan_views.append(plan_page.plan_view(plan, meta, view["name"]))
            views.append(view)
    pages = {kommune_page_name(v["code"]): render_kommune(v) for v in views}
    pages.update({plan_page.plan_page_name(v["code"]): render_plan(v) for v in plan_views})
    if index:
        iv = model.index_view(views, meta)
        iv["scoreboards"] = plan_page.side_by_side([(v["code"], v["name"], boards.get(v["code"], [])) for v in views], lang)
        pages[INDEX] = render_index(iv)
    return ReportSet(pages, result, boards)


def _changes(repo: Repository, code: str, inv):
    """What changed in the inventory since the previous import (the trend section's list), or None."""
    from ..diff import diff_inventories

    prev = repo.previous_inventory(code)
    return diff_inventories(prev, inv, code) if prev is not None else None


def render_cooperation(view: dict) -> str:
    return _render("cooperation.html.j2", view)


def build_cooperation_report(repo_path, coop_id: str, *, lang: str = "nb", waivers_file=None,
                             engine: str = DEFAULT_ENGINE, jobs: int | None = None, today: dt.date | None = None,
                             checked_at: str | None = None, max_age_days: int = 730) -> ReportSet:
    """The overview page of one co-operation (``cooperation-{id}.html``) with the pages of its members held in
    the repository and of its own inventory, all from ONE check of those subjects."""
    from .. import cooperation
    from ..errors import UsageError
    from . import cooperation as coop_pages

    with using(repo_path) as repo:
        coop = cooperation.get(repo, coop_id)
        held = [k for k in coop.members if repo.has_inventory(k)]
        own = cooperation.has_inventory(repo, coop.id)
    if not held and not own:
        raise UsageError(msg(f"the repository holds no inventory of '{coop.id}' or of its members "
                             f"({', '.join(coop.members)}); import them first (`ea-repo import`)",
                             f"repositoryet har ingen systemoversikt for '{coop.id}' eller for medlemmene "
                             f"({', '.join(coop.members)}); importer dem først (`ea-repo import`)"))
    before = _state(repo_path)
    result = check.run(check.CheckRequest(
        today=today or dt.date.today(), repo_path=repo_path, kommuner=tuple(held), cooperations=(coop.id,) if own else (),
        engine=engine, jobs=jobs, waivers_file=waivers_file, previous=True, checked_at=checked_at or now_iso()))
    members = render_reports(result, repo_path, lang=lang, index=False, max_age_days=max_age_days)
    pages = members.pages
    meta = model.Meta(checked_at=result.checked_at, today=result.today.isoformat(), catalog_version=result.catalog_version,
                      tool_version=result.tool_version, engine=result.engine, lang=lang, max_age_days=max_age_days)
    with using(repo_path) as repo:
        view = coop_pages.overview_view(repo, coop, result, meta, set(pages))
    from ..plan.page import side_by_side

    view["scoreboards"] = side_by_side([(m["code"], m["name"], members.scoreboards.get(m["code"], []))
                                        for m in view["members"] if m["held"]], lang)
    pages[coop_pages.page_name(coop.id)] = render_cooperation(view)
    _same_state(repo_path, before)
    return ReportSet(pages, result)


def write_reports(pages: dict[str, str], out_dir) -> list[Path]:
    """Write every page (each via a temporary file and an atomic rename; ea_repo/output.py); returns the paths."""
    from ..output import write_files

    return write_files(out_dir, pages)
