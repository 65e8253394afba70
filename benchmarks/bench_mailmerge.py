"""Turn N made-up recipients into letters, naive and merged, and print medians, ratio and memory.

Naive: what a first script does. For each letter: build its HTML, then
`HTML(string=...).write_pdf()` with the same CSS as a stylesheet and WeasyPrint's defaults
(a new FontConfiguration and CSS parse per letter), same PDF/UA variant. Three spellings of
"the CSS as a stylesheet" are timed: a <link> in the HTML, `stylesheets=[CSS(filename=...)]`,
and the CSS pasted into a <style>; the FASTEST of them is the baseline, so the ratio is
never flattered by a slow baseline.
Merged: `outreach.documents.merge` (CSS parsed once per process, one FontConfiguration,
letters laid out in chunks in OUTREACH_WORKERS processes, chunks streamed into one tagged PDF).

Runs alternate (naive, merged, naive, merged, ...) so that load from other programs hits both
alike; it prints each run, the medians, the ratio of the medians (goal: merged >= 5x faster
per letter), CPU seconds per letter of both (all processes), the load average, and the peak RSS
of the main process and of the largest worker for merges of 100, N and 1000 letters, each in
a fresh process (the main process must stay flat).

    python3 benchmarks/bench_mailmerge.py [--letters 500] [--repeat 3] [--naive-letters 500]
    python3 benchmarks/bench_mailmerge.py --memory-only [--sizes 100 500 1000]
"""

from __future__ import annotations

import argparse
import json
import os
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
NAIVE_KINDS = ("link", "stylesheets", "style")


def people(n: int) -> list[dict[str, str]]:
    return [{"naam": f"mevrouw T. Testpersoon{i}", "aanhef": f"Beste mevrouw Testpersoon{i}",
             "adres": f"{STREETS[i % len(STREETS)]} {i + 1}", "postcode": "5038 AB", "woonplaats": "Voorbeeldstad"}
            for i in range(n)]


def write_csv(path: Path, n: int) -> Path:
    rows = people(n)
    lines = [";".join(rows[0])] + [";".join(r.values()) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cpu_seconds() -> float:
    """User + system CPU of this process and of its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def naive(n: int, folder: Path, kind: str = "link") -> tuple[float, float]:
    """(wall seconds, CPU seconds) for n letters, one HTML and one write_pdf per letter."""
    from weasyprint import CSS, HTML

    from outreach import content
    from outreach.documents import load_template
    from outreach.documents.rendering import render_html, validate

    template = load_template("uitnodiging")
    css_files = [p for p in (content.find("templates", c) for c in template.stylesheets) if p]
    base = str(css_files[0].parent.parent) + "/"
    start, cpu = time.perf_counter(), cpu_seconds()
    for i, person in enumerate(people(n)):
        values, _ = validate(template, {**COACH, **person})
        target = folder / f"naive-{i:04d}.pdf"
        if kind == "link":  # <link rel="stylesheet" href="file:///.../basis.css"> in the head
            html = render_html(template, values, stylesheet_links=True)
            HTML(string=html, base_url=base).write_pdf(target, pdf_variant="pdf/ua-1")
        elif kind == "stylesheets":
            html = render_html(template, values)
            sheets = [CSS(filename=str(p)) for p in css_files]
            HTML(string=html, base_url=base).write_pdf(target, stylesheets=sheets, pdf_variant="pdf/ua-1")
        else:  # the CSS pasted into the page
            html = render_html(template, values)
            style = "".join(f"<style>{p.read_text()}</style>" for p in css_files)
            html = html.replace("</head>", style + "</head>")
            HTML(string=html, base_url=str(css_files[0].parent) + "/").write_pdf(target, pdf_variant="pdf/ua-1")
    return time.perf_counter() - start, cpu_seconds() - cpu


def merged(n: int, folder: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of all processes) for a merge of n letters into one PDF."""
    from outreach.documents import merge

    data = write_csv(folder / f"mensen-{n}.csv", n)
    start, cpu = time.perf_counter(), cpu_seconds()
    result = merge("uitnodiging", data, COACH, out=folder / f"merged-{n}.pdf")
    elapsed, used = time.perf_counter() - start, cpu_seconds() - cpu
    assert result.rendered == n, result.skipped[:3]
    return elapsed, used


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


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=500)
    parser.add_argument("--naive-letters", type=int, default=None, help="letters per naive run (default: --letters)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory-only", action="store_true", help="only the peak RSS of merges of --sizes letters")
    parser.add_argument("--sizes", type=int, nargs="+", default=None, help="merge sizes for the memory lines")
    args = parser.parse_args()
    sizes = args.sizes or sorted({100, args.letters, 1000})
    if args.memory_only:
        report_memory(sizes)
        return

    from outreach import config
    from outreach.documents.mailmerge import workers
    from outreach.documents.pdf import uses_harfbuzz_subset

    n, naive_n = args.letters, args.naive_letters or args.letters
    print(f"HarfBuzz subsetting in use: {uses_harfbuzz_subset()}; workers: {workers()} "
          f"(OUTREACH_WORKERS={config.get('OUTREACH_WORKERS')}); CPUs: {os.cpu_count()}; load: {load()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # Which spelling of the naive loop is fastest here? (a short warm run of each)
        trial = {kind: naive(max(4, naive_n // 25), folder, kind)[0] for kind in NAIVE_KINDS}
        kind = min(trial, key=lambda k: trial[k])
        print("naive spellings, s/letter on a short run: "
              + ", ".join(f"{k} {v / max(4, naive_n // 25):.3f}" for k, v in trial.items()) + f" -> baseline: {kind}")
        naive_runs, merged_runs = [], []
        for run in range(args.repeat):
            wall, cpu = naive(naive_n, folder, kind)
            naive_runs.append((wall / naive_n, cpu / naive_n))
            wall_m, cpu_m = merged(n, folder)
            merged_runs.append((wall_m / n, cpu_m / n))
            print(f"run {run + 1}: naive {naive_n} letters {wall:6.1f} s ({wall / naive_n * 1000:5.1f} ms/letter), "
                  f"merged {n} letters {wall_m:6.1f} s ({wall_m / n * 1000:5.1f} ms/letter), "
                  f"ratio {wall / naive_n / (wall_m / n):.1f}x; load {load()}")
    naive_wall = statistics.median(r[0] for r in naive_runs)
    merged_wall = statistics.median(r[0] for r in merged_runs)
    naive_cpu = statistics.median(r[1] for r in naive_runs)
    merged_cpu = statistics.median(r[1] for r in merged_runs)
    print(f"naive  median of {args.repeat} runs: {naive_wall * 1000:6.1f} ms/letter wall, {naive_cpu * 1000:6.1f} ms CPU")
    print(f"merged median of {args.repeat} runs: {merged_wall * 1000:6.1f} ms/letter wall, {merged_cpu * 1000:6.1f} ms CPU "
          f"(all processes)")
    print(f"ratio: merged is {naive_wall / merged_wall:.1f}x faster per letter (goal >= 5x); "
          f"{naive_cpu / merged_cpu:.1f}x less CPU per letter")
    report_memory(sizes)


def report_memory(sizes: list[int]) -> None:
    for size in sizes:
        rss = peak_rss(size)
        print(f"peak RSS, merge of {size:4d} letters: main {rss['main']:4.0f} MB, largest worker {rss['worker']:4.0f} MB")


if __name__ == "__main__":
    main()
