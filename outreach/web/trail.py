"""Turn Beheer's filter on the audit trail into a page: who changed people, users, rules and settings, and when.

The same entries the CLI and the pages write through `tracking.audit` (ids and field names
only), read by `tracking.trail.changes`; filtered by kind, by who and by period.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .. import clock, db
from ..errors import InputError, OutreachError, Where
from ..texts import t
from .render import error_text, page
from .views import Form, url, view


def _label(prefix: str, key: str) -> str:
    try:
        return t(f"web.{prefix}.{key}")
    except KeyError:  # an action or kind added later: its own name
        return key


def _filters(request: Request) -> dict[str, Any]:
    params = request.query_params
    days = [clock.parse_date(params[k][:20], field=k) if params.get(k, "").strip() else None for k in ("van", "tot")]
    if days[0] and days[1] and days[0] > days[1]:
        raise InputError(t("web.funnel_period_reversed"), Where(field="tot"))
    kind = params.get("soort", "")
    return {"kind": kind or None, "actor": params.get("door", "")[:100], "since": days[0], "until": days[1]}


@view(role="beheer")
def trail_page(request: Request, form: Form) -> Response:
    from ..tracking import Actor
    from ..tracking.trail import KINDS, MAX_SHOWN, changes, kind_of

    error = None
    try:
        chosen = _filters(request)
    except OutreachError as exc:
        error = error_text(exc, {"van": t("web.audit_from"), "tot": t("web.audit_until")})
        chosen = {"kind": None, "actor": "", "since": None, "until": None}
    with db.session(url(request)) as s:
        entries = changes(s, Actor(request.state.user.actor_name), **chosen)
        rows = [{"at": e.at, "actor": e.actor, "action": _label("audit_action", e.action),
                 "kind": _label("audit_kind", kind_of(e.entity) or e.entity), "id": e.entity_id or "",
                 "fields": (e.fields or "").replace(",", ", ")} for e in entries]
    return page(request, "wijzigingen", rows=rows, kinds=list(KINDS), chosen=chosen, most=MAX_SHOWN,
                error=error, status_code=400 if error else 200)


def routes() -> list[BaseRoute]:
    return [Route("/beheer/wijzigingen", trail_page)]
