"""Turn a load balancer's health check (GET /gezond) into 200 when the database answers, else 503.

Cheap and anonymous: one `SELECT 1` on the app's database, no session, no personal data, and
no detail of a failure (it is logged with a reference only).
"""

from __future__ import annotations

from sqlalchemy import text
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from .. import db
from ..errors import log_unexpected
from ..texts import t


def database_answers(url: str | None) -> bool:
    """Whether the database at `url` answers `SELECT 1`."""
    try:
        with db.engine(url).connect() as connection:
            return connection.execute(text("SELECT 1")).scalar() == 1
    except Exception as exc:
        log_unexpected(exc, "outreach.web")
        return False


async def health(request: Request) -> Response:
    if await run_in_threadpool(database_answers, getattr(request.app.state, "database_url", None)):
        return PlainTextResponse(t("web.health.ok"))
    return PlainTextResponse(t("web.health.down"), status_code=503)


def routes() -> list[BaseRoute]:
    return [Route("/gezond", health, methods=["GET"])]
