"""Turn the Beheer page's forms into user changes: add a user, change roles, deactivate, new password.

Only users with the role beheer get here; the page calls the same `users` functions as
`outreach web user add`, and each change goes into the audit trail (ids and field names).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .. import db
from ..errors import OutreachError
from ..fields import MAX_ID
from ..texts import t
from .render import Refusal, page
from .views import Form, url, view


def _page(request: Request, error: str | None = None, notice: str | None = None, status_code: int = 200,
          form: Form | None = None) -> Response:
    from ..tracking import list_coaches
    from ..tracking.service import Actor
    from .users import ROLES, list_users

    with db.session(url(request)) as s:
        users = list_users(s)
        coaches = [c.coach.name for c in list_coaches(s, Actor("web:beheer")) if c.coach.active]
    return page(request, "beheer", users=users, roles=ROLES, coaches=coaches, error=error, notice=notice,
                form=form or {}, status_code=status_code)


@view(role="beheer")
def admin(request: Request, form: Form) -> Response:
    notice = t("web.user_saved") if request.query_params.get("opgeslagen") else None
    return _page(request, notice=notice)


def _roles(form: Form) -> list[str]:
    from .users import ROLES

    return [r for r in ROLES if form.get(f"rol_{r}") == "ja"]


@view(role="beheer")
def add(request: Request, form: Form) -> Response:
    from .users import add_user

    try:
        with db.session(url(request)) as s:
            add_user(s, request.state.user.actor_name, form.get("naam", ""), _roles(form), form.get("wachtwoord", ""),
                     coach=form.get("coach") or None)
    except OutreachError as exc:
        kept = {k: v for k, v in form.items() if k != "wachtwoord"}
        return _page(request, error=exc.message, status_code=400, form=kept)
    return RedirectResponse("/beheer?opgeslagen=1", status_code=303)


@view(role="beheer")
def change(request: Request, form: Form) -> Response:
    from .users import change_user

    account_id = int(request.path_params["id"])
    if account_id > MAX_ID:
        raise Refusal(404, t("web.user_not_found"))
    action = form.get("actie", "")
    try:
        with db.session(url(request)) as s:
            who, me = request.state.user.actor_name, request.state.user.account_id
            if action == "rollen":
                change_user(s, who, account_id, roles=_roles(form), by=me)
            elif action == "stoppen" and form.get("zeker") != "ja":  # stopping is asked twice
                return _page(request, error=t("web.user_stop_confirm_missing"), status_code=400)
            elif action in ("stoppen", "starten"):
                change_user(s, who, account_id, active=action == "starten", by=me)
            elif action == "wachtwoord":
                change_user(s, who, account_id, password=form.get("wachtwoord", "") or "-", by=me)
            else:
                raise Refusal(400, t("web.bad_choice"))
    except OutreachError as exc:
        return _page(request, error=exc.message, status_code=400)
    return RedirectResponse("/beheer?opgeslagen=1", status_code=303)


def routes() -> list[BaseRoute]:
    return [
        Route("/beheer", admin),
        Route("/beheer/gebruikers", add, methods=["POST"]),
        Route("/beheer/gebruikers/{id:int}", change, methods=["POST"]),
    ]
