"""Turn what a form just did into a notice that travels in the redirect signed.

After a POST the app redirects (303) to a page that says what happened ("De coach is gestopt.
De mensen zijn nu bij: ..."). The words travel in the query string; signed with the app's key,
so a link made by someone else cannot put its own words in our green notice box.
"""

from __future__ import annotations

from urllib.parse import quote

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.requests import Request

MAX_NOTICE = 300  # characters


def _serializer() -> URLSafeSerializer:
    from . import secret_key

    return URLSafeSerializer(secret_key(), salt="outreach-notice")


def signed(value: str) -> str:
    """`value` signed, ready for a query string."""
    return quote(_serializer().dumps(value[:MAX_NOTICE]))


def read(request: Request, key: str) -> str | None:
    """The signed value of query parameter `key`; None when missing, forged or not text."""
    raw = request.query_params.get(key)
    if raw is None or len(raw) > 4 * MAX_NOTICE + 100:
        return None
    try:
        value = _serializer().loads(raw)
    except BadSignature:
        return None
    return value if isinstance(value, str) else None
