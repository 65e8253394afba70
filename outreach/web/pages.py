"""Turn the coaches' page requests into tracking and readability calls, and the results into pages.

Routes are thin: `view()` checks the sign-in and the form's CSRF token, then runs the view in a
worker thread (database work and password hashing never block the event loop). Views call the
same library functions as the CLI with the signed-in coach as the Actor, so a coach only ever
sees their own caseload.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import date, timezone
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .. import db
from ..errors import InputError, NotFoundError, OutreachError
from ..texts import t
from .render import csrf_token, page

Form = dict[str, str]
View = Callable[[Request, Form], Response]
MAX_CHECK_CHARS = 20_000  # the checker page takes a letter, not a book
SIGN_IN_TRIES, SIGN_IN_WINDOW = 5, 15 * 60  # failed sign-ins per name before a pause, in seconds


def view(*, coach: bool = False) -> Callable[[View], Callable[[Request], Awaitable[Response]]]:
    """Make a sync view an endpoint: sign-in required if `coach`, POST forms CSRF-checked, run in a thread."""

    def wrap(fn: View) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            if coach and "coach_id" not in request.session:
                return RedirectResponse("/inloggen", status_code=303)
            form: Form = {}
            if request.method == "POST":
                form = {k: str(v) for k, v in (await request.form()).items()}
                if form.get("csrf") != csrf_token(request):
                    raise HTTPException(403, t("web.csrf_failed"))
            return await run_in_threadpool(fn, request, form)

        return endpoint

    return wrap


def _url(request: Request) -> str | None:
    return getattr(request.app.state, "database_url", None)


def _actor(request: Request) -> Any:
    from ..tracking import Actor

    return Actor(f"coach:{request.session['coach_id']}", int(request.session["coach_id"]))


@view()
def home(request: Request, form: Form) -> Response:
    return RedirectResponse("/vandaag" if "coach_id" in request.session else "/inloggen", status_code=303)


def _too_many_tries(request: Request, name: str, failed: bool = False) -> bool:
    """Whether `name` failed to sign in too often lately; `failed=True` records one more failure."""
    tries: dict[str, list[float]] = request.app.state.sign_in_failures
    now = time.monotonic()
    recent = [at for at in tries.get(name, []) if now - at < SIGN_IN_WINDOW] + ([now] if failed else [])
    tries[name] = recent
    return len(recent) >= SIGN_IN_TRIES


@view()
def sign_in(request: Request, form: Form) -> Response:
    if request.method == "GET":
        return page(request, "inloggen", error=None, name="")
    from ..tracking.service import find_coach
    from .accounts import verify

    name = " ".join(form.get("naam", "").lower().split())
    if _too_many_tries(request, name):
        return page(request, "inloggen", status_code=429, error=t("web.sign_in_paused"), name=form.get("naam", ""))
    with db.session(_url(request)) as s:
        try:
            coach = find_coach(s, form.get("naam", ""))
            coach_id, coach_name = coach.id, coach.name
        except OutreachError:
            coach_id, coach_name = None, ""
        ok = verify(s, coach_id, form.get("wachtwoord", ""))
    if not ok:
        _too_many_tries(request, name, failed=True)
        return page(request, "inloggen", status_code=400, error=t("web.sign_in_failed"), name=form.get("naam", ""))
    request.session.clear()
    request.session.update(coach_id=coach_id, coach_name=coach_name)
    return RedirectResponse("/vandaag", status_code=303)


@view()
def sign_out(request: Request, form: Form) -> Response:
    request.session.clear()
    return RedirectResponse("/inloggen", status_code=303)


@view(coach=True)
def today(request: Request, form: Form) -> Response:
    from .. import clock
    from ..tracking import due_calls

    try:
        on = date.fromisoformat(request.query_params["datum"]) if "datum" in request.query_params else clock.today()
    except ValueError:
        on = clock.today()
    with db.session(_url(request)) as s:
        items = due_calls(s, _actor(request), on=on)
    from ..fields import display_phone

    return page(request, "vandaag", items=items, on=on, phone=display_phone)


@view(coach=True)
def person(request: Request, form: Form) -> Response:
    return _person_page(request, notice=t("web.attempt_saved") if request.query_params.get("opgeslagen") else None)


def _person_page(request: Request, notice: str | None = None, error: str | None = None, status_code: int = 200,
                 form: Form | None = None) -> Response:
    from ..fields import display_phone
    from .. import clock
    from ..tracking import OUTCOMES, prospect_history

    try:
        with db.session(_url(request)) as s:
            history = prospect_history(s, _actor(request), request.path_params["ref"])
    except NotFoundError:
        raise HTTPException(404, t("web.not_found")) from None
    return page(request, "persoon", h=history, outcomes=OUTCOMES.values(), phone=display_phone, tz=clock.zone(),
                notice=notice, error=error, status_code=status_code, form=form or {})


@view(coach=True)
def log(request: Request, form: Form) -> Response:
    from .. import clock
    from ..tracking import log_attempt

    ref = request.path_params["ref"]
    try:
        appointment = form.get("afspraak") or None
        with db.session(_url(request)) as s:
            log_attempt(s, _actor(request), ref, form.get("uitkomst", ""), note=form.get("notitie") or None,
                        channel=form.get("kanaal") or None, place=form.get("plaats") or None,
                        appointment_at=clock.parse_datetime(appointment, "afspraak") if appointment else None)
    except NotFoundError:
        raise HTTPException(404, t("web.not_found")) from None
    except InputError as exc:  # the form shows the field: say what is wrong, keep what was typed
        return _person_page(request, error=exc.message, status_code=400, form=form)
    return RedirectResponse(request.url_for("person", ref=ref).path + "?opgeslagen=1", status_code=303)


@view(coach=True)
def messages(request: Request, form: Form) -> Response:
    notice = (t("web.message_saved") if request.query_params.get("opgeslagen")
              else t("web.message_cancelled") if request.query_params.get("gestopt") else None)
    return _messages_page(request, notice=notice)


def _messages_page(request: Request, error: str | None = None, notice: str | None = None, status_code: int = 200) -> Response:
    from ..messaging import sms_segments
    from .. import clock
    from ..tracking import messages_for

    with db.session(_url(request)) as s:
        items = messages_for(s, _actor(request))
    return page(request, "berichten", items=items, error=error, notice=notice, segments=sms_segments, tz=clock.zone(),
                utc=timezone.utc, status_code=status_code)


@view(coach=True)
def message_action(request: Request, form: Form) -> Response:
    from .. import tracking

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
        return _messages_page(request, error=exc.message, status_code=400)
    return RedirectResponse(f"/berichten?{'gestopt' if action == 'annuleren' else 'opgeslagen'}=1", status_code=303)


@view()
def checker(request: Request, form: Form) -> Response:
    values: dict[str, Any] = {"text": "", "level": "B1", "kind": "letter", "report": None, "marked": None, "error": None}
    if request.method == "POST":
        from ..readability import check

        values.update(text=form.get("tekst", ""), level=form.get("niveau", "B1"), kind=form.get("soort", "letter"))
        if values["level"] not in ("A2", "B1") or values["kind"] not in ("letter", "flyer", "sms", "whatsapp"):
            raise HTTPException(400, t("web.bad_choice"))
        if len(values["text"]) > MAX_CHECK_CHARS:
            values["error"] = t("web.check_too_long", max=MAX_CHECK_CHARS)
            return page(request, "controleren", status_code=413, **values)
        values["report"] = check(values["text"], level=values["level"], kind=values["kind"])
        values["marked"] = _mark(values["text"], values["report"].findings)
    return page(request, "controleren", **values)


def _mark(text: str, findings: list[Any]) -> list[tuple[str, list[Any]]]:
    """The text cut at every finding's edges: (piece, findings covering it), for nested highlights.

    One sweep from left to right, keeping only the findings that are still open.
    """
    cuts = sorted({0, len(text), *(f.start for f in findings), *(f.end for f in findings)})
    waiting = sorted(findings, key=lambda f: f.start)
    open_: list[Any] = []
    pieces, i = [], 0
    for a, b in zip(cuts, cuts[1:]):
        while i < len(waiting) and waiting[i].start <= a:
            open_.append(waiting[i])
            i += 1
        open_ = [f for f in open_ if f.end > a]
        pieces.append((text[a:b], [f for f in open_ if b <= f.end]))
    return pieces


def routes() -> list[BaseRoute]:
    return [
        Route("/", home),
        Route("/inloggen", sign_in, methods=["GET", "POST"]),
        Route("/uitloggen", sign_out, methods=["POST"]),
        Route("/vandaag", today),
        Route("/poging/{ref:path}", log, methods=["POST"]),
        Route("/mensen/{ref:path}", person, name="person"),
        Route("/berichten", messages),
        Route("/berichten/{id:int}/{action:str}", message_action, methods=["POST"]),
        Route("/controleren", checker, methods=["GET", "POST"]),
    ]
