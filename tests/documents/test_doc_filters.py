"""Dutch template filters: dates, times, phone numbers, amounts, lists."""

from __future__ import annotations

import datetime as dt

import pytest

from outreach.documents import filters
from outreach.errors import ContentError


@pytest.mark.parametrize(("value", "year", "expected"), [
    ("2026-03-03", False, "dinsdag 3 maart"),
    (dt.date(2026, 12, 8), False, "dinsdag 8 december"),
    ("8-12-2026", False, "dinsdag 8 december"),
    ("08/12/2026", False, "dinsdag 8 december"),
    (dt.datetime(2027, 1, 1, 9, 0), True, "vrijdag 1 januari 2027"),
    ("2026-12-08", True, "dinsdag 8 december 2026"),
])
def test_datum(value: object, year: bool, expected: str) -> None:
    assert filters.datum(value, year=year) == expected


def test_datum_adds_the_year_when_not_this_year() -> None:
    next_year = dt.date.today().year + 1
    assert filters.datum(f"{next_year}-06-01").endswith(str(next_year))
    assert not filters.datum(dt.date.today()).endswith(str(dt.date.today().year))


@pytest.mark.parametrize(("value", "expected"), [
    ("14:30", "14.30 uur"),
    ("9.05", "9.05 uur"),
    ("09:00:00", "9.00 uur"),
    (dt.time(16, 0), "16.00 uur"),
    ("14.30 uur", "14.30 uur"),
])
def test_tijd(value: object, expected: str) -> None:
    assert filters.tijd(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("0612345678", "06 12 34 56 78"),
    ("06-12345678", "06 12 34 56 78"),
    ("+31612345678", "06 12 34 56 78"),
    ("0131234567", "013 123 45 67"),
    ("0201234567", "020 123 45 67"),
])
def test_telefoon(value: str, expected: str) -> None:
    assert filters.telefoon(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("12.5", "€ 12,50"),
    ("12,50", "€ 12,50"),
    ("1.250,00", "€ 1.250,00"),
    (1250, "€ 1.250,00"),
    ("€ 3", "€ 3,00"),
])
def test_bedrag(value: object, expected: str) -> None:
    assert filters.bedrag(value) == expected


@pytest.mark.parametrize(("name", "value"), [
    ("datum", "31-02-2026"), ("datum", "morgen"), ("tijd", "25:00"), ("tijd", "half drie"),
    ("telefoon", "12345"), ("bedrag", "twaalf"),
])
def test_bad_values_raise_a_dutch_content_error(name: str, value: str) -> None:
    with pytest.raises(ContentError) as err:
        filters.FILTERS[name](value)
    assert value in str(err.value)


@pytest.mark.parametrize(("value", "expected"), [
    ("Buurthuis De Linde; Bibliotheek", ["Buurthuis De Linde", "Bibliotheek"]),
    ("a|b|", ["a", "b"]),
    (["x", "y"], ["x", "y"]),
])
def test_lijst(value: object, expected: list[str]) -> None:
    assert filters.lijst(value) == expected
