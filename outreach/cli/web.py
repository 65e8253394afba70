"""Turn `outreach web serve`, `web password` and `web user add|list|edit|activate|deactivate|password` into a running app, passwords and users."""

from __future__ import annotations

from typing import Optional

import typer

from ..texts import t
from .dutch import Typer, mv

web = Typer(no_args_is_help=True, help=t("web.group_help"))


@web.command("serve", help=t("web.serve_help"))
def serve(host: str = typer.Option("127.0.0.1", "--host", metavar=mv("host"), help=t("web.host_help")),
          port: int = typer.Option(8000, "--port", metavar=mv("port"), help=t("web.port_help")),
          no_worker: bool = typer.Option(False, "--no-worker",
                                         help=t("web.worker.no_worker_help", command="outreach worker")),
          workers: int = typer.Option(1, "--workers", min=1, max=32, metavar=mv("count"), help=t("web.workers_help"))) -> None:
    import uvicorn

    from .. import db
    from ..web import serving_app
    from .output import console

    db.engine()  # migrated once here, before the workers start
    console().print(t("web.serve_started", url=f"http://{host}:{port}"))
    factory = "outreach.web:serving_app_without_worker" if no_worker else "outreach.web:serving_app"
    if workers == 1:  # its shutdown stops the app's own job worker
        uvicorn.run(serving_app(worker=not no_worker), host=host, port=port, log_level="warning", access_log=False)
    else:  # each process builds its own app (and job worker); what they share lives in the database and the data folder
        uvicorn.run(factory, factory=True, workers=workers, host=host, port=port, log_level="warning", access_log=False)


@web.command("password", help=t("web.password_help"))
def password(coach: str = typer.Argument(..., metavar=mv("coach"), help=t("web.password_coach_help")),
             new: Optional[str] = typer.Option(None, "--password", metavar=mv("password"), help=t("web.password_option_help"))) -> None:
    from .. import db
    from ..tracking.service import find_coach
    from ..web.accounts import set_password
    from .output import ask_password, console

    with db.session() as s:
        found = find_coach(s, coach)  # an unknown coach: say so before asking a password
    if new is None:
        new = ask_password()
    with db.session() as s:
        set_password(s, found.id, new)
        name = found.name
    console().print(t("web.password_set", name=name))


user = Typer(no_args_is_help=True, help=t("web.user_help"))
web.add_typer(user, name="user")


@user.command("add", help=t("web.user_add_help"))
def user_add(name: str = typer.Argument(..., metavar=mv("name"), help=t("web.user_name_help")),
             role: list[str] = typer.Option(..., "--role", metavar=mv("role"), help=t("web.user_role_help")),
             coach: Optional[str] = typer.Option(None, "--coach", metavar=mv("coach"), help=t("web.user_coach_help")),
             new: Optional[str] = typer.Option(None, "--password", metavar=mv("password"),
                                               help=t("web.password_option_help"))) -> None:
    from .. import db
    from ..tracking.service import actor
    from ..web.users import add_user, check_roles
    from .output import ask_password, console

    roles = check_roles([r for value in role for r in value.split(",")])  # a wrong role: say so before asking
    if new is None:
        new = ask_password()
    from ..errors import ConflictError

    try:
        with db.session() as s:
            add_user(s, actor(s).name, name, roles, new, coach=coach)
    except ConflictError as exc:  # the name exists, perhaps stopped: say how to let them in again
        if exc.where is None or exc.where.field != "naam":
            raise
        shown = " ".join(name.split())
        hint = t("web.user_exists_cli_hint", name=shown, command=f'outreach web user activate "{shown}"')
        raise ConflictError(f"{exc.message} {hint}", exc.where) from None
    console().print(t("web.user_added", name=" ".join(name.split()), roles=", ".join(roles)), markup=False)


@user.command("list", help=t("web.user_list_help"))
def user_list() -> None:
    from rich.table import Table

    from .. import db
    from ..web.users import list_users
    from .output import console

    with db.session() as s:
        users = list_users(s)
    table = Table(t("web.user_col_name"), t("web.user_col_roles"), t("web.user_col_active"))
    for item in users:
        table.add_row(item.user.name, ", ".join(r for r in ("coach", "communicatie", "taaladviseur", "beheer")
                                                 if item.user.has(r)), t("web.yes") if item.active else t("web.no"))
    console().print(table)


def _change(name: str, message: str, **change: object) -> None:
    """Find user `name`, apply `change` with the CLI's actor, print `message` with name and roles."""
    from .. import db
    from ..tracking.service import actor
    from ..web.accounts import to_user
    from ..web.users import change_user, find_user
    from .output import console

    with db.session() as s:
        account = change_user(s, actor(s).name, find_user(s, name).id, **change)  # type: ignore[arg-type]
        shown = to_user(s, account)
    roles = ", ".join(r for r in ("coach", "communicatie", "taaladviseur", "beheer") if shown.has(r))
    console().print(t(message, name=shown.name, roles=roles), markup=False)


@user.command("edit", help=t("web.user_edit_help"))
def user_edit(name: str = typer.Argument(..., metavar=mv("name"), help=t("web.user_name_help")),
              role: list[str] = typer.Option(..., "--role", metavar=mv("role"), help=t("web.user_role_help"))) -> None:
    from ..web.users import check_roles

    _change(name, "web.user_changed", roles=check_roles([r for value in role for r in value.split(",")]))


@user.command("activate", help=t("web.user_activate_help"))
def user_activate(name: str = typer.Argument(..., metavar=mv("name"), help=t("web.user_name_help"))) -> None:
    _change(name, "web.user_activated", active=True)


@user.command("deactivate", help=t("web.user_deactivate_help"))
def user_deactivate(name: str = typer.Argument(..., metavar=mv("name"), help=t("web.user_name_help"))) -> None:
    _change(name, "web.user_deactivated", active=False)


@user.command("password", help=t("web.user_password_help"))
def user_password(name: str = typer.Argument(..., metavar=mv("name"), help=t("web.user_name_help")),
                  new: Optional[str] = typer.Option(None, "--password", metavar=mv("password"),
                                                    help=t("web.password_option_help"))) -> None:
    from .. import db
    from ..web.users import find_user
    from .output import ask_password

    with db.session() as s:
        find_user(s, name)  # an unknown name: say so before asking a password
    _change(name, "web.password_set", password=new if new is not None else ask_password())


def register(app: typer.Typer) -> None:
    """Add the `web` group to the main app."""
    app.add_typer(web, name="web")
