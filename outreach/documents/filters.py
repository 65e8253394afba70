"""Turn raw field values (ISO dates, times, E.164 numbers, amounts) into Dutch text for templates.

The filters are what communication staff write in a template: `{{ afspraak_datum|datum }}`
gives "dinsdag 8 december", `{{ afspraak_tijd|tijd }}` gives "14.30 uur",
`{{ coach_telefoon|telefoon }}` gives "06 12 34 56 78" and `{{ 12.5|bedrag }}` gives "€ 12,50".
Values may be real objects or the strings a CSV file holds. A value that cannot be read
raises ContentError naming the filter and the value.

A part in another language (documents.bilingual) gets dates and times in figures from the same
filters ('8-12-2026', '14.30'), and in a language written right to left every number, date,
postcode and Latin-script name is isolated left to right (`isolate_html`, `isolate_runs_text`).
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


def ltr(value: Any) -> Any:
    """`value` isolated left to right and kept on one line, for inside right-to-left text.

    WeasyPrint ignores `unicode-bidi: isolate` and drops U+2066..2069, but it lays out each
    inline box with its own `direction`: `<span dir="ltr">` keeps '06 12 34 56 78' and
    '5038 AB' in order (browsers isolate it too). The class `ltr` is `white-space: nowrap`.
    """
    from markupsafe import Markup, escape

    return Markup(f'<span dir="ltr" class="ltr">{escape(value)}</span>')


def datum_cijfers(value: Any) -> str:
    """'8-12-2026': a date in figures only, for a text in another language than Dutch."""
    day = to_date(value)
    return f"{day.day}-{day.month:02d}-{day.year}"


def tijd_cijfers(value: Any) -> str:
    """'14.30': a time without the Dutch word 'uur', for a text in another language."""
    from .. import dates

    return dates.time(to_time(value))


_LTR = "0-9A-Za-z\u00c0-\u024f\u0370-\u052f"  # digits, Latin, Greek, Cyrillic
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")  # Hebrew, Arabic, Syriac, Thaana, N'Ko
# A left-to-right run inside right-to-left text: from a letter or digit to a letter, digit or ')', across
# spaces and the marks of numbers, dates and addresses, but never across the end of a sentence ('. ').
_RUN = re.compile(f"[{_LTR}](?:(?:[{_LTR} \u00a0,:/+()@#-]|\\.(?=\\S))*[{_LTR})])?")
_TAG_AND_TEXT = re.compile(r"(<[^>]*>)?([^<]*)", re.S)
_SKIP = re.compile(r"<(style|script|title|head)\b.*?</\1>", re.S | re.I)
_WHOLE = re.compile(f"^(\\s*)(.*?[{_LTR}].*?)(\\s*)$", re.S)


def _isolated(text: str, html: bool) -> str:
    """`text` with its left-to-right parts wrapped (HTML spans or U+2066..2069): all of it when nothing
    in it is written right to left (a name, an address line), else each run."""
    from markupsafe import escape

    def plain(part: str) -> str:
        return str(escape(part)) if html else part

    def wrap(run: str) -> str:
        return str(ltr(run)) if html else f"\u2066{run}\u2069"

    if not _RTL.search(text):
        whole = _WHOLE.match(text)
        return plain(whole.group(1)) + wrap(whole.group(2)) + plain(whole.group(3)) if whole else plain(text)
    out, position = [], 0
    for match in _RUN.finditer(text):
        out += [plain(text[position:match.start()]), wrap(match.group(0))]
        position = match.end()
    out.append(plain(text[position:]))
    return "".join(out)


def isolate_runs(text: str) -> Any:
    """Plain `text` as HTML with its left-to-right parts (a number, date, postcode, Latin name) `ltr`."""
    from markupsafe import Markup

    return Markup(_isolated(text, html=True))


def isolate_runs_text(text: str) -> str:
    """Plain `text` with its left-to-right parts between U+2066 and U+2069 (for a message, not HTML)."""
    return _isolated(text, html=False)


def isolate_html(markup: str) -> str:
    """HTML of a right-to-left part with every left-to-right run in its text isolated (`isolate_runs`).

    Only text between tags changes: attributes, <style>, <title> and spans already `ltr` stay.
    WeasyPrint would otherwise show '06 12 34 56 78' as '78 56 34 12 06' in Arabic text.
    """
    import html

    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    hidden = _SKIP.sub(keep, markup)
    parts = []
    for match in _TAG_AND_TEXT.finditer(hidden):
        tag, text = match.group(1) or "", match.group(2)
        parts.append(tag)
        if text.strip() and "\x00" not in text and not tag.startswith('<span dir="ltr"'):
            text = str(isolate_runs(html.unescape(text)))
        parts.append(text)
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], "".join(parts))


def _per_language(dutch: Callable[..., Any], other: Callable[[Any], str]) -> Callable[..., Any]:
    """A filter that writes `dutch(value)` in a Dutch part and `other(value)` in a translated part.

    A translated part (`documents.bilingual`) renders with `vertaling` = {taal, richting, ...}.
    """
    from jinja2 import pass_context

    @pass_context
    def chosen(context: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(context.get("vertaling"), dict):
            return other(value)
        return dutch(value, *args, **kwargs)

    chosen.__doc__ = dutch.__doc__
    return chosen


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


def part_filters() -> dict[str, Callable[..., Any]]:
    """The filters that write figures instead of Dutch words in a translated part (for the Jinja environment)."""
    return {"datum": _per_language(datum, datum_cijfers), "datum_kort": _per_language(datum_kort, datum_cijfers),
            "tijd": _per_language(tijd, tijd_cijfers)}
