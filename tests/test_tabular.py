"""The CSV reader is strict: a stray quote or a wrong number of cells stops the file, naming the line.

The property tests feed random bytes, encodings, quotes, separators and line ends to the reader:
every input either gives a row for every line that holds something, or stops with a Dutch
InputError naming the file (and the line, for a problem inside the file). Never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outreach import tabular
from outreach.errors import InputError


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('naam;taal\nAnna;NL\n"Bob;Engels\nCor;Turks\nDirk;NL\n', 3, "aanhalingsteken"),
        ('naam;taal\nAnna;"NL\nEngels"\n', 2, "aanhalingsteken"),
        ("naam;taal\nAnna;NL;extra\nBob;NL\n", 2, "3 vakjes"),
        ("naam;taal\nAnna;NL\nBob\n", 3, "1 vakje."),
        ('naam;taal\nAnna;"NL"x\n', 2, "niet lezen"),
        ('naam;taal\r\nAnna;NL\r\n\r\n"Bob;NL\r\n', 4, "aanhalingsteken"),
        ('naam;taal\rAnna;NL\r"Bob;NL\r', 3, "aanhalingsteken"),
        ('\n\nnaam;taal\nAnna;NL\n"Bob;NL\n', 5, "aanhalingsteken"),
    ],
    ids=["stray-quote", "cell-over-line-end", "too-many", "too-few", "junk-after-quote", "crlf", "cr-only", "blank-lines-first"],
)
def test_malformed_rows_stop_the_file_naming_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as caught:
        list(tabular.read_rows("lijst.csv", text))
    assert caught.value.where is not None and caught.value.where.line == line
    assert words in caught.value.message and str(caught.value).startswith(f"lijst.csv, regel {line}: ")


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("naam;taal\nAnna;NL;;\nBob;NL\n", [{"naam": "Anna", "taal": "NL"}, {"naam": "Bob", "taal": "NL"}]),
        ('naam;taal\n"Jan ""Bob"" de Vries";NL\n', [{"naam": 'Jan "Bob" de Vries', "taal": "NL"}]),
        ("naam;taal\n;\n  ;  \nBob;NL\n", [{"naam": "Bob", "taal": "NL"}]),
    ],
    ids=["empty-cells-after-last-column", "escaped-quotes", "blank-records"],
)
def test_well_formed_files(text: str, rows: list[dict[str, str]]) -> None:
    assert [r.values for r in tabular.read_rows("lijst.csv", text)] == rows


SEPARATORS = st.sampled_from([";", ",", "\t"])
ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"])
CELL = st.text(alphabet=st.sampled_from(list('ab Éé"\';,\t\n\r=+-@ë\u00a0') + ["\u2028", "\x0c", "\x85"]), max_size=8)


def _holds_something(line: str, sep: str) -> bool:
    return bool(line.replace(sep, "").replace('"', "").split())


def _check(data: bytes, tmp_path: Path) -> None:
    """The property: a row for every line that holds something, or a Dutch InputError naming the file."""
    path = tmp_path / "lijst.csv"
    path.write_bytes(data)
    try:
        rows = list(tabular.read_rows(path))
    except InputError as exc:
        assert exc.where is not None and exc.where.file == str(path) and exc.message
        return
    text = tabular.decode(data).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip())
    sep = tabular._delimiter(lines[first])
    seen = [r.line for r in rows]
    assert len(seen) == len(set(seen)) and all(first + 1 < n <= len(lines) for n in seen)
    for number, line in enumerate(lines[first + 1:], first + 2):
        if _holds_something(line, sep):
            assert number in seen, f"line {number} was lost: {line!r}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_random_bytes_never_lose_a_row_silently(data: bytes, tmp_path: Path) -> None:
    _check(b"naam;taal;telefoon\n" + data, tmp_path)
    _check(data, tmp_path)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.lists(CELL, min_size=1, max_size=4), min_size=1, max_size=6), sep=SEPARATORS,
       end=ENDINGS, encoding=ENCODINGS, quote_all=st.booleans())
def test_random_tables_never_lose_a_row_silently(cells: list[list[str]], sep: str, end: str, encoding: str,
                                                 quote_all: bool, tmp_path: Path) -> None:
    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if quote_all else value

    text = end.join(sep.join(cell(c) for c in row) for row in [["naam", "taal", "telefoon"], *cells]) + end
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    _check(data, tmp_path)


@pytest.mark.parametrize(("value", "written"), [
    ("=1+2", "'=1+2"), ("+31612345678", "'+31612345678"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Noord", "Noord"), ("a=b", "a=b"), (12, "12"), (-3, "-3"),
])
def test_written_cells_never_start_a_formula(value: object, written: str) -> None:
    text = tabular.write_rows([["wijk"], [value]])
    assert text.startswith("wijk\r\n")
    assert text.split("\r\n", 1)[1].lstrip('"').startswith(written)


@pytest.mark.parametrize("text", [
    "sep=;\nklantnummer;naam\nK-1;Fenna\n",
    "SEP=;\r\nklantnummer;naam\r\nK-1;Fenna\r\n",
    '"sep=;"\nklantnummer;naam\nK-1;Fenna\n',
    "sep=,\nklantnummer,naam\nK-1,Fenna\n",
    "sep=;;\nklantnummer;naam\nK-1;Fenna\n",
    "\ufeffsep=;\nklantnummer;naam\nK-1;Fenna\n",
])
def test_excels_sep_line_names_the_separator(text: str) -> None:
    """Excel writes 'sep=;' above the header when asked to; the list is not refused for it."""
    rows = list(tabular.read_rows("lijst.csv", tabular.decode(text.encode("utf-8"))))
    assert [(r.line, r.values) for r in rows] == [(3, {"klantnummer": "K-1", "naam": "Fenna"})]


def test_a_sep_line_with_a_comma_separator_keeps_semicolons_in_cells() -> None:
    rows = list(tabular.read_rows("lijst.csv", "sep=,\nklantnummer,naam\nK-1,Fenna; Piet\n"))
    assert rows[0].values == {"klantnummer": "K-1", "naam": "Fenna; Piet"}


def test_a_sep_line_alone_is_an_empty_file() -> None:
    with pytest.raises(InputError, match="leeg"):
        list(tabular.read_rows("lijst.csv", "sep=;\n\n"))


@pytest.mark.parametrize("text", ["klantnummer;naam;\nK-1;Fenna;\n", "klantnummer;naam;;;\nK-1;Fenna\n",
                                  "klantnummer;naam;;\r\nK-1;Fenna;;\r\n"])
def test_separators_after_the_last_column_name_are_no_column(text: str) -> None:
    rows = list(tabular.read_rows("lijst.csv", text))
    assert [(r.line, r.values) for r in rows] == [(2, {"klantnummer": "K-1", "naam": "Fenna"})]


def test_a_value_under_an_unnamed_trailing_column_still_stops_the_file() -> None:
    with pytest.raises(InputError, match="regel 2"):
        list(tabular.read_rows("lijst.csv", "klantnummer;naam;\nK-1;Fenna;geheim\n"))
