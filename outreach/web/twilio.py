"""Turn Twilio's status callbacks and inbound messages into outbox updates and opt-outs.

Thin: check the X-Twilio-Signature against the public URL Twilio called (OUTREACH_PUBLIC_URL
plus path and query, since a proxy may sit in between), then hand the form fields to
`outreach.messaging`. A request with a wrong signature changes nothing (403).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .. import config


def _public_url(request: Request) -> str:
    base = config.get("OUTREACH_PUBLIC_URL").rstrip("/")
    if not base:
        return str(request.url)
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{base}{request.url.path}{query}"


async def _verified_form(request: Request) -> dict[str, str] | None:
    from ..messaging import verify_signature

    from starlette.exceptions import HTTPException
    from starlette.formparsers import MultiPartException

    try:  # Twilio sends a few dozen short fields and no files
        parsed = await request.form(max_files=0, max_fields=100, max_part_size=64 * 1024)
    except (MultiPartException, HTTPException, ValueError, UnicodeError):
        return None
    form = {k: str(v) for k, v in parsed.items()}
    signature = request.headers.get("X-Twilio-Signature", "")
    return form if verify_signature(_public_url(request), form, signature) else None


async def status_callback(request: Request) -> Response:
    from ..messaging import handle_status_callback

    form = await _verified_form(request)
    if form is None:
        return Response(status_code=403)
    form["outbox"] = request.query_params.get("outbox", "")
    await run_in_threadpool(handle_status_callback, form, getattr(request.app.state, "database_url", None))
    return Response(status_code=204)


async def inbound(request: Request) -> Response:
    from ..messaging import handle_inbound

    form = await _verified_form(request)
    if form is None:
        return Response(status_code=403)
    result = await run_in_threadpool(handle_inbound, form, getattr(request.app.state, "database_url", None))
    body = f"<Message>{escape(result.reply)}</Message>" if result.reply else ""
    return Response(f'<?xml version="1.0" encoding="UTF-8"?><Response>{body}</Response>', media_type="text/xml")


def routes() -> list[BaseRoute]:
    """Routes for Twilio's webhooks: /twilio/status and /twilio/inbound."""
    return [
        Route("/twilio/status", status_callback, methods=["POST"], name="twilio_status"),
        Route("/twilio/inbound", inbound, methods=["POST"], name="twilio_inbound"),
    ]
