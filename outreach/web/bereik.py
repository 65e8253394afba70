"""Turn a funnel request into the same figures and chart as `outreach report funnel`, as a page and a PNG.

A coach sees only their own people (tracking scopes the funnel to the coach Actor); a user
with the role beheer sees everyone, split per coach or per neighbourhood.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .. import db
from ..texts import t
from ..errors import OutreachError
from .render import Refusal, error_text, page
from .views import Form, url, view

SPLITS = {"coach": "coach", "wijk": "neighbourhood", "taal": "language"}


def _actor(request: Request) -> Any:
    """Beheer sees all; a coach only their own; anyone else is refused."""
    from ..tracking import Actor

    user = request.state.user
    if user.has("beheer"):
        return Actor(user.actor_name)
    if user.coach_id is not None:
        return Actor(f"coach:{user.coach_id}", int(user.coach_id))
    raise Refusal(403, t("web.no_role"))


def _period(request: Request) -> tuple[Any, Any]:
    """The days of `?van=...&tot=...` (either may be empty); a Dutch InputError naming the field."""
    from .. import clock
    from ..errors import InputError, Where

    days = [clock.parse_date(request.query_params[k][:20], field=k) if request.query_params.get(k, "").strip() else None
            for k in ("van", "tot")]
    if days[0] and days[1] and days[0] > days[1]:
        raise InputError(t("web.funnel_period_reversed"), Where(field="tot"))
    return days[0], days[1]


def _funnel(request: Request, period: bool = True) -> tuple[Any, str]:
    from ..tracking import funnel

    who = _actor(request)
    split = request.query_params.get("per", "")
    if split not in SPLITS or (who.coach_id is not None and split == "coach"):
        split = ""  # a coach has one coach: themselves
    since, until = _period(request) if period else (None, None)
    with db.session(url(request)) as s:
        return funnel(s, who, SPLITS.get(split), since=since, until=until), split


def _without_version(request: Request) -> tuple[int, set[str]]:
    """How many of the people in view have a language the first letter has no approved version in; those languages' codes."""
    from .. import languages
    from ..documents.translations import FIRST_LETTER, approved_languages
    from ..tracking import funnel

    with db.session(url(request)) as s:
        rows = funnel(s, _actor(request), "language").rows[:-1]
        have = approved_languages(s, FIRST_LETTER)
    lacking = {r.key for r in rows if r.key and languages.needs_translation(r.key) and r.key not in have}
    return sum(r.total for r in rows if r.key in lacking), {str(k) for k in lacking}


@view()
def funnel_page(request: Request, form: Form) -> Response:
    from ..tracking.report import STAGES

    if request.state.user is None:
        return RedirectResponse("/inloggen", status_code=303)
    try:
        f, split = _funnel(request)
    except OutreachError as exc:  # a wrong date: the page again, without the period, saying what is wrong
        f, split = _funnel(request, period=False)
        return page(request, "bereik", f=f, split=split, stages=STAGES, manager=_actor(request).coach_id is None,
                    error=error_text(exc, {"van": t("web.funnel_from"), "tot": t("web.funnel_until")}),
                    query="", status_code=400, without=0, lacking=set())
    without, lacking = _without_version(request)
    return page(request, "bereik", f=f, split=split, stages=STAGES, manager=_actor(request).coach_id is None,
                error=None, query=request.url.query, without=without, lacking=lacking)


@view()
def funnel_csv(request: Request, form: Form) -> Response:
    from ..tracking.report import to_csv

    if request.state.user is None:
        return RedirectResponse("/inloggen", status_code=303)
    try:
        f, _ = _funnel(request)
    except OutreachError as exc:
        raise Refusal(400, error_text(exc, {"van": t("web.funnel_from"), "tot": t("web.funnel_until")})) from None
    return Response(to_csv(f).encode("utf-8-sig"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="bereik.csv"'})


@view()
def funnel_chart(request: Request, form: Form) -> Response:
    from ..tracking import funnel_png

    if request.state.user is None:
        return RedirectResponse("/inloggen", status_code=303)
    try:
        f, _ = _funnel(request)
    except OutreachError:
        f, _ = _funnel(request, period=False)
    with tempfile.TemporaryDirectory(prefix="outreach-chart-") as folder:
        data = funnel_png(f, Path(folder) / "bereik.png").read_bytes()
    return Response(data, media_type="image/png")


def routes() -> list[BaseRoute]:
    return [
        Route("/bereik", funnel_page),
        Route("/bereik/grafiek.png", funnel_chart),
        Route("/bereik/bereik.csv", funnel_csv),
    ]
