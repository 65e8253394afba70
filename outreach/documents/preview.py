"""Turn a rendered PDF into a PNG image of its first page, and filled-in values into their readability report.

The web studio shows these beside its forms: the PDF is made by `render` as always, and
poppler's `pdftoppm` draws the page (Debian package poppler-utils; a clear Dutch error when
it is missing). The report checks the text as the reader gets it, with these values.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..texts import t
from .templates import Template, html_to_text, known_words

MAX_WIDTH = 1600  # pixels
PREVIEW_WIDTH = 560  # pixels of the web studio's preview: sharp enough beside the form, small enough to come back fast


def page_image(pdf: bytes, width: int = 600) -> bytes:
    """PNG bytes of the first page of `pdf`, `width` pixels wide."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise InputError(t("documents.no_pdftoppm", tool="pdftoppm", package="poppler-utils"))
    width = max(50, min(MAX_WIDTH, int(width)))
    with tempfile.TemporaryDirectory(prefix="outreach-preview-") as folder:  # 0700, gone afterwards
        target = Path(folder) / "page"
        try:
            done = subprocess.run([tool, "-png", "-singlefile", "-f", "1", "-l", "1", "-scale-to", str(width), "-",
                                   str(target)], input=pdf, capture_output=True, timeout=30, check=False)
            image = target.with_suffix(".png").read_bytes() if done.returncode == 0 else b""
        except (OSError, subprocess.TimeoutExpired):
            image = b""
    if not image.startswith(b"\x89PNG"):
        raise InputError(t("documents.preview_failed"))
    return image


def preview_parts(template: Template, values: Mapping[str, Any], print_marks: bool = False) -> dict[str, Any]:
    """{image: PNG of the first page, report: readability report} for `values`; FieldError and the like as they come.

    What the web studio's live preview shows; it runs in a render worker (`documents.worker`).
    """
    from .rendering import one_error, render, validate

    clean, problems = validate(template, values)
    if problems:
        raise one_error(problems)
    pdf = render(template, clean, print_marks=print_marks)
    return {"image": page_image(pdf if isinstance(pdf, bytes) else b"", PREVIEW_WIDTH),
            "report": values_report(template, clean)}


def values_report(template: Template, values: Mapping[str, Any]) -> Any:
    """The readability report of the template's text filled in with `values` (checked values)."""
    from ..readability import check
    from .rendering import render_html

    if template.variant == "html":
        text = html_to_text(render_html(template, values), skip_unchecked=True)
    else:
        from .templates import render_source

        text = render_source(template, values)
    return check(text, level=template.level, kind=template.kind,
                 known_words=known_words(values) + tuple(template.meta.get("known_words", ())))
