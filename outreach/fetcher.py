"""Turn a URL that WeasyPrint asks for into bytes, from our own content folders only.

Templates and CSV values may be hostile: a photo field or a `<link rel="attachment">` may name
`http://127.0.0.1/...` or `file:///etc/...`. WeasyPrint fetches every stylesheet, font, image
and attachment through `fetch`, which serves `data:` URIs and files inside the allowed
folders (the templates and pictograms folders, built-in and the user's, and the user's
content folder with its photos) and refuses everything else: no network, no other paths,
no '..', no symbolic link that points out of the folder.
"""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from . import config, content


class Refused(ValueError):
    """A URL outside the allowed folders; WeasyPrint leaves the resource out."""


def allowed_folders() -> list[Path]:
    """The folders documents may read files from, resolved."""
    folders = [*content.search_path("templates"), *content.search_path("pictograms")]
    root = config.get("OUTREACH_CONTENT_DIR")
    if root:
        folders.append(Path(root).expanduser())
    folders += [Path(p).expanduser() for p in (config.get("OUTREACH_PICTOGRAM_DIRS") or "").split(":") if p.strip()]
    return [Path(os.path.realpath(f)) for f in folders]


def inside_allowed(path: Path) -> Path | None:
    """The real path of `path` if it lies inside an allowed folder, whether or not it exists; else None.

    Asks nothing about files outside those folders, so the answer for '/etc/shadow' and for
    '/nope.jpg' is the same (no oracle of which files exist on the server).
    """
    if ".." in path.parts or "\x00" in str(path):
        return None
    try:
        real = Path(os.path.realpath(path))
    except (OSError, ValueError):
        return None
    return real if any(real.is_relative_to(folder) for folder in allowed_folders()) else None


def allowed_path(path: Path) -> Path | None:
    """The real path of `path` if it is a file inside an allowed folder, else None."""
    real = inside_allowed(path)
    try:
        return real if real is not None and real.is_file() else None
    except (OSError, ValueError):  # a name too long for the file system, say
        return None


def _check_file_url(url: str) -> Path:
    """The real path behind a file: URL inside the allowed folders; Refused otherwise."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise Refused("only local files")
    raw = unquote(parts.path)
    if ".." in Path(raw).parts:
        raise Refused("no '..' in paths")
    real = allowed_path(Path(raw))
    if real is None:
        raise Refused("only files from the content folders")
    return real


_FETCHER: list[Any] = []


def fetcher() -> Any:
    """The url_fetcher for WeasyPrint: data: URIs and files in the allowed folders, nothing else."""
    if not _FETCHER:
        from weasyprint.urls import URLFetcher, URLFetcherResponse

        class ContentFetcher(URLFetcher):  # type: ignore[misc]
            def fetch(self, url: str, headers: Any = None) -> Any:
                scheme = url.split(":", 1)[0].lower() if ":" in url else ""
                if scheme == "data":
                    return super().fetch(url, headers)
                if scheme != "file":
                    raise Refused("only files from the content folders")
                real = _check_file_url(url)
                mime, _ = mimetypes.guess_type(real.name)
                return URLFetcherResponse(real.as_uri(), real.read_bytes(),
                                          {"Content-Type": mime or "application/octet-stream"})

        _FETCHER.append(ContentFetcher(allowed_protocols=("data", "file"), allow_redirects=False))
    return _FETCHER[0]
