"""Hand-edited files with a mistake: a Dutch description and the line, never the parser's English."""

from __future__ import annotations

import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from outreach.errors import ContentError
from outreach.fileproblems import toml_problem, xml_problem

ENGLISH = ("expected", "invalid", "unterminated", "unclosed", "cannot", "line ", "column", "not well-formed")


@pytest.mark.parametrize(("text", "line"), [
    ('a = 1\nb "x"\n', 2), ('a = [1, 2\n', 1), ('a = "open\n', 1), ('a = 1\na = 2\n', 2), ('a = 1 b = 2\n', 1),
    ('[x\n', 1), ('a = @\n', 1), ("\n\n= 3\n", 3),
])
def test_toml_mistakes_are_described_in_dutch(text: str, line: int) -> None:
    with pytest.raises(tomllib.TOMLDecodeError) as caught:
        tomllib.loads(text)
    found, problem = toml_problem(caught.value, text)
    assert found == line
    assert problem and not any(word in problem.lower() for word in ENGLISH)


def test_xml_mistakes_are_described_in_dutch() -> None:
    with pytest.raises(ET.ParseError) as caught:
        ET.fromstring("<svg>\n<g>\n</svg>")
    found, problem = xml_problem(caught.value)
    assert found == 3 and not any(word in problem.lower() for word in ENGLISH)


def test_a_broken_tracking_rule_file_names_its_line_in_dutch(tmp_path: Path) -> None:
    from outreach.tracking.rules import load_rules

    path = tmp_path / "tracking.toml"
    path.write_text("[appointment]\nreminder_days_before 1\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_rules(path)
    message = str(caught.value)
    assert "regel 2" in message and "=" in message and not any(word in message.lower() for word in ENGLISH[:5])
