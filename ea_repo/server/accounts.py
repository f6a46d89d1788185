"""Accounts, roles, API tokens and the write log of `ea-repo serve`, in one SQLite file beside the repository
(never in the RDF store, whose content readers may query).

Roles:
    reader              reads every kommune the server holds
    kommune-architect   also writes the inventories of the kommuner named on the account
    coop-admin          also writes for every member of the co-operation named on the account
    admin               writes everything and manages accounts

Passwords are hashed with Argon2id (argon2-cffi); an API token is shown once and stored as its SHA-256 (a token is
32 random bytes, so a fast hash is enough). Every write through the server is logged: who, when, what, which
kommune, the SHA-256 of the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..i18n import msg

ROLES = ("reader", "kommune-architect", "coop-admin", "admin")
SCHEMA = """
CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, role TEXT NOT NULL, kommuner TEXT NOT NULL DEFAULT '[]',
                                  cooperation TEXT, password TEXT, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (digest TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
                                   label TEXT, created TEXT NOT NULL, expires TEXT);
CREATE TABLE IF NOT EXISTS writes (id INTEGER PRIMARY KEY, time TEXT NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL,
                                   kommune TEXT, file TEXT, sha256 TEXT, detail TEXT);
CREATE TABLE IF NOT EXISTS preferences (user TEXT PRIMARY KEY REFERENCES users(name) ON DELETE CASCADE, lang TEXT);
"""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    kommuner: tuple[str, ...] = ()
    cooperation: str | None = None

    def may_write(self, kommune: str, members_of=lambda coop: ()) -> bool:
        """Whether this user may write kommune KOMMUNE's inventory (MEMBERS_OF: co-operation id -> its members)."""
        if self.role == "admin":
            return True
        if self.role == "kommune-architect":
            return kommune in self.kommuner
        if self.role == "coop-admin" and self.cooperation:
            return kommune in members_of(self.cooperation)
        return False

    def may_write_cooperation(self, coop_id: str) -> bool:
        """Whether this user may write the co-operation's own inventory (its shared installations)."""
        return self.role == "admin" or (self.role == "coop-admin" and self.cooperation == coop_id)


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Accounts:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.executescript(SCHEMA)
        self.path.chmod(0o600)
        from argon2 import PasswordHasher

        self.hasher = PasswordHasher()

    def close(self) -> None:
        self.db.close()

    # -- managing ------------------------------------------------------------------------------
    def add(self, name: str, role: str, password: str | None = None, *, kommuner=(), cooperation: str | None = None) -> User:
        _check_role(role, kommuner, cooperation)
        if not name or not name.replace("-", "").replace("_", "").replace(".", "").replace("@", "").isalnum():
            raise UsageError(msg(f"'{name}' is not a user name: use letters, digits, '-', '_', '.' and '@'",
                                 f"'{name}' er ikke et brukernavn: bruk bokstaver, sifre, '-', '_', '.' og '@'"))
        if self.get(name) is not None:
            raise UsageError(msg(f"the user '{name}' exists already; use `ea-repo users set-role`",
                                 f"brukeren '{name}' finnes allerede; bruk `ea-repo users set-role`"))
        hashed = self.hasher.hash(password) if password else None
        self.db.execute("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)",
                        (name, role, json.dumps(sorted(kommuner)), cooperation, hashed, _now()))
        return self.get(name)

    def remove(self, name: str) -> None:
        if self.db.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount == 0:
            raise UsageError(msg(f"there is no user '{name}'", f"det finnes ingen bruker '{name}'"))

    def set_role(self, name: str, role: str, *, kommuner=(), cooperation: str | None = None) -> User:
        _check_role(role, kommuner, cooperation)
        if self.db.execute("UPDATE users SET role = ?, kommuner = ?, cooperation = ? WHERE name = ?",
                           (role, json.dumps(sorted(kommuner)), cooperation, name)).rowcount == 0:
            raise UsageError(msg(f"there is no user '{name}'", f"det finnes ingen bruker '{name}'"))
        return self.get(name)

    def set_password(self, name: str, password: str) -> None:
        if self.db.execute("UPDATE users SET password = ? WHERE name = ?", (self.hasher.hash(password), name)).rowcount == 0:
            raise UsageError(msg(f"there is no user '{name}'", f"det finnes ingen bruker '{name}'"))

    def new_token(self, name: str, label: str = "") -> str:
        """A new API token for the user: returned once, stored only as its digest."""
        if self.get(name) is None:
            raise UsageError(msg(f"there is no user '{name}'", f"det finnes ingen bruker '{name}'"))
        token = "ea_" + secrets.token_urlsafe(32)
        self.db.execute("INSERT INTO tokens VALUES (?, ?, ?, ?, NULL)", (token_digest(token), name, label, _now()))
        return token

    def new_session(self, name: str, hours: float) -> tuple[str, str]:
        """A token for a signed-in user that expires after HOURS: (token, expiry time)."""
        token = "es_" + secrets.token_urlsafe(32)
        expires = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours)).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        self.db.execute("DELETE FROM tokens WHERE expires IS NOT NULL AND expires < ?", (_now(),))
        self.db.execute("INSERT INTO tokens VALUES (?, ?, 'session', ?, ?)", (token_digest(token), name, _now(), expires))
        return token, expires

    def end_session(self, token: str) -> None:
        """Sign out: the session token no longer signs anyone in."""
        self.db.execute("DELETE FROM tokens WHERE digest = ? AND expires IS NOT NULL", (token_digest(token),))

    def users(self) -> list[User]:
        return [self._user(r) for r in self.db.execute("SELECT name, role, kommuner, cooperation FROM users ORDER BY name")]

    def get(self, name: str) -> User | None:
        row = self.db.execute("SELECT name, role, kommuner, cooperation FROM users WHERE name = ?", (name,)).fetchone()
        return self._user(row) if row else None

    @staticmethod
    def _user(row) -> User:
        return User(row[0], row[1], tuple(json.loads(row[2])), row[3])

    # -- signing in ------------------------------------------------------------------------------
    def by_token(self, token: str) -> User | None:
        row = self.db.execute("SELECT user FROM tokens WHERE digest = ? AND (expires IS NULL OR expires > ?)",
                              (token_digest(token), _now())).fetchone()
        return self.get(row[0]) if row else None

    def by_password(self, name: str, password: str) -> User | None:
        from argon2.exceptions import InvalidHashError, VerificationError

        row = self.db.execute("SELECT password FROM users WHERE name = ?", (name,)).fetchone()
        if not row or not row[0]:
            self.hasher.hash(password)  # the same work whether or not the user exists
            return None
        try:
            self.hasher.verify(row[0], password)
        except (VerificationError, InvalidHashError):
            return None
        return self.get(name)

    # -- what a user chose on the pages ---------------------------------------------------------------------
    def language(self, name: str) -> str | None:
        row = self.db.execute("SELECT lang FROM preferences WHERE user = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_language(self, name: str, lang: str) -> None:
        self.db.execute("INSERT INTO preferences VALUES (?, ?) ON CONFLICT(user) DO UPDATE SET lang = excluded.lang",
                        (name, lang))

    # -- the write log ---------------------------------------------------------------------------------
    def log_write(self, user: str, action: str, kommune: str | None, file: str | None = None, sha256: str | None = None,
                  detail: str | None = None) -> None:
        self.db.execute("INSERT INTO writes (time, user, action, kommune, file, sha256, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (_now(), user, action, kommune, file, sha256, detail))

    def writes(self, kommune: str | None = None) -> list[dict]:
        rows = self.db.execute("SELECT time, user, action, kommune, file, sha256, detail FROM writes "
                               + ("WHERE kommune = ? " if kommune else "") + "ORDER BY id", (kommune,) if kommune else ())
        return [dict(zip(("time", "user", "action", "kommune", "file", "sha256", "detail"), r, strict=True)) for r in rows]


def _check_role(role: str, kommuner, cooperation) -> None:
    if role not in ROLES:
        raise UsageError(msg(f"unknown role '{role}'; the roles are {', '.join(ROLES)}",
                             f"ukjent rolle '{role}'; rollene er {', '.join(ROLES)}"))
    if role == "kommune-architect" and not kommuner:
        raise UsageError(msg("a kommune architect writes for named kommuner: add --kommune NNNN (repeatable)",
                             "en kommunearkitekt skriver for bestemte kommuner: legg til --kommune NNNN (kan gjentas)"))
    if role == "coop-admin" and not cooperation:
        raise UsageError(msg("a co-operation admin writes for one co-operation's members: add --cooperation ID",
                             "en samarbeidsadministrator skriver for medlemmene i ett samarbeid: legg til --cooperation ID"))
