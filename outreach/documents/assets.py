"""Turn pictogram names, photo paths and built-in files into what an HTML template embeds.

`{{ pictogram("telefoon") }}` gives an <img> with the SVG as data URI and its alt text (so
the tagged PDF carries the alt text); `{{ pictogram_credits() }}` gives the credit lines the
pictograms used so far require; `{{ asset("img/coach.svg") }}` gives the URI of a file in
the templates folders (the user's own first).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import content
from ..errors import ContentError, FieldError, NotFoundError, Where
from ..texts import t

PLACEHOLDER_PHOTO = "img/coach.svg"


def asset_uri(relative: str) -> str:
    """file:// URI of a file under the templates folders, e.g. 'img/coach.svg'."""
    found = content.find("templates", relative)
    if found is None:
        raise ContentError(t("documents.asset_not_found", name=relative))
    return found.resolve().as_uri()


def photo_uri(value: str, field: str = "coach_foto") -> str:
    """URI of a photo given as a path (or URI); the neutral placeholder when empty."""
    value = (value or "").strip()
    if not value:
        return asset_uri(PLACEHOLDER_PHOTO)
    if value.startswith(("file:", "data:", "http:", "https:")):
        return value
    path = Path(value).expanduser()
    if not path.is_file():
        raise FieldError(t("documents.photo_not_found", path=value), Where(field=field))
    return path.resolve().as_uri()


def pictogram_function(used: list[str]) -> Callable[..., Any]:
    """A template helper that embeds a pictogram and remembers its name for the credits."""
    from markupsafe import Markup, escape

    def pictogram(name: str, css_class: str = "picto", alt: str | None = None) -> Markup:
        from .. import pictograms

        try:
            item = pictograms.get(name)
        except NotFoundError:
            raise ContentError(t("documents.pictogram_not_found", name=name)) from None
        uri, text = pictograms.data_uri(name), item.alt
        if name not in used:
            used.append(name)
        alt_text = text if alt is None else alt
        role = "" if alt_text else ' role="presentation"'
        return Markup(f'<img class="{escape(css_class)}" src="{escape(uri)}" alt="{escape(alt_text)}"{role}>')

    return pictogram


def credits(names: list[str]) -> str:
    """The credit line(s) that the pictograms `names` require, joined; empty if none."""
    from .. import pictograms

    return " ".join(pictograms.credits(names)) if names else ""
