"""Turn an uploaded photo of a coach into a clean JPEG in the user's content folder and the coach's photo field.

Shared by the flyer studio and Beheer's coach page: the photo is checked and cleaned
(`documents.photos.clean_photo`) before anything is stored, written to
`<OUTREACH_CONTENT_DIR>/fotos/coach-<id>.jpg`, and the coach record points at it (audited).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from ..errors import InputError, Where
from ..texts import t

LIMIT = 5 * 1024 * 1024  # bytes of an uploaded photo (documents.photos.MAX_BYTES)


def check(data: bytes) -> bytes:
    """The cleaned JPEG, or a Dutch InputError; nothing is stored yet."""
    from .. import config
    from ..documents.photos import clean_photo

    if not config.get("OUTREACH_CONTENT_DIR"):
        raise InputError(t("web.photo_needs_content_dir"), Where(field="foto"))
    return clean_photo(data)


def store(session: Session, who: str, coach_name: str, clean: bytes) -> None:
    """Write the cleaned photo of coach `coach_name` and point the coach record at it."""
    from .. import config
    from ..privatefiles import make_dir
    from ..tracking import edit_coach, find_coach
    from ..tracking.service import Actor

    found = find_coach(session, coach_name)
    folder = make_dir(Path(config.get("OUTREACH_CONTENT_DIR")).expanduser() / "fotos")
    (folder / f"coach-{found.id}.jpg").write_bytes(clean)
    edit_coach(session, Actor(who[:100]), found.name, photo=f"fotos/coach-{found.id}.jpg")
