"""Turn a coach's choices into work done: a message by hand from a person's page, flyers delivered in a street.

`GET /bericht/{ref}` shows what the chosen template says for this person, its cost in SMS
parts and when it will go (the first opening of the sending window); `POST` queues it. Both
call `tracking.plan_message` / `tracking.schedule_message`, the same functions as
`outreach messages schedule`; nothing is stored before the coach presses the button. `/flyers` lists the coach's flyer round
by street and logs "flyer bezorgd" for everyone ticked or a whole street at once
(`tracking.rounds`), in one transaction.
"""

from __future__ import annotations

from datetime import timezone
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .. import db
from ..errors import InputError, NotFoundError, OutreachError, Where
from ..texts import t
from .render import Refusal, page
from .views import MAX_REF, Form, url, view


def _actor(request: Request) -> Any:
    from ..tracking import Actor

    return Actor(f"coach:{request.state.coach_id}", int(request.state.coach_id))


def _choice(given: dict[str, str]) -> tuple[str, str] | None:
    """(template, channel) of the form's `sjabloon` ('gemist-gesprek.sms'), if it is one of the offered ones."""
    from ..tracking import message_choices

    name, _, channel = given.get("sjabloon", "").partition(".")
    return (name, channel) if any((n, c) == (name, channel) for n, c, _ in message_choices()) else None


def _when(given: dict[str, str]) -> Any:
    from .. import clock

    text = given.get("wanneer", "").strip()
    if not text:
        return None
    try:
        moment = clock.parse_datetime(text, "wanneer")
        moment.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        raise InputError(t("web.bad_datetime", value=text[:40]), Where(field="wanneer")) from None
    return moment


def _extra(given: dict[str, str], fields: list[str]) -> dict[str, object]:
    return {f: given[f].strip() for f in fields if given.get(f, "").strip()}


@view(coach=True)
def message(request: Request, form: Form) -> Response:
    from ..tracking import message_choices, plan_message, prospect_history, schedule_message, template_extra_fields

    ref = request.path_params["ref"]
    if len(ref) > MAX_REF:
        raise Refusal(404, t("web.not_found"))
    given = form if request.method == "POST" else dict(request.query_params)
    chosen = _choice(given)
    extra_fields = template_extra_fields(*chosen) if chosen else []
    plan, error = None, None
    try:
        with db.session(url(request)) as s:
            history = prospect_history(s, _actor(request), ref)
            if chosen is not None:
                due = _when(given)
                if request.method == "POST":
                    queued = schedule_message(s, _actor(request), ref, *chosen, due, _extra(given, extra_fields),
                                              purpose=f"hand:{chosen[0]}:{(due or _now()):%Y-%m-%dT%H:%M}")
                    if queued is None:
                        raise InputError(t("messaging.cli.not_scheduled"))
                    return RedirectResponse(f"/mensen/{quote(ref)}?bericht={queued.id}", status_code=303)
                plan = plan_message(s, _actor(request), ref, *chosen, due, _extra(given, extra_fields))
            elif given.get("sjabloon"):
                raise Refusal(400, t("web.bad_choice"))
    except NotFoundError:
        raise Refusal(404, t("web.not_found")) from None
    except OutreachError as exc:  # no mobile number, a field missing, too long: say so, keep the choice
        error = exc.message
        with db.session(url(request)) as s:  # the failed transaction expired what it loaded
            history = prospect_history(s, _actor(request), ref)
    return page(request, "bericht", h=history, choices=message_choices(), given=given, extra_fields=extra_fields,
                plan=plan, error=error, status_code=400 if error and request.method == "POST" else 200)


def _now() -> Any:
    from .. import clock

    return clock.now()


def _round_fields(request: Request) -> int:
    from ..tracking.rounds import MAX_ROUND

    return MAX_ROUND + 1  # a tick per person the page shows, and the street button


@view(coach=True, fields=_round_fields)
def flyers(request: Request, form: Form) -> Response:
    from ..tracking.rounds import flyer_round, flyers_delivered

    error = None
    if request.method == "POST":
        try:
            with db.session(url(request)) as s:
                if form.get("straat"):
                    refs = [item.client_number for street in flyer_round(s, _actor(request))
                            if street.name == form["straat"] for item, _ in street.people]
                else:
                    refs = [v for k, v in form.items() if k.startswith("p") and k[1:].isdigit()]
                done = flyers_delivered(s, _actor(request), refs)
            return RedirectResponse(f"/flyers?bezorgd={done}", status_code=303)
        except OutreachError as exc:
            error = exc.message
    done_count = request.query_params.get("bezorgd", "")
    notice = t("web.round_done", count=int(done_count)) if done_count.isdigit() and len(done_count) < 5 else None
    with db.session(url(request)) as s:
        streets = flyer_round(s, _actor(request))
    return page(request, "flyers", streets=streets, notice=notice, error=error, status_code=400 if error else 200)


ORGANISATION = ("gemeente", "team", "afzender_adres", "afzender_postcode", "afzender_plaats")
CONFIRMATION = "bevestiging-afspraak"


def _sender(request: Request, form: Form) -> tuple[dict[str, str], list[str]]:
    """Beheer's organisation settings with what the form changes for this letter, and the sender fields still empty."""
    from .studio import organisation_values

    values = organisation_values(request)
    values.update({k: form[k].strip() for k in ORGANISATION if form.get(k, "").strip()})
    return values, [k for k in ORGANISATION if not values.get(k)]


def _confirmation_values(session: Any, request: Request, ref: str, form: Form) -> dict[str, Any]:
    """The confirmation letter's values: the sender (settings, then the form), the person, their coach, their
    next planned appointment."""
    from .. import clock
    from ..tracking import prospect_history
    from ..tracking.coach_fields import document_values

    history = prospect_history(session, _actor(request), ref)
    p = history.prospect
    planned = sorted((a for a in history.appointments if a.status == "gepland"), key=lambda a: a.starts_at)
    if not planned:
        raise InputError(t("web.letter_confirm_no_appointment"), Where(field="afspraak"))
    sender, missing = _sender(request, form)
    if missing:  # said in words before the template would refuse with a field name
        raise InputError(t("web.letter_confirm_fill", names=", ".join(t(f"web.sender_{k}") for k in missing)),
                         Where(field=missing[0]))
    starts = planned[-1].starts_at.astimezone(clock.zone())
    values: dict[str, Any] = {**sender, "naam": p.name or p.client_number, "aanhef": f"Beste {p.name or p.client_number}",
                              "adres": p.address or "", "postcode": p.postcode or "", "woonplaats": p.city or "",
                              "afspraak_datum": starts.date().isoformat(), "afspraak_tijd": f"{starts:%H:%M}",
                              "afspraak_plaats": planned[-1].place or ""}
    if p.coach is not None:
        values.update(document_values(session, p.coach.name))
    return {k: v for k, v in values.items() if v}


@view(coach=True)
def confirmation(request: Request, form: Form) -> Response:
    """The confirmation letter of a person's appointment, as PDF (the next step 'brief' asks for it).

    The sender comes from Beheer's organisation settings, so one click makes the letter; the page
    names what Beheer has not filled in yet and lets the coach type it (or change it for this letter).
    """
    from ..documents import load_template, render
    from ..tracking import prospect_history
    from .studio import pdf_response

    ref = request.path_params["ref"]
    if len(ref) > MAX_REF:
        raise Refusal(404, t("web.not_found"))
    error = None
    try:
        with db.session(url(request)) as s:
            history = prospect_history(s, _actor(request), ref)
            if request.method == "POST":
                data = render(load_template(CONFIRMATION, "html"), _confirmation_values(s, request, ref, form))
                return pdf_response(data if isinstance(data, bytes) else b"", f"{CONFIRMATION}.pdf")
    except NotFoundError:
        raise Refusal(404, t("web.not_found")) from None
    except OutreachError as exc:
        error = exc.message
        with db.session(url(request)) as s:
            history = prospect_history(s, _actor(request), ref)
    sender, missing = _sender(request, {})
    return page(request, "bevestiging", h=history, fields=ORGANISATION, form={**sender, **form}, missing=missing,
                error=error, status_code=400 if error else 200)


def routes() -> list[BaseRoute]:
    return [Route("/bericht/{ref:path}", message, methods=["GET", "POST"]),
            Route("/flyers", flyers, methods=["GET", "POST"]),
            Route("/bevestiging/{ref:path}", confirmation, methods=["GET", "POST"])]
