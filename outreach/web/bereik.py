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
from .render import Refusal, page
from .views import Form, url, view

SPLITS = {"coach": "coach", "wijk": "neighbourhood"}


def _actor(request: Request) -> Any:
    """Beheer sees all; a coach only their own; anyone else is refused."""
    from ..tracking import Actor

    user = request.state.user
    if user.has("beheer"):
        return Actor(user.actor_name)
    if user.coach_id is not None:
        return Actor(f"coach:{user.coach_id}", int(user.coach_id))
    raise Refusal(403, t("web.no_role"))


def _funnel(request: Request) -> tuple[Any, str]:
    from ..tracking import funnel

    who = _actor(request)
    split = request.query_params.get("per", "")
    if split not in SPLITS or (who.coach_id is not None and split == "coach"):
        split = ""  # a coach has one coach: themselves
    with db.session(url(request)) as s:
        return funnel(s, who, SPLITS.get(split)), split


@view()
def funnel_page(request: Request, form: Form) -> Response:
    from ..tracking.report import STAGES

    if request.state.user is None:
        return RedirectResponse("/inloggen", status_code=303)
    f, split = _funnel(request)
    return page(request, "bereik", f=f, split=split, stages=STAGES, manager=_actor(request).coach_id is None)


@view()
def funnel_chart(request: Request, form: Form) -> Response:
    from ..tracking import funnel_png

    if request.state.user is None:
        return RedirectResponse("/inloggen", status_code=303)
    f, _ = _funnel(request)
    with tempfile.TemporaryDirectory(prefix="outreach-chart-") as folder:
        data = funnel_png(f, Path(folder) / "bereik.png").read_bytes()
    return Response(data, media_type="image/png")


def routes() -> list[BaseRoute]:
    return [
        Route("/bereik", funnel_page),
        Route("/bereik/grafiek.png", funnel_chart),
    ]
