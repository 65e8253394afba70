"""The Dutch texts: one form for one, another for more."""

from __future__ import annotations

from outreach.texts import all_texts, t


def test_count_one_takes_the_singular_text() -> None:
    assert t("documents.demo.done", count=1, folder="map") == "1 bestand staat in map."
    assert t("documents.demo.done", count=2, folder="map") == "2 bestanden staan in map."
    assert t("tracking.tour.queued", count=1) == "1 bericht staat klaar in de wachtrij."
    assert t("tracking.coach_moved", count=0, coach="Bram") == "  0 mensen gaan naar Bram."


def test_every_singular_text_has_its_plural() -> None:
    keys = {key for key, _ in all_texts()}
    lonely = [key for key in keys if key.endswith("_one") and key[:-4] not in keys
              and key not in ("readability.summary.point_one", "readability.summary.error_one",
                              "readability.cli.word_one", "readability.cli.sentence_one", "tracking.overdue_one",
                              "documents.cli.summary_none_one")]
    assert lonely == []
