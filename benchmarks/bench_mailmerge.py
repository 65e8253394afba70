"""Turn 500 made-up recipients into letters twice, naive and merged, and print the speed-up.

Naive: one HTML string per letter with the CSS inlined, one `write_pdf` per letter, a new
FontConfiguration (WeasyPrint's default) each time. Merged: `outreach.documents.merge`, which
parses the CSS once, shares one FontConfiguration, lays out letters in chunks in
OUTREACH_WORKERS processes and joins the chunks into one tagged PDF.
Prints the median seconds per letter of both, their ratio (goal: merged >= 5x faster), and the
peak RSS of a merge of 100 and of 500 letters (each measured in a fresh process).

    python3 benchmarks/bench_mailmerge.py [--letters 500] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

COACH = {"coach_naam": "Sanne de Vries", "coach_voornaam": "Sanne", "coach_telefoon": "06-12345678",
         "gemeente": "Gemeente Voorbeeldstad", "team": "Team Coaches", "afzender_adres": "Stadhuisplein 1",
         "afzender_postcode": "5038 AA", "afzender_plaats": "Voorbeeldstad"}
STREETS = ["Kastanjelaan", "Lindeplein", "Beukenhof", "Eikenlaan", "Wilgenstraat", "Populierenweg"]


def people(n: int) -> list[dict[str, str]]:
    return [{"naam": f"mevrouw T. Testpersoon{i}", "aanhef": f"Beste mevrouw Testpersoon{i}",
             "adres": f"{STREETS[i % len(STREETS)]} {i + 1}", "postcode": "5038 AB", "woonplaats": "Voorbeeldstad"}
            for i in range(n)]


def write_csv(path: Path, n: int) -> Path:
    rows = people(n)
    lines = [";".join(rows[0])] + [";".join(r.values()) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def naive(n: int, folder: Path) -> list[float]:
    """Seconds per letter, the way a first script would do it."""
    from weasyprint import HTML

    from outreach import content
    from outreach.documents import load_template
    from outreach.documents.rendering import render_html, validate

    template = load_template("uitnodiging")
    css_files = [content.find("templates", c) for c in template.stylesheets]
    times = []
    for i, person in enumerate(people(n)):
        start = time.perf_counter()
        values, _ = validate(template, {**COACH, **person})
        html = render_html(template, values)
        style = "".join(f"<style>{p.read_text()}</style>" for p in css_files if p)  # fresh CSS each time
        html = html.replace("</head>", style + "</head>")
        base = str(css_files[0].parent) + "/" if css_files[0] else None
        HTML(string=html, base_url=base).write_pdf(folder / f"naive-{i:04d}.pdf", pdf_variant="pdf/ua-1")
        times.append(time.perf_counter() - start)
    return times


def merged(n: int, folder: Path) -> float:
    """Seconds for a merge of n letters into one PDF."""
    from outreach.documents import merge

    data = write_csv(folder / f"mensen-{n}.csv", n)
    start = time.perf_counter()
    result = merge("uitnodiging", data, COACH, out=folder / f"merged-{n}.pdf")
    elapsed = time.perf_counter() - start
    assert result.rendered == n, result.skipped[:3]
    return elapsed


def peak_rss(n: int) -> dict[str, float]:
    """Peak RSS (MB) of the main process and of the largest worker, merging n letters afresh.

    The main process reports VmHWM (ru_maxrss would carry over the parent's peak across exec).
    """
    code = (
        "import json, resource, sys, tempfile; from pathlib import Path;"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parent)!r});"
        "import bench_mailmerge as b;"
        "d = Path(tempfile.mkdtemp()); b.merged(%d, d);"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1];"
        "print(json.dumps({'main': int(hwm) / 1024,"
        " 'worker': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))" % n
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory-only", action="store_true", help="only the peak RSS of 100 vs N letters")
    args = parser.parse_args()
    if args.memory_only:
        report_memory(args.letters)
        return

    from outreach import config
    from outreach.documents.pdf import uses_harfbuzz_subset
    from outreach.documents.mailmerge import workers

    print(f"HarfBuzz subsetting in use: {uses_harfbuzz_subset()}; workers: {workers()} "
          f"(OUTREACH_WORKERS={config.get('OUTREACH_WORKERS')})")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        naive_times = naive(args.letters, folder)
        naive_median = statistics.median(naive_times)
        print(f"naive  {args.letters} letters: {sum(naive_times):7.2f} s total, median {naive_median * 1000:6.1f} ms/letter")
        runs = [merged(args.letters, folder) / args.letters for _ in range(args.repeat)]
        merged_median = statistics.median(runs)
        print(f"merged {args.letters} letters: median of {args.repeat} runs {merged_median * args.letters:7.2f} s total, "
              f"{merged_median * 1000:6.1f} ms/letter")
        print(f"ratio: merged is {naive_median / merged_median:.1f}x faster per letter (goal >= 5x)")
    report_memory(args.letters)
    print(f"this process after the naive loop: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def report_memory(letters: int) -> None:
    small, large = peak_rss(100), peak_rss(letters)
    print(f"peak RSS, merge of 100 letters: main {small['main']:.0f} MB, largest worker {small['worker']:.0f} MB")
    print(f"peak RSS, merge of {letters} letters: main {large['main']:.0f} MB, largest worker {large['worker']:.0f} MB")


if __name__ == "__main__":
    main()
