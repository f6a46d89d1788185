"""HTML compliance reports: one self-contained page per kommune and a national overview (index.html).

``build_reports`` runs the check and returns the pages as strings (file name -> HTML) together with the
CheckResult they were built from; ``write_reports`` puts them on disk. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import catalog, paths
from ..check import check_graph, run_check, tool_version
from ..engines import DEFAULT_ENGINE
from ..results import CheckResult
from ..store import Repository, now_iso
from ..waivers import apply_waivers, load_waivers
from . import model
from .texts import texts

INDEX = "index.html"


@dataclass
class ReportSet:
    pages: dict[str, str]  # file name -> HTML
    result: CheckResult  # the check the pages show (its summary equals the JSON writer's)


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


def render_kommune(view: dict) -> str:
    t = texts(view["meta"].lang)
    return environment().get_template("kommune.html.j2").render(v=view, t=t, page_name=kommune_page_name, **_assets())


def render_index(view: dict) -> str:
    t = texts(view["meta"].lang)
    return environment().get_template("index.html.j2").render(v=view, t=t, page_name=kommune_page_name, **_assets())


def _previous_findings(repo: Repository, code: str, engine: str, today: dt.date, waivers: list, aliases: dict):
    prev = repo.previous_inventory(code)
    if prev is None or len(prev) == 0:
        return None
    run = check_graph(prev, code, engine=engine, today=today)
    return apply_waivers(run.findings, waivers, today, aliases, {code})


def build_reports(repo_path, *, kommuner: list[str] | None = None, lang: str = "nb", waivers_file=None,
                  engine: str = DEFAULT_ENGINE, jobs: int | None = None, today: dt.date | None = None,
                  checked_at: str | None = None, index: bool | None = None, trend: bool = True) -> ReportSet:
    """Check the kommuner (None = all held) and render their pages, plus index.html when `index`
    (default: when more than one kommune or all were asked for)."""
    run, findings, known = run_check(repo_path=repo_path, kommuner=kommuner, engine=engine, jobs=jobs, today=today,
                                     waivers_file=waivers_file)
    codes = [k.kommune for k in run.kommuner]
    result = CheckResult(findings=findings, kommuner=codes, rules=known, tool_version=tool_version(),
                         catalog_version=catalog.catalog_version(), checked_at=checked_at or now_iso(), engine=engine)
    index = (kommuner is None or len(codes) > 1) if index is None else index
    meta = model.Meta(checked_at=result.checked_at, today=run.today.isoformat(), catalog_version=result.catalog_version,
                      tool_version=result.tool_version, engine=engine, lang=lang, index=index)
    by_kommune = result.summary()["by_kommune"]
    waivers = load_waivers(Path(waivers_file), set(known) | {a for r in known.values() for a in r.aliases}) if waivers_file else []
    aliases = {code: set(r.aliases) for code, r in known.items()}
    names = catalog.kommuner()
    views = []
    repo = Repository(repo_path, read_only=True)
    try:
        for code in codes:
            previous = _previous_findings(repo, code, engine, run.today, waivers, aliases) if trend else None
            views.append(model.kommune_view(
                code=code, name=names.get(code, code), inv=repo.inventory(code),
                findings=[f for f in findings if f.kommune == code], summary_counts=by_kommune[code], rules=known,
                meta=meta, imports=repo.imports(code), previous=previous))
    finally:
        repo.close()
    pages = {kommune_page_name(v["code"]): render_kommune(v) for v in views}
    if index:
        pages[INDEX] = render_index(model.index_view(views, meta))
    return ReportSet(pages, result)


def write_reports(pages: dict[str, str], out_dir) -> list[Path]:
    """Write every page (each via a temporary file and an atomic rename); returns the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, html in sorted(pages.items()):
        target = out / name
        tmp = target.with_name(name + ".part")
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, target)
        written.append(target)
    return written
