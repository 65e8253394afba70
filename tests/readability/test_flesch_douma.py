"""Our Flesch-Douma agrees with textstat's where both split the text alike, and not where textstat misreads Dutch."""

from __future__ import annotations

import pytest

from outreach.readability import check


@pytest.fixture(scope="module")
def textstat_nl():  # type: ignore[no-untyped-def]
    import textstat

    textstat.set_lang("nl")
    return textstat


@pytest.mark.parametrize(
    "text",
    [
        "Wij bellen u morgen. U kunt ook zelf bellen als u wilt.",
        "Ik ben Sanne. Ik ben uw coach. Ik kom graag bij u langs voor een kop koffie.",
        "Uw afspraak is op dinsdag. Wij praten bij u thuis. U mag iemand meenemen.",
    ],
)
def test_same_score_as_textstat_on_plain_sentences(textstat_nl, text: str) -> None:  # type: ignore[no-untyped-def]
    ours = check(text).metrics["flesch_douma"]
    assert ours == pytest.approx(textstat_nl.flesch_reading_ease(text), abs=1.0)


def test_textstat_miscounts_dutch_times_and_abbreviations(textstat_nl) -> None:  # type: ignore[no-untyped-def]
    text = "U bent welkom om 14.30 uur, bijv. in het buurthuis. Neem o.a. uw pas mee."
    assert check(text).metrics["sentences"] == 2
    assert textstat_nl.sentence_count(text) != 2  # why the checker counts with its own splitting
