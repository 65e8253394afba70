"""Turn the review queue into the literacy advisers' Goedkeuren page: approve a template with a note, or send it back.

The queue, the decisions and their record are `reviews`' (a CLI could call the same); this
page shows each changed template under its title: the text letters use now and the new text
side by side as people get them, changed words marked, with the checker's verdict for both;
then the new text's highlights and findings. No source and no diff of it.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .. import db
from ..errors import NotFoundError, OutreachError
from ..texts import t
from .render import Refusal, error_text, page
from .views import Form, url, view


def _card(item: Any) -> dict[str, Any]:
    from .editor import result

    return {"item": item, "checked": result(item.checked) if item.checked else None, "comparison": item.comparison}


def _page(request: Request, status_code: int = 200, error: str | None = None,
          done: str | None = None) -> Response:
    from .reviews import queue

    with db.session(url(request)) as s:
        cards = [_card(item) for item in queue(s)]
    return page(request, "goedkeuren", status_code=status_code, cards=cards, error=error, done=done)


@view(role="taaladviseur")
def review_queue(request: Request, form: Form) -> Response:
    done = next((d for d in ("goedgekeurd", "teruggestuurd", "niet_van_toepassing") if request.query_params.get(d)),
                None)
    return _page(request, done=done)


@view(role="taaladviseur")
def decide(request: Request, form: Form) -> Response:
    from .reviews import approve, send_back

    name, variant = request.path_params["name"][:90], request.path_params["variant"][:20]
    action = form.get("actie")
    if action not in ("goedkeuren", "terugsturen"):
        raise Refusal(400, t("web.bad_choice"))
    user = request.state.user
    decision = approve if action == "goedkeuren" else send_back
    try:
        with db.session(url(request)) as s:
            decision(s, user.account_id, user.actor_name, name, variant, form.get("versie", ""),
                     form.get("notitie", ""))
    except NotFoundError:
        raise Refusal(404, t("web.not_found_page")) from None
    except OutreachError as exc:  # nothing stored changed
        return _page(request, status_code=400, error=error_text(exc))
    done = "goedgekeurd" if action == "goedkeuren" else "teruggestuurd"
    return RedirectResponse(f"/goedkeuren?{done}=1", status_code=303)


@view(role="taaladviseur")
def waive(request: Request, form: Form) -> Response:
    """Mark one finding of the version on the page as "not applicable here", with a reason."""
    from ..documents import drafts
    from .waivers import waive as store

    name, variant = request.path_params["name"][:90], request.path_params["variant"][:20]
    version, rule = form.get("versie", ""), form.get("regel", "")[:40]
    start, end = form.get("begin", ""), form.get("eind", "")
    user = request.state.user
    try:
        with db.session(url(request)) as s:  # the version seen and the waiver: one transaction
            source = drafts.editable_source(s, name, variant)
            if drafts.digest(source) != version:
                raise OutreachError(t("documents.draft_changed"))
            findings = drafts.check(name, variant, source).report.findings
            if not any((f.rule, str(f.start), str(f.end)) == (rule, start, end) for f in findings):
                raise OutreachError(t("web.waiver_bad_finding"))
            store(s, user.account_id, user.actor_name, name, variant, version, rule, start, end, form.get("reden", ""))
    except NotFoundError:
        raise Refusal(404, t("web.not_found_page")) from None
    except OutreachError as exc:  # nothing stored changed
        return _page(request, status_code=400, error=str(exc))
    return RedirectResponse("/goedkeuren?niet_van_toepassing=1", status_code=303)


def routes() -> list[BaseRoute]:
    return [Route("/goedkeuren", review_queue),
            Route("/goedkeuren/{name:str}/{variant:str}", decide, methods=["POST"]),
            Route("/goedkeuren/{name:str}/{variant:str}/niet-van-toepassing", waive, methods=["POST"])]
