"""Turn a page template and its values into an HTML response, in Dutch, with a CSRF token.

Page templates live in `outreach/web/pages/` (structure only); every Dutch word on a page
comes from `outreach/texts/web.toml` through `t`.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse

from ..texts import t

_PAGES = Path(__file__).resolve().parent / "pages"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(_PAGES),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["t"] = t
    env.globals["error_text"] = error_text
    from .. import dates

    env.filters.update(datum=dates.date, tijd=dates.time, datumtijd=dates.date_time)  # one format each, everywhere
    return env


def error_text(exc: Any, labels: Mapping[str, str] | None = None) -> str:
    """What a web page says about a library error: the field's Dutch label (or the line), the message, the web's hint.

    Never the CLI's words: no file name, no "veld 'x'", no option; `labels` maps field names
    to the labels the form shows (a template's field_specs), else the name is shown plainly.
    """
    parts = getattr(exc, "problems", None) or []
    if len(parts) > 1:
        body = "\n".join([t("documents.fields_wrong"), *(f"- {error_text(p, labels)}" for p in parts)])
    else:
        where = getattr(exc, "where", None)
        field = where.field if where is not None and where.field and not where.field.startswith("-") else None
        if field:
            place = (labels or {}).get(field) or field.replace("_", " ").capitalize()
            body = f"{place}: {exc.message}"
        elif where is not None and where.line is not None:
            body = t("web.list_error_line", line=where.line, message=exc.message)
        else:
            body = exc.message
    hint = exc.hint_text("web")
    return f"{body} {hint}" if hint else body


class Refusal(HTTPException):
    """An HTTP error whose detail is our own Dutch text, shown on the error page as it is."""


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(24)
    return str(token)


def municipality(request: Request) -> str:
    """The municipality's name from Beheer's settings, for the page header; empty when unset or unreadable."""
    from .. import db
    from .settings import municipality as stored

    try:
        with db.session(getattr(request.app.state, "database_url", None)) as s:
            return stored(s)
    except Exception:  # the header never breaks a page (an error page least of all)
        return ""


def page(request: Request, template: str, /, status_code: int = 200, **values: Any) -> HTMLResponse:
    """Render `pages/<template>.html` with the signed-in user, a CSRF token and `t`."""
    html = _environment().get_template(f"{template}.html").render(
        request=request,
        coach_name=getattr(request.state, "coach_name", None),
        user=getattr(request.state, "user", None),
        csrf=csrf_token(request),
        municipality=municipality(request),
        **values,
    )
    return HTMLResponse(html, status_code=status_code)
