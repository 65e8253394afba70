"""Turn Beheer's organisation settings (name, logo, sender address, phone, house colour) into stored rows and document fields.

Beheer types them once on `/beheer/instellingen`; each is a row of `web_settings` (one place
of record, changed in one transaction). `document_values` gives them to every template under
the field names templates use (gemeente, afzender_adres, logo, huiskleur, ...); a form may
still change a value for one document. The logo's cleaned bytes are in the database; the
file documents print from is written again from there whenever it is missing.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import LargeBinary, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .. import config, db
from ..db import Base
from ..documents.photos import MAX_BYTES
from ..errors import InputError, OutreachError, Where
from ..texts import t
from .render import page
from .views import Form, uploaded, url, view

# the settings a form shows, in order, with the document field each one fills
NAMES = ("gemeente", "team", "afzender_adres", "afzender_postcode", "afzender_plaats", "gemeente_telefoon", "huiskleur")
LOGO = "logo"
MAX_VALUE = 200  # characters of one setting


class Setting(Base):
    """One organisation setting: a text value, or (the logo) the cleaned image bytes."""

    __tablename__ = "web_settings"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


def read(session: Session) -> dict[str, str]:
    """Every text setting that has a value (the logo as 'ja' when there is one)."""
    found = {}
    for row in session.scalars(select(Setting)):
        if row.name == LOGO:
            if row.data:
                found[LOGO] = "ja"
        elif row.value:
            found[row.name] = row.value
    return found


def save(session: Session, values: dict[str, str], logo: bytes | None = None) -> list[str]:
    """Store the text settings in `values` (and a new logo): checked first, then all in this transaction.

    Returns the names of the settings that changed (for the audit trail).
    """
    from .. import fields

    clean = {}
    for name in NAMES:
        value = " ".join(values.get(name, "").split())
        if len(value) > MAX_VALUE:
            raise InputError(t("cli.too_long", count=len(value), max=MAX_VALUE), Where(field=name))
        if value and name == "afzender_postcode":
            value = fields.postcode(value, field=name)
        elif value and name == "gemeente_telefoon":
            value = fields.phone(value, field=name)
        elif value and name == "huiskleur":
            value = fields.house_colour(value, field=name)
        clean[name] = value
    cleaned_logo = None
    if logo is not None:
        from ..documents.photos import clean_photo

        cleaned_logo = clean_photo(logo, field=LOGO)
    changed = []
    for name, value in clean.items():
        row = session.get(Setting, name) or Setting(name=name, value="")
        if row.value != value:
            changed.append(name)
        row.value = value
        session.add(row)
    if cleaned_logo is not None:
        row = session.get(Setting, LOGO) or Setting(name=LOGO, value="")
        row.data = cleaned_logo
        session.add(row)
        _write_logo(cleaned_logo)
        changed.append(LOGO)
    return changed


def remove_logo(session: Session) -> list[str]:
    row = session.get(Setting, LOGO)
    if row is None:
        return []
    session.delete(row)
    return [LOGO]


def _logo_file() -> Path | None:
    root = config.get("OUTREACH_CONTENT_DIR")
    return Path(root).expanduser() / "fotos" / "logo.jpg" if root else None


def _write_logo(data: bytes) -> Path:
    from ..privatefiles import make_dir
    from ..sharedfiles import replace

    path = _logo_file()
    if path is None:
        raise InputError(t("web.photo_needs_content_dir"), Where(field=LOGO))
    make_dir(path.parent)
    replace(path, data, 0o600)  # temporary file, fsync, rename: a crash or a second save never leaves half a logo
    return path


def document_values(session: Session) -> dict[str, str]:
    """The settings as document fields: gemeente, team, afzender_*, gemeente_telefoon, huiskleur, logo (a path)."""
    values = {k: v for k, v in read(session).items() if k in NAMES}
    row = session.get(Setting, LOGO)
    if row is not None and row.data:
        path = _logo_file()
        if path is not None:
            if not path.is_file() or path.read_bytes() != row.data:
                _write_logo(row.data)
            values[LOGO] = "fotos/logo.jpg"
    return values


def municipality(session: Session) -> str:
    """The municipality's name for the page header; empty when beheer has not set it."""
    row = session.get(Setting, "gemeente")
    return row.value if row is not None else ""


def _page(request: Request, form: Form, error: str | None = None, notice: str | None = None,
          status_code: int = 200) -> Response:
    with db.session(url(request)) as s:
        stored = read(s)
    return page(request, "instellingen", names=NAMES, form={**stored, **form}, has_logo=LOGO in stored,
                error=error, notice=notice, status_code=status_code)


@view(role="beheer", upload=MAX_BYTES)
def settings_page(request: Request, form: Form) -> Response:
    from ..tracking.service import Actor, audit

    if request.method == "GET":
        return _page(request, {}, notice=t("web.settings_saved") if request.query_params.get("opgeslagen") else None)
    try:
        logo = uploaded(request, LOGO)
        with db.session(url(request)) as s:
            changed = save(s, {k: form.get(k, "") for k in NAMES}, logo.data if logo else None)
            if form.get("logo_weg") == "ja" and logo is None:
                changed += remove_logo(s)
            if changed:
                audit(s, Actor(request.state.user.actor_name[:100]), "update", "settings", None, names=changed)
    except OutreachError as exc:  # the form comes back with what was typed and the field named
        field = exc.where.field if exc.where and exc.where.field else ""
        label = t(f"web.settings_{field}") if field in (*NAMES, LOGO) else ""
        return _page(request, form, error=f"{label}: {exc.message}" if label else exc.message, status_code=400)
    return RedirectResponse("/beheer/instellingen?opgeslagen=1", status_code=303)


def routes() -> list[BaseRoute]:
    return [Route("/beheer/instellingen", settings_page, methods=["GET", "POST"])]
