"""`ea-repo serve` and `ea-repo users …`: the shared repository's server and its accounts (ea_repo/server)."""

from __future__ import annotations

import json
import sys

import click

from ..errors import UsageError
from ..i18n import msg
from ..repopath import resolve_path
from .options import date_param, json_option, repo_option

ACCOUNTS_ENV = "EA_REPO_ACCOUNTS"
ACCOUNTS_DEFAULT = "ea-repo-accounts.sqlite3"

accounts_option = click.option(
    "--accounts", "accounts_path", envvar=ACCOUNTS_ENV, type=click.Path(dir_okay=False), default=ACCOUNTS_DEFAULT,
    show_default=True, help=f"The accounts file (SQLite; also ${ACCOUNTS_ENV}). Keep it out of any shared folder.")


def _password(from_stdin: bool, prompt: bool) -> str | None:
    if from_stdin:
        value = sys.stdin.readline().rstrip("\n")
    elif prompt:
        value = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        return None
    if len(value) < 12:
        raise UsageError(msg("a password has at least 12 characters", "et passord har minst 12 tegn"))
    return value


def register(cli: click.Group) -> None:
    @cli.command("serve")
    @repo_option
    @accounts_option
    @click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (behind a reverse proxy).")
    @click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
    @click.option("--date", "today", callback=date_param, help="Check as of this date (YYYY-MM-DD; default today).")
    def serve_cmd(repo_path, accounts_path, host, port, today):
        """Serve the repository: a JSON API (see /api/openapi.json) and the report pages, for the accounts in
        --accounts. HTTPS is the reverse proxy's job; listen on 127.0.0.1 behind it."""
        import uvicorn

        from ..server.app import create_app

        where = resolve_path(repo_path)
        if not where.exists():
            raise UsageError(msg(f"there is no repository at {where}; import an inventory first",
                                 f"det finnes ikke noe repository i {where}; importer en systemoversikt først"))
        app = create_app(str(where), accounts_path, today=today)
        click.echo(f"ea-repo serves {where} on http://{host}:{port} (accounts: {accounts_path})", err=True)
        uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True, server_header=False)

    @cli.group("users")
    def users_group():
        """Accounts of `ea-repo serve`: reader, kommune-architect, coop-admin, admin."""

    def _accounts(path):
        from ..server.accounts import Accounts

        return Accounts(path)

    role_options = [
        click.option("--role", required=True, type=click.Choice(["reader", "kommune-architect", "coop-admin", "admin"])),
        click.option("--kommune", "-k", "kommuner", multiple=True, metavar="NNNN",
                     help="A kommune a kommune-architect writes for (repeatable)."),
        click.option("--cooperation", metavar="ID", help="The co-operation a coop-admin writes for."),
    ]

    def with_roles(f):
        for o in reversed(role_options):
            f = o(f)
        return f

    def _codes(kommuner) -> list[str]:
        from ..inventory import check_kommune

        return [check_kommune(k) for k in kommuner]

    @users_group.command("add")
    @click.argument("name")
    @with_roles
    @accounts_option
    @click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
    @click.option("--no-password", is_flag=True, help="An account for scripts: it signs in with tokens only.")
    def users_add(name, role, kommuner, cooperation, accounts_path, password_stdin, no_password):
        """Add an account (asks for its password unless --no-password or --password-stdin)."""
        password = _password(password_stdin, not no_password)
        acc = _accounts(accounts_path)
        try:
            user = acc.add(name, role, password, kommuner=_codes(kommuner), cooperation=cooperation)
        finally:
            acc.close()
        click.echo(f"added {user.name} ({user.role}{': ' + ', '.join(user.kommuner) if user.kommuner else ''}"
                   f"{': ' + user.cooperation if user.cooperation else ''})")

    @users_group.command("set-role")
    @click.argument("name")
    @with_roles
    @accounts_option
    def users_set_role(name, role, kommuner, cooperation, accounts_path):
        """Change an account's role (and the kommuner or co-operation it writes for)."""
        acc = _accounts(accounts_path)
        try:
            user = acc.set_role(name, role, kommuner=_codes(kommuner), cooperation=cooperation)
        finally:
            acc.close()
        click.echo(f"{user.name} is now {user.role}")

    @users_group.command("remove")
    @click.argument("name")
    @accounts_option
    def users_remove(name, accounts_path):
        """Remove an account and its tokens."""
        acc = _accounts(accounts_path)
        try:
            acc.remove(name)
        finally:
            acc.close()
        click.echo(f"removed {name}")

    @users_group.command("list")
    @accounts_option
    @json_option
    def users_list(accounts_path, as_json):
        """The accounts and their roles."""
        acc = _accounts(accounts_path)
        try:
            users = acc.users()
        finally:
            acc.close()
        if as_json:
            click.echo(json.dumps([{"name": u.name, "role": u.role, "kommuner": list(u.kommuner),
                                    "cooperation": u.cooperation} for u in users], indent=2))
            return
        for u in users:
            click.echo(f"{u.name:<24} {u.role:<18} {', '.join(u.kommuner) or u.cooperation or ''}")

    @users_group.command("token")
    @click.argument("name")
    @click.option("--label", default="", help="What the token is for (shown in the write log).")
    @accounts_option
    def users_token(name, label, accounts_path):
        """A new API token for NAME, printed once (only its SHA-256 is stored): `Authorization: Bearer TOKEN`."""
        acc = _accounts(accounts_path)
        try:
            token = acc.new_token(name, label)
        finally:
            acc.close()
        click.echo(token)

    @users_group.command("password")
    @click.argument("name")
    @accounts_option
    @click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
    def users_password(name, accounts_path, password_stdin):
        """Set an account's password."""
        password = _password(password_stdin, True)
        acc = _accounts(accounts_path)
        try:
            acc.set_password(name, password)
        finally:
            acc.close()
        click.echo(f"password of {name} set")
