"""Turn HTTP requests into calls of the library: the coaches' pages and Twilio's webhooks.

`create_app()` builds one Starlette app from the route lists of the modules in this package;
routes stay thin and call the same library functions as the CLI.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import config, db
from ..errors import log_unexpected

log = logging.getLogger("outreach.web")


def secret_key() -> str:
    """OUTREACH_SECRET_KEY, or a random key kept in the data folder."""
    key = config.get("OUTREACH_SECRET_KEY")
    if key:
        return key
    from .. import sharedfiles

    return sharedfiles.once(config.data_dir() / "web-secret", lambda: secrets.token_urlsafe(32).encode()).decode().strip()


async def _error(request: Request, exc: Exception) -> Response:
    """The Dutch error page for any failure: our own refusals show their text, others a general one."""
    from ..texts import t
    from .render import Refusal, page

    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if isinstance(exc, Refusal):
        detail = str(exc.detail)
    else:
        detail = t({400: "web.form_bad", 404: "web.not_found_page", 405: "web.not_found_page",
                    413: "web.form_too_big"}.get(status, "web.error_general"))
    if status >= 500:  # type, reference and code places only: the message may hold personal data
        log_unexpected(exc, "outreach.web")
    if getattr(request.state, "user", None) is None and "session" in request.scope:
        from starlette.concurrency import run_in_threadpool

        from .views import sign_in_state

        try:  # refused before the view ran (a file too big, a bad form): the page still shows the user's menu
            await run_in_threadpool(sign_in_state, request)
        except Exception:
            request.state.user = None
    try:
        return page(request, "fout", status_code=status, status=status, detail=detail)
    except Exception:  # the session or template itself is broken: still no traceback
        return PlainTextResponse(t("web.error_general"), status_code=status)


class CatchAll:
    """ASGI middleware answering every uncaught exception with the Dutch error page itself.

    Starlette's outermost error middleware re-raises after its handler ran, and the server
    (uvicorn) then logs the traceback with the exception's text: a database error's text may
    quote names and numbers. Here the exception ends: logged with a reference only.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            if started:  # too late for an error page: log it and end the response
                log_unexpected(exc, "outreach.web")
                return
            response = await _error(Request(scope), exc)
            await response(scope, receive, send)


class App(Starlette):
    """Starlette with security headers outside everything, so errors get them too."""

    def build_middleware_stack(self) -> ASGIApp:
        from .headers import SecurityHeaders

        return SecurityHeaders(super().build_middleware_stack())


def is_https(public_url: str) -> bool:
    """Whether the public URL is https, however it is written ('HTTPS://...', ' https://...')."""
    return public_url.strip().lower().startswith("https://")


@asynccontextmanager
async def _lifespan(app: Starlette) -> AsyncIterator[None]:
    """On shutdown (SIGTERM, Ctrl+C) the app's worker finishes its current part and gives its job back."""
    yield
    worker = getattr(app.state, "worker", None)
    if worker is not None:
        from starlette.concurrency import run_in_threadpool

        await run_in_threadpool(worker.close)


def create_app(database_url: str | None = None, worker: bool = True) -> Starlette:
    """The ASGI app: coach pages, the studio for communication staff, Beheer, the text checker and Twilio webhooks.

    `worker`: the app runs queued jobs (mail merges) in a thread of its own when it queues one
    or sees one waiting; without it only `outreach worker` processes run them.
    """
    from . import (admin, bereik, beheer, health, listen, pages, pictos, settings, studio, taal, trail, twilio,
                   vertalingen)

    app = App(
        routes=[
            *pages.routes(),
            *admin.routes(),
            *beheer.routes(),
            *settings.routes(),
            *trail.routes(),
            *bereik.routes(),
            *taal.routes(),
            *studio.routes(),
            *pictos.routes(),
            *vertalingen.routes(),
            *listen.routes(),
            *twilio.routes(),
            *health.routes(),
            Mount("/static", StaticFiles(directory=Path(__file__).resolve().parent / "static"), name="static"),
        ],
        middleware=[Middleware(SessionMiddleware, secret_key=secret_key(), same_site="strict",
                               https_only=is_https(config.get("OUTREACH_PUBLIC_URL")), max_age=12 * 3600),
                    Middleware(CatchAll)],
        exception_handlers={HTTPException: _error, Exception: _error},
        lifespan=_lifespan,
    )
    from .jobs import clean_folders
    from .taskqueue import Embedded

    clean_folders()  # mail-merge files of an earlier run that are older than an hour (their rows go on the first request)
    app.state.database_url = database_url
    app.state.worker = Embedded(database_url) if worker else None
    from .throttle import throttles

    app.state.throttles = throttles()
    db.use(database_url)  # templates and rules saved in the web app load from this database first
    return app


def serving_app(worker: bool = True) -> Starlette:
    """The app `outreach web serve` runs: with `worker`, its job worker starts now (also for jobs an earlier run left)."""
    app = create_app(worker=worker)
    if app.state.worker is not None:
        app.state.worker.forever()
    return app


def serving_app_without_worker() -> Starlette:
    """The app of `outreach web serve --no-worker`: jobs are left to `outreach worker` processes."""
    return serving_app(worker=False)
