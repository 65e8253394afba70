"""Turn a template edited in the browser into a checked, saved template or a draft, with live readability highlights.

Only for the role communicatie. The checks, saving and drafts are `documents.drafts`' (a CLI
could call the same): each save is a numbered version in the database, in the same
transaction as its audit entry; a template that fails its level becomes a draft that real
letters do not use until another user, a literacy adviser, approves it.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .. import clock, db
from ..errors import NotFoundError, OutreachError
from ..texts import t
from .render import Refusal, error_text, page
from .views import Form, url, view

MAX_HISTORY = 10  # versions listed under the editor


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
            # each finding with what a "not applicable here" needs (goedkeuren.html), and the waived ones
            "listed": [{"message": f.message, "rule": f.rule, "start": f.start, "end": f.end}
                      for f in checked.report.findings[:40]],
            "waived": [{"message": w["message"], "reason": w["reason"]} for w in checked.report.waived],
            "draft_note": " ".join(([t("web.editor_will_be_draft")] if checked.fails else [])
                                   + ([t("web.editor_branch")] if getattr(checked, "branch", False) else []))}


def checked_result(request: Request, name: str, variant: str, source: str) -> dict[str, Any]:
    """`result` of checking `source` as template `name`.`variant`; the check runs in a render worker (`documents.worker`)."""
    from ..documents import drafts
    from .studio import offloaded

    return result(offloaded(request, drafts.check, name, variant, source))


def _target(request: Request) -> tuple[str, str]:
    from ..documents.drafts import filename

    name, variant = request.path_params["name"][:90], request.path_params["variant"][:20]
    try:
        filename(name, variant)
    except NotFoundError:
        raise Refusal(404, t("web.not_found_page")) from None
    return name, variant


def _page(request: Request, name: str, variant: str, source: str, status_code: int = 200,
          error: str | None = None, saved: str | None = None, version_note: str = "") -> Response:
    from ..documents import drafts, versions
    from .reviews import returned_note

    checked = None
    if error is None:
        try:
            checked = checked_result(request, name, variant, source)
        except OutreachError as exc:
            error = error_text(exc)
    with db.session(url(request)) as s:
        note = returned_note(s, name, variant, source)
        is_draft = drafts.draft_source(s, name, variant) is not None
        history = versions.history(s, name, variant)[:MAX_HISTORY]
    return page(request, "bewerken", status_code=status_code, name=name, variant=variant, source=source,
                checked=checked, error=error, saved=saved, note=note, is_draft=is_draft, history=history,
                version_note=version_note, tz=clock.zone())


@view(role="communicatie")
def edit(request: Request, form: Form) -> Response:
    from ..documents import drafts

    name, variant = _target(request)
    if request.method == "GET":
        try:
            with db.session(url(request)) as s:
                source = drafts.editable_source(s, name, variant)
        except NotFoundError:
            raise Refusal(404, t("web.not_found_page")) from None
        saved = next((s for s in ("opgeslagen", "concept") if request.query_params.get(s)), None)
        return _page(request, name, variant, source, saved=saved)
    from .reviews import record_save

    source = form.get("bron", "")
    if form.get("actie") != "opslaan":
        return _page(request, name, variant, source)
    user = request.state.user
    try:
        checked_result(request, name, variant, source)  # under the web's time limit before it is stored
        with db.session(url(request)) as s:  # the version and its audit entry: one transaction
            state, _ = drafts.save(s, name, variant, source, user.account_id, user.name,
                                   form.get("versie_notitie", ""))
            record_save(s, user.actor_name, name, variant, state)
    except OutreachError as exc:  # nothing stored changed
        return _page(request, name, variant, source, status_code=400, error=error_text(exc),
                     version_note=form.get("versie_notitie", "")[:2000])
    return RedirectResponse(f"/sjablonen/{name}/{variant}/bewerken?{state}=1", status_code=303)


@view(role="communicatie")
def live_check(request: Request, form: Form) -> Response:
    """The findings of the text as it is typed (JSON for studio.js); stores nothing."""
    name, variant = _target(request)
    try:
        return JSONResponse(checked_result(request, name, variant, form.get("bron", "")))
    except OutreachError as exc:
        return JSONResponse({"error": error_text(exc)}, status_code=400)


def routes() -> list[BaseRoute]:
    return [Route("/sjablonen/{name:str}/{variant:str}/bewerken", edit, methods=["GET", "POST"]),
            Route("/sjablonen/{name:str}/{variant:str}/controleren", live_check, methods=["POST"])]
