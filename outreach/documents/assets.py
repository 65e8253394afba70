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
    """URI of a photo file inside the content folders; the neutral placeholder when empty.

    The value is a path: relative to the user's content folder (OUTREACH_CONTENT_DIR) or to
    the current folder, or absolute, and it must lie inside the user's content folder or the
    built-in folders. A URL (http:, file:, data:) or any other path is refused, so a CSV
    value never makes the PDF renderer fetch something else.
    """
    from .. import config
    from ..fetcher import allowed_path, inside_allowed

    value = (str(value) if value is not None else "").strip()
    if not value:
        return asset_uri(PLACEHOLDER_PHOTO)
    if ":" in value.split("/", 1)[0] and not Path(value).is_absolute():  # a URL or URI scheme
        raise FieldError(t("documents.photo_not_a_file"), Where(field=field))
    try:
        path = Path(value).expanduser()
    except RuntimeError:  # '~someone' who does not exist: outside the folder like any other path
        raise FieldError(t("documents.photo_outside"), Where(field=field)) from None
    root = config.get("OUTREACH_CONTENT_DIR")
    candidates = [path] if path.is_absolute() or not root else [Path(root).expanduser() / path, path]
    inside = [c for c in candidates if inside_allowed(c) is not None]
    if not inside:  # one answer for every path outside, whether a file is there or not
        raise FieldError(t("documents.photo_outside"), Where(field=field))
    for candidate in inside:
        real = allowed_path(candidate)
        if real is not None:
            return real.as_uri()
    raise FieldError(t("documents.photo_not_found", path=value[:80]), Where(field=field))


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
