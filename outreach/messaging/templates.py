"""Turn a message template name and values into the text and the Twilio Content fields.

Rendering goes through `outreach.documents` (the template contract: sandboxed Jinja,
StrictUndefined, Dutch filters such as `datum` and `tijd`). WhatsApp templates name their
approved Twilio Content template in front matter:

    content_sid = "HX..."
    [content_variables]        # Twilio's numbered variable -> a Jinja expression over the fields
    "1" = "voornaam"
    "2" = "datum|datum"

so the variables are filled with exactly the words the text shows.

Messages in the person's language (issue 20): an SMS goes in that language when an approved
translation exists (`translated`, the translation store of documents). Twilio approves each
Content template for one language, so a WhatsApp template names one per language:

    content_sid_ar = "HX..."     # the approved Arabic Content template (fa-AF: content_sid_fa_AF)

and without one the Dutch template goes. `Rendered.language` is the language sent in (None:
Dutch); `Rendered.language_missing` the wanted language that had no approved version.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import languages
from ..errors import ContentError, FieldError, InputError, NotFoundError, Where
from ..texts import t


@dataclass(frozen=True)
class Rendered:
    """A message text and, for WhatsApp, the approved Content template to send it with."""

    text: str
    kind: str
    content_sid: str | None = None
    content_variables: dict[str, str] | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    language: str | None = None  # None: Dutch
    language_missing: str | None = None  # the wanted language, when no approved version exists in it
    dutch_text: str = ""  # the Dutch text a translation stands for (what "vandaag" and the like are read from)
    version: int = 1  # the template version the text was made from (documents.Template.version)


def _template(name: str, variant: str) -> Any:
    from .. import documents

    try:
        return documents.load_template(name, variant)
    except NotFoundError:
        raise NotFoundError(t("messaging.unknown_template", name=name, variant=variant)) from None


def translated(session: Any, name: str, variant: str, lang: str) -> str | None:
    """The approved translation (plain body) of `name.variant` in `lang`, or None.

    The one seam to the translation store (documents.translations, issue 20): only an approved
    version that is not out of date is ever used.
    """
    from ..documents.translations import approved

    found = approved(session, name, lang, variant)
    return found.body if found is not None and found.body.strip() else None


def language_sid(front: Mapping[str, Any], lang: str) -> str | None:
    """The Content SID approved for `lang` (`content_sid_ar`, `content_sid_fa_AF`), or None."""
    sid = front.get("content_sid_" + lang.strip().replace("-", "_"))
    return sid if isinstance(sid, str) and sid.strip() else None


def meta(name: str, variant: str) -> dict[str, Any]:
    """The front matter of template `name.variant` (kind, title, fields, content_sid ...)."""
    return dict(_template(name, variant).meta)


def render(name: str, values: Mapping[str, object], variant: str, *, lang: str | None = None,
           body: str | None = None) -> Rendered:
    """Render `name.variant` with `values`; WhatsApp templates also give their Content variables.

    With `lang` (not Dutch) and `body` (its approved translation) the text is in that language;
    a WhatsApp message also needs the Content SID for `lang`. Otherwise the Dutch one goes and
    `language_missing` says which language was wanted.
    The template is loaded once, so the text, its Content variables and the version recorded
    with it (`Rendered.version`) all come from the same version.
    """
    from .. import documents

    template = _template(name, variant)
    front = dict(template.meta)
    try:
        text = documents.render_text(template, dict(values)).strip()
    except FieldError as exc:
        raise InputError(exc.message, exc.where) from None
    sid = front.get("content_sid")
    where = f"{name}.{variant}"
    kind = str(front.get("kind", variant))
    if lang and languages.needs_translation(lang):
        own_sid = language_sid(front, lang) if variant == "whatsapp" else None
        usable = own_sid is not None if variant == "whatsapp" else body is not None
        if not usable:
            variables = _content_variables(where, front.get("content_variables") or {}, values) if sid else None
            return Rendered(text, kind, sid, variables, front, None, lang, version=template.version)
        dutch = text
        if body is not None:
            from ..documents.bilingual import message_text

            try:
                text = message_text(template, body, values, lang).strip()
            except FieldError as exc:
                raise InputError(exc.message, exc.where) from None
        part = {"taal": lang, "richting": languages.direction(lang)}  # dates and times in figures
        variables = (_content_variables(where, front.get("content_variables") or {}, {**values, "vertaling": part})
                     if own_sid else None)
        if variables and part["richting"] == "rtl":  # each value left to right inside the right-to-left text
            from ..documents.filters import isolate_runs_text

            variables = {number: isolate_runs_text(value) for number, value in variables.items()}
        return Rendered(text, kind, own_sid, variables, front, lang, None, dutch, template.version)
    variables = _content_variables(where, front.get("content_variables") or {}, values) if sid else None
    return Rendered(text, kind, sid, variables, front, version=template.version)


def _content_variables(where: str, mapping: Mapping[str, str], values: Mapping[str, object]) -> dict[str, str]:
    import jinja2

    from ..documents.sandbox import TemplateLimit, plain
    from ..documents.templates import environment

    env = environment()
    safe_values = plain(values)  # plain data only: no object with methods reaches the expression
    out = {}
    for number, expression in mapping.items():
        try:
            out[str(number)] = str(env.from_string("{{ " + str(expression) + " }}").render(safe_values)).strip()
        except jinja2.UndefinedError:
            field = str(expression).split("|")[0].strip()
            raise InputError(t("messaging.missing_field", field=field, template=where), hint="set_value",
                             field=field) from None
        except TemplateLimit:
            raise ContentError(t("documents.template_too_big"), Where(file=where)) from None
        except jinja2.TemplateError as exc:
            raise ContentError(t("messaging.bad_template", file=where, error=str(exc))) from None
        except Exception as exc:  # noqa: BLE001 - whatever the expression raises: a Dutch error naming the template
            raise ContentError(t("messaging.bad_template", file=where, error=type(exc).__name__)) from None
    return out


def sample_values(name: str, variant: str) -> dict[str, Any]:
    """The made-up sample values from the template's [fields] table."""
    return dict(meta(name, variant).get("fields") or {})


def content_variables_json(variables: dict[str, str] | None) -> str | None:
    return json.dumps(variables, ensure_ascii=False, sort_keys=True) if variables is not None else None
