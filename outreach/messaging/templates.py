"""Turn a message template name and values into the text and the Twilio Content fields.

Rendering goes through `outreach.documents` (the template contract: sandboxed Jinja,
StrictUndefined, Dutch filters such as `datum` and `tijd`). WhatsApp templates name their
approved Twilio Content template in front matter:

    content_sid = "HX..."
    [content_variables]        # Twilio's numbered variable -> a Jinja expression over the fields
    "1" = "voornaam"
    "2" = "datum|datum"

so the variables are filled with exactly the words the text shows.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

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
    version: int = 1  # the template version the text was made from (documents.Template.version)


def _template(name: str, variant: str) -> Any:
    from .. import documents

    try:
        return documents.load_template(name, variant)
    except NotFoundError:
        raise NotFoundError(t("messaging.unknown_template", name=name, variant=variant)) from None


def meta(name: str, variant: str) -> dict[str, Any]:
    """The front matter of template `name.variant` (kind, title, fields, content_sid ...)."""
    return dict(_template(name, variant).meta)


def render(name: str, values: Mapping[str, object], variant: str) -> Rendered:
    """Render `name.variant` with `values`; WhatsApp templates also give their Content variables.

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
    variables = _content_variables(f"{name}.{variant}", front.get("content_variables") or {}, values) if sid else None
    return Rendered(text, str(front.get("kind", variant)), sid, variables, front, template.version)


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
