"""Turn what a form just did into a notice that travels in the redirect signed.

After a POST the app redirects (303) to a page that says what happened ("De coach is gestopt.
De mensen zijn nu bij: ..."). The words travel in the query string; signed with the app's key,
so a link made by someone else cannot put its own words in our green notice box. Each kind of
notice has its own salt (a notice of one page is no notice on another) and a signature holds
for MAX_AGE seconds after the redirect, by the one clock.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote

from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer
from starlette.requests import Request

from .. import clock

MAX_NOTICE = 300  # characters
MAX_AGE = 10 * 60  # seconds a notice link keeps working
Kind = Literal["coach-stopped", "rules-added", "rules-removed", "pictogram-added", "pictogram-replaced",
               "translation-ingelezen", "translation-goedgekeurd"]


class _ClockSigner(TimestampSigner):
    """A timestamp signer that reads the time from outreach.clock (frozen in tests)."""

    def get_timestamp(self) -> int:
        return int(clock.utcnow().timestamp())


def _serializer(kind: Kind) -> URLSafeTimedSerializer:
    from . import secret_key

    return URLSafeTimedSerializer(secret_key(), salt=f"outreach-notice:{kind}", signer=_ClockSigner)


def signed(kind: Kind, value: str) -> str:
    """`value` signed as a notice of `kind`, ready for a query string."""
    return quote(_serializer(kind).dumps(value[:MAX_NOTICE]))


def read(request: Request, key: str, kind: Kind) -> str | None:
    """The signed value of query parameter `key`; None when missing, forged, of another kind, expired or not text."""
    raw = request.query_params.get(key)
    if raw is None or len(raw) > 4 * MAX_NOTICE + 100:
        return None
    try:
        value = _serializer(kind).loads(raw, max_age=MAX_AGE)
    except BadSignature:  # SignatureExpired is one too
        return None
    return value if isinstance(value, str) else None
