"""Numbers typed by people or sent by other systems: never an error on odd digits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outreach import calendar_nl
from outreach.fields import whole_number


@pytest.mark.parametrize(("text", "most", "expected"), [
    ("12", 100, 12), (" 7 ", 100, 7), ("0", 100, 0), ("101", 100, None), ("²", 100, None), ("٣", 100, None),
    ("1" * 10_000, 2**31 - 1, None), ("-1", 100, None), ("", 100, None), (None, 100, None), ("1e3", 10**6, None),
])
def test_whole_number(text: str | None, most: int, expected: int | None) -> None:
    assert whole_number(text, most) == expected


@given(st.text(max_size=40))
def test_whole_number_never_fails(text: str) -> None:
    number = whole_number(text, 1000)
    assert number is None or 0 <= number <= 1000


@pytest.mark.parametrize("value", ["ma,²", "١", "9" * 5000])
def test_working_days_with_odd_digits_name_the_bad_part(value: str) -> None:
    with pytest.raises(ValueError, match=value.split(",")[-1][:20]):  # the callers turn it into a Dutch error
        calendar_nl.parse_weekdays(value)


def test_a_long_bad_value_is_shown_short_in_the_message() -> None:
    from outreach.texts import t

    message = t("tracking.bad_days", value="x" * 5000)
    assert "x" * 60 + "…" in message and len(message) < 200
