"""A letter and a flyer in Dutch and in the person's own language, read back from the PDF."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from doc_helpers import COACH, PERSON

from outreach import languages
from outreach.documents import filters, load_template
from outreach.documents.bilingual import render_bilingual, render_html_parts
from outreach.errors import ContentError, FieldError

VALUES = {**COACH, **PERSON, "brief_datum": "2026-12-08", "coach_telefoon": "06 12 34 56 78"}

LETTERS = {  # made-up translations of the invitation letter, as a translator would hand them in
    "ar": "# ((coach_voornaam)) سيتصل بك قريبا\n\nمرحبا،\n\nأنا ((coach_naam)). أنا مدرب في البلدية.\n\n"
          "# هل تفضل الاتصال بنفسك؟\n\nاتصل بي على ((coach_telefoon)). موعدنا يوم ((brief_datum)).\n\n"
          "الرمز البريدي ((postcode)).\n\nمع أطيب التحيات،",
    "ti": "# ((coach_voornaam)) ቀልጢፋ ክድውለልኩም እየ\n\nሰላም፣\n\nኣነ ((coach_naam)) እየ። ኣብ ምምሕዳር ከተማ ኮች እየ።\n\n"
          "# ባዕልኹም ክትድውሉ ትደልዩ?\n\nብ ((coach_telefoon)) ደውሉለይ። ((brief_datum))።",
    "pl": "# ((coach_voornaam)) wkrótce do Pani zadzwoni\n\nDzień dobry,\n\nNazywam się ((coach_naam)). "
          "Pomagam ludziom w gminie. Zadzwonię w ciągu kilku tygodni.\n\n* Spotkanie jest dobrowolne.\n"
          "* Sama Pani wybiera miejsce.\n\nProszę dzwonić: ((coach_telefoon)), ((brief_datum)). Żółć, ęą.",
    "tr": "# ((coach_voornaam)) yakında sizi arayacak\n\nMerhaba,\n\nBen ((coach_naam)). Belediyede koçum. "
          "Önümüzdeki haftalarda sizi arayacağım. Şimdi arayın: ((coach_telefoon)). Ğğ İı Şş.",
    "uk": "# ((coach_voornaam)) скоро вам зателефонує\n\nДобрий день,\n\nМене звати ((coach_naam)). "
          "Я коуч у муніципалітеті. Телефонуйте: ((coach_telefoon)), ((brief_datum)). Ґ є ї.",
}
FONT = {"ar": "Noto-Sans-Arabic", "ti": "Noto-Sans-Ethiopic"}
FLYER_AR = ("# مرحبا، أنا ((coach_voornaam))\n\nمدربك في البلدية\n\n* سأتصل بك قريبا.\n* نشرب القهوة ونتحدث.\n"
            "* في بيتك أو في الحي. أنت تختار.\n* أساعدك في الرسائل والأسئلة.\n* أنت تقرر. لا يجب عليك شيء.\n\n"
            "هنا نتحدث أيضا:")
FLYER_VALUES = {**COACH, "coach_telefoon": "06 12 34 56 78",
                "ontmoetplekken": "Buurthuis De Linde, Lindeplein 3; Bibliotheek Centrum, Markt 10"}


def _write(tmp_path: Path, data: bytes, name: str = "twee.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _elements(pdf: Any) -> list[Any]:
    """Every structure element of the PDF, walked from the root (bounded)."""
    import pikepdf

    found, stack = [], [pdf.Root.StructTreeRoot]
    while stack and len(found) < 10_000:
        item = stack.pop()
        kids = item.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(kid)
                stack.append(kid)
    return found


def _languages_per_page(path: Path) -> dict[int, set[str]]:
    """For each page: the /Lang values of the structure elements that hold its content (nl: none set)."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "nl"
        pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
        result: dict[int, set[str]] = {}
        for element in _elements(pdf):
            if "/Pg" in element and any(isinstance(k, int) for k in _kids(element)):  # holds marked content
                result.setdefault(pages[element.Pg.objgen], set()).add(str(element.get("/Lang", "nl")))
        return result


def _kids(element: Any) -> list[Any]:
    import pikepdf

    kids = element.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []


def _checked(path: Path) -> list[str]:
    """qpdf --check is clean; every font is embedded; the font names."""
    done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0 and "No syntax or stream encoding errors" in done.stdout, done.stdout + done.stderr
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert lines and all(line.split()[-5] == "yes" for line in lines), lines
    return [line.split()[0].split("+")[-1] for line in lines]


def _words(path: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(top, left, right, word) of every word on `page` (1-based), as pdftotext places them."""
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(m[2]), float(m[1]), float(m[3]), m[5]) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


@pytest.mark.parametrize("lang", sorted(LETTERS))
def test_letter_is_the_dutch_letter_then_the_same_letter_in_the_persons_language(tmp_path: Path, lang: str) -> None:
    path = _write(tmp_path, render_bilingual("uitnodiging", VALUES, lang, LETTERS[lang]))  # type: ignore[arg-type]
    fonts = _checked(path)
    if lang in FONT:
        assert FONT[lang] in fonts
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    assert len(reader.pages) == 2
    assert "belt u binnenkort" in reader.pages[0].extract_text()
    assert "Sanne de Vries" in reader.pages[1].extract_text() and "06 12 34 56 78" in reader.pages[1].extract_text()
    assert "belt u binnenkort" not in reader.pages[1].extract_text()
    assert _languages_per_page(path) == {0: {"nl"}, 1: {lang}}


def test_arabic_part_reads_right_to_left_with_number_and_date_left_to_right_and_unbroken(tmp_path: Path) -> None:
    path = _write(tmp_path, render_bilingual("uitnodiging", VALUES, "ar", LETTERS["ar"]))  # type: ignore[arg-type]
    from pypdf import PdfReader

    text = PdfReader(str(path)).pages[1].extract_text()
    assert "هل تفضل الاتصال بنفسك؟" in text  # logical order
    assert "اتصل بي على" in text and "8-12-2026" in text
    words = _words(path, 2)
    lines: dict[int, list[tuple[float, float, float, str]]] = {}
    for word in words:
        lines.setdefault(round(word[0]), []).append(word)
    numbers = [[w[3] for w in sorted(line, key=lambda w: w[1]) if w[3] in ("06", "12", "34", "56", "78")]
               for line in lines.values() if {"06", "78"} <= {w[3] for w in line}]
    assert len(numbers) == 2  # in the sentence and under the coach's name: one line each, left to right
    assert all(groups == ["06", "12", "34", "56", "78"] for groups in numbers), numbers
    date = [w for w in words if w[3] == "8-12-2026"]
    assert len(date) == 2  # the date line and the sentence, each one unbroken word
    postcode = sorted((w for w in words if w[3] in ("5038", "AB")), key=lambda w: (round(w[0]), w[1]))
    assert [w[3] for w in postcode][-2:] == ["5038", "AB"]  # left to right in the sentence
    heading = [w for w in words if w[3] == "Sanne" and w[0] < 300][-1]
    subject_words = [w for w in words if abs(w[0] - heading[0]) < 6]
    assert max(w[2] for w in subject_words) > 500  # the subject starts at the right margin


def test_the_pages_look_right_to_left(tmp_path: Path) -> None:
    """The Arabic page as an image: its text block hugs the right margin, the Dutch one the left."""
    path = _write(tmp_path, render_bilingual("uitnodiging", VALUES, "ar", LETTERS["ar"]))  # type: ignore[arg-type]
    subprocess.run(["pdftoppm", "-r", "30", "-gray", str(path), str(tmp_path / "p")], check=True)
    from PIL import Image

    def ink(page: str, left: bool) -> int:
        image = Image.open(next(tmp_path.glob(f"p-{page}.pgm")))
        width, height = image.size
        band = image.crop((0 if left else width // 2, height // 3, width // 2 if left else width, height * 2 // 3))
        return sum(band.histogram()[:128])

    assert ink("1", left=True) > ink("1", left=False)
    assert ink("2", left=False) > ink("2", left=True)


def test_flyer_front_and_back_keep_the_same_pictogram_lines(tmp_path: Path) -> None:
    template = load_template("flyer")
    dutch, own = render_html_parts(template, FLYER_VALUES, "ar", FLYER_AR)
    pictos = [re.findall(r'<div class="regel"><img [^>]*>', html) for html in (dutch, own)]
    assert len(pictos[0]) == 5 and pictos[0] == pictos[1]
    assert 'dir="rtl"' in own and "نشرب القهوة ونتحدث." in own
    path = _write(tmp_path, render_bilingual(template, FLYER_VALUES, "ar", FLYER_AR))  # type: ignore[arg-type]
    assert "Noto-Sans-Arabic" in _checked(path)
    assert _languages_per_page(path) == {0: {"nl"}, 1: {"ar"}}


def test_folded_flyer_has_both_sides_on_one_landscape_page(tmp_path: Path) -> None:
    path = _write(tmp_path, render_bilingual("flyer", FLYER_VALUES, "ar", FLYER_AR, layout="gevouwen"))  # type: ignore[arg-type]
    _checked(path)
    from pypdf import PdfReader

    page = PdfReader(str(path)).pages[0]
    assert len(PdfReader(str(path)).pages) == 1 and page.mediabox.width > page.mediabox.height
    assert _languages_per_page(path) == {0: {"nl", "ar"}}
    left = [w for w in _words(path, 1) if w[3] == "Hallo,"]
    right = [w for w in _words(path, 1) if w[3] == "Sanne"]
    assert left and left[0][1] < 421 and max(w[1] for w in right) > 421


def test_translated_letter_in_a_left_to_right_language_has_no_isolation(tmp_path: Path) -> None:
    _, own = render_html_parts(load_template("uitnodiging"), VALUES, "pl", LETTERS["pl"])
    assert '<html lang="pl">' in own and 'dir="ltr"' not in own
    assert "<li>Spotkanie jest dobrowolne.</li>" in own and "06 12 34 56 78, 8-12-2026" in own


@pytest.mark.parametrize(("template", "body", "error", "words"), [
    ("uitnodiging", "# Titel\n\nBel ((coach_telefon)).", FieldError, "coach_telefon"),
    ("uitnodiging", "Geen titel ((coach_naam)).", ContentError, "titel"),
    ("flyer", "# Titel\n\n* een\n* twee\n* drie\n* vier", ContentError, "4 regels"),
])
def test_a_translation_that_does_not_fit_the_template_is_refused_in_dutch(template: str, body: str,
                                                                          error: type, words: str) -> None:
    values = FLYER_VALUES if template == "flyer" else VALUES
    with pytest.raises(error) as caught:
        render_bilingual(template, values, "pl", body, format="html")
    assert words in caught.value.message


@pytest.mark.parametrize("lang", ["arabisch", "a", "ar_EG; rm", ""])
def test_a_language_that_is_not_a_code_is_refused(lang: str) -> None:
    with pytest.raises(ContentError):
        render_bilingual("uitnodiging", VALUES, lang, LETTERS["pl"], format="html")


@pytest.mark.parametrize(("lang", "direction"), [
    ("ar", "rtl"), ("fa", "rtl"), ("fa-AF", "rtl"), ("prs", "rtl"), ("ur", "rtl"), ("he", "rtl"),
    ("ti", "ltr"), ("pl", "ltr"), ("tr", "ltr"), ("uk", "ltr"), ("nl", "ltr"), ("", "ltr"),
])
def test_direction_of_a_language(lang: str, direction: str) -> None:
    assert languages.direction(lang) == direction


@pytest.mark.parametrize(("markup", "expected"), [
    ('<p title="06 12">اتصل 06 12 34 56 78.</p>', '<p title="06 12">اتصل <span dir="ltr" class="ltr">06 12 34 56 78</span>.</p>'),
    ("<p>5038 AB&nbsp;&nbsp;Voorbeeldstad</p>", '<p><span dir="ltr" class="ltr">5038 AB\xa0\xa0Voorbeeldstad</span></p>'),
    ("<head><style>:root { --accent: #004f8c; }</style><title>Brief 1</title></head>",
     "<head><style>:root { --accent: #004f8c; }</style><title>Brief 1</title></head>"),
    ('<span dir="ltr" class="ltr">8-12-2026</span>', '<span dir="ltr" class="ltr">8-12-2026</span>'),
    ("<p>يوم 8-12-2026 الساعة 14.30 &lt;b&gt;</p>",
     '<p>يوم <span dir="ltr" class="ltr">8-12-2026</span> الساعة <span dir="ltr" class="ltr">14.30</span> &lt;'
     '<span dir="ltr" class="ltr">b</span>&gt;</p>'),
])
def test_left_to_right_runs_are_isolated_only_in_text(markup: str, expected: str) -> None:
    assert filters.isolate_html(markup) == expected


def test_a_dutch_document_gets_no_language_marks(tmp_path: Path) -> None:
    from outreach.documents import render

    path = _write(tmp_path, render("uitnodiging", VALUES))  # type: ignore[arg-type]
    assert _languages_per_page(path) == {0: {"nl"}}


def test_mail_merge_gives_each_person_the_letter_in_their_own_language(tmp_path: Path) -> None:
    from outreach.documents import merge

    rows = [("Amina", "ar"), ("Piotr", "pl"), ("Jan", ""), ("Yonas", "ti")]  # no approved Tigrinya version
    lines = ["naam;aanhef;adres;postcode;woonplaats;taal"]
    lines += [f"{name};Beste {name};Kastanjelaan 12;5038 AB;Voorbeeldstad;{lang}" for name, lang in rows]
    data = tmp_path / "mensen.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "samen.pdf"
    constants = {k: v for k, v in VALUES.items() if k not in PERSON}
    result = merge("uitnodiging", data, constants, out=out,
                   translations={"ar": LETTERS["ar"], "pl": LETTERS["pl"]})
    assert result.rendered == 4 and not result.skipped
    _checked(out)
    assert _languages_per_page(out) == {0: {"nl"}, 1: {"ar"}, 2: {"nl"}, 3: {"pl"}, 4: {"nl"}, 5: {"nl"}}
    from pypdf import PdfReader

    texts = [page.extract_text() for page in PdfReader(str(out)).pages]
    assert "Beste Amina" in texts[0] and "اتصل بي على" in texts[1] and "Dzień dobry" in texts[3]
    assert "Beste Jan" in texts[4] and "Beste Yonas" in texts[5]


def test_html_of_both_parts_is_one_page_that_stands_on_its_own() -> None:
    page = render_bilingual("uitnodiging", VALUES, "ar", LETTERS["ar"], format="html")
    assert isinstance(page, str) and page.count("<html") == 1 and page.count("<body") == 1
    assert '<article class="kant" lang="nl">' in page
    assert '<article class="kant" style="break-before: page" lang="ar" dir="rtl">' in page
    assert "file://" not in page and "<style data-source=\"css/brief.css\">" in page


def test_the_command_line_makes_the_letter_in_two_languages(tmp_path: Path) -> None:
    from outreach.cli import main

    translation = tmp_path / "brief-ar.txt"
    translation.write_text(LETTERS["ar"], encoding="utf-8")
    out = tmp_path / "twee.pdf"
    sets = [item for key, value in VALUES.items() for item in ("--set", f"{key}={value}")]
    assert main(["render", "uitnodiging", *sets, "--set", "taal=ar", "--vertaling", f"ar={translation}",
                 "--out", str(out)]) == 0
    assert _languages_per_page(out) == {0: {"nl"}, 1: {"ar"}}
    assert main(["render", "uitnodiging", *sets, "--vertaling", f"ar={tmp_path / 'weg.txt'}", "--out", str(out)]) == 2
    assert main(["render", "uitnodiging", *sets, "--vertaling", "arabisch", "--out", str(out)]) == 2


def test_a_flyer_translation_too_long_for_its_side_is_refused() -> None:
    from outreach.documents.bilingual import check_fit
    from outreach.errors import InputError

    check_fit("flyer", "ar", FLYER_AR)  # fits
    long_line = "* " + " ".join(["نشرب القهوة ونتحدث"] * 40)
    with pytest.raises(InputError) as caught:
        check_fit("flyer", "ar", FLYER_AR.replace("* نشرب القهوة ونتحدث.", long_line))
    assert "past niet op" in caught.value.message


def test_lang_marking_falls_back_to_the_pages_language_when_the_layout_is_not_as_expected(tmp_path: Path) -> None:
    from outreach.documents import pdf, pdflang

    template = load_template("uitnodiging")
    dutch, own = render_html_parts(template, VALUES, "ar", LETTERS["ar"])
    docs = [pdf.document(dutch, template), pdf.document(own, template)]
    combined = docs[0].copy([p for d in docs for p in d.pages])
    raw = combined.write_pdf(pdf_variant=pdf.PDF_VARIANT)
    assert pdflang.needs_marking(pdflang.page_languages(combined.pages), "nl")
    path = _write(tmp_path, pdflang.mark(raw, [["nl"], ["ar"]]))  # one language a page, not one per element
    assert _languages_per_page(path) == {0: {"nl"}, 1: {"ar"}}
    _checked(path)
