"""Turn every response of the app (pages, errors, static files, webhooks) into one with security headers.

Wraps the whole ASGI app, outside Starlette's error middleware, so even a 500 carries them.
The policy allows no inline script or style: pages load `/static/outreach.css` and, in the studio,
`/static/studio.js` (fetching previews from the app itself), on the checker page `/static/checker.js`
and the library's highlight colours (`/controleren/kleuren.css`), and nothing else.
Everything but static files is `Cache-Control: no-store`: pages show people's names and numbers.
A static file may be kept by a cache only when it was found and carries no session cookie:
an error page under /static/ is a page like any other (and may set the session's CSRF token).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; "
       "form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeaders:
    """ASGI middleware adding HEADERS to every HTTP response, and no-store on all but a found static file."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
                cacheable = static and message.get("status") in (200, 304) and "set-cookie" not in headers
                headers["Cache-Control"] = "public, max-age=3600" if cacheable else "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)
