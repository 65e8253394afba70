"""The shared parsers refuse what a user cannot mean: out-of-range years, with a Dutch error."""

from __future__ import annotations

import pytest

from outreach import clock
from outreach.errors import InputError


@pytest.mark.parametrize("text", ["9999-12-31T23:59-12:00", "9999-12-31 23:59", "0001-01-01T00:00+14:00", "0001-01-01",
                                  "1999-12-31", "2101-01-01 10:00"])
def test_out_of_range_moments_are_a_dutch_error(text: str) -> None:
    with pytest.raises(InputError, match="tussen 2000 en 2100"):
        clock.parse_datetime(text, "--at")


@pytest.mark.parametrize("text", ["9999-12-31", "0001-01-01"])
def test_out_of_range_dates_are_a_dutch_error(text: str) -> None:
    with pytest.raises(InputError, match="tussen 2000 en 2100"):
        clock.parse_date(text)


def test_a_normal_moment() -> None:
    assert clock.parse_datetime("2026-11-25 14:30").hour == 14
