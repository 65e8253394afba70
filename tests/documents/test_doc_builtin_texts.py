"""Every built-in template gives exactly the text it gave before it was written in the plain format.

The expected texts (tests/documents/data/builtin_texts.json) were recorded from the hand-written
Jinja templates before their conversion (`OUTREACH_RECORD_BUILTINS=1 pytest` this file, at the tests'
frozen instant):
the PDF's text read back with pypdf for letters and flyers, the message for SMS and WhatsApp,
each with the template's sample values and with the phone variants that pick other sentences.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from outreach import content
from outreach.documents import load_template, render

DATA = Path(__file__).parent / "data" / "builtin_texts.json"
CASES = {  # values over the sample ones: each picks another branch of "how to reach the coach"
    "sample": {},
    "landline": {"coach_telefoon": "013 123 45 67"},
    "own_whatsapp": {"coach_whatsapp": "06 87 65 43 21"},
}


def builtin_names() -> list[str]:
    folder = content.builtin_dir("templates")
    return sorted(p.name[:-3] for p in folder.glob("*.j2") if not p.name.startswith("_"))


def text_of(name: str, case: str) -> str:
    template = load_template(name)
    values: dict[str, Any] = {**template.fields, **CASES[case]}
    result = render(template, values, level_override=True)
    if isinstance(result, str):
        return result
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(result))
    return "\n".join(page.extract_text() for page in reader.pages)


def record() -> dict[str, str]:
    return {f"{name}/{case}": text_of(name, case) for name in builtin_names() for case in CASES}


EXPECTED: dict[str, str] = json.loads(DATA.read_text(encoding="utf-8")) if DATA.is_file() else {}


@pytest.mark.skipif(bool(os.environ.get("OUTREACH_RECORD_BUILTINS")), reason="recording")
def test_every_builtin_was_recorded() -> None:
    assert sorted({key.split("/")[0] for key in EXPECTED}) == builtin_names()


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_builtin_gives_the_recorded_text(key: str) -> None:
    name, case = key.split("/")
    assert text_of(name, case) == EXPECTED[key]


@pytest.mark.skipif(not os.environ.get("OUTREACH_RECORD_BUILTINS"), reason="records the expected texts when asked")
def test_record() -> None:
    DATA.write_text(json.dumps(record(), ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
