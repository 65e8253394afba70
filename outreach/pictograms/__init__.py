"""Turn pictogram names into SVG markup, data URIs, labels, alt texts and credit lines.

Public API (cheap to import; WeasyPrint loads only for the contact sheet):

    all() -> list[Pictogram]          every pictogram, sorted by name
    get(name) -> Pictogram            by name or alias; NotFoundError suggests close names
    search(word) -> list[Pictogram]   name, label, keywords, aliases; any case
    svg_markup(name) -> str           inline SVG, role="img", aria-label = alt, unique ids
    data_uri(name) -> str             data:image/svg+xml;base64,... for <img src>
    credits(names) -> list[str]       credit lines the sets of these pictograms require
    write_contact_sheet(path)         PDF of all pictograms with labels and credits

A Pictogram has name, label, alt, keywords, path, source (set name), credit,
credit_required and aliases. Folders: see `catalog`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from . import catalog
from .catalog import Pictogram, PictogramWarning, folders, get, search

__all__ = [
    "Pictogram", "PictogramWarning", "all", "credits", "data_uri", "folders", "get", "search",
    "svg_markup", "write_contact_sheet",
]


def all() -> list[Pictogram]:  # noqa: A001 - the name the documents API expects
    """Every pictogram (a user's own first when names clash), sorted by name."""
    return catalog.all_pictograms()


def svg_markup(name: str) -> str:
    """Inline-ready SVG of pictogram `name`: no XML declaration, unique ids, aria-label = alt."""
    from .svg import svg_markup as markup

    return markup(get(name))


def data_uri(name: str) -> str:
    """The pictogram as a base64 SVG data URI, for <img src=...>."""
    from .svg import data_uri as uri

    return uri(get(name))


def credits(names: Iterable[str] | None = None, *, required_only: bool = True) -> list[str]:
    """Credit lines the pictograms `names` require (all pictograms when None), once each."""
    return catalog.credits(names, required_only=required_only)


def write_contact_sheet(path: Path) -> Path:
    """Write a PDF of all pictograms with their labels and the credit lines; returns `path`."""
    from .sheet import write_contact_sheet as write

    return write(path)
