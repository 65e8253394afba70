"""Turn template versions into public listen pages, uploads into recordings, and tokens into personal appointment pages.

Public, light and without a session cookie: `/luister/<template>-<versie>` shows the letter's
or flyer's text for everyone (documents.generic: no person in it) with the recording
(`<audio>`, Opus and MP3, served with range requests) or, without one, a read-aloud button
(static/luister.js, the browser's own voice). A document made for a coach opens
`/luister/<template>-<versie>/<listen key>`: the same page with the coach's photo, first name and
a call button; a stopped coach's key or an unknown one gets the general page, byte for byte, so
the address tells nobody which coaches exist. Older version numbers keep answering (with the live
text and their own recording); `/afspraak/<token>` shows one appointment
(day, time, place, coach) and answers one and the same 404 for a token that is wrong,
expired or erased, with guessing rate-limited per address. Communicatie uploads recordings
at /opnames; beheer switches the personal pages on at /beheer/luisteren.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .. import clock, db
from ..errors import InputError, OutreachError
from ..texts import t
from . import recordings
from .render import Refusal, _environment, page
from .views import Form, url, view

log = logging.getLogger("outreach.web")
GUESSES = 20  # personal-page tries per client in 15 minutes
KINDS = ("letter", "flyer")
NOT_FOUND_HEADERS = {"X-Robots-Tag": "noindex, nofollow"}
PHOTO_SIDE = 360  # pixels of the longest side of a coach's photo on the listen page


def _template(slug: str) -> tuple[Any, int]:
    """(Template, version) of a listen address; 404 for anything that is not a current letter or flyer version."""
    from ..documents import load_template
    from ..documents.qr import parse_slug, template_version

    parsed = parse_slug(slug[:100])
    if parsed is None:
        raise Refusal(404, t("web.not_found_page"))
    name, version = parsed
    try:
        template = load_template(name, "html")
        current = template_version(name)
    except OutreachError:
        raise Refusal(404, t("web.not_found_page")) from None
    if template.kind not in KINDS or version > current:
        raise Refusal(404, t("web.not_found_page"))
    return template, version


def _light(name: str, status_code: int = 200, headers: dict[str, str] | None = None, **values: Any) -> HTMLResponse:
    """A public page without session or CSRF token: the same bytes for everyone."""
    html = _environment().get_template(f"{name}.html").render(**values)
    return HTMLResponse(html, status_code=status_code, headers=headers)


def _coach(request: Request, key: str) -> Any:
    """The active coach with listen key `key`, or None (unknown, malformed or stopped)."""
    from sqlalchemy import select

    from ..documents.qr import COACH_KEY
    from ..tracking.models import Coach

    if not COACH_KEY.fullmatch(key):
        return None
    with db.session(url(request)) as s:
        coach = s.scalar(select(Coach).where(Coach.listen_key == key, Coach.active.is_(True)))
        if coach is not None:
            s.expunge(coach)
        return coach


def _has_photo(coach: Any) -> bool:
    """Whether the coach's record names a JPEG or PNG photo (the placeholder drawing is not shown)."""
    return str(coach.photo or "").lower().endswith((".jpg", ".jpeg", ".png"))


def _coach_values(coach: Any, slug: str) -> dict[str, Any]:
    """What the listen page shows of a coach: first name, photo address, phone as written and for tel:."""
    from ..fields import display_phone

    number = coach.phone or coach.whatsapp or ""
    return {"name": coach.first_name,
            "photo": f"/luister/{slug}/{coach.listen_key}/foto.jpg" if _has_photo(coach) else "",
            "phone": display_phone(number) if number else "", "tel": number}


@view()
def listen_page(request: Request, form: Form) -> Response:
    from ..documents.generic import public_html

    template, version = _template(request.path_params["slug"])
    try:
        text = public_html(template)
    except Exception as exc:  # a broken or hostile own template: no page, never a traceback
        log.warning("listen page of %s failed: %s", template.name, type(exc).__name__)
        raise Refusal(404, t("web.not_found_page")) from None
    with db.session(url(request)) as s:
        recording = recordings.find(s, template.name, version)
    slug = f"{template.name}-{version}"
    coach = _coach(request, request.path_params.get("coach", "")[:40])
    return _light("luister", title=template.title, text=text, slug=slug, recording=recording is not None,
                  coach=_coach_values(coach, slug) if coach is not None else None)


@view()
def coach_photo(request: Request, form: Form) -> Response:
    """The coach's photo for their listen page, re-encoded small (at most PHOTO_SIDE pixels): 404 otherwise."""
    from pathlib import Path
    from urllib.parse import unquote, urlsplit

    from ..documents.assets import photo_uri
    from ..documents.photos import MAX_BYTES, clean_photo

    _template(request.path_params["slug"])
    coach = _coach(request, request.path_params["coach"][:40])
    if coach is None or not _has_photo(coach):
        raise Refusal(404, t("web.not_found_page"))
    try:
        path = Path(unquote(urlsplit(photo_uri(coach.photo)).path))
        if path.stat().st_size > MAX_BYTES:
            raise Refusal(404, t("web.not_found_page"))
        data = clean_photo(path.read_bytes(), side=PHOTO_SIDE)
    except (OSError, OutreachError):  # gone, moved outside the folders or broken: no photo, no traceback
        raise Refusal(404, t("web.not_found_page")) from None
    return Response(data, media_type="image/jpeg", headers={"Cache-Control": "public, max-age=3600"})


@view()
def listen_audio(request: Request, form: Form) -> Response:
    template, version = _template(request.path_params["slug"])
    kind = request.path_params["kind"]
    if kind not in recordings.MEDIA:
        raise Refusal(404, t("web.not_found_page"))
    with db.session(url(request)) as s:
        recording = recordings.find(s, template.name, version)
        path = recordings.path_of(recording, kind) if recording else None
    if path is None or not path.is_file():
        raise Refusal(404, t("web.not_found_page"))
    return FileResponse(path, media_type=recordings.MEDIA[kind], filename=None)


def _items(request: Request) -> list[dict[str, Any]]:
    from ..documents.qr import listen_url, slug, template_version
    from ..documents.templates import iter_templates

    items = []
    with db.session(url(request)) as s:
        for template in iter_templates():
            if template.variant != "html" or template.kind not in KINDS:
                continue
            version = template_version(template.name)
            found = recordings.find(s, template.name, version)
            items.append({"template": template, "slug": slug(template.name, version),
                          "address": listen_url(template.name, version) or f"/luister/{slug(template.name, version)}",
                          "seconds": found.seconds if found else None})
    return items


def _recordings_page(request: Request, status_code: int = 200, **values: Any) -> Response:
    from ..documents.qr import missing_public_url

    values.setdefault("error", None)
    values.setdefault("notice", None)
    values.setdefault("failed", None)
    return page(request, "opnames", status_code=status_code, items=_items(request), no_public_url=missing_public_url(),
                max_mb=recordings.MAX_BYTES // 1024 // 1024, max_minutes=recordings.MAX_SECONDS // 60, **values)


@view(role="communicatie")
def recordings_page(request: Request, form: Form) -> Response:
    return _recordings_page(request)


@view(role="communicatie", upload=recordings.MAX_BYTES)
def upload_recording(request: Request, form: Form) -> Response:
    template, version = _template(request.path_params["slug"])
    slug = f"{template.name}-{version}"
    if form.get("actie") == "wissen":
        with db.session(url(request)) as s:
            recordings.delete_recording(s, template.name, version)
        return RedirectResponse("/opnames", status_code=303)
    upload = request.state.files.get("opname")
    if upload is None:
        return _recordings_page(request, 400, error=t("web.recording_no_file"), failed=slug)
    try:
        with db.session(url(request)) as s:
            recordings.store(s, template.name, version, upload.data, request.state.user.account_id)
    except InputError as exc:
        return _recordings_page(request, 400, error=exc.message, failed=slug)
    return _recordings_page(request, notice=t("web.recording_stored", title=template.title))


@view(role="beheer")
def personal_switch(request: Request, form: Form) -> Response:
    with db.session(url(request)) as s:
        if request.method == "POST":
            recordings.switch(s, recordings.PERSONAL_PAGES, form.get("aan") == "ja")
            s.commit()
            return RedirectResponse("/beheer/luisteren", status_code=303)
        on = recordings.is_on(s, recordings.PERSONAL_PAGES)
    return page(request, "luisteren", on=on)


def personal_pages_on(database_url: str | None) -> bool:
    """Whether beheer has switched the personal appointment pages on."""
    with db.session(database_url) as s:
        return recordings.is_on(s, recordings.PERSONAL_PAGES)


def _guess_key(request: Request) -> str:
    from .signin import client_key

    return "page|" + client_key(request.client.host if request.client else "?")


def _may_try(request: Request) -> bool:
    """Guessing tokens is slowed down: GUESSES tries per client in signin.WINDOW, counted in the database."""
    from .signin import take_try

    with db.session(url(request)) as s:
        return take_try(s, _guess_key(request), GUESSES)


def _gone() -> Response:
    """The one answer for a wrong, expired, erased or never-issued token."""
    return _light("afspraak_weg", status_code=404, headers=NOT_FOUND_HEADERS)


@view()
def personal_page(request: Request, form: Form) -> Response:
    from ..documents.filters import datum, tijd
    from ..fields import display_phone
    from ..tracking.personal import lookup

    if not _may_try(request):
        return _light("afspraak_weg", status_code=429, headers={**NOT_FOUND_HEADERS, "Retry-After": "900"},
                      slow=True)
    if not personal_pages_on(url(request)):
        return _gone()
    with db.session(url(request)) as s:
        shown = lookup(s, request.path_params["token"])
        if shown is not None:
            from .signin import forget

            forget(s, _guess_key(request))
    if shown is None:
        return _gone()
    local = clock.local(shown.starts_at)
    phone = display_phone(shown.coach_phone) if shown.coach_phone else ""
    return _light("afspraak", headers=NOT_FOUND_HEADERS, day=datum(local.date(), year=True), time=tijd(local.time()),
                  place=shown.place, coach=shown.coach_name, phone=phone, tel=shown.coach_phone)


@view(coach=True)
def issue_personal_page(request: Request, form: Form) -> Response:
    """A coach makes the personal page of their person's next appointment, for the appointment letter."""
    from ..documents.qr import public_url
    from ..errors import NotFoundError
    from ..tracking import Actor
    from ..tracking.personal import issue, next_appointment
    from ..tracking.service import find_prospect
    from .views import MAX_REF

    ref = request.path_params["ref"]
    if len(ref) > MAX_REF:
        raise Refusal(404, t("web.not_found"))
    address, error = None, None
    with db.session(url(request)) as s:
        try:
            prospect = find_prospect(s, Actor(f"coach:{request.state.coach_id}", int(request.state.coach_id)), ref)
        except NotFoundError:
            raise Refusal(404, t("web.not_found")) from None
        appointment = next_appointment(s, prospect.id)
        if not recordings.is_on(s, recordings.PERSONAL_PAGES):
            error = t("web.personal_off")
        elif appointment is None:
            error = t("web.personal_no_appointment")
        else:
            address = f"{public_url()}/afspraak/{issue(s, appointment.id)}"
    return page(request, "afspraakpagina", status_code=400 if error else 200, address=address, error=error, ref=ref)


def routes() -> list[BaseRoute]:
    return [
        Route("/luister/{slug:str}", listen_page),
        Route("/luister/{slug:str}/opname.{kind:str}", listen_audio),
        Route("/luister/{slug:str}/{coach:str}", listen_page),
        Route("/luister/{slug:str}/{coach:str}/foto.jpg", coach_photo),
        Route("/opnames", recordings_page),
        Route("/opnames/{slug:str}", upload_recording, methods=["POST"]),
        Route("/beheer/luisteren", personal_switch, methods=["GET", "POST"]),
        Route("/afspraak/{token:str}", personal_page),
        Route("/afspraakpagina/{ref:path}", issue_personal_page, methods=["POST"]),
    ]
