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


@pytest.mark.parametrize("text", ["2027-03-28 02:30", "2027-03-28T02:00", "2026-03-29 02:59"])
def test_a_time_the_clocks_skip_is_a_dutch_error_not_an_hour_later(text: str) -> None:
    """On the last Sunday of March 02:00-03:00 does not exist in Amsterdam: 02:30 must not quietly become 03:30."""
    with pytest.raises(InputError, match="gaat de klok een uur vooruit") as caught:
        clock.parse_datetime(text, "--appointment")
    assert caught.value.where is not None and caught.value.where.field == "--appointment"


def test_times_around_the_clock_changes_keep_their_wall_time() -> None:
    for text, offset in [("2027-03-28 01:59", 1), ("2027-03-28 03:00", 2), ("2026-10-25 02:30", 2),
                         ("2026-10-25 03:30", 1), ("2026-12-31 23:59", 1), ("2027-01-01 00:00", 1),
                         ("2028-02-29 00:00", 1), ("2027-03-28", 2)]:
        moment = clock.parse_datetime(text)
        assert moment.strftime("%Y-%m-%d %H:%M").startswith(text if len(text) > 10 else text + " 09:00")
        assert moment.utcoffset().total_seconds() == offset * 3600, text  # type: ignore[union-attr]
    with pytest.raises(InputError):
        clock.parse_datetime("2027-02-29 10:00")


@pytest.mark.parametrize("name", ["Europe", "America", "posixrules/..", "Europe/"])
def test_a_time_zone_that_is_a_folder_is_a_dutch_error(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_TIMEZONE", name)
    with pytest.raises(InputError, match="geen bekende tijdzone") as caught:
        clock.today()
    assert caught.value.where is not None and caught.value.where.field == "OUTREACH_TIMEZONE"
