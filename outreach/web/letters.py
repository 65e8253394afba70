"""Turn the Brieven pages into letters: one letter filled in by hand, or a mail merge from an uploaded CSV.

One letter: the template's fields with its samples prefilled, a preview and a PDF, made by
`documents.render`. A mail merge goes through `jobs`: every problem is shown before anything
is made, the bad rows can be downloaded, and progress follows `documents.merge`'s real work.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ..errors import NotFoundError, OutreachError
from ..texts import t
from . import jobs
from .render import Refusal, error_text, page
from .studio import (coach_names, coach_table, coach_values, json_preview, offloaded, organisation_values, pdf_response,
                     preview)
from .views import Form, uploaded, url, view


def _letter(name: str) -> Any:
    from ..documents import load_template

    try:
        template = load_template(name, "html")
    except (NotFoundError, OutreachError):
        raise Refusal(404, t("web.not_found_page")) from None
    if template.kind != "letter":
        raise Refusal(404, t("web.not_found_page"))
    return template


def _fields(template: Any) -> list[str]:
    from ..documents.rendering import known_fields

    return known_fields(template)


def _field_count(request: Request) -> int:
    """How many template fields the letter's forms send (the form limit grows with them)."""
    try:
        return len(_fields(_letter(request.path_params.get("name", ""))))
    except Refusal:
        return 0


def _typed(template: Any) -> list[Any]:
    """The fields a user types on the letter form, in the template's order (photos come from records)."""
    return [spec for spec in template.field_specs if spec.typed]


def _defaults(request: Request, template: Any, coach: str) -> dict[str, str]:
    """Beheer's organisation settings the template uses, with the chosen coach's fields over them."""
    known = set(_fields(template))
    values = {k: v for k, v in organisation_values(request).items() if k in known or k == "huiskleur"}
    if coach in coach_names(request):
        values.update(coach_values(request, coach))
    return values


def _values(request: Request, template: Any, form: Form) -> dict[str, Any]:
    """Settings, then what the form says (it may change a setting for this letter), then the chosen coach."""
    values = _defaults(request, template, "")
    values.update({s.name: form[s.name] for s in _typed(template) if form.get(s.name, "").strip()})
    if form.get("coach") in coach_names(request):
        values.update(coach_values(request, form["coach"]))
    return values


@view(role="communicatie")
def letters(request: Request, form: Form) -> Response:
    from ..documents.templates import iter_templates

    jobs.clean(url(request))
    items = [tpl for tpl in iter_templates() if tpl.kind == "letter"]
    return page(request, "brieven", items=items)


def _letter_page(request: Request, template: Any, form: Form, status_code: int = 200, error: str | None = None,
                 result: dict[str, Any] | None = None, merge_error: str | None = None,
                 merge_form: Form | None = None) -> Response:
    samples = {k: str(v) for k, v in {**template.optional, **template.fields}.items()}
    filled = {**samples, **_defaults(request, template, ""), **form}
    if form.get("coach") in coach_names(request):  # the chosen coach's fields replace what the form had
        filled.update(coach_values(request, form["coach"]))
    specs = _typed(template)
    return page(request, "brief", template=template, fields=specs, form=filled, coach_table=coach_table(request),
                merge_form={**_defaults(request, template, ""), **(merge_form or {})},
                per_person=[s for s in specs if s.per_person], shared=[s for s in specs if not s.per_person],
                error=error, result=result, merge_error=merge_error, status_code=status_code)


@view(role="communicatie", fields=_field_count)
def letter(request: Request, form: Form) -> Response:
    template = _letter(request.path_params["name"])
    if request.method == "GET":
        return _letter_page(request, template, {})
    values = _values(request, template, form)
    if form.get("actie") == "pdf":
        from ..documents import render

        try:
            data = offloaded(request, render, template, values)
        except OutreachError as exc:
            return _letter_page(request, template, form, 400, error=error_text(exc, template.field_labels))
        return pdf_response(data if isinstance(data, bytes) else b"", f"{template.name}.pdf")
    result = preview(request, template, values)
    return _letter_page(request, template, form, 200 if "image" in result else 400, result=result)


@view(role="communicatie", fields=_field_count)
def letter_preview(request: Request, form: Form) -> Response:
    template = _letter(request.path_params["name"])
    return json_preview(preview(request, template, _values(request, template, form)))


@view(role="communicatie", upload=jobs.CSV_LIMIT, fields=_field_count)
def merge_upload(request: Request, form: Form) -> Response:
    template = _letter(request.path_params["name"])
    jobs.clean(url(request))
    try:
        upload = uploaded(request, "lijst")
    except OutreachError as exc:  # too big: the form comes back with what was typed
        return _letter_page(request, template, {}, 400, merge_error=exc.message, merge_form=form)
    if upload is None:
        return _letter_page(request, template, {}, 400, merge_error=t("web.merge_no_file"), merge_form=form)
    constants = _values(request, template, form)
    try:
        job = jobs.create(request.state.user.account_id, template, upload.data, constants, url(request))
    except OutreachError as exc:  # enough jobs for this account, or for the server
        return _letter_page(request, template, {}, 429, merge_error=error_text(exc), merge_form=form)
    return RedirectResponse(f"/taken/{job.id}", status_code=303)


def _job(request: Request) -> jobs.Job:
    jobs.clean(url(request))
    job = jobs.get(request.path_params["id"][:40], request.state.user.account_id, url(request))
    if job is None:
        raise Refusal(404, t("web.merge_gone"))
    if job.state == "running":  # queued, or left by a worker that stopped: this app's worker goes on with it
        _wake(request)
    return job


def _wake(request: Request) -> None:
    worker = getattr(request.app.state, "worker", None)
    if worker is not None:
        worker.wake()


@view(role="communicatie")
def job_page(request: Request, form: Form) -> Response:
    job = _job(request)
    if request.method == "POST":
        output = form.get("uitvoer", "pdf")
        if output not in ("pdf", "zip"):
            raise Refusal(400, t("web.bad_choice"))
        try:
            jobs.start(job, output, url(request))
        except OutreachError as exc:  # merges already running: say so on the job's page
            return page(request, "taak", job=job, template=_letter(job.template), total=job.good, error=str(exc),
                        shown=len(job.bad), status_code=429)
        _wake(request)
        return RedirectResponse(f"/taken/{job.id}", status_code=303)
    return page(request, "taak", job=job, template=_letter(job.template), total=job.good, error=None, shown=len(job.bad))


@view(role="communicatie")
def job_state(request: Request, form: Form) -> Response:
    job = _job(request)
    return JSONResponse({"state": job.state, "done": job.done, "total": job.good, "error": job.error,
                         "text": t("web.merge_progress", done=job.done, total=job.good)})


@view(role="communicatie")
def job_file(request: Request, form: Form) -> Response:
    job = _job(request)
    kind = request.path_params["file"]
    if kind == "foute-regels.csv":
        return Response(jobs.bad_rows_csv(job).encode("utf-8-sig"), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="foute-regels.csv"'})
    path = job.folder / kind
    if job.state != "done" or kind not in ("brieven.pdf", "brieven.zip") or not path.is_file():
        raise Refusal(404, t("web.merge_gone"))
    media = "application/pdf" if kind.endswith(".pdf") else "application/zip"
    return Response(path.read_bytes(), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{job.template}-{kind}"'})


def routes() -> list[BaseRoute]:
    return [
        Route("/brieven", letters),
        Route("/brieven/{name:str}", letter, methods=["GET", "POST"]),
        Route("/brieven/{name:str}/voorbeeld", letter_preview, methods=["POST"]),
        Route("/brieven/{name:str}/samenvoegen", merge_upload, methods=["POST"]),
        Route("/taken/{id:str}", job_page, methods=["GET", "POST"]),
        Route("/taken/{id:str}/stand", job_state),
        Route("/taken/{id:str}/{file:str}", job_file),
    ]
