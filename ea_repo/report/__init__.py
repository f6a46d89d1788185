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
PARALLEL_FROM = 4  # subjects from which render_reports renders in worker processes by default


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
                           principle_waivers=principle_waivers, jobs=jobs)
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
                   max_age_days: int = 730, principles=None, principle_waivers=(), jobs: int | None = None) -> ReportSet:
    """The pages of one check result: a page per kommune checked, and index.html when `index`. An inventory
    dated more than `max_age_days` before the check date is flagged as old. `principles`: the architecture
    principles each page answers (default Digdir's, ea_repo/principles.py), with their principle-level waivers.
    Each subject's pages are made from its own part of the result (CheckResult.of); with JOBS above 1 (default:
    one per core from PARALLEL_FROM subjects on, else 1), in worker processes that open the repository again (not for an open
    Repository handed in: a server renders in its own threads)."""
    from .. import principles as principle_mod

    plist = principle_mod.digdir_principles() if principles is None else principles
    principle_answers = principle_mod.assess(result, plist, list(principle_waivers), result.today, list(result.kommuner))
    meta = model.Meta(checked_at=result.checked_at, today=result.today.isoformat(), catalog_version=result.catalog_version,
                      tool_version=result.tool_version, engine=result.engine, lang=lang, index=index,
                      max_age_days=max_age_days)
    summary = result.summary()
    findings_of: dict[str, list] = {code: [] for code in result.kommuner}
    answers_of: dict[str, list] = {code: [] for code in result.kommuner}
    principles_of: dict[str, list] = {code: [] for code in result.kommuner}
    for f in result.findings:
        findings_of.setdefault(f.kommune, []).append(f)
    for a in result.answers:
        answers_of.setdefault(a.kommune, []).append(a)
    for a in principle_answers:
        principles_of.setdefault(a.kommune, []).append(a)
    tasks = [(code, result.of(code, findings_of[code], answers_of[code]), summary["by_kommune"][code], meta,
              principles_of[code]) for code in result.kommuner]
    if jobs is None:  # a worker's start (imports, templates) costs about one page: worth it from a few subjects on
        jobs = check.default_jobs() if len(tasks) >= PARALLEL_FROM else 1
    jobs = max(1, min(jobs, len(tasks)))
    if jobs > 1 and not isinstance(repo_path, Repository):
        from concurrent.futures import ProcessPoolExecutor

        from ..store import location_of

        with ProcessPoolExecutor(max_workers=jobs, initializer=_render_init, initargs=(location_of(repo_path),)) as pool:
            done = list(pool.map(_render_task, tasks))
    else:
        with using(repo_path) as repo:
            names = {**catalog.kommuner(), **_coop_names(repo)}
            done = [_subject_pages(repo, names, *task) for task in tasks]
    pages, plan_pages, boards = {}, {}, {}  # the kommune pages, then the plans (as before: in subject order)
    for (code, *_), (subject_pages, _view, board) in zip(tasks, done, strict=True):
        for name, html in subject_pages.items():
            (pages if name == kommune_page_name(code) else plan_pages)[name] = html
        if board is not None:
            boards[code] = board
    pages.update(plan_pages)
    if index:
        views = [view for _pages, view, _board in done]
        iv = model.index_view(views, meta)
        from ..plan import page as plan_page

        iv["scoreboards"] = plan_page.side_by_side([(v["code"], v["name"], boards.get(v["code"], [])) for v in views], lang)
        pages[INDEX] = render_index(iv)
    return ReportSet(pages, result, boards)


def _coop_names(repo) -> dict[str, str]:
    from . import cooperation as coop_pages

    return coop_pages.names(repo)


_RENDER: dict = {}  # a render worker's open repository and the subjects' names


def _render_init(location: str) -> None:
    _RENDER["repo"] = repo = Repository(location, read_only=True)
    _RENDER["names"] = {**catalog.kommuner(), **_coop_names(repo)}


def _render_task(task: tuple):
    return _subject_pages(_RENDER["repo"], _RENDER["names"], *task)


#: what index_view and the index's måltavle read of a kommune page's view (a worker sends no more back)
INDEX_KEYS = ("code", "name", "fictional", "assessment", "score_colour", "counts", "counts_inv", "used", "age", "old")


def _subject_pages(repo, names: dict, code: str, own: CheckResult, summary_counts: dict, meta, principles: list):
    """(pages by file name, what the index reads of the view, the måltavle points or None) of one subject, from
    its own part of the check result."""
    from .. import cooperation
    from .. import plan as plans
    from ..plan import page as plan_page
    from . import cooperation as coop_pages

    lang = meta.lang
    inv, imports, shared = coop_pages.subject(repo, code, lang)
    view = model.kommune_view(
        code=code, name=names.get(code, code), inv=inv, result=own, summary_counts=summary_counts, meta=meta,
        imports=imports, shared=shared, changes=_changes(repo, code, inv) if code in own.previous else None,
        findings=own.findings, answers=own.answers, principles=principles)
    board, out = None, {}
    if not cooperation.is_cooperation(code):  # a kommune's plan and måltavle (ea_repo/plan)
        prev = repo.previous_inventory(code) if code in own.previous else None
        board = plans.scoreboard_of(own, repo, code, inv, prev, imports)
        view["scoreboard"] = plan_page.scoreboard_view(board, lang)
        plan = plans.plan_of(own, repo, code, start=own.today, inventory=inv, previous=prev, imports=imports)
        view["plan"] = plan.summary()
        plan_view = plan_page.plan_view(plan, meta, view["name"])
        out[plan_page.plan_page_name(code)] = render_plan(plan_view)
    out[kommune_page_name(code)] = render_kommune(view)
    return out, {k: view[k] for k in INDEX_KEYS}, board


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
