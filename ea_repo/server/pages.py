"""The web pages of `ea-repo serve`: server-rendered HTML (Jinja2 templates reports/page_*.html.j2, the report's
environment and stylesheet), no inline script, every form protected by a CSRF token.

A page reads with the session cookie (or a bearer token), as the API does. A form POST on these routes is
authenticated by the session cookie only together with the form's CSRF token, an HMAC of the server's CSRF key
over the purpose "page:" and that session's token (``form_token``), checked on every POST; the JSON API keeps
taking bearer tokens only. A write then passes the API's own role check (``Api._writer``) on the kommune of the
URL; nothing a form sends (a kommune, an upload's id, a waiver's number) is trusted without it.

    GET  /kommuner/{k}/                      the kommune: the check's numbers (the same as check --format json), systems
    GET  /kommuner/{k}/systems/{s}           a system: interfaces, flows in and out, findings and answers, history
    GET  /kommuner/{k}/findings              the worklist (?severity ?rule ?area ?system ?answer; ?format=xlsx)
    GET  /rules/{code}                       a rule: its texts, legal basis and source
    GET|POST /kommuner/{k}/upload            upload: every error first, then the diff, then confirm
    POST /kommuner/{k}/upload/confirm        store the upload previewed (its id is bound to the user and kommune)
    GET|POST /kommuner/{k}/waivers           the waivers with their trails; propose one
    POST /kommuner/{k}/waivers/{n}/{decision}  approve, reject (with a reason) or end one
"""

from __future__ import annotations

import datetime as dt
import hmac
import io
import json
import secrets
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from .. import paths
from ..errors import EaRepoError
from .accounts import User
from .texts import TEXTS

PURPOSE = "page:"
PENDING_S = 30 * 60  # an upload previewed and not confirmed is dropped after this
PENDING_KEPT = 32
ANSWERS = ("met", "not-met", "not-known", "waived")  # the worklist's filter: a waived finding is not met, and waived
SEVERITIES = ("violation", "warning", "info")
ID_BASE = "https://w3id.org/ea-repo/id/"
CATALOGUE_KINDS = ("components", "standards", "requirements", "partners")
VENDORED = ("cytoscape.min.js", "elk.bundled.js", "cytoscape-elk.js")  # reports/vendor/README.md says what each is
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Pending:
    """An upload checked and previewed, waiting for its user to confirm it."""

    user: str
    kommune: str
    name: str
    body: bytes
    made: float
    previewed: str  # the kommune's last import when the diff was made (``_last_import``)


_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ð": "d", "þ": "th", "ß": "ss"})


def fold(text: str) -> str:
    """TEXT for comparing: case folded, accents dropped (é -> e, ü -> u; æ ø å -> ae o a)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_FOLD)


def matches(query: str, *names: str) -> bool:
    """Whether a word of one of NAMES (or the whole name) starts with QUERY, both folded."""
    import re

    q = fold(query)
    if not q:
        return False
    for name in names:
        n = fold(name or "")
        if n.startswith(q) or any(w.startswith(q) for w in re.split(r"[\s\-_/().,:;«»\"']+", n) if w):
            return True
    return False


def _ids(value) -> list[str]:
    if value is None or value == "":
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def focus_of(iri: str) -> tuple[str, str]:
    """(kind, id) of an inventory IRI .../id/{kommune}/{system|interface|integration}/{id}; else ("", iri)."""
    if iri.startswith(ID_BASE):
        parts = iri[len(ID_BASE):].split("/")
        if len(parts) == 3:
            return parts[1], parts[2]
    return "", iri


class Inventory:
    """One kommune's inventory as the pages show it: the import format's tables, indexed."""

    def __init__(self, tables):
        self.meta = tables.meta
        self.systems = {str(r["id"]): r for r in tables.sheets.get("systems", [])}
        self.interfaces = {str(r["id"]): r for r in tables.sheets.get("interfaces", [])}
        self.integrations = {str(r["id"]): r for r in tables.sheets.get("integrations", [])}

    def systems_of(self, iri: str) -> list[str]:
        """The systems a finding on IRI is about: the system, an interface's provider, an integration's ends."""
        kind, rid = focus_of(iri)
        if kind == "system":
            return [rid]
        if kind == "interface":
            return [s for s in _ids(self.interfaces.get(rid, {}).get("providedBy")) if s in self.systems]
        if kind == "integration":
            row = self.integrations.get(rid, {})
            return sorted({s for c in ("provider", "consumer") for s in _ids(row.get(c)) if s in self.systems})
        return []

    def flows(self, sid: str, end: str) -> list[dict]:
        """The integrations with system SID at END (provider: flows out; consumer: flows in)."""
        other = "consumer" if end == "provider" else "provider"
        return [{"id": i, "other": _ids(r.get(other)), "via": _ids(r.get("via")) + _ids(r.get("viaInterface")),
                 "mode": _cell(r.get("mode")), "status": _cell(r.get("status")), "protocol": _cell(r.get("protocol"))}
                for i, r in sorted(self.integrations.items()) if sid in _ids(r.get(end))]


class Pages:
    def __init__(self, api):
        self.api = api
        self.pending: dict[str, Pending] = {}
        self.pending_lock = threading.Lock()

    # -- who asks, in which language -------------------------------------------------------------------------
    def form_token(self, request: Request) -> str:
        """The CSRF token of this browser's session for the pages' forms ("" when not signed in by cookie)."""
        from .app import SESSION_COOKIE

        session = request.cookies.get(SESSION_COOKIE, "")
        return self.api._csrf(PURPOSE + session) if session else ""

    def form_user(self, request: Request, form) -> User | None:
        """The session's user when the form carries the CSRF token made for that session, else None."""
        from .app import SESSION_COOKIE

        session = request.cookies.get(SESSION_COOKIE, "")
        sent = form.get("csrf", "") if form is not None else ""
        if not session or not isinstance(sent, str) or not hmac.compare_digest(sent, self.api._csrf(PURPOSE + session)):
            return None
        return self.api.accounts.by_token(session)

    def lang(self, request: Request, user: User | None = None) -> str:
        asked = request.query_params.get("lang")
        if asked in TEXTS:
            return asked
        if user is not None and (kept := self.api.accounts.language(user.name)) in TEXTS:
            return kept
        return "nb"

    # -- answers ------------------------------------------------------------------------------------------
    def render(self, request: Request, template: str, user: User | None, *, title: str, status: int = 200,
               code: str | None = None, **values) -> HTMLResponse:
        from ..report import environment

        lang = self.lang(request, user)
        html = environment().get_template(template).render(
            lang=lang, t=TEXTS[lang], title=title, user=user, csrf=self.form_token(request), code=code,
            signout_csrf=self.api._csrf("out:" + request.cookies.get("ea_session", "")), here=request.url.path,
            back=request.url.path + ("?" + q if (q := urlencode([(k, v) for k, v in request.query_params.multi_items()
                                                                 if k != "lang"])) else ""),
            css=(paths.reports_dir() / "report.css").read_text(encoding="utf-8"),
            pages_css=(paths.reports_dir() / "pages.css").read_text(encoding="utf-8"), **values)
        return HTMLResponse(html, status_code=status)

    def refusal(self, request: Request, user: User | None, status: int, key: str = "", **fmt) -> Response:
        if status == 401 and request.method in ("GET", "HEAD"):
            return RedirectResponse(f"/signin?lang={self.lang(request)}", status_code=303)
        t = TEXTS[self.lang(request, user)]
        text = t[key or f"err_{status}"].format(**fmt)
        return self.render(request, "page_error.html.j2", user, title=t["error_title"], status=status, text=text)

    def _reader(self, request: Request) -> tuple[User | None, str | None, Response | None]:
        """(user, kommune of the URL, None) for a signed-in user and a kommune held; else the refusal."""
        user = self.api.user(request)
        if user is None:
            return None, None, self.refusal(request, None, 401)
        code = self.api._kommune(request)
        if code is None or not self.api._held(code):
            return user, None, self.refusal(request, user, 404)
        return user, code, None

    async def _writer(self, request: Request, form) -> tuple[User | None, str | None, Response | None]:
        """(user, kommune of the URL, None) when the form is the session's (CSRF) and the API's role check lets
        that user write the kommune of the URL; else the refusal (403 for a missing or wrong CSRF token)."""
        user = self.form_user(request, form)
        if user is None:
            return None, None, self.refusal(request, self.api.user(request), 403, "err_403_csrf")
        _, code, refused = self.api._writer(request, user)
        if refused is not None:
            return user, None, self.refusal(request, user, refused.status_code)
        return user, code, None

    def may_write(self, user: User, code: str) -> bool:
        return user.may_write(code, self.api._members)

    # -- what the pages read --------------------------------------------------------------------------------
    def check(self, code: str, lang: str = "nb") -> dict:
        """The check's JSON for the kommune, as `check --format json --lang LANG` (the API's cached answer)."""
        return json.loads(self.api._check_json(code, lang))

    def inventory(self, code: str) -> Inventory:
        return self.api._cached("page-inventory", code, "", lambda: self._read_inventory(code))

    def _read_inventory(self, code: str) -> Inventory:
        from ..inventory.export import inventory_tables

        with self.api._open() as repo:
            return Inventory(inventory_tables(repo.inventory(code), code))

    def waivers(self, code: str) -> list:
        from ..waivers import stored_waivers

        with self.api._open() as repo:
            return stored_waivers(repo, code)

    def rows(self, code: str, lang: str) -> tuple[list[dict], list[dict], Inventory]:
        """The worklist: one row per finding not met or not known (waived ones marked), and one per rule met."""
        from ..registry import load_rules

        doc, inv, rules = self.check(code, lang), self.inventory(code), load_rules()
        rows = []
        for f in doc.get("findings", []) + doc.get("not_known", []):
            rule = rules.get(f["rule"])
            kind, rid = focus_of(f["focus"])
            rows.append({"rule": f["rule"], "severity": f["severity"], "answer": f.get("answer") or "not-met",
                         "waived": bool(f.get("waived")), "area": f.get("area") or "", "kind": kind, "subject": rid,
                         "subject_label": f.get("focus_label") or rid, "systems": inv.systems_of(f["focus"]),
                         "title": rule.text("title", lang) if rule else f.get("title", ""),
                         "message": f.get("message", ""), "remedy": f.get("remedy", ""),
                         "waiver": f.get("waiver"), "focus": f["focus"]})
        rows.sort(key=lambda r: (SEVERITIES.index(r["severity"]) if r["severity"] in SEVERITIES else 9, r["rule"],
                                 r["subject"]))
        met = []
        for rule_code, a in sorted(doc.get("answers", {}).get(code, {}).items()):
            if a.get("met"):
                rule = rules.get(rule_code)
                met.append({"rule": rule_code, "severity": rule.severity if rule else "", "answer": "met",
                            "area": (rule.area or "") if rule else "", "count": a["met"],
                            "title": rule.text("title", lang) if rule else rule_code})
        return rows, met, inv

    # -- the pages ----------------------------------------------------------------------------------------------
    def kommune(self, request: Request):
        user, code, refused = self._reader(request)
        if refused is not None:
            return refused
        lang = self.lang(request, user)
        doc, inv = self.check(code, lang), self.inventory(code)
        counts = doc["summary"]["by_kommune"].get(code, {})
        assessment = doc["summary"]["assessment"].get(code, {})
        rows, _, _ = self.rows(code, lang)
        per_system: dict[str, dict[str, int]] = {}
        for r in rows:
            for s in r["systems"]:
                key = "waived" if r["waived"] else (r["severity"] if r["answer"] == "not-met" else "not-known")
                per_system.setdefault(s, {}).setdefault(key, 0)
                per_system[s][key] += 1
        with self.api._open() as repo:
            imports = repo.imports(code)
            name = next((s.name for s in repo.summaries() if s.kommune == code), code)
        return self.render(request, "page_kommune.html.j2", user, title=f"{name} ({code})", code=code, name=name,
                           counts=counts, assessment=assessment, inv=inv, by_area=doc["summary"].get("by_area", {}), per_system=per_system, imports=imports,
                           writes=self.api.accounts.writes(code), may_write=self.may_write(user, code),
                           stored=self._stored_note(code, lang) if request.query_params.get("stored") else "")

    def _stored_note(self, code: str, lang: str) -> str:
        """What the last import through the server wrote, and who did it (from the write log, not from the URL)."""
        last = next((w for w in reversed(self.api.accounts.writes(code)) if w["action"] == "import"), None)
        if last is None:
            return ""
        return TEXTS[lang]["stored"].format(detail=last["detail"] or "", file=last["file"] or "", by=last["user"],
                                            time=last["time"])

    def system(self, request: Request):
        user, code, refused = self._reader(request)
        if refused is not None:
            return refused
        inv, sid = self.inventory(code), request.path_params["s"]
        if sid not in inv.systems:
            return self.refusal(request, user, 404)
        lang = self.lang(request, user)
        rows, _, _ = self.rows(code, lang)
        mine = [r for r in rows if sid in r["systems"]]
        interfaces = [(i, r) for i, r in sorted(inv.interfaces.items()) if sid in _ids(r.get("providedBy"))]
        waivers = self.waivers(code)
        trails = {(w.rule, w.system): w for w in waivers}
        changes = self._changes(code, sid, inv)
        with self.api._open() as repo:
            imports = repo.imports(code)
        system = inv.systems[sid]
        return self.render(request, "page_system.html.j2", user, title=_cell(system.get("name")) or sid, code=code,
                           sid=sid, system={k: _cell(v) for k, v in system.items()}, interfaces=interfaces,
                           flows_in=inv.flows(sid, "consumer"), flows_out=inv.flows(sid, "provider"), inv=inv,
                           findings=mine, waivers=[w for w in waivers if w.system in (sid, "*")], trails=trails,
                           changes=changes, imports=imports, may_write=self.may_write(user, code),
                           writes=[w for w in self.api.accounts.writes(code) if w["action"] == "import"])

    def _changes(self, code: str, sid: str, inv: Inventory) -> list:
        """The last import's changes to the system's row and to its interfaces' and integrations' rows."""
        from ..diff import diff_since

        try:
            with self.api._open() as repo:
                d = diff_since(repo, code)
        except EaRepoError:  # one import only: nothing to compare
            return []
        mine = {("systems", sid)} | {("interfaces", i) for i, r in inv.interfaces.items() if sid in _ids(r.get("providedBy"))}
        mine |= {("integrations", i) for i, r in inv.integrations.items()
                 if sid in _ids(r.get("provider")) + _ids(r.get("consumer"))}
        return [c for c in d.rows if (c.sheet, c.id) in mine or (c.change == "removed" and c.sheet == "systems" and c.id == sid)]

    def _filters(self, request: Request) -> dict[str, str]:
        return {k: request.query_params.get(k, "") for k in ("severity", "rule", "area", "system", "answer")}

    @staticmethod
    def _keep(row: dict, f: dict[str, str]) -> bool:
        return ((not f["severity"] or row["severity"] == f["severity"]) and (not f["rule"] or row["rule"] == f["rule"])
                and (not f["area"] or row["area"] == f["area"])
                and (not f["system"] or f["system"] in row.get("systems", ()))
                and (not f["answer"] or ("waived" if row.get("waived") else row["answer"]) == f["answer"]))

    def worklist(self, request: Request):
        user, code, refused = self._reader(request)
        if refused is not None:
            return refused
        lang = self.lang(request, user)
        rows, met, inv = self.rows(code, lang)
        f = self._filters(request)
        shown = [r for r in rows if self._keep(r, f)]
        met_shown = [r for r in met if self._keep(r, f)] if not f["system"] else []
        if request.query_params.get("format") == "xlsx":
            return Response(worklist_xlsx(shown, met_shown, TEXTS[lang]), media_type=XLSX, headers={
                "Content-Disposition": f'attachment; filename="findings-{code}.xlsx"'})
        options = {"severity": SEVERITIES, "answer": ANSWERS,
                   "rule": sorted({r["rule"] for r in rows + met}), "area": sorted({r["area"] for r in rows + met if r["area"]}),
                   "system": sorted(inv.systems)}
        query = urlencode({k: v for k, v in f.items() if v} | {"format": "xlsx"})
        t = TEXTS[lang]
        return self.render(request, "page_findings.html.j2", user, title=f"{t['worklist']} – {code}", code=code, rows=shown,
                           met=met_shown, f=f, options=options, inv=inv, xlsx=f"/kommuner/{code}/findings?{query}",
                           may_write=self.may_write(user, code))

    def rule(self, request: Request):
        from ..registry import load_rules, resolve_code

        user = self.api.user(request)
        if user is None:
            return self.refusal(request, None, 401)
        code = resolve_code(request.path_params["code"])
        rule = load_rules().get(code) if code else None
        if rule is None:
            return self.refusal(request, user, 404)
        lang = self.lang(request, user)
        return self.render(request, "page_rule.html.j2", user, title=f"{rule.code}: {rule.text('title', lang)}", rule=rule,
                           texts={k: rule.text(k, lang) for k in ("title", "message", "remedy")})

    # -- upload: every error, then the diff, then confirm ---------------------------------------------------------
    def upload_page(self, request: Request):
        user, code, refused = self._reader(request)
        if refused is not None:
            return refused
        if not self.may_write(user, code):
            return self.refusal(request, user, 403)
        t = TEXTS[self.lang(request, user)]
        return self.render(request, "page_upload.html.j2", user, title=f"{t['upload']} – {code}", code=code, step="choose")

    async def upload(self, request: Request):
        from .app import MAX_UPLOAD, UPLOAD_SUFFIXES

        length = request.headers.get("content-length", "")
        if not length.isdigit() or int(length) > MAX_UPLOAD + 65536:
            return self.refusal(request, self.api.user(request), 413)
        try:
            form = await request.form(max_files=1, max_fields=4, max_part_size=MAX_UPLOAD)
        except Exception:  # noqa: BLE001 - a form the parser refuses (Starlette raises its own and multipart's errors)
            return self.refusal(request, self.api.user(request), 400, suffixes=", ".join(UPLOAD_SUFFIXES))
        try:  # (the parser's temporary file is removed when the form is closed)
            user, code, refused = await self._writer(request, form)
            if refused is not None:
                return refused
            upload = form.get("file")
            name = Path(getattr(upload, "filename", "") or "").name
            if not hasattr(upload, "read") or not name.lower().endswith(UPLOAD_SUFFIXES):
                return self.refusal(request, user, 400, suffixes=", ".join(UPLOAD_SUFFIXES))
            body = await upload.read()
        finally:
            await form.close()
        errors, diff, last = await run_in_threadpool(self._preview, code, name, body)
        t = TEXTS[self.lang(request, user)]
        title = f"{t['upload']} – {code}"
        if errors:
            return self.render(request, "page_upload.html.j2", user, title=title, code=code, step="errors", errors=errors,
                               file=name, status=422)
        ticket = secrets.token_urlsafe(24)
        with self.pending_lock:
            now = time.monotonic()
            for k in [k for k, p in self.pending.items() if now - p.made > PENDING_S]:
                del self.pending[k]
            while len(self.pending) >= PENDING_KEPT:
                self.pending.pop(next(iter(self.pending)))
            self.pending[ticket] = Pending(user.name, code, name, body, now, last)
        return self.render(request, "page_upload.html.j2", user, title=title, code=code, step="preview", diff=diff,
                           file=name, ticket=ticket)

    def _last_import(self, repo, code: str) -> str:
        """What the kommune's imports are now: their number and the last one (two imports of one file in one second
        have equal records, so the number tells them apart)."""
        imports = repo.imports(code)
        return repr((len(imports), imports[-1:]))

    def _preview(self, code: str, name: str, body: bytes):
        """(every error of the file as the API answers them, None, "") or ([], the diff from the stored inventory,
        the last import it was made against)."""
        from rdflib import Graph

        from ..diff import diff_inventories
        from ..inventory import load_files
        from .app import _not_written

        with tempfile.TemporaryDirectory(prefix="ea-repo-upload-") as tmp:
            path = Path(tmp) / name
            path.write_bytes(body)
            try:
                loaded = load_files([path], code)
            except EaRepoError as exc:
                answer = json.loads(_not_written(exc, tmp).body)
                return answer["errors"] or [_refusal_of(answer)], None, ""
        with self.api._open() as repo:
            old = repo.inventory(code) if repo.has_inventory(code) else Graph()
            last = self._last_import(repo, code)
        return [], diff_inventories(old, loaded.graph, code), last

    async def confirm(self, request: Request):
        form = await _small_form(request)
        user, code, refused = await self._writer(request, form)
        if refused is not None:
            return refused
        with self.pending_lock:
            p = self.pending.get(form.get("ticket", ""))
            if p is None or p.user != user.name or p.kommune != code or time.monotonic() - p.made > PENDING_S:
                p = None
            else:
                del self.pending[form["ticket"]]
        if p is None:
            return self.refusal(request, user, 409, "expired_upload")
        with self.api._open() as repo:
            if self._last_import(repo, code) != p.previewed:  # the diff shown is no longer the change it would make
                return self.refusal(request, user, 409, "changed_since")
        answer = await run_in_threadpool(self.api._import, user, code, p.name, p.body, False)
        doc = json.loads(answer.body)
        if not doc.get("written"):
            said = _refusal_of(doc)
            return self.refusal(request, user, 409, text=(self.lang(request, user) == "nb" and said["problem_nb"])
                                or said["problem"])
        return RedirectResponse(f"/kommuner/{code}/?stored=1", status_code=303)

    # -- waivers --------------------------------------------------------------------------------------------------
    def waivers_page(self, request: Request):
        user, code, refused = self._reader(request)
        if refused is not None:
            return refused
        return self._waivers(request, user, code)

    def _waivers(self, request: Request, user: User, code: str, *, errors=(), proposal=None, status: int = 200):
        """The waivers page (after a refused proposal or decision: with its mistakes, and what was proposed)."""
        lang = self.lang(request, user)
        rows, _, inv = self.rows(code, lang)
        t = TEXTS[lang]
        proposal = proposal or {k: request.query_params.get(k, "") for k in ("rule", "system")}
        return self.render(request, "page_waivers.html.j2", user, title=f"{t['waivers']} – {code}", code=code,
                           waivers=self.waivers(code), may_write=self.may_write(user, code), inv=inv,
                           rules=sorted({r["rule"] for r in rows}), proposal=proposal, errors=errors, status=status,
                           today=(self.api.today or dt.date.today()))

    async def propose(self, request: Request):
        form = await _small_form(request)
        user, code, refused = await self._writer(request, form)
        if refused is not None:
            return refused
        body = {k: form.get(k, "") for k in ("rule", "system", "justification", "expires")}
        answer = await run_in_threadpool(self.api._propose, user, code, body)
        doc = json.loads(answer.body)
        if answer.status_code != 201:
            return self._waivers(request, user, code, errors=doc.get("errors") or [_refusal_of(doc)],
                                 proposal=body, status=answer.status_code)
        return RedirectResponse(f"/kommuner/{code}/waivers#waiver-{doc['id']}", status_code=303)

    async def decide(self, request: Request):
        from ..waivers import DECISIONS

        form = await _small_form(request)
        user, code, refused = await self._writer(request, form)
        if refused is not None:
            return refused
        decision = request.path_params["decision"]
        n = request.path_params["n"]
        if decision not in DECISIONS or not n.isdigit():
            return self.refusal(request, user, 404)
        answer = await run_in_threadpool(self.api._decide, user, code, int(n), decision, form.get("reason", "").strip())
        if answer.status_code != 200:
            doc = json.loads(answer.body)
            return self._waivers(request, user, code, errors=[_refusal_of(doc)], status=answer.status_code)
        return RedirectResponse(f"/kommuner/{code}/waivers#waiver-{n}", status_code=303)

    # -- the integration map -----------------------------------------------------------------------------------
    def _map(self, request: Request, code: str, lang: str):
        """(the systems the filters keep, with their worst finding and flow counts; every system's count; the
        options; the filters; the inventory)."""
        inv = self.inventory(code)
        rows, _, _ = self.rows(code, lang)
        marks: dict[str, set[str]] = {}
        for r in rows:
            for s in r["systems"]:
                marks.setdefault(s, set()).add("waived" if r["waived"] else
                                               (r["severity"] if r["answer"] == "not-met" else "not-known"))
        f = {k: request.query_params.get(k, "") for k in ("category", "lifecycle", "finding")}
        systems = []
        for sid, row in sorted(inv.systems.items()):
            cats, life, mine = _ids(row.get("category")), _cell(row.get("lifecycle")), marks.get(sid, set())
            worst = next((m for m in (*SEVERITIES, "not-known") if m in mine), "none")
            if (f["category"] and f["category"] not in cats) or (f["lifecycle"] and life != f["lifecycle"]):
                continue
            finding = f["finding"]
            if finding and not (finding == "any" and mine & set(SEVERITIES) or finding == "none" and worst == "none"
                                or finding in mine):
                continue
            systems.append({"id": sid, "name": _cell(row.get("name")) or sid, "category": cats, "lifecycle": life,
                            "worst": worst, "flows_in": len(inv.flows(sid, "consumer")),
                            "flows_out": len(inv.flows(sid, "provider"))})
        options = {"category": sorted({c for r in inv.systems.values() for c in _ids(r.get("category"))}),
                   "lifecycle": sorted({_cell(r.get("lifecycle")) for r in inv.systems.values()} - {""}),
                   "finding": ("any", *SEVERITIES, "not-known", "none")}
        return systems, len(inv.systems), options, f, inv

    def graph_page(self, request: Request):
        user, code, refused = self._reader(request)
        if refused is not None:
            return refused
        lang = self.lang(request, user)
        systems, total, options, f, inv = self._map(request, code, lang)
        src = f"/kommuner/{code}/graph.json?" + urlencode({k: v for k, v in f.items() if v})
        return self.render(request, "page_graph.html.j2", user, title=f"{TEXTS[lang]['graph']} – {code}", code=code,
                           systems=systems, total=total, options=options, f=f, inv=inv, src=src,
                           may_write=self.may_write(user, code))

    def graph_json(self, request: Request):
        """The map's nodes and edges: the systems the filters keep, the ends outside the inventory (national
        components, partners) their integrations reach, and one edge per provider and consumer."""
        from starlette.responses import JSONResponse

        user, code, refused = self._reader(request)
        if refused is not None:
            return refused
        systems, _, _, _, inv = self._map(request, code, self.lang(request, user))
        shown = {s["id"] for s in systems}
        nodes = [{"id": "s:" + s["id"], "label": s["name"], "kind": "system", "worst": s["worst"],
                  "lifecycle": s["lifecycle"], "href": f"/kommuner/{code}/systems/{s['id']}"} for s in systems]
        edges, outside = [], set()
        for iid, row in sorted(inv.integrations.items()):
            for p in _ids(row.get("provider")):
                for c in _ids(row.get("consumer")):
                    ends = [p, c]
                    if not any(e in shown for e in ends) or any(e in inv.systems and e not in shown for e in ends):
                        continue
                    outside |= {e for e in ends if e not in inv.systems}
                    key = lambda e: ("s:" if e in inv.systems else "x:") + e  # noqa: E731
                    edges.append({"id": f"e:{iid}:{p}:{c}", "source": key(p), "target": key(c), "integration": iid})
        nodes += [{"id": "x:" + e, "label": e, "kind": "external", "worst": "none"} for e in sorted(outside)]
        return JSONResponse({"nodes": nodes, "edges": edges})

    # -- the catalogue, search, co-operations ---------------------------------------------------------------------
    def catalogue(self, request: Request):
        from .. import catalog
        from ..namespaces import EA

        user = self.api.user(request)
        if user is None:
            return self.refusal(request, None, 401)
        kind = request.path_params.get("kind", "components")
        if kind not in CATALOGUE_KINDS:
            return self.refusal(request, user, 404)
        lang = self.lang(request, user)
        rows = catalog.entries(kind, lang)
        if kind == "components":  # each with its successor, by name
            g, names, iris = catalog.catalog_graph(), {r["id"]: r["name"] for r in rows}, catalog.component_ids()
            for r in rows:
                after = g.value(iris[r["id"]], EA.successor) if r["id"] in iris else None
                if after is not None:
                    sid = str(after).rsplit("/", 1)[-1]
                    r["successor"] = (sid, names.get(sid, sid))
        t = TEXTS[lang]
        return self.render(request, "page_catalogue.html.j2", user, title=f"{t['catalogue']}: {t[kind]}", kind=kind,
                           kinds=CATALOGUE_KINDS, rows=rows)

    def search(self, request: Request):
        user = self.api.user(request)
        if user is None:
            return self.refusal(request, None, 401)
        lang = self.lang(request, user)
        q = request.query_params.get("q", "").strip()[:200]
        hits = self._search(q, lang) if fold(q) else []
        t = TEXTS[lang]
        return self.render(request, "page_search.html.j2", user, title=t["search"], q=q, hits=hits)

    def _search(self, q: str, lang: str) -> list[dict]:
        """Systems, vendors and products of every kommune held, and the catalogue's components, whose name (or
        id) has a word starting with Q, case and accents folded; in kind, then name order."""
        from .. import catalog

        hits = []
        with self.api._open() as repo:
            held = [(s.kommune, s.name) for s in repo.summaries()]
        for code, kname in held:
            inv = self.inventory(code)
            for sid, row in inv.systems.items():
                href = f"/kommuner/{code}/systems/{sid}"
                if matches(q, _cell(row.get("name")), sid):
                    hits.append({"kind": "system", "name": _cell(row.get("name")) or sid, "href": href, "where": kname})
                for key in ("vendor", "product"):
                    if row.get(key) and matches(q, _cell(row[key])):
                        hits.append({"kind": key, "name": _cell(row[key]), "href": href,
                                     "where": f"{_cell(row.get('name')) or sid} ({kname})"})
        for r in catalog.entries("components", lang):
            if matches(q, r["name"], r["id"]):
                hits.append({"kind": "component", "name": r["name"], "href": f"/catalogue/components#c-{r['id']}",
                             "where": r.get("owner", "")})
        order = ("system", "vendor", "product", "component")
        return sorted(hits, key=lambda h: (order.index(h["kind"]), fold(h["name"]), h["where"]))

    def cooperations(self, request: Request):
        """Every co-operation with a member (or its own inventory) held, or one co-operation's overview: its
        members with the numbers of their checks and the installations they share."""
        from .. import cooperation

        user = self.api.user(request)
        if user is None:
            return self.refusal(request, None, 401)
        t, wanted = TEXTS[self.lang(request, user)], request.path_params.get("c")
        with self.api._open() as repo:
            held = {s.kommune: s.name for s in repo.summaries()}
            coops = [c for c in cooperation.declared(repo).values()
                     if set(c.members) & set(held) or cooperation.has_inventory(repo, c.id)]
            if wanted is None:
                return self.render(request, "page_cooperation.html.j2", user, title=t["cooperations"], coops=coops,
                                   coop=None, held=held)
            coop = next((c for c in coops if c.id == wanted), None)
            if coop is None:
                return self.refusal(request, user, 404)
            shared = cooperation.cooperation_systems(repo, coop)
        members = []
        for k in coop.members:
            if k in held:
                doc = self.check(k)
                members.append({"kommune": k, "name": held[k], "counts": doc["summary"]["by_kommune"].get(k, {}),
                                "assessment": doc["summary"]["assessment"].get(k, {})})
            else:
                members.append({"kommune": k, "name": "", "counts": None, "assessment": None})
        return self.render(request, "page_cooperation.html.j2", user, title=coop.name, coops=coops, coop=coop,
                           members=members, shared=shared, held=held)

    async def language(self, request: Request):
        """The bokmål/English switch: kept on the user's account, so every page (and the next sign-in) uses it."""
        form = await _small_form(request)
        user = self.form_user(request, form)
        if user is None:
            return self.refusal(request, self.api.user(request), 403, "err_403_csrf")
        if form.get("lang") in TEXTS:
            self.api.accounts.set_language(user.name, form["lang"])
        back = form.get("next", "/")
        if not back.startswith("/") or back.startswith("//") or "\\" in back:
            back = "/"  # only a page of this server
        return RedirectResponse(back, status_code=303)

    def routes(self) -> list[Route]:
        return [
            Route("/language", self.language, methods=["POST"]),
            Route("/kommuner/{k}/", self.kommune),
            Route("/kommuner/{k}/systems/{s}", self.system),
            Route("/kommuner/{k}/findings", self.worklist),
            Route("/kommuner/{k}/upload", self.upload_page, methods=["GET"]),
            Route("/kommuner/{k}/upload", self.upload, methods=["POST"]),
            Route("/kommuner/{k}/upload/confirm", self.confirm, methods=["POST"]),
            Route("/kommuner/{k}/waivers", self.waivers_page, methods=["GET"]),
            Route("/kommuner/{k}/waivers", self.propose, methods=["POST"]),
            Route("/kommuner/{k}/waivers/{n}/{decision}", self.decide, methods=["POST"]),
            Route("/kommuner/{k}/graph", self.graph_page),
            Route("/kommuner/{k}/graph.json", self.graph_json),
            Route("/rules/{code}", self.rule),
            Route("/catalogue", self.catalogue),
            Route("/catalogue/{kind}", self.catalogue),
            Route("/search", self.search),
            Route("/cooperations/", self.cooperations),
            Route("/cooperations/{c}/", self.cooperations),
            Route("/static/graph.js", _static("graph.js", "text/javascript")),
            *(Route(f"/static/vendor/{name}", _static(f"vendor/{name}", "text/javascript")) for name in VENDORED),
        ]


def _static(name: str, media: str):
    """An endpoint answering the file NAME of reports/ (our script or a vendored library, see reports/vendor/)."""
    async def serve(request: Request) -> Response:
        return Response((paths.reports_dir() / name).read_bytes(), media_type=media)

    return serve


async def _small_form(request: Request) -> dict[str, str]:
    from .app import _form

    return await _form(request) or {}


def worklist_xlsx(rows: list[dict], met: list[dict], t: dict[str, str]) -> bytes:
    """The worklist as a workbook: every text a string cell, so a text starting with '=' is never a formula
    (inventory text is data); no clock in the file."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.properties.creator = "ea-repo"
    wb.properties.created = wb.properties.modified = dt.datetime(2000, 1, 1)
    ws = wb.active
    ws.title = t["worklist"][:31]
    head = [t["severity"], t["rule"], t["area"], t["answer"], t["waived"], t["system"], t["kind"], t["id"], t["name"],
            t["message"], t["remedy"]]
    ws.append(head)
    for c in ws[1]:
        c.font = Font(bold=True)
    body = [[t.get(r["severity"], r["severity"]), r["rule"], r["area"], t[r["answer"]], t["waived"] if r["waived"] else "",
             ", ".join(r["systems"]), r["kind"], r["subject"], r["subject_label"], r["message"], r["remedy"]] for r in rows]
    body += [[t.get(r["severity"], r["severity"]), r["rule"], r["area"], t["met"], "", "", "", "", r["title"],
              f"{t['subjects']}: {r['count']}", ""] for r in met]
    for i, values in enumerate(body, start=2):
        for j, v in enumerate(values, start=1):
            if v:
                cell = ws.cell(row=i, column=j)
                cell.value = str(v)
                cell.data_type = "s"  # a text starting with '=' stays text
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _refusal_of(doc: dict) -> dict:
    """The API's refusal {"error", "error_nb"} as one error row of a page (problem, problem_nb)."""
    return {"problem": doc.get("error", ""), "problem_nb": doc.get("error_nb")}
