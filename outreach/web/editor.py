"""Turn a template edited in the browser into a checked, saved template or a draft, with live readability highlights.

Only with a content folder (OUTREACH_CONTENT_DIR) and the role communicatie. The checks,
saving and drafts are `documents.drafts`' (a CLI could call the same); a template that fails
its level becomes a draft that real letters do not use until a literacy adviser approves it.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .. import db
from ..errors import NotFoundError, OutreachError
from ..texts import t
from .render import Refusal, error_text, page
from .views import Form, url, view


def _cuts(text: str, findings: list[Any]) -> list[tuple[str, list[Any]]]:
    """The text cut at every finding's edges: (piece, findings covering it), in one sweep from left to right."""
    cuts = sorted({0, len(text), *(f.start for f in findings), *(f.end for f in findings)})
    waiting = sorted(findings, key=lambda f: f.start)
    open_: list[Any] = []
    pieces, i = [], 0
    for a, b in zip(cuts, cuts[1:]):
        while i < len(waiting) and waiting[i].start <= a:
            open_.append(waiting[i])
            i += 1
        open_ = [f for f in open_ if f.end > a]
        pieces.append((text[a:b], [f for f in open_ if b <= f.end]))
    return pieces


def marked(checked: Any) -> list[tuple[str, str, str]]:
    """(piece, '' | 'warn' | 'fail', hint) for every stretch of the checked text: the highlights."""
    pieces = []
    for piece, cover in _cuts(checked.text, checked.report.findings):
        severity = ("fail" if any(f.severity == "fail" for f in cover) else "warn") if cover else ""
        pieces.append((piece, severity, "\n".join(f.message for f in cover)))
    return pieces


def result(checked: Any) -> dict[str, Any]:
    """What the page shows of a checked source: verdict, highlighted text and findings."""
    level = checked.template.level
    return {"verdict": {"class": f"verdict-{checked.report.verdict}",
                        "text": t(f"web.verdict_{checked.report.verdict}", level=level)},
            "pieces": marked(checked),
            "findings": [f.message for f in checked.report.findings[:12]],
            "draft_note": t("web.editor_will_be_draft") if checked.fails else ""}


def _target(request: Request) -> tuple[str, str]:
    from ..documents.drafts import filename

    name, variant = request.path_params["name"][:90], request.path_params["variant"][:20]
    try:
        filename(name, variant)
    except NotFoundError:
        raise Refusal(404, t("web.not_found_page")) from None
    return name, variant


def _page(request: Request, name: str, variant: str, source: str, status_code: int = 200,
          error: str | None = None, saved: str | None = None) -> Response:
    from ..documents import drafts
    from .reviews import returned_note

    checked = None
    if error is None:
        try:
            checked = result(drafts.check(name, variant, source))
        except OutreachError as exc:
            error = error_text(exc)
    with db.session(url(request)) as s:
        note = returned_note(s, name, variant, source)
    return page(request, "bewerken", status_code=status_code, name=name, variant=variant, source=source,
                checked=checked, error=error, saved=saved, note=note,
                has_folder=drafts.own_folder() is not None,
                is_draft=drafts.draft_source(name, variant) is not None)


@view(role="communicatie")
def edit(request: Request, form: Form) -> Response:
    from ..documents import drafts

    name, variant = _target(request)
    if request.method == "GET":
        try:
            source = drafts.editable_source(name, variant)
        except NotFoundError:
            raise Refusal(404, t("web.not_found_page")) from None
        saved = next((s for s in ("opgeslagen", "concept") if request.query_params.get(s)), None)
        return _page(request, name, variant, source, saved=saved)
    source = form.get("bron", "")
    if drafts.own_folder() is None:
        raise Refusal(409, t("documents.no_content_dir"))
    if form.get("actie") != "opslaan":
        return _page(request, name, variant, source)
    try:
        state, _ = drafts.save(name, variant, source)
    except OutreachError as exc:  # nothing stored changed
        return _page(request, name, variant, source, status_code=400, error=error_text(exc))
    with db.session(url(request)) as s:
        from .reviews import record_save

        record_save(s, request.state.user.actor_name, name, variant, state)
    return RedirectResponse(f"/sjablonen/{name}/{variant}/bewerken?{state}=1", status_code=303)


@view(role="communicatie")
def live_check(request: Request, form: Form) -> Response:
    """The findings of the text as it is typed (JSON for studio.js); stores nothing."""
    from ..documents import drafts

    name, variant = _target(request)
    try:
        return JSONResponse(result(drafts.check(name, variant, form.get("bron", ""))))
    except OutreachError as exc:
        return JSONResponse({"error": error_text(exc)}, status_code=400)


def routes() -> list[BaseRoute]:
    return [Route("/sjablonen/{name:str}/{variant:str}/bewerken", edit, methods=["GET", "POST"]),
            Route("/sjablonen/{name:str}/{variant:str}/controleren", live_check, methods=["POST"])]
