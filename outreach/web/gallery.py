"""Turn every template (letters, flyers, door cards, SMS, WhatsApp) into a gallery card: thumbnail, level and verdict.

The verdict is `documents.rendering.check_level`'s (the same check that lets a letter be
made or not); the thumbnail is the first page rendered with the template's samples.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..errors import OutreachError, log_unexpected
from ..texts import t
from .render import Refusal, error_text, page
from .views import Form, view

THUMB_WIDTH = 280


def _card(template: Any) -> dict[str, Any]:
    from ..documents.rendering import check_level
    from ..documents.templates import sample_text

    card: dict[str, Any] = {"template": template, "verdict": None, "text": None, "error": None}
    try:
        report = check_level(template, override=True)
        card["verdict"] = {"class": f"verdict-{report.verdict}", "text": t(f"web.verdict_{report.verdict}", level=template.level)}
        if template.variant != "html":
            card["text"] = sample_text(template.name, template.variant)[0]
    except OutreachError as exc:
        card["error"] = error_text(exc)
    except Exception as exc:  # noqa: BLE001 - one broken template never breaks the page for everyone
        log_unexpected(exc, "outreach.web")
        card["error"] = t("web.template_broken")
    return card


@view(role="communicatie")
def gallery(request: Request, form: Form) -> Response:
    from ..documents.templates import template_names, load_template

    cards = []
    for name in template_names():
        stem, _, variant = name.rpartition(".")
        try:
            cards.append(_card(load_template(stem, variant)))
        except Exception as exc:  # noqa: BLE001 - listed as broken, whatever is wrong with it
            if not isinstance(exc, OutreachError):
                log_unexpected(exc, "outreach.web")
            error = error_text(exc) if isinstance(exc, OutreachError) else t("web.template_broken")
            cards.append({"template": None, "name": name, "error": error, "verdict": None, "text": None})
    return page(request, "sjablonen", cards=cards, editable=True)  # versions live in the database: no folder needed


@view(role="communicatie")
def thumbnail(request: Request, form: Form) -> Response:
    from ..documents import load_template, render
    from ..documents.preview import page_image

    try:
        template = load_template(request.path_params["name"][:80], "html")
        pdf = render(template, template.fields, level_override=True)
        image = page_image(pdf if isinstance(pdf, bytes) else b"", THUMB_WIDTH)
    except OutreachError:
        raise Refusal(404, t("web.not_found_page")) from None
    except Exception as exc:  # noqa: BLE001 - a broken template has no picture
        log_unexpected(exc, "outreach.web")
        raise Refusal(404, t("web.not_found_page")) from None
    return Response(image, media_type="image/png")


def routes() -> list[BaseRoute]:
    return [Route("/sjablonen", gallery), Route("/sjablonen/{name:str}/voorbeeld.png", thumbnail)]
