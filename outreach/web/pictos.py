"""Turn the pictogram set into a page to browse and search, SVG images for the pickers, and uploads into the user's own set.

Uploads are checked by `pictograms.upload.add_pictogram` (the same sanitiser the library
uses): no script, no event handlers, no external reference, no foreignObject.
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
    name = notices.read(request, "nieuw")
    notice = t("web.picto_saved", name=name) if name else None
    return _page(request, notice=notice)


@view(role="communicatie", upload=SVG_LIMIT)
def upload(request: Request, form: Form) -> Response:
    from .. import db
    from ..pictograms.upload import add_pictogram
    from ..tracking.service import Actor, audit
    from .views import url

    try:
        file = uploaded(request, "svg")
        name = add_pictogram(file.data if file else b"", form.get("naam", ""), form.get("label", ""), form.get("alt", ""))
        with db.session(url(request)) as s:
            audit(s, Actor(request.state.user.actor_name[:100]), "create", "pictogram", None, names=["svg", "label", "alt"])
    except OutreachError as exc:
        return _page(request, 400, error=error_text(exc), form=form)
    return RedirectResponse("/pictogrammen?nieuw=" + notices.signed(name), status_code=303)


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
