"""Turn raw field values (ISO dates, times, E.164 numbers, amounts) into Dutch text for templates.

The filters are what communication staff write in a template: `{{ afspraak_datum|datum }}`
gives "dinsdag 8 december", `{{ afspraak_tijd|tijd }}` gives "14.30 uur",
`{{ coach_telefoon|telefoon }}` gives "06 12 34 56 78" and `{{ 12.5|bedrag }}` gives "€ 12,50".
Values may be real objects or the strings a CSV file holds. A value that cannot be read
raises ContentError naming the filter and the value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from .. import clock
from ..errors import ContentError, FieldError
from ..texts import t

LOCALE = "nl_NL"

_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")
_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})(?::\d{2})?\s*(?:uur)?\s*$")


def to_date(value: Any) -> dt.date:
    """A date from a date, a datetime or a string as offices write it (2026-12-08, 8-12-2026)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ContentError(t("documents.bad_date", value=value))


def to_time(value: Any) -> dt.time:
    """A time from a time, a datetime or a string such as 14:30 or 9.05."""
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    match = _TIME.match(str(value))
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ContentError(t("documents.bad_time", value=value))
    return dt.time(int(match.group(1)), int(match.group(2)))


def datum(value: Any, year: bool | str = "auto") -> str:
    """'dinsdag 8 december'; with the year when asked, or ('auto') when not this year."""
    from babel.dates import format_date

    day = to_date(value)
    with_year = year is True or (year == "auto" and day.year != clock.today().year)
    return format_date(day, "EEEE d MMMM y" if with_year else "EEEE d MMMM", locale=LOCALE)


def datum_kort(value: Any) -> str:
    """'8 december 2026': for the date line of a letter."""
    from babel.dates import format_date

    return format_date(to_date(value), "d MMMM y", locale=LOCALE)


def tijd(value: Any) -> str:
    """'14.30 uur', as Dutch readers write times (outreach.dates' one time format)."""
    from .. import dates

    return f"{dates.time(to_time(value))} uur"


def telefoon(value: Any) -> str:
    """A phone number in groups, as people write it down: 06 12 34 56 78."""
    from .. import fields

    try:
        return fields.display_phone(fields.phone(str(value)))
    except FieldError:
        raise ContentError(t("documents.bad_phone_filter", value=value)) from None


def bedrag(value: Any, currency: str = "EUR") -> str:
    """'€ 12,50' (and '€ 1.250,00'): an amount of money as Dutch readers know it."""
    from babel.numbers import format_currency

    text = str(value).strip().replace("€", "").strip()
    if "," in text:  # Dutch writing: 1.250,50
        text = text.replace(".", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ContentError(t("documents.bad_amount", value=value)) from None
    return format_currency(amount, currency, locale=LOCALE).replace("\xa0", " ")


def whatsapp_link(value: Any) -> str:
    """'https://wa.me/31612345678': a link that opens a chat with the number."""
    from .. import fields

    return "https://wa.me/" + fields.phone(str(value)).lstrip("+")


def mobiel(value: Any) -> bool:
    """Whether a phone number is a mobile number (one people can send an app message to)."""
    from .. import fields

    if not str(value or "").strip():
        return False
    try:
        return fields.is_mobile(fields.phone(str(value)))
    except FieldError:
        return False


def huiskleur(value: Any) -> str:
    """The municipality's house colour for CSS: '#004f8c' checked (format and contrast), never other text."""
    from .. import fields

    return fields.house_colour(str(value or ""))


def heel(value: Any) -> Any:
    """Text that a line break never splits ('dinsdag 1 december', a name): a span with white-space: nowrap."""
    from markupsafe import Markup, escape

    return Markup(f'<span class="heel">{escape(value)}</span>')


def lijst(value: Any) -> list[str]:
    """A list from a list, or from text with items separated by ';' or '|' (as CSV holds it)."""
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [part.strip() for part in re.split(r"[;|]", str(value)) if part.strip()]


FILTERS: dict[str, Callable[..., Any]] = {
    "datum": datum,
    "datum_kort": datum_kort,
    "tijd": tijd,
    "telefoon": telefoon,
    "bedrag": bedrag,
    "whatsapp_link": whatsapp_link,
    "lijst": lijst,
    "mobiel": mobiel,
    "heel": heel,
    "huiskleur": huiskleur,
}
