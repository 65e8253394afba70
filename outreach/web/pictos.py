"""Turn the pictogram set into a page to browse and search, SVG images for the pickers, and uploads into the user's own set.

Uploads are checked by `pictograms.upload.add_pictogram` (the same sanitiser the library
uses): no script, no event handlers, no external reference, no foreignObject, a bounded cost to
draw. A name in use (built-in or uploaded) is replaced only after a page that shows both
drawings. The record goes to the database in one transaction; the content folder's files are
then written from the database (`pictograms.records.export`).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ..errors import NotFoundError, OutreachError
from ..texts import t
from .render import Refusal, error_text, page
from . import notices
from .views import Form, uploaded, view

SVG_LIMIT = 256 * 1024  # bytes of one uploaded SVG


def _page(request: Request, status_code: int = 200, error: str | None = None, notice: str | None = None,
          form: Form | None = None) -> Response:
    from .. import pictograms

    word = request.query_params.get("zoek", "")[:60]
    items = pictograms.search(word) if word.strip() else pictograms.all()
    return page(request, "pictogrammen", items=items, word=word, error=error, notice=notice, form=form or {},
                status_code=status_code)


@view(role="communicatie")
def browse(request: Request, form: Form) -> Response:
    name = notices.read(request, "nieuw", "pictogram-added")
    replaced = notices.read(request, "vervangen", "pictogram-replaced")
    notice = t("web.picto_saved", name=name) if name else t("web.picto_replaced", name=replaced) if replaced else None
    return _page(request, notice=notice)


@view(role="communicatie", upload=SVG_LIMIT)
def upload(request: Request, form: Form) -> Response:
    """Add an uploaded SVG; a name in use asks first, on a page showing both drawings (`vervang` confirms)."""
    from sqlalchemy.exc import IntegrityError

    from .. import db
    from ..pictograms.upload import NameTaken, add_pictogram
    from ..tracking.service import Actor, audit
    from .views import url

    replace = form.get("vervang") == "ja"
    actor = request.state.user.actor_name[:100]
    data = b""
    try:
        file = uploaded(request, "svg")
        data = file.data if file else form.get("svg_tekst", "").encode("utf-8")  # the confirmation sends the text back
        with db.session(url(request)) as s:
            name = add_pictogram(s, data, form.get("naam", ""), form.get("label", ""), form.get("alt", ""),
                                 replace=replace, actor=actor)
            audit(s, Actor(actor), "update" if replace else "create", "pictogram", None, names=["svg", "label", "alt"])
        _export(request)
    except (NameTaken, IntegrityError):  # IntegrityError: the same new name uploaded at the same moment
        return _confirm(request, form, data)
    except OutreachError as exc:
        return _page(request, 400, error=error_text(exc), form=form)
    if replace:
        return RedirectResponse("/pictogrammen?vervangen=" + notices.signed("pictogram-replaced", name), status_code=303)
    return RedirectResponse("/pictogrammen?nieuw=" + notices.signed("pictogram-added", name), status_code=303)


def _export(request: Request) -> None:
    """Write the content folder's pictogram files from the database (after the upload's commit)."""
    from pathlib import Path

    from .. import config, db
    from ..pictograms.records import export
    from .views import url

    with db.session(url(request)) as s:
        export(s, Path(config.get("OUTREACH_CONTENT_DIR")).expanduser() / "pictograms")


def _confirm(request: Request, form: Form, data: bytes) -> Response:
    """The page that asks whether to replace the pictogram of that name, with the old and the new drawing."""
    import base64

    from ..pictograms.upload import check_fields

    name = check_fields(form.get("naam", ""), form.get("label", ""), form.get("alt", ""))[0]
    new = "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")  # checked already; an <img> runs nothing
    return page(request, "pictogram_vervangen", status_code=409, name=name, new=new, form=form,
                svg_text=data.decode("utf-8-sig"))


@view(role="communicatie")
def svg(request: Request, form: Form) -> Response:
    from .. import pictograms
    from ..pictograms.svg import svg_markup

    try:
        item = pictograms.get(request.path_params["name"][:80])
    except NotFoundError:
        raise Refusal(404, t("web.not_found_page")) from None
    return Response(svg_markup(item, unique_ids=False), media_type="image/svg+xml")


def routes() -> list[BaseRoute]:
    return [
        Route("/pictogrammen", browse),
        Route("/pictogrammen/nieuw", upload, methods=["POST"]),
        Route("/pictogrammen/svg/{name:str}", svg),
    ]
