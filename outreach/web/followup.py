"""Turn a coach's choice on a person's page into a message by hand: its text, cost and moment, then the queued message.

`GET /bericht/{ref}` shows what the chosen template says for this person, its cost in SMS
parts and when it will go (the first opening of the sending window); `POST` queues it. Both
call `tracking.plan_message` / `tracking.schedule_message`, the same functions as
`outreach messages schedule`; nothing is stored before the coach presses the button.
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


def routes() -> list[BaseRoute]:
    return [Route("/bericht/{ref:path}", message, methods=["GET", "POST"])]
