"""Turn a template's numbered versions into pages: the list, one version's text, two versions compared, a restore.

Only for the role communicatie. Every page shows the text people get (rendered with the
template's sample values, `documents.drafts.check`), never the source; a comparison puts two
versions side by side with the changed words marked (`documents.compare`) and the checker's
verdict for each. Restoring saves the old text as a new version (`drafts.restore`): the version
and its audit entry in one transaction. `compared` is shared with the approval page.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .. import clock, db
from ..errors import NotFoundError, OutreachError
from ..texts import t
from .render import Refusal, error_text, page
from .views import Form, url, view

MAX_LISTED = 200  # versions listed on one page, newest first


def unchecked() -> dict[str, str]:
    """The verdict area of a text that could not be checked (a template error): never an old verdict."""
    return {"class": "verdict-unknown", "text": t("web.versions.unchecked")}


def side(checked: Any, error: str | None, fallback_title: str) -> dict[str, Any]:
    """What one side of a comparison shows: title, visible text, verdict, or the error instead."""
    if checked is None:
        return {"title": fallback_title, "text": "", "verdict": unchecked(), "error": error}
    from .editor import result

    return {"title": checked.template.title, "text": checked.sample_text, "verdict": result(checked)["verdict"],
            "error": None}


def _check(name: str, variant: str, source: str) -> tuple[Any, str | None]:
    from ..documents import drafts

    try:
        return drafts.check(name, variant, source), None
    except OutreachError as exc:
        return None, error_text(exc)


def compared(name: str, variant: str, old: str | None, new: str, new_checked: Any = None,
             new_error: str | None = None) -> dict[str, Any]:
    """Both sides of `old` and `new` as rendered text, changed words marked ("del" left, "ins" right).

    `old` None: there was no earlier text (everything on the right is new). `new_checked` or
    `new_error`: the new source was checked already (the approval queue).
    """
    from ..documents.compare import words

    if new_checked is None and new_error is None:
        new_checked, new_error = _check(name, variant, new)
    right = side(new_checked, new_error, name)
    if old is None:
        left: dict[str, Any] = {"title": right["title"], "text": "", "verdict": None, "error": None, "missing": True}
    else:
        left = side(*_check(name, variant, old), right["title"])
    if new_checked is None:
        right["title"] = left["title"]
    left["pieces"], right["pieces"] = words(left["text"], right["text"])
    return {"old": left, "new": right, "title": right["title"]}


def _target(request: Request) -> tuple[str, str]:
    from .editor import _target as target

    return target(request)


def _title(name: str, variant: str) -> str:
    from ..documents import load_template

    try:
        return load_template(name, variant).title
    except OutreachError:
        return name


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 9 else None


@view(role="communicatie")
def version_list(request: Request, form: Form) -> Response:
    """Every version (who, when, note, status); two of them compared when `van` and `naar` are given."""
    from ..documents import versions
    from .studio import offloaded

    name, variant = _target(request)
    first, second = _number(request.query_params.get("van")), _number(request.query_params.get("naar"))
    with db.session(url(request)) as s:
        rows = versions.history(s, name, variant)[:MAX_LISTED]
        old = versions.by_number(s, name, variant, first) if first else None
        new = versions.by_number(s, name, variant, second) if second else None
        sources = (old.source, new.source) if old is not None and new is not None else None
    comparison, error = None, None
    if first or second:
        if sources is None:
            error = t("web.versions.choose_two")
        else:
            comparison = offloaded(request, compared, name, variant, *sources)
    restored = _number(request.query_params.get("teruggezet"))
    return page(request, "versies", status_code=400 if error else 200, name=name, variant=variant,
                title=_title(name, variant), rows=rows, comparison=comparison, error=error, restored=restored,
                first=first or (rows[1].number if len(rows) > 1 else 0), second=second or (rows[0].number if rows else 0),
                tz=clock.zone())


@view(role="communicatie")
def version_view(request: Request, form: Form) -> Response:
    """One version's text as people get it, with its verdict, and the button that restores it."""
    from ..documents import versions
    from .studio import offloaded

    name, variant = _target(request)
    number = int(request.path_params["number"])
    with db.session(url(request)) as s:
        row = versions.by_number(s, name, variant, number)
        newest = versions.newest(s, name, variant)
        if row is None or newest is None:
            raise Refusal(404, t("web.not_found_page"))
        s.expunge(row)
    shown = offloaded(request, compared, name, variant, None, row.source)["new"]
    return page(request, "versie", name=name, variant=variant, row=row, shown=shown,
                is_newest=row.number == newest.number, tz=clock.zone())


@view(role="communicatie")
def version_restore(request: Request, form: Form) -> Response:
    """Save version `number` again as the newest version (live again when it may be), with an audit entry."""
    from ..documents import drafts, versions
    from .studio import offloaded

    name, variant = _target(request)
    number = int(request.path_params["number"])
    user = request.state.user
    try:
        with db.session(url(request)) as s:
            row = versions.by_number(s, name, variant, number)
            source = row.source if row is not None else None
        if source is None:
            raise Refusal(404, t("web.not_found_page"))
        offloaded(request, drafts.check, name, variant, source)  # under the web's time limit before it is stored
        with db.session(url(request)) as s:  # the new version and its audit entry: one transaction
            _, _, new = drafts.restore(s, name, variant, number, user.account_id, user.name, user.actor_name)
    except NotFoundError:
        raise Refusal(404, t("web.not_found_page")) from None
    except OutreachError as exc:  # nothing stored changed
        raise Refusal(400, error_text(exc)) from None
    return RedirectResponse(f"/sjablonen/{name}/{variant}/versies?teruggezet={new}", status_code=303)


def routes() -> list[BaseRoute]:
    return [Route("/sjablonen/{name:str}/{variant:str}/versies", version_list),
            Route("/sjablonen/{name:str}/{variant:str}/versies/{number:int}", version_view),
            Route("/sjablonen/{name:str}/{variant:str}/versies/{number:int}/terugzetten", version_restore,
                  methods=["POST"])]
