"""Every Dutch string a user reads (outreach/texts/*.toml) passes the B1 checker.

Short UI strings are judged sensibly: only failures of the rules that matter in a short
string count (officialese, passive voice, long sentences, rare words). Placeholders such as
{name} are known words. A failure names the key.
"""

from __future__ import annotations

import re

import pytest

from outreach.readability import check
from outreach.texts import all_texts

COUNTED = {"officialese", "passive", "long-sentence", "rare-word"}
TEXTS = list(all_texts())


@pytest.mark.parametrize("key, text", TEXTS, ids=[key for key, _ in TEXTS])
def test_text_is_plain_dutch(key: str, text: str) -> None:
    placeholders = re.findall(r"\{([^{}]*)\}", text)
    report = check(text, level="B1", kind="letter", known_words=placeholders)
    failures = [f"{f.rule}: '{text[f.start:f.end]}' ({f.message})"
                for f in report.findings if f.severity == "fail" and f.rule in COUNTED]
    assert not failures, f"{key}: " + "; ".join(failures)
