"""Turn the literacy adviser's requests into readability calls: the live text checker and the Regels page.

The checker page posts the text to `/controleren/uitslag` as you type (checker.js) and shows
the returned piece of HTML: each finding marked on its own words in the colours of
`outreach check --format html` (the same CSS, served from the library), findings about the
whole text in one summary line. Without JavaScript the form posts to the page itself.
Regels shows the rule data, searchable and in pages, and adds, changes or removes an
officialese word with a plain form (word, plain words, how bad) through `readability.rulebook`.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .. import db
from ..errors import NotFoundError, OutreachError
from ..texts import t
from .render import Refusal, page
from . import notices
from .views import MAX_CHECK_CHARS, Form, url, view

KINDS = ("letter", "flyer", "sms", "whatsapp")


def _result(form: Form) -> tuple[dict[str, Any], int]:
    """The values of the result piece for a posted form, and its status code."""
    from ..readability import check
    from ..readability.html import highlighted, rule_label, whole_text

    values: dict[str, Any] = {"text": form.get("tekst", ""), "level": form.get("niveau", "B1"),
                              "kind": form.get("soort", "letter"), "report": None, "error": None}
    if values["level"] not in ("A2", "B1") or values["kind"] not in KINDS:
        raise Refusal(400, t("web.bad_choice"))
    if len(values["text"]) > MAX_CHECK_CHARS:
        values["error"] = t("web.check_too_long", max=MAX_CHECK_CHARS)
        return values, 413
    report = check(values["text"], level=values["level"], kind=values["kind"])
    whole = whole_text(report)
    values.update(report=report, marked=highlighted(report, tag="mark"), whole=whole,
                  spots=[f for f in report.findings if f not in whole], label=rule_label)
    return values, 200


@view(throttle="checker")
def checker(request: Request, form: Form) -> Response:
    values: dict[str, Any] = {"text": "", "level": "B1", "kind": "letter", "report": None, "error": None}
    status = 200
    if request.method == "POST":
        values, status = _result(form)
    return page(request, "controleren", status_code=status, kinds=KINDS, **values)


@view(throttle="checker")
def checker_result(request: Request, form: Form) -> Response:
    """Only the result piece, for checker.js (same CSRF check as the form)."""
    values, status = _result(form)
    return page(request, "_check_result", status_code=status, **values)


async def colours(request: Request) -> Response:
    """The highlight colours of `outreach check --format html`, as a style sheet."""
    from ..readability.html import HIGHLIGHT_CSS

    return Response(HIGHLIGHT_CSS, media_type="text/css")


def _rules_page(request: Request, error: str | None = None, notice: str | None = None, status_code: int = 200,
                form: Form | None = None) -> Response:
    from ..fields import whole_number
    from ..readability.rulebook import rule_data, search

    query = request.query_params.get("zoek", "")[:80]
    number = whole_number(request.query_params.get("pagina", "1")[:6], most=10_000) or 1
    values = dict(form or {})
    try:
        with db.session(url(request)) as s:
            data = rule_data(s)
    except OutreachError as exc:  # a broken rule file: say which, show what we can
        data, error = None, exc.message if error is None else error
    found = search(data.officialese, query, number) if data else None
    editing = request.query_params.get("wijzig", "")[:80]
    if data and editing and not values:
        entry = next((e for e in data.officialese if e.phrase == editing), None)
        if entry is not None:
            values = {"woord": entry.phrase, "vorig": entry.phrase, "soort": entry.severity,
                      "alternatieven": "\n".join(entry.alternatives), "voorbeeld": entry.example}
    return page(request, "regels", data=data, found=found, query=query, error=error, notice=notice, form=values,
                status_code=status_code)


@view(role="taaladviseur")
def rules(request: Request, form: Form) -> Response:
    words = notices.read(request, "nieuw", "rules-added")
    notice = t("web.rules_saved", words=words) if words else None
    gone = notices.read(request, "weg", "rules-removed")
    if gone:
        notice = t("web.rules_removed", words=gone)
    return _rules_page(request, notice=notice)


@view(role="taaladviseur")
def add_rule(request: Request, form: Form) -> Response:
    """Add a word, or change one (`vorig` names the word as it was): a row in the database with its audit entry."""
    from ..readability.rulebook import save_rule
    from ..tracking.service import Actor, audit

    who = request.state.user.actor_name
    try:
        with db.session(url(request)) as s:  # the rule and its audit entry: one transaction
            phrase = save_rule(s, who, form.get("woord", ""), form.get("alternatieven", ""), form.get("soort", ""),
                               form.get("voorbeeld", ""), replaces=form.get("vorig") or None)
            audit(s, Actor(who), "update", "readability_officialese", None, names=[phrase[:40]])
    except OutreachError as exc:
        shown = f"{t('web.rules_field_' + exc.where.field)}: {exc.message}" if exc.where and exc.where.field in (
            "woord", "alternatieven", "soort", "voorbeeld") else exc.message
        return _rules_page(request, error=shown, status_code=400, form=form)
    return RedirectResponse("/regels?nieuw=" + notices.signed("rules-added", phrase[:200]), status_code=303)


@view(role="taaladviseur")
def remove_rule(request: Request, form: Form) -> Response:
    from ..readability.rulebook import remove_rule as remove
    from ..tracking.service import Actor, audit

    who = request.state.user.actor_name
    phrase = form.get("woord", "")[:80]
    try:
        with db.session(url(request)) as s:
            remove(s, who, phrase)
            audit(s, Actor(who), "delete", "readability_officialese", None, names=[phrase[:40]])
    except OutreachError as exc:
        return _rules_page(request, error=exc.message, status_code=404 if isinstance(exc, NotFoundError) else 400)
    return RedirectResponse("/regels?weg=" + notices.signed("rules-removed", phrase[:200]), status_code=303)


def routes() -> list[BaseRoute]:
    return [
        Route("/controleren", checker, methods=["GET", "POST"]),
        Route("/controleren/uitslag", checker_result, methods=["POST"]),
        Route("/controleren/kleuren.css", colours),
        Route("/regels", rules),
        Route("/regels/nieuw", add_rule, methods=["POST"]),
        Route("/regels/verwijderen", remove_rule, methods=["POST"]),
    ]
