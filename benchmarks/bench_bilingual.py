"""Turn Dutch and bilingual renders of the invitation letter into timings (medians), printed.

Alternating runs of: the Dutch letter alone; the Dutch letter plus the same letter in Arabic
(documents.bilingual: right to left, isolated numbers, Noto Sans Arabic, /Lang per part); and
the /Lang post-processing alone (documents.pdflang.mark). No target: the figures show what a
second language costs a mail merge per person.
Run: .venv/bin/python benchmarks/bench_bilingual.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "documents"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    rounds = max(1, min(parser.parse_args().rounds, 50))

    from test_doc_bilingual import LETTERS, VALUES  # made-up person and translation

    from outreach.documents import load_template, pdf, pdflang, render
    from outreach.documents.bilingual import render_bilingual, render_html_parts

    template = load_template("uitnodiging")
    render(template, VALUES)  # warm: fonts, CSS, the level check
    render_bilingual(template, VALUES, "ar", LETTERS["ar"])
    dutch_html, own_html = render_html_parts(template, VALUES, "ar", LETTERS["ar"])
    docs = [pdf.document(dutch_html, template), pdf.document(own_html, template)]
    combined = docs[0].copy([p for d in docs for p in d.pages])
    raw = combined.write_pdf(pdf_variant=pdf.PDF_VARIANT)
    languages = pdflang.page_languages(combined.pages)
    times: dict[str, list[float]] = {"nl": [], "nl+ar": [], "mark": []}
    for _ in range(rounds):
        for name, work in (("nl", lambda: render(template, VALUES)),
                           ("nl+ar", lambda: render_bilingual(template, VALUES, "ar", LETTERS["ar"])),
                           ("mark", lambda: pdflang.mark(raw, languages))):
            start = time.perf_counter()
            work()
            times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
    print(f"rounds {rounds}")
    for name, value in medians.items():
        print(f"{name:6} median {value:7.1f} ms")
    print(f"nl+ar / nl  {medians['nl+ar'] / medians['nl']:.2f}x   /Lang marking {medians['mark'] / medians['nl+ar']:.0%} of nl+ar")


if __name__ == "__main__":
    main()
