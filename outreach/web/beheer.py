"""Turn Beheer's list and coach forms into imports and coach changes: the same tracking calls as the CLI.

`/beheer/lijst` imports a prospect list with `import_prospects` (every bad row is shown with
its line; a list that cannot be read at all changes nothing). `/beheer/coaches` changes a
coach's working days and neighbourhoods with `edit_coach` and stops a coach with
`deactivate_coach` (their people move to the other coaches). Tracking writes the audit trail.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .. import db
from ..errors import OutreachError
from ..fields import MAX_ID
from ..texts import t
from .render import Refusal, page
from . import notices
from .views import Form, uploaded, url, view

MAX_LIST = 20 * 1024 * 1024  # bytes of one prospect list
DAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")


def _actor(request: Request):  # type: ignore[no-untyped-def]
    from ..tracking import Actor

    return Actor(request.state.user.actor_name)


@view(role="beheer", upload=MAX_LIST)
def import_list(request: Request, form: Form) -> Response:
    from ..tracking import import_prospects

    if request.method == "GET":
        return page(request, "lijst", result=None, error=None)
    try:
        upload = uploaded(request, "lijst")
    except OutreachError as exc:
        return page(request, "lijst", result=None, error=exc.message, status_code=400)
    if upload is None:
        return page(request, "lijst", result=None, error=t("web.list_missing"), status_code=400)
    try:
        with tempfile.TemporaryDirectory(prefix="outreach-list-") as folder:
            path = Path(folder) / "lijst.csv"  # the browser's file name is never used as a path
            path.write_bytes(upload.data)
            with db.session(url(request)) as s:
                result = import_prospects(s, _actor(request), path)
    except OutreachError as exc:  # unreadable list: nothing stored; the message names the line
        line = getattr(exc.where, "line", None) if exc.where else None
        error = t("web.list_error_line", line=line, message=exc.message) if line else exc.message
        error = f"{error} {t('web.list_nothing_stored')}"
        return page(request, "lijst", result=None, error=error, status_code=400)
    return page(request, "lijst", result=result, error=None)


def _coaches_page(request: Request, error: str | None = None, notice: str | None = None,
                  status_code: int = 200) -> Response:
    from ..tracking import list_coaches
    from ..tracking.workdays import parse_days

    with db.session(url(request)) as s:
        coaches = list_coaches(s, _actor(request))
    days = {c.coach.id: {DAYS[d] for d in parse_days(c.coach.working_days)} if c.coach.working_days else set(DAYS[:5])
            for c in coaches}
    return page(request, "coaches", coaches=coaches, days=days, all_days=DAYS, error=error, notice=notice,
                status_code=status_code)


@view(role="beheer")
def coaches(request: Request, form: Form) -> Response:
    notice = None
    if request.query_params.get("opgeslagen"):
        notice = t("web.coach_saved")
    elif request.query_params.get("weer"):
        notice = t("web.coach_started")
    elif (moved := notices.read(request, "gestopt")) is not None:
        notice = t("web.coach_stopped", moved=moved or t("web.coach_nobody_moved"))
    return _coaches_page(request, notice=notice)


@view(role="beheer")
def change_coach(request: Request, form: Form) -> Response:
    from ..tracking import activate_coach, deactivate_coach, edit_coach
    from ..tracking.models import Coach

    coach_id = request.path_params["id"]
    action = form.get("actie", "")
    try:
        with db.session(url(request)) as s:
            coach = s.get(Coach, coach_id) if coach_id <= MAX_ID else None
            if coach is None:
                raise Refusal(404, t("web.coach_not_found"))
            if action == "bewaren":
                edit_coach(s, _actor(request), coach.name, working_days=",".join(d for d in DAYS if form.get(f"dag_{d}") == "ja"),
                           neighbourhoods=form.get("wijken", ""))
                target = "/beheer/coaches?opgeslagen=1"
            elif action == "stoppen":
                done = deactivate_coach(s, _actor(request), coach.name)
                moved = ", ".join(f"{name} ({count})" for name, count in sorted(done.moved.items()))
                target = "/beheer/coaches?gestopt=" + notices.signed(moved)
            elif action == "starten":
                activate_coach(s, _actor(request), coach.name)
                target = "/beheer/coaches?weer=1"
            else:
                raise Refusal(400, t("web.bad_choice"))
    except OutreachError as exc:
        return _coaches_page(request, error=f"{_coach_name(request, coach_id)}: {exc.message}", status_code=400)
    return RedirectResponse(target, status_code=303)


def _coach_name(request: Request, coach_id: int) -> str:
    from ..tracking.models import Coach

    with db.session(url(request)) as s:
        coach = s.get(Coach, coach_id)
        return coach.name if coach else ""


def routes() -> list[BaseRoute]:
    return [
        Route("/beheer/lijst", import_list, methods=["GET", "POST"]),
        Route("/beheer/coaches", coaches),
        Route("/beheer/coaches/{id:int}", change_coach, methods=["POST"]),
    ]
