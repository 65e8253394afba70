"""Turn the translations of templates into pages: files for translators, their upload, the list and the reviewer's approval.

Communication staff export a template (or all of them) as XLIFF 2.0 or PO for a language and
upload what the translator sends back (`documents.translationfiles`, checked and stored all or
nothing by `documents.translations.store`). A reviewer (beheer or taaladviseur) who did not
upload it reads the Dutch and the translation side by side and approves it.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .. import db, languages
from ..errors import InputError, NotFoundError, OutreachError, Where
from ..texts import t
from . import notices
from .render import Refusal, error_text, page
from .views import Form, uploaded, url, view

FILE_LIMIT = 2 * 1024 * 1024  # bytes of an uploaded translation file (translationfiles.MAX_FILE)
READERS = ("communicatie", "taaladviseur", "beheer")


def _may(request: Request, roles: tuple[str, ...]) -> None:
    user = request.state.user
    if user is None:
        raise Refusal(403, t("web.no_role"))
    if not any(user.has(role) for role in roles):
        raise Refusal(403, t("web.no_role"))


def _side_by_side(row: Any, current: Any) -> list[tuple[str, str, str]]:
    """(unit, Dutch, translation) for the reviewer, the title first."""
    theirs = [row.title, *row.blocks]
    ours = list(current.units.values()) if current is not None else []
    ids = list(current.units) if current is not None else []
    return [(ids[i] if i < len(ids) else "", ours[i] if i < len(ours) else "", text) for i, text in enumerate(theirs)]


def _page(request: Request, status_code: int = 200, error: str | None = None, issues: list[str] | None = None,
          notice: str | None = None) -> Response:
    from ..documents import translations

    user = request.state.user
    with db.session(url(request)) as s:
        sources = translations.translatable(s)
        by_name = {(d.name, d.variant): d for d in sources}
        rows = [(row, state, _side_by_side(row, by_name.get((row.name, row.variant))))
                for row, state in translations.listing(s)]
    reviewer = any(user.has(r) for r in translations.REVIEWERS)
    return page(request, "vertalingen", status_code=status_code, rows=rows, sources=sources, error=error,
                issues=issues or [], notice=notice, reviewer=reviewer, studio=user.has("communicatie"),
                languages=[(c, n) for c, n in languages.names().items() if c != languages.DUTCH],
                language_name=languages.name, direction=languages.direction, pieces=_pieces,
                account_id=user.account_id)


def _pieces(text: str) -> list[tuple[bool, str]]:
    """(is a field, part) of a unit's text: fields are shown isolated left to right inside right-to-left text."""
    from ..documents.translations import FIELD

    parts, at = [], 0
    for match in FIELD.finditer(text):
        parts += [(False, text[at:match.start()]), (True, match.group(0))]
        at = match.end()
    return [(field, part) for field, part in [*parts, (False, text[at:])] if part]


@view()
def listing(request: Request, form: Form) -> Response:
    if request.state.user is None:
        return RedirectResponse("/inloggen", status_code=303)
    _may(request, READERS)
    count = notices.read(request, "ingelezen", "translation-ingelezen")
    name = notices.read(request, "goedgekeurd", "translation-goedgekeurd")
    notice = (t("translations.web.ingelezen", count=int(count)) if count and count.isdigit() else
              t("translations.web.goedgekeurd", name=name) if name else None)
    return _page(request, notice=notice)


@view(role="communicatie")
def export(request: Request, form: Form) -> Response:
    """The file for a translator: ?sjabloon=<name.variant or 'alle'>&taal=<code>&formaat=xliff|po."""
    from ..documents import translationfiles, translations

    wanted = request.query_params.get("sjabloon", "")[:100]
    try:
        with db.session(url(request)) as s:
            sources = translations.translatable(s)
            if wanted != "alle":
                sources = [d for d in sources if f"{d.name}.{d.variant}" == wanted]
            if not sources:
                raise NotFoundError(t("translations.no_template", name=wanted[:60]))
            name, data = translationfiles.export(sources, request.query_params.get("taal", "")[:20],
                                                 request.query_params.get("formaat", "xliff")[:10])
    except OutreachError as exc:
        return _page(request, 400, error=error_text(exc))
    kind = "application/xliff+xml" if name.endswith(".xlf") else "text/x-gettext-translation; charset=utf-8"
    return Response(data, media_type=kind, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@view(role="communicatie", upload=FILE_LIMIT)
def upload(request: Request, form: Form) -> Response:
    """Read a translated file back: every template in it checked; stored as concepts, or nothing stored."""
    from ..documents import translationfiles, translations
    from ..tracking.service import Actor, audit

    user = request.state.user
    try:
        file = uploaded(request, "bestand")
        if file is None:
            raise InputError(t("translations.file.empty"), Where(field="bestand"))
        with db.session(url(request)) as s:  # the check and the rows: one transaction
            sources = {(d.name, d.variant): d for d in translations.translatable(s)}
            stored = translations.store(s, translationfiles.read(file.data, sources), user.account_id, user.name)
            count = len(stored)
            for row in stored:  # the trail: which template and language, never the text
                audit(s, Actor(user.actor_name[:100]), "update", "template", None,
                      names=[f"{row.name}.{row.variant}", f"vertaling:{row.language}"])
    except translations.Refused as exc:
        return _page(request, 400, error=t("translations.refused_title"), issues=exc.issues)
    except OutreachError as exc:
        return _page(request, 400, error=error_text(exc))
    return RedirectResponse("/vertalingen?ingelezen=" + notices.signed("translation-ingelezen", str(count)), status_code=303)


@view()
def approve(request: Request, form: Form) -> Response:
    from ..documents import translations
    from ..tracking.service import Actor, audit

    if request.state.user is None:
        return RedirectResponse("/inloggen", status_code=303)
    _may(request, translations.REVIEWERS)
    name, variant = request.path_params["name"][:90], request.path_params["variant"][:20]
    language = request.path_params["language"][:8]
    user = request.state.user
    try:
        with db.session(url(request)) as s:
            row = translations.approve(s, name, language, user.account_id, user.name, variant,
                                       seen=form.get("versie", "")[:64])
            audit(s, Actor(user.actor_name[:100]), "approve", "template", row.id,
                  names=[f"{row.name}.{row.variant}", f"vertaling:{row.language}"])
    except NotFoundError:
        raise Refusal(404, t("web.not_found_page")) from None
    except OutreachError as exc:  # nothing stored changed
        return _page(request, 409, error=error_text(exc))
    label = f"{name} ({languages.name(language)})"
    return RedirectResponse("/vertalingen?goedgekeurd=" + notices.signed("translation-goedgekeurd", label), status_code=303)


def routes() -> list[BaseRoute]:
    return [Route("/vertalingen", listing),
            Route("/vertalingen/bestand", export),
            Route("/vertalingen/inlezen", upload, methods=["POST"]),
            Route("/vertalingen/{name:str}/{variant:str}/{language:str}/goedkeuren", approve, methods=["POST"])]
