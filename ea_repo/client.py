"""The command line as a client of `ea-repo serve` (ea_repo/server/app.py): the sign-ins kept per server, and one
function per API call the commands make with ``--server URL``.

    login(url, user, password)      POST /api/session; the token is kept in servers_file() (mode 0600)
    forget(url)                     ea-repo logout
    Client.signed_in(url)           a client with $EA_REPO_TOKEN, else the token kept for URL
    client.kommuner() / findings(k) / put_inventory(k, …) / inventory(k, fmt) / diff(k, since) / report(k) / script()

HTTP by requests, imported when a request is made (the command line's start-up stays light): TLS certificates
verified, a timeout on every request ($EA_REPO_HTTP_TIMEOUT seconds to answer, default 600: a check of a large
kommune takes a while), redirects followed only within the same host (never to another: the token would go with
them). The token is sent only in the Authorization header, never printed, logged or put in a message. Every
refusal of the server, and a server that cannot be reached or is not an ea-repo server, is a ServerError (exit
code 2) with its text in English and bokmål; a bad upload is the InputErrors of the file, as a local import
gives them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .errors import InputError, InputErrors, ServerError, UsageError
from .i18n import msg

TOKEN_ENV = "EA_REPO_TOKEN"
TIMEOUT_ENV = "EA_REPO_HTTP_TIMEOUT"
CONNECT_SECONDS, ANSWER_SECONDS = 10.0, 600.0
MAX_REDIRECTS = 5
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


# --- the sign-ins kept ---------------------------------------------------------------------------------------


def config_dir() -> Path:
    """$XDG_CONFIG_HOME/ea-repo (an absolute $XDG_CONFIG_HOME only, as the XDG spec says), else ~/.config/ea-repo."""
    base = os.environ.get("XDG_CONFIG_HOME", "")
    return (Path(base) if base and Path(base).is_absolute() else Path.home() / ".config") / "ea-repo"


def servers_file() -> Path:
    return config_dir() / "servers.json"


def normal_url(url: str) -> str:
    """The server's URL as the sign-ins are kept by: scheme and host in lower case, no trailing slash."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise UsageError(msg(f"'{url}' is not a server URL; give it as https://host[:port] (the address of `ea-repo serve`)",
                             f"'{url}' er ikke en tjeneradresse; oppgi den som https://vert[:port] (adressen til `ea-repo serve`)"))
    if parts.username or parts.password or parts.query or parts.fragment:
        raise UsageError(msg(f"give the server URL without user, password, query or fragment: {parts.scheme}://{parts.hostname}…",
                             f"oppgi tjeneradressen uten bruker, passord, spørring eller fragment: {parts.scheme}://{parts.hostname}…"))
    host = parts.hostname.lower()
    host = f"[{host}]" if ":" in host else host
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme.lower()}://{host}{port}{parts.path.rstrip('/')}"


def _read_servers() -> dict:
    path = servers_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        from .output import os_problem

        raise os_problem(exc, path, "read") from None
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise UsageError(msg(f"{path} is not the sign-in file ea-repo writes (not a JSON object); remove it and sign in "
                             "again with `ea-repo login URL`",
                             f"{path} er ikke innloggingsfilen ea-repo skriver (ikke et JSON-objekt); fjern den og logg inn "
                             "på nytt med `ea-repo login URL`"))
    return data


def _write_servers(data: dict) -> Path:
    """servers.json written atomically (a temporary file of mode 0600 renamed into place), in a folder of mode 0700."""
    import tempfile

    from .output import os_problem

    path = servers_file()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".servers-", suffix=".part")  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=2, sort_keys=True)
                fh.write("\n")
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise os_problem(exc, path) from None
    return path


def saved(url: str) -> dict | None:
    """The sign-in kept for URL ({token, expires, user, role}), or None."""
    entry = _read_servers().get(normal_url(url))
    return entry if isinstance(entry, dict) and isinstance(entry.get("token"), str) else None


def remember(url: str, entry: dict) -> Path:
    data = _read_servers()
    data[normal_url(url)] = entry
    return _write_servers(data)


def forget(url: str) -> dict | None:
    """Forget the sign-in kept for URL; returns it (None when there was none)."""
    data = _read_servers()
    entry = data.pop(normal_url(url), None)
    if entry is not None:
        _write_servers(data)
    return entry


def login(url: str, user: str, password: str) -> dict:
    """Sign in at URL and keep the session token: {user, role, expires, token, file}."""
    client = Client(url, token=None)
    answer = client.request("POST", "/api/session", json_body={"user": user, "password": password}, signing_in=True)
    if not isinstance(answer, dict) or not isinstance(answer.get("token"), str) or not answer.get("expires"):
        raise client.not_ea_repo("POST /api/session", "no token in the answer")
    entry = {"token": answer["token"], "expires": str(answer["expires"]), "user": user, "role": str(answer.get("role", ""))}
    return {**entry, "file": str(remember(client.url, entry))}


def _expired(expires: str | None) -> bool:
    if not expires:
        return False
    try:
        when = dt.datetime.fromisoformat(expires.replace("Z", "+00:00"))
    except ValueError:
        return False
    return when.tzinfo is not None and when <= dt.datetime.now(dt.UTC)


def local_time(expires: str) -> str:
    """An expiry time (ISO 8601, UTC) in the local time zone: '2026-12-01 18:04 CET'."""
    try:
        return dt.datetime.fromisoformat(expires.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M %Z")
    except ValueError:
        return expires


# --- the client ------------------------------------------------------------------------------------------------


class Client:
    """Requests to one `ea-repo serve` at URL with a bearer token."""

    def __init__(self, url: str, token: str | None, *, from_env: bool = False):
        self.url = normal_url(url)
        self._token = token
        self.from_env = from_env
        self._session = None

    def __repr__(self) -> str:  # never the token
        return f"Client({self.url!r})"

    @classmethod
    def signed_in(cls, url: str) -> Client:
        """A client with the token of $EA_REPO_TOKEN, else the one `ea-repo login URL` kept."""
        url = normal_url(url)
        token = os.environ.get(TOKEN_ENV, "").strip()
        if token:
            return cls(url, token, from_env=True)
        entry = saved(url)
        if entry is None:
            raise ServerError(msg(f"you are not signed in to {url}: run `ea-repo login {url}` (or set ${TOKEN_ENV} to a "
                                  "token from `ea-repo users token`)",
                                  f"du er ikke logget inn på {url}: kjør `ea-repo login {url}` (eller sett ${TOKEN_ENV} til "
                                  "et token fra `ea-repo users token`)"))
        if _expired(entry.get("expires")):
            when = local_time(entry["expires"])
            raise ServerError(msg(f"your sign-in at {url} ran out at {when}: run `ea-repo login {url}` again",
                                  f"innloggingen din på {url} gikk ut {when}: kjør `ea-repo login {url}` på nytt"))
        return cls(url, entry["token"])

    # -- HTTP ---------------------------------------------------------------------------------------------------
    def _http(self):
        if self._session is None:
            import requests

            class _Bearer(requests.auth.AuthBase):
                """The token in the Authorization header (set as auth, so no ~/.netrc entry replaces it)."""

                def __init__(self, token: str | None):
                    self.token = token

                def __call__(self, r):
                    if self.token:
                        r.headers["Authorization"] = f"Bearer {self.token}"
                    return r

            self._session = requests.Session()
            self._session.auth = _Bearer(self._token)
            self._session.headers["User-Agent"] = f"ea-repo/{_version()}"
        return self._session

    def _timeout(self) -> tuple[float, float]:
        try:
            answer = float(os.environ.get(TIMEOUT_ENV, ANSWER_SECONDS))
        except ValueError:
            answer = ANSWER_SECONDS
        return (min(CONNECT_SECONDS, answer), answer)

    def _send(self, method: str, path: str, *, params=None, data=None, json_body=None):
        import requests

        target = self.url + path
        http = self._http()
        for _ in range(MAX_REDIRECTS + 1):
            try:
                r = http.request(method, target, params=params, data=data, json=json_body, timeout=self._timeout(),
                                 allow_redirects=False)
            except requests.exceptions.SSLError as exc:
                if "CERTIFICATE_VERIFY_FAILED" not in str(exc):
                    raise ServerError(msg(f"no TLS connection to {self.url} ({_short(exc)}); is it the server's https:// "
                                          "address?",
                                          f"ingen TLS-forbindelse til {self.url} ({_short(exc)}); er det tjenerens "
                                          "https://-adresse?")) from None
                raise ServerError(msg(f"the TLS certificate of {self.url} cannot be verified ({_short(exc)}); if the "
                                      "server uses the organisation's own CA, point REQUESTS_CA_BUNDLE at its certificate",
                                      f"TLS-sertifikatet til {self.url} kan ikke verifiseres ({_short(exc)}); bruker tjeneren "
                                      "virksomhetens egen CA, sett REQUESTS_CA_BUNDLE til sertifikatet dens")) from None
            except requests.exceptions.Timeout:
                seconds = self._timeout()[1]
                raise ServerError(msg(f"{self.url} did not answer within {seconds:.0f} s; try again, or raise "
                                      f"${TIMEOUT_ENV}=<seconds>",
                                      f"{self.url} svarte ikke innen {seconds:.0f} s; prøv igjen, eller øk "
                                      f"${TIMEOUT_ENV}=<sekunder>")) from None
            except requests.exceptions.ConnectionError as exc:
                raise ServerError(msg(f"cannot reach {self.url} ({_short(exc)}); check the URL and that `ea-repo serve` "
                                      "runs there",
                                      f"får ikke kontakt med {self.url} ({_short(exc)}); sjekk adressen og at `ea-repo serve` "
                                      "kjører der")) from None
            except requests.RequestException as exc:
                raise ServerError(msg(f"the request to {self.url} failed ({_short(exc)})",
                                      f"forespørselen til {self.url} mislyktes ({_short(exc)})")) from None
            if r.status_code not in (301, 302, 303, 307, 308):
                return r
            location = urljoin(r.url, r.headers.get("Location", ""))
            if not _same_host(r.url, location):
                raise ServerError(msg(f"{self.url} redirects to {_origin(location)}; ea-repo follows no redirect to another "
                                      "host (your sign-in would go with it): give that URL if it is the server",
                                      f"{self.url} videresender til {_origin(location)}; ea-repo følger ingen videresending "
                                      "til en annen vert (innloggingen din ville følge med): oppgi den adressen hvis det er "
                                      "tjeneren"))
            if r.status_code in (301, 302, 303) and method not in ("GET", "HEAD"):
                raise ServerError(msg(f"{self.url} answers {method} {path} with a redirect ({r.status_code}) to "
                                      f"{_origin(location)}{urlsplit(location).path}; give the server's own URL",
                                      f"{self.url} svarer på {method} {path} med en videresending ({r.status_code}) til "
                                      f"{_origin(location)}{urlsplit(location).path}; oppgi tjenerens egen adresse"))
            target, params = location, None
        raise ServerError(msg(f"{self.url} redirects more than {MAX_REDIRECTS} times", f"{self.url} videresender mer enn "
                              f"{MAX_REDIRECTS} ganger"))

    def request(self, method: str, path: str, *, params=None, data=None, json_body=None, kommune: str | None = None,
                signing_in: bool = False, want: str = "json"):
        """The answer to one request: parsed JSON (WANT json), text or bytes; a refusal as a ServerError."""
        r = self._send(method, path, params=params, data=data, json_body=json_body)
        what = f"{method} {path}"
        if 200 <= r.status_code < 300:
            if want == "bytes":
                return r.content
            if want == "text":
                return r.content.decode("utf-8", errors="replace")
            if not r.headers.get("content-type", "").startswith("application/json"):
                raise self.not_ea_repo(what, f"HTTP {r.status_code}, {r.headers.get('content-type') or 'no content type'}")
            try:
                return r.json()
            except ValueError:
                raise self.not_ea_repo(what, "the answer is not JSON") from None
        raise self._refusal(r, what, kommune, signing_in)

    def not_ea_repo(self, what: str, detail: str) -> ServerError:
        return ServerError(msg(f"{self.url} does not answer as an ea-repo server ({what}: {detail}); check the URL: it is "
                               "the address `ea-repo serve` is reached at",
                               f"{self.url} svarer ikke som en ea-repo-tjener ({what}: {detail}); sjekk adressen: det er "
                               "adressen `ea-repo serve` nås på"))

    def _refusal(self, r, what: str, kommune: str | None, signing_in: bool) -> Exception:
        """The error an answer other than 2xx stands for."""
        status = r.status_code
        try:
            body = r.json() if r.headers.get("content-type", "").startswith("application/json") else None
        except ValueError:
            body = None
        said = _one_line(body.get("error")) if isinstance(body, dict) and body.get("error") else ""
        said_nb = _one_line(body.get("error_nb")) if said and isinstance(body.get("error_nb"), str) else said
        if status >= 500:
            return ServerError(msg(f"{self.url} failed to answer {what} (HTTP {status}); try again, and tell the server's "
                                   "administrator if it persists",
                                   f"{self.url} klarte ikke å svare på {what} (HTTP {status}); prøv igjen, og si fra til "
                                   "den som drifter tjeneren hvis det vedvarer"))
        if not said:  # an ea-repo server says why, in JSON
            return self.not_ea_repo(what, f"HTTP {status}, {r.headers.get('content-type') or 'no content type'}")
        k = f" kommune {kommune}" if kommune else ""
        if status == 401 and signing_in:
            return ServerError(msg(f"wrong user name or password for {self.url}", f"feil brukernavn eller passord for {self.url}"))
        if status == 401:
            if self.from_env:
                return ServerError(msg(f"{self.url} does not accept the token in ${TOKEN_ENV} (revoked, or for another "
                                       "server); get a new one with `ea-repo users token`",
                                       f"{self.url} godtar ikke tokenet i ${TOKEN_ENV} (trukket tilbake, eller for en annen "
                                       "tjener); lag et nytt med `ea-repo users token`"))
            return ServerError(msg(f"{self.url} no longer accepts your sign-in (it ran out or was revoked): run "
                                   f"`ea-repo login {self.url}` again",
                                   f"{self.url} godtar ikke lenger innloggingen din (den har gått ut eller er trukket "
                                   f"tilbake): kjør `ea-repo login {self.url}` på nytt"))
        if status == 429:
            wait = body.get("retry_after_s") if isinstance(body, dict) else None
            minutes = f"{int(wait) // 60} minutes" if isinstance(wait, (int, float)) and wait >= 60 else "a while"
            minutter = f"{int(wait) // 60} minutter" if isinstance(wait, (int, float)) and wait >= 60 else "en stund"
            return ServerError(msg(f"too many failed sign-ins at {self.url}; wait {minutes} and try again",
                                   f"for mange mislykkede innlogginger på {self.url}; vent {minutter} og prøv igjen"))
        if status == 403:
            return ServerError(msg(f"you may not write{k} on {self.url} (the server says: {said}); ask its "
                                   "administrator for the right role (`ea-repo users set-role`)",
                                   f"du har ikke skrivetilgang{' til' + k if k else ''} på {self.url} (tjeneren svarer: {said_nb}); be "
                                   "den som administrerer tjeneren om riktig rolle (`ea-repo users set-role`)"))
        if status == 404 and kommune:
            return self._not_held(kommune)
        if status == 422 and isinstance(body, dict) and isinstance(body.get("errors"), list) and body["errors"]:
            return InputErrors([InputError.from_dict(e) for e in body["errors"] if isinstance(e, dict)])
        return ServerError(msg(f"{self.url} refused {what} (HTTP {status}): {said}",
                               f"{self.url} avviste {what} (HTTP {status}): {said_nb}"))

    def _not_held(self, kommune: str) -> ServerError:
        try:
            held = ", ".join(row["kommune"] for row in self.kommuner()) or "none"
        except (ServerError, KeyError, TypeError):
            held = "?"
        ingen = "ingen" if held == "none" else held
        return ServerError(msg(f"{self.url} holds no inventory for kommune {kommune} (it holds: {held})",
                               f"{self.url} har ingen systemoversikt for kommune {kommune} (den har: {ingen})"))

    # -- the API ----------------------------------------------------------------------------------------------
    def kommuner(self) -> list[dict]:
        rows = self.request("GET", "/api/kommuner")
        if not isinstance(rows, list) or not all(isinstance(r, dict) and isinstance(r.get("kommune"), str) for r in rows):
            raise self.not_ea_repo("GET /api/kommuner", "not a list of kommuner")
        return rows

    def result(self, kommune: str, lang: str, rules: dict):
        """The check of KOMMUNE as a CheckResult (writers.read_json of the findings)."""
        from .writers import read_json

        doc = self.findings(kommune, lang)
        try:
            return doc, read_json(doc, rules)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise self.not_ea_repo(f"GET /api/kommuner/{kommune}/findings", f"not a check's JSON ({type(exc).__name__})") from None

    def findings(self, kommune: str, lang: str = "nb") -> dict:
        """The check of KOMMUNE as `check --format json` writes it (the server's language may differ from LANG)."""
        doc = self.request("GET", f"/api/kommuner/{kommune}/findings", params={"lang": lang}, kommune=kommune)
        if not isinstance(doc, dict) or "checked_at" not in doc or "findings" not in doc:
            raise self.not_ea_repo(f"GET /api/kommuner/{kommune}/findings", "not a check's JSON")
        return doc

    def put_inventory(self, kommune: str, filename: str, body: bytes, *, dry_run: bool = False,
                      shown: Callable[[str], str] | None = None) -> dict:
        """Import (or, DRY_RUN, only check) a file for KOMMUNE; a bad file raises the InputErrors of every mistake in it,
        their file names passed through SHOWN (the server's names -> the user's)."""
        return self._put(f"/api/kommuner/{kommune}/inventory", filename, body, dry_run, shown, kommune=kommune)

    def put_cooperation_inventory(self, coop_id: str, filename: str, body: bytes, *, dry_run: bool = False,
                                  shown: Callable[[str], str] | None = None) -> dict:
        """As put_inventory(), for the co-operation's own inventory (its shared installations)."""
        return self._put(f"/api/cooperations/{coop_id}/inventory", filename, body, dry_run, shown)

    def _put(self, path: str, filename: str, body: bytes, dry_run: bool, shown, kommune: str | None = None) -> dict:
        params = {"filename": filename, **({"dry_run": "1"} if dry_run else {})}
        try:
            answer = self.request("PUT", path, params=params, data=body, kommune=kommune)
        except InputErrors as exc:
            if shown is not None:
                for e in exc.errors:
                    e.file = shown(e.file) if e.file else e.file
            raise InputErrors(exc.errors) from None
        if not isinstance(answer, dict) or "rows" not in answer:
            raise self.not_ea_repo(f"PUT {path}", "no rows in the answer")
        return answer

    def inventory(self, kommune: str, fmt: str = "ttl") -> str:
        return self.request("GET", f"/api/kommuner/{kommune}/inventory", params={"format": fmt}, kommune=kommune,
                            want="text")

    def diff(self, kommune: str, since: str = "previous"):
        """The Diff of KOMMUNE's inventory since the previous import or a date (YYYY-MM-DD)."""
        from .diff import Diff

        doc = self.request("GET", f"/api/kommuner/{kommune}/diff", params={"since": since}, kommune=kommune)
        try:
            return Diff.from_dict(doc)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise self.not_ea_repo(f"GET /api/kommuner/{kommune}/diff", f"not a diff's JSON ({type(exc).__name__})") from None

    def report(self, kommune: str, lang: str = "nb") -> str:
        return self.request("GET", f"/kommuner/{kommune}/report.html", params={"lang": lang}, kommune=kommune, want="text")

    def plan(self, kommune: str, lang: str = "nb") -> str:
        return self.request("GET", f"/kommuner/{kommune}/plan.html", params={"lang": lang}, kommune=kommune, want="text")

    def index(self, kommuner: list[str] | None, lang: str = "nb") -> str:
        """The overview page of KOMMUNER (None: of all the server holds)."""
        return self.request("GET", "/kommuner/index.html", params={"lang": lang, "kommune": kommuner or []}, want="text")

    def script(self) -> str:
        return self.request("GET", "/static/report.js", want="text")


SCRIPT_TAG = '<script src="/static/report.js"></script>'


def offline_page(page: str, script: str) -> str:
    """A report page of the server with its script put back inline (as `ea-repo report` writes it), so it opens
    from a file without the server."""
    return page.replace(SCRIPT_TAG, f"<script>{script}</script>", 1)


# --- uploads -----------------------------------------------------------------------------------------------------


def upload(files: list[Path]) -> tuple[str, bytes, Callable[[str], str]]:
    """What one PUT sends for FILES as `ea-repo import` takes them: (file name, body, shown). One file goes as it is;
    a folder or several files go as one .zip of the files import would read (the server reads a zip as that folder).
    shown(name) turns the server's file names in messages back into the paths the user gave."""
    from .inventory.readers import expand

    for f in files:
        if not f.exists():
            raise InputError(msg("file not found", "fant ikke filen"), file=str(f),
                             hint=msg("check the path and the working directory", "sjekk stien og arbeidsmappen"))
    local = expand(files)
    if len(files) == 1 and not files[0].is_dir():
        name = files[0].name
        return name, files[0].read_bytes(), _renamer({name: str(files[0])})
    import io
    import zipfile

    by_name: dict[str, Path] = {}
    for f in local:
        if f.name in by_name:
            raise UsageError(msg(f"two files named {f.name} ({by_name[f.name]} and {f}); against a server, import one "
                                 "inventory whose files have different names",
                                 f"to filer heter {f.name} ({by_name[f.name]} og {f}); mot en tjener må filene i "
                                 "systemoversikten ha ulike navn"))
        by_name[f.name] = f
    stem = files[0].name if len(files) == 1 else "inventory"
    name = f"{stem or 'inventory'}.zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for member, f in sorted(by_name.items()):
            z.write(f, member)
    return name, buf.getvalue(), _renamer({f"{name}!{m}": str(f) for m, f in by_name.items()})


def encoding_note(files: list[Path], answer: dict) -> str:
    """What a local import says of the text files' encodings ('UTF-8', 'systems.csv: Windows-1252, the rest UTF-8'),
    for files read as a table (CSV, JSON, workbooks); '' for others. From the server's answer when it gives them, else
    read here as the server's readers read the same bytes."""
    from .interop.archi_csv import is_archi_csv
    from .inventory.api import LoadedInventory
    from .inventory.readers import TABULAR_READERS, decode_bytes, expand

    found = answer.get("encodings")
    if isinstance(found, dict):
        pairs = tuple(sorted((str(k), str(v)) for k, v in found.items()))
    else:
        local = expand(files)
        if not local or any(f.suffix.lower() not in TABULAR_READERS for f in local) or is_archi_csv(local):
            return ""
        seen = {}
        for f in local:
            if f.suffix.lower() in (".csv", ".json"):
                try:
                    seen[f.name] = decode_bytes(f.read_bytes(), str(f), windows=f.suffix.lower() == ".csv")[1]
                except (InputError, OSError):
                    return ""
        pairs = tuple(sorted(seen.items()))
    return LoadedInventory("", None, (), 0, "", pairs).encoding_note if pairs else ""


def _renamer(names: dict[str, str]) -> Callable[[str], str]:
    def shown(text: str) -> str:  # a name, or names joined by ", " (an error about several files)
        return ", ".join(names.get(part, part) for part in text.split(", "))

    return shown


# --- small helpers ---------------------------------------------------------------------------------------------


def _version() -> str:
    from . import __version__

    return __version__


def _one_line(text) -> str:
    return " ".join(str(text).split())[:500]


def _short(exc: Exception) -> str:
    """An HTTP library's error in a few words (its type, or the reason it gives), never a URL with a query."""
    import re

    reason = getattr(exc, "args", ())
    inner = reason[0] if reason else exc
    text = str(getattr(inner, "reason", inner))
    ssl = re.search(r"\[SSL: [A-Z_]+\] ([^('\"]+)", text)
    if ssl:
        return _one_line(ssl.group(1))
    for marker in ("Failed to establish a new connection: ", "] "):
        if marker in text:
            text = text.split(marker, 1)[1]
    return _one_line(text.rstrip("')\"")) or type(exc).__name__


def _origin(url: str) -> str:
    p = urlsplit(url)
    return f"{p.scheme}://{p.netloc.rsplit('@', 1)[-1]}"


def _same_host(a: str, b: str) -> bool:
    """Whether B is on the host of A (the same port; http -> https on the same host is allowed, never back)."""
    pa, pb = urlsplit(a), urlsplit(b)
    if (pa.hostname or "").lower() != (pb.hostname or "").lower():
        return False
    if pa.scheme == pb.scheme:
        return pa.port == pb.port
    return pa.scheme == "http" and pb.scheme == "https"


def plain_http(url: str) -> bool:
    """Whether URL is plain HTTP to another machine (the password and token would travel unencrypted)."""
    p = urlsplit(url)
    return p.scheme == "http" and (p.hostname or "").lower() not in LOCAL_HOSTS
