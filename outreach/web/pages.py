"""Turn the coaches' page requests into tracking and readability calls, and the results into pages.

Routes are thin: `view()` (in `views`) checks the sign-in, the role and the form's CSRF token,
then runs the view in a worker thread. Views call the same library functions as the CLI with
the signed-in coach as the Actor, so a coach only ever sees their own caseload.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .. import dates, db, languages
from ..errors import InputError, NotFoundError, OutreachError, Where
from ..fields import MAX_ID, whole_number
from ..texts import t
from .render import Refusal, page
from .views import MAX_REF, Form, url as _url, view


def _actor(request: Request) -> Any:
    from ..tracking import Actor

    return Actor(f"coach:{request.state.coach_id}", int(request.state.coach_id))


@view()
def home(request: Request, form: Form) -> Response:
    from .views import start_page

    return RedirectResponse(start_page(request.state.user), status_code=303)


@view(throttle="sign-in")
def sign_in(request: Request, form: Form) -> Response:
    if request.method == "GET":
        return page(request, "inloggen", error=None, name="")
    from .signin import MAX_NAME, sign_in as check

    name = form.get("naam", "")
    address = request.client.host if request.client else ""
    result = check(_url(request), address, name, form.get("wachtwoord", ""))
    if result.outcome == "name-too-long":
        return page(request, "inloggen", status_code=400, error=t("web.name_too_long", max=MAX_NAME), name="")
    if result.outcome == "paused":
        return page(request, "inloggen", status_code=429, error=t("web.sign_in_paused"), name=name)
    if result.outcome != "ok":
        return page(request, "inloggen", status_code=400, error=t("web.sign_in_failed"), name=name)
    request.session.clear()  # a new CSRF token too: nothing from before the sign-in carries over
    request.session.update(account=result.account_id, v=result.version)
    from .views import start_page

    with db.session(_url(request)) as s:
        from .accounts import session_account

        user = session_account(s, result.account_id, result.version)
    return RedirectResponse(start_page(user), status_code=303)


@view()
def sign_out(request: Request, form: Form) -> Response:
    from .accounts import end_sessions

    account = request.session.get("account")
    if request.state.user is not None and isinstance(account, int):
        with db.session(_url(request)) as s:
            end_sessions(s, account)  # every saved copy of this cookie stops working too
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

    return page(request, "vandaag", items=items, on=on, phone=display_phone, language_name=languages.name)


@view(coach=True)
def person(request: Request, form: Form) -> Response:
    notice = t("web.attempt_undone") if request.query_params.get("gewist") else None
    notice = t("translations.person.saved") if request.query_params.get("taal") and notice is None else notice
    logged = request.query_params.get("poging", "")
    return _person_page(request, notice=notice, logged=whole_number(logged),
                        no_coach_phone=bool(request.query_params.get("zonder-nummer")),
                        message_failed=bool(request.query_params.get("bericht-kapot")),
                        queued=whole_number(request.query_params.get("bericht", "")))


def _person_page(request: Request, notice: str | None = None, error: str | None = None, status_code: int = 200,
                 form: Form | None = None, logged: int | None = None, ref: str | None = None,
                 no_coach_phone: bool = False, message_failed: bool = False, queued: int | None = None) -> Response:
    from ..fields import display_phone
    from .. import clock
    from ..tracking import OUTCOMES, attempt_info, prospect_history

    ref = ref if ref is not None else request.path_params["ref"]
    if len(ref) > MAX_REF:
        raise Refusal(404, t("web.not_found"))
    info = None
    try:
        with db.session(_url(request)) as s:
            history = prospect_history(s, _actor(request), ref)
            if logged is not None:
                try:
                    info = attempt_info(s, _actor(request), logged)
                except NotFoundError:
                    info = None  # undone meanwhile, or not this coach's: just show the page
                if info is not None and info.attempt.prospect_id != history.prospect.id:
                    info = None
            from ..messaging import list_messages

            sent = list_messages(s, prospect_id=history.prospect.id)  # this person's, so this coach's: delivery status
            language = _language_info(s, history.prospect.language)
            mine = [m for m in sent if m.id == queued]
            if mine and notice is None:  # a message by hand was just queued
                when = mine[0].send_at.replace(tzinfo=timezone.utc).astimezone(clock.zone())
                notice = t("web.send_saved", date=dates.date(when), time=dates.time(when))
    except NotFoundError:
        raise Refusal(404, t("web.not_found")) from None
    if info is not None and notice is None:
        notice = t("web.attempt_saved")
    coach = history.prospect.coach
    missing = t("web.no_coach_phone", coach=coach.name) if no_coach_phone and coach is not None and not (coach.phone or coach.whatsapp) else None
    if message_failed and info is not None:
        missing = " ".join(m for m in (missing, t("tracking.followup_failed")) if m)
    return page(request, "persoon", h=history, outcomes=OUTCOMES.values(), phone=display_phone, tz=clock.zone(),
                utc=timezone.utc, notice=notice, error=error, status_code=status_code, form=form or {}, info=info,
                missing_phone=missing, sent=sent, explain=_explain, language=language,
                language_name=languages.name)


def _language_info(session: Any, code: str | None) -> dict[str, Any]:
    """The person's language for their page: its name, the choices, and whether the invitation exists in it."""
    from ..documents.translations import FIRST_LETTER, approved

    return {"code": code or "", "name": languages.name(code), "choices": list(languages.names().items()),
            "missing": languages.needs_translation(code) and approved(session, FIRST_LETTER, code or "") is None}


def _explain(code: str | None) -> str:
    from ..messaging.senders import explain

    return explain(code)


@view(coach=True)
def undo(request: Request, form: Form) -> Response:
    """Wipe an attempt; the page shown is that of the attempt's own person (the form's `klant` field is not trusted)."""
    from ..tracking import attempt_info, undo_attempt
    from ..tracking.models import Prospect

    attempt_id = int(request.path_params["id"])
    if attempt_id > MAX_ID or len(form.get("klant", "")) > MAX_REF:
        raise Refusal(404, t("web.not_found_page"))
    try:
        with db.session(_url(request)) as s:
            done = undo_attempt(s, _actor(request), attempt_id)
            ref = done.prospect.client_number or ""
    except NotFoundError:
        raise Refusal(404, t("web.not_found")) from None
    except OutreachError as exc:  # too late, not the last one: say so on the person's page
        try:
            with db.session(_url(request)) as s:
                prospect = s.get(Prospect, attempt_info(s, _actor(request), attempt_id).attempt.prospect_id)
                ref = prospect.client_number if prospect is not None else None
        except NotFoundError:
            ref = None
        if not ref:
            raise Refusal(409, exc.message) from None
        return _person_page(request, error=exc.message, status_code=409, ref=ref)
    return RedirectResponse(request.url_for("person", ref=ref).path + "?gewist=1", status_code=303)


def _appointment(text: str) -> datetime | None:
    """The typed appointment time, or a Dutch InputError (also for years no calendar reaches)."""
    from .. import clock

    if not text:
        return None
    try:
        moment = clock.parse_datetime(text, "afspraak")
        moment.astimezone(timezone.utc)  # it is stored in UTC: it must fit there as well
    except (OverflowError, ValueError):
        raise InputError(t("web.bad_datetime", value=text[:40]), Where(field="afspraak")) from None
    return moment


@view(coach=True)
def log(request: Request, form: Form) -> Response:
    from ..tracking import log_attempt
    from ..tracking.followups import EXPECTED

    ref = request.path_params["ref"]
    if len(ref) > MAX_REF:
        raise Refusal(404, t("web.not_found"))
    try:
        appointment = _appointment(form.get("afspraak", ""))
        with db.session(_url(request)) as s:
            logged = log_attempt(s, _actor(request), ref, form.get("uitkomst", ""), note=form.get("notitie") or None,
                                 channel=form.get("kanaal") or None, place=form.get("plaats") or None,
                                 appointment_at=appointment)
            attempt_id = logged.attempt.id
            no_phone = any(f.problem == "no-coach-phone" for f in logged.messages)
            failed = any(f.problem not in EXPECTED for f in logged.messages)  # the coach is told, the attempt stays
    except NotFoundError:
        raise Refusal(404, t("web.not_found")) from None
    except InputError as exc:  # the form shows the field: say what is wrong, keep what was typed
        return _person_page(request, error=exc.message, status_code=400, form=form)
    except OverflowError:  # a date so far off that the follow-ups cannot be planned
        return _person_page(request, error=t("web.bad_datetime", value=form.get("afspraak", "")[:40]),
                            status_code=400, form=form)
    missing = "&zonder-nummer=1" if no_phone else ""  # the follow-up was not queued: the page says why
    missing += "&bericht-kapot=1" if failed else ""
    return RedirectResponse(request.url_for("person", ref=ref).path + f"?poging={attempt_id}{missing}", status_code=303)


@view(coach=True)
def set_language(request: Request, form: Form) -> Response:
    """The person's language, chosen on their page (a code from the list, or empty: Dutch)."""
    from ..tracking import set_language as store

    ref = request.path_params["ref"]
    if len(ref) > MAX_REF:
        raise Refusal(404, t("web.not_found"))
    try:
        with db.session(_url(request)) as s:
            store(s, _actor(request), ref, form.get("taal", "")[:20])
    except NotFoundError:
        raise Refusal(404, t("web.not_found")) from None
    except InputError as exc:
        return _person_page(request, error=exc.message, status_code=400, ref=ref)
    return RedirectResponse(request.url_for("person", ref=ref).path + "?taal=1", status_code=303)


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
    if action not in ("annuleren", "wijzigen") or message_id > MAX_ID:
        raise Refusal(404, t("web.not_found_page"))
    try:
        with db.session(_url(request)) as s:
            if action == "annuleren":
                tracking.cancel_message(s, _actor(request), message_id)
            else:
                tracking.edit_message(s, _actor(request), message_id, form.get("tekst", ""))
    except NotFoundError:
        raise Refusal(404, t("web.message_not_found")) from None
    except OutreachError as exc:
        return _messages_page(request, error=exc.message, status_code=400)
    return RedirectResponse(f"/berichten?{'gestopt' if action == 'annuleren' else 'opgeslagen'}=1", status_code=303)


def routes() -> list[BaseRoute]:
    from . import followup

    return [
        *followup.routes(),
        Route("/", home),
        Route("/inloggen", sign_in, methods=["GET", "POST"]),
        Route("/uitloggen", sign_out, methods=["POST"]),
        Route("/vandaag", today),
        Route("/poging/{ref:path}", log, methods=["POST"]),
        Route("/pogingen/{id:int}/wissen", undo, methods=["POST"]),
        Route("/mensen/{ref:path}", person, name="person"),
        Route("/taalkeuze/{ref:path}", set_language, methods=["POST"]),
        Route("/berichten", messages),
        Route("/berichten/{id:int}/{action:str}", message_action, methods=["POST"]),
    ]
