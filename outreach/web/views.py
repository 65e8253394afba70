"""Turn a plain view function into a checked endpoint: sign-in, role, CSRF token, form or upload.

`view()` reads the posted form (text only, at most 256 KB) or, for an upload view, the
multipart body streamed through a size cap (refused early, before it is all read), checks the
CSRF token, then runs the view in a worker thread (database work, PDF rendering and password
hashing never block the event loop). Each page names the role it needs; the server checks it.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .. import db
from ..errors import OutreachError
from ..fields import whole_number
from ..texts import t
from .render import Refusal, csrf_token

Form = dict[str, str]
View = Callable[[Request, Form], Response]
MAX_CHECK_CHARS = 20_000  # the checker page takes a letter, not a book
MAX_BODY = 256 * 1024  # bytes of one posted form: the checker's 20,000 characters, percent-encoded
MAX_FIELDS = 20  # fields of a fixed form; a form that grows with its template adds its count with view(fields=)
MAX_REF = 40  # characters of a client number (tracking_prospects.client_number)
UPLOAD_SLACK = 64 * 1024  # multipart headers and the other fields around the file
OVERSIZE = 3  # a file up to this many times its limit is read (and dropped) so its form comes back with the error


@dataclass(frozen=True)
class Upload:
    """One uploaded file: the name the browser gave (never used as a path) and its bytes."""

    filename: str
    data: bytes


def url(request: Request) -> str | None:
    return getattr(request.app.state, "database_url", None)


def start_page(user: Any) -> str:
    """Where a user lands after signing in: their main task."""
    if user is None:
        return "/inloggen"
    for role, path in (("coach", "/vandaag"), ("communicatie", "/maken"), ("beheer", "/beheer"),
                       ("taaladviseur", "/controleren")):
        if user.has(role) and (role != "coach" or user.coach_id is not None):
            return path
    return "/controleren"


async def read_form(request: Request, max_fields: int = MAX_FIELDS) -> Form:
    """The posted form as text fields; too big, broken, with files or NUL characters: a Dutch 400/413."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise Refusal(413, t("web.form_too_big"))
        chunks.append(chunk)
    request._body = b"".join(chunks)  # request.form() reads the body from here
    try:
        parsed = await request.form(max_files=0, max_fields=max_fields, max_part_size=MAX_BODY)
    except (MultiPartException, HTTPException, ValueError, UnicodeError):
        raise Refusal(400, t("web.form_bad")) from None
    return _text_fields(parsed.multi_items())


def _text_fields(items: list[tuple[str, Any]]) -> Form:
    form: Form = {}
    for key, value in items:
        if not isinstance(value, str) or "\x00" in value or "\x00" in key:
            raise Refusal(400, t("web.form_bad"))
        form[key] = value
    return form


def _too_big(limit: int) -> Refusal:
    return Refusal(413, t("web.upload_too_big", mb=f"{limit / 1024 / 1024:.0f}"))


def uploaded(request: Request, name: str) -> Upload | None:
    """The uploaded file `name`; a Dutch InputError naming the field when it was over the view's limit."""
    from ..errors import InputError, Where

    if name in getattr(request.state, "too_big", {}):
        raise InputError(request.state.too_big[name], Where(field=name))
    return request.state.files.get(name)


async def read_upload(request: Request, limit: int, max_fields: int = MAX_FIELDS) -> tuple[Form, dict[str, Upload]]:
    """Text fields and at most one file of a multipart form.

    A file over `limit` (but within OVERSIZE times it) is read and dropped: the view gets the
    text fields, so its form comes back with what was typed and the error (`uploaded`). A body
    bigger than that is refused as soon as it shows.
    """
    hard = OVERSIZE * limit + UPLOAD_SLACK
    request.state.too_big = {}
    declared = whole_number(request.headers.get("content-length"), 2**62)
    if declared is not None and declared > hard:
        raise _too_big(limit)  # refused before reading a byte
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise Refusal(400, t("web.form_bad"))

    async def capped() -> AsyncGenerator[bytes, None]:
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > hard:
                raise _too_big(limit)
            yield chunk

    try:  # Starlette spools file parts to an anonymous temporary file (0600, gone when closed)
        parsed = await MultiPartParser(request.headers, capped(), max_files=1, max_fields=max_fields,
                                       max_part_size=MAX_BODY).parse()
    except (MultiPartException, ValueError, UnicodeError):
        raise Refusal(400, t("web.form_bad")) from None
    try:
        files: dict[str, Upload] = {}
        text: list[tuple[str, Any]] = []
        for key, value in parsed.multi_items():
            if isinstance(value, str):
                text.append((key, value))
                continue
            data = await value.read(limit + 1)
            if len(data) > limit:
                request.state.too_big[key] = _too_big(limit).detail
                continue
            if data:
                files[key] = Upload(str(value.filename or "")[:200], data)
        return _text_fields(text), files
    finally:
        await parsed.close()


def sign_in_state(request: Request) -> bool:
    """Whether the session cookie names an active account whose session version is still current.

    Sets request.state.user (and coach_id, coach_name for the coaches' pages); a stale cookie is emptied.
    """
    from .accounts import session_account

    request.state.user = request.state.coach_id = request.state.coach_name = None
    if "account" not in request.session:
        return False
    with db.session(url(request)) as s:
        found = session_account(s, request.session.get("account"), request.session.get("v"))
    if found is None:
        request.session.clear()
        return False
    request.state.user = found
    request.state.coach_id, request.state.coach_name = found.coach_id, found.name
    return True


def refusal_status(exc: OutreachError) -> int:
    """The HTTP status of a Dutch error: the user's input 400, not found 404, anything else 409 (never a 500)."""
    from ..errors import ConflictError, InputError, NotFoundError

    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, InputError):
        return 400
    return 409 if isinstance(exc, ConflictError) else 422


def view(*, coach: bool = False, role: str | None = None, upload: int | None = None, throttle: str | None = None,
         fields: Callable[[Request], int] | None = None) -> Callable[[View], Callable[[Request], Awaitable[Response]]]:
    """Make a sync view an endpoint.

    `coach`: signed in as a coach with a caseload; `role`: signed in with this role; `upload`:
    POST bodies are multipart with one file of at most this many bytes (in request.state.files);
    `throttle`: a POST first takes a slot of the app's Throttle of that name (web/throttle.py, in the database),
    or is refused with 429 before its body is read; `fields`: how many fields the page's form has
    beyond MAX_FIELDS (a letter's template fields), so the limit follows what the app's own page
    sends. POST forms are CSRF-checked; the view runs in a thread.
    """

    def wrap(fn: View) -> Callable[[Request], Awaitable[Response]]:
        def run(request: Request, form: Form) -> Response:
            signed_in = sign_in_state(request)
            if (coach or role) and not signed_in:
                return RedirectResponse("/inloggen", status_code=303)
            user = request.state.user
            if (coach and user.coach_id is None) or (role and not user.has(role)):
                raise Refusal(403, t("web.no_role"))
            try:
                with db.place(url(request)):  # templates and rules load from this app's database
                    return fn(request, form)
            except OutreachError as exc:  # a refusal the view did not expect (a broken template): its Dutch text
                raise Refusal(refusal_status(exc), str(exc)) from None
            except Exception as exc:  # the database is locked (a long import): nothing stored, try again soon
                if db.is_busy(exc):
                    raise Refusal(503, t("web.db_busy")) from None
                raise

        async def endpoint(request: Request) -> Response:
            if any("\x00" in str(v) for v in request.path_params.values()):
                raise Refusal(404, t("web.not_found_page"))
            if throttle is None or request.method != "POST":
                return await handle(request)
            limit = request.app.state.throttles[throttle]
            account = request.session.get("account")  # signed by the app's key: only a sign-in puts it there
            client = f"account:{account}" if isinstance(account, int) else (request.client.host if request.client else "")
            rated = not isinstance(account, int)
            try:
                taken = await run_in_threadpool(limit.enter, url(request), client, rated)
            except Exception as exc:  # the database is locked (a long import): as busy as a full throttle
                if not db.is_busy(exc):
                    raise
                taken = None
            if taken is None:
                raise Refusal(429, t("web.too_busy"))
            try:
                return await handle(request)
            finally:
                try:
                    await run_in_threadpool(limit.leave, url(request), taken)
                except Exception as exc:  # still locked: the slot frees itself after the throttle's lease
                    if not db.is_busy(exc):
                        raise

        async def handle(request: Request) -> Response:
            form: Form = {}
            request.state.files, request.state.too_big = {}, {}
            if request.method == "POST":
                most = MAX_FIELDS + (await run_in_threadpool(fields, request) if fields is not None else 0)
                if upload is not None:
                    form, request.state.files = await read_upload(request, upload, most)
                else:
                    form = await read_form(request, most)
                if not hmac.compare_digest(form.get("csrf", "").encode(), csrf_token(request).encode()):
                    raise Refusal(403, t("web.csrf_failed"))
            return await run_in_threadpool(run, request, form)

        return endpoint

    return wrap
