"""Turn the literacy adviser's requests into readability calls: the live text checker and the Regels page.

The checker page posts the text to `/controleren/uitslag` as you type (checker.js) and shows
the returned piece of HTML: each finding marked on its own words in the colours of
`outreach check --format html` (the same CSS, served from the library), findings about the
whole text in one summary line. Without JavaScript the form posts to the page itself.
Regels shows the rule data and adds an officialese entry through `readability.rulebook`.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .. import db
from ..errors import OutreachError
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
    from ..readability.rulebook import rule_data

    try:
        data = rule_data()
    except OutreachError as exc:  # a broken rule file: say which, show what we can
        data, error = None, exc.message if error is None else error
    return page(request, "regels", data=data, error=error, notice=notice, form=form or {}, status_code=status_code)


@view(role="taaladviseur")
def rules(request: Request, form: Form) -> Response:
    words = notices.read(request, "nieuw", "rules-added")
    notice = t("web.rules_saved", words=words) if words else None
    return _rules_page(request, notice=notice)


@view(role="taaladviseur")
def add_rule(request: Request, form: Form) -> Response:
    from ..readability.rulebook import add_officialese
    from ..tracking.service import Actor, audit

    try:
        added = add_officialese(form.get("regel", ""), form.get("soort", "warn"))
    except OutreachError as exc:
        return _rules_page(request, error=exc.message, status_code=400, form=form)
    with db.session(url(request)) as s:  # the audit trail: who added which words (not personal data)
        audit(s, Actor(request.state.user.actor_name), "update", "readability_officialese", None,
              names=[a[:40] for a in added][:20])

    return RedirectResponse("/regels?nieuw=" + notices.signed("rules-added", ", ".join(added)[:200]), status_code=303)


def routes() -> list[BaseRoute]:
    return [
        Route("/controleren", checker, methods=["GET", "POST"]),
        Route("/controleren/uitslag", checker_result, methods=["POST"]),
        Route("/controleren/kleuren.css", colours),
        Route("/regels", rules),
        Route("/regels/nieuw", add_rule, methods=["POST"]),
    ]
