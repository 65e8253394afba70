"""Turn Beheer's list and coach forms into imports and coach changes: the same tracking calls as the CLI.

`/beheer/lijst` imports a prospect list with `import_prospects` (every bad row is shown with
its line; a list that cannot be read at all changes nothing). `/beheer/coaches` adds a coach
(`add_coach`: name, phone, WhatsApp number, photo, days, neighbourhoods), changes all of these
with `edit_coach` and stops a coach with `deactivate_coach` (their people move to the other
coaches). Tracking writes the audit trail.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .. import db
from ..errors import InputError, OutreachError, Where
from ..fields import MAX_ID
from ..texts import t
from .render import Refusal, page
from . import notices
from .coachphoto import LIMIT
from .views import Form, uploaded, url, view

MAX_LIST = 20 * 1024 * 1024  # bytes of one prospect list
DAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")


def _actor(request: Request):  # type: ignore[no-untyped-def]
    from ..tracking import Actor

    return Actor(request.state.user.actor_name)


ASSIGN = {"per-wijk": "by-neighbourhood", "om-de-beurt": "round-robin"}  # the page's choices beside "coach" and "kolom"
SHOWN_PROBLEMS = 100  # bad rows listed on the page; all of them are in the CSV download


def _list_page(request: Request, form: Form, result: object = None, error: str | None = None,
               refused: str | None = None, status_code: int = 200) -> Response:
    from ..tracking import list_coaches

    with db.session(url(request)) as s:
        coaches = [c.coach.name for c in list_coaches(s, _actor(request)) if c.coach.active]
    return page(request, "lijst", result=result, error=error, form=form, coaches=coaches, refused=refused,
                shown=SHOWN_PROBLEMS, status_code=status_code)


@view(role="beheer", upload=MAX_LIST)
def import_list(request: Request, form: Form) -> Response:
    from ..tracking import import_prospects
    from . import refused

    refused.clean()
    if request.method == "GET":
        return _list_page(request, {"verdeling": "per-wijk"})
    try:
        upload = uploaded(request, "lijst")
    except OutreachError as exc:
        return _list_page(request, form, error=exc.message, status_code=400)
    if upload is None:
        return _list_page(request, form, error=t("web.list_missing"), status_code=400)
    how = form.get("verdeling", "kolom")
    if how not in ("kolom", "coach", *ASSIGN):
        raise Refusal(400, t("web.bad_choice"))
    try:
        with tempfile.TemporaryDirectory(prefix="outreach-list-") as folder:
            path = Path(folder) / "lijst.csv"  # the browser's file name is never used as a path
            path.write_bytes(upload.data)
            with db.session(url(request)) as s:
                result = import_prospects(s, _actor(request), path, coach=form.get("coach") if how == "coach" else None,
                                          assign=ASSIGN.get(how))
            file_id = (refused.save(request.state.user.account_id, refused.rows_csv(path, result.problems))
                       if result.problems else None)
    except OutreachError as exc:  # unreadable list: nothing stored; the message names the line
        line = getattr(exc.where, "line", None) if exc.where else None
        error = t("web.list_error_line", line=line, message=exc.message) if line else exc.message
        error = f"{error} {t('web.list_nothing_stored')}"
        return _list_page(request, form, error=error, status_code=400)
    return _list_page(request, form, result=result, refused=file_id)


@view(role="beheer")
def refused_rows(request: Request, form: Form) -> Response:
    from . import refused

    text = refused.load(request.state.user.account_id, request.path_params["id"][:40])
    if text is None:
        raise Refusal(404, t("web.list_refused_gone"))
    return Response(text.encode("utf-8-sig"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="foute-regels.csv"'})


def _coaches_page(request: Request, error: str | None = None, notice: str | None = None,
                  status_code: int = 200, form: Form | None = None) -> Response:
    from ..tracking import list_coaches
    from ..tracking.workdays import parse_days

    with db.session(url(request)) as s:
        coaches = list_coaches(s, _actor(request))
    days = {c.coach.id: {DAYS[d] for d in parse_days(c.coach.working_days)} if c.coach.working_days else set(DAYS[:5])
            for c in coaches}
    from ..fields import display_phone

    return page(request, "coaches", coaches=coaches, days=days, all_days=DAYS, error=error, notice=notice,
                status_code=status_code, form=form or {}, phone=display_phone)


@view(role="beheer")
def coaches(request: Request, form: Form) -> Response:
    notice = None
    if request.query_params.get("opgeslagen"):
        notice = t("web.coach_saved")
    elif request.query_params.get("nieuw"):
        notice = t("web.coach_added")
    elif request.query_params.get("weer"):
        notice = t("web.coach_started")
    elif (moved := notices.read(request, "gestopt", "coach-stopped")) is not None:
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
            if action == "bewaren":  # a field the form did not send stays as it is; an empty one is cleared
                edit_coach(s, _actor(request), coach.name, working_days=_days(form), neighbourhoods=form.get("wijken", ""),
                           phone=form.get("telefoon"), whatsapp=form.get("whatsapp"), new_name=form.get("naam"))
                target = "/beheer/coaches?opgeslagen=1"
            elif action == "stoppen":
                done = deactivate_coach(s, _actor(request), coach.name)
                moved = ", ".join(f"{name} ({count})" for name, count in sorted(done.moved.items()))
                target = "/beheer/coaches?gestopt=" + notices.signed("coach-stopped", moved)
            elif action == "starten":
                activate_coach(s, _actor(request), coach.name)
                target = "/beheer/coaches?weer=1"
            else:
                raise Refusal(400, t("web.bad_choice"))
    except OutreachError as exc:
        return _coaches_page(request, error=f"{_coach_name(request, coach_id)}: {exc.message}", status_code=400)
    return RedirectResponse(target, status_code=303)


def _days(form: Form) -> str:
    return ",".join(d for d in DAYS if form.get(f"dag_{d}") == "ja")


@view(role="beheer", upload=LIMIT)
def add_coach(request: Request, form: Form) -> Response:
    """A new coach with everything the documents print; a wrong photo or number stores nothing."""
    from ..tracking import add_coach as add
    from . import coachphoto

    upload = request.state.files.get("foto")
    try:
        clean = coachphoto.check(upload.data) if upload is not None else None
        with db.session(url(request)) as s:
            coach = add(s, _actor(request), form.get("naam", ""), phone=form.get("telefoon") or None,
                        whatsapp=form.get("whatsapp") or None, working_days=_days(form) or None,
                        neighbourhoods=form.get("wijken") or None)
            if clean is not None:
                coachphoto.store(s, request.state.user.actor_name, coach.name, clean)
    except OutreachError as exc:
        return _coaches_page(request, error=exc.message, status_code=400, form=form)
    return RedirectResponse("/beheer/coaches?nieuw=1", status_code=303)


@view(role="beheer", upload=LIMIT)
def coach_photo(request: Request, form: Form) -> Response:
    from ..tracking.models import Coach
    from . import coachphoto

    coach_id = request.path_params["id"]
    upload = request.state.files.get("foto")
    try:
        with db.session(url(request)) as s:
            coach = s.get(Coach, coach_id) if coach_id <= MAX_ID else None
            if coach is None:
                raise Refusal(404, t("web.coach_not_found"))
            if upload is None:
                raise InputError(t("web.photo_missing"), Where(field="foto"))
            coachphoto.store(s, request.state.user.actor_name, coach.name, coachphoto.check(upload.data))
    except OutreachError as exc:
        return _coaches_page(request, error=f"{_coach_name(request, coach_id)}: {exc.message}", status_code=400)
    return RedirectResponse("/beheer/coaches?opgeslagen=1", status_code=303)


def _coach_name(request: Request, coach_id: int) -> str:
    from ..tracking.models import Coach

    with db.session(url(request)) as s:
        coach = s.get(Coach, coach_id)
        return coach.name if coach else ""


def routes() -> list[BaseRoute]:
    return [
        Route("/beheer/lijst", import_list, methods=["GET", "POST"]),
        Route("/beheer/lijst/{id:str}/foute-regels.csv", refused_rows),
        Route("/beheer/coaches", coaches),
        Route("/beheer/coaches/nieuw", add_coach, methods=["POST"]),
        Route("/beheer/coaches/{id:int}", change_coach, methods=["POST"]),
        Route("/beheer/coaches/{id:int}/foto", coach_photo, methods=["POST"]),
    ]
