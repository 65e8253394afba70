"""Turn HTTP requests into calls of the library: the coaches' pages and Twilio's webhooks.

`create_app()` builds one Starlette app from the route lists of the modules in this package;
routes stay thin and call the same library functions as the CLI.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from .. import config


def secret_key() -> str:
    """OUTREACH_SECRET_KEY, or a random key kept in the data folder."""
    key = config.get("OUTREACH_SECRET_KEY")
    if key:
        return key
    path = config.data_dir() / "web-secret"
    try:  # created readable by its owner only, from the first byte
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_urlsafe(32))
    return path.read_text().strip()


async def _error(request: Request, exc: Exception) -> Response:
    from .render import page

    from http import HTTPStatus

    from ..texts import t

    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) and isinstance(exc.detail, str) else ""
    if not detail or detail == HTTPStatus(status).phrase:  # Starlette's own English phrase
        detail = t("web.not_found_page") if status in (404, 405) else t("web.error_general")
    return page(request, "fout", status_code=status, status=status, detail=detail)


def create_app(database_url: str | None = None) -> Starlette:
    """The ASGI app: coach pages, the text checker and Twilio webhooks."""
    from . import pages, twilio

    https = config.get("OUTREACH_PUBLIC_URL").startswith("https://")
    app = Starlette(
        routes=[
            *pages.routes(),
            *twilio.routes(),
            Mount("/static", StaticFiles(directory=Path(__file__).resolve().parent / "static"), name="static"),
        ],
        middleware=[Middleware(SessionMiddleware, secret_key=secret_key(), same_site="strict", https_only=https,
                               max_age=12 * 3600)],
        exception_handlers={HTTPException: _error},
    )
    app.state.database_url = database_url
    app.state.sign_in_failures = {}
    return app
