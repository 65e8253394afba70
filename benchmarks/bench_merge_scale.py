"""Turn N made-up invitation letters into one PDF with today's merge and the new one; print ms a letter and memory.

"New" is this checkout's `outreach.documents.merge` (variable-data layout, streaming joiner).
"Baseline" is the same merge at git revision --baseline (default: the commit before variable-
data merging), its mailmerge.py and pdfjoin.py loaded from git into this process's package,
everything else shared. Each run is a fresh process, so its peak RSS (VmHWM of the main
process) is its own; runs alternate (baseline, new, baseline, new, ...) so that load from other
programs hits both alike. Per run it prints the wall time, the ms a letter (in total, and in
the steady state from the first finished chunk to the last, from the progress calls), the CPU
ms a letter of all processes and the main process's peak RSS; then the medians of the totals
and their ratio.

    python3 benchmarks/bench_merge_scale.py [--letters 200] [--repeat 3] [--workers 2]
    python3 benchmarks/bench_merge_scale.py --letters 1000 10000 --baseline-letters 1000 --repeat 1
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

BASELINE = "44e05bf"  # main before variable-data merging (issue 22)


def load_baseline(revision: str) -> object:
    """The merge function of `revision`, its two modules loaded beside today's ones."""
    import importlib.util

    import outreach.documents as package

    for name in ("pdfjoin", "mailmerge"):
        source = subprocess.run(["git", "-C", str(ROOT), "show", f"{revision}:outreach/documents/{name}.py"],
                                capture_output=True, text=True, check=True).stdout
        source = source.replace("from .pdfjoin import", "from .baseline_pdfjoin import")
        path = Path(tempfile.mkdtemp()) / f"baseline_{name}.py"
        path.write_text(source, encoding="utf-8")
        spec = importlib.util.spec_from_file_location(f"outreach.documents.baseline_{name}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        path.unlink()
        path.parent.rmdir()
        setattr(package, f"baseline_{name}", module)
    return sys.modules["outreach.documents.baseline_mailmerge"].merge  # type: ignore[attr-defined]


def one_run(kind: str, n: int, workers: int, revision: str) -> dict[str, float]:
    """Merge n letters (in this process) and measure it."""
    from bench_mailmerge import COACH, write_csv

    if kind == "baseline":
        merge = load_baseline(revision)
    else:
        from outreach.documents import merge
    folder = Path(tempfile.mkdtemp())
    data = write_csv(folder / "mensen.csv", n)
    marks: list[tuple[float, int]] = []
    start = time.perf_counter()
    marks.append((start, 0))
    result = merge("uitnodiging", data, COACH, out=folder / "brieven.pdf", worker_count=workers,
                   progress=lambda done, total: marks.append((time.perf_counter(), done)))
    wall = time.perf_counter() - start
    assert result.rendered == n, result.skipped[:3]
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    # Steady state: from the first finished chunk to the last (no start-up, no finishing of the file).
    (t0, d0), (t1, d1) = marks[1] if len(marks) > 2 else marks[0], marks[-1]
    steady = (t1 - t0) / (d1 - d0) if d1 > d0 else wall / n
    hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM")][0].split()[1]
    check = subprocess.run(["qpdf", "--check", str(folder / "brieven.pdf")], capture_output=True, text=True)
    size = (folder / "brieven.pdf").stat().st_size
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    return {"wall": wall, "per_letter": wall / n, "steady": steady,
            "cpu_per_letter": cpu / n, "main_mb": int(hwm) / 1024, "qpdf_ok": float(check.returncode == 0),
            "mb_file": size / 1e6}


def run(kind: str, n: int, workers: int, revision: str) -> dict[str, float]:
    """one_run in a fresh process."""
    code = ("import json, sys; sys.path.insert(0, %r); import bench_merge_scale as b;"
            "print(json.dumps(b.one_run(%r, %d, %d, %r)))" % (str(ROOT / "benchmarks"), kind, n, workers, revision))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=str(ROOT))
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, nargs="+", default=[200])
    parser.add_argument("--baseline-letters", type=int, nargs="*", default=None,
                        help="sizes to run the baseline for too (default: all of --letters)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--baseline", default=BASELINE, help="git revision of today's merge")
    args = parser.parse_args()
    both = set(args.letters if args.baseline_letters is None else args.baseline_letters)
    print(f"CPUs: {os.cpu_count()}; workers: {args.workers}; load: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for n in args.letters:
        runs: dict[str, list[dict[str, float]]] = {"baseline": [], "new": []}
        for repeat in range(args.repeat):
            for kind in (("baseline", "new") if n in both else ("new",)):
                figures = run(kind, n, args.workers, args.baseline)
                runs[kind].append(figures)
                print(f"{n:6d} letters, {kind:8s} run {repeat + 1}: {figures['wall']:7.1f} s, "
                      f"{figures['steady'] * 1000:5.1f} ms/letter (steady: first to last chunk), "
                      f"{figures['per_letter'] * 1000:5.1f} ms/letter (total), "
                      f"{figures['cpu_per_letter'] * 1000:5.1f} ms CPU/letter, main peak RSS {figures['main_mb']:5.0f} MB, "
                      f"file {figures['mb_file']:.1f} MB, qpdf --check {'ok' if figures['qpdf_ok'] else 'FAILED'}; "
                      f"load {os.getloadavg()[0]:.1f}", flush=True)
        medians = {kind: statistics.median(r["per_letter"] for r in found) for kind, found in runs.items() if found}
        line = ", ".join(f"{kind} {value * 1000:.1f} ms/letter (total)" for kind, value in medians.items())
        if len(medians) == 2:
            line += f"; new is {medians['baseline'] / medians['new']:.1f}x faster (goal >= 3x, <= 15 ms)"
        print(f"{n:6d} letters, medians of {args.repeat}: {line}")


if __name__ == "__main__":
    main()
