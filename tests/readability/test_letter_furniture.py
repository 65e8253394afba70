"""What real letters carry besides their message: each class of mistake the checker made on them.

Address blocks, reference lines, signatures, footers and page numbers are left out of the
check (outreach/readability/letter.py); IBANs, phone numbers, dates and opening days are
single tokens; list markers are no words; lists and question headings are blocks of their
own; the Word and PDF readers keep the letter's order and paragraphs.
"""

from __future__ import annotations

from pathlib import Path

from outreach.readability import check
from outreach.readability.sources import read_text

LETTERS_DIR = Path(__file__).parent / "letters"

HEAD = """Gemeente Dijkerveen
Afdeling Werk en Inkomen
Postbus 4410
7799 ZX Dijkerveen

Mevrouw L. Mohamed
Populierenweg 40
7790 TT Dijkerveen

"""
BODY = """Beste mevrouw Mohamed,

U krijgt € 800,00 van de gemeente. Dit geld is een extra hulp voor de hoge kosten van gas en
stroom. U hoeft hiervoor niets te doen. Wij betalen het geld rond 15 september 2025.
"""


def _touched(report, text: str, part: str) -> list[str]:
    """The rules of the findings that touch `part` of `text`."""
    a = text.index(part)
    b = a + len(part)
    return [f.rule for f in report.findings if f.start < b and f.end > a]


def test_address_block_is_not_checked() -> None:
    text = HEAD + BODY
    report = check(text)
    assert report.verdict == "pass", [(f.rule, text[f.start:f.end]) for f in report.findings]
    assert not _touched(report, text, "Populierenweg 40")  # a street name is no rare word
    assert {span["kind"] for span in report.to_dict()["ignored"]} == {"address"}
    assert report.metrics["words"] == check(BODY).metrics["words"]


def test_reference_lines_are_not_checked_and_not_one_sentence() -> None:
    refs = """Uw kenmerk: -
Ons kenmerk: RM/2025/08812
Cliëntnummer: 300145678
BSN: [BSN]
Behandeld door: mw. R. Oosterhuis
Doorkiesnummer: (0523) 62 84 10
Datum: 7 april 2025

"""
    text = HEAD + refs + BODY
    report = check(text)
    assert not _touched(report, text, refs.strip()), [(f.rule, text[f.start:f.end]) for f in report.findings]
    assert report.metrics["sentences"] == check(BODY).metrics["sentences"]


def test_subject_line_keeps_its_text() -> None:
    text = HEAD + "Onderwerp: beschikking inzake uw aanvraag\n\n" + BODY
    report = check(text)
    assert "officialese" in _touched(report, text, "beschikking inzake uw aanvraag")
    assert not _touched(report, text, "Onderwerp:")


def test_signature_is_not_checked_but_the_closing_is() -> None:
    sign = """namens het college van burgemeester en wethouders van Dijkerveen,

drs. Hanneke Schuurman
klantmanager Werk & Participatie
Telefoon: 06-12345678
"""
    text = BODY + "\nHoogachtend,\n\n" + sign + "\nZie ook de achterkant van deze brief.\n"
    report = check(text)
    assert not _touched(report, text, sign.strip()), [(f.rule, text[f.start:f.end]) for f in report.findings]
    assert "officialese" in _touched(report, text, "Hoogachtend")  # advice: "Met vriendelijke groet"
    # the sentence after the signature is still read
    assert report.metrics["sentences"] == check(BODY).metrics["sentences"] + 2


def test_footer_and_page_numbers_are_not_checked() -> None:
    footer = "Bezoekadres: Marktplein 1 | Open: ma t/m vr 8.30 - 17.00 uur | Telefoon 14 0523 | www.dijkerveen.nl"
    text = BODY + "\n" + footer + "\n\nPagina 1 van 2\n\nz.o.z.\n"
    report = check(text)
    assert report.verdict == "pass", [(f.rule, text[f.start:f.end]) for f in report.findings]
    assert report.metrics["sentences"] == check(BODY).metrics["sentences"]


def test_a_sentence_near_an_address_is_still_read() -> None:
    text = BODY + """
Stuur uw bezwaar naar
Gemeente Dijkerveen
Postbus 4410
7799 ZX Dijkerveen
"""
    report = check(text)
    kinds = [(span["kind"], text[span["start"]:span["end"]]) for span in report.to_dict()["ignored"]]
    assert all("Stuur" not in part for _, part in kinds), kinds


def test_iban_is_one_word() -> None:
    text = "Maak het geld binnen zes weken over naar rekening NL12 BNGH 0285 0012 34 van de gemeente."
    report = check(text)
    assert report.metrics["words"] == 13
    assert "long-sentence" not in [f.rule for f in report.findings]


def test_phone_numbers_and_dates_are_one_word() -> None:
    report = check("Bel mevrouw Oosterhuis op (0523) 62 84 10 of 14 0523.")
    assert report.metrics["words"] == 7
    text = "Dat is de bijstand die u te veel kreeg van 1 januari 2024 tot en met 30 juni 2025."
    report = check(text)
    assert report.metrics["words"] == 15  # was 19: a long sentence
    assert not report.findings, [(f.rule, text[f.start:f.end]) for f in report.findings]


def test_opening_days_are_not_rare_words() -> None:
    text = "U kunt ons bellen op ma t/m vr van 9.00 tot 12.00 uur. Op za-zo zijn wij dicht."
    report = check(text)
    assert not _touched(report, text, "vr"), [(f.rule, text[f.start:f.end]) for f in report.findings]
    assert report.metrics["sentences"] == 2


def test_number_of_a_list_item_is_no_word() -> None:
    text = "Wat moet u sturen?\n1. De afschriften van uw rekeningen van 1 januari tot en met 31 maart 2025.\n"
    report = check(text)
    assert report.metrics["max_sentence_words"] == 11


def test_list_and_question_heading_are_blocks_of_their_own() -> None:
    text = """Bent u het niet eens met dit besluit?
Dan kunt u binnen zes weken bezwaar maken. Stuur ons dan een brief. Schrijf in de brief waarom u
het niet eens bent. Zet uw naam en uw handtekening in de brief. Stuur ook een kopie van deze brief mee.

Wat moet u doen?
Verandert er iets? Vertel het ons dan meteen. Bijvoorbeeld:
- u gaat werken;
- er komt iemand bij u wonen;
- u gaat verhuizen.
Vertelt u het niet? Dan moet u misschien geld terugbetalen. Of u krijgt een boete.
"""
    report = check(text)
    assert "paragraph-length" not in [f.rule for f in report.findings], \
        [(f.rule, text[f.start:f.end]) for f in report.findings]


def test_stiff_letter_with_furniture_still_fails_on_average_length() -> None:
    """The boilerplate lines, greeting and headings used to pull the average sentence length down."""
    stiff = """Geachte mevrouw Mohamed,

Naar aanleiding van uw aanvraag delen wij u mede dat het college heeft besloten u een eenmalige toeslag toe te kennen.
Het toegekende bedrag zal omstreeks 15 september 2025 worden overgemaakt op het bij ons bekende rekeningnummer.
De toeslag wordt niet aangemerkt als inkomen en heeft derhalve geen gevolgen voor de hoogte van uw uitkering.

Hoogachtend,

namens het college van burgemeester en wethouders,
T. Hoekstra
teamleider
"""
    report = check(HEAD + "Ons kenmerk: ET-2025-019922\nDatum: 1 september 2025\n\n" + stiff)
    assert any(f.rule == "sentence-length" for f in report.findings)
    assert report.metrics["avg_sentence_words"] > 15
    assert report.verdict == "fail"


def _docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Gemeente Dijkerveen")
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Ons kenmerk", "2025/104387"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "Onderwerp", "u krijgt bijstand"
    document.add_paragraph("Beste mevrouw Mohamed,")
    document.add_paragraph("U krijgt bijstand vanaf 3 februari 2025.")
    document.save(path)


def test_word_tables_stay_in_place_and_rows_stay_together(tmp_path: Path) -> None:
    path = tmp_path / "brief.docx"
    _docx(path)
    text = read_text(str(path))
    assert text.index("Ons kenmerk") < text.index("Beste mevrouw")
    assert "Ons kenmerk\t2025/104387" in text
    report = check(text)
    assert not _touched(report, text, "Ons kenmerk")


def _pdf(path: Path, body: str) -> None:
    import html

    import weasyprint

    paragraphs = "".join("<p>" + "<br>".join(html.escape(line) for line in block.split("\n")) + "</p>"
                         for block in body.split("\n\n"))
    weasyprint.HTML(string=f"""<html><head><style>
    @page {{ size: A6; margin: 20mm 10mm;
      @top-center {{ content: "Gemeente Dijkerveen - Werk en Inkomen"; font-size: 7pt; }}
      @bottom-center {{ content: "Pagina " counter(page) " van " counter(pages); font-size: 7pt; }} }}
    body {{ font: 9pt sans-serif; }}</style></head><body>{paragraphs}</body></html>""").write_pdf(path)


def test_pdf_keeps_paragraphs_and_drops_running_headers(tmp_path: Path) -> None:
    body = HEAD + "Ons kenmerk: 2025/104387\n\n" + "\n\n".join([BODY] * 4)
    path = tmp_path / "brief.pdf"
    _pdf(path, body)
    text = read_text(str(path))
    assert "Pagina" not in text and "Werk en Inkomen\n" not in text.split("Afdeling Werk en Inkomen", 1)[1]
    assert "7790 TT Dijkerveen\n\n" in text  # the space between the blocks is a blank line
    report = check(text)
    assert report.verdict == "pass", [(f.rule, text[f.start:f.end]) for f in report.findings]


def test_explained_terms_are_no_problem_from_their_explanation_on() -> None:
    text = """Bent u het niet eens met dit besluit? Dan kunt u bezwaar maken. Stuur ons een brief.
Dat heet een bezwaarschrift. Zet in uw bezwaarschrift waarom u het niet eens bent.

Woont er iemand van 21 jaar of ouder bij u? Dan krijgt u minder bijstand. Dit heet de kostendelersnorm.

Heeft u haast? Vraag de rechter dan om een voorlopige voorziening. Dat is een snelle uitspraak.
"""
    report = check(text)
    assert report.verdict != "fail", [(f.rule, text[f.start:f.end]) for f in report.findings]
    words = [text[f.start:f.end] for f in report.findings if f.rule in ("officialese", "rare-word")]
    assert not words, words


def test_unexplained_terms_still_count() -> None:
    text = "Stuur ons een bezwaarschrift. Wij hebben uw brief gelezen. Dat is niet zo. Dit heet een brief."
    report = check(text)
    assert [text[f.start:f.end] for f in report.findings if f.rule == "officialese"] == ["bezwaarschrift"]
    text = "Stuur ons een bezwaarschrift. Dat heet een bezwaarschrift."
    assert [text[f.start:f.end] for f in check(text).findings if f.rule == "officialese"] == ["bezwaarschrift"]


def test_compound_noun_is_no_participle() -> None:
    text = "Uw bezwaarschrift is op tijd. Uw verzoekschrift wordt behandeld."
    passive = [text[f.start:f.end] for f in check(text).findings if f.rule == "passive"]
    assert passive == ["wordt behandeld"]


def test_reference_lines_in_columns() -> None:
    refs = """Ons kenmerk     BB-2025-07731
Zaaknummer      Z-2025-001234
Verzonden       24 juli 2025
Datum 24 juli 2025
Onderwerp       u krijgt geld voor een wasmachine

"""
    text = HEAD + refs + BODY
    report = check(text)
    assert not _touched(report, text, refs.split("Onderwerp")[0].strip()), \
        [(f.rule, text[f.start:f.end]) for f in report.findings]
    kinds = [span["kind"] for span in report.ignored]
    assert kinds.count("reference") == 4 and "subject-label" in kinds


def test_om_niet_te_is_no_legal_om_niet() -> None:
    text = "Had u een goede reden om niet te komen? Dan hoort u het van ons."
    assert not check(text).findings
    assert [f.rule for f in check("U krijgt de cursus om niet.").findings] == ["officialese"]


def test_names_at_the_start_of_a_sentence() -> None:
    text = "Meneer Kaya werkt bij een bakker. Kaya werkt daar sinds januari. Anouk Visser helpt u verder."
    report = check(text)
    assert not report.findings, [(f.rule, text[f.start:f.end]) for f in report.findings]
    text = "Omstreeks mei betalen wij."  # a capital at the start of a sentence alone makes no name
    assert [text[f.start:f.end] for f in check(text).findings] == ["Omstreeks"]


def test_lettered_and_symbol_lists_are_no_giant_sentence() -> None:
    items = ["uw naam en adres;", "de datum van vandaag;", "waarom u het niet eens bent;", "uw handtekening."]
    for markers in ("abcd", ["\uf0b7"] * 4, ["o"] * 4, ["◦"] * 4):
        lines = [f"{m}. {item}" if m in "abcd" else f"{m} {item}" for m, item in zip(markers, items)]
        text = "Zet in uw brief:\n" + "\n".join(lines) + "\nStuur de brief naar ons.\n"
        report = check(text)
        assert report.metrics["sentences"] == 6, (markers, report.metrics)
        assert report.metrics["max_sentence_words"] == 6  # "waarom u het niet eens bent"


def test_justified_pdf_text_is_not_taken_for_columns(tmp_path: Path) -> None:
    """Justified lines have wide gaps between all words: they are text, not a footer in columns."""
    import weasyprint

    stiff = (LETTERS_DIR / "stiff_terugvordering.txt").read_text(encoding="utf-8")
    paragraphs = "".join("<p>" + block.replace("\n", "<br>") + "</p>" for block in stiff.split("\n\n"))
    path = tmp_path / "uitgevuld.pdf"
    weasyprint.HTML(string=f'<html><body style="font: 11pt serif; text-align: justify; width: 9cm">{paragraphs}'
                           "</body></html>").write_pdf(path)
    text = read_text(str(path))
    assert "\t" not in text
    report = check(text)
    kinds = {span["kind"] for span in report.ignored}
    assert "contact" not in kinds, [text[s["start"]:s["end"]] for s in report.ignored]
    assert report.metrics["sentences"] == check(read_text(str(LETTERS_DIR / "stiff_terugvordering.txt"))).metrics["sentences"]


def test_wrapped_line_before_a_name_is_no_heading() -> None:
    text = """Uit het onderzoek is gebleken dat de heer
Kaya sedert januari 2024 inkomsten uit arbeid heeft
ontvangen van Uitzendbureau Flexwerk, welke inkomsten
niet aan het college zijn gemeld.
"""
    report = check(text)
    assert report.metrics["sentences"] == 1, report.metrics
