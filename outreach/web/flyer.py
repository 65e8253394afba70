"""Turn the Flyer maken form into a live preview, a readability verdict and the flyer as PDF.

The coach's name, numbers and photo come from the coach record; a photo uploaded here is
cleaned (`documents.photos.clean_photo`) and stored in the user's content folder, and the
coach record points at it (`tracking.edit_coach`, audited). The PDF is `documents.render`'s.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .. import db
from ..errors import InputError, OutreachError, Where
from ..texts import t
from .render import Refusal, error_text, page
from .studio import coach_names, coach_values, json_preview, offloaded, organisation_values, pdf_response, preview
from .views import Form, uploaded, url, view

LINES = 5
PHOTO_LIMIT = 5 * 1024 * 1024  # coachphoto.LIMIT
MAX_LINE = 120  # characters of the title or one line: about two lines on an A5 flyer


def _template() -> Any:
    from ..documents import load_template

    return load_template("flyer")


def _lines(template: Any) -> list[str]:
    """The flyer's own lines: the list items of its plain body, or (hand-written) the front matter's [regels]."""
    from ..documents import plain
    from ..documents.templates import parse_front_matter

    if plain.is_plain(template.meta):
        body = parse_front_matter(template.path.read_text(encoding="utf-8"), template.filename)[1]
        return [block.inline.content for block in plain.parse(body) if block.kind in ("bullet", "number")][:LINES]
    return list(template.meta.get("regels", {}).get("teksten", []))[:LINES]


def _values(request: Request, template: Any, form: Form) -> dict[str, Any]:
    """Flyer values from the form and the chosen coach's record; InputError naming the field."""
    coach = form.get("coach", "")
    if coach not in coach_names(request):
        raise InputError(t("web.flyer_pick_coach"), Where(field="coach"))
    places = [" ".join(p.split()) for p in form.get("plekken", "").splitlines() if p.strip()]
    chosen = [form.get(f"picto_{i}", "") for i in range(1, LINES + 1)]
    defaults = str(template.optional.get("pictogrammen", "")).split(";")
    pictos = [c.strip() or d.strip() for c, d in zip(chosen, defaults)]
    texts = {}
    for name in ("titel", *(f"regel_{i}" for i in range(1, LINES + 1))):
        text = " ".join(form.get(name, "").split())
        if len(text) > MAX_LINE:
            raise InputError(t("cli.too_long", count=len(text), max=MAX_LINE), Where(field=name))
        texts[name] = text
    settings = {k: v for k, v in organisation_values(request).items() if k in ("logo", "huiskleur")}
    return {**settings, **coach_values(request, coach), "gemeente": form.get("gemeente", "").strip(),
            "ontmoetplekken": "; ".join(p.replace(";", ",") for p in places),
            "formaat": form.get("formaat", "A4"), "pictogrammen": "; ".join(pictos), **texts}


def _page(request: Request, form: Form, status_code: int = 200, error: str | None = None,
          result: dict[str, Any] | None = None, notice: str | None = None) -> Response:
    from .. import pictograms

    template = _template()
    defaults = [d.strip() for d in str(template.optional.get("pictogrammen", "")).split(";")]
    filled = {"gemeente": organisation_values(request).get("gemeente") or template.fields["gemeente"],
              "plekken": "\n".join(p.strip() for p in str(template.fields["ontmoetplekken"]).split(";")),
              "formaat": "A4", **{f"picto_{i + 1}": d for i, d in enumerate(defaults)},
              **{f"regel_{i + 1}": line for i, line in enumerate(_lines(template))}, **form}
    return page(request, "flyer", coaches=coach_names(request), form=filled, lines=_lines(template),
                pictos=pictograms.all(), error=error, result=result, notice=notice, status_code=status_code,
                max_line=MAX_LINE)


@view(role="communicatie")
def flyer(request: Request, form: Form) -> Response:
    if request.method == "GET":
        notice = t("web.photo_saved") if request.query_params.get("foto") else None
        return _page(request, {"coach": request.query_params.get("coach", "")}, notice=notice)
    template = _template()
    action = form.get("actie", "voorbeeld")
    try:
        values = _values(request, template, form)
    except OutreachError as exc:
        return _page(request, form, 400, error=error_text(exc))
    if action == "voorbeeld":
        result = preview(request, template, values)
        return _page(request, form, 200 if "image" in result else 400, error=result.get("error"), result=result)
    if action not in ("pdf", "drukwerk"):
        raise Refusal(400, t("web.bad_choice"))
    from ..documents import render

    try:
        data = offloaded(request, render, template, values, print_marks=action == "drukwerk")
    except OutreachError as exc:
        return _page(request, form, 400, error=error_text(exc))
    size = "A5" if str(values["formaat"]).upper() == "A5" else "A4"
    return pdf_response(data if isinstance(data, bytes) else b"", f"flyer-{size}{'-drukwerk' if action == 'drukwerk' else ''}.pdf")


@view(role="communicatie")
def flyer_preview(request: Request, form: Form) -> Response:
    template = _template()
    try:
        values = _values(request, template, form)
    except OutreachError as exc:
        return json_preview({"error": error_text(exc)})
    return json_preview(preview(request, template, values))


@view(role="communicatie", upload=PHOTO_LIMIT)
def photo(request: Request, form: Form) -> Response:
    from . import coachphoto

    coach = form.get("coach", "")
    try:
        upload = uploaded(request, "foto")
        if coach not in coach_names(request):
            raise InputError(t("web.flyer_pick_coach"), Where(field="coach"))
        if upload is None:
            raise InputError(t("web.photo_missing"), Where(field="foto"))
        clean = coachphoto.check(upload.data)  # refused before anything is stored
        with db.session(url(request)) as s:
            coachphoto.store(s, request.state.user.actor_name, coach, clean)
    except OutreachError as exc:
        return _page(request, {"coach": coach}, 400, error=error_text(exc))
    from urllib.parse import quote

    return RedirectResponse(f"/maken/flyer?foto=1&coach={quote(coach)}", status_code=303)


def routes() -> list[BaseRoute]:
    return [
        Route("/maken/flyer", flyer, methods=["GET", "POST"]),
        Route("/maken/flyer/voorbeeld", flyer_preview, methods=["POST"]),
        Route("/maken/flyer/foto", photo, methods=["POST"]),
    ]
