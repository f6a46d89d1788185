"""SSB KLASS client: fetch classification 131 (kommuner) and its changes, validate, cache atomically.

    update(today=date.today())     -> UpdateResult   (what `ea-repo catalog update` runs)
    read_cache()                   -> payload or None (what ea_repo.history.load prefers over the snapshot)

Endpoints (KLASS REST API v1, JSON with ``Accept: application/json``):
    {base}/classifications/131/codes?from=YYYY-MM-DD&to=YYYY-MM-DD   -> {"codes": [{"code", "parentCode", "level",
        "name", "shortName", "presentationName", "validFrom", "validTo", "validFromInRequestedRange",
        "validToInRequestedRange", "notes"}, ...]}
    {base}/classifications/131/changes?from=YYYY-MM-DD&to=YYYY-MM-DD -> {"codeChanges": [{"oldCode", "oldName",
        "oldShortName", "newCode", "newName", "newShortName", "changeOccurred"}, ...]}

The cache is one JSON file (both answers plus where and when they were fetched), replaced with os.replace,
so a failed or invalid fetch leaves the previous copy byte for byte. Base URL: argument, $EA_REPO_KLASS_URL or
the default; cache folder: argument, $EA_REPO_CACHE, $XDG_CACHE_HOME/ea-repo or ~/.cache/ea-repo.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import EaRepoError
from .history import CODE
from .i18n import msg

if TYPE_CHECKING:
    import requests

DEFAULT_BASE_URL = "https://data.ssb.no/api/klass/v1"
ENV_BASE_URL = "EA_REPO_KLASS_URL"
ENV_CACHE = "EA_REPO_CACHE"
CACHE_FILE = "klass-131.json"
FORMAT = 1
NOT_A_KOMMUNE = {"9999"}  # KLASS 131 lists 9999 "Uoppgitt" (unknown) as a code


class KlassError(EaRepoError):
    """Fetching or validating KLASS failed; the previous catalogue is kept."""


@dataclass(frozen=True)
class UpdateResult:
    path: Path
    codes: int
    current: int
    changes: int
    start: date
    end: date


def base_url(explicit: str | None = None) -> str:
    return (explicit or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL).rstrip("/")


def cache_dir(explicit: str | os.PathLike | None = None) -> Path:
    if explicit:
        return Path(explicit)
    if os.environ.get(ENV_CACHE):
        return Path(os.environ[ENV_CACHE])
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "ea-repo"


def cache_file(explicit: str | os.PathLike | None = None) -> Path:
    return cache_dir(explicit) / CACHE_FILE


# --------------------------------------------------------------------------------------------------
# Validation (pure)
# --------------------------------------------------------------------------------------------------


def _date(v, where: str) -> date:
    try:
        return date.fromisoformat(str(v)[:10])
    except (TypeError, ValueError):
        raise ValueError(f"{where}: '{v}' is not a date (YYYY-MM-DD)") from None


def _check_codes(codes, end: date) -> list[dict]:
    if not isinstance(codes, list) or not codes:
        raise ValueError("'codes' is missing or empty")
    out = []
    for i, c in enumerate(codes):
        where = f"codes[{i}]"
        if not isinstance(c, dict) or not isinstance(c.get("code"), str) or not isinstance(c.get("name"), str):
            raise ValueError(f"{where}: needs the strings 'code' and 'name'")
        if c["code"] in NOT_A_KOMMUNE:
            continue
        if not CODE.match(c["code"]) or not c["name"].strip():
            raise ValueError(f"{where}: '{c['code']}' is not a four-digit kommunenummer with a name")
        _date(c.get("validFromInRequestedRange"), f"{where}.validFromInRequestedRange")
        if c.get("validToInRequestedRange"):
            _date(c["validToInRequestedRange"], f"{where}.validToInRequestedRange")
        out.append({k: c.get(k) for k in ("code", "name", "validFromInRequestedRange", "validToInRequestedRange")})
    if not any(not c["validToInRequestedRange"] or _date(c["validToInRequestedRange"], "") >= end for c in out):
        raise ValueError(f"no code is valid at the end of the requested range ({end})")
    return out


def _check_changes(changes, start: date, end: date) -> list[dict]:
    if not isinstance(changes, list):
        raise ValueError("'codeChanges' is missing or not a list")
    out = []
    for i, c in enumerate(changes):
        where = f"codeChanges[{i}]"
        if not isinstance(c, dict) or not all(CODE.match(str(c.get(k) or "")) for k in ("oldCode", "newCode")):
            raise ValueError(f"{where}: needs four-digit 'oldCode' and 'newCode'")
        d = _date(c.get("changeOccurred"), f"{where}.changeOccurred")
        if not start <= d <= end:
            raise ValueError(f"{where}: changeOccurred {d} lies outside the requested range {start}..{end}")
        out.append({k: c.get(k) for k in ("oldCode", "oldName", "newCode", "newName", "changeOccurred")})
    return out


def validate(payload) -> dict:
    """Check a cache payload (or a freshly built one); return it normalised, or raise ValueError saying what."""
    if not isinstance(payload, dict):
        raise ValueError("not a JSON object")
    for k in ("base_url", "fetched_at", "from", "to"):
        if not isinstance(payload.get(k), str):
            raise ValueError(f"'{k}' is missing")
    start, end = _date(payload["from"], "from"), _date(payload["to"], "to")
    return {"format": FORMAT, "base_url": payload["base_url"], "fetched_at": payload["fetched_at"],
            "from": start.isoformat(), "to": end.isoformat(), "codes": _check_codes(payload.get("codes"), end),
            "codeChanges": _check_changes(payload.get("codeChanges"), start, end)}


# --------------------------------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------------------------------


#: The largest answer read (after decompression): KLASS 131 with its changes since 2008 is well under 5 MB.
MAX_ANSWER_BYTES = 32 * 2**20
MAX_REDIRECTS = 3


def _origin(url: str) -> tuple:
    from urllib.parse import urlsplit

    u = urlsplit(url)
    return (u.scheme, u.hostname, u.port or {"http": 80, "https": 443}.get(u.scheme))


def _read(r, deadline: float) -> bytes:
    """The body, decompressed, stopped at MAX_ANSWER_BYTES and at the deadline (a server sending one byte a
    second is cut off, not waited for): read as the bytes arrive, one socket read at a time."""
    body = bytearray()
    read1 = getattr(r.raw, "read1", None)
    chunks = iter(lambda: read1(64 * 1024, decode_content=True), b"") if read1 else r.iter_content(1024)
    for chunk in chunks:
        body += chunk
        if len(body) > MAX_ANSWER_BYTES:
            raise KlassError(msg(f"the answer is larger than {MAX_ANSWER_BYTES // 2**20} MB; not read further",
                                 f"svaret er større enn {MAX_ANSWER_BYTES // 2**20} MB; ikke lest videre"))
        if time.monotonic() > deadline:
            raise KlassError(msg("the answer did not arrive within the time allowed (--timeout)",
                                 "svaret kom ikke innen tiden som var satt av (--timeout)"))
    return bytes(body)


def get_json(url: str, params: dict, *, timeout: float, retries: int, backoff: float = 0.5,
             session: requests.Session | None = None) -> dict:
    """GET with Accept: application/json, TLS verified; retries connection errors, timeouts and 5xx answers.

    Each attempt has one deadline of ``timeout`` seconds for connecting and reading the whole answer; the body
    is streamed with a size cap (MAX_ANSWER_BYTES, also after gzip); a redirect is followed only to the same
    scheme, host and port (at most MAX_REDIRECTS); a broken connection is reported as such."""
    import requests
    import urllib3

    http = session or requests.Session()
    last = msg("", "")
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff * attempt)
        deadline = time.monotonic() + timeout
        target, query = url, params
        try:
            for _ in range(MAX_REDIRECTS + 1):
                r = http.get(target, params=query, headers={"Accept": "application/json"}, timeout=timeout,
                             verify=True, stream=True, allow_redirects=False)
                if r.is_redirect:
                    from urllib.parse import urljoin

                    nxt = urljoin(target, r.headers.get("Location", ""))
                    r.close()
                    if _origin(nxt) != _origin(url):
                        raise KlassError(msg(f"the server redirected to another host ({_origin(nxt)[1]}); not followed",
                                             f"tjeneren viste videre til en annen vert ({_origin(nxt)[1]}); ikke fulgt"))
                    target, query = nxt, None
                    continue
                break
            else:
                raise KlassError(msg(f"more than {MAX_REDIRECTS} redirects", f"mer enn {MAX_REDIRECTS} videresendinger"))
            if r.status_code >= 500:
                last = msg(f"HTTP {r.status_code} {r.reason}", f"HTTP {r.status_code} {r.reason}")
                r.close()
                continue
            if r.status_code != 200:
                r.close()
                raise KlassError(msg(f"HTTP {r.status_code} {r.reason}", f"HTTP {r.status_code} {r.reason}"))
            try:
                body = _read(r, deadline)
            finally:
                r.close()
        except requests.Timeout:
            last = msg(f"no answer within {timeout:g} s (timeout)", f"intet svar innen {timeout:g} s (tidsavbrudd)")
            continue
        except requests.ConnectionError as e:
            last = msg(f"connection failed ({e.__class__.__name__})", f"tilkoblingen mislyktes ({e.__class__.__name__})")
            continue
        except (requests.RequestException, urllib3.exceptions.HTTPError) as e:  # a broken chunked body, bad gzip …
            if isinstance(e, urllib3.exceptions.ReadTimeoutError):
                last = msg(f"no answer within {timeout:g} s (timeout)", f"intet svar innen {timeout:g} s (tidsavbrudd)")
            else:
                last = msg(f"the answer broke off ({e.__class__.__name__})", f"svaret brøt av ({e.__class__.__name__})")
            continue
        try:
            data = json.loads(body.decode(r.encoding or "utf-8", errors="strict"))
        except (ValueError, RecursionError):
            kind = r.headers.get("Content-Type", "?")
            raise KlassError(msg(f"the answer is not JSON (Content-Type {kind})", f"svaret er ikke JSON (Content-Type {kind})")) from None
        if not isinstance(data, dict):
            raise KlassError(msg("the answer is not a JSON object", "svaret er ikke et JSON-objekt"))
        return data
    raise KlassError(msg(f"{last} after {retries + 1} attempt(s)", f"{last.nb} etter {retries + 1} forsøk"))


def fetch(start: date, end: date, *, url: str | None = None, now: datetime, timeout: float = 20, retries: int = 2,
          backoff: float = 0.5) -> dict:
    """Fetch codes and changes of KLASS 131 for [start, end) and return a validated cache payload."""
    base = base_url(url)
    rng = {"from": start.isoformat(), "to": end.isoformat()}
    answers = {}
    for key, endpoint in (("codes", "codes"), ("codeChanges", "changes")):
        full = f"{base}/classifications/131/{endpoint}"
        try:
            answers[key] = get_json(full, rng, timeout=timeout, retries=retries, backoff=backoff).get(key)
        except KlassError as e:
            raise KlassError(msg(f"{full}: {e}", f"{full}: {e.render('nb')}")) from None
    payload = {"base_url": base, "fetched_at": now.replace(microsecond=0).isoformat(), **rng, **answers}
    try:
        return validate(payload)
    except ValueError as e:
        raise KlassError(msg(f"{base}/classifications/131: the answer is not valid KLASS data: {e}",
                             f"{base}/classifications/131: svaret er ikke gyldige KLASS-data: {e}")) from None


def write_atomically(payload: dict, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            json.dump(payload, fh, ensure_ascii=False, indent=1, sort_keys=True)
            fh.write("\n")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def update(*, today: date, now: datetime, start_year: int = 2008, url: str | None = None,
           cache: str | os.PathLike | None = None, timeout: float = 20, retries: int = 2,
           backoff: float = 0.5) -> UpdateResult:
    """Fetch, validate and replace the cached copy; on any failure raise KlassError and keep the old copy."""
    target = cache_file(cache)
    start, end = date(start_year, 1, 1), today + timedelta(days=1)
    if start >= end:
        raise KlassError(msg(f"--from {start_year} lies in the future; nothing was fetched and the previous catalog is kept",
                             f"--from {start_year} ligger fram i tid; ingenting ble hentet, og den forrige katalogen beholdes"))
    kept = f"the previous catalog is kept ({target if target.exists() else 'the shipped snapshot'})"
    kept_nb = f"den forrige katalogen beholdes ({target if target.exists() else 'øyeblikksbildet som følger med'})"
    try:
        payload = fetch(start, end, url=url, now=now, timeout=timeout, retries=retries, backoff=backoff)
        write_atomically(payload, target)
    except KlassError as e:
        raise KlassError(msg(f"KLASS update failed: {e}; {kept}", f"oppdateringen fra KLASS mislyktes: {e.render('nb')}; {kept_nb}")) from None
    except OSError as e:
        raise KlassError(msg(f"KLASS update failed: cannot write {target} ({e}); {kept}",
                             f"oppdateringen fra KLASS mislyktes: kan ikke skrive {target} ({e}); {kept_nb}")) from None
    current = [c for c in payload["codes"]
               if not c["validToInRequestedRange"] or c["validToInRequestedRange"][:10] >= payload["to"]]
    return UpdateResult(target, len(payload["codes"]), len({c["code"] for c in current}),
                        len(payload["codeChanges"]), start, end)


def read_cache(cache: str | os.PathLike | None = None) -> dict | None:
    """The cached payload when it exists and is valid, else None (the caller falls back to the snapshot)."""
    f = cache_file(cache)
    try:
        return validate(json.loads(f.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None
