"""Turn the readability checker's speed into printed medians (no assertions).

Prints: words per second warm, median ms for a 300-word letter warm (goal < 20 ms), median
seconds of a cold `python3 -m outreach check file.txt` subprocess (goal < 1.5 s), and what
loading spaCy, wordfreq and our own cached word tables costs in a fresh process.
Run from the repository root: python3 benchmarks/bench_readability.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SENTENCES = [
    "Beste mevrouw Jansen,",
    "Ik ben Sanne de Vries en ik ben coach bij de gemeente.",
    "Indien u in aanmerking wenst te komen voor begeleiding, dient u dit tijdig kenbaar te maken.",
    "Ik bel u volgende week om een afspraak te maken.",
    "Uw aanvraag wordt door de afdeling Werk en Inkomen zorgvuldig beoordeeld.",
    "U kiest zelf waar we praten: bij u thuis, in het buurthuis of ergens anders.",
    "Middels deze brief informeren wij u over de mogelijkheden van schuldhulpverlening.",
    "Vragen? Bel of app mij op 06-12345678, op maandag tot en met donderdag van 9.00 tot 17.00 uur.",
]


def letter(words: int) -> str:
    out: list[str] = []
    count = 0
    i = 0
    while count < words:
        sentence = SENTENCES[i % len(SENTENCES)]
        out.append(sentence + ("\n\n" if i % 4 == 3 else " "))
        count += len(sentence.split())
        i += 1
    return "".join(out)


def timed(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def fresh(code: str) -> float:
    """Seconds a snippet takes in a fresh interpreter (median of 3)."""
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", f"import time; t=time.perf_counter(); {code}; "
                              "print(time.perf_counter()-t)"], capture_output=True, text=True, cwd=ROOT, check=True)
        runs.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(runs)


def main() -> None:
    from outreach.readability import check

    text300 = letter(300)
    first = timed(lambda: check(text300), 1)[0]
    words = check(text300).metrics["words"]
    warm = statistics.median(timed(lambda: check(text300), 50))
    big = letter(5000)
    big_words = check(big).metrics["words"]
    big_time = statistics.median(timed(lambda: check(big), 5))
    print(f"first check in this process (loads word tables): {first * 1000:.0f} ms")
    print(f"300-word letter ({words} words), warm: median {warm * 1000:.1f} ms (goal < 20 ms)")
    print(f"warm throughput: {words / warm:,.0f} words/s (300 words), {big_words / big_time:,.0f} words/s ({big_words} words)")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "brief.txt"
        path.write_text(text300, encoding="utf-8")
        cold = []
        for _ in range(7):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "outreach", "check", str(path)], capture_output=True, cwd=ROOT)
            cold.append(time.perf_counter() - start)
        print(f"cold `python3 -m outreach check brief.txt`: median {statistics.median(cold):.2f} s (goal < 1.5 s)")
        help_time = statistics.median(timed(lambda: subprocess.run(
            [sys.executable, "-m", "outreach", "--help"], capture_output=True, cwd=ROOT), 5))
        print(f"cold `python3 -m outreach --help`: median {help_time:.2f} s")

    print("import and load costs in a fresh interpreter (median of 3):")
    snippets = [
        ("import spacy", "import spacy"),
        ("spacy.blank('nl')", "import spacy; spacy.blank('nl')"),
        ("blank('nl') + lookup lemmatizer", "import spacy; n = spacy.blank('nl'); "
         "n.add_pipe('lemmatizer', config={'mode': 'lookup'}); n.initialize()"),
        ("import wordfreq + first zipf lookup", "import wordfreq; wordfreq.zipf_frequency('ja', 'nl')"),
        ("our cached tables: open + first lookup", "from outreach.readability import lexicon; lexicon.zipf('ja')"),
        ("import pyphen + nl_NL dictionary", "import pyphen; pyphen.Pyphen(lang='nl_NL')"),
        ("first check() in a fresh process", "from outreach.readability import check; check('Wij bellen u.')"),
    ]
    for label, code in snippets:
        print(f"  {label:40s} {fresh(code):.2f} s")


if __name__ == "__main__":
    main()
