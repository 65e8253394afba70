"""Turn raw personal-data fields (phone numbers, postcodes) into checked, normalised values.

Shared by the mail merge, the prospect import and messaging, so a number that is valid in one
is valid in all. Errors are FieldError with a Dutch message; the caller adds file and line.
"""

from __future__ import annotations

import functools
import re

from .errors import FieldError, Where
from .texts import t

MAX_ID = 2**31 - 1  # the largest id a database integer column holds
_POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s?([A-Za-z]{2})\s*$")


def fold(value: str | None) -> str:
    """The one form names and client numbers are compared in: spaces collapsed, NFC, casefolded.

    'Özlem Yılmaz', 'ÖZLEM  YILMAZ' and a decomposed 'Özlem' are one coach; 'q-1' and 'Q-1' are
    one client. Turkish dotless and dotted i fold to a plain i, so 'YILMAZ' (typed without a
    Turkish keyboard) is 'Yılmaz'. Stored in its own column (Coach.name_key, Prospect.client_key),
    because SQL's lower() differs per database and leaves non-ASCII letters alone on SQLite.
    """
    import unicodedata

    folded = unicodedata.normalize("NFC", " ".join((value or "").split())).casefold()
    return folded.replace("i\u0307", "i").replace("\u0131", "i")


def whole_number(text: str | None, most: int = MAX_ID) -> int | None:
    """`text` as a whole number from 0 to `most`, or None: ASCII digits only, so '²' or a
    10,000-digit value from a form, header or webhook is None rather than an error."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(most)):
        return None
    number = int(text)
    return number if number <= most else None


def postcode(value: str, field: str = "postcode") -> str:
    """A Dutch postcode as '1234 AB'."""
    match = _POSTCODE.match(value or "")
    if not match or match.group(2).upper() in {"SA", "SD", "SS"}:
        raise FieldError(t("cli.bad_postcode", value=value), Where(field=field))
    return f"{match.group(1)} {match.group(2).upper()}"


def phone(value: str, field: str = "telefoon", *, mobile: bool = False) -> str:
    """A Dutch or international phone number in E.164 (+31612345678).

    `mobile=True` accepts only numbers that can receive SMS and WhatsApp.
    Uses `is_valid_number`, not `is_possible_number`: 06-1234567 is possible but not valid.
    """
    import phonenumbers
    from phonenumbers import PhoneNumberType

    try:
        number = phonenumbers.parse(value or "", "NL")
    except phonenumbers.NumberParseException:
        raise FieldError(t("cli.bad_phone", value=value), Where(field=field)) from None
    if not phonenumbers.is_valid_number(number):
        raise FieldError(t("cli.bad_phone", value=value), Where(field=field))
    if mobile and phonenumbers.number_type(number) not in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise FieldError(t("cli.not_mobile", value=value), Where(field=field))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_mobile(e164: str) -> bool:
    """Whether a normalised number can receive SMS and WhatsApp."""
    try:
        phone(e164, mobile=True)
    except FieldError:
        return False
    return True


@functools.lru_cache(maxsize=8192)  # a coach's day list formats the same ~2,000 numbers on every view
def display_phone(e164: str) -> str:
    """A number as people write it down, by its kind (phonenumbers decides the kind).

    Mobile 06 12 34 56 78, landline 013 543 12 34, free and paid 0800 1234 / 0900 1234567,
    municipal 14-numbers 14 013 and 14 0523 (no leading 0: that number cannot be dialled),
    other Dutch service numbers (088, 085) as phonenumbers groups them, foreign ones as
    +49 1512 3456789. The one function for flyers, letters, messages, the CLI and pages.
    """
    import phonenumbers
    from phonenumbers import PhoneNumberFormat, PhoneNumberType

    try:
        number = phonenumbers.parse(e164, "NL")
    except phonenumbers.NumberParseException:
        return e164  # not a number we stored: show it as it is rather than fail a whole page
    if number.country_code != 31:
        return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.national_significant_number(number)
    kind = phonenumbers.number_type(number)
    if kind == PhoneNumberType.MOBILE:  # 06 12 34 56 78
        head, rest = "0" + national[:1], national[1:]
    elif kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE):
        area = phonenumbers.length_of_geographical_area_code(number) or 2
        head, rest = "0" + national[:area], national[area:]
    elif kind in (PhoneNumberType.TOLL_FREE, PhoneNumberType.PREMIUM_RATE):  # 0800 1234
        return "0" + national[:3] + " " + national[3:]
    else:  # 14-numbers, 088, 085 and other kinds: phonenumbers knows how they are written
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    pairs = [rest[i : i + 2] for i in range(0, len(rest), 2)] if len(rest) % 2 == 0 else [rest[:3]] + [rest[i : i + 2] for i in range(3, len(rest), 2)]
    return " ".join([head, *pairs])


def house_colour(value: str, field: str = "huiskleur") -> str:
    """'#004f8c' from a colour written as # and six hex digits, dark enough for white text on it (contrast 4.5:1)."""
    import re

    value = (value or "").strip().lower()
    if not re.fullmatch(r"#[0-9a-f]{6}", value):
        raise FieldError(t("cli.bad_colour", value=value[:20]), Where(field=field))

    def linear(part: str) -> float:
        c = int(part, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(value[i:i + 2]) for i in (1, 3, 5))
    if 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05) < 4.5:
        raise FieldError(t("cli.colour_too_light", value=value), Where(field=field))
    return value
