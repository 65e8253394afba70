"""Turn a template, one person's values and an approved translation into one document in two languages.

A letter is the Dutch letter complete, then the same letter complete in the person's language
on a new page (as GOV.UK Notify prints Welsh and English letters). A flyer has its Dutch side
and its own-language side: front and back (`layout="voor-achter"`), or side by side on one A4
landscape sheet for a folded flyer (`layout="gevouwen"`, each side A5). The pictogram lines are
the same on both sides: only the words beside them change.

The translation is a plain body (documents.plain, one block per blank line):
    letter: `# onderwerp`, then paragraphs, `# kopjes`, `* ` items, `**vet**` and ((velden))
    flyer:  `# titel`, the line under it, one `* ` item per pictogram line, and optionally the
            words above the meeting places
Fields get the Dutch part's values: dates and times in figures ('8-12-2026', '14.30'), and in a
right-to-left language every number, date, postcode and Latin-script name is isolated left to
right, in the skeleton's text too (filters.isolate_html). The PDF carries /Lang per
part (pdflang), so a screen reader switches voice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from ..errors import ContentError, FieldError, Where
from .. import languages
from ..texts import t
from . import filters, plain
from .templates import Template, load_template, render_source

Layout = Literal["voor-achter", "gevouwen"]
LAYOUTS = ("voor-achter", "gevouwen")
_LANG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z]{2,4})?")
_FIELD = re.compile(r"\(\(\s*([a-z][a-z0-9_]*)\s*(?:\?\?(.*?))?\)\)", re.S)
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
MAX_BODY = 50_000  # characters of a translated body


def check_language(lang: str) -> str:
    """`lang` when it is a language code (ar, ti, fa-AF); ContentError otherwise."""
    if not isinstance(lang, str) or not _LANG.fullmatch(lang.strip()):
        raise ContentError(t("documents.bilingual.bad_language", lang=str(lang)[:20]))
    return lang.strip()


def _derived(name: str, values: Mapping[str, Any]) -> str:
    """A house-style field (plain.DERIVED: 'bel mij op ...' in Dutch) in a translated part: the coach's numbers only."""
    phone = filters.telefoon(values.get("coach_telefoon") or "") if values.get("coach_telefoon") else ""
    if name == "coach_mobiel":
        return phone if filters.mobiel(values.get("coach_telefoon")) else ""
    app = filters.telefoon(values.get("coach_whatsapp")) if values.get("coach_whatsapp") else ""
    return f"{phone} / {app}" if app and app != phone else str(phone)


def _value(template: Template, values: Mapping[str, Any], name: str) -> Any:
    """A field's value, or the template's default for an optional field (as the Dutch part has it)."""
    value = values.get(name)
    return template.optional.get(name) if value in (None, "") else value


def field_text(template: Template, name: str, value: Any, values: Mapping[str, Any] | None = None) -> str:
    """A field's value as a translated part prints it, by its kind: dates and times in figures."""
    if name in plain.DERIVED:
        return _derived(name, values or {})
    kinds = {spec.name: spec.kind for spec in template.field_specs}
    kind = kinds.get(name, "text")
    if value in (None, ""):
        return ""
    if kind == "date":
        return filters.datum_cijfers(value)
    if kind == "time":
        return filters.tijd_cijfers(value)
    if kind == "phone" or (kind in ("coach", "organisation") and ("telefoon" in name or "whatsapp" in name)):
        return filters.telefoon(value)
    return str(value)


def inline(template: Template, text: str, values: Mapping[str, Any], rtl: bool = False) -> Any:
    """One block's text as HTML: escaped, **vet** bold, ((veld)) and ((veld??tekst)) filled in.

    In right-to-left text (`rtl`) a value is isolated as one piece ('mevrouw F. El Amrani').
    """
    from markupsafe import Markup, escape

    known = {*template.fields, *template.optional, *template.choices, *plain.DERIVED}
    out: list[str] = []
    position = 0
    for match in _FIELD.finditer(text):
        name, shown = match.group(1), match.group(2)
        if name not in known:
            raise FieldError(t("documents.bilingual.unknown_field", field=name), Where(file=template.filename, field=name))
        out.append(_bold(escape(text[position:match.start()])))
        if shown is None:
            value = field_text(template, name, _value(template, values, name), values)
            out.append(str(filters.isolate_runs(value) if rtl else escape(value)))  # a value as one piece
        elif _value(template, values, name) not in (None, ""):
            out.append(_bold(escape(shown)))
        position = match.end()
    out.append(_bold(escape(text[position:])))
    return Markup("".join(out))


def message_text(template: Template, body: str, values: Mapping[str, Any], lang: str) -> str:
    """A translated SMS or WhatsApp text: ((velden)) filled in as in `inline`, no HTML.

    In a right-to-left language each number, date and Latin-script run is isolated left to
    right with U+2066 and U+2069 (a phone shows '06 12 34 56 78' in order inside Arabic).
    """
    known = {*template.fields, *template.optional, *template.choices, *plain.DERIVED}
    rtl = languages.direction(lang) == "rtl"

    def isolate(part: str) -> str:
        return filters.isolate_runs_text(part) if rtl and part.strip() else part

    out: list[str] = []
    position = 0
    text = " ".join(body[:MAX_BODY].split())
    for match in _FIELD.finditer(text):
        name, shown = match.group(1), match.group(2)
        if name not in known:
            raise FieldError(t("documents.bilingual.unknown_field", field=name), Where(file=template.filename, field=name))
        out.append(isolate(text[position:match.start()]))
        if shown is None:
            out.append(isolate(field_text(template, name, _value(template, values, name), values)))  # a value as one piece
        elif _value(template, values, name) not in (None, ""):
            out.append(isolate(shown))
        position = match.end()
    out.append(isolate(text[position:]))
    return "".join(out).replace("**", "")


def _bold(escaped: Any) -> str:
    return _BOLD.sub(r"<strong>\1</strong>", str(escaped))


def _kinds_of_blocks(body: str) -> list[tuple[str, str]]:
    """(mark, text) per block or line: '#' heading, '*' item, '---' page break, '' paragraph."""
    found: list[tuple[str, str]] = []
    for block in plain.blocks(body[:MAX_BODY]):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if block.strip() == "---":
            found.append(("---", ""))
        elif all(line.startswith(("* ", "- ")) for line in lines):
            found.extend(("*", line[2:].strip()) for line in lines)
        elif block.startswith("#"):
            found.append(("#", block.lstrip("#").strip()))
        else:
            found.append(("", " ".join(line.lstrip("^ ").strip() if line.startswith("^ ") else line for line in lines)))
    return found


def letter_part(template: Template, body: str, values: Mapping[str, Any], rtl: bool) -> dict[str, Any]:
    """`onderwerp` and `tekst` (HTML) of a translated letter."""
    from markupsafe import Markup

    blocks = _kinds_of_blocks(body)
    if not blocks or blocks[0][0] != "#":
        raise ContentError(t("documents.bilingual.no_title"), Where(file=template.filename))
    html: list[str] = []
    items: list[str] = []
    for mark, text in blocks[1:] + [("end", "")]:
        if mark != "*" and items:
            html.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
            items = []
        rendered = str(inline(template, text, values, rtl))
        if mark == "*":
            items.append(rendered)
        elif mark == "#":
            html.append(f"<h2>{rendered}</h2>")
        elif mark == "---":
            html.append('<div style="break-before: page"></div>')
        elif mark == "":
            html.append(f"<p>{rendered}</p>")
    return {"onderwerp": inline(template, blocks[0][1], values, rtl), "tekst": Markup("\n".join(html))}


def flyer_part(template: Template, body: str, values: Mapping[str, Any], rtl: bool) -> dict[str, Any]:
    """`titel`, `ondertitel`, `regels` (one per pictogram line) and `plekken` of a translated flyer."""
    blocks = _kinds_of_blocks(body)
    if not blocks or blocks[0][0] != "#":
        raise ContentError(t("documents.bilingual.no_title"), Where(file=template.filename))
    lines = [inline(template, text, values, rtl) for mark, text in blocks if mark == "*"]
    needed = len(template.meta.get("regels", {}).get("teksten", [])) or 5
    if len(lines) != needed:
        raise ContentError(t("documents.bilingual.flyer_lines", found=len(lines), needed=needed),
                           Where(file=template.filename))
    others = [inline(template, text, values, rtl) for mark, text in blocks[1:] if mark == ""]
    return {"titel": inline(template, blocks[0][1], values, rtl), "regels": lines,
            "ondertitel": others[0] if others else "", "plekken": others[1] if len(others) > 1 else ""}


def part(template: Template, lang: str, body: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The `vertaling` a template renders its translated part with: taal, richting and the texts."""
    rtl = languages.direction(lang) == "rtl"
    texts = (flyer_part if template.kind == "flyer" else letter_part)(template, body, values, rtl)
    return {"taal": lang, "richting": languages.direction(lang), **texts}


def render_html_parts(template: Template, values: Mapping[str, Any], lang: str, translated_body: str, *,
                      level_override: bool = False) -> tuple[str, str]:
    """(Dutch HTML, HTML in `lang`) of one person, values checked as for a Dutch document."""
    from .rendering import check_level, failed, one_error, render_html, validate

    lang = check_language(lang)
    clean, problems = validate(template, values)
    if problems:
        raise one_error(problems)
    overridden = level_override and failed(check_level(template, override=level_override))
    return render_html(template, clean, level_override=overridden), own_html(template, clean, lang, translated_body)


def own_html(template: Template, clean: Mapping[str, Any], lang: str, translated_body: str) -> str:
    """The HTML of the part in `lang` for checked values `clean` (the mail merge checks them once)."""
    own = render_source(template, clean, vertaling=part(template, lang, translated_body, clean))
    if languages.direction(lang) == "rtl":
        own = filters.isolate_html(own)  # numbers, dates, postcodes and Latin names left to right
    return own


def render_bilingual(template: str | Template, values: Mapping[str, Any], lang: str, translated_body: str, *,
                     format: Literal["pdf", "html"] = "pdf", layout: Layout = "voor-achter",
                     level_override: bool = False) -> bytes | str:
    """One person's document in Dutch and in `lang`: PDF bytes, or (format="html") the HTML of both parts.

    `translated_body` is the approved translation's plain body (translations.approved). Raises
    FieldError for a missing or invalid value or an unknown field in the translation,
    ContentError for a translation that does not fit the template or a missing font.
    """
    from . import pdf

    if isinstance(template, str):
        template = load_template(template)
    if layout not in LAYOUTS:
        raise ContentError(t("documents.bilingual.bad_layout", layout=str(layout)[:20]))
    dutch, own = render_html_parts(template, values, lang, translated_body, level_override=level_override)
    folded = template.kind == "flyer" and layout == "gevouwen"
    if format == "html":  # one page that stands on its own, both parts in it
        from .htmlout import standalone

        return standalone(template, joined_html(dutch, own, lang, folded=folded))
    pdf.check_font(lang)
    if folded:
        return pdf.write([pdf.document(joined_html(dutch, own, lang, folded=True), template)]) or b""
    return pdf.write([pdf.document(dutch, template), pdf.document(own, template)]) or b""


def check_fit(template: str | Template, lang: str, translated_body: str) -> None:
    """Lay out the part in `lang` with the template's sample values: InputError when a flyer's side
    does not fit its page, FieldError or ContentError when the translation does not fit the template.

    For the translation import (documents.translations): "length within what the layout holds".
    """
    from . import pdf
    from .rendering import one_error, validate

    if isinstance(template, str):
        template = load_template(template)
    clean, problems = validate(template, template.fields)
    if problems:  # pragma: no cover - a template's own samples are checked when it is saved
        raise one_error(problems)
    pdf.check_font(check_language(lang))
    pdf.document(own_html(template, clean, lang, translated_body), template)


_BODY = re.compile(r"<body([^>]*)>(.*)</body>", re.S)


def joined_html(dutch: str, own: str, lang: str, *, folded: bool = False) -> str:
    """One HTML document with the Dutch part and the part in `lang`, each in its own <article>.

    `folded`: a flyer's two sides on one A4 landscape page (Dutch left); otherwise the part in
    `lang` starts on a new page.
    """
    from markupsafe import escape

    dutch_body, own_body = _BODY.search(dutch), _BODY.search(own)
    if dutch_body is None or own_body is None:  # the house skeleton always has a body
        raise ContentError(t("documents.template_failed", error="body"))
    rtl = ' dir="rtl"' if languages.direction(lang) == "rtl" else ""
    body_class = "flyer a5 gevouwen" if folded else escape(dutch_body.group(1).partition('class="')[2].partition('"')[0])
    own_class = "kant" if folded else 'kant" style="break-before: page'
    sides = (f'<body class="{body_class}"><article class="kant" lang="nl">{dutch_body.group(2)}</article>'
             f'<article class="{own_class}" lang="{escape(lang)}"{rtl}>{own_body.group(2)}</article></body>')
    return dutch[:dutch_body.start()] + sides + dutch[dutch_body.end():]
