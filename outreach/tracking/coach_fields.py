"""Turn a coach record into the plain field values letters, flyers and door cards print.

Documents never import tracking: the CLI (and later the web app) calls `document_values`
and passes the result to `outreach.documents` as ordinary values, so a coach's name, phone,
WhatsApp number and photo are typed once, in `outreach coaches add`.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from .. import fields
from ..errors import InputError, Where
from ..texts import t
from .service import find_coach


def document_values(session: Session, name: str, need_phone: bool = True) -> dict[str, str]:
    """coach_naam, coach_voornaam, coach_telefoon, coach_whatsapp, coach_foto and luister_coach of coach `name`.

    coach_whatsapp is the WhatsApp number, or the phone number when that is a mobile one;
    empty for a landline without WhatsApp (templates then say "Bel mij", not "Bel of app mij").
    Values that are not known are left out, so a --set value or the sample can fill them; but a
    coach without any number is a Dutch InputError when `need_phone` (the document prints it):
    a flyer must not go out with a made-up or empty number.
    """
    coach = find_coach(session, name)
    phone = coach.phone or coach.whatsapp or ""
    if need_phone and not phone:
        raise InputError(t("tracking.coach_no_phone", coach=coach.name), Where(field="coach_telefoon"),
                         hint="coach_phone", coach=coach.name)
    whatsapp = coach.whatsapp or (coach.phone if coach.phone and fields.is_mobile(coach.phone) else "")
    values = {"coach_naam": coach.name, "coach_voornaam": coach.first_name, "coach_telefoon": phone,
              "coach_whatsapp": whatsapp or "", "coach_foto": coach.photo or "",
              "luister_coach": coach.listen_key or ""}  # the coach's listen page (documents.qr)
    return {k: v for k, v in values.items() if v}
