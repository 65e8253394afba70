"""Turn filled-in document forms into previews, readability verdicts and PDF downloads for communication staff.

Shared by the Maken pages (flyer, letters): the PDF is always made by `documents.render`,
the page image by `documents.preview.page_image`, the verdict by `readability.check`, each in a
render worker process with a time limit (`offloaded`, `documents.worker`); the coach's name,
numbers and photo come from `tracking.coach_fields.document_values`.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from .. import db
from ..errors import OutreachError
from ..texts import t
from .render import error_text, page
from .views import Form, url, view



def coach_names(request: Request) -> list[str]:
    """Names of the active coaches, for the coach pickers: one query on the coaches, kept for the request."""
    from sqlalchemy import select

    from ..tracking.models import Coach

    cached = getattr(request.state, "coach_names", None)
    if cached is None:
        with db.session(url(request)) as s:
            cached = list(s.scalars(select(Coach.name).where(Coach.active.is_(True)).order_by(Coach.name)))
        request.state.coach_names = cached
    return list(cached)


def coach_values(request: Request, name: str) -> dict[str, str]:
    """The coach's fields for a document; the sample fills what the record lacks, WhatsApp stays empty."""
    from ..tracking.coach_fields import document_values

    if not name:
        return {}
    with db.session(url(request)) as s:
        values = document_values(s, name)
    values.setdefault("coach_whatsapp", "")
    return values


def coach_table(request: Request) -> dict[str, dict[str, str]]:
    """Every active coach's document fields, for a form that fills the coach fields when a coach is chosen."""
    from ..tracking.coach_fields import document_values

    names = coach_names(request)
    with db.session(url(request)) as s:
        table = {name: document_values(s, name, need_phone=False) for name in names}
    return {name: {k: v for k, v in values.items() if k not in ("coach_foto", "luister_coach")} for name, values in table.items()}


def organisation_values(request: Request) -> dict[str, str]:
    """Beheer's organisation settings as document fields (gemeente, afzender_adres, logo, huiskleur, ...), kept for the request."""
    from . import settings

    cached = getattr(request.state, "organisation", None)
    if cached is None:
        with db.session(url(request)) as s:
            cached = settings.document_values(s)
        request.state.organisation = cached
    return dict(cached)


def verdict(report: Any, level: str) -> dict[str, Any]:
    """What the page shows of a readability report: verdict text, its class and the findings."""
    return {"class": f"verdict-{report.verdict}", "text": t(f"web.verdict_{report.verdict}", level=level),
            "findings": [f.message for f in report.findings[:8]]}


def preview(request: Request, template: Any, values: Mapping[str, Any], print_marks: bool = False) -> dict[str, Any]:
    """{image (data URI of the first page), verdict} or {error}: what the live preview shows (made in a worker)."""
    from ..documents.preview import preview_parts

    try:
        parts = offloaded(request, preview_parts, template, dict(values), print_marks)
    except OutreachError as exc:  # too busy, too slow, or the values or template do not work
        return {"error": error_text(exc, template.field_labels)}
    shown = verdict(parts["report"], template.level)
    from ..documents.qr import missing_public_url

    if template.variant == "html" and missing_public_url():  # say plainly why there is no QR code
        shown["findings"].append(missing_public_url())
    return {"image": "data:image/png;base64," + base64.b64encode(parts["image"]).decode("ascii"), "verdict": shown}


def offloaded(request: Request, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`function(*args, **kwargs)` in a render worker of `documents.worker`: killed past its time limit or when
    the client goes, at most a few at once per user and in total; Busy or TooSlow (Dutch) otherwise."""
    from ..documents import worker

    user = getattr(request.state, "user", None)
    owner = f"web:{user.account_id}" if user is not None else "web:anonymous"
    return worker.run(function, *args, owner=owner, cancelled=client_gone(request), **kwargs)


def client_gone(request: Request) -> Callable[[], bool]:
    """A check, for a view running in a worker thread, whether the client has closed the connection."""
    import anyio.from_thread

    def gone() -> bool:
        try:
            return bool(anyio.from_thread.run(request.is_disconnected))
        except Exception:  # noqa: BLE001  (no event loop to ask: the client is still there)
            return False

    return gone


def pdf_response(data: bytes, filename: str) -> Response:
    """A PDF download; `filename` holds no person's name (template, size, kind only)."""
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def json_preview(result: dict[str, Any]) -> Response:
    return JSONResponse(result, status_code=200 if "image" in result else 400)


@view(role="communicatie")
def make(request: Request, form: Form) -> Response:
    return page(request, "maken")


def routes() -> list[BaseRoute]:
    from . import approve, editor, flyer, gallery, letters, versionpages

    return [Route("/maken", make), *flyer.routes(), *letters.routes(), *gallery.routes(), *editor.routes(),
            *approve.routes(), *versionpages.routes()]


