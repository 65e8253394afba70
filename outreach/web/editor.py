"""Turn a template edited in the browser into a checked, saved template or a draft, with live readability highlights.

Only for the role communicatie. A template in the plain format (documents/plain.py) is edited as
its plain body only: the front matter (kind, fields, layout) stays as it is, the template's
fields are listed beside the text under their Dutch labels (click to insert), a new text field
can be declared with a label, and a problem is named with its line in the body. The preview is
the letter's HTML in its house style (or the message with its SMS parts and cost). The checks, saving and drafts are `documents.drafts`' (a CLI
could call the same): each save is a numbered version in the database, in the same
transaction as its audit entry; a template that fails its level becomes a draft that real
letters do not use until another user, a literacy adviser, approves it.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .. import clock, db
from ..errors import InputError, NotFoundError, OutreachError, Where
from ..texts import t
from .render import Refusal, error_text, page
from .views import Form, url, view

MAX_HISTORY = 10  # versions listed under the editor
# A plain template up to this many characters is checked in the server's thread (the live preview's
# 300 ms): its Jinja is made by documents/plain.py (no loops, no code of the user) and the house
# style is the developers'. Hand-written Jinja and longer texts run in a render worker (documents.worker).
IN_SERVER_MAX = 20_000


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


_KEEP = {"p", "h1", "h2", "h3", "ul", "ol", "li", "strong", "em", "b", "i", "br", "div", "span", "address", "header",
         "main", "img", "section", "footer", "figure", "figcaption"}
_VOID = {"br", "img"}
# in the page the letter sits under the preview's own h2, and the app's header and main are the page's:
_AS = {"header": "div", "main": "div", "footer": "div", "section": "div", "address": "div", "h1": "p", "h2": "h3",
       "h3": "h4"}


class _Cleaner(HTMLParser):
    """The preview's HTML with only the house style's plain elements: no script, style, link, event or URL but images'."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "title", "svg", "template"):
            self.hidden += 1
        if tag not in _KEEP or self.hidden:
            return
        kept = [(k, v or "") for k, v in attrs if k in ("class", "alt")
                or (k == "src" and tag == "img" and (v or "").startswith("data:image/"))]
        if tag == "img" and not any(k == "src" for k, _ in kept):
            return  # a photo from a file on the server: the preview shows none rather than a broken one
        self.out.append(f"<{_AS.get(tag, tag)}" + "".join(f' {k}="{html.escape(v)}"' for k, v in kept) + ">")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title", "svg", "template"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in _KEEP and tag not in _VOID and not self.hidden:
            self.out.append(f"</{_AS.get(tag, tag)}>")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.out.append(html.escape(data, quote=False))


def clean_html(markup: str) -> str:
    """`markup` with only plain elements, classes, alt texts and data: images kept (the preview shown in the page)."""
    cleaner = _Cleaner()
    cleaner.feed(markup[:2_000_000])
    cleaner.close()
    return "".join(cleaner.out)


def preview(checked: Any) -> dict[str, str]:
    """The preview of a checked source: the letter's HTML body (house style), or the message with its parts and cost."""
    rendered = getattr(checked, "rendered", "") or ""
    if checked.template.variant == "html":
        start = rendered.find(">", rendered.find("<body")) + 1
        end = rendered.rfind("</body>")
        return {"preview": clean_html(rendered[start:end if end >= 0 else len(rendered)]) if start > 0 else ""}
    text = rendered.strip()
    if checked.template.variant == "sms":
        from ..messaging.segments import sms_segments

        parts = sms_segments(text)
        return {"message": text, "parts": t("messaging.cli.cost", count=parts.count, encoding=parts.encoding,
                                             units=parts.units)}
    return {"message": text, "parts": t("web.plain_editor.whatsapp_message")}


def result(checked: Any) -> dict[str, Any]:
    """What the page shows of a checked source: verdict, highlighted text, findings and the preview."""
    level = checked.template.level
    return {**preview(checked),"verdict": {"class": f"verdict-{checked.report.verdict}",
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

    if len(source) <= IN_SERVER_MAX and drafts.plain_parts(source) is not None:
        return result(drafts.check(name, variant, source))  # Jinja made by plain.py: no loops, bounded by the text
    return result(offloaded(request, drafts.check, name, variant, source))


def _target(request: Request) -> tuple[str, str]:
    from ..documents.drafts import filename

    name, variant = request.path_params["name"][:90], request.path_params["variant"][:20]
    try:
        filename(name, variant)
    except NotFoundError:
        raise Refusal(404, t("web.not_found_page")) from None
    return name, variant


def field_list(source: str, variant: str) -> list[tuple[str, str]]:
    """(name, Dutch label) of every field staff may put in the text of a plain template, in the form's order."""
    from ..documents import fieldspec, plain
    from ..documents.templates import parse_front_matter

    try:
        meta = parse_front_matter(source, "-")[0]
        specs = fieldspec.parse(meta, {*meta.get("fields", {}), *meta.get("optional", {}), *meta.get("choices", {})}, "-")
    except OutreachError:
        return []
    listed = [(spec.name, spec.label) for spec in specs if spec.kind != "photo"]
    listed += [(name, t(derived.label)) for name, derived in plain.DERIVED.items()
               if not (derived.html_only and variant != "html")]
    return listed


def full_source(request: Request, name: str, variant: str, form: Form) -> tuple[str, tuple[str, str] | None]:
    """(the source to check or save, (front matter, body) when the template is plain) from the editor's form.

    For a plain template the form holds only the body: the front matter is the stored one with
    the fields declared on the page (`declared`) added. A posted source that starts with a front
    matter is a whole template (hand-written Jinja keeps working) and is taken as it is.
    """
    from ..documents import drafts

    typed = form.get("bron", "")
    if typed.lstrip().startswith("{#---"):  # a whole template with its front matter (a developer's): as it is
        return typed, drafts.plain_parts(typed)
    with db.session(url(request)) as s:
        parts = drafts.plain_parts(drafts.editable_source(s, name, variant))
    if parts is None:
        return typed, None
    front = parts[0]
    for field, label in declared(form):
        front = drafts.declare_field(front, field, label)
    if "onderwerp" in form and variant == "html":  # a letter's subject line: the one front matter value staff write
        front = drafts.set_subject(front, form["onderwerp"])
    return front + typed.replace("\r\n", "\n"), (front, typed)


def _title(source: str, name: str) -> str:
    """The template's title (its front matter's `title`) for the page heading; the name when it has none."""
    from ..documents.templates import parse_front_matter

    try:
        return str(parse_front_matter(source, "-")[0].get("title") or name)[:120]
    except OutreachError:
        return name


def _subject(source: str, parts: tuple[str, str] | None) -> str | None:
    """The subject line of a plain letter (shown above its text), else None."""
    from ..documents.templates import parse_front_matter

    if parts is None:
        return None
    try:
        meta = parse_front_matter(source, "-")[0]
    except OutreachError:
        return None
    return str(meta.get("subject", "")) if meta.get("layout") == "brief" else None


def _body_line(exc: OutreachError, front: str | None) -> OutreachError:
    """`exc` with its line counted in the body staff see, not in the file with its front matter."""
    where = getattr(exc, "where", None)
    if front is not None and where is not None and where.line is not None:
        line = where.line - front.count("\n")
        exc.where = Where(file=where.file, line=line if line > 0 else None, field=where.field)
    return exc


def _page(request: Request, name: str, variant: str, source: str, status_code: int = 200,
          error: str | None = None, saved: str | None = None, version_note: str = "",
          added: list[tuple[str, str]] | None = None) -> Response:
    from ..documents import drafts, versions
    from .reviews import returned_note

    checked = None
    parts = drafts.plain_parts(source)
    if error is None:
        try:
            checked = checked_result(request, name, variant, source)
        except OutreachError as exc:
            error = error_text(_body_line(exc, parts[0] if parts else None))
    with db.session(url(request)) as s:
        note = returned_note(s, name, variant, source)
        is_draft = drafts.draft_source(s, name, variant) is not None
        history = versions.history(s, name, variant)[:MAX_HISTORY]
    return page(request, "bewerken", status_code=status_code, name=name, variant=variant, title=_title(source, name),
                source=parts[1] if parts else source, plain=parts is not None, subject=_subject(source, parts),
                fields=field_list(source, variant) if parts else [], added=added or [],
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

    added = declared(form)
    if form.get("actie") == "veld":  # declare a new text field: checked now, stored with the next save
        label = " ".join(form.get("nieuw_label", "").split())[:200]  # one line in `velden`
        added.append((form.get("nieuw_naam", "").strip()[:60], label))
    try:
        source, parts = full_source(request, name, variant, _with_fields(form, added))
    except OutreachError as exc:  # the new field (or a declaration changed by hand): shown without it
        added = added[:-1] if form.get("actie") == "veld" else []
        try:
            source, parts = full_source(request, name, variant, _with_fields(form, added))
        except OutreachError:
            added = []
            source, parts = full_source(request, name, variant, _with_fields(form, added))
        return _page(request, name, variant, source, status_code=400, error=error_text(exc), added=added)
    if form.get("actie") != "opslaan":
        return _page(request, name, variant, source, added=added)
    user = request.state.user
    try:
        checked_result(request, name, variant, source)  # under the web's time limit before it is stored
        with db.session(url(request)) as s:  # the version and its audit entry: one transaction
            state, _ = drafts.save(s, name, variant, source, user.account_id, user.name,
                                   form.get("versie_notitie", ""))
            record_save(s, user.actor_name, name, variant, state)
    except OutreachError as exc:  # nothing stored changed
        return _page(request, name, variant, source, status_code=400,
                     error=error_text(_body_line(exc, parts[0] if parts else None)),
                     version_note=form.get("versie_notitie", "")[:2000], added=added)
    return RedirectResponse(f"/sjablonen/{name}/{variant}/bewerken?{state}=1", status_code=303)


@view(role="communicatie")
def live_check(request: Request, form: Form) -> Response:
    """The findings of the text as it is typed (JSON for studio.js); stores nothing."""
    name, variant = _target(request)
    parts = None
    try:
        source, parts = full_source(request, name, variant, form)
        return JSONResponse(checked_result(request, name, variant, source))
    except OutreachError as exc:
        return JSONResponse({"error": error_text(_body_line(exc, parts[0] if parts else None))}, status_code=400)



def declared(form: Form) -> list[tuple[str, str]]:
    """The new fields declared on the page: the hidden `velden`, one `naam: label` a line (at most 20)."""
    pairs = [line.partition(":") for line in form.get("velden", "").splitlines()[:20]]
    return [(name.strip()[:60], label.strip()[:200]) for name, _, label in pairs if name.strip()]


def _with_fields(form: Form, added: list[tuple[str, str]]) -> Form:
    return {**form, "velden": "\n".join(f"{name}: {label}" for name, label in added)}


@view(role="communicatie", upload=2 * 1024 * 1024)
def word(request: Request, form: Form) -> Response:
    """A Word letter uploaded on the editor page: its text in the editor (not saved), its new merge fields declared."""
    from ..documents import drafts, wordimport
    from .views import uploaded

    name, variant = _target(request)
    with db.session(url(request)) as s:
        current = drafts.editable_source(s, name, variant)
    parts = drafts.plain_parts(current)
    if parts is None or variant != "html":
        raise Refusal(404, t("web.not_found_page"))
    try:
        file = uploaded(request, "word")
        if file is None or not file.data:
            raise InputError(t("documents.word.no_file"))
        imported = wordimport.from_docx(file.data)
    except OutreachError as exc:
        return _page(request, name, variant, current, status_code=400, error=error_text(exc))
    known = {field for field, _ in field_list(current, variant)}
    added = [(field, field.replace("_", " ").capitalize()) for field in imported.fields if field not in known][:20]
    front = parts[0]
    for field, label in added:
        front = drafts.declare_field(front, field, label)
    return _page(request, name, variant, front + imported.body, added=added)


def routes() -> list[BaseRoute]:
    return [Route("/sjablonen/{name:str}/{variant:str}/bewerken", edit, methods=["GET", "POST"]),
            Route("/sjablonen/{name:str}/{variant:str}/word", word, methods=["POST"]),
            Route("/sjablonen/{name:str}/{variant:str}/controleren", live_check, methods=["POST"])]
