"""The JSON API of `ea-repo serve` (Starlette on uvicorn) over one repository (a folder or a SPARQL server).

Every request but /api/health and POST /api/session carries ``Authorization: Bearer TOKEN`` (a token from
`ea-repo users token`, or one POST /api/session gives for a user and password, valid for SESSION_HOURS). Reads
need any account; a write needs the right to write that kommune (accounts.User.may_write), checked on the
kommune of the URL. Answers carry security headers (a CSP without inline script, frame-ancestors none, nosniff).

    GET  /api/health
    POST /api/session                       {"user", "password"} -> {"token", "expires"}   (rate-limited)
    GET  /api/kommuner                      the kommuner held, as `ea-repo list --json`
    GET  /api/cooperations                  the co-operations known (catalogue and repository), their members
    PUT  /api/cooperations/{c}/inventory    the co-operation's shared installations (as import --cooperation c),
                                            by an admin or the co-operation's admin (?filename=, ?dry_run=1)
    GET  /api/kommuner/{k}/findings         as `ea-repo check --kommune k --format json` (?severity=, ?rule=, ?lang=)
    GET  /api/kommuner/{k}/inventory        the inventory (?format=ttl|jsonld|nt, default ttl)
    PUT  /api/kommuner/{k}/inventory        a file in any import format (?filename=NAME.xlsx, ?dry_run=1);
                                            a bad file: 422 with the dry run's error list, nothing written
    GET  /api/kommuner/{k}/history          imports and the server's write log for the kommune
    GET  /api/kommuner/{k}/diff             as `ea-repo diff --kommune k --format json` (?since=previous|DATE)
    GET  /api/kommuner/{k}/waivers          the waivers kept for the kommune, each with its trail
    POST /api/kommuner/{k}/waivers          propose one: {"rule", "system" (an id or *), "justification", "expires"};
                                            it waives nothing until another user approves it
    POST /api/kommuner/{k}/waivers/{n}/{approve|reject|expire}   {"reason"} (a rejection needs one)
    GET  /api/catalog/{kind}                components, partners, standards or requirements (as `ea-repo catalog KIND --json`)
    GET  /kommuner/{k}/report.html          the kommune's report page (its script from /static/report.js;
                                            /kommuner/{k}.html, where the overview's links lead, sends there)
    GET  /kommuner/{k}/plan.html            the kommune's handlingsplan page (ea_repo/plan), made from the same check
    GET  /kommuner/index.html               the overview page of the kommuner held (?kommune= repeatable: of those)
    GET|POST /api/sparql                    a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE; no update,
                                            no SERVICE), at most SPARQL_ROWS rows, SPARQL_SECONDS to answer
    GET  /api/openapi.json                  this API described (OpenAPI 3.1)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import tempfile
import threading
import time
from collections import OrderedDict, defaultdict, deque
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from .. import paths
from ..errors import EaRepoError, input_errors
from ..i18n import Msg, msg
from .accounts import Accounts, User

SESSION_HOURS = 8
SESSION_COOKIE, CSRF_COOKIE = "ea_session", "ea_csrf"
MAX_FORM = 8192
LOGIN_WINDOW_S, LOGIN_FAILURES = 600, 5  # at most 5 failed sign-ins per user and address in 10 minutes
MAX_UPLOAD = 50 * 2**20
SPARQL_ROWS, SPARQL_SECONDS = 10_000, 20
ANSWERS_KEPT = 64  # checks and report pages kept for the repository's current state
UPLOAD_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".json", ".ttl", ".nt", ".trig", ".jsonld", ".xml", ".archimate", ".zip")
EXPORTS = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples"}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class _Headers(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        response.headers.update({"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                                 "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer",
                                 "Cache-Control": "no-store"})
        return response


def _lang(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "nb"


PAGE_TEXTS = {
    "nb": {"skip": "Gå til innholdet", "title_signin": "Logg inn", "title_home": "Kommunene i repositoryet",
           "user": "Brukernavn", "password": "Passord", "sign_in": "Logg inn", "sign_out": "Logg ut",
           "signed_in_as": "Logget inn som", "kommuner_held": "Kommunene repositoryet har", "kommune": "Kommune",
           "name": "Navn", "systems": "Systemer", "last_import": "Sist importert", "report": "Rapport",
           "catalogue": "Katalogen", "cooperations": "Samarbeid", "search": "Søk",
           "wrong": "Feil brukernavn eller passord.", "too_many": "For mange mislykkede forsøk; vent litt og prøv igjen."},
    "en": {"skip": "Skip to content", "title_signin": "Sign in", "title_home": "The kommuner in the repository",
           "user": "User name", "password": "Password", "sign_in": "Sign in", "sign_out": "Sign out",
           "signed_in_as": "Signed in as", "kommuner_held": "The kommuner the repository holds", "kommune": "Kommune",
           "name": "Name", "systems": "Systems", "last_import": "Last import", "report": "Report",
           "catalogue": "Catalogue", "cooperations": "Co-operations", "search": "Search",
           "wrong": "Wrong user name or password.", "too_many": "Too many failed sign-ins; wait and try again."},
}


async def _form(request: Request) -> dict[str, str] | None:
    """A small url-encoded form's fields (the last of each name), or None when it is not one."""
    from urllib.parse import parse_qs

    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return None
    body = await request.body()
    if len(body) > MAX_FORM:
        return None
    try:
        return {k: v[-1] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
    except UnicodeDecodeError:
        return None


NOT_SIGNED_IN = msg("sign in: Authorization: Bearer TOKEN", "logg inn: Authorization: Bearer TOKEN")
NOT_HELD = msg("no such kommune in this repository", "repositoryet har ingen slik kommune")
NO_SUCH_WAIVER = msg("no such waiver", "det finnes ikke noe slikt unntak")


def _error(status: int, text: str, **extra) -> JSONResponse:
    """A refusal in JSON: "error" in English (what scripts read) and, where the text has one, "error_nb" in bokmål."""
    nb = {"error_nb": text.nb} if isinstance(text, Msg) else {}
    return JSONResponse({"ok": False, "error": str(text), **nb, **extra}, status_code=status)


class Api:
    def __init__(self, repo: str, accounts: Accounts, *, today: dt.date | None = None, secure_cookies: bool = True):
        from ..remote import is_url
        from ..store import Repository

        self.repo, self.accounts, self.today, self.secure_cookies = repo, accounts, today, secure_cookies
        self.csrf_key = secrets.token_bytes(32)  # signs the forms' CSRF tokens (a restart asks for a new sign-in form)
        self.shared = None if is_url(repo) else Repository(repo)
        self.failures: dict[tuple[str, str], deque] = defaultdict(deque)
        # checks and pages by (what, kommune, language, check date, repository state): a read between two writes
        # is answered from here; any write changes the state, so nothing stale is served
        self.answers: OrderedDict = OrderedDict()
        self.building: dict = defaultdict(threading.Lock)
        self.answers_lock = threading.Lock()
        self.write_lock = threading.Lock()  # one write at a time from this server (the store takes one writer)
        self.pool = None

    def executor(self):
        """The server's pool of check processes (one per core, started on the first check): a check is CPU work in
        Python, so in this process's threads two checks, or a check and the other requests, would take turns."""
        with self.answers_lock:
            if self.pool is None:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                from ..check import default_jobs

                # spawned, not forked: this process has threads (and an open store) a fork would copy mid-step
                self.pool = ProcessPoolExecutor(max_workers=default_jobs(), mp_context=multiprocessing.get_context("spawn"))
            return self.pool

    # -- who asks --------------------------------------------------------------------------------
    def user(self, request: Request) -> User | None:
        """The bearer token's user; or, on a read only (GET, HEAD), the session cookie's: a write through the API
        always carries its token, so a page elsewhere cannot make a signed-in browser write."""
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            return self.accounts.by_token(auth[7:].strip())
        if request.method in ("GET", "HEAD") and (cookie := request.cookies.get(SESSION_COOKIE)):
            return self.accounts.by_token(cookie)
        return None

    def location(self):
        """What a request reads and writes through: the server's one open embedded repository (RocksDB lets one
        process write while it reads, and a read-only copy beside a writer would see files vanish), or the URL of
        a SPARQL server (opened per request, so each write carries the revision that request read)."""
        return self.shared if self.shared is not None else self.repo

    def _open(self, read_only: bool = True):
        from ..store import using

        return using(self.location(), read_only=read_only)

    def _members(self, coop_id: str) -> tuple[str, ...]:
        from .. import cooperation

        try:
            with self._open() as repo:
                return cooperation.get(repo, coop_id).members
        except EaRepoError:
            return ()

    def _kommune(self, request: Request) -> str | None:
        from ..inventory import check_kommune

        try:
            return check_kommune(request.path_params["k"])
        except EaRepoError:
            return None

    def _unsigned(self, request: Request) -> JSONResponse | None:
        """The 401 answer when the request is not signed in, else None."""
        return _error(401, NOT_SIGNED_IN) if self.user(request) is None else None

    def _subject(self, request: Request) -> tuple[str | None, JSONResponse | None]:
        """(the kommune of the URL, None) when the request is signed in and the repository holds it; else
        (None, the answer: 401 or 404)."""
        if (refused := self._unsigned(request)) is not None:
            return None, refused
        code = self._kommune(request)
        if code is None or not self._held(code):
            return None, _error(404, NOT_HELD)
        return code, None

    # -- endpoints ---------------------------------------------------------------------------------
    async def health(self, request: Request):
        return JSONResponse({"ok": True})

    def _sign_in(self, name: str, password: str, request: Request) -> tuple[User | None, JSONResponse | None]:
        """The user NAME signed in with PASSWORD, or the refusal (401; 429 after LOGIN_FAILURES failures from one
        address in LOGIN_WINDOW_S, the right password too)."""
        key, now = (name, request.client.host if request.client else "?"), time.monotonic()
        recent = self.failures[key]
        while recent and now - recent[0] > LOGIN_WINDOW_S:
            recent.popleft()
        if len(recent) >= LOGIN_FAILURES:
            return None, _error(429, msg("too many failed sign-ins; wait and try again",
                                         "for mange mislykkede innlogginger; vent litt og prøv igjen"), retry_after_s=LOGIN_WINDOW_S)
        user = self.accounts.by_password(name, password)
        if user is None:
            recent.append(now)
            return None, _error(401, msg("wrong user name or password", "feil brukernavn eller passord"))
        recent.clear()
        return user, None

    async def session(self, request: Request):
        try:
            body = json.loads(await request.body() or b"{}")
            name, password = str(body["user"]), str(body["password"])
        except (ValueError, KeyError, TypeError):
            return _error(400, "send JSON {\"user\": …, \"password\": …}")
        user, refused = await run_in_threadpool(self._sign_in, name, password, request)  # (Argon2: CPU work)
        if refused is not None:
            return refused
        token, expires = self.accounts.new_session(user.name, SESSION_HOURS)
        return JSONResponse({"ok": True, "token": token, "expires": expires, "role": user.role})

    # -- the pages: sign in with a form (a session cookie, CSRF tokens on every form), the kommuner held -----------
    def _csrf(self, value: str) -> str:
        return hmac.new(self.csrf_key, value.encode(), hashlib.sha256).hexdigest()

    def _page(self, request: Request, page: str, status: int = 200, **values) -> HTMLResponse:
        from ..report import environment

        lang = _lang(request)
        t = PAGE_TEXTS[lang]
        html = environment().get_template("server.html.j2").render(
            page=page, lang=lang, t=t, title=t["title_" + page], css=(paths.reports_dir() / "report.css").read_text(encoding="utf-8"),
            **values)
        return HTMLResponse(html, status_code=status)

    def _cookie(self, response: Response, name: str, value: str, max_age: int | None) -> None:
        response.set_cookie(name, value, max_age=max_age, path="/", secure=self.secure_cookies, httponly=True,
                            samesite="strict")

    # (an endpoint that reads the repository is a plain def: Starlette runs it in its thread pool, off the event loop)
    def home(self, request: Request):

        user = self.user(request)
        if user is None:
            return RedirectResponse(f"/signin?lang={_lang(request)}", status_code=303)
        with self._open() as repo:
            rows = repo.summaries()
        token = request.cookies.get(SESSION_COOKIE, "")
        return self._page(request, "home", user=user, kommuner=rows, csrf=self._csrf("out:" + token))

    async def signin_page(self, request: Request, *, error: str = "", name: str = "", status: int = 200):
        nonce = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
        response = self._page(request, "signin", status, csrf=self._csrf("in:" + nonce), error=error, name=name)
        self._cookie(response, CSRF_COOKIE, nonce, None)
        return response

    async def _checked_form(self, request: Request, cookie: str, purpose: str) -> dict[str, str] | None:
        """The form's fields when its CSRF token is the one made for PURPOSE and the browser's COOKIE, else None."""
        form, value = await _form(request), request.cookies.get(cookie, "")
        if form is None or not value or not hmac.compare_digest(form.get("csrf", ""), self._csrf(purpose + value)):
            return None
        return form

    async def signin(self, request: Request):

        form = await self._checked_form(request, CSRF_COOKIE, "in:")
        if form is None:
            return _error(403, "the form's CSRF token is missing or wrong: open the sign-in page again")
        t = PAGE_TEXTS[_lang(request)]
        name = form.get("user", "")
        user, refused = await run_in_threadpool(self._sign_in, name, form.get("password", ""), request)
        if refused is not None:
            return await self.signin_page(request, error=t["too_many"] if refused.status_code == 429 else t["wrong"],
                                          name=name, status=refused.status_code)
        token, _ = self.accounts.new_session(user.name, SESSION_HOURS)
        response = RedirectResponse(f"/?lang={_lang(request)}", status_code=303)
        self._cookie(response, SESSION_COOKIE, token, SESSION_HOURS * 3600)
        response.delete_cookie(CSRF_COOKIE, path="/")
        return response

    async def signout(self, request: Request):

        if await self._checked_form(request, SESSION_COOKIE, "out:") is None:
            return _error(403, "the form's CSRF token is missing or wrong")
        self.accounts.end_session(request.cookies[SESSION_COOKIE])
        response = RedirectResponse(f"/signin?lang={_lang(request)}", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    def kommuner(self, request: Request):
        if (refused := self._unsigned(request)) is not None:
            return refused
        with self._open() as repo:
            rows = [{"kommune": s.kommune, "name": s.name, "systems": s.systems, "interfaces": s.interfaces,
                     "integrations": s.integrations, "triples": s.triples, "last_import": s.last_import,
                     "fictional": s.fictional} for s in repo.summaries()]
        return JSONResponse(rows)

    def cooperations(self, request: Request):
        """The co-operations the server knows (the catalogue's and those declared in the repository), with their
        members and whether the repository holds a shared inventory for them."""
        from .. import cooperation

        if (refused := self._unsigned(request)) is not None:
            return refused
        with self._open() as repo:
            coops = cooperation.declared(repo)
            shared = set(cooperation.with_inventory(repo))
        return JSONResponse([{"id": c.id, "name": c.name, "members": list(c.members), "orgnr": c.orgnr,
                              "declared_in": c.origin, "shared_inventory": c.id in shared, "fictional": c.fictional}
                             for c in sorted(coops.values(), key=lambda c: c.id)])

    def _held(self, code: str) -> bool:
        with self._open() as repo:
            return repo.has_inventory(code)

    def findings(self, request: Request):
        code, refused = self._subject(request)
        if refused is not None:
            return refused
        doc = json.loads(self._check_json(code, _lang(request)))
        severity, rule = request.query_params.get("severity"), request.query_params.get("rule")
        for key in ("findings", "not_known"):
            doc[key] = [f for f in doc.get(key, []) if (not severity or f.get("severity") == severity)
                        and (not rule or f.get("rule") == rule)]
        return JSONResponse(doc)

    def _cached(self, what: str, code: str | None, lang: str, build):
        """BUILD()'s answer for this state of kommune CODE (None: of the whole repository), built once however many
        ask at the same time."""
        day = self.today or dt.date.today()
        with self._open() as repo:
            key = (what, code, lang, day.isoformat(), repo.state(code))
        with self.building[key]:
            with self.answers_lock:
                if key in self.answers:
                    self.answers.move_to_end(key)
                    return self.answers[key]
            value = build()
            with self.answers_lock:
                self.answers[key] = value
                while len(self.answers) > ANSWERS_KEPT:
                    old, _ = self.answers.popitem(last=False)
                    self.building.pop(old, None)
            return value

    def _check_json(self, code: str, lang: str) -> str:
        """`check --format json` of CODE in LANG: one check for this state, written once per language."""
        from ..writers import write_json

        return self._cached("findings", code, lang, lambda: write_json(self._cached("check", code, "", lambda: self._run_check(code)), lang))

    def _run_check(self, code: str):
        from .. import check
        from ..store import now_iso

        return check.run(check.CheckRequest(today=self.today or dt.date.today(), repo_path=self.location(), kommuner=(code,),
                                            jobs=1, checked_at=now_iso(), executor=self.executor()))

    def get_inventory(self, request: Request):
        if (refused := self._unsigned(request)) is not None:
            return refused
        code = self._kommune(request)
        fmt = request.query_params.get("format", "ttl")
        if fmt not in EXPORTS:
            return _error(400, f"format must be one of {', '.join(EXPORTS)}")
        if code is None or not self._held(code):
            return _error(404, NOT_HELD)
        from ..inventory import export_inventory

        with self._open() as repo:
            text = export_inventory(repo, code, fmt)
        return PlainTextResponse(getattr(text, "data", text), media_type=EXPORTS[fmt])

    async def put_inventory(self, request: Request):
        user = self.user(request)
        if user is None:
            return _error(401, NOT_SIGNED_IN)
        code = self._kommune(request)
        if code is None:
            return _error(404, msg("not a kommunenummer of the catalogue", "ikke et kommunenummer i katalogen"))
        if not user.may_write(code, self._members):
            return _may_not_write(user, code)
        name, body, refused = await _upload(request)
        if refused is not None:
            return refused
        return await run_in_threadpool(self._import, user, code, name, body, _dry_run(request))

    async def put_cooperation_inventory(self, request: Request):
        """The co-operation's own inventory (its shared installations), written by an admin or by the co-operation's
        own admin: as `ea-repo import FILE --cooperation ID`."""
        user = self.user(request)
        if user is None:
            return _error(401, NOT_SIGNED_IN)
        coop_id = request.path_params["c"]
        if not self._members(coop_id):
            return _error(404, msg("no such co-operation: declare it first (`ea-repo cooperation import`)",
                                   "det finnes ikke noe slikt samarbeid: registrer det først (`ea-repo cooperation import`)"))
        if not user.may_write_cooperation(coop_id):
            return _error(403, msg(f"{user.name} ({user.role}) may not write co-operation {coop_id}",
                                   f"{user.name} ({user.role}) har ikke skrivetilgang til samarbeidet {coop_id}"))
        name, body, refused = await _upload(request)
        if refused is not None:
            return refused
        return await run_in_threadpool(self._import_cooperation, user, coop_id, name, body, _dry_run(request))

    def _import_cooperation(self, user: User, coop_id: str, name: str, body: bytes, dry_run: bool):
        from .. import cooperation
        from ..store import now_iso

        def fields(loaded) -> dict:
            return {"cooperation": coop_id, "rows": loaded.rows, "triples": len(loaded.graph)}

        def check(path: Path) -> dict:
            with self._open() as repo:
                return fields(cooperation.load_inventory([path], coop_id, repo))

        return self._take(user, coop_id, name, body, dry_run, check,
                          lambda repo, path: fields(cooperation.import_inventory(repo, [path], coop_id, now_iso())))

    def _import(self, user: User, code: str, name: str, body: bytes, dry_run: bool):
        from ..inventory import import_inventory, load_files

        def check(path: Path) -> dict:
            loaded = load_files([path], code)
            return {"kommune": code, "rows": loaded.rows, "triples": len(loaded.graph), "encodings": dict(loaded.encodings)}

        def write(repo, path: Path) -> dict:
            loaded, record = import_inventory(repo, [path], code)
            return {"kommune": code, "rows": record.rows, "triples": record.triples, "encodings": dict(loaded.encodings)}

        return self._take(user, code, name, body, dry_run, check, write)

    def _take(self, user: User, target: str, name: str, body: bytes, dry_run: bool, check, write) -> JSONResponse:
        """An uploaded file, kept in a temporary folder while CHECK(path) (a dry run) or WRITE(repo, path) (under the
        write lock) reads it; each gives the answer's fields. A write is logged: who, what, the file and its SHA-256."""
        sha = hashlib.sha256(body).hexdigest()
        with tempfile.TemporaryDirectory(prefix="ea-repo-upload-") as tmp:
            path = Path(tmp) / name
            path.write_bytes(body)
            try:
                if dry_run:
                    return JSONResponse({"ok": True, "written": False, **check(path)})
                with self.write_lock, self._open(read_only=False) as repo:
                    done = write(repo, path)
            except EaRepoError as exc:
                return _not_written(exc, tmp)
        self.accounts.log_write(user.name, "import", target, name, sha, f"{done['rows']} rows, {done['triples']} triples")
        return JSONResponse({"ok": True, "written": True, **done, "sha256": sha, "by": user.name})

    def history(self, request: Request):
        code, refused = self._subject(request)
        if refused is not None:
            return refused
        with self._open() as repo:
            imports = [{"time": r.time, "rows": r.rows, "triples": r.triples, "format": r.fmt, "mode": r.mode,
                        "files": [{"name": n, "sha256": s} for n, s in r.files]} for r in repo.imports(code)]
        return JSONResponse({"kommune": code, "imports": imports, "writes": self.accounts.writes(code)})

    def diff(self, request: Request):
        from ..diff import SINCE_PREVIOUS, diff_since

        code, refused = self._subject(request)
        if refused is not None:
            return refused
        since = request.query_params.get("since", SINCE_PREVIOUS)
        if since != SINCE_PREVIOUS:
            try:
                since = dt.date.fromisoformat(since)
            except ValueError:
                return _error(400, "since: previous, or a date YYYY-MM-DD")
        try:
            with self._open() as repo:
                d = diff_since(repo, code, since)
        except EaRepoError as exc:
            return _error(409, _said(exc))
        return JSONResponse(d.as_dict())

    def _writer(self, request: Request, user: User | None = None) -> tuple[User | None, str | None, JSONResponse | None]:
        """(the user, the kommune of the URL, None) when the user (the request's, or USER: a web form's, see
        pages.py) may write that kommune and it is held; else the answer: 401, 404 or 403."""
        user = user or self.user(request)
        if user is None:
            return None, None, _error(401, NOT_SIGNED_IN)
        code = self._kommune(request)
        if code is None or not self._held(code):
            return None, None, _error(404, NOT_HELD)
        if not user.may_write(code, self._members):
            return None, None, _may_not_write(user, code)
        return user, code, None

    async def _json_body(self, request: Request) -> dict | None:
        try:
            body = json.loads(await request.body() or b"{}")
        except ValueError:
            return None
        return body if isinstance(body, dict) else None

    def waivers(self, request: Request):
        from ..waivers import stored_waivers

        code, refused = self._subject(request)
        if refused is not None:
            return refused
        day = self.today or dt.date.today()
        with self._open() as repo:
            return JSONResponse({"kommune": code, "waivers": [w.as_dict(day) for w in stored_waivers(repo, code)]})

    async def propose_waiver(self, request: Request):
        user, code, refused = self._writer(request)
        if refused is not None:
            return refused
        body = await self._json_body(request)
        if body is None:
            return _error(400, 'send JSON {"rule", "system", "justification", "expires"}')
        return await run_in_threadpool(self._propose, user, code, body)

    def _propose(self, user: User, code: str, body: dict):
        from .. import rules
        from ..waivers import propose_waiver

        day = self.today or dt.date.today()
        try:
            with self.write_lock, self._open(read_only=False) as repo:
                w = propose_waiver(repo, code, rule=body.get("rule"), system=body.get("system"),
                                   justification=body.get("justification"), expires=body.get("expires"), by=user.name,
                                   today=day, known_rules=rules.waivable_codes())
        except EaRepoError as exc:
            return _not_written(exc)
        self.accounts.log_write(user.name, "waiver-propose", code, None, None, f"waiver {code}/{w.id}: {w.rule} {w.system}")
        return JSONResponse({"ok": True, **w.as_dict(day)}, status_code=201)

    async def decide_waiver(self, request: Request):
        from ..waivers import DECISIONS

        user, code, refused = self._writer(request)
        if refused is not None:
            return refused
        decision = request.path_params["decision"]
        if decision not in DECISIONS:
            return _error(404, f"decide with one of {', '.join(DECISIONS)}")
        try:
            n = int(request.path_params["n"])
        except ValueError:
            return _error(404, NO_SUCH_WAIVER)
        body = await self._json_body(request)
        if body is None:
            return _error(400, 'send JSON {"reason": …} (or nothing)')
        return await run_in_threadpool(self._decide, user, code, n, decision, str(body.get("reason") or ""))

    def _decide(self, user: User, code: str, n: int, decision: str, reason: str):
        from ..waivers import decide_waiver, stored_waiver

        day = self.today or dt.date.today()
        with self.write_lock, self._open(read_only=False) as repo:
            w = stored_waiver(repo, code, n)
            if w is None:
                return _error(404, NO_SUCH_WAIVER)
            if decision == "approve" and w.proposed_by == user.name:
                return _error(403, msg(f"{user.name} proposed waiver {code}/{n}; another user must approve it",
                                       f"{user.name} foreslo unntak {code}/{n}; en annen bruker må godkjenne det"))
            try:
                w = decide_waiver(repo, code, n, decision, by=user.name, today=day, reason=reason)
            except EaRepoError as exc:
                return _error(409, _said(exc))
        self.accounts.log_write(user.name, f"waiver-{decision}", code, None, None,
                                f"waiver {code}/{n}: {w.rule} {w.system}" + (f" ({reason})" if reason else ""))
        return JSONResponse({"ok": True, **w.as_dict(day)})

    def catalog(self, request: Request):
        from .. import catalog

        if (refused := self._unsigned(request)) is not None:
            return refused
        kind = request.path_params["kind"]
        if kind not in catalog.ENTRY_KINDS:
            return _error(404, f"the catalogue lists {', '.join(catalog.ENTRY_KINDS)}")
        lang = _lang(request)
        return JSONResponse(catalog.entries(kind, lang))

    def report(self, request: Request):
        return self._report_page(request, "report")

    def plan_page(self, request: Request):
        return self._report_page(request, "plan")

    def report_from_index(self, request: Request):
        """/kommuner/{k}.html (the overview's links): sent on to the kommune's page, whose own links (its plan)
        are relative to it."""
        code = request.path_params["k"]
        if not (len(code) == 4 and code.isdigit()):
            return _error(404, NOT_HELD)
        query = f"?lang={_lang(request)}" if request.query_params.get("lang") else ""
        return RedirectResponse(f"/kommuner/{code}/report.html{query}", status_code=303)

    def _report_page(self, request: Request, which: str):
        code, refused = self._subject(request)
        if refused is not None:
            return refused
        try:
            pages = self._report(code, _lang(request))
        except EaRepoError as exc:  # an import landed while the page was made: ask again
            return _error(409, _said(exc))
        return HTMLResponse(pages[which])

    def _report(self, code: str, lang: str) -> dict[str, str]:
        return self._cached("report", code, lang, lambda: self._build_report(code, lang))

    def _build_report(self, code: str, lang: str) -> dict[str, str]:
        """The kommune's report page and its plan page, from one check, linking each other as the server serves them."""
        from ..plan.page import plan_page_name
        from ..report import build_reports, kommune_page_name

        reports = build_reports(self.location(), kommuner=[code], lang=lang, jobs=1, today=self.today, index=False,
                                executor=self.executor())
        report, plan = reports.pages[kommune_page_name(code)], reports.pages.get(plan_page_name(code), "")
        return {"report": external_script(report.replace(f'href="{plan_page_name(code)}"', 'href="plan.html"')),
                "plan": external_script(plan.replace(f'href="{kommune_page_name(code)}"', 'href="report.html"'))}

    def index_page(self, request: Request):
        """The overview page (index.html of `ea-repo report`) of the kommuner named by ?kommune= (repeatable), or
        of all held; its links lead to /kommuner/{k}.html."""
        if (refused := self._unsigned(request)) is not None:
            return refused
        codes = sorted(set(request.query_params.getlist("kommune")))
        if any(not c.isdigit() or not self._held(c) for c in codes):
            return _error(404, NOT_HELD)
        lang = _lang(request)
        try:
            page = self._cached("index", None, lang + ":" + ",".join(codes), lambda: self._build_index(codes, lang))
        except EaRepoError as exc:
            return _error(409, _said(exc))
        return HTMLResponse(page)

    def _build_index(self, codes: list[str], lang: str) -> str:
        from ..report import INDEX, build_reports

        reports = build_reports(self.location(), kommuner=codes or None, lang=lang, jobs=1, today=self.today, index=True,
                                executor=self.executor())
        return external_script(reports.pages[INDEX])

    async def sparql(self, request: Request):
        import asyncio

        if (refused := self._unsigned(request)) is not None:
            return refused
        if request.method == "POST":
            kind = request.headers.get("content-type", "").split(";")[0].strip()
            if kind == "application/sparql-query":
                query = (await request.body()).decode("utf-8", errors="replace")
            elif kind == "application/x-www-form-urlencoded":
                query = (await request.form()).get("query", "")
            else:
                return _error(415, "POST the query as application/sparql-query or a form field query=")
        else:
            query = request.query_params.get("query", "")
        if not query.strip():
            return _error(400, "give a SPARQL query: ?query=…")
        if len(query) > 100_000:
            return _error(413, "the query is longer than 100,000 characters")
        if _names_service(query):
            return _error(400, "SERVICE is not allowed: this endpoint queries this repository only")
        if (problem := _not_a_query(query)) is not None:  # checked here: a SPARQL server may take updates as queries
            return _error(400, f"only a read-only query (SELECT, ASK, CONSTRUCT, DESCRIBE) is answered here: {problem}")
        try:
            body, media = await asyncio.wait_for(run_in_threadpool(self._sparql, query), timeout=SPARQL_SECONDS)
        except TimeoutError:
            return _error(503, f"the query took longer than {SPARQL_SECONDS} s; narrow it down")
        except (SyntaxError, ValueError, OSError) as exc:  # pyoxigraph: a query it cannot parse or evaluate
            return _error(400, f"the query cannot be answered: {str(exc)[:300]}")
        except EaRepoError as exc:
            return _error(400, str(exc))
        return Response(body, media_type=media)

    def _sparql(self, query: str) -> tuple[bytes, str]:
        import pyoxigraph as ox

        with self._open() as repo:
            res = repo.query(query)
            if isinstance(res, bool) or isinstance(res, ox.QueryBoolean):
                return json.dumps({"head": {}, "boolean": bool(res)}).encode(), "application/sparql-results+json"
            if isinstance(res, ox.QueryTriples) or (isinstance(res, list) and res and isinstance(res[0], (ox.Triple, ox.Quad))):
                lines = []
                for i, t in enumerate(res):
                    if i >= SPARQL_ROWS:
                        break
                    lines.append(f"{t.subject} {t.predicate} {t.object} .")
                return ("\n".join(lines) + "\n").encode(), "application/n-triples"
            names = [v.value for v in res.variables] if hasattr(res, "variables") else (res[0]._names if res else [])
            rows = []
            for i, sol in enumerate(res):
                if i >= SPARQL_ROWS:
                    break
                rows.append({n: _json_term(sol[n]) for n in names if sol[n] is not None})
            return (json.dumps({"head": {"vars": names}, "results": {"bindings": rows}}, ensure_ascii=False).encode(),
                    "application/sparql-results+json")

    async def script(self, request: Request):
        return Response((paths.reports_dir() / "report.js").read_bytes(), media_type="text/javascript")

    async def openapi(self, request: Request):
        return JSONResponse(OPENAPI)


def _json_term(t) -> dict:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = t.datatype.value
    return out


def _not_a_query(text: str) -> str | None:
    """Why TEXT is not a SPARQL 1.1 query (an update, a syntax error), or None. Parsed by pyoxigraph on an empty
    store, so nothing is read or written; Virtuoso's query endpoint, for one, would run an update."""
    import pyoxigraph as ox

    try:
        ox.Store().query(text)
    except SyntaxError as exc:
        return str(exc)[:300]
    except (OSError, ValueError):  # evaluation on no data: parsed, so a query
        return None
    return None


def _names_service(query: str) -> bool:
    """Whether the query names SERVICE (outside its strings and IRIs)."""
    import re

    bare = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|<[^<>\s]*>', " ", query)
    return re.search(r"\bSERVICE\b", bare, re.IGNORECASE) is not None


def external_script(page: str) -> str:
    """The report page with its own script (report.js, no inventory text in it) loaded from /static, so the
    page needs no inline script."""
    js = (paths.reports_dir() / "report.js").read_text(encoding="utf-8")
    inline = f"<script>{js}</script>"
    if inline not in page:  # a page without the script: nothing to move
        return page
    return page.replace(inline, '<script src="/static/report.js"></script>', 1)


def _not_written(exc: EaRepoError, tmp: str = "") -> JSONResponse:
    """A write refused: every mistake of the input (422), or why it could not be written now (409); TMP, the
    server's temporary folder of an upload, left out of the text."""
    errors = [_public(e.as_dict(), tmp) for e in input_errors(exc)]
    said = _said(exc)
    return _error(422 if errors else 409, msg(_public_text(said, tmp), _public_text(said.nb, tmp)), written=False,
                  errors=errors)


async def _upload(request: Request) -> tuple[str, bytes, JSONResponse | None]:
    """The uploaded file of a PUT: (its name from ?filename=, its bytes, None), or the refusal (400, 413): larger
    than MAX_UPLOAD is refused by its length before it is sent, or as it comes when chunked."""
    name = Path(request.query_params.get("filename", "")).name
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        return name, b"", _error(400, msg(f"give ?filename=NAME with one of {', '.join(UPLOAD_SUFFIXES)}",
                                          f"oppgi ?filename=NAVN med en av {', '.join(UPLOAD_SUFFIXES)}"))
    too_large = _error(413, msg(f"the file is larger than {MAX_UPLOAD // 2**20} MB",
                                f"filen er større enn {MAX_UPLOAD // 2**20} MB"))
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_UPLOAD:
        return name, b"", too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_UPLOAD:
            return name, b"", too_large
    return name, bytes(body), None


def _dry_run(request: Request) -> bool:
    return request.query_params.get("dry_run") in ("1", "true", "yes")


def _may_not_write(user: User, code: str) -> JSONResponse:
    return _error(403, msg(f"{user.name} ({user.role}) may not write kommune {code}",
                           f"{user.name} ({user.role}) har ikke skrivetilgang til kommune {code}"))


def _said(exc: EaRepoError) -> Msg:
    """EXC's message in both languages."""
    return msg(exc.render("en"), exc.render("nb"))


def _public(d: dict, tmp: str) -> dict:
    """An error as the client may see it: the server's temporary folder left out of the file name."""
    return {**d, "file": _public_text(d["file"], tmp) if d.get("file") else d.get("file")}


def _public_text(text: str, tmp: str) -> str:
    return text.replace(tmp + "/", "").replace(tmp, "") if tmp else text


def create_app(repo: str, accounts_path: str | Path, *, today: dt.date | None = None) -> Starlette:
    api = Api(str(repo), Accounts(accounts_path), today=today)
    routes = [
        Route("/", api.home),
        Route("/signin", api.signin_page, methods=["GET"]),
        Route("/signin", api.signin, methods=["POST"]),
        Route("/signout", api.signout, methods=["POST"]),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/api/health", api.health),
        Route("/api/session", api.session, methods=["POST"]),
        Route("/api/kommuner", api.kommuner),
        Route("/api/cooperations", api.cooperations),
        Route("/api/cooperations/{c}/inventory", api.put_cooperation_inventory, methods=["PUT"]),
        Route("/api/kommuner/{k}/findings", api.findings),
        Route("/api/kommuner/{k}/inventory", api.get_inventory, methods=["GET"]),
        Route("/api/kommuner/{k}/inventory", api.put_inventory, methods=["PUT"]),
        Route("/api/kommuner/{k}/history", api.history),
        Route("/api/kommuner/{k}/diff", api.diff),
        Route("/api/kommuner/{k}/waivers", api.waivers, methods=["GET"]),
        Route("/api/kommuner/{k}/waivers", api.propose_waiver, methods=["POST"]),
        Route("/api/kommuner/{k}/waivers/{n}/{decision}", api.decide_waiver, methods=["POST"]),
        Route("/api/catalog/{kind}", api.catalog),
        Route("/kommuner/{k}/report.html", api.report),
        Route("/kommuner/{k}/plan.html", api.plan_page),
        Route("/kommuner/index.html", api.index_page),
        Route("/kommuner/{k}.html", api.report_from_index),
        Route("/api/sparql", api.sparql, methods=["GET", "POST"]),
        Route("/static/report.js", api.script),
        Route("/api/openapi.json", api.openapi),
    ]
    from .pages import Pages

    routes += Pages(api).routes()  # the web pages (their own module)
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app):
        yield
        if api.pool is not None:
            api.pool.shutdown(cancel_futures=True)
        if api.shared is not None:  # flush and release the store when the server stops
            api.shared.close()
        api.accounts.close()

    return Starlette(routes=routes, middleware=[Middleware(_Headers)], lifespan=lifespan)


_K = {"name": "k", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[0-9]{4}$"},
      "examples": {"alver": {"value": "4631"}, "osteroy": {"value": "4630"}}}
_AUTH = [{"bearer": []}]
OPENAPI = {
    "openapi": "3.1.0",
    "info": {"title": "ea-repo", "version": "1", "description": "The repository of one or more kommuner's IT landscape."},
    "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    "paths": {
        "/api/health": {"get": {"responses": {"200": {"description": "the server runs"}}}},
        "/api/session": {"post": {"requestBody": {"content": {"application/json": {"schema": {
            "type": "object", "required": ["user", "password"],
            "properties": {"user": {"type": "string"}, "password": {"type": "string"}}}}}},
            "responses": {"200": {"description": "a session token"}, "401": {"description": "wrong user or password"},
                          "429": {"description": "too many failed sign-ins"}}}},
        "/api/kommuner": {"get": {"security": _AUTH, "responses": {"200": {"description": "the kommuner held"}}}},
        "/api/cooperations": {"get": {"security": _AUTH, "responses": {"200": {"description": "the co-operations known"}}}},
        "/api/kommuner/{k}/findings": {"get": {"security": _AUTH, "parameters": [
            _K, {"name": "severity", "in": "query", "schema": {"type": "string"}},
            {"name": "rule", "in": "query", "schema": {"type": "string"}},
            {"name": "lang", "in": "query", "schema": {"type": "string", "enum": ["nb", "en"]}}],
            "responses": {"200": {"description": "as check --format json"}, "404": {"description": "not held"}}}},
        "/api/kommuner/{k}/inventory": {
            "get": {"security": _AUTH, "parameters": [_K, {"name": "format", "in": "query", "schema": {
                "type": "string", "enum": sorted(EXPORTS)}}], "responses": {"200": {"description": "the inventory"}}},
            "put": {"security": _AUTH, "parameters": [
                _K, {"name": "filename", "in": "query", "required": True, "schema": {"type": "string"}},
                {"name": "dry_run", "in": "query", "schema": {"type": "string", "enum": ["0", "1"]}}],
                "requestBody": {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
                "responses": {"200": {"description": "imported (or checked)"}, "403": {"description": "not yours to write"},
                              "422": {"description": "every error in the file; nothing written"}}}},
        "/api/cooperations/{c}/inventory": {"put": {"security": _AUTH, "parameters": [
            {"name": "c", "in": "path", "required": True, "schema": {"type": "string"}, "example": "fjordnett-ikt"},
            {"name": "filename", "in": "query", "required": True, "schema": {"type": "string"}},
            {"name": "dry_run", "in": "query", "schema": {"type": "string", "enum": ["0", "1"]}}],
            "requestBody": {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
            "responses": {"200": {"description": "imported (or checked)"}, "403": {"description": "not yours to write"},
                          "404": {"description": "no such co-operation"},
                          "422": {"description": "every error in the file; nothing written"}}}},
        "/api/kommuner/{k}/history": {"get": {"security": _AUTH, "parameters": [_K],
                                              "responses": {"200": {"description": "imports and writes"}}}},
        "/api/kommuner/{k}/diff": {"get": {"security": _AUTH, "parameters": [
            _K, {"name": "since", "in": "query", "schema": {"type": "string"}}],
            "responses": {"200": {"description": "as diff --format json"}, "409": {"description": "nothing to compare"}}}},
        "/api/kommuner/{k}/waivers": {
            "get": {"security": _AUTH, "parameters": [_K], "responses": {"200": {"description": "the waivers kept"},
                                                                         "404": {"description": "not held"}}},
            "post": {"security": _AUTH, "parameters": [_K], "requestBody": {"content": {"application/json": {"schema": {
                "type": "object", "required": ["rule", "system", "justification", "expires"],
                "properties": {"rule": {"type": "string"}, "system": {"type": "string"},
                               "justification": {"type": "string"}, "expires": {"type": "string", "format": "date"}}}}}},
                "responses": {"201": {"description": "proposed"}, "403": {"description": "not yours to write"},
                              "422": {"description": "every mistake in the proposal; nothing written"}}}},
        "/api/kommuner/{k}/waivers/{n}/{decision}": {"post": {"security": _AUTH, "parameters": [
            _K, {"name": "n", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}},
            {"name": "decision", "in": "path", "required": True, "schema": {"type": "string",
                                                                           "enum": ["approve", "expire", "reject"]}}],
            "requestBody": {"content": {"application/json": {"schema": {
                "type": "object", "properties": {"reason": {"type": "string"}}}}}},
            "responses": {"200": {"description": "decided"}, "403": {"description": "not yours to decide"},
                          "404": {"description": "no such waiver"}, "409": {"description": "not in a state to decide so"}}}},
        "/api/catalog/{kind}": {"get": {"security": _AUTH, "parameters": [{"name": "kind", "in": "path", "required": True,
            "schema": {"type": "string", "enum": ["components", "partners", "requirements", "standards"]}}],
            "responses": {"200": {"description": "the entries"}, "404": {"description": "no such kind"}}}},
        "/api/sparql": {"get": {"security": _AUTH, "parameters": [{"name": "query", "in": "query", "required": True,
                                                                 "schema": {"type": "string"}}],
                                "responses": {"200": {"description": "SPARQL results (JSON) or N-Triples"},
                                              "400": {"description": "not a read-only query of this repository"}}}},
        "/kommuner/{k}/report.html": {"get": {"security": _AUTH, "parameters": [_K],
                                              "responses": {"200": {"description": "the report page"}}}},
        "/kommuner/{k}/plan.html": {"get": {"security": _AUTH, "parameters": [_K],
                                            "responses": {"200": {"description": "the handlingsplan page"}}}},
        "/kommuner/index.html": {"get": {"security": _AUTH, "parameters": [
            {"name": "kommune", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}}],
            "responses": {"200": {"description": "the overview page"}, "404": {"description": "a kommune not held"}}}},
    },
}
