"""Turn the coaches' page requests into tracking and readability calls, and the results into pages.

Routes are thin: they read the form, call the same library functions as the CLI with the
signed-in coach as the Actor (so a coach only ever sees their own caseload), and render.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime, timezone
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .. import db
from ..errors import InputError, NotFoundError, OutreachError
from ..texts import t
from .render import csrf_token, page

Handler = Callable[[Request], Awaitable[Response]]


def _url(request: Request) -> str | None:
    return getattr(request.app.state, "database_url", None)


async def _form(request: Request) -> dict[str, str]:
    """The posted form, after checking its CSRF token."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    if form.get("csrf") != csrf_token(request):
        raise HTTPException(403, t("web.csrf_failed"))
    return form


def coach_only(handler: Handler) -> Handler:
    """Send a visitor who is not signed in to the sign-in page."""

    async def wrapper(request: Request) -> Response:
        if "coach_id" not in request.session:
            return RedirectResponse("/inloggen", status_code=303)
        return await handler(request)

    return wrapper


def _actor(request: Request) -> Any:
    from ..tracking import Actor

    return Actor(f"coach:{request.session['coach_id']}", int(request.session["coach_id"]))


async def home(request: Request) -> Response:
    return RedirectResponse("/vandaag" if "coach_id" in request.session else "/inloggen", status_code=303)


async def sign_in(request: Request) -> Response:
    if request.method == "GET":
        return page(request, "inloggen", error=None, name="")
    form = await _form(request)
    from ..tracking.service import find_coach
    from .accounts import verify

    with db.session(_url(request)) as s:
        try:
            coach = find_coach(s, form.get("naam", ""))
            coach_id, coach_name = coach.id, coach.name
        except OutreachError:
            coach_id, coach_name = None, ""
        ok = verify(s, coach_id, form.get("wachtwoord", ""))
    if not ok:
        return page(request, "inloggen", status_code=400, error=t("web.sign_in_failed"), name=form.get("naam", ""))
    request.session.clear()
    request.session.update(coach_id=coach_id, coach_name=coach_name)
    return RedirectResponse("/vandaag", status_code=303)


async def sign_out(request: Request) -> Response:
    await _form(request)
    request.session.clear()
    return RedirectResponse("/inloggen", status_code=303)


@coach_only
async def today(request: Request) -> Response:
    from ..tracking import due_calls

    try:
        on = date.fromisoformat(request.query_params["datum"]) if "datum" in request.query_params else None
    except ValueError:
        on = None
    with db.session(_url(request)) as s:
        items = due_calls(s, _actor(request), on=on)
    return page(request, "vandaag", items=items, on=on or date.today())


@coach_only
async def person(request: Request) -> Response:
    return _person_page(request, notice=request.query_params.get("opgeslagen") and t("web.attempt_saved"))


def _person_page(request: Request, notice: str | None = None, error: str | None = None, status_code: int = 200) -> Response:
    from ..fields import display_phone
    from ..tracking import OUTCOMES, clock, prospect_history

    try:
        with db.session(_url(request)) as s:
            history = prospect_history(s, _actor(request), request.path_params["ref"])
    except NotFoundError:
        raise HTTPException(404, t("web.not_found")) from None
    return page(request, "persoon", h=history, outcomes=OUTCOMES.values(), phone=display_phone, tz=clock.zone(),
                notice=notice, error=error, status_code=status_code)


@coach_only
async def log(request: Request) -> Response:
    from ..tracking import log_attempt

    form = await _form(request)
    ref = request.path_params["ref"]
    try:
        appointment = form.get("afspraak") or None
        with db.session(_url(request)) as s:
            log_attempt(s, _actor(request), ref, form.get("uitkomst", ""), note=form.get("notitie") or None,
                        channel=form.get("kanaal") or None, place=form.get("plaats") or None,
                        appointment_at=_local(appointment) if appointment else None)
    except NotFoundError:
        raise HTTPException(404, t("web.not_found")) from None
    except InputError as exc:
        return _person_page(request, error=str(exc), status_code=400)
    return RedirectResponse(f"/mensen/{ref}?opgeslagen=1", status_code=303)


def _local(value: str) -> datetime:
    from ..tracking import clock

    try:
        return clock.local(datetime.fromisoformat(value))
    except ValueError:
        raise InputError(t("web.bad_datetime", value=value)) from None


@coach_only
async def messages(request: Request) -> Response:
    return _messages_page(request, notice=t("web.message_saved") if request.query_params.get("opgeslagen") else None)


def _messages_page(request: Request, error: str | None = None, notice: str | None = None, status_code: int = 200) -> Response:
    from ..fields import display_phone
    from ..messaging import sms_segments
    from ..tracking import clock, messages_for

    with db.session(_url(request)) as s:
        items = messages_for(s, _actor(request))
    return page(request, "berichten", items=items, error=error, notice=notice, phone=display_phone,
                segments=sms_segments, tz=clock.zone(), utc=timezone.utc, status_code=status_code)


@coach_only
async def message_action(request: Request) -> Response:
    from .. import tracking

    form = await _form(request)
    message_id, action = int(request.path_params["id"]), request.path_params["action"]
    if action not in ("annuleren", "wijzigen"):
        raise HTTPException(404, t("web.not_found_page"))
    try:
        with db.session(_url(request)) as s:
            if action == "annuleren":
                tracking.cancel_message(s, _actor(request), message_id)
            else:
                tracking.edit_message(s, _actor(request), message_id, form.get("tekst", ""))
    except NotFoundError:
        raise HTTPException(404, t("web.message_not_found")) from None
    except OutreachError as exc:
        return _messages_page(request, error=str(exc), status_code=400)
    return RedirectResponse("/berichten?opgeslagen=1", status_code=303)


async def checker(request: Request) -> Response:
    values: dict[str, Any] = {"text": "", "level": "B1", "kind": "letter", "report": None, "marked": None}
    if request.method == "POST":
        from ..readability import check

        form = await _form(request)
        values.update(text=form.get("tekst", ""), level=form.get("niveau", "B1"), kind=form.get("soort", "letter"))
        if values["level"] not in ("A2", "B1") or values["kind"] not in ("letter", "flyer", "sms", "whatsapp"):
            raise HTTPException(400, t("web.bad_choice"))
        values["report"] = check(values["text"], level=values["level"], kind=values["kind"])
        values["marked"] = _mark(values["text"], values["report"].findings)
    return page(request, "controleren", **values)


def _mark(text: str, findings: list[Any]) -> list[tuple[str, list[Any]]]:
    """The text cut at every finding's edges: (piece, findings covering it), for nested highlights."""
    cuts = sorted({0, len(text), *(f.start for f in findings), *(f.end for f in findings)})
    return [(text[a:b], [f for f in findings if f.start <= a and b <= f.end]) for a, b in zip(cuts, cuts[1:])]


def routes() -> list[BaseRoute]:
    return [
        Route("/", home),
        Route("/inloggen", sign_in, methods=["GET", "POST"]),
        Route("/uitloggen", sign_out, methods=["POST"]),
        Route("/vandaag", today),
        Route("/mensen/{ref}", person),
        Route("/mensen/{ref}/poging", log, methods=["POST"]),
        Route("/berichten", messages),
        Route("/berichten/{id:int}/{action:str}", message_action, methods=["POST"]),
        Route("/controleren", checker, methods=["GET", "POST"]),
    ]
