"""Turn an uploaded photo (JPEG or PNG bytes) into a clean JPEG: re-encoded, scaled down, no metadata.

Nothing of the original file is copied: the pixels are decoded and written again, so EXIF
(place, camera, date), XMP and ICC data, and anything hidden after the image, are gone.
"""

from __future__ import annotations

import io

from ..errors import InputError, Where
from ..texts import t

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a bigger image is refused before it is decoded (a "decompression bomb")
SIDE = 1200  # pixels of the longest side after scaling: enough for 50 mm at 600 dpi


def clean_photo(data: bytes, field: str = "foto", side: int = SIDE) -> bytes:
    """JPEG bytes of the photo in `data`, at most `side` pixels wide and high; InputError in Dutch for
    another type, a broken or huge file."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(data) > MAX_BYTES:
        raise InputError(t("documents.photo_too_big", mb=MAX_BYTES // (1024 * 1024)), Where(field=field))
    if not data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")):
        raise InputError(t("documents.photo_wrong_type"), Where(field=field))
    try:
        with Image.open(io.BytesIO(data), formats=["JPEG", "PNG"]) as image:
            image.verify()  # a cut-off file is refused even where WeasyPrint has set LOAD_TRUNCATED_IMAGES
        with Image.open(io.BytesIO(data), formats=["JPEG", "PNG"]) as image:
            if image.width * image.height > MAX_PIXELS:
                raise InputError(t("documents.photo_too_many_pixels"), Where(field=field))
            image.load()
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((side, side))
            rgb = upright.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise InputError(t("documents.photo_broken"), Where(field=field)) from None
    out = io.BytesIO()
    rgb.save(out, "JPEG", quality=85, optimize=True)  # no exif=, no icc_profile=: nothing carried over
    return out.getvalue()


def check_photo(value: str, field: str = "--photo") -> str:
    """The photo path `value`, checked when it is set rather than at every render; a Dutch error otherwise.

    Where it may be (inside the user's folder: `assets.photo_uri`, one answer for every path
    outside), that it is there, at most MAX_BYTES, and really a JPEG or PNG photo (decoded)
    or an SVG drawing. Used by `coaches add/edit --photo`; an upload is checked by `clean_photo`.
    """
    from pathlib import Path
    from urllib.parse import unquote, urlsplit

    from ..errors import ContentError, OutreachError
    from .assets import photo_uri

    value = (value or "").strip()
    if not value:
        return value
    path = Path(unquote(urlsplit(photo_uri(value, field)).path))
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(t("documents.photo_too_big", mb=MAX_BYTES // (1024 * 1024)), Where(field=field))
        data = path.read_bytes()
    except OSError:
        raise InputError(t("documents.photo_broken"), Where(field=field)) from None
    if data.lstrip()[:1] == b"<":  # a drawing, such as the built-in placeholder
        from ..pictograms.svg import check_svg

        try:
            check_svg(path)
        except (ContentError, OutreachError):
            raise InputError(t("documents.photo_broken"), Where(field=field)) from None
        return value
    clean_photo(data, field)  # decoded in full: a broken or disguised file is refused here
    return value
